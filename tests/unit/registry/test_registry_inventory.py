"""Registry rows -> inventory hosts (module_utils/registry/inventory.py): streaming, sharing, trust."""

import json

from ansible_collections.amane.telework.plugins.module_utils.registry.store import COLUMNS
from ansible_collections.amane.telework.plugins.module_utils.registry.inventory import build_hosts, iter_hosts

LIVE = {"requested", "approved", "active", "quarantined"}
SCHEDULE = {"days": ["mon", "thu"], "start": "08:30", "end": "16:30"}


class Trusted(str):
    """Stands for Ansible's trust_as_template in these tests: marks what the plugin would trust."""


def row(n, **overrides):
    values = dict.fromkeys(COLUMNS)
    values.update({
        "device_id": "dev-%04d" % n, "hostname": "pc-%d" % n, "enroll_address": "192.0.2.%d" % n, "owner_id": "E-%d" % n,
        "owner_name": "Agent %d" % n, "administration": "finances", "unit": "budget", "device_kind": "issued",
        "telework_kind": "partial", "schedule": json.dumps(SCHEDULE), "charter_version": "2026.1", "state": "active",
        "vpn_address": "10.66.1.%d" % n, "host_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabc%d" % n,
        "posture": json.dumps({"compliant": True, "checked_at": "2026-11-23T10:00:0%dZ" % n, "failed": []}),
    })
    values.update(overrides)
    return [values[c] for c in COLUMNS]


def test_small_vocabulary_values_are_one_shared_object():
    hosts, problems = build_hosts([row(1), row(2)], states=LIVE, trust=Trusted)
    (_unused, one, _unused), (_unused, two, _unused) = hosts
    assert not problems
    assert one["amane_schedule"] is two["amane_schedule"] and one["amane_schedule"] == SCHEDULE
    for var in ("amane_state", "amane_administration", "amane_unit", "amane_device_kind", "amane_charter_version"):
        assert one[var] is two[var], var


def test_only_plain_machine_made_values_are_trusted():
    bad_charter = "v{{ lookup('pipe', 'id') }}"  # free text of 32 characters at most passes check_record
    hosts, problems = build_hosts([row(1, charter_version=bad_charter), row(2, state="requested")],
                                  states=LIVE, known_hosts_file="/srv/kh", trust=Trusted)
    assert not problems
    active, requested = hosts[0][1], hosts[1][1]
    for var in ("amane_device_id", "amane_state", "amane_vpn_address", "amane_ssh_host_key", "ansible_host", "ansible_ssh_common_args"):
        assert isinstance(active[var], Trusted), var
    assert all(isinstance(day, Trusted) for day in active["amane_schedule"]["days"])
    assert isinstance(active["amane_posture"]["checked_at"], Trusted)
    # Text people type stays untrusted whatever it holds; so does anything with template syntax.
    for var in ("amane_owner_id", "amane_owner_name"):
        assert not isinstance(active[var], Trusted), var
    assert active["amane_charter_version"] == bad_charter and not isinstance(active["amane_charter_version"], Trusted)
    assert requested["ansible_host"] == "192.0.2.2" and not isinstance(requested["ansible_host"], Trusted)


def test_without_trust_nothing_is_marked():
    hosts, _unused = build_hosts([row(1)], states=LIVE)
    assert not any(isinstance(value, Trusted) for value in hosts[0][1].values())


def test_rows_are_consumed_one_at_a_time():
    consumed = []

    def rows():
        for n in (1, 2, 3):
            consumed.append(n)
            yield row(n)

    stream = iter_hosts(rows(), states=LIVE, problems=[])
    assert next(stream)[0] == "pc-1" and consumed == [1]
    assert [name for name, _unused, _unused in stream] == ["pc-2", "pc-3"] and consumed == [1, 2, 3]


def test_offboarded_rows_are_not_decoded_and_bad_ones_are_reported():
    rows = [row(1, state="offboarded", schedule="not json"), row(2, device_id="dev-2 -o ProxyCommand=x"), row(3)]
    hosts, problems = build_hosts(rows, states=LIVE)
    assert [name for name, _unused, _unused in hosts] == ["pc-3"]
    assert len(problems) == 1 and "field 'device_id'" in problems[0]
