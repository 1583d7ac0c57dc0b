"""The gateway's peers read from the registry in one query (lookup vpn_registry_peers) are the peers
the vpn_peers filter finds in what the registry inventory plugin really wrote (ansible-inventory
--list): one mapping, two sources, fed from the same registry."""

import base64
import json

import pytest
from ansible.errors import AnsibleLookupError

from ansible_collections.amane.telework.plugins.filter import vpn_config
from ansible_collections.amane.telework.plugins.lookup.vpn_registry_peers import read_peers, read_plan
from tests.unit.registry_factory import WG_KEY, enroll, make_active
from tests.unit.registry.test_inventory_plugin import ansible_inventory, plain, write_config

KEYS = [base64.b64encode(bytes([i]) * 32).decode() for i in range(1, 5)]  # 32 bytes, as `wg pubkey` prints them


def fleet(target):
    """pc-1 active and compliant, pc-2 active but failing (quarantined), pc-3 requested, pc-4 offboarded."""
    registry = target.open()
    make_active(registry, enroll(registry, "pc-1", wg_public_key=WG_KEY)["device_id"])
    make_active(registry, enroll(registry, "pc-2", wg_public_key=KEYS[1], administration="sante")["device_id"])
    with registry.transaction():
        registry.record_posture("dev-0002", False, ["PO-M9B"], ["failed M9b: nmap installed"], "2026-11-23T10:00:00Z", "gate")
    enroll(registry, "pc-3", wg_public_key=KEYS[2])
    make_active(registry, enroll(registry, "pc-4", wg_public_key=KEYS[3])["device_id"])
    with registry.transaction():
        registry.transition("dev-0004", "offboard", "rssi", "left")
    registry.close()


def lookup(target, groups):
    peers, problems = read_peers(target.path, target.dsn, groups)
    assert problems == []
    return peers


@pytest.mark.parametrize("groups", [["state_active", "posture_compliant"], ["state_quarantined"], ["state_requested"]])
def test_registry_peers_equal_the_inventory_plugins_peers(registry_target, tmp_path, groups):
    fleet(registry_target)
    config = write_config(tmp_path) if registry_target.backend == "sqlite" else write_config(
        tmp_path, source=registry_target.inventory_config_lines(), known_hosts_file=str(tmp_path / "known_hosts"))
    listed = ansible_inventory(config, "--list")
    assert listed.returncode == 0, listed.stderr
    data = plain(json.loads(listed.stdout))
    inventory_groups = {name: group.get("hosts", []) for name, group in data.items() if name != "_meta"}
    from_inventory = vpn_config.vpn_peers(inventory_groups, data["_meta"]["hostvars"], groups)
    assert lookup(registry_target, groups) == from_inventory
    assert from_inventory  # each case selects someone: an empty equality would prove nothing


def test_offboarded_device_is_never_a_peer(registry_target):
    fleet(registry_target)
    hosts = {p["host"] for g in (["state_active"], ["state_quarantined"], ["state_requested"]) for p in lookup(registry_target, g)}
    assert hosts == {"pc-1", "pc-2", "pc-3"}


@pytest.mark.parametrize("groups", [[], ["gateways"], ["state_active\n"], "state_active"])
def test_a_group_the_plugin_does_not_make_is_refused_naming_the_fix(registry_target, groups):
    fleet(registry_target)
    with pytest.raises(AnsibleLookupError, match="vpn_peers_source: inventory"):
        lookup(registry_target, groups)


def test_a_missing_registry_is_refused_not_read_as_no_peers(tmp_path):
    with pytest.raises(AnsibleLookupError, match="does not exist"):
        read_peers(str(tmp_path / "none.sqlite"), None, ["state_active"])


def test_the_lookups_plan_is_the_filters_plan_over_one_read_of_both_lanes(registry_target):
    fleet(registry_target)
    lanes, problems = read_peers(registry_target.path, registry_target.dsn, ["state_active", "posture_compliant"],
                                 ["state_quarantined"])
    assert problems == [] and [[p["host"] for p in lane] for lane in lanes] == [["pc-1"], ["pc-2"]]
    plan, _problems = read_plan(registry_target.path, registry_target.dsn, ["state_active", "posture_compliant"],
                                ["state_quarantined"], "10.0.0.0/8", 24)
    assert plan == vpn_config.vpn_gateway_peers(lanes, "10.0.0.0/8", max_age_hours=24)
    # pc-1's lane depends on its posture's age against the clock; pc-2's never does
    assert [p["host"] for p in plan["peers"]] == ["pc-1", "pc-2"] and plan["peers"][1]["lane"] == "quarantine"


def test_no_quarantine_groups_is_an_empty_lane_and_a_foreign_one_is_refused(registry_target):
    fleet(registry_target)
    lanes, _problems = read_peers(registry_target.path, registry_target.dsn, ["state_active"], [])
    assert lanes[1] == [] and lanes[0]
    with pytest.raises(AnsibleLookupError, match="quarantine_groups .*vpn_peers_source: inventory"):
        read_peers(registry_target.path, registry_target.dsn, ["state_active"], ["quarantine_me"])
