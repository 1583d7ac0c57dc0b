"""Endpoint checks (EH-NN) against a fake laptop tree."""

import datetime
import json
import os

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_endpoint  # noqa: F401  # pylint: disable=unused-import
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, registered_checks

from tests.unit.posture_tree import NOW, make_device, write

COMMON_AUTH = """auth [success=1 default=ignore] pam_succeed_if.so quiet user in root:amane-admin
auth requisite pam_faillock.so preauth
auth [success=3 default=ignore] pam_unix.so nullok
auth [success=1 default=ignore] pam_succeed_if.so quiet user in root:amane-admin
auth [default=die] pam_faillock.so authfail
auth requisite pam_deny.so
auth required pam_permit.so
"""

SYSTEMCTL_OK = (
    "Id=nftables.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n\n"
    "Id=systemd-journald.service\nLoadState=loaded\nActiveState=active\nUnitFileState=static\n"
)
NFT_INPUT_CHAIN = {"family": "inet", "table": "amane_endpoint", "name": "input", "type": "filter", "hook": "input", "prio": 0,
                   "policy": "drop"}
NFT_DROP = {"nftables": [{"metainfo": {}}, {"chain": NFT_INPUT_CHAIN}]}


def runner(outputs):
    def run(argv):
        return outputs[argv[0]]

    return run


def snap(root, params=None, outputs=None):
    return HostSnapshot(root=str(root), params=params or {}, run_command=runner(outputs or {}), now=NOW)


def run(control_id, snapshot):
    return registered_checks()[control_id](snapshot)


