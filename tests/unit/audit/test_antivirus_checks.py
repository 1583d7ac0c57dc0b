"""The antivirus checks (AV-01..AV-06) and the antivirus_audit module on a fake device tree."""

import datetime
import os

import pytest

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot
from ansible_collections.amane.telework.plugins.modules import antivirus_audit

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone.utc)
MIRROR = "http://mirror.internal/clamav"
AV_IDS = ["AV-01", "AV-02", "AV-03", "AV-04", "AV-05", "AV-06"]
FRESHCLAM = "DatabaseOwner clamav\nPrivateMirror %s\nDatabaseCustomURL %s/local.hdb\n" % (MIRROR, MIRROR)
RULE = 'ACTION=="add", SUBSYSTEM=="block", ENV{SYSTEMD_WANTS}+="amane-av-removable@%k.service"\n'


def write(root, path, text="", age_days=None):
    full = os.path.join(str(root), path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(text)
    if age_days is not None:
        stamp = NOW.timestamp() - age_days * 86400
        os.utime(full, (stamp, stamp))
    return full


def dpkg(*names):
    return "\n\n".join("Package: %s\nStatus: install ok installed\nVersion: 1.4.6\n" % n for n in names) + "\n"


def make_endpoint(root, db_age_days=1.0):
    write(root, "/var/lib/dpkg/status", dpkg("clamav-daemon", "clamav-freshclam", "clamdscan"))
    write(root, "/var/lib/clamav/local.hdb", "44d88612fea8a8f36de82e1278abb02f:68:Test\n", age_days=db_age_days)
    write(root, "/etc/clamav/freshclam.conf", FRESHCLAM)
    os.makedirs(os.path.join(str(root), "var/lib/amane/quarantine"), mode=0o700)
    os.chmod(os.path.join(str(root), "var/lib/amane/quarantine"), 0o700)
    write(root, "/etc/udev/rules.d/90-amane-av-removable.rules", RULE)
    write(root, "/etc/systemd/system/amane-av-removable@.service", "[Service]\n")


def runner(states=None):
    """Fake systemctl: every unit enabled and active unless ``states`` says otherwise."""
    states = states or {}
    calls = []

    def run(argv):
        calls.append(argv)
        assert argv[0] == "systemctl" and argv[1] in ("is-enabled", "is-active"), argv
        enabled, active = states.get(argv[2], ("enabled", "active"))
        return 0, (enabled if argv[1] == "is-enabled" else active) + "\n", ""

    run.calls = calls
    return run


def params(**extra):
    base = {"disabled": [], "waivers": {}, "mirror_url": MIRROR, "max_signature_age_days": 7, "removable_policy": "scan"}
    base.update(extra)
    return base


def evaluate(root, states=None, profile="issued", **extra):
    values = params(**extra)
    snapshot = HostSnapshot(root=str(root), params=values, run_command=runner(states), now=NOW)
    return antivirus_audit.evaluate(values, snapshot, "pc-test", profile)


def by_id(result):
    return {r["id"]: r for r in result["audit"]["results"]}


def test_audit_covers_every_antivirus_control():
    assert antivirus_audit.antivirus_controls() == AV_IDS


def test_compliant_endpoint(tmp_path):
    make_endpoint(tmp_path)
    result = evaluate(tmp_path)
    assert result["compliant"] is True, result["reasons"]
    assert [r["status"] for r in result["audit"]["results"]] == ["pass"] * 6
    assert result["audit"]["schema"] == "amane.audit/1" and result["audit"]["host"] == "pc-test"
    assert "1.0 days old (local.hdb; limit 7 days)" in by_id(result)["AV-03"]["evidence"]


def test_aged_signatures_fail_with_age_as_evidence(tmp_path):
    make_endpoint(tmp_path, db_age_days=10.25)
    result = evaluate(tmp_path)
    assert result["failed_controls"] == ["AV-03"]
    assert by_id(result)["AV-03"]["evidence"] == "newest signatures are 10.2 days old (local.hdb; limit 7 days)"
    assert "failed M9a/M12a: newest signatures" in result["reasons"][0]


def test_age_limit_is_inclusive_and_zero_allowed(tmp_path):
    make_endpoint(tmp_path, db_age_days=0.0)
    assert by_id(evaluate(tmp_path, max_signature_age_days=0))["AV-03"]["status"] == "pass"


def test_cvd_header_time_wins_over_copy_time(tmp_path):
    make_endpoint(tmp_path)
    os.remove(os.path.join(str(tmp_path), "var/lib/clamav/local.hdb"))
    # A freshly copied file (mtime now) whose header says it was built 20 days ago.
    write(tmp_path, "/var/lib/clamav/daily.cvd", "ClamAV-VDB:03 Nov 2026 10-00 +0000:27000:100:90:sig:builder:1\n" + " " * 400)
    evidence = by_id(evaluate(tmp_path))["AV-03"]["evidence"]
    assert evidence.startswith("newest signatures are 20.0 days old (daily.cvd")


def test_no_database_fails(tmp_path):
    make_endpoint(tmp_path)
    os.remove(os.path.join(str(tmp_path), "var/lib/clamav/local.hdb"))
    assert by_id(evaluate(tmp_path))["AV-03"]["evidence"] == "no signature database in /var/lib/clamav"


def test_missing_packages_fail(tmp_path):
    make_endpoint(tmp_path)
    write(tmp_path, "/var/lib/dpkg/status", dpkg("clamav-daemon"))
    assert by_id(evaluate(tmp_path))["AV-01"]["evidence"] == "not installed: clamav-freshclam"


@pytest.mark.parametrize("state", [("disabled", "active"), ("masked", "inactive"), ("enabled", "inactive")])
def test_stopped_disabled_or_masked_service_fails_s1(tmp_path, state):
    make_endpoint(tmp_path)
    result = by_id(evaluate(tmp_path, states={"clamav-daemon.service": state}))["AV-02"]
    assert result["status"] == "fail" and result["clauses"] == ["S1", "M4"]
    assert "clamav-daemon.service %s/%s" % state in result["evidence"]


def test_public_mirror_or_other_mirror_fails(tmp_path):
    make_endpoint(tmp_path)
    write(tmp_path, "/etc/clamav/freshclam.conf", FRESHCLAM + "DatabaseMirror database.clamav.net\n")
    assert "public mirrors: database.clamav.net" in by_id(evaluate(tmp_path))["AV-04"]["evidence"]
    write(tmp_path, "/etc/clamav/freshclam.conf", "PrivateMirror http://elsewhere/clamav\n")
    assert by_id(evaluate(tmp_path))["AV-04"]["status"] == "fail"
    assert by_id(evaluate(tmp_path, mirror_url=""))["AV-04"]["status"] == "not_applicable"


def test_open_quarantine_and_stopped_timer_fail(tmp_path):
    make_endpoint(tmp_path)
    os.chmod(os.path.join(str(tmp_path), "var/lib/amane/quarantine"), 0o755)  # noqa: S103 (the fault under test)
    evidence = by_id(evaluate(tmp_path, states={"amane-av-scan.timer": ("disabled", "inactive")}))["AV-05"]["evidence"]
    assert "amane-av-scan.timer is disabled/inactive" in evidence and "mode 0755 (want 0700)" in evidence


def test_removable_policies(tmp_path):
    make_endpoint(tmp_path)
    assert by_id(evaluate(tmp_path, removable_policy="block"))["AV-06"]["status"] == "not_applicable"
    assert by_id(evaluate(tmp_path, removable_policy="none"))["AV-06"]["status"] == "fail"
    os.remove(os.path.join(str(tmp_path), "etc/udev/rules.d/90-amane-av-removable.rules"))
    assert "does not start" in by_id(evaluate(tmp_path))["AV-06"]["evidence"]


def test_byod_profile_marks_issued_only_controls_not_applicable(tmp_path):
    make_endpoint(tmp_path)
    statuses = {cid: r["status"] for cid, r in by_id(evaluate(tmp_path, profile="byod")).items()}
    assert statuses == {"AV-01": "pass", "AV-02": "pass", "AV-03": "pass",
                        "AV-04": "not_applicable", "AV-05": "not_applicable", "AV-06": "not_applicable"}


def test_waiver_until_expiry(tmp_path):
    make_endpoint(tmp_path, db_age_days=30)
    waiver = {"justification": "mirror rebuild", "approver": "rssi", "expires": "2026-12-31"}
    assert by_id(evaluate(tmp_path, waivers={"AV-03": waiver}))["AV-03"]["status"] == "waived"
    waiver["expires"] = "2026-11-01"
    result = by_id(evaluate(tmp_path, waivers={"AV-03": waiver}))["AV-03"]
    assert result["status"] == "fail" and result["waiver"]["expired"] is True


def test_bad_input_names_the_field_and_the_fix():
    errors = antivirus_audit.bad_input(dict(
        params(max_signature_age_days=-2, mirror_url="ftp://x/y", disabled=["EH-04"],
               waivers={"AV-03": {"approver": "rssi"}}),
        removable_unit="scan.service"))
    text = "\n".join(errors)
    assert "max_signature_age_days: -2 is negative; give 0 or more days" in text
    assert "mirror_url: 'ftp://x/y' is not http(s)://host[:port]/path" in text
    assert "disabled: EH-04 is not an antivirus control" in text
    assert "waivers.AV-03.justification: missing" in text
    assert "removable_unit: 'scan.service' must be a template unit name" in text
    assert antivirus_audit.bad_input(dict(params(), removable_unit="amane-av-removable@.service")) == []


def test_catalogue_entries_are_complete():
    from ansible_collections.amane.telework.plugins.module_utils.audit.guide_clauses import CLAUSES

    for control_id in AV_IDS:
        entry = CONTROLS[control_id]
        assert set(entry["title"]) == {"en", "fr", "ar"} and all(entry["title"].values())
        assert entry["clauses"] and all(c in CLAUSES for c in entry["clauses"])
        assert entry["area"] == "antivirus" and entry["severity"] in ("low", "medium", "high", "critical")
        assert entry["rationale"] and entry["profiles"]
        path, _unused, name = entry["test"].partition("::")
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", path)) as handle:
            assert "def %s(" % name in handle.read()
