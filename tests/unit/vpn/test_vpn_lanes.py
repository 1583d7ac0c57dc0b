"""The gateway's two lanes (M10, M11): who gets full access, who the quarantine lane, and what it reaches."""

import datetime

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.amane.telework.plugins.filter import vpn_config as f
from ansible_collections.amane.telework.plugins.module_utils import values

NOW = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
MIRROR = {"name": "package-mirror", "cidr": "10.2.0.5/32", "tcp": [443, 80]}


def stamp(hours_ago):
    return (NOW - datetime.timedelta(hours=hours_ago)).strftime(values.UTC_TIME_FORMAT)


def key(letter):
    return letter * 42 + "E="


def inventory(checked):
    """pc1..pc3 active and compliant with the posture times given, pc4 quarantined, pc5 offboarded."""
    groups = {"state_active": ["pc1", "pc2", "pc3"], "posture_compliant": ["pc1", "pc2", "pc3"],
              "state_quarantined": ["pc4"], "posture_noncompliant": ["pc4"], "state_offboarded": ["pc5"]}
    hostvars = {}
    for index, host in enumerate(["pc1", "pc2", "pc3", "pc4", "pc5"]):
        hostvars[host] = {"amane_device_id": "dev-%d" % index, "amane_wg_public_key": key("ABCDE"[index]),
                          "amane_vpn_address": "10.9.0.%d" % (11 + index), "amane_administration": "finance"}
        if host in checked:
            hostvars[host]["amane_posture"] = {"compliant": host != "pc4", "checked_at": checked[host], "failed": []}
    return groups, hostvars


def lanes(checked, max_age_hours=24, now=NOW):
    groups, hostvars = inventory(checked)
    return f.vpn_lanes(f.vpn_peers(groups, hostvars), f.vpn_peers(groups, hostvars, ["state_quarantined"]),
                       now, max_age_hours)


def test_fresh_postures_keep_full_access_and_the_quarantined_device_keeps_a_tunnel():
    result = {peer["host"]: peer for peer in lanes({"pc1": stamp(1), "pc2": stamp(23), "pc3": stamp(0), "pc4": stamp(2)})}
    assert {host: peer["lane"] for host, peer in result.items()} == {
        "pc1": "full", "pc2": "full", "pc3": "full", "pc4": "quarantine"}
    assert "pc5" not in result  # offboarded: in no lane, no peer at all


def test_a_posture_older_than_the_limit_or_never_taken_moves_the_device_to_the_quarantine_lane():
    result = {peer["host"]: peer for peer in lanes({"pc1": stamp(25), "pc2": stamp(23)})}
    assert result["pc1"]["lane"] == "quarantine" and "more than 24 h ago" in result["pc1"]["lane_reason"]
    assert "playbooks/posture.yml" in result["pc1"]["lane_reason"]
    assert result["pc2"]["lane"] == "full"
    assert result["pc3"]["lane"] == "quarantine" and "no posture result" in result["pc3"]["lane_reason"]


def test_the_limit_is_the_variable_not_a_constant():
    assert {p["host"]: p["lane"] for p in lanes({"pc1": stamp(25), "pc2": stamp(49), "pc3": stamp(1)}, 48)} == {
        "pc1": "full", "pc2": "quarantine", "pc3": "full", "pc4": "quarantine"}


def test_a_posture_time_in_another_spelling_is_not_trusted():
    result = {p["host"]: p for p in lanes({"pc1": "2026-12-01 11:00:00", "pc2": stamp(1), "pc3": stamp(1)})}
    assert result["pc1"]["lane"] == "quarantine" and "not a UTC time" in result["pc1"]["lane_reason"]


def test_without_now_the_clock_is_used():
    groups, hostvars = inventory({"pc1": datetime.datetime.now(datetime.timezone.utc).strftime(values.UTC_TIME_FORMAT)})
    result = {p["host"]: p["lane"] for p in f.vpn_lanes(f.vpn_peers(groups, hostvars), [])}
    assert result["pc1"] == "full" and result["pc2"] == "quarantine"


