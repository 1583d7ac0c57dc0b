"""The report store: runs kept in the registry database (SQLite and PostgreSQL), read back by the
report itself: the comparison with any stored run, the trend, devices not assessed, retention,
and what is never stored (owners, evidence). The auditor's export verified with stock tools."""

import datetime
import json
import os
import sqlite3
import subprocess
import tarfile
import zlib

import pytest

from ansible_collections.amane.telework.plugins.plugin_utils import report_export
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import ReportInputError, build_report
from ansible_collections.amane.telework.plugins.plugin_utils.report_store import ReportStore, StoreError, decode_snapshot
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import write_report

from tests.unit.report_fixtures import GENERATED_AT, OWNER_IDS, OWNER_NAMES, audits, catalogue, previous_audits, records

DAY = datetime.timedelta(days=1)


@pytest.fixture
def store(registry_target):
    opened = ReportStore(registry_target.open())
    yield opened
    opened.close()


def write(store, tmp_path, fleet, at, **options):
    return write_report(fleet, records(), catalogue(), str(tmp_path / "reports"), store=store, generated_at=at, **options)


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def test_second_run_compares_with_the_stored_first_as_with_its_report_file(store, tmp_path):
    """The writer's real output read back: the stored run gives the same changes as the first
    run's report.json would."""
    first = write(store, tmp_path, previous_audits(), GENERATED_AT - DAY)
    second = write(store, tmp_path, audits(), GENERATED_AT)
    assert first["stored"] and first["previous"] is None
    assert second["previous"] == "run " + first["run_id"]
    from_store = load_json(second["files"]["json"])["changes"]
    from_file = build_report(audits(), records(), catalogue(), previous=load_json(first["files"]["json"]), generated_at=GENERATED_AT)
    for key in ("new_failures", "fixes", "new_hosts", "removed_hosts"):
        assert from_store[key] == from_file["changes"][key], key
    assert from_store["new_failures"] == [{"host": "pc-byod-1", "control": "PO-M9B", "before": "pass", "after": "fail"}]
    assert from_store["fixes"] == [{"host": "pc-issued-1", "control": "EH-04", "before": "fail", "after": "pass"}]
    assert from_store["previous_run_id"] == first["run_id"]
    assert store.compare(first["run_id"], second["run_id"])["new_failures"] == from_store["new_failures"]


def test_any_two_stored_runs_can_be_compared(store, tmp_path):
    runs = [write(store, tmp_path, fleet, GENERATED_AT + n * DAY)["run_id"]
            for n, fleet in enumerate((previous_audits(), audits(), previous_audits()))]
    # the third run against the first: the same fleet, nothing changed
    third = write(store, tmp_path, previous_audits(), GENERATED_AT + 3 * DAY, previous=runs[0])
    changes = load_json(third["files"]["json"])["changes"]
    assert changes["previous_run_id"] == runs[0] and changes["new_failures"] == [] and changes["fixes"] == []
    assert store.compare(runs[1], runs[2])["fixes"] == [{"host": "pc-byod-1", "control": "PO-M9B", "before": "fail", "after": "pass"}]


def test_trend_has_every_stored_run_then_this_one(store, tmp_path):
    for n in range(3):
        write(store, tmp_path, previous_audits() if n % 2 else audits(), GENERATED_AT + n * DAY)
    last = write(store, tmp_path, audits(), GENERATED_AT + 3 * DAY)
    trend = load_json(last["files"]["json"])["trend"]
    assert [r["run_id"] for r in trend["runs"]] == ["20261123T120000Z", "20261124T120000Z", "20261125T120000Z", None]
    assert [r["rate"] for r in trend["runs"]] == [50.0, 25.0, 50.0, 50.0]
    # a control's line: EH-04 fails on pc-issued-1 in the earlier fleet only
    assert trend["control"]["EH-04"] == [100.0, 50.0, 100.0, 100.0]
    assert trend["administration"]["Réforme de l'Administration"] == [0.0, 0.0, 0.0, 0.0]


def test_runs_older_than_the_retention_are_deleted(store, tmp_path):
    old = write(store, tmp_path, audits(), GENERATED_AT - 40 * DAY)
    kept = write(store, tmp_path, audits(), GENERATED_AT - 10 * DAY)
    latest = write(store, tmp_path, audits(), GENERATED_AT, retention_days=30)
    assert latest["pruned_runs"] == 1
    assert [r["run_id"] for r in store.runs()] == [kept["run_id"], latest["run_id"]]
    with pytest.raises(StoreError, match="run %s is not in the report store" % old["run_id"]):
        store.load(old["run_id"])


