"""Behaviour of roles/antivirus (M4, M9a, M12a, S1, S8): real clamd, freshclam, nginx mirror."""

import re

import pytest
from conftest import put_eicar, result_of, run_audit, run_playbook

MANAGED_DIGEST = (
    "sha256sum /etc/clamav/freshclam.conf /etc/systemd/system/amane-av-* "
    "/etc/systemd/system/clamav-daemon.service.d/amane.conf /etc/udev/rules.d/90-amane-av-removable.rules"
)
TEST_DB = "44d88612fea8a8f36de82e1278abb02f:68:Amane.Test.EICAR"
DIGEST = (
    "find /etc /usr /var/lib /opt /home /srv -xdev ! -path '/var/lib/apt/lists/*' "
    "! -path '/var/lib/systemd/*' ! -path '/var/lib/dpkg/lock*' ! -path '*/__pycache__*' "
    "-printf '%p %s %m %T@\\n' | LC_ALL=C sort | sha256sum; "
    "dpkg-query -W -f '${Package} ${Version}\\n' | sha256sum"
)


def test_byod_audit_only_changed_nothing(byod):
    # Two converges (converge + idempotence) ran on the personal laptop since prepare took the baseline.
    before = byod.file("/root/amane-baseline.txt").content_string
    after = byod.check_output("bash -c %s" % _quote(DIGEST + ""))
    assert after.strip() == before.strip()
    assert not byod.package("clamav-daemon").is_installed


def test_byod_audit_reports_missing_antivirus(byod):
    result = run_audit("antivirus-byod", profile="byod")
    assert result["changed"] is False
    assert result_of(result["audit"], "AV-01")["status"] == "fail"
    assert "clamav-daemon" in result_of(result["audit"], "AV-01")["evidence"]
    # Controls for issued laptops only are reported, not hidden.
    assert result_of(result["audit"], "AV-05")["status"] == "not_applicable"
    assert result["compliant"] is False


def test_freshclam_fetched_from_mirror(endpoint, mirror):
    """AV-04: signatures updated from the administration's mirror."""
    assert endpoint.file("/var/lib/clamav/amane-test.hdb").content_string.strip() == TEST_DB
    log = mirror.file("/var/log/nginx/access.log").content_string
    assert re.search(r'"GET /clamav/amane-test\.hdb HTTP/1\.1" 200 .*ClamAV', log), log[-2000:]
    conf = endpoint.file("/etc/clamav/freshclam.conf").content_string
    assert "DatabaseMirror" not in conf  # no public mirror left


def test_eicar_detected_by_clamd(endpoint):
    put_eicar(endpoint, "/srv/probe/eicar.com")
    scan = endpoint.run("clamdscan --fdpass --no-summary /srv/probe/eicar.com")
    assert scan.rc == 1, scan.stdout + scan.stderr
    assert "Amane.Test.EICAR" in scan.stdout and "FOUND" in scan.stdout
    endpoint.run_expect([0], "printf 'harmless' > /srv/probe/clean.txt")
    assert endpoint.run("clamdscan --fdpass --no-summary /srv/probe/clean.txt").rc == 0


def test_scheduled_scan_quarantines_eicar(endpoint):
    """AV-05: scheduled scan of home directories with quarantine."""
    endpoint.run_expect([0], "id teleworker || useradd -m teleworker")
    put_eicar(endpoint, "/home/teleworker/Downloads/invoice.com")
    endpoint.run_expect([0], "chown -R teleworker: /home/teleworker/Downloads && chmod 0600 /home/teleworker/Downloads/invoice.com")
    endpoint.run_expect([0], "systemctl start amane-av-scan.service")
    assert not endpoint.file("/home/teleworker/Downloads/invoice.com").exists
    quarantine = endpoint.file("/var/lib/amane/quarantine")
    assert quarantine.mode == 0o700 and quarantine.user == "root"
    assert endpoint.file("/var/lib/amane/quarantine/invoice.com").exists
    assert endpoint.service("amane-av-scan.timer").is_enabled
    assert endpoint.service("amane-av-scan.timer").is_running


def test_removable_scan_refuses_infected_media(endpoint):
    """AV-06: removable media scanned on insertion, read-only until clean (here the scan by the real ClamAV
    through the unit; the read-only block device and mount on a real loop device are
    tests/unit/host_programs/test_av_removable_media.py's)."""
    put_eicar(endpoint, "/srv/usb-infected/photo.com")
    endpoint.run_expect([0], "mkdir -p /srv/usb-clean && printf 'report' > /srv/usb-clean/report.txt")
    infected = endpoint.run("systemctl start amane-av-removable@$(systemd-escape --path /srv/usb-infected).service")
    assert infected.rc != 0
    clean = endpoint.run("systemctl start amane-av-removable@$(systemd-escape --path /srv/usb-clean).service")
    assert clean.rc == 0, clean.stderr
    journal = endpoint.check_output("journalctl -t amane-av-removable --no-pager -o cat")
    assert "refused target=/srv/usb-infected clamdscan_rc=1" in journal
    assert "clean target=/srv/usb-clean" in journal


