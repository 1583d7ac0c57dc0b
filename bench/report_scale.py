"""Benchmark: render all four report formats for a synthetic fleet, with its history, against json.load of its results.

    .venv/bin/python bench/report_scale.py [--devices 10000] [--controls 60] [--runs 30] [--out DIR]

The report store (a SQLite registry) is first filled with ``--runs`` earlier runs of the fleet.
Prints the time to json.load the fleet's results, the time to build the report with its trend
(every stored run) and its comparison with the latest stored run and write HTML + JSON + JUnit
XML + CSV + manifest + checksums, and the ratio of the two (target: <= 5); the time to store one
run, and the store's size on disk. It also prints the HTML size and how many device rows the page
shows at once (one page, never the whole fleet).
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))

from ansible_collections.amane.telework.plugins.plugin_utils.report_model import build_report
from ansible_collections.amane.telework.plugins.plugin_utils.report_store import ReportStore
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import write_report

GENERATED_AT = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)

# A plausible fleet: most controls pass, a few fail (one device in four has a failure or more)
STATUSES = ("pass",) * 1800 + ("not_applicable",) * 150 + ("fail",) * 8 + ("waived",) * 30 + ("error",) * 2
ADMINISTRATIONS = ["وزارة الاقتصاد والمالية", "Réforme de l'Administration", "Santé", "Éducation", "Justice", "Intérieur"]
EVIDENCE = {
    "pass": "setting read: value %d within policy",
    "fail": "package nmap %d.93 installed (deny-list)",
    "not_applicable": "control does not apply to the %d profile",
    "waived": "signatures %d days old",
    "error": "could not read state: exit status %d",
}


def synthetic_catalogue(controls):
    catalogue = {}
    for n in range(controls):
        control_id = "SY-%02d" % n
        catalogue[control_id] = {
            "title": {"en": "Synthetic control %d" % n, "fr": "Contrôle synthétique %d" % n, "ar": "ضابط تجريبي %d" % n},
            "clauses": [("S%d" % (n % 21 + 1))] + (["M9b"] if n % 7 == 0 else []),
            "refs": ["CIS Debian 12 %d.1" % n],
            "severity": ("low", "medium", "high", "critical")[n % 4],
        }
    return catalogue


def synthetic_fleet(devices, controls, seed=42):
    """Host reports and registry records for ``devices`` hosts with ``controls`` results each."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible synthetic data, not a secret
    ids = sorted(synthetic_catalogue(controls))
    audits, records = [], {}
    for d in range(devices):
        host = "pc-%05d" % d
        results = []
        for control_id in ids:
            status = rng.choice(STATUSES)
            waiver = None
            if status == "waived":
                waiver = {"justification": "pending replacement laptop", "approver": "RSSI", "expires": "2099-01-01", "expired": False}
            results.append({"id": control_id, "clauses": ["S4"], "status": status,
                            "evidence": EVIDENCE[status] % rng.randint(1, 40), "waiver": waiver})
        audits.append({"schema": "amane.audit/1", "host": host, "profile": "issued" if d % 3 else "byod",
                       "checked_at": "2026-11-23T10:00:00Z", "summary": {}, "results": results})
        records[host] = {
            "amane_device_id": "dev-%05d" % d, "amane_state": "active", "amane_administration": ADMINISTRATIONS[d % len(ADMINISTRATIONS)],
            "amane_unit": "unit-%d" % (d % 40), "amane_device_kind": "issued" if d % 3 else "byod", "amane_telework_kind": "partial",
            "amane_owner_id": "EMP-%05d" % d, "amane_owner_name": "Owner Number%05d" % d,
        }
    return audits, records


def fill_store(store, audits, records, catalogue, runs, last=GENERATED_AT):
    """Store ``runs`` daily runs of the fleet before ``last`` (the same statuses, a fleet rate that
    moves, so the trend has a line to draw). Returns the seconds the last save took."""
    report = build_report(audits, records, catalogue, generated_at=last)
    seconds = 0.0
    for n in range(runs, 0, -1):
        at = last - datetime.timedelta(days=n)
        summary = dict(report["summary"], rate=round(max(0.0, report["summary"]["rate"] - n * 0.5), 2))
        start = time.perf_counter()
        store.save(dict(report, generated_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"), summary=summary))
        seconds = time.perf_counter() - start
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=10000)
    parser.add_argument("--controls", type=int, default=60)
    parser.add_argument("--runs", type=int, default=30, help="earlier runs in the report store")
    parser.add_argument("--out", default=None, help="keep the report set here (default: a temporary directory)")
    args = parser.parse_args()

    audits, records = synthetic_fleet(args.devices, args.controls)
    catalogue = synthetic_catalogue(args.controls)
    out = args.out or tempfile.mkdtemp(prefix="amane-bench-")
    results_path = os.path.join(out, "results.json")
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump(audits, handle, ensure_ascii=False)
    registry = os.path.join(out, "registry.sqlite")
    store = ReportStore.open(path=registry)
    store_seconds = fill_store(store, audits, records, catalogue, args.runs)
    del audits

    start = time.perf_counter()
    with open(results_path, encoding="utf-8") as handle:
        loaded = json.load(handle)
    load_seconds = time.perf_counter() - start

    start = time.perf_counter()
    written = write_report(
        loaded, records, catalogue, os.path.join(out, "report"), formats=("html", "json", "junit", "csv"),
        languages=("fr", "ar", "en"), inventory_source="bench/report_scale.py (synthetic)", collection_version="bench",
        generated_at=GENERATED_AT, store=store,
    )
    render_seconds = time.perf_counter() - start
    store.close()

    results = args.devices * args.controls
    print("fleet: %d devices x %d controls = %d results (%.1f MB of results JSON)" % (
        args.devices, args.controls, results, os.path.getsize(results_path) / 1e6))
    print("json.load of the results:          %.2f s" % load_seconds)
    print("report, all four formats written:  %.2f s" % render_seconds)
    print("ratio (report / json.load):        %.2f (target <= 5)" % (render_seconds / load_seconds))
    print("  with the trend over %d stored runs and the comparison with %s" % (len(written_trend(written)), written["previous"]))
    print("store one run (rates, snapshot):   %.2f s" % store_seconds)
    print("report store on disk:              %.1f MB for %d runs (%.0f KiB per run)" % (
        os.path.getsize(registry) / 1e6, args.runs + 1, os.path.getsize(registry) / 1024.0 / (args.runs + 1)))
    for fmt, path in sorted(written["files"].items()):
        print("  %-5s %8.1f MB  %s" % (fmt, os.path.getsize(path) / 1e6, path))
    print("HTML shows 25 device rows per page, filtered and paged in the browser from the embedded JSON")
    print(written["summary_line"])


def written_trend(written):
    with open(written["files"]["json"], encoding="utf-8") as handle:
        return json.load(handle)["trend"]["runs"][:-1]


if __name__ == "__main__":
    main()
