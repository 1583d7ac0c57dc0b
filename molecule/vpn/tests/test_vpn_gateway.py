"""The gateway's peers (M10), keys, session journal (A17) and BYOD bundles (A11)."""

import os
import re
import stat

import yaml
from conftest import INTERFACE, INVENTORY, gateway_peers, public_key, run_playbook

SESSION_LINE = re.compile(
    r"amane-vpn-session\[\d+\]: event=connect device_id=dev-0101 vpn_address=10\.231\.100\.11 "
    r"time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ rx_bytes=\d+ tx_bytes=\d+$", re.M)


def registry_key(host):
    with open(os.path.join(INVENTORY, "host_vars", host, "registry.yml")) as handle:
        return yaml.safe_load(handle)["amane_wg_public_key"]


def addresses(gw, nft_set):
    return set(re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", gw.check_output("nft list set inet amane_vpn %s" % nft_set)))


def test_active_compliant_laptops_are_peers_and_the_quarantined_one_is_a_peer_of_the_lane_only(host_of):
    gw = host_of("vpn-gw1")
    assert gateway_peers(gw) == {public_key(host_of("vpn-pc1")), public_key(host_of("vpn-pc2")), registry_key("vpn-pc3")}
    assert addresses(gw, "quarantine") == {"10.231.100.13"}
    assert addresses(gw, "clients_0") == {"10.231.100.11", "10.231.100.12"}  # finance, full access
    assert len(gateway_peers(gw)) == 3  # the approved personal device is not active yet: no peer, no lane


def test_the_backend_was_detected(host_of):
    gw = host_of("vpn-gw1")
    has_module = gw.file("/sys/module/wireguard").exists
    dropin = gw.file("/etc/systemd/system/wg-quick@.service.d/amane-backend.conf").content_string
    assert ("WG_QUICK_USERSPACE_IMPLEMENTATION=wireguard-go" in dropin) is (not has_module)
    if not has_module:
        assert gw.process.filter(comm="wireguard-go")


def test_private_keys_are_0600_on_the_hosts(host_of):
    """VP-02: gateway private key is readable by root only."""
    for name in ("vpn-gw1", "vpn-pc1", "vpn-pc2"):
        key = host_of(name).file("/etc/wireguard/%s.key" % INTERFACE)
        assert key.mode == 0o600 and key.user == "root"


def test_session_journal_logs_the_connect_once(host_of):
    gw = host_of("vpn-gw1")
    # VP-05 is the timer that runs the journal: enabled and active, not only the service by hand
    timer = gw.service("amane-vpn-session.timer")
    assert timer.is_enabled and gw.run("systemctl is-active amane-vpn-session.timer").stdout.strip() == "active"
    host_of("vpn-pc1").run("ping -c 1 -W 2 10.231.1.20")
    gw.check_output("systemctl start amane-vpn-session.service")
    gw.check_output("systemctl start amane-vpn-session.service")
    lines = gw.check_output("journalctl -t amane-vpn-session --no-pager -o short")
    assert len(SESSION_LINE.findall(lines)) == 1, lines


def byod_files():
    folder = os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "vpn-byod")
    return folder, os.path.join(folder, "dev-0104.conf"), os.path.join(folder, "dev-0104.png")


def test_byod_bundle_is_private_and_names_the_gateway(host_of):
    folder, conf, png = byod_files()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for path in (conf, png):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = open(conf).read()
    assert "PublicKey = %s" % public_key(host_of("vpn-gw1")) in text
    assert "Address = 10.231.100.14/32" in text and "AllowedIPs = 10.231.100.1/32, 10.231.1.0/24, 10.231.2.20/32" in text
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_no_private_key_in_the_converge_output(host_of):
    log = open(os.environ["AMANE_VPN_LOG"]).read()
    assert "TASK [" in log and "vpn-gw1" in log  # the log really holds the runs
    secrets = {name: host_of(name).check_output("cat /etc/wireguard/%s.key" % INTERFACE).strip()
               for name in ("vpn-gw1", "vpn-pc1", "vpn-pc2")}
    secrets["byod"] = re.search(r"^PrivateKey = (\S+)$", open(byod_files()[1]).read(), re.M).group(1)
    leaked = sorted(name for name, key in secrets.items() if len(key) == 44 and key in log)
    assert all(len(key) == 44 for key in secrets.values())
    assert leaked == [], "private key of %s found in the Ansible log" % leaked


def test_limit_run_keeps_every_peer_and_changes_nothing(host_of):
    before = gateway_peers(host_of("vpn-gw1"))
    rc, out = run_playbook(INVENTORY, "--limit", "vpn-gw1")
    assert rc == 0, out[-3000:]
    assert re.search(r"vpn-gw1\s*:\s*ok=\d+\s+changed=0\s", out), out[-1500:]
    assert gateway_peers(host_of("vpn-gw1")) == before and len(before) == 3  # pc1, pc2 and pc3 in the lane


def test_audit_of_the_gateway_is_compliant():
    import json
    import subprocess

    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOAD_CALLBACK_PLUGINS="1")
    proc = subprocess.run(
        ["ansible", "vpn-gw1", "-i", os.path.join(INVENTORY, "hosts.yml"), "-m", "amane.telework.vpn_audit"],
        cwd=os.path.dirname(os.path.dirname(INVENTORY)) + "/../..", env=env, check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    result = json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["vpn-gw1"]
    report = result["audit"]
    assert report["summary"]["compliant"], report["results"]
    assert [r["id"] for r in report["results"]] == ["VP-01", "VP-02", "VP-03", "VP-04", "VP-05"]
