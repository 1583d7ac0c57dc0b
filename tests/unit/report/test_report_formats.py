"""Every format rendered from the fixtures: JSON against its schema, JUnit against the XSD,
CSV rows, a self-contained HTML page, and pseudonymization leaving no owner's name anywhere."""

import csv
import datetime
import io
import json
import os
import re

import jsonschema
import pytest
from lxml import etree

from ansible_collections.amane.telework.plugins.plugin_utils.report_formats import render_csv, render_json, render_junit
from ansible_collections.amane.telework.plugins.plugin_utils.report_html import render_html
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import build_report
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import write_report

from tests.unit.report_fixtures import FIXTURES, GENERATED_AT, OWNER_IDS, OWNER_NAMES, audits, catalogue, previous_audits, records

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
with open(os.path.join(ROOT, "docs", "report-schema.json"), encoding="utf-8") as _handle:
    SCHEMA = json.load(_handle)
JUNIT_XSD = etree.XMLSchema(etree.parse(os.path.join(FIXTURES, "junit.xsd")))


def full_report(**kwargs):
    previous = build_report(previous_audits(), records(), catalogue(), generated_at=GENERATED_AT - datetime.timedelta(days=1))
    return build_report(audits(), records(), catalogue(), previous=previous, threshold=75, inventory_source="inventories/lab",
                        collection_version="0.1.0", generated_at=GENERATED_AT, **kwargs)


@pytest.mark.parametrize("kwargs", [{}, {"pseudonymize_key": "k"}])
def test_json_validates_against_the_documented_schema(kwargs):
    document = json.loads(render_json(full_report(**kwargs)))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["schema"] == "amane.report/1"
    byod = next(h for h in document["hosts"] if h["host"] == "pc-byod-1")
    assert "أداة اختراق مثبتة: nmap 7.93" in [r["evidence"] for r in byod["results"]]


def test_schema_rejects_a_report_with_a_wrong_status():
    document = json.loads(render_json(full_report()))
    document["hosts"][0]["results"][0]["status"] = "ok"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_junit_validates_against_the_junit_xsd_with_one_case_per_host_and_control():
    text = render_junit(full_report())
    tree = etree.fromstring(text.encode("utf-8"))
    JUNIT_XSD.assertValid(tree)
    suites = {s.get("name"): s for s in tree.findall("testsuite")}
    assert set(suites) == {"pc-byod-1", "pc-offline-1", "gw1", "pc-issued-1"}
    byod = suites["pc-byod-1"]
    assert (byod.get("tests"), byod.get("failures"), byod.get("errors")) == ("5", "3", "1")
    failure = byod.xpath("testcase[starts-with(@name, 'PO-M9B ')]/failure")[0]
    # the evidence, then what to do (the catalogue's remediation), under the failure CI dashboards show
    assert failure.text == "أداة اختراق مثبتة: nmap 7.93\nRemediation: " + catalogue()["PO-M9B"]["remediation"]["en"]
    assert suites["pc-offline-1"].find("testcase/error").get("type") == "no_audit"
    waived = suites["pc-issued-1"].xpath("testcase[starts-with(@name, 'PO-M9A ')]/skipped")[0]
    assert "RSSI Rabat" in waived.get("message")
    assert tree.get("tests") == str(len(tree.findall("testsuite/testcase")))


def test_junit_is_rejected_by_the_xsd_when_broken():
    tree = etree.fromstring(render_junit(full_report()).encode("utf-8"))
    del tree.find("testsuite/testcase").attrib["classname"]
    assert not JUNIT_XSD.validate(tree)


def test_csv_one_row_per_host_and_control_safe_for_spreadsheets():
    text = render_csv(full_report(), "ar")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 5 + 4 + 1 + 1  # byod, issued, gw1, and one line for the host without audit
    m9b = next(r for r in rows if r["host"] == "pc-byod-1" and r["control_id"] == "PO-M9B")
    assert m9b["control_title"] == "عدم تثبيت أدوات الاختراق"
    assert m9b["status"] == "fail" and m9b["evidence"] == "أداة اختراق مثبتة: nmap 7.93"
    injected = next(r for r in rows if r["control_id"] == "XX-99")
    assert injected["evidence"].startswith("'=HYPERLINK")
    waived = next(r for r in rows if r["host"] == "pc-issued-1" and r["control_id"] == "PO-M9A")
    assert (waived["waiver_approver"], waived["waiver_expires"]) == ("RSSI Rabat", "2099-12-31")


