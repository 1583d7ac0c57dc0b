"""VPN address management (M10): pools, stability, exhaustion, release after quarantine.

The registry tests run on both backends (conftest's ``registry_target``): a SQLite file and a real
PostgreSQL database.
"""

import datetime

import netaddr
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.amane.telework.plugins.module_utils.registry import ipam
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from tests.unit.registry_factory import POOLS, enroll, request

SMALL = {"finances": "10.66.1.0/29", "sante": "10.66.2.0/29"}  # 6 usable addresses each


def at(day):
    return (datetime.datetime(2026, 1, 1) + datetime.timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def registry(registry_target):
    reg = registry_target.open()
    yield reg
    reg.close()


def test_address_is_stable_across_runs(registry):
    record = enroll(registry)
    with registry.transaction():
        again = ipam.allocate(registry, record["device_id"], POOLS)
    assert again == (record["vpn_address"], False) and record["vpn_address"] == "10.66.1.1"


@pytest.mark.parametrize("pools, message", [
    ({"finances": "10.66.0.0/16", "sante": "10.66.2.0/24"}, "overlaps"),
    ({"finances": "10.66.1.5/24"}, "host bits set; did you mean 10.66.1.0/24"),
    ({"finances": "not-a-network"}, "vpn_pools.finances: 'not-a-network' is not a network"),
    ({"finances": "10.66.1.0/31"}, "at least 4 addresses"),
    ({}, "vpn_pools must be a mapping"),
])
def test_bad_pools_are_refused(pools, message):
    with pytest.raises(RegistryError, match=message):
        ipam.parse_pools(pools)


def test_exhausted_pool_is_a_clear_error(registry):
    for i in range(6):
        enroll(registry, "pc-%d" % i, pools=SMALL)
    with pytest.raises(RegistryError, match="10.66.1.0/29 of finances is exhausted"):
        enroll(registry, "pc-6", pools=SMALL)


def test_requested_address_outside_pool_is_refused(registry):
    with registry.transaction():
        record, _unused = registry.upsert(request(), "tech")
    with pytest.raises(RegistryError, match="outside the usable range of pool 10.66.1.0/24"):
        with registry.transaction():
            ipam.allocate(registry, record["device_id"], POOLS, requested="10.66.2.7")


def test_address_outside_a_changed_pool_is_reported(registry):
    record = enroll(registry)
    with pytest.raises(RegistryError, match="10.66.1.1 of dev-0001 is outside the pool 10.77.0.0/24"):
        with registry.transaction():
            ipam.allocate(registry, record["device_id"], {"finances": "10.77.0.0/24"})


def test_administration_without_pool(registry):
    with pytest.raises(RegistryError, match="no VPN pool for administration justice"):
        enroll(registry, administration="justice")


def test_released_address_waits_for_its_quarantine(registry):
    first = enroll(registry, "pc-a", pools={"finances": "10.66.1.0/30"}, now=at(0))
    with registry.transaction():
        registry.transition(first["device_id"], "offboard", "rssi", "left", now=at(1))
        ipam.release(registry, first["device_id"], now=at(1))
    enroll(registry, "pc-b", pools={"finances": "10.66.1.0/30"}, now=at(2))  # takes .2
    with pytest.raises(RegistryError, match="exhausted"):
        enroll(registry, "pc-c", pools={"finances": "10.66.1.0/30"}, now=at(10))
    late = enroll(registry, "pc-d", pools={"finances": "10.66.1.0/30"}, now=at(40))
    assert late["vpn_address"] == first["vpn_address"]


# Property: whatever the order of enrollments, offboardings and re-runs, no two live devices share
# an address, every address is inside its administration's pool, and a re-run never moves one.
operations = st.lists(st.tuples(st.sampled_from(["enroll", "offboard", "rerun"]), st.integers(0, 11),
                                st.sampled_from(["finances", "sante"]), st.integers(0, 5)), max_size=40)


# The fixture is function-scoped, but each example starts from an empty registry (reset()).
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_never_two_devices_on_one_address(registry_target, ops):
    registry_target.reset()
    registry = registry_target.open()
    nets = {k: netaddr.IPNetwork(v) for k, v in SMALL.items()}
    day, known = 0, {}
    for op, n, admin, step in ops:
        day += step
        name = "pc-%d" % n
        live = registry._exec("SELECT device_id FROM devices WHERE hostname = ? AND state <> 'offboarded'", (name,)).fetchone()
        try:
            if op == "enroll" and not live:
                record = enroll(registry, name, pools=SMALL, now=at(day), administration=admin)
                known[record["device_id"]] = record["vpn_address"]
            elif op == "offboard" and live:
                with registry.transaction():
                    registry.transition(live[0], "offboard", "rssi", "end", now=at(day))
                    ipam.release(registry, live[0], now=at(day))
                known.pop(live[0], None)
            elif op == "rerun" and live:
                with registry.transaction():
                    address, changed = ipam.allocate(registry, live[0], SMALL, now=at(day))
                assert not changed and address == known[live[0]]
        except RegistryError as exc:
            assert "exhausted" in str(exc)
            # the refused enrollment was rolled back whole: no record left without an address
            assert registry._exec("SELECT COUNT(*) FROM devices WHERE vpn_address IS NULL AND state <> 'offboarded'").fetchone()[0] == 0
        rows = registry._exec("SELECT device_id, administration, vpn_address FROM devices WHERE state <> 'offboarded'").fetchall()
        addresses = [r[2] for r in rows]
        assert len(addresses) == len(set(addresses))
        for _unused, administration, address in rows:
            assert netaddr.IPAddress(address) in nets[administration]
            assert address not in (str(nets[administration].network), str(nets[administration].broadcast))
    registry.close()


def test_a_rejected_request_releases_its_address_into_quarantine(registry_target):
    from ansible_collections.amane.telework.plugins.modules import registry_transition

    registry = registry_target.open()
    try:
        record = enroll(registry, pools=POOLS)
        address = registry.get(record["device_id"])["vpn_address"]
        assert address
        params = {"device_id": record["device_id"], "hostname": None, "action": "reject", "actor": "rssi",
                  "reason": "personal device too old", "equipment_returned": False, "wipe_requested": False}
        with registry.transaction():
            rejected, changed = registry_transition.apply(registry, params)
        assert changed and rejected["state"] == "offboarded" and rejected["vpn_address"] is None
        other = enroll(registry, "pc-2", pools=POOLS)
        assert registry.get(other["device_id"])["vpn_address"] != address  # still in its quarantine
    finally:
        registry.close()


@pytest.mark.parametrize("days", [-5, 0, 10 ** 9, True, "30"])
def test_a_quarantine_out_of_bounds_is_refused_and_allocates_nothing(registry_target, days):
    registry = registry_target.open()
    try:
        with registry.transaction():
            record, _unused = registry.upsert(request("pc-q"), "tech")
        with pytest.raises(RegistryError, match="address_quarantine_days: .* give one from 1 to 3650"):
            with registry.transaction():
                ipam.allocate(registry, record["device_id"], POOLS, quarantine_days=days)
        assert registry.get(record["device_id"])["vpn_address"] is None
    finally:
        registry.close()