def test_dconf_lock_must_be_compiled(tmp_path):
    make_device(tmp_path)
    assert run("EH-01", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/dconf/profile/user", "user-db:user\nsystem-db:local\n")
    status, evidence = run("EH-01", snap(tmp_path))
    assert status == "fail" and "never compiled" in evidence
    write(tmp_path, "/etc/dconf/db/local", "compiled")
    assert run("EH-01", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/etc/dconf/db/local", "compiled", mtime=NOW - datetime.timedelta(days=400))
    assert "older than its keyfiles" in run("EH-01", snap(tmp_path))[1]


def test_password_quality(tmp_path):
    write(tmp_path, "/etc/pam.d/common-password", "password requisite pam_pwquality.so retry=3\n")
    write(tmp_path, "/etc/security/pwquality.conf.d/amane.conf", "minlen = 8\nminclass = 3\n")
    status, evidence = run("EH-02", snap(tmp_path))
    assert status == "fail" and "minlen 8 < 12" in evidence
    write(tmp_path, "/etc/security/pwquality.conf.d/amane.conf", "minlen = 14\nminclass = 4\n")
    status, evidence = run("EH-02", snap(tmp_path))
    assert status == "fail" and "every password change is refused" in evidence
    write(tmp_path, "/var/cache/cracklib/cracklib_dict.pwd", "dictionary")
    assert run("EH-02", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/etc/security/pwquality.conf.d/amane.conf", "minlen = 14\nminclass = 4\ndictcheck = 0\n")
    os.remove(os.path.join(str(tmp_path), "var/cache/cracklib/cracklib_dict.pwd"))
    assert run("EH-02", snap(tmp_path))[0] == "pass"


def test_lockout_guard_for_management_accounts(tmp_path):
    write(tmp_path, "/etc/pam.d/common-auth", COMMON_AUTH)
    write(tmp_path, "/etc/security/faillock.conf", "deny = 5\n")
    params = {"management_accounts": ["root", "amane-admin"]}
    assert run("EH-03", snap(tmp_path, params))[0] == "pass"
    status, evidence = run("EH-03", snap(tmp_path, {"management_accounts": ["root", "ops"]}))
    assert status == "fail" and "ops" in evidence
    write(tmp_path, "/etc/security/faillock.conf", "deny = 5\neven_deny_root\n")
    assert "even_deny_root" in run("EH-03", snap(tmp_path, params))[1]


def test_teleworker_with_sudo_fails(tmp_path):
    make_device(tmp_path)
    write(tmp_path, "/etc/group", "sudo:x:27:alice\n")
    status, evidence = run("EH-04", snap(tmp_path))
    assert status == "fail" and "alice" in evidence
    assert run("EH-04", snap(tmp_path, {"management_accounts": ["root", "alice"]}))[0] == "pass"


def test_polkit_rule_required(tmp_path):
    assert run("EH-05", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/polkit-1/rules.d/40-x.rules", '"org.freedesktop.packagekit." "org.debian.apt." polkit.Result.NO')
    assert run("EH-05", snap(tmp_path))[0] == "pass"


def test_protection_services(tmp_path):
    assert run("EH-06", snap(tmp_path, outputs={"systemctl": (0, SYSTEMCTL_OK, "")}))[0] == "pass"
    stopped = SYSTEMCTL_OK.replace("ActiveState=active\nUnitFileState=enabled", "ActiveState=inactive\nUnitFileState=masked")
    status, evidence = run("EH-06", snap(tmp_path, outputs={"systemctl": (0, stopped, "")}))
    assert status == "fail" and "nftables.service masked" in evidence
    missing = "Id=clamav-daemon.service\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n"
    assert "not installed" in run("EH-06", snap(tmp_path, outputs={"systemctl": (0, missing, "")}))[1]


def test_removable_storage_policy(tmp_path):
    assert run("EH-07", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/modprobe.d/amane.conf", "install usb-storage /bin/false\nblacklist usb-storage\n")
    assert run("EH-07", snap(tmp_path))[0] == "pass"
    assert run("EH-07", snap(tmp_path, {"removable_media": "scan"}))[0] == "not_applicable"
    assert run("EH-07", snap(tmp_path, {"removable_media": "allow"}))[0] == "fail"


def test_wifi_open_profile_autoconnect_fails(tmp_path):
    base = "/etc/NetworkManager/system-connections/"
    write(tmp_path, base + "Home.nmconnection", "[connection]\ntype=wifi\n[wifi-security]\nkey-mgmt=wpa-psk\n")
    assert run("EH-08", snap(tmp_path))[0] == "pass"
    write(tmp_path, base + "Cafe.nmconnection", "[connection]\ntype=wifi\n")
    status, evidence = run("EH-08", snap(tmp_path))
    assert status == "fail" and "Cafe (open)" in evidence
    write(tmp_path, base + "Cafe.nmconnection", "[connection]\ntype=wifi\nautoconnect=false\n")
    assert run("EH-08", snap(tmp_path))[0] == "pass"


def test_macro_lock(tmp_path):
    make_device(tmp_path, packages={"libreoffice-core": "7.4"})
    assert run("EH-09", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/libreoffice/registry/a.xcd",
          '<prop oor:name="MacroSecurityLevel" oor:finalized="true" oor:op="fuse"><value>3</value></prop>')
    assert run("EH-09", snap(tmp_path))[0] == "pass"


def test_unattended_upgrades(tmp_path):
    make_device(tmp_path, packages={"unattended-upgrades": "2.9"})
    write(tmp_path, "/etc/apt/apt.conf.d/20auto-upgrades", 'APT::Periodic::Update-Package-Lists "1";\n')
    assert run("EH-10", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/apt/apt.conf.d/20auto-upgrades",
          'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n"label=Debian-Security";\n')
    assert run("EH-10", snap(tmp_path))[0] == "pass"


def test_last_update_age(tmp_path):
    assert run("EH-11", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/var/lib/apt/periodic/upgrade-stamp", "", mtime=NOW - datetime.timedelta(days=10))
    status, evidence = run("EH-11", snap(tmp_path))
    assert status == "fail" and "10.0 days" in evidence
    assert run("EH-11", snap(tmp_path, {"max_update_age_days": 14}))[0] == "pass"


def test_inbound_default_deny(tmp_path):
    assert run("EH-12", snap(tmp_path, outputs={"nft": (0, json.dumps(NFT_DROP), "")}))[0] == "pass"
    accept = json.loads(json.dumps(NFT_DROP))
    accept["nftables"][1]["chain"]["policy"] = "accept"
    assert run("EH-12", snap(tmp_path, outputs={"nft": (0, json.dumps(accept), "")}))[0] == "fail"
    assert run("EH-12", snap(tmp_path, outputs={"nft": (127, "", "nft is not installed")}))[0] == "error"


def test_end_of_day(tmp_path):
    assert run("EH-13", snap(tmp_path))[0] == "not_applicable"
    assert run("EH-13", snap(tmp_path, {"end_of_day": True}))[0] == "fail"
    write(tmp_path, "/etc/systemd/system/amane-end-of-day.timer", "[Timer]\nOnCalendar=Mon *-*-* 16:30:00\n")
    os.makedirs(tmp_path / "etc/systemd/system/timers.target.wants")
    os.symlink("../amane-end-of-day.timer", tmp_path / "etc/systemd/system/timers.target.wants/amane-end-of-day.timer")
    status, evidence = run("EH-13", snap(tmp_path, {"end_of_day": True}))
    assert status == "pass" and "Mon *-*-* 16:30:00" in evidence


def test_login_banner(tmp_path):
    for path in ("/etc/issue", "/etc/issue.net"):
        write(tmp_path, path, "Amane telework charter (version 1)")
    status, evidence = run("EH-14", snap(tmp_path))
    assert status == "fail" and evidence.endswith("/etc/motd")


def test_disk_encryption_reported(tmp_path):
    assert run("EH-15", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/crypttab", "# comment\nsda3_crypt UUID=abc none luks,discard\n")
    assert run("EH-15", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/.dockerenv", "")
    assert run("EH-15", snap(tmp_path))[0] == "not_applicable"


def test_an_issued_laptop_keeps_the_wifi_guard_and_the_staged_macro_lock(tmp_path):
    """Audit first: what the role keeps in place for later (the guard of tomorrow's profiles, the
    macro lock of a LibreOffice installed later) is audited on issued laptops, not on personal ones."""
    base = "/etc/NetworkManager/system-connections/"
    write(tmp_path, base + "Home.nmconnection", "[connection]\ntype=wifi\n[wifi-security]\nkey-mgmt=wpa-psk\n")
    make_device(tmp_path, packages={"bash": "5.2"})
    assert run("EH-08", snap(tmp_path, {"profile": "byod"}))[0] == "pass"
    status, evidence = run("EH-08", snap(tmp_path, {"profile": "issued"}))
    assert status == "fail" and "amane-wifi-guard.path" in evidence
    write(tmp_path, "/etc/systemd/system/paths.target.wants/amane-wifi-guard.path", "")
    assert run("EH-08", snap(tmp_path, {"profile": "issued"}))[0] == "pass"
    assert run("EH-09", snap(tmp_path, {"profile": "byod"}))[0] == "not_applicable"
    status, evidence = run("EH-09", snap(tmp_path, {"profile": "issued"}))
    assert status == "fail" and "installed later" in evidence
