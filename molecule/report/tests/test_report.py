"""The report over two real laptops lists both with the statuses their state gives.

pc-byod-1 carries an nmap program (prepare.yml): PO-M9B fails there and passes on
pc-issued-1. The report was written twice (converge, idempotence): the second set compares
with the first and finds no new failure, since the audits changed nothing.
"""

import csv
import glob
import json
import os
import sqlite3
import subprocess

import pytest
from lxml import etree

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REPORTS = os.path.join(ROOT, ".cache", "molecule-report")
XSD = etree.XMLSchema(etree.parse(os.path.join(ROOT, "tests", "fixtures", "report", "junit.xsd")))
testinfra_hosts = ["report-pc-byod-1"]


@pytest.fixture(scope="module")
def report_sets():
    sets = sorted(glob.glob(os.path.join(REPORTS, "*", "report.json")))
    assert len(sets) >= 2, "converge and idempotence should each have written a report set in %s" % REPORTS
    return [os.path.dirname(path) for path in sets]


@pytest.fixture(scope="module")
def report(report_sets):
    with open(os.path.join(report_sets[-1], "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def result(report, host, control):
    entry = next(h for h in report["hosts"] if h["host"] == host)
    return next((r for r in entry["results"] if r["id"] == control), None)


def test_both_laptops_listed_with_registry_records(report):
    hosts = {h["host"]: h for h in report["hosts"]}
    assert set(hosts) == {"report-pc-issued-1", "report-pc-byod-1"}
    assert hosts["report-pc-issued-1"]["device_id"] == "dev-0001"
    assert hosts["report-pc-byod-1"]["device_kind"] == "byod"
    assert all(h["audited"] for h in hosts.values())
    assert report["schema"] == "amane.report/1"


def test_intrusion_tool_fails_m9b_on_the_personal_laptop_only(report):
    byod = result(report, "report-pc-byod-1", "PO-M9B")
    issued = result(report, "report-pc-issued-1", "PO-M9B")
    assert byod["status"] == "fail" and "nmap" in byod["evidence"]
    assert issued["status"] == "pass"
    assert "PO-M9B" in next(h for h in report["hosts"] if h["host"] == "report-pc-byod-1")["failing"]
    assert report["hosts"][0]["compliant"] is False  # non-compliant first


def test_second_report_compares_with_the_first(report, report_sets):
    assert report["changes"] is not None
    # compared with the stored run of the first report, not with a file
    assert report["changes"]["previous_run_id"] == os.path.basename(report_sets[-2])
    assert report["changes"]["new_failures"] == []
    assert report["changes"]["new_hosts"] == [] and report["changes"]["removed_hosts"] == []


def test_both_runs_are_in_the_store_and_the_trend(report, report_sets):
    with sqlite3.connect(os.path.join(REPORTS, "registry.sqlite")) as conn:
        stored = [row[0] for row in conn.execute("SELECT run_id FROM report_runs ORDER BY run_id")]
        snapshots = conn.execute("SELECT COUNT(*) FROM report_snapshots").fetchone()[0]
    assert stored == [os.path.basename(d) for d in report_sets] and snapshots == len(report_sets)
    assert [r["run_id"] for r in report["trend"]["runs"]] == stored[:-1] + [None]


def test_auditor_bundle_verifies_with_stock_tools(report_sets, tmp_path):
    run_id = os.path.basename(report_sets[-1])
    bundle = os.path.join(REPORTS, run_id + ".auditor.tar.gz")
    subprocess.run(["tar", "-xzf", bundle, "-C", str(tmp_path)], check=True)
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=str(tmp_path / run_id), capture_output=True, text=True, check=False)
    assert check.returncode == 0 and "report.html: OK" in check.stdout, check.stdout + check.stderr


def test_every_format_written(report_sets):
    directory = report_sets[-1]
    XSD.assertValid(etree.parse(os.path.join(directory, "report.xml")))
    with open(os.path.join(directory, "report.csv"), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["host"] for r in rows} == {"report-pc-issued-1", "report-pc-byod-1"}
    assert any(r["host"] == "report-pc-byod-1" and r["control_id"] == "PO-M9B" and r["status"] == "fail" for r in rows)
    with open(os.path.join(directory, "report.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert "report-pc-byod-1" in page and 'dir="ltr"' in page and "العربية" in page


def test_audit_left_the_laptop_unchanged(host):
    assert host.file("/usr/local/bin/nmap").exists
