"""The report model: merging audits, rates, unknown controls, changes, threshold, bad input."""

import datetime
import os

import pytest

from ansible_collections.amane.telework.plugins.plugin_utils.report_model import (
    ReportInputError,
    build_report,
    summary_line,
)
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import latest_report, write_report

from tests.unit.report_fixtures import GENERATED_AT, audits, catalogue, previous_audits, records


def report(**kwargs):
    return build_report(audits(), records(), catalogue(), generated_at=GENERATED_AT, **kwargs)


def host(rep, name):
    return next(h for h in rep["hosts"] if h["host"] == name)


def test_fleet_summary_counts_hosts_and_unaudited_as_noncompliant():
    rep = report(threshold=80)
    assert rep["summary"]["hosts"] == 4
    assert rep["summary"]["compliant"] == 2  # pc-issued-1 (a waiver covers its failure) and gw1
    assert rep["summary"]["unaudited"] == 1
    assert rep["summary"]["rate"] == 50.0
    assert rep["summary"]["threshold_met"] is False
    offline = host(rep, "pc-offline-1")
    assert offline["audited"] is False and offline["compliant"] is False and offline["note"]


def test_noncompliant_hosts_come_first_with_their_failing_controls():
    rep = report()
    assert [h["host"] for h in rep["hosts"]][:2] == ["pc-byod-1", "pc-offline-1"]
    assert host(rep, "pc-byod-1")["failing"] == ["PO-M9A", "PO-M9B", "PO-M9C", "XX-99"]


def test_worse_status_wins_when_two_audits_report_one_control():
    extra = {"schema": "amane.audit/1", "host": "gw1", "profile": "gateway", "checked_at": "2026-11-23T11:00:00Z",
             "results": [{"id": "VPN-01", "clauses": ["M10"], "status": "fail", "evidence": "peer dev-0002 not compliant", "waiver": None}]}
    rep = build_report(audits() + [extra], records(), catalogue(), generated_at=GENERATED_AT)
    gateway = host(rep, "gw1")
    assert gateway["failing"] == ["VPN-01"]
    assert gateway["results"][0]["evidence"] == "peer dev-0002 not compliant"
    assert gateway["checked_at"] == "2026-11-23T11:00:00Z"


def test_unknown_control_falls_back_to_its_id():
    rep = report()
    unknown = next(c for c in rep["controls"] if c["id"] == "XX-99")
    assert unknown["known"] is False
    assert unknown["title"] == {"en": "XX-99", "fr": "XX-99", "ar": "XX-99"}
    assert unknown["clauses"] == ["A4"]
    known = next(c for c in rep["controls"] if c["id"] == "PO-M9B")
    assert known["title"]["ar"] == "عدم تثبيت أدوات الاختراق"


def test_rates_per_control_administration_and_device_kind():
    rep = report()
    eh04 = next(c for c in rep["controls"] if c["id"] == "EH-04")
    assert eh04["rate"] == 100.0
    m9c = next(c for c in rep["controls"] if c["id"] == "PO-M9C")
    assert m9c["rate"] == 0.0 and m9c["counts"]["not_applicable"] == 1
    kinds = {g["name"]: (g["hosts"], g["compliant"]) for g in rep["by_device_kind"]}
    assert kinds == {"byod": (1, 0), "gateway": (1, 1), "issued": (2, 1)}
    admins = {g["name"]: g["rate"] for g in rep["by_administration"]}
    assert admins["وزارة الاقتصاد والمالية"] == 100.0
    assert admins["Réforme de l'Administration"] == 0.0
    assert admins[None] == 100.0  # gw1 has no registry record


def test_waivers_listed_with_justification_approver_expiry():
    rep = report()
    assert rep["waivers"] == [{
        "host": "pc-issued-1", "control": "PO-M9A", "status": "waived", "approver": "RSSI Rabat", "expires": "2099-12-31",
        "expired": False, "justification": "mirror migration, signatures frozen until the new mirror is up",
    }]


def test_changes_since_previous_report():
    previous = build_report(previous_audits(), records(), catalogue(), generated_at=GENERATED_AT - datetime.timedelta(days=1))
    rep = report(previous=previous)
    changes = rep["changes"]
    assert changes["previous_generated_at"] == "2026-11-22T12:00:00Z"
    assert {"host": "pc-byod-1", "control": "PO-M9B", "before": "pass", "after": "fail"} in changes["new_failures"]
    assert changes["fixes"] == [{"host": "pc-issued-1", "control": "EH-04", "before": "fail", "after": "pass"}]
    assert all(c["host"] != "pc-issued-1" for c in changes["new_failures"])
    assert report()["changes"] is None


def test_summary_line_for_automation():
    line = summary_line(report(threshold=40), "/r/report.html")
    assert line.startswith("AMANE-REPORT status=PASS rate=50.00% threshold=40.00% hosts=4 compliant=2 noncompliant=2 unaudited=1")
    assert line.endswith("report=/r/report.html")
    assert summary_line(report(threshold=50.01)).startswith("AMANE-REPORT status=FAIL")


@pytest.mark.parametrize("bad, field", [
    ([{"results": []}], "results[0].host"),
    ([{"host": "a"}], "results[0].results"),
    (["text"], "results[0]"),
    ([{"host": "a", "results": [{"id": "X", "status": "passed"}]}], "results[0].results[0].status"),
    ([{"host": "a", "results": [{"status": "pass"}]}], "results[0].results[0]"),
])
def test_bad_results_name_the_field(bad, field):
    with pytest.raises(ReportInputError, match=r"^%s" % field.replace("[", r"\[").replace("]", r"\]")):
        build_report(bad, {}, {})


