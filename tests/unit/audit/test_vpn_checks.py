"""VP controls of the gateway audit, on recorded command output."""

import os

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot
from ansible_collections.amane.telework.plugins.modules import vpn_audit

GOOD_TABLE = """table inet amane_vpn {
\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\tct state established,related accept
\t\tct state invalid drop
\t\tiif "lo" accept
\t\tudp dport 51820 accept
\t\ttcp dport 22 ip saddr @admin_networks accept
\t\tiifname "wg0" icmp type echo-request accept
\t}
\tchain forward {
\t\ttype filter hook forward priority filter; policy drop;
\t\tiifname "wg0" oifname != "wg0" ip saddr @clients_0 ip daddr 10.1.0.0/24 tcp dport { 443 } accept
\t}
}
"""


def snapshot(tmp_path, table=GOOD_TABLE, wg_rc=0, timer="active", key_mode=0o600):
    keydir = tmp_path / "etc" / "wireguard"
    keydir.mkdir(parents=True)
    (keydir / "wg0.key").write_text("not a real key")
    os.chmod(str(keydir / "wg0.key"), key_mode)
    outputs = {
        ("wg", "show", "wg0", "listen-port"): (wg_rc, "51820\n", ""),
        ("nft", "list", "table", "inet", "amane_vpn"): (0, table, ""),
        ("systemctl", "is-active", "amane-vpn-session.timer"): (0, timer + "\n", ""),
    }
    return HostSnapshot(root=str(tmp_path), params={"interface": "wg0", "port": 51820},
                        run_command=lambda argv: outputs[tuple(argv)])


def statuses(report):
    return {r["id"]: r["status"] for r in report["results"]}


def test_catalogue_has_the_vpn_controls():
    assert vpn_audit.vpn_controls() == ["VP-01", "VP-02", "VP-03", "VP-04", "VP-05"]
    assert all(CONTROLS[c]["profiles"] == ["gateway"] for c in vpn_audit.vpn_controls())


def test_good_gateway_passes(tmp_path):
    result = vpn_audit.audit(snapshot(tmp_path), "gw1")
    report = result["audit"]
    assert result["compliant"] is report["summary"]["compliant"] and set(result["failed_controls"]) == {
        r["id"] for r in report["results"] if r["status"] in ("fail", "error")}
    if os.geteuid() == 0:
        assert report["summary"]["compliant"], report["results"]
    else:  # the key file belongs to the test user, not root
        assert statuses(report)["VP-02"] == "fail"


def test_open_port_and_forward_accept_fail(tmp_path):
    table = GOOD_TABLE.replace("udp dport 51820 accept", "udp dport 51820 accept\n\t\ttcp dport 80 accept")
    table = table.replace("forward priority filter; policy drop;", "forward priority filter; policy accept;")
    got = statuses(vpn_audit.audit(snapshot(tmp_path, table=table), "gw1")["audit"])
    assert got["VP-03"] == "fail" and got["VP-04"] == "fail"


def test_down_interface_loose_key_and_stopped_timer_fail(tmp_path):
    got = statuses(vpn_audit.audit(snapshot(tmp_path, wg_rc=1, timer="inactive", key_mode=0o644), "gw1")["audit"])
    assert got["VP-01"] == "fail" and got["VP-02"] == "fail" and got["VP-05"] == "fail"


def test_bad_module_input_names_the_field():
    errors = vpn_audit.bad_input({"interface": "x" * 20, "port": 0, "waivers": {}})
    assert errors[0].startswith("interface:") and errors[1].startswith("port:")