def test_devices_not_assessed_are_listed_from_the_store(store, tmp_path):
    """pc-byod-1 assessed 10 days ago and unreachable since: listed with its age; pc-offline-1
    never assessed: listed first, as never."""
    earlier = audits()
    for audit in earlier:
        audit["checked_at"] = "2026-11-13T10:01:00Z"
    write(store, tmp_path, earlier, GENERATED_AT - 10 * DAY)
    reached = [a for a in audits() if a["host"] != "pc-byod-1"]
    for audit in reached:
        audit["checked_at"] = "2026-11-23T10:00:00Z"
    fleet = records()
    fleet["pc-byod-1"]["amane_posture"]["checked_at"] = "2026-11-13T10:01:00Z"  # no posture run since, either
    written = write_report(reached, fleet, catalogue(), str(tmp_path / "reports"), store=store, generated_at=GENERATED_AT, stale_days=7)
    report = load_json(written["files"]["json"])
    stale = [(d["host"], d["last_assessed"], d["days"]) for d in report["stale_devices"]]
    assert stale == [("pc-offline-1", None, None), ("pc-byod-1", "2026-11-13T10:01:00Z", 10)]
    assert report["stale_days"] == 7


def test_a_posture_check_since_the_last_report_counts_as_an_assessment(store, tmp_path):
    """pc-byod-1 missed the report runs but playbooks/posture.yml checked it (the registry's
    posture.checked_at): assessed, not listed; its posture time is the one shown nowhere else."""
    earlier = audits()
    for audit in earlier:
        audit["checked_at"] = "2026-11-13T10:01:00Z"
    write(store, tmp_path, earlier, GENERATED_AT - 10 * DAY)
    reached = [a for a in audits() if a["host"] != "pc-byod-1"]
    report = load_json(write(store, tmp_path, reached, GENERATED_AT, stale_days=7)["files"]["json"])
    assert [d["host"] for d in report["stale_devices"]] == ["pc-offline-1"]


def test_waivers_ending_within_the_warning_are_listed():
    fleet = audits()
    fleet[0]["results"][1]["waiver"]["expires"] = "2026-12-03"  # 10 days after GENERATED_AT
    report = build_report(fleet, records(), catalogue(), generated_at=GENERATED_AT, waiver_warning_days=30)
    assert report["waivers_expiring"] == [
        {"host": "pc-issued-1", "control": "PO-M9A", "expires": "2026-12-03", "days_left": 10, "approver": "RSSI Rabat"}]
    assert build_report(fleet, records(), catalogue(), generated_at=GENERATED_AT, waiver_warning_days=9)["waivers_expiring"] == []
    assert build_report(audits(), records(), catalogue(), generated_at=GENERATED_AT)["waivers_expiring"] == []  # 2099


def test_failing_controls_carry_the_catalogues_remediation_in_three_languages():
    report = build_report(audits(), records(), catalogue(), generated_at=GENERATED_AT)
    entry = next(c for c in report["controls"] if c["id"] == "PO-M9B")
    assert entry["remediation"] == catalogue()["PO-M9B"]["remediation"]
    assert next(c for c in report["controls"] if c["id"] == "XX-99")["remediation"] is None  # unknown to the catalogue


def test_owners_and_evidence_are_never_stored(registry_target, tmp_path):
    store = ReportStore(registry_target.open())
    write(store, tmp_path, audits(), GENERATED_AT)
    dumped = []
    for table in ("report_runs", "report_rates", "report_last_assessed"):
        dumped.extend(repr(row) for row in store.registry._exec("SELECT * FROM %s" % table).fetchall())  # noqa: S608
    blob = store.registry._exec("SELECT snapshot FROM report_snapshots").fetchone()[0]
    dumped.append(zlib.decompress(bytes(blob)).decode("utf-8"))
    store.close()
    text = "\n".join(dumped)
    for secret in OWNER_NAMES + OWNER_IDS + ("nmap", "/home/youssef"):
        assert secret not in text, secret
    if registry_target.backend == "sqlite":  # and not in the file's pages either
        with open(registry_target.path, "rb") as handle:
            raw = handle.read()
        for secret in ("Fatima Zahra Benali", "EMP-4711"):
            assert secret.encode("utf-8") not in raw


