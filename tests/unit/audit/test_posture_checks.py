"""Each posture gate check (M9a, M9b, M9c, S4) against a fake device tree."""

import datetime
import os
import stat

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_posture
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, registered_checks

from tests.unit.posture_tree import APT_SECURITY, NOW, dpkg_status, fake_runner, make_device, write


def snap(root, apt_output=None, params=None, calls=None, rc=0):
    runner = fake_runner(calls=calls, rc=rc) if apt_output is None else fake_runner(apt_output, rc=rc, calls=calls)
    return HostSnapshot(root=str(root), params=params or {}, run_command=runner, now=NOW)


def run(control_id, snapshot):
    return registered_checks()[control_id](snapshot)


def test_clean_device_passes_every_gate_check(tmp_path):
    make_device(tmp_path)
    snapshot = snap(tmp_path)
    for control_id in ("PO-M9A-OS", "PO-M9A-AV", "PO-M9A-WEB", "PO-M9B", "PO-M9C", "PO-S4"):
        status, evidence = run(control_id, snapshot)
        assert status == "pass", (control_id, evidence)


def test_pending_security_updates(tmp_path):
    make_device(tmp_path)
    calls = []
    snapshot = snap(tmp_path, APT_SECURITY, calls=calls)
    status, evidence = run("PO-M9A-OS", snapshot)
    assert status == "fail"
    assert "2 pending security updates" in evidence and "libssl3" in evidence and "tzdata" not in evidence
    run("PO-M9A-WEB", snapshot)
    assert len(calls) == 1, "apt simulation must run once per snapshot"
    assert "-s" in calls[0]
    assert run("PO-M9A-OS", snap(tmp_path, APT_SECURITY, params={"max_pending_security_updates": 2}))[0] == "pass"


def test_stale_or_missing_apt_lists_fail(tmp_path):
    make_device(tmp_path, lists_age_days=30)
    status, evidence = run("PO-M9A-OS", snap(tmp_path))
    assert status == "fail" and "30.0 days old" in evidence
    for name in os.listdir(tmp_path / "var/lib/apt/lists"):
        os.remove(tmp_path / "var/lib/apt/lists" / name)
    assert run("PO-M9A-OS", snap(tmp_path))[0] == "fail"


def test_apt_failure_is_an_error_not_a_pass(tmp_path):
    make_device(tmp_path)
    snapshot = snap(tmp_path, rc=100)
    try:
        run("PO-M9A-OS", snapshot)
    except RuntimeError as exc:
        assert "apt-get -s dist-upgrade failed" in str(exc)
    else:
        raise AssertionError("an apt failure must not pass")


def test_antivirus_signature_age(tmp_path):
    make_device(tmp_path, signature_age_days=10)
    status, evidence = run("PO-M9A-AV", snap(tmp_path))
    assert status == "fail" and "10.0 days old" in evidence
    assert run("PO-M9A-AV", snap(tmp_path, params={"av_max_age_days": 14}))[0] == "pass"


def test_antivirus_cvd_header_date_wins_over_mtime(tmp_path):
    make_device(tmp_path, signature_age_days=None)
    header = "ClamAV-VDB:01 Nov 2026 08-25 +0000:27450:2000000:90:sig:builder:1730449500"
    write(tmp_path, "/var/lib/clamav/daily.cvd", header.ljust(512), mtime=NOW)
    status, evidence = run("PO-M9A-AV", snap(tmp_path))
    assert status == "fail" and "daily.cvd" in evidence and "22.1 days old" in evidence


def test_antivirus_missing(tmp_path):
    make_device(tmp_path, packages={"firefox-esr": "128"})
    status, evidence = run("PO-M9A-AV", snap(tmp_path))
    assert status == "fail" and "no antivirus installed" in evidence
    make_device(tmp_path, signature_age_days=None)
    os.remove(tmp_path / "var/lib/clamav/daily.hdb")
    assert "no signature database" in run("PO-M9A-AV", snap(tmp_path))[1]


