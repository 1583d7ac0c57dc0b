"""The shared check engine: dpkg parsing, profiles, toggles, waivers, errors, summary."""

import datetime

from ansible_collections.amane.telework.plugins.module_utils.audit import engine

CATALOGUE = {
    "T-PASS": {"clauses": ["S4"], "profiles": ["issued", "byod"]},
    "T-FAIL": {"clauses": ["M9b"], "profiles": ["issued", "byod"]},
    "T-ISSUED": {"clauses": ["S2"], "profiles": ["issued"]},
    "T-BROKEN": {"clauses": ["S1"], "profiles": ["issued", "byod"]},
    "T-NOCHECK": {"clauses": ["S3"], "profiles": ["issued", "byod"]},
}
TODAY = datetime.date(2026, 11, 23)


@engine.check("T-PASS")
def _pass(snapshot):
    return "pass", "fine"


@engine.check("T-FAIL")
def _fail(snapshot):
    return "fail", "nmap installed"


@engine.check("T-ISSUED")
def _issued(snapshot):
    return "pass", "only issued"


@engine.check("T-BROKEN")
def _broken(snapshot):
    raise OSError("permission denied")


def results(**kwargs):
    snapshot = engine.HostSnapshot(root="/nonexistent")
    return {r["id"]: r for r in engine.run_checks(CATALOGUE, snapshot, today=TODAY, **kwargs)}


def test_parse_dpkg_status_keeps_installed_only():
    text = ("Package: a\nStatus: install ok installed\nVersion: 1\n\n"
            "Package: b\nStatus: deinstall ok config-files\nVersion: 2\n\n"
            "Package: c\nStatus: install ok half-installed\nVersion: 3\n")
    assert engine.parse_dpkg_status(text) == {"a": "1"}


def test_statuses_profiles_and_errors():
    by_id = results(profile="byod")
    assert by_id["T-PASS"]["status"] == "pass"
    assert by_id["T-FAIL"]["status"] == "fail"
    assert by_id["T-ISSUED"]["status"] == "not_applicable"
    assert by_id["T-BROKEN"]["status"] == "error" and "permission denied" in by_id["T-BROKEN"]["evidence"]
    assert by_id["T-NOCHECK"]["status"] == "error"


def test_disabled_control_is_not_applicable():
    assert results(disabled=["T-FAIL"])["T-FAIL"]["status"] == "not_applicable"


def test_waiver_counts_until_expiry():
    waiver = {"justification": "course", "approver": "rssi", "expires": "2026-11-23"}
    live = results(waivers={"T-FAIL": waiver})["T-FAIL"]
    assert live["status"] == "waived" and live["evidence"] == "nmap installed" and live["waiver"]["expired"] is False
    expired = results(waivers={"T-FAIL": dict(waiver, expires="2026-11-22")})["T-FAIL"]
    assert expired["status"] == "fail" and expired["waiver"]["expired"] is True


def test_validate_waivers_names_field():
    errors = engine.validate_waivers({"T-FAIL": {"approver": "x", "expires": "tomorrow"}, "NOPE": {}}, CATALOGUE)
    text = " ".join(errors)
    assert "waivers.T-FAIL.justification" in text and "waivers.T-FAIL.expires" in text and "waivers.NOPE" in text


def test_summary_and_report_shape():
    report = engine.host_report("pc", "issued", list(results(control_ids=["T-PASS", "T-FAIL"]).values()),
                                checked_at=datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.timezone.utc))
    assert report["schema"] == "amane.audit/1" and report["checked_at"] == "2026-11-23T10:00:00Z"
    assert report["summary"]["pass"] == 1 and report["summary"]["fail"] == 1 and report["summary"]["compliant"] is False


def test_failures_lists_fail_and_error_with_reasons():
    from ansible_collections.amane.telework.plugins.module_utils.audit.engine import failures

    results = [
        {"id": "PO-M9B", "clauses": ["M9b"], "status": "fail", "evidence": "nmap installed"},
        {"id": "PO-S4", "clauses": ["S4"], "status": "pass", "evidence": "locked"},
        {"id": "AV-03", "clauses": ["M9a", "M12a"], "status": "error", "evidence": "no database"},
        {"id": "EH-02", "clauses": ["S2"], "status": "waived", "evidence": "weak"},
    ]
    ids, reasons = failures(results)
    assert ids == ["PO-M9B", "AV-03"]
    assert reasons == ["failed M9b: nmap installed", "error M9a/M12a: no database"]


def test_module_command_runner_reports_missing_programs_as_evidence():
    from ansible_collections.amane.telework.plugins.module_utils.audit.engine import module_command_runner

    class FakeModule:
        calls = []

        def get_bin_path(self, name):
            return "/usr/bin/" + name if name == "present" else None

        def run_command(self, argv, environ_update=None):
            self.calls.append((argv, environ_update))
            return 0, "out", ""

    module = FakeModule()
    run = module_command_runner(module)
    assert run(["absent", "-x"]) == (127, "", "absent is not installed")
    assert run(["present", "-y"]) == (0, "out", "")
    # the resolved path runs (an unprivileged login's PATH lacks /usr/sbin, where nft lives)
    assert module.calls == [(["/usr/bin/present", "-y"], {"LANG": "C", "LC_ALL": "C"})]
