"""The quarantine lane (M10, M11). Runs after the traffic tests and before the revocation: it moves
vpn-pc2 into the lane (quarantined, then with a posture too old) and back to full access."""

import datetime
import os
import re

import yaml
from conftest import INTERFACE, copy_inventory, gateway_peers, public_key, run_playbook

SERVICE = "http://10.231.1.20:8080/"  # internal, granted to finance
MIRROR = "http://10.231.2.20:9090/"  # vpn_remediation_access
PC2 = "10.231.100.12"
GATEWAY_TUNNEL = "10.231.100.1"
UTC = "%Y-%m-%dT%H:%M:%SZ"


def quarantine_lane(gw):
    return set(re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", gw.check_output("nft list set inet amane_vpn quarantine")))


def said(out):
    """The run's output as one line of words: the callback folds long messages."""
    return " ".join(out.split())


FETCH = "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)"


def reached(host, url):
    """An HTTP answer from ``url`` (python3 on every node: vpn-svc1 has no curl)."""
    return host.run("python3 -c %s %s", FETCH, url).rc == 0


def quarantine_pc2(children):
    del children["state_active"]["hosts"]["vpn-pc2"]
    del children["posture_compliant"]["hosts"]["vpn-pc2"]
    children["state_quarantined"]["hosts"]["vpn-pc2"] = None
    children["posture_noncompliant"]["hosts"]["vpn-pc2"] = None


def age_pc2_posture(inventory_dir, hours):
    path = os.path.join(inventory_dir, "host_vars", "vpn-pc2", "registry.yml")
    with open(path) as handle:
        record = yaml.safe_load(handle)
    checked = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=hours)
    record["amane_posture"]["checked_at"] = checked.strftime(UTC)
    with open(path, "w") as handle:
        yaml.safe_dump(record, handle)


def assert_in_the_lane(pc1, pc2):
    assert pc2.check_output("ip route get 10.231.2.20").split()[2] == INTERFACE
    assert reached(pc2, MIRROR), "a laptop in the quarantine lane must reach the remediation services"
    assert not reached(pc2, SERVICE)
    assert pc2.run("ping -c 2 -W 2 10.231.1.20").rc != 0
    # the rest of the fleet is untouched, and reaches the mirror too
    assert reached(pc1, SERVICE) and reached(pc1, MIRROR)


def test_a_quarantined_laptop_keeps_its_tunnel_and_reaches_only_the_mirror_and_the_controllers_ssh(host_of, tmp_path):
    gw, pc1, pc2, svc = host_of("vpn-gw1"), host_of("vpn-pc1"), host_of("vpn-pc2"), host_of("vpn-svc1")
    assert reached(pc2, SERVICE)
    # The targeted change posture.yml ends with (playbooks/vpn-peers.yml): peers and lanes only.
    rc, out = run_playbook(copy_inventory(tmp_path, quarantine_pc2), playbook="playbooks/vpn-peers.yml")
    assert rc == 0, out[-3000:]
    assert "vpn-pc2 (device dev-0102) is in the quarantine lane: the registry holds the device in quarantine" in said(out)
    # not the full run: the tasks of the backend and journal files never ran
    assert "Install WireGuard tools and nftables" not in out and "Install the session journal script" not in out
    assert public_key(pc2) in gateway_peers(gw)
    assert_in_the_lane(pc1, pc2)

    # The controller (vpn-svc1, in vpn_admin_networks) reaches the laptop's SSH port over the tunnel, and
    # nothing else on it; the laptop sees the gateway's tunnel address, which it routes back.
    pc2.run("systemd-run --unit amane-test-ssh python3 -m http.server 22 --bind %s" % PC2)
    pc2.run("systemd-run --unit amane-test-other python3 -m http.server 2222 --bind %s" % PC2)
    svc.check_output("ip route replace 10.231.100.0/24 via 10.231.1.10")
    try:
        for _unused in range(20):
            if reached(pc2, "http://%s:22/" % PC2):
                break
            pc2.run("sleep 0.5")
        assert reached(pc2, "http://%s:2222/" % PC2)  # both listen: only the gateway decides below
        assert reached(svc, "http://%s:22/" % PC2)
        assert not reached(svc, "http://%s:2222/" % PC2)
        log = pc2.check_output("journalctl -u amane-test-ssh --no-pager -o cat")
        assert "%s - -" % GATEWAY_TUNNEL in log, log
    finally:
        pc2.run("systemctl stop amane-test-ssh amane-test-other")
        svc.run("ip route del 10.231.100.0/24")


def test_a_posture_older_than_the_limit_moves_the_laptop_to_the_lane_and_a_fresh_one_readmits_it(host_of, tmp_path):
    gw, pc1, pc2 = host_of("vpn-gw1"), host_of("vpn-pc1"), host_of("vpn-pc2")
    stale = copy_inventory(tmp_path / "stale", lambda children: None)
    age_pc2_posture(stale, 25)
    rc, out = run_playbook(stale, "--limit", "gateways")
    assert rc == 0, out[-3000:]
    assert "vpn-pc2 (device dev-0102) is in the quarantine lane: posture last assessed at" in said(out)
    assert "more than 24 h ago (vpn_posture_max_age_hours)" in said(out)
    assert_in_the_lane(pc1, pc2)
    assert PC2 in quarantine_lane(gw)

    # Assessed 23 h ago: inside the limit, full access again at this gateway run (the scenario's own
    # inventory is the reconciliation a full run gives).
    fresh = copy_inventory(tmp_path / "fresh", lambda children: None)
    age_pc2_posture(fresh, 23)
    rc, out = run_playbook(fresh, "--limit", "gateways")
    assert rc == 0, out[-3000:]
    assert "vpn-pc2 (device dev-0102) is in the quarantine lane" not in said(out)
    assert "vpn-pc3 (device dev-0103) is in the quarantine lane" in said(out)
    assert reached(pc2, SERVICE)
    assert PC2 not in quarantine_lane(gw)