def test_browser_up_to_date(tmp_path):
    make_device(tmp_path)
    status, evidence = run("PO-M9A-WEB", snap(tmp_path, APT_SECURITY))
    assert status == "fail" and "firefox-esr 128.5.0esr-1~deb12u1 -> 128.6.0esr-1~deb12u1" in evidence
    make_device(tmp_path, packages={"clamav": "1"})
    status, evidence = run("PO-M9A-WEB", snap(tmp_path))
    assert status == "fail" and "no supported web browser" in evidence


def test_intrusion_tools(tmp_path):
    packages = make_device(tmp_path)
    packages.update({"nmap": "7.93", "ettercap-graphical": "0.8.3"})
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status(packages))
    tool = write(tmp_path, "/home/alice/.local/bin/sqlmap", "#!/bin/sh\n")
    os.chmod(tool, stat.S_IRWXU)
    status, evidence = run("PO-M9B", snap(tmp_path))
    assert status == "fail"
    assert "nmap installed" in evidence and "ettercap-graphical installed" in evidence
    assert "/home/alice/.local/bin/sqlmap on PATH" in evidence
    # A package only in config-files state is not installed.
    assert "removed-tool" not in evidence
    assert run("PO-M9B", snap(tmp_path, params={"intrusion_packages": [], "intrusion_binaries": []}))[0] == "pass"


def test_work_data_outside_vault(tmp_path):
    make_device(tmp_path)
    write(tmp_path, "/home/alice/.amane-vault/Rapport-CONFIDENTIEL.odt", "ok here")
    assert run("PO-M9C", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/home/alice/Downloads/Budget_Confidentiel.xlsx", "leak")
    write(tmp_path, "/home/alice/Bureau/dossier.amane-work", "leak")
    status, evidence = run("PO-M9C", snap(tmp_path))
    assert status == "fail"
    assert "/home/alice/Downloads/Budget_Confidentiel.xlsx" in evidence and "/home/alice/Bureau/dossier.amane-work" in evidence
    assert ".amane-vault" not in evidence.split(":", 1)[1]


def test_work_data_scan_limit_is_an_error(tmp_path):
    make_device(tmp_path)
    for index in range(5):
        write(tmp_path, "/home/alice/many/f%d" % index)
    status, evidence = run("PO-M9C", snap(tmp_path, params={"work_data_scan_limit": 3}))
    assert status == "error" and "work_data_scan_limit" in evidence


def test_session_lock(tmp_path):
    make_device(tmp_path)
    assert run("PO-S4", snap(tmp_path))[0] == "pass"
    os.remove(tmp_path / "etc/dconf/db/local.d/locks/00-amane-lock")
    status, evidence = run("PO-S4", snap(tmp_path))
    assert status == "fail" and "idle-delay is not locked" in evidence
    status, evidence = run("PO-S4", snap(tmp_path, params={"session_idle_max_minutes": 4}))
    assert "idle-delay is uint32 300" in evidence


def test_session_lock_without_desktop_needs_readonly_tmout(tmp_path):
    make_device(tmp_path, packages={"clamav": "1"}, dconf=False, tmout=False)
    status, evidence = run("PO-S4", snap(tmp_path))
    assert status == "fail" and "TMOUT is unset" in evidence
    write(tmp_path, "/etc/profile.d/amane-tmout.sh", "TMOUT=600\n")  # not readonly: the user can unset it
    assert run("PO-S4", snap(tmp_path))[0] == "fail"
    write(tmp_path, "/etc/profile.d/amane-tmout.sh", "readonly TMOUT=600\nexport TMOUT\n")
    assert run("PO-S4", snap(tmp_path))[0] == "pass"


def test_dconf_uint():
    assert checks_posture.dconf_uint("uint32 300") == 300
    assert checks_posture.dconf_uint("600") == 600
    assert checks_posture.dconf_uint(None) is None
    assert checks_posture.dconf_uint("'x'") is None


def test_signature_age_ignores_other_files(tmp_path):
    make_device(tmp_path, signature_age_days=None)
    write(tmp_path, "/var/lib/clamav/freshclam.dat", "x", mtime=NOW)
    assert checks_posture.signature_age_days(snap(tmp_path)) == (None, None)
    write(tmp_path, "/var/lib/clamav/main.cvd", "garbage", mtime=NOW - datetime.timedelta(days=2))
    age, name = checks_posture.signature_age_days(snap(tmp_path))
    assert name == "main.cvd" and round(age) == 2