def test_udev_rule_starts_the_scan_for_usb_partitions(endpoint):
    rule = endpoint.file("/etc/udev/rules.d/90-amane-av-removable.rules").content_string
    lines = [line for line in rule.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    # udev syntax: comma-separated KEY{attr}OP"value" pairs, match keys with ==, assignments with = or +=.
    pairs = re.findall(r'\s*([A-Z_]+(?:\{[A-Za-z_]+\})?)(==|!=|\+=|=)"([^"]*)"\s*(?:,|$)', lines[0])
    assert ",".join("%s%s\"%s\"" % p for p in pairs).replace(" ", "") == lines[0].replace(" ", "")
    keys = {k: (op, v) for k, op, v in pairs}
    assert keys["ACTION"] == ("==", "add") and keys["ENV{ID_BUS}"] == ("==", "usb")
    assert keys["ENV{UDISKS_IGNORE}"] == ("=", "1")
    wanted = keys["ENV{SYSTEMD_WANTS}"][1].replace("%k", "sdb1")
    # The unit the rule asks for resolves to the installed template.
    assert endpoint.run("systemctl cat %s" % wanted).rc == 0


def test_audit_reports_fresh_signatures(endpoint):
    result = run_audit("antivirus-endpoint")
    audit = result["audit"]
    assert result_of(audit, "AV-03")["status"] == "pass", result_of(audit, "AV-03")
    assert "amane-test.hdb" in result_of(audit, "AV-03")["evidence"]
    assert [r["id"] for r in audit["results"] if r["status"] != "pass"] == [], result["reasons"]
    assert audit["summary"]["compliant"] is True


def test_aged_signatures_reported(endpoint):
    endpoint.run_expect([0], "touch -d '10 days ago' /var/lib/clamav/amane-test.hdb")
    try:
        result = run_audit("antivirus-endpoint", max_signature_age_days=7)
    finally:
        endpoint.run_expect([0], "touch /var/lib/clamav/amane-test.hdb")
    av03 = result_of(result["audit"], "AV-03")
    assert av03["status"] == "fail"
    assert re.search(r"are 10\.\d days old .*limit 7 days", av03["evidence"]), av03["evidence"]
    assert "AV-03" in result["failed_controls"]


def test_audit_fails_when_clamd_stopped(endpoint):
    endpoint.run_expect([0], "systemctl stop clamav-daemon.service")
    try:
        result = run_audit("antivirus-endpoint")
    finally:
        endpoint.run_expect([0], "systemctl start clamav-daemon.service")
    av02 = result_of(result["audit"], "AV-02")
    assert av02["status"] == "fail" and "clamav-daemon.service" in av02["evidence"]


def test_check_mode_changes_nothing(endpoint, tmp_path):
    before = endpoint.check_output(MANAGED_DIGEST)
    rc, output = run_playbook(tmp_path, "--check")
    assert rc == 0, output[-3000:]
    assert re.search(r"antivirus-endpoint\s*: ok=\d+\s+changed=0 ", output), output[-3000:]
    assert endpoint.check_output(MANAGED_DIGEST) == before


@pytest.mark.parametrize("extra, messages", [
    ('{"antivirus_mirror_url": "ftp://mirror/clamav", "antivirus_max_signature_age_days": -1}',
     ["antivirus_mirror_url=ftp://mirror/clamav must be http(s)://host[:port]/path",
      "antivirus_max_signature_age_days=-1 must be 0 or more"]),
    ('{"antivirus_removable_policy": "ask"}', ["antivirus_removable_policy must be one of: scan, block, none"]),
])
def test_role_rejects_bad_input_before_changing_anything(endpoint, tmp_path, extra, messages):
    before = endpoint.check_output(MANAGED_DIGEST)
    rc, output = run_playbook(tmp_path, "-e", extra)
    assert rc != 0
    flat = " ".join(output.split())
    assert all(message in flat for message in messages), output[-3000:]
    assert "antivirus_freshclam_checks=" not in flat  # only the faulty inputs are named
    assert endpoint.check_output(MANAGED_DIGEST) == before


def test_audit_rejects_bad_input(endpoint):
    with pytest.raises(AssertionError) as failure:
        run_audit("antivirus-endpoint", max_signature_age_days=-1, mirror_url="ftp://mirror")
    assert "max_signature_age_days: -1 is negative" in str(failure.value)
    assert "mirror_url: 'ftp://mirror' is not http(s)" in str(failure.value)


def _quote(text):
    return "'" + text.replace("'", "'\"'\"'") + "'"
