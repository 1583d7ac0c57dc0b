"""Enrollment end to end (E1, M9, M10, M16): what the registry, the inventory and the laptops show
after converge, then the two refusals the guide asks for: a changed host key, and a deny-listed
tool that sends the personal laptop to quarantine."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

PROJECT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(PROJECT, "collections"))  # the module's own texts, the one source of the notice
sys.path.insert(0, os.path.join(PROJECT, "molecule", "shared"))

import amane_testlib as testlib

from ansible_collections.amane.telework.plugins.modules.access_notice import HEADLINE, LANGUAGES, WORDS

testinfra_hosts = ["registry-pc-issued-1", "registry-pc-byod-1"]

INVENTORY = os.path.join(PROJECT, "molecule", "registry", "inventory", "scenario.registry.yml")
REGISTRY = os.environ["AMANE_REGISTRY_PATH"]
POSTURE_VARS = '{"amane_posture_disabled": ["PO-M9A-AV", "PO-M9A-WEB", "PO-M9A-OS"]}'


def run(program, *argv, **extra_env):
    """One of the checkout's commands from its root (amane_testlib: never the caller's PATH)."""
    return testlib.run(program, *argv, env=testlib.ansible_env(**extra_env), timeout=600)


def record(hostname):
    with sqlite3.connect(REGISTRY) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM devices WHERE hostname = ? AND state <> 'offboarded'", (hostname,)).fetchone()
        history = conn.execute("SELECT * FROM history WHERE device_id = ? ORDER BY seq", (row["device_id"],)).fetchall()
    return dict(row), [dict(h) for h in history]


def inventory():
    result = run("ansible-inventory", "-i", INVENTORY, "--list")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def posture(device):
    return run("ansible-playbook", "-i", INVENTORY, "playbooks/posture.yml", "-e", "amane_posture_targets=" + device, "-e", POSTURE_VARS)


def notifications(host):
    """The notifications dunst showed on the teleworker's desktop (prepare.yml), oldest first: its
    -print output is one block per notification, with quoted appname, summary and body fields."""
    shown, current = [], None
    for line in host.file("/home/teleworker/notifications.log").content_string.splitlines():
        field, _sep, value = line.strip().partition(":")
        if field == "appname":
            current = {"appname": value.strip().strip("'")}
            shown.append(current)
        elif current is not None and field in ("summary", "body"):
            current[field] = value.strip().strip("'")
            current["last"] = field
        elif current is not None and current.get("last") == "body" and field not in ("icon", "urgency", "timeout"):
            current["body"] += "\n" + line.strip().strip("'")  # a body spans one line per language
        elif current is not None:
            current["last"] = field
    return [n for n in shown if n["appname"] == "Amane"]


def assert_desktop_told(notice, access):
    assert notice["summary"] == " / ".join(WORDS["title"][lang] for lang in LANGUAGES), notice
    for lang in LANGUAGES:
        assert HEADLINE[access][lang] in notice["body"], (lang, notice)


def device_of(host):
    return host.backend.get_hostname().replace("registry-", "")


def test_device_is_active_with_approval_charter_and_pinned_key(host):
    device = device_of(host)
    rec, history = record(device)
    assert rec["state"] == "active"
    assert rec["approved_by"] == "rssi-molecule"
    assert rec["charter_version"] == "2026.1" and rec["charter_accepted_at"]
    assert json.loads(rec["posture"])["compliant"] is True
    presented = host.file("/etc/ssh/ssh_host_ed25519_key.pub").content_string.split()[:2]
    assert rec["host_key"] == " ".join(presented)
    actions = [h["action"] for h in history]
    assert actions[:1] == ["enroll"] and "pin_host_key" in actions and "approve" in actions and actions[-1] == "activate"


def test_the_approval_told_the_teleworker_on_the_laptop(host):
    """approve.yml writes the decision on the device (enroll.yml writes none: nothing was decided), and
    the teleworker's own command reads it."""
    notice = json.loads(host.file("/var/lib/amane/access-notice.json").content_string)
    device_id = record(device_of(host))[0]["device_id"]
    assert (notice["device_id"], notice["state"], notice["access"], notice["failed"]) == (device_id, "active", "full", [])
    assert "vpn access: full" in host.check_output("amane-access-status en").lower()


def test_management_account_has_only_the_control_node_key(host):
    public = " ".join(open(os.environ["AMANE_MANAGEMENT_KEY"] + ".pub").read().split()[:2])  # type and key, no comment
    keys = host.file("/home/amane/.ssh/authorized_keys")
    assert keys.mode == 0o600 and keys.user == "amane"
    assert keys.content_string.strip() == public
    assert host.run("visudo -cf /etc/sudoers.d/amane-management").rc == 0


