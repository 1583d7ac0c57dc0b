"""Filters of roles/vpn: peers from the inventory, input errors, firewall and client plans."""

import pytest
from ansible_collections.amane.telework.plugins.filter import vpn_config as f

KEY_A = "A" * 42 + "E="
KEY_B = "B" * 42 + "E="


def inventory():
    groups = {
        "state_active": ["pc1", "pc2", "pc4"],
        "state_quarantined": ["pc3"],
        "posture_compliant": ["pc1", "pc2", "pc3"],
        "posture_noncompliant": ["pc4"],
    }
    hostvars = {
        "pc1": {"amane_device_id": "dev-1", "amane_wg_public_key": KEY_A, "amane_vpn_address": "10.9.0.12",
                "amane_administration": "finance"},
        "pc2": {"amane_device_id": "dev-2", "amane_wg_public_key": KEY_B, "amane_vpn_address": "10.9.0.11",
                "amane_administration": "health"},
        "pc3": {"amane_device_id": "dev-3", "amane_wg_public_key": "C" * 42 + "E=", "amane_vpn_address": "10.9.0.13"},
        "pc4": {"amane_device_id": "dev-4", "amane_wg_public_key": "D" * 42 + "E=", "amane_vpn_address": "10.9.0.14"},
    }
    return groups, hostvars


def settings(**over):
    base = {"interface": "wg0", "port": 51820, "pool": "10.9.0.0/24", "mtu": 1420, "keepalive": 25,
            "internal_networks": [{"name": "svc", "cidr": "10.1.0.0/24"}, {"name": "db", "cidr": "10.2.0.0/24"}],
            "access": {"finance": [{"network": "svc", "tcp": [443]}]}, "admin_networks": ["192.0.2.0/28"],
            "client_to_client": []}
    base.update(over)
    return base


def test_peers_are_active_and_compliant_only_sorted_by_address():
    peers = f.vpn_peers(*inventory())
    assert [p["host"] for p in peers] == ["pc2", "pc1"]
    assert peers[1] == {"host": "pc1", "device_id": "dev-1", "public_key": KEY_A, "address": "10.9.0.12",
                        "administration": "finance", "posture_checked_at": ""}


def test_peers_do_not_depend_on_play_hosts():
    groups, hostvars = inventory()
    groups = dict(groups, ansible_play_hosts=["gw1"])
    assert len(f.vpn_peers(groups, hostvars)) == 2


def test_valid_settings_have_no_error():
    assert f.vpn_input_errors(settings()) == []


@pytest.mark.parametrize("over, needle", [
    ({"pool": "10.9.0.1/24"}, "vpn_pool: '10.9.0.1/24' is not a network"),
    ({"port": 70000}, "vpn_port: port 70000 is out of range"),
    ({"port": 0}, "vpn_port: port 0 is out of range"),
    ({"pool": "10.1.0.0/16"}, "vpn_pool: 10.1.0.0/16 overlaps internal network svc"),
    ({"internal_networks": [{"name": "a", "cidr": "10.1.0.0/16"}, {"name": "b", "cidr": "10.1.2.0/24"}]},
     "vpn_internal_networks[1].cidr: 10.1.2.0/24 overlaps a"),
    ({"internal_networks": [{"name": "a", "cidr": "10.1.0.0/33"}]}, "vpn_internal_networks[0].cidr"),
    ({"access": {"finance": [{"network": "nope"}]}}, "vpn_access.finance[0].network: 'nope'"),
    ({"access": {"finance": [{"network": "svc", "tcp": [0]}]}}, "vpn_access.finance[0].tcp: port 0"),
    ({"interface": "a-very-long-interface-name"}, "vpn_interface"),
    ({"mtu": 9000}, "vpn_mtu"),
    ({"admin_networks": ["nonsense"]}, "vpn_admin_networks[0]"),
])
def test_bad_input_names_the_variable(over, needle):
    errors = f.vpn_input_errors(settings(**over))
    assert any(needle in error for error in errors), errors


def refused(groups, hostvars, pool="10.9.0.0/24"):
    return {r["host"]: " | ".join(r["reasons"]) for r in f.vpn_peers_refused(f.vpn_peers(groups, hostvars), pool)}


def served(groups, hostvars, pool="10.9.0.0/24"):
    return [p["host"] for p in f.vpn_peers_servable(f.vpn_peers(groups, hostvars), pool)]


def test_a_device_without_key_or_outside_the_pool_gets_no_peer_and_the_rest_is_served():
    groups, hostvars = inventory()
    groups["state_active"].append("pc5")
    groups["posture_compliant"].append("pc5")
    hostvars["pc1"] = dict(hostvars["pc1"], amane_wg_public_key="")
    hostvars["pc2"] = dict(hostvars["pc2"], amane_vpn_address="10.8.0.5")
    hostvars["pc5"] = {"amane_device_id": "dev-5", "amane_wg_public_key": "E" * 42 + "E=", "amane_vpn_address": "10.9.0.15"}
    reasons = refused(groups, hostvars)
    assert sorted(reasons) == ["pc1", "pc2"]
    assert "amane_wg_public_key is missing" in reasons["pc1"] and "enroll" in reasons["pc1"]
    assert "amane_vpn_address 10.8.0.5 is outside vpn_pool 10.9.0.0/24" in reasons["pc2"]
    assert served(groups, hostvars) == ["pc5"]
    assert f.vpn_input_errors(settings()) == []  # a bad record is not a settings error


