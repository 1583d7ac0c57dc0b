"""Audit first, on the converged issued laptop, through the documented path (playbooks/endpoints.yml
on the scenario's inventory): a no-op run only audits; each concern's setting broken by hand is
found by the audit, naming its control, and the next run fixes it and only it. After hardening,
the IT unit still logs in over SSH with its key and gets sudo, and the teleworker logs in."""

import json
import os
import subprocess

import pytest

from amane_testlib import run
from conftest import ADMIN_PASSWORD, TELEWORKER_PASSWORD, audit_statuses, pam

CHOOSE = "Choose the concerns to enforce from the audit"


def converge():
    """playbooks/endpoints.yml on the issued laptop; returns (concerns chosen, changed task files, stats).

    A changed task is named by the role file it lives in (the json callback gives each task's
    path), so a test can tell which concern fixed what."""
    inventory = os.environ.get("MOLECULE_INVENTORY_FILE")
    assert inventory, "run through molecule: MOLECULE_INVENTORY_FILE names the scenario's inventory"
    proc = run("ansible-playbook", "-i", inventory, "--limit", "endpoint-issued", "playbooks/endpoints.yml", json_output=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    chosen, changed = None, {}
    for play in out["plays"]:
        for task in play["tasks"]:
            result = task["hosts"].get("endpoint-issued", {})
            if task["task"]["name"].endswith(CHOOSE):  # "<role> : <task>"
                chosen = result["ansible_facts"]["__endpoint_hardening_run"]
            if result.get("changed"):
                where = task["task"]["path"].rsplit(":", 1)[0]
                changed.setdefault(os.path.basename(where), []).append(task["task"]["name"])
    return chosen, changed, out["stats"]["endpoint-issued"]


def test_a_no_op_run_audits_once_and_enforces_nothing():
    chosen, changed, stats = converge()
    assert chosen == [] and changed == {}, (chosen, changed)
    # the facts, the OS variables, one audit and its fact, the choice: nothing else ran
    assert stats["ok"] <= 7 and stats["changed"] == 0, stats


OPEN_WIFI = "/etc/NetworkManager/system-connections/open.nmconnection"
# A package marked installed in dpkg's status file (what EH-22 reads), with the very stanza of
# apt's candidate, so that apt sees that version installed: no update pending, nothing to fetch.
# rsh-client, as its one dependency (libc6) is installed. A fake telnet lacked inetutils-telnet,
# which dist-upgrade then wanted to fetch (PO-M9A-OS failed, and the mirror has neither); a stanza
# without the candidate's fields is another version to apt, which it wants to reinstall.
FAKE_PACKAGE = "rsh-client"
FAKE_INSTALLED = ("apt-cache show --no-all-versions {0} | grep -q '^Package: {0}$' && "
                  "{{ printf '\\n'; apt-cache show --no-all-versions {0} | sed '/^$/d' "
                  "| grep -v -E '^(Filename|Size|MD5sum|SHA256|Description-md5|Tag|Homepage):'; "
                  "echo 'Status: install ok installed'; }} >> /var/lib/dpkg/status").format(FAKE_PACKAGE)
# (concern, command that breaks its setting on a converged laptop, controls the audit must fail),
# in three batches: one run per batch fixes several concerns, and each changed task is traced to
# its concern's own task file, so the proof stays per concern at a fifth of the runs.
BATCHES = {
    "session-and-devices": [
        ("session_lock", "rm /etc/profile.d/amane-idle-timeout.sh", ["PO-S4"]),
        ("authentication", "sed -i 's/^deny *=.*/deny = 50/' /etc/security/faillock.conf", ["EH-03"]),
        ("software_install", "rm /etc/polkit-1/rules.d/40-amane-software.rules", ["EH-05"]),
        ("removable_media", "rm /etc/modprobe.d/amane-usb-storage.conf", ["EH-07"]),
        ("wifi", "systemctl stop amane-wifi-guard.path && install -m 0600 /dev/null " + OPEN_WIFI
         + " && printf '[connection]\\nid=open\\ntype=wifi\\n\\n[wifi]\\nssid=Open\\n' > " + OPEN_WIFI, ["EH-08"]),
    ],
    "system-and-network": [
        ("updates", "rm /etc/apt/apt.conf.d/20auto-upgrades", ["EH-10"]),
        ("firewall", "nft flush ruleset", ["EH-12"]),
        ("end_of_day", "systemctl disable amane-end-of-day.timer", ["EH-13"]),
        ("banner", "echo welcome > /etc/motd", ["EH-14"]),
        ("sysctl", "sed -i 's/^kernel.dmesg_restrict = 1/kernel.dmesg_restrict = 0/' /etc/sysctl.d/60-amane-baseline.conf", ["EH-16"]),
    ],
    "baseline": [
        ("ssh_server", "sed -i 's/^maxauthtries .*/maxauthtries 10/' /etc/ssh/sshd_config.d/50-amane-baseline.conf", ["EH-18"]),
        ("login_defs", "sed -i 's/^PASS_MAX_DAYS.*/PASS_MAX_DAYS\\t99999/' /etc/login.defs", ["EH-19"]),
        ("core_dumps", "rm /etc/security/limits.d/60-amane-core.conf", ["EH-20"]),
        ("file_permissions", "chmod 0644 /etc/shadow", ["EH-21"]),
        ("unneeded_software", FAKE_INSTALLED, ["EH-22"]),
    ],
}
# EH-20 belongs to two concerns (the sysctl file and the limits file): breaking one chooses both
ALSO_CHOSEN = {"core_dumps": ["sysctl"]}
# files whose tasks may change in any run that enforces: the handlers the concerns notify
SHARED_FILES = {"main.yml"}


@pytest.fixture(scope="module")
def converged(issued):
    """Every control's status on the converged laptop, before any break: what each fix must restore."""
    return {control: status for control, (status, _evidence) in audit_statuses(issued, "issued").items()}


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_broken_settings_are_found_and_only_their_concerns_run(issued, converged, batch):
    breaks = BATCHES[batch]
    controls = [c for _concern, _command, named in breaks for c in named]
    assert all(converged[c] == "pass" for c in controls), {c: converged[c] for c in controls}
    for concern, command, _named in breaks:
        broken = issued.run(command)
        assert broken.rc == 0, (concern, broken.stderr)
    statuses = audit_statuses(issued, "issued")
    assert all(statuses[c][0] == "fail" for c in controls), {c: statuses[c] for c in controls}
    # the breaks touched their controls and no other: the audit names exactly these
    others = {c: s for c, (s, _e) in statuses.items() if c not in controls and s != converged[c]}
    assert not others, others

    chosen, changed, _stats = converge()
    expected = {concern for concern, _command, _named in breaks}
    expected |= {extra for concern in list(expected) for extra in ALSO_CHOSEN.get(concern, [])}
    assert set(chosen) == expected, (chosen, changed)
    for concern, _command, _named in breaks:
        # the concern's own tasks repaired it; a run where it changed nothing means its audit sees
        # a setting its enforcement does not write
        assert concern + ".yml" in changed, (concern, changed)
    strays = set(changed) - {c + ".yml" for c in expected} - SHARED_FILES
    assert not strays, {f: changed[f] for f in strays}
    # the laptop is whole again: every control back to its converged status (what the next no-op
    # run would audit; one audit costs seconds where a run costs a minute)
    after = {c: s for c, (s, _e) in audit_statuses(issued, "issued").items()}
    assert after == converged, {c: (converged.get(c), s) for c, s in after.items() if s != converged.get(c)}


def test_after_every_fix_the_next_run_is_a_no_op_again():
    chosen, changed, stats = converge()
    assert chosen == [] and changed == {} and stats["changed"] == 0, (chosen, changed, stats)


def test_the_management_account_logs_in_over_ssh_with_its_key_and_gets_sudo(issued):
    """EH-18 and EH-03 must never lock the IT unit out (dev-sec#187): a key login, then sudo."""
    address = subprocess.run(["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "endpoint-issued"],
                             capture_output=True, text=True, check=True).stdout.strip()
    key = os.path.join(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"], "management_ed25519")
    ssh = ["ssh", "-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "ConnectTimeout=10", "amane-admin@" + address]
    login = subprocess.run(ssh + ["sudo -S -p '' id -u"], input=ADMIN_PASSWORD + "\n", capture_output=True, text=True, check=False)
    assert login.returncode == 0 and login.stdout.strip() == "0", login.stderr
    assert "Amane telework charter" in issued.file("/etc/issue.net").content_string  # the banner sshd now shows
    # root may not log in over SSH, even with a key root authorizes (prepare.yml): PermitRootLogin no
    root = subprocess.run(ssh[:-1] + ["-v", "root@" + address, "true"], capture_output=True, text=True, check=False)
    assert root.returncode != 0 and "Permission denied" in root.stderr, root.stderr[-2000:]
    assert "Offering public key" in root.stderr  # the key was offered and refused, not missing


def test_the_teleworker_still_logs_in_locally_after_the_baseline(issued):
    assert pam(issued, "teleworker", "auth", TELEWORKER_PASSWORD).rc == 0
    # and the new umask holds for a login shell: a file they create is not readable by others
    issued.run("rm -f /tmp/amane-umask")
    made = issued.run("su -l teleworker -c 'touch /tmp/amane-umask && stat -c %a /tmp/amane-umask'")
    assert made.rc == 0 and made.stdout.strip() == "640", made.stdout + made.stderr
