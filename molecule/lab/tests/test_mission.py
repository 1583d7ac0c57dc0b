"""The whole mission on the test lab, as its users run it (issue: enrollment -> keys -> gateway ->
laptops over SSH -> backups -> report). The converge enrolled and approved both laptops with the
documented commands and converged the site; each test here is one step of the story."""

import datetime
import glob
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid

import testinfra

PROJECT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PREFIX = os.environ.get("AMANE_LAB_PREFIX", "amane-test-")
REGISTRY = os.environ["AMANE_REGISTRY_PATH"]
BIN = os.path.dirname(os.path.abspath(sys.executable))
GATEWAY_TUNNEL_ADDRESS = "10.99.0.1"  # first address of amane_vpn_network (inventories/lab/group_vars/all/vpn.yml)


def host(name):
    return testinfra.get_host("docker://" + PREFIX + name)


def playbook(*args):
    """ansible-playbook from the checkout's root, as the README writes it (inventory: ANSIBLE_INVENTORY)."""
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""), ANSIBLE_NOCOLOR="1",
               ANSIBLE_CONFIG=os.path.join(PROJECT, "ansible.cfg"))
    done = subprocess.run([os.path.join(BIN, "ansible-playbook"), *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return done.stdout


def record(hostname):
    with sqlite3.connect(REGISTRY) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM devices WHERE hostname = ? ORDER BY created_at DESC, device_id DESC",
                           (hostname,)).fetchone()
        history = conn.execute("SELECT * FROM history WHERE device_id = ? ORDER BY seq", (row["device_id"],)).fetchall()
    return dict(row), [dict(h) for h in history]


def handshakes():
    """{public key: latest handshake epoch} on the gateway (0: peer, never shook hands)."""
    out = host("gw1").check_output("wg show wg0 latest-handshakes")
    return {key: int(stamp) for key, stamp in (line.split("\t") for line in out.splitlines() if line.strip())}


def tunnel_ping(laptop="pc-issued-1"):
    return host(laptop).run("ping -c 2 -W 2 %s" % GATEWAY_TUNNEL_ADDRESS).rc == 0


def quarantine_lane():
    """The addresses in the gateway's quarantine lane (roles/vpn's nftables set)."""
    return set(re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", host("gw1").check_output("nft list set inet amane_vpn quarantine")))


def wait(predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(2)
    return predicate()


def test_enrollment_pinned_each_laptops_own_host_key():
    for laptop in ("pc-issued-1", "pc-byod-1"):
        device, history = record(laptop)
        presented = host(laptop).file("/etc/ssh/ssh_host_ed25519_key.pub").content_string.split()[:2]
        assert device["host_key"] == " ".join(presented), laptop
        assert [h["action"] for h in history][:1] == ["enroll"] and "pin_host_key" in [h["action"] for h in history]


def test_the_issued_laptop_is_active_and_compliant_reached_over_ssh():
    device, history = record("pc-issued-1")
    assert device["state"] == "active", history[-1]
    assert json.loads(device["posture"])["compliant"] is True
    assert device["wg_public_key"] and "set_wg_key" in [h["action"] for h in history]
    # its private key never left it: only the public key is in the registry, and it matches
    assert host("pc-issued-1").check_output("wg pubkey < /etc/wireguard/wg0.key") == device["wg_public_key"]


def test_the_personal_computer_without_antivirus_is_refused_with_its_reasons():
    device, _unused = record("pc-byod-1")
    assert device["state"] == "approved"  # approved, never active: no tunnel for it
    assert "PO-M9A-AV" in json.loads(device["posture"])["failed"]
    assert device["wg_public_key"] not in handshakes()


def test_the_issued_laptops_tunnel_carries_packets():
    device, _unused = record("pc-issued-1")
    assert wait(tunnel_ping), "no ping through the tunnel to the gateway's address"
    assert handshakes().get(device["wg_public_key"], 0) > 0, "the gateway saw no handshake from pc-issued-1"


def test_the_byod_client_file_works_in_a_stock_wg_quick():
    device, _unused = record("pc-byod-1")
    conf = os.path.join(PROJECT, "build", "vpn-byod", device["device_id"] + ".conf")
    assert oct(os.stat(conf).st_mode & 0o777) == "0o600"
    name = "%sbyod-client-%s" % (PREFIX, uuid.uuid4().hex[:6])
    subprocess.run(["docker", "run", "-d", "--name", name, "--network", PREFIX + "net", "--cap-add", "NET_ADMIN",
                    "--device", "/dev/net/tun", "--entrypoint", "sleep", "amane/debian12:latest", "600"],
                   check=True, capture_output=True)
    try:
        client = testinfra.get_host("docker://" + name)
        client.run_expect([0], "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                               "--no-install-recommends wireguard-tools wireguard-go iproute2 >/dev/null")
        subprocess.run(["docker", "cp", conf, name + ":/etc/wireguard/amane.conf"], check=True)
        up = client.run("WG_QUICK_USERSPACE_IMPLEMENTATION=wireguard-go wg-quick up amane")
        assert up.rc == 0, up.stderr
        shown = client.check_output("wg show amane")
        assert "endpoint: " in shown and "allowed ips: " in shown
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)


def test_a_logger_line_from_the_issued_laptop_arrives_on_log1_with_host_user_and_key():
    probe = "amane-mission-%s" % uuid.uuid4().hex[:10]
    assert host("pc-issued-1").run("su - teleworker -c 'echo %s > /dev/null'" % probe).rc == 0
    log1 = host("log1")
    assert wait(lambda: probe in log1.run("grep -rh %s /var/log/amane/hosts/pc-issued-1/" % probe).stdout, 90)
    line = log1.run("grep -rh %s /var/log/amane/hosts/pc-issued-1/" % probe).stdout
    assert "pc-issued-1" in line and "user=teleworker" in line and "key=amane_teleworker_cmd" in line


def test_a_restore_equals_its_source_with_owners_unchanged():
    playbook("playbooks/restore.yml", "-e", "restore_host=db1", "-e", "restore_engine=postgresql",
             "-e", "restore_database=appdb", "-e", "restore_target=appdb_mission", "-e", "restore_replace=true")
    db1 = host("db1")
    query = ("SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY 1")
    fingerprint = "SELECT count(*), md5(string_agg(i::text, ',' ORDER BY id)) FROM items i"
    for sql in (query, fingerprint):
        source = db1.check_output("runuser -u postgres -- psql -tA appdb -c \"%s\"" % sql)
        restored = db1.check_output("runuser -u postgres -- psql -tA appdb_mission -c \"%s\"" % sql)
        assert source and restored == source


def test_last_seen_records_the_gateways_handshakes_as_the_readme_runs_it():
    out = " ".join(playbook("playbooks/last-seen.yml").split())  # ansible folds long debug lines
    assert re.search(r"[1-9]\d* device key\(s\) seen", out), out[-2000:]
    device, history = record("pc-issued-1")
    assert device["last_seen_at"], "last-seen.yml stored no sighting of pc-issued-1"
    assert "seen" not in [h["action"] for h in history]  # a sighting is no decision: no history entry


def test_the_report_shows_the_expected_status_of_each_host(tmp_path):
    playbook("playbooks/report.yml", "-e", "amane_report_dir=%s" % tmp_path, "-e", "amane_report_previous=none")
    report = json.load(open(glob.glob(str(tmp_path / "*" / "report.json"))[0]))
    status = {h["host"]: h["compliant"] for h in report["hosts"]}
    assert status == {"gw1": True, "db1": True, "log1": True, "bk1": True, "pc-issued-1": True, "pc-byod-1": False}, [
        (h["host"], [(r["id"], r["evidence"]) for r in h["results"] if r["status"] in ("fail", "error")])
        for h in report["hosts"] if not h["compliant"]]
    # the report started with playbooks/last-seen.yml: the gateway's handshake of the issued laptop is
    # in the registry and in the report, which lists no device with a peer as never seen
    device, _unused = record("pc-issued-1")
    assert device["last_seen_at"], "the registry has no sighting of pc-issued-1"
    seen = datetime.datetime.strptime(device["last_seen_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    assert 0 < seen.timestamp() <= handshakes()[device["wg_public_key"]]
    assert {h["host"]: h["last_seen_at"] for h in report["hosts"]}["pc-issued-1"] == device["last_seen_at"]
    assert report["unseen_devices"] == [], report["unseen_devices"]


def test_breaking_a_gated_control_quarantines_and_fixing_it_readmits():
    laptop = host("pc-issued-1")
    key = record("pc-issued-1")[0]["wg_public_key"]
    laptop.run_expect([0], "install -m 0755 /bin/true /usr/local/bin/nmap")  # an intrusion tool on PATH (M9b)
    try:
        playbook("playbooks/posture.yml", "-e", "amane_posture_targets=pc-issued-1")
        device, history = record("pc-issued-1")
        assert device["state"] == "quarantined" and "nmap" in history[-1]["reason"]
        # no vpn.yml run: posture.yml applied the new state on the gateway at once (playbooks/vpn-peers.yml)
        # The quarantine lane (M10, M11): the laptop keeps its tunnel, so the controller can still fix it
        # over SSH, but its address is in the lane the gateway drops (molecule/vpn probes the traffic).
        assert key in handshakes() and tunnel_ping()
        assert device["vpn_address"] in quarantine_lane()
        # The teleworker reads why, in the three languages, with the control the registry names (A12).
        failed = json.loads(device["posture"])["failed"]
        assert failed
        for lang, words in (("fr", "quarantaine"), ("ar", "حجر"), ("en", "quarantine")):
            notice = laptop.check_output("amane-access-status %s" % lang)
            assert words in notice and all(control in notice for control in failed), notice
    finally:
        laptop.run_expect([0], "rm -f /usr/local/bin/nmap")
    playbook("playbooks/posture.yml", "-e", "amane_posture_targets=pc-issued-1")
    assert record("pc-issued-1")[0]["state"] == "active"
    assert wait(tunnel_ping), "the re-admitted laptop's tunnel carries no packets"
    assert device["vpn_address"] not in quarantine_lane()
    assert "VPN access: full" in laptop.check_output("amane-access-status en")


def test_zz_offboarding_ends_the_tunnel_and_blocks_the_address():
    """Last in this file on purpose: the laptop is gone after it (pytest runs a file top to bottom)."""
    device, _unused = record("pc-issued-1")
    playbook("playbooks/offboard.yml", "-e", "amane_device=pc-issued-1", "-e", "amane_actor=rssi-lab",
             "-e", "amane_reason='end of the mission test'", "-e", "amane_equipment_returned=true")
    # no vpn.yml run: offboard.yml dropped the peer on the gateway at once (playbooks/vpn-peers.yml)
    assert device["wg_public_key"] not in handshakes() and not tunnel_ping()
    offboarded, _unused = record("pc-issued-1")
    assert offboarded["state"] == "offboarded" and offboarded["vpn_address"] is None
    with sqlite3.connect(REGISTRY) as conn:
        released = conn.execute("SELECT released_at FROM addresses WHERE address = ?", (device["vpn_address"],)).fetchone()
    assert released and released[0], "the address is not held in its quarantine"
