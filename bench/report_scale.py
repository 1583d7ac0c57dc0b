"""Benchmark: render all four report formats for a synthetic fleet, against json.load of its results.

    .venv/bin/python bench/report_scale.py [--devices 10000] [--controls 60] [--out DIR]

Prints the time to json.load the fleet's results, the time to build the report and write
HTML + JSON + JUnit XML + CSV, and the ratio of the two (target: <= 5). It also prints the
HTML size and how many device rows the page shows at once (one page, never the whole fleet).
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

from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import write_report  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=10000)
    parser.add_argument("--controls", type=int, default=60)
    parser.add_argument("--out", default=None, help="keep the report set here (default: a temporary directory)")
    args = parser.parse_args()

    audits, records = synthetic_fleet(args.devices, args.controls)
    catalogue = synthetic_catalogue(args.controls)
    out = args.out or tempfile.mkdtemp(prefix="amane-bench-")
    results_path = os.path.join(out, "results.json")
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump(audits, handle, ensure_ascii=False)
    del audits

    start = time.perf_counter()
    with open(results_path, encoding="utf-8") as handle:
        loaded = json.load(handle)
    load_seconds = time.perf_counter() - start

    start = time.perf_counter()
    written = write_report(
        loaded, records, catalogue, os.path.join(out, "report"), formats=("html", "json", "junit", "csv"),
        languages=("fr", "ar", "en"), inventory_source="bench/report_scale.py (synthetic)", collection_version="bench",
        generated_at=datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc),
    )
    render_seconds = time.perf_counter() - start

    results = args.devices * args.controls
    print("fleet: %d devices x %d controls = %d results (%.1f MB of results JSON)" % (
        args.devices, args.controls, results, os.path.getsize(results_path) / 1e6))
    print("json.load of the results:          %.2f s" % load_seconds)
    print("report, all four formats written:  %.2f s" % render_seconds)
    print("ratio (report / json.load):        %.2f (target <= 5)" % (render_seconds / load_seconds))
    for fmt, path in sorted(written["files"].items()):
        print("  %-5s %8.1f MB  %s" % (fmt, os.path.getsize(path) / 1e6, path))
    print("HTML shows 25 device rows per page, filtered and paged in the browser from the embedded JSON")
    print(written["summary_line"])


if __name__ == "__main__":
    main()