def test_html_is_self_contained_and_carries_the_three_languages():
    page = render_html(full_report(), ["fr", "ar", "en"])
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">")
    # nothing fetched from elsewhere: no external script, style, image or font
    assert not re.search(r"""(src|href)=["'](https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    # the trend chart is drawn in the page itself, as SVG built by the embedded script
    assert 'createElementNS(SVGNS' in page and '"http://www.w3.org/2000/svg"' in page
    data = json.loads(re.search(r'<script type="application/json" id="amane-data">(.*?)</script>', page, re.S).group(1))
    assert data["languages"] == ["fr", "ar", "en"]
    m9b = [c for c in data["controls"] if c[0] == "PO-M9B"][0]
    assert m9b[1] == {"en": "No intrusion tools installed", "fr": "Aucun outil d'intrusion installé", "ar": "عدم تثبيت أدوات الاختراق"}
    assert "أداة اختراق مثبتة: nmap 7.93" in data["strings"]
    assert data["clauses"]["M9b"]["ar"].startswith("عدم تثبيت أنظمة الاختراق")
    assert data["changes"]["fixes"] == [["pc-issued-1", "EH-04", "fail", "pass"]]
    # evidence from a host can never close the data element and inject markup
    assert "</script><script>alert(1)" not in page


def test_html_opens_in_arabic_right_to_left_when_arabic_comes_first():
    page = render_html(full_report(), ["ar", "fr"])
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">")
    assert "تقرير مطابقة العمل عن بعد" in page


def test_html_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="languages: 'de'"):
        render_html(full_report(), ["de"])


def test_pseudonymization_leaves_no_owner_name_in_any_format(tmp_path):
    written = write_report(audits(), records(), catalogue(), str(tmp_path), pseudonymize_key="vault-secret", generated_at=GENERATED_AT)
    forbidden = set(OWNER_NAMES) | set(OWNER_IDS)
    for name in OWNER_NAMES:
        forbidden.update(part for part in name.split() if len(part) >= 3)
    assert len(written["files"]) == 4
    for path in written["files"].values():
        with open(path, encoding="utf-8") as handle:
            content = handle.read().casefold()
        for word in forbidden:
            assert word.casefold() not in content, "%s found in %s" % (word, os.path.basename(path))
        assert "vault-secret" not in content
    document = json.load(open(written["files"]["json"], encoding="utf-8"))
    byod = next(h for h in document["hosts"] if h["host"] == "pc-byod-1")
    assert re.match(r"^owner-[0-9a-f]{12}$", byod["owner"]) and re.match(r"^id-[0-9a-f]{12}$", byod["owner_id"])
    assert byod["owner"] in next(r["evidence"] for r in byod["results"] if r["id"] == "PO-M9C")
    assert document["pseudonymized"] is True


def test_pseudonyms_are_stable_for_one_key_and_differ_between_keys():
    def owners(key):
        return {h["host"]: h["owner"] for h in build_report(audits(), records(), catalogue(), pseudonymize_key=key)["hosts"]}

    assert owners("one") == owners("one")
    assert owners("one")["pc-byod-1"] != owners("two")["pc-byod-1"]
    assert len(set(owners("one").values()) - {None}) == 3


@pytest.mark.parametrize("threshold, shown", [(0, "threshold_none"), (None, "threshold_none"), (75, "threshold_")])
def test_a_zero_threshold_is_shown_as_no_threshold_never_as_met(threshold, shown):
    report = build_report(audits(), records(), catalogue(), threshold=threshold, generated_at=GENERATED_AT)
    page = render_html(report, ["en", "fr", "ar"])
    summary = page[page.index('<section'):page.index('id="charts"')]
    assert 'data-i18n="%s' % shown in summary
    if not threshold:
        assert 'data-i18n="threshold_met"' not in summary and "No threshold set" in summary


def test_a_zero_percent_bar_is_drawn_and_only_not_applicable_is_empty():
    page = render_html(full_report(), ["en"])
    assert "Math.max(bar * value / 100, 4)" in page and "item.value === null ? 0 :" in page


def _tree(path):
    return sorted(os.path.relpath(os.path.join(d, f), path) for d, _unused, fs in os.walk(path) for f in fs) + sorted(
        os.path.relpath(os.path.join(d, s), path) for d, ss, _unused in os.walk(path) for s in ss)


def _audit(**result):
    base = {"id": "PO-M9B", "clauses": ["M9b"], "status": "fail", "evidence": "nmap", "waiver": None}
    base.update(result)
    return [{"schema": "amane.audit/1", "host": "pc-1", "profile": "issued", "checked_at": "2026-11-23T10:00:00Z",
             "results": [base]}]


@pytest.mark.parametrize("audits, field", [
    (_audit(id=["PO-M9B"]), "results[0].results[0].id"),
    (_audit(id=12), "results[0].results[0].id"),
    (_audit(id="PO-M9B\n"), "results[0].results[0].id"),
    (_audit(evidence={"a": 1}), "results[0].results[0].evidence"),
    (_audit(waiver="approved by me"), "results[0].results[0].waiver"),
    (_audit(clauses="M9b"), "results[0].results[0].clauses"),
    (_audit(clauses=["=HYPERLINK(1)"]), "results[0].results[0].clauses"),
    ([dict(_audit()[0], checked_at=1700000000)], "results[0].checked_at"),
    ([dict(_audit()[0], host=["pc"])], "results[0].host"),
    ([dict(_audit()[0], profile={"x": 1})], "results[0].profile"),
])
def test_malformed_results_are_refused_naming_the_field_and_nothing_is_written(tmp_path, audits, field):
    from ansible_collections.amane.telework.plugins.plugin_utils.report_model import ReportInputError

    before = _tree(str(tmp_path))
    with pytest.raises(ReportInputError, match=re.escape(field)):
        write_report(audits, {}, catalogue(), str(tmp_path), previous="none", generated_at=GENERATED_AT)
    assert _tree(str(tmp_path)) == before


def test_a_render_failure_leaves_no_partial_set_for_previous_auto(tmp_path, monkeypatch):
    from ansible_collections.amane.telework.plugins.plugin_utils import report_writer

    def broken(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_writer, "render_junit", broken)
    with pytest.raises(RuntimeError):
        write_report(audits(), records(), catalogue(), str(tmp_path), previous="none", generated_at=GENERATED_AT)
    assert os.listdir(str(tmp_path)) == []
    assert report_writer.latest_report(str(tmp_path)) is None


def test_a_waiver_without_approver_or_justification_waives_nothing():
    waiver = {"justification": "", "approver": "rssi", "expires": "2099-12-31", "expired": False}
    report = build_report(_audit(status="waived", waiver=waiver), {}, catalogue(), generated_at=GENERATED_AT)
    host = report["hosts"][0]
    assert host["compliant"] is False
    assert [r["status"] for r in host["results"]] == ["fail"]
    assert "waiver without approver or justification" in host["results"][0]["evidence"]


def test_direction_controls_from_hosts_are_shown_not_obeyed():
    report = build_report(_audit(evidence="found \u202eexe.txt"), {"pc-1": {"amane_owner_name": "Karim\u202e"}},
                          catalogue(), generated_at=GENERATED_AT)
    page = render_html(report, ["en"])
    assert "\u202e" not in page and "found <U+202E>exe.txt" in json.dumps(report, ensure_ascii=False)


def test_every_csv_cell_from_a_host_is_kept_from_running_as_a_formula():
    waiver = {"justification": "+cmd|' /C calc'!A0", "approver": "@SUM(1)", "expires": "=2099-12-31", "expired": False}
    report = build_report(_audit(status="waived", waiver=waiver), {}, catalogue(), generated_at=GENERATED_AT)
    rows = list(csv.reader(io.StringIO(render_csv(report).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], cells
    assert "'=2099-12-31" in cells