@pytest.mark.parametrize("max_age, now, needle", [
    (0, NOW, "vpn_posture_max_age_hours: 0 is out of range"),
    (8761, NOW, "vpn_posture_max_age_hours: 8761 is out of range"),
    ("a day", NOW, "vpn_posture_max_age_hours: 'a day' is not a whole number"),
    (True, NOW, "vpn_posture_max_age_hours: True is not a whole number"),
    (24, "yesterday", "now: 'yesterday' is not a UTC time"),
    (24, datetime.datetime(2026, 12, 1), "has no time zone"),
])
def test_bad_lane_settings_are_named(max_age, now, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        lanes({}, max_age, now)


def test_quarantine_plan_names_the_lane_and_every_client():
    peers = f.vpn_peers_servable(lanes({"pc1": stamp(1), "pc2": stamp(30), "pc3": stamp(1)}), "10.9.0.0/24")
    plan = f.vpn_quarantine_plan(peers, [MIRROR])
    assert plan["quarantined"] == ["10.9.0.12", "10.9.0.14"]
    assert plan["peers"] == ["10.9.0.11", "10.9.0.12", "10.9.0.13", "10.9.0.14"]
    assert plan["rules"] == [{"name": "package-mirror", "cidr": "10.2.0.5/32", "tcp": [80, 443], "udp": [], "icmp": False}]


def test_a_quarantined_peer_is_in_no_administration_set():
    peers = lanes({"pc1": stamp(1), "pc2": stamp(30), "pc3": stamp(1)})
    plan = f.vpn_firewall_plan(peers, {"finance": [{"network": "svc", "tcp": [443]}]}, [{"name": "svc", "cidr": "10.1.0.0/24"}])
    assert plan[0]["addresses"] == ["10.9.0.11", "10.9.0.13"]


def test_the_quarantine_lane_is_written_into_the_gateway_ruleset():
    """The role's template, rendered with the filters: a quarantined client is in the lane set, dropped
    after the remediation rules, and not in its administration's set."""
    import os

    import jinja2
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(root, "roles", "vpn", "templates")),
                             trim_blocks=True, autoescape=False)  # noqa: S701 (an nftables file, not HTML)
    for name in ("vpn_firewall_plan", "vpn_quarantine_plan", "vpn_gateway_address"):
        env.filters["amane.telework." + name] = getattr(f, name)
    peers = f.vpn_peers_servable(lanes({"pc1": stamp(1), "pc2": stamp(30), "pc3": stamp(1)}), "10.9.0.0/24")
    text = env.get_template("amane-vpn.nft.j2").render(
        ansible_managed="test", vpn_interface="wg0", vpn_peers=peers, vpn_admin_networks=["192.0.2.0/28"],
        vpn_access={"finance": [{"network": "svc", "tcp": [443]}]}, vpn_internal_networks=[{"name": "svc", "cidr": "10.1.0.0/24"}],
        vpn_client_to_client=[], vpn_remediation_access=[MIRROR], vpn_port=51820, vpn_dns_enabled=False,
        vpn_masquerade=True, vpn_pool="10.9.0.0/24")
    lines = [line.strip() for line in text.splitlines()]
    assert "elements = { 10.9.0.12, 10.9.0.14 }" in lines  # the quarantine set
    remediation = lines.index('iifname "wg0" oifname != "wg0" ip saddr @clients ip daddr 10.2.0.5/32 tcp dport { 80, 443 } accept')
    dropped = lines.index('iifname "wg0" ip saddr @quarantine drop')
    finance = [i for i, line in enumerate(lines) if "ip daddr 10.1.0.0/24 tcp dport { 443 } accept" in line]
    assert remediation < dropped < finance[0]
    assert 'oifname "wg0" ip saddr @admin_networks tcp dport 22 masquerade' in lines
    assert "elements = { 10.9.0.11, 10.9.0.13 }" in lines  # finance: the two fresh ones only


@pytest.mark.parametrize("rule, needle", [
    ({"name": "m", "cidr": "10.2.0.5/33", "tcp": [80]}, "vpn_remediation_access[0].cidr"),
    ({"name": "m", "cidr": "10.9.0.0/28", "tcp": [80]}, "overlaps vpn_pool"),
    ({"name": "m", "cidr": "10.2.0.5/32"}, "opens nothing"),
    ({"name": "m", "cidr": "10.2.0.5/32", "tpc": [80], "udp": [53]}, "unknown key(s) tpc"),
    ({"name": "m", "cidr": "10.2.0.5/32", "tcp": [70000]}, "vpn_remediation_access[0].tcp: port 70000"),
    ({"name": "m\n} accept", "cidr": "10.2.0.5/32", "tcp": [80]}, "control character"),
    ({"cidr": "10.2.0.5/32", "tcp": [80]}, "vpn_remediation_access[0].name"),
    ({"name": "m", "cidr": "10.2.0.5/32", "icmp": "yes"}, "icmp: 'yes' must be true or false"),
    ({"name": "m", "cidr": "2001:db8::/64", "tcp": [80]}, "not IPv4"),
])
def test_bad_remediation_rules_are_named(rule, needle):
    base = {"interface": "wg0", "port": 51820, "pool": "10.9.0.0/24", "internal_networks": [], "access": {}}
    errors = f.vpn_input_errors(dict(base, remediation_access=[rule]))
    assert any(needle in error for error in errors), errors