def test_snapshot_round_trip_keeps_every_status():
    report = build_report(audits(), records(), catalogue(), generated_at=GENERATED_AT)
    from ansible_collections.amane.telework.plugins.plugin_utils.report_store import encode_snapshot

    statuses = decode_snapshot(encode_snapshot(report))
    for host in report["hosts"]:
        expected = {r["id"]: r["status"] for r in host["results"]} if host["audited"] else None
        assert statuses[host["host"]] == expected, host["host"]


def test_check_mode_stores_nothing(store, tmp_path):
    written = write(store, tmp_path, audits(), GENERATED_AT, check_mode=True)
    assert written["stored"] is False and store.runs() == []
    assert not os.path.exists(str(tmp_path / "reports"))


def test_a_store_refusal_removes_the_folder_just_written(store, tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise StoreError("registry_path/registry_dsn (the report store): disk full")

    monkeypatch.setattr(store, "save", refuse)
    with pytest.raises(ReportInputError, match="disk full"):
        write(store, tmp_path, audits(), GENERATED_AT)
    assert os.listdir(str(tmp_path / "reports")) == []


def test_a_stored_run_id_without_store_names_the_fix(tmp_path):
    with pytest.raises(ReportInputError, match="previous: 20261101T060000Z is a stored run id, and no report store"):
        write_report(audits(), records(), catalogue(), str(tmp_path), previous="20261101T060000Z", generated_at=GENERATED_AT)


# --- the auditor's export -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def signing(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    key, public = folder / "signing.pem", folder / "signing.pub"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(public)], check=True, capture_output=True)
    return str(key), str(public)


def test_signed_bundle_verifies_with_tar_sha256sum_and_openssl(tmp_path, signing):
    key, public = signing
    store = ReportStore.open(path=str(tmp_path / "registry.sqlite"))
    written = write(store, tmp_path, audits(), GENERATED_AT, signing_key=key, bundle=True)
    store.close()
    assert written["signed"] and written["bundle"].endswith("20261123T120000Z.auditor.tar.gz")
    out = tmp_path / "auditor"
    out.mkdir()
    subprocess.run(["tar", "-xzf", written["bundle"], "-C", str(out)], check=True)
    folder = out / "20261123T120000Z"
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=str(folder), capture_output=True, text=True, check=False)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    assert sorted(line.split(": ")[0] for line in sums.stdout.splitlines()) == [
        "manifest.json", "report.csv", "report.html", "report.json", "report.xml", "summary.txt"]
    verify = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin",
              "-in", "manifest.json", "-sigfile", "manifest.json.sig"]
    assert subprocess.run(verify, cwd=str(folder), capture_output=True, check=False).returncode == 0
    manifest = load_json(folder / "manifest.json")
    assert manifest["run_id"] == "20261123T120000Z" and manifest["summary"]["hosts"] == 4
    # the manifest's digest is in the store too: a folder rewritten whole no longer matches it
    with sqlite3.connect(str(tmp_path / "registry.sqlite")) as conn:
        stored = conn.execute("SELECT manifest_sha256 FROM report_runs").fetchone()[0]
    assert stored == written["manifest_sha256"] == report_export.sha256_text((folder / "manifest.json").read_text(encoding="utf-8"))
    # a changed report fails both checks
    (folder / "report.csv").write_text("host\n", encoding="utf-8")
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=str(folder), capture_output=True, check=False).returncode == 1
    (folder / "manifest.json").write_text(json.dumps(dict(manifest, run_id="x")), encoding="utf-8")
    assert subprocess.run(verify, cwd=str(folder), capture_output=True, check=False).returncode != 0


def test_bundle_is_reproducible_and_private(tmp_path):
    written = write_report(audits(), records(), catalogue(), str(tmp_path), previous="none", generated_at=GENERATED_AT, bundle=True)
    with open(written["bundle"], "rb") as handle:
        first = handle.read()
    assert report_export.auditor_bundle(written["directory"], GENERATED_AT.timestamp()) == written["bundle"]
    with open(written["bundle"], "rb") as handle:
        assert handle.read() == first
    assert os.stat(written["bundle"]).st_mode & 0o777 == 0o640
    with tarfile.open(written["bundle"]) as tar:
        members = tar.getmembers()
    assert {(m.uid, m.gid) for m in members} == {(0, 0)}
    assert all(m.mode == (0o750 if m.isdir() else 0o640) for m in members)
    assert all(m.name == "20261123T120000Z" or m.name.startswith("20261123T120000Z/") for m in members)