def test_vpn_addresses_are_distinct_and_in_their_pools():
    """The pools are the inventory's one source (group_vars/all/vpn.yml), the gateway's address reserved."""
    import ipaddress

    import yaml
    with open(os.path.join(os.path.dirname(INVENTORY), "group_vars", "all", "vpn.yml")) as handle:
        vpn = yaml.safe_load(handle)
    gateway = next(ipaddress.ip_network(vpn["amane_vpn_network"]).hosts())
    addresses = {}
    for hostname in ("pc-issued-1", "pc-byod-1"):
        device, _unused = record(hostname)
        address = ipaddress.ip_address(device["vpn_address"])
        assert address in ipaddress.ip_network(vpn["amane_vpn_pools"][device["administration"]]), device
        assert address != gateway
        addresses[hostname] = address
    assert len(set(addresses.values())) == 2


def test_inventory_puts_both_laptops_behind_the_gate():
    data = inventory()
    for group in ("state_active", "posture_compliant"):
        assert sorted(data[group]["hosts"]) == ["pc-byod-1", "pc-issued-1"]
    assert data["device_byod"]["hosts"] == ["pc-byod-1"]
    assert data["telework_full"]["hosts"] == ["pc-issued-1"]
    hostvars = data["_meta"]["hostvars"]["pc-byod-1"]
    assert "StrictHostKeyChecking=yes" in str(hostvars["ansible_ssh_common_args"])


def test_one_time_password_no_longer_opens_the_laptop(host):
    # The technician's password served once (first contact); the enrollment locked it.
    device = device_of(host)
    assert host.run("passwd -S technicien").stdout.split()[1] == "L"
    otp = open(os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "otp-" + device)).read().strip()
    address = record(device)[0]["enroll_address"]
    probe = ("import paramiko, sys\n"
             "c = paramiko.SSHClient(); c.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n"
             "try:\n    c.connect(sys.argv[1], username='technicien', password=sys.stdin.read().strip(),"
             " look_for_keys=False, allow_agent=False, timeout=10)\n"
             "except paramiko.AuthenticationException:\n    print('REFUSED'); sys.exit(0)\n"
             "print('ACCEPTED')\n")
    result = subprocess.run([sys.executable, "-c", probe, address], input=otp, check=False, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "REFUSED", result.stdout + result.stderr


def test_ssh_through_the_inventory_verifies_the_pinned_key():
    result = run("ansible", "-i", INVENTORY, "state_active", "-m", "ansible.builtin.command", "-a", "id -un")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("amane") >= 2


@pytest.mark.parametrize("device", ["pc-issued-1"])
def test_changed_host_key_is_refused(host, device):
    if device_of(host) != device:
        pytest.skip("runs once, on " + device)
    host.run_expect([0], "cp -a /etc/ssh /root/ssh-saved")
    try:
        host.run_expect([0], "rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && kill -HUP $(cat /run/sshd.pid) && sleep 2")
        result = posture(device)
        assert result.returncode != 0
        assert "does not match the key pinned in the registry" in result.stdout
        # A fresh SSH connection (no persisted master from an earlier test) must refuse the new key.
        direct = run("ansible", "-i", INVENTORY, device, "-m", "ansible.builtin.ping",
                     ANSIBLE_SSH_ARGS="-o ControlMaster=no -o ControlPath=none")
        said = direct.stdout + direct.stderr
        assert direct.returncode != 0
        assert "Host key verification failed" in said or "IDENTIFICATION HAS CHANGED" in said
    finally:
        host.run_expect([0], "rm -rf /etc/ssh && mv /root/ssh-saved /etc/ssh && kill -HUP $(cat /run/sshd.pid) && sleep 2")
    assert record(device)[0]["state"] == "active"
    assert posture(device).returncode == 0


@pytest.mark.parametrize("device", ["pc-byod-1"])
def test_intrusion_tool_quarantines_then_removal_restores(host, device):
    if device_of(host) != device:
        pytest.skip("runs once, on " + device)
    shown_before = len(notifications(host))
    host.run_expect([0], "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nmap")
    try:
        result = posture(device)
        assert result.returncode == 0, result.stdout
        rec, history = record(device)
        assert rec["state"] == "quarantined"
        assert "PO-M9B" in json.loads(rec["posture"])["failed"]
        assert history[-1]["action"] == "quarantine"
        assert "device pc-byod-1 failed M9b" in history[-1]["reason"] and "nmap" in history[-1]["reason"]
        data = inventory()
        assert device in data["state_quarantined"]["hosts"] and device in data["posture_noncompliant"]["hosts"]
        assert device not in data.get("posture_compliant", {}).get("hosts", [])
        told = notifications(host)[shown_before:]
        assert len(told) == 1, told  # the teleworker's desktop, once, in the three languages
        assert_desktop_told(told[0], "quarantine")
    finally:
        host.run_expect([0], "DEBIAN_FRONTEND=noninteractive apt-get purge -y nmap nmap-common")
    assert posture(device).returncode == 0
    rec, history = record(device)
    assert rec["state"] == "active" and history[-1]["action"] == "activate"
    told = notifications(host)[shown_before:]
    assert len(told) == 2, told
    assert_desktop_told(told[1], "full")
    assert [h["seq"] for h in history] == sorted(h["seq"] for h in history)