def test_a_bare_address_is_one_host():
    assert f.vpn_quarantine_plan([], [dict(MIRROR, cidr="10.2.0.5")])["rules"][0]["cidr"] == "10.2.0.5/32"


def test_remediation_not_a_list_and_max_age_are_settings_errors():
    base = {"interface": "wg0", "port": 51820, "pool": "10.9.0.0/24", "internal_networks": [], "access": {}}
    assert f.vpn_input_errors(dict(base, remediation_access=[MIRROR], posture_max_age_hours=24)) == []
    assert any("must be a list" in e for e in f.vpn_input_errors(dict(base, remediation_access="10.2.0.5/32")))
    assert any("vpn_posture_max_age_hours: 0" in e for e in f.vpn_input_errors(dict(base, posture_max_age_hours=0)))


def test_clients_route_the_remediation_services_in_split_tunnel_only():
    access = {"finance": [{"network": "svc", "tcp": [443]}]}
    networks = [{"name": "svc", "cidr": "10.1.0.0/24"}]
    assert f.vpn_client_allowed_ips("finance", access, networks, False, "10.9.0.1", [MIRROR]) == [
        "10.9.0.1/32", "10.1.0.0/24", "10.2.0.5/32"]
    assert f.vpn_client_allowed_ips("other", access, networks, False, None, [MIRROR]) == ["10.2.0.5/32"]
    assert f.vpn_client_allowed_ips("finance", access, networks, True, None, [MIRROR]) == ["0.0.0.0/0"]
    with pytest.raises(AnsibleFilterError, match="vpn_remediation_access"):
        f.vpn_client_allowed_ips("finance", access, networks, False, None, [{"name": "m", "cidr": "x", "tcp": [1]}])


def test_the_gateways_plan_is_the_lanes_then_the_servable_and_refused_rules_in_one_pass():
    groups, hostvars = inventory({"pc1": stamp(1), "pc2": stamp(30), "pc3": stamp(2), "pc4": stamp(1)})
    hostvars["pc3"]["amane_vpn_address"] = "10.8.0.3"  # outside the pool: refused, the rest served
    pair = [f.vpn_peers(groups, hostvars), f.vpn_peers(groups, hostvars, ["state_quarantined"])]
    plan = f.vpn_gateway_peers(pair, "10.9.0.0/24", max_age_hours=24, now=NOW)
    lanes_now = f.vpn_lanes(pair[0], pair[1], NOW, 24)
    served = f.vpn_peers_servable(lanes_now, "10.9.0.0/24")
    assert [p["host"] for p in plan["peers"]] == [p["host"] for p in served] == ["pc1", "pc2", "pc4"]
    assert [p["lane"] for p in plan["peers"]] == ["full", "quarantine", "quarantine"]
    assert all(set(p) == {"host", "device_id", "public_key", "address", "administration", "lane"} for p in plan["peers"])
    assert plan["refused"] == f.vpn_peers_refused(lanes_now, "10.9.0.0/24") and plan["refused"][0]["host"] == "pc3"
    assert plan["quarantine"] == [{"host": p["host"], "device_id": p["device_id"], "lane_reason": p["lane_reason"]}
                                  for p in served if p["lane"] == "quarantine"]
    assert "posture.yml" in plan["quarantine"][0]["lane_reason"]  # pc2's is stale: the reason gives the fix
    assert set(plan) == {"peers", "refused", "quarantine"}


@pytest.mark.parametrize("candidates", [[], "pc1", [[]], [[], [], []]])
def test_the_plan_refuses_anything_but_the_pair_of_lanes(candidates):
    with pytest.raises(AnsibleFilterError, match=r"vpn_gateway_peers: the input must be \[full-access candidates"):
        f.vpn_gateway_peers(candidates, "10.9.0.0/24", now=NOW)