@pytest.mark.parametrize("bad_key", ["A" * 42 + "E=\n", " " + "A" * 42 + "E=", "A" * 42 + "B=", "A" * 42 + "E"])
def test_a_key_that_is_not_exactly_a_wireguard_key_is_refused(bad_key):
    groups, hostvars = inventory()
    hostvars["pc1"] = dict(hostvars["pc1"], amane_wg_public_key=bad_key)
    assert "not a WireGuard public key" in refused(groups, hostvars)["pc1"]
    assert served(groups, hostvars) == ["pc2"]


@pytest.mark.parametrize("bad_id", ["pc 1", "_pc1", "-pc1", "pc1\u2028PublicKey", "a" * 65])
def test_a_device_id_the_session_journal_cannot_name_costs_that_device_its_peer(bad_id):
    """VP-05: the journal names each peer by the device id of its peers-file comment; an id with a space
    or a line separator would name another device, one it refuses would stop the journal of all."""
    groups, hostvars = inventory()
    hostvars["pc1"] = dict(hostvars["pc1"], amane_device_id=bad_id)
    assert "amane_device_id" in refused(groups, hostvars)["pc1"]
    assert served(groups, hostvars) == ["pc2"]


def test_shared_keys_or_addresses_refuse_every_holder_and_the_gateway_address_is_refused():
    groups, hostvars = inventory()
    hostvars["pc2"] = dict(hostvars["pc2"], amane_wg_public_key=KEY_A)
    reasons = refused(groups, hostvars)
    assert "amane_wg_public_key is also used by pc2" in reasons["pc1"]
    assert "amane_wg_public_key is also used by pc1" in reasons["pc2"]
    groups, hostvars = inventory()
    hostvars["pc2"] = dict(hostvars["pc2"], amane_vpn_address="10.9.0.1")
    assert "is the gateway's own address" in refused(groups, hostvars)["pc2"]
    assert served(groups, hostvars) == ["pc1"]


def test_firewall_plan_groups_clients_by_administration():
    plan = f.vpn_firewall_plan(f.vpn_peers(*inventory()), settings()["access"], settings()["internal_networks"],
                               ["health"])
    by_admin = {entry["administration"]: entry for entry in plan}
    assert by_admin["finance"]["addresses"] == ["10.9.0.12"]
    assert by_admin["finance"]["rules"] == [{"cidr": "10.1.0.0/24", "tcp": [443], "udp": [], "icmp": True,
                                             "all": False}]
    assert by_admin["health"]["rules"] == [] and by_admin["health"]["client_to_client"]
    assert not by_admin["finance"]["client_to_client"]


def test_client_allowed_ips_split_and_full_tunnel():
    s = settings()
    assert f.vpn_client_allowed_ips("finance", s["access"], s["internal_networks"], False, "10.9.0.1") == [
        "10.9.0.1/32", "10.1.0.0/24"]
    assert f.vpn_client_allowed_ips("other", s["access"], s["internal_networks"], False) == []
    assert f.vpn_client_allowed_ips("finance", s["access"], s["internal_networks"], True) == ["0.0.0.0/0"]


def test_gateway_address():
    assert f.vpn_gateway_address("10.9.0.0/24") == "10.9.0.1"


def test_registry_pools_must_lie_inside_the_tunnel_network():
    assert f.vpn_input_errors(settings(registry_pools={"finance": "10.9.0.0/25", "health": "10.9.0.128/25"})) == []
    errors = " | ".join(f.vpn_input_errors(settings(registry_pools={"finance": "10.66.1.0/24", "health": "nope"})))
    assert "amane_vpn_pools.finance: 10.66.1.0/24 lies outside vpn_pool 10.9.0.0/24" in errors
    assert "amane_vpn_pools.health: 'nope' is not a network" in errors
    assert "must map each administration" in f.vpn_input_errors(settings(registry_pools=["10.9.0.0/25"]))[0]


def test_the_lab_inventory_pools_lie_inside_its_tunnel_network():
    """The one source both the registry (enroll.yml) and the gateway read: they must agree."""
    import os

    import yaml
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    for inventory in ("inventories/lab", "inventories/production.example", "molecule/registry/inventory"):
        with open(os.path.join(root, inventory, "group_vars", "all", "vpn.yml")) as handle:
            values = yaml.safe_load(handle)
        assert f.vpn_input_errors(settings(pool=values["amane_vpn_network"], internal_networks=[], access={},
                                           registry_pools=values["amane_vpn_pools"])) == [], inventory


def test_an_administration_name_the_plan_would_refuse_costs_only_that_device_its_peer():
    """The peer check and the firewall plan share one limit: a record the first lets through must never
    stop the whole plan (that would cost the fleet its VPN for one bad record)."""
    long_name = "a" * (f.ADMINISTRATION_MAX + 1)
    peers = [{"host": "pc-1", "device_id": "dev-1", "public_key": KEY_A, "address": "10.99.0.2", "administration": long_name},
             {"host": "pc-2", "device_id": "dev-2", "public_key": KEY_B, "address": "10.99.0.3", "administration": "finances"}]
    served = f.vpn_peers_servable(peers, "10.99.0.0/24")
    assert [p["host"] for p in served] == ["pc-2"]
    assert "amane_administration" in f.vpn_peers_refused(peers, "10.99.0.0/24")[0]["reasons"][0]
    assert [e["administration"] for e in f.vpn_firewall_plan(served, {}, [])] == ["finances"]