def test_bad_threshold_previous_and_key():
    with pytest.raises(ReportInputError, match="threshold"):
        report(threshold=120)
    with pytest.raises(ReportInputError, match="previous: schema"):
        report(previous={"schema": "amane.audit/1"})
    with pytest.raises(ReportInputError, match="pseudonymize_key"):
        build_report(audits(), records(), catalogue(), pseudonymize_key="")


def test_writer_writes_nothing_on_bad_input_or_in_check_mode(tmp_path):
    with pytest.raises(ReportInputError, match="formats"):
        write_report(audits(), records(), catalogue(), str(tmp_path), formats=["pdf"])
    with pytest.raises(ReportInputError, match="languages"):
        write_report(audits(), records(), catalogue(), str(tmp_path), languages=["de"])
    with pytest.raises(ReportInputError, match="results"):
        write_report([{"host": "x"}], records(), catalogue(), str(tmp_path))
    written = write_report(audits(), records(), catalogue(), str(tmp_path), check_mode=True)
    assert written["summary"]["hosts"] == 4
    assert os.listdir(str(tmp_path)) == []


def test_writer_dates_report_sets_and_diffs_with_the_newest(tmp_path):
    first = write_report(previous_audits(), records(), catalogue(), str(tmp_path), generated_at=GENERATED_AT - datetime.timedelta(days=1))
    assert first["previous"] is None and first["changes"] is None
    second = write_report(audits(), records(), catalogue(), str(tmp_path), generated_at=GENERATED_AT)
    assert second["previous"] == first["files"]["json"]
    assert second["changes"]["fixes"] == 1
    assert latest_report(str(tmp_path)) == second["files"]["json"]
    assert os.path.basename(second["directory"]) == "20261123T120000Z"
    assert oct(os.stat(second["files"]["json"]).st_mode & 0o777) == "0o640"


def test_devices_with_a_peer_never_or_long_not_seen_on_the_vpn_are_listed():
    """pc-issued-1 (active) shook hands an hour ago: not listed; pc-byod-1 (quarantined) 9 days ago:
    listed with its age; pc-offline-1 (active) never: listed first; gw1 holds no peer: never listed."""
    fleet = records()
    fleet["pc-issued-1"]["amane_last_seen_at"] = "2026-11-23T11:00:00Z"
    fleet["pc-byod-1"]["amane_last_seen_at"] = "2026-11-14T09:00:00Z"
    rep = build_report(audits(), fleet, catalogue(), generated_at=GENERATED_AT, stale_days=7)
    assert [(d["host"], d["state"], d["last_seen"], d["days"]) for d in rep["unseen_devices"]] == [
        ("pc-offline-1", "active", None, None), ("pc-byod-1", "quarantined", "2026-11-14T09:00:00Z", 9)]
    assert host(rep, "pc-issued-1")["last_seen_at"] == "2026-11-23T11:00:00Z"
    assert summary_line(rep)  # the report still summarises


@pytest.mark.parametrize("var, value", [
    ("amane_last_seen_at", "2026-11-23 11:00"),
    ("amane_last_seen_at", 1796112000),
    ("amane_last_seen_at", "2026-11-23T11:00:00Z\n"),
    ("amane_posture", {"compliant": True, "checked_at": "yesterday", "failed": []}),
])
def test_a_registry_time_that_is_no_utc_time_is_refused_naming_it(var, value):
    fleet = records()
    fleet["pc-issued-1"][var] = value
    with pytest.raises(ReportInputError, match="records.pc-issued-1.%s" % var):
        build_report(audits(), fleet, catalogue(), generated_at=GENERATED_AT)


def test_quarantined_devices_are_listed_with_the_controls_their_posture_check_failed():
    """pc-byod-1 is quarantined for PO-M9B and PO-M9C (the registry's amane_posture.failed): listed with
    each control's title in three languages, its clause and its fix; the active devices are not listed."""
    rep = report()
    assert [d["host"] for d in rep["quarantined_devices"]] == ["pc-byod-1"]
    entry = rep["quarantined_devices"][0]
    assert entry["checked_at"] == "2026-11-23T10:01:00Z" and entry["device_id"] == records()["pc-byod-1"]["amane_device_id"]
    assert [c["id"] for c in entry["controls"]] == ["PO-M9B", "PO-M9C"]
    intrusion = entry["controls"][0]
    assert intrusion["clauses"] == ["M9b"] and intrusion["title"]["fr"] == "Aucun outil d'intrusion installé"
    assert intrusion["title"]["ar"] and intrusion["remediation"] == catalogue()["PO-M9B"].get("remediation") or intrusion["remediation"]


def test_a_device_quarantined_by_a_decision_alone_is_listed_with_no_control():
    fleet = records()
    fleet["pc-issued-1"]["amane_state"] = "quarantined"  # an officer's quarantine: its last check passed
    rep = build_report(audits(), fleet, catalogue(), generated_at=GENERATED_AT)
    by_host = {d["host"]: d["controls"] for d in rep["quarantined_devices"]}
    assert by_host == {"pc-byod-1": by_host["pc-byod-1"], "pc-issued-1": []} and by_host["pc-byod-1"]


@pytest.mark.parametrize("failed", ["PO-M9B", ["PO-M9B\n"], [7], {"PO-M9B": True}])
def test_a_posture_failed_list_that_is_no_list_of_control_ids_is_refused_naming_it(failed):
    fleet = records()
    fleet["pc-byod-1"]["amane_posture"]["failed"] = failed
    with pytest.raises(ReportInputError, match="records.pc-byod-1.amane_posture.failed"):
        build_report(audits(), fleet, catalogue(), generated_at=GENERATED_AT)
