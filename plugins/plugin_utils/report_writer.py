# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a dated report set (report.html/.json/.xml/.csv) under a reports directory.

Used by the compliance_report action plugin and by bench/report_scale.py. Reports hold
personal data (law 09.08): files are created 0640 in a 0750 directory, written atomically.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import datetime
import glob
import json
import os
import re
import shutil
import tempfile

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.plugin_utils import report_export, report_store
from ansible_collections.amane.telework.plugins.plugin_utils.report_i18n import check_languages
from ansible_collections.amane.telework.plugins.plugin_utils.report_formats import render_csv, render_json, render_junit
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import (
    DEFAULT_STALE_DAYS,
    DEFAULT_WAIVER_WARNING_DAYS,
    ReportInputError,
    build_report,
    check_days,
    summary_line,
)
from ansible_collections.amane.telework.plugins.plugin_utils.report_store import DEFAULT_RETENTION_DAYS, StoreError

FORMATS = ("html", "json", "junit", "csv")
RUN_ID = report_store.RUN_ID
FILE_NAMES = {"html": "report.html", "json": "report.json", "junit": "report.xml", "csv": "report.csv"}
STAMP = report_store.RUN_ID_FORMAT  # a folder is named by its run id


def latest_report(reports_dir):
    """Path of the newest report.json under ``reports_dir`` (dated sub-directories), or None."""
    candidates = [
        path for path in glob.glob(os.path.join(reports_dir, "*", FILE_NAMES["json"]))
        if RUN_ID.fullmatch(os.path.basename(os.path.dirname(path)))
    ]
    return max(candidates) if candidates else None


def load_previous(previous, reports_dir, store=None, before=None):
    """``previous``: 'auto' (the store's latest run before ``before``, else the newest report.json
    in reports_dir), '' or 'none' (no diff), a stored run id, or a report.json path.

    Returns (the report or stored run, what it was: a path or 'run <id>').
    """
    if not previous or previous == "none":
        return None, None
    if previous == "auto" and store is not None:
        run_id = store.latest_run_id(before=before)
        if run_id is not None:
            return _stored(store, run_id)
    if RUN_ID.fullmatch(previous):
        if store is None:
            raise ReportInputError("previous: %s is a stored run id, and no report store is configured; give registry_path or "
                                   "registry_dsn, or a report.json path" % previous)
        return _stored(store, previous)
    path = latest_report(reports_dir) if previous == "auto" else previous
    if path is None:
        return None, None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), path
    except (IOError, OSError, ValueError) as exc:
        raise ReportInputError("previous: cannot read %s (%s); give a report.json path, 'auto' or 'none'" % (path, exc))


def _stored(store, run_id):
    try:
        return store.load(run_id), "run " + run_id
    except StoreError as exc:
        raise ReportInputError(str(exc))


def read_collection_version(galaxy_yml):
    try:
        with open(galaxy_yml, encoding="utf-8") as handle:
            for line in handle:
                match = re.match(r"^version:\s*['\"]?([^'\"\s#]+)", line)
                if match:
                    return match.group(1)
    except (IOError, OSError):
        pass
    return None


def _write(path, data):
    with report_export.private_file(path) as stream:
        stream.write(data)


def _write_set(directory, blobs):
    """Write ``blobs`` {file name: bytes} as the report folder ``directory``, all or nothing."""
    parent = os.path.dirname(directory)
    os.makedirs(parent, mode=0o750, exist_ok=True)
    staging = tempfile.mkdtemp(dir=parent, prefix=".partial-")  # never matches RUN_ID
    try:
        os.chmod(staging, 0o750)  # noqa: S103 - the report folder mode the README documents (group readers)
        for name, data in blobs.items():
            _write(os.path.join(staging, name), data)
        if os.path.isdir(directory):  # a set of the same second: replaced whole, never mixed
            retired = tempfile.mkdtemp(dir=parent, prefix=".replaced-")
            os.rename(directory, os.path.join(retired, "set"))
            os.rename(staging, directory)
            shutil.rmtree(retired)
        else:
            os.rename(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextlib.contextmanager
def _opened(store):
    """``store`` as it is, or, when it is a function, the store it opens, closed afterwards."""
    if not callable(store):
        yield store
        return
    opened = store()
    try:
        yield opened
    finally:
        if opened is not None:
            opened.close()


def check_formats(formats):
    formats = list(formats or FORMATS)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ReportInputError("formats: %r is not a report format; choose among %s" % (fmt, ", ".join(FORMATS)))
    return formats


def _render_html(report, languages):
    # imported here: only HTML needs Jinja2
    from ansible_collections.amane.telework.plugins.plugin_utils.report_html import render_html

    return render_html(report, languages)


def write_report(
    audits,
    records,
    catalogue,
    reports_dir,
    formats=FORMATS,
    languages=None,
    pseudonymize_key=None,
    threshold=None,
    previous="auto",
    inventory_source=None,
    collection_version=None,
    generated_at=None,
    check_mode=False,
    store=None,
    retention_days=DEFAULT_RETENTION_DAYS,
    stale_days=DEFAULT_STALE_DAYS,
    waiver_warning_days=DEFAULT_WAIVER_WARNING_DAYS,
    signing_key=None,
    bundle=False,
):
    """Build the report, write the requested formats and the run's evidence, store the run.

    ``store``: an open report_store.ReportStore (history, trend, stale devices), a function that
    opens one (called once the options are checked, and closed here), or None.
    Nothing is written or stored when ``check_mode`` is true or when the input is bad (errors are
    raised before the directory is created). The folder and the stored run go together: when the
    store refuses the run, the folder just written is removed again.
    """
    formats = check_formats(formats)
    try:
        languages = check_languages(languages)
    except ValueError as exc:
        raise ReportInputError(str(exc))
    check_days(retention_days=retention_days, stale_days=stale_days, waiver_warning_days=waiver_warning_days)
    try:
        key = report_export.load_signing_key(signing_key) if signing_key else None
    except report_export.ExportError as exc:
        raise ReportInputError(str(exc))
    # a function is called only now, every option known good: a refusal creates no registry
    with _opened(store) as store:
        generated_at = generated_at or datetime.datetime.now(datetime.timezone.utc)
        generated_text = generated_at.strftime(values.UTC_TIME_FORMAT)
        run_id = generated_at.strftime(STAMP)
        previous_report, previous_source = load_previous(previous, reports_dir, store, before=generated_text)
        history = last_assessed = None
        if store is not None:
            since = (generated_at - datetime.timedelta(days=retention_days)).strftime(values.UTC_TIME_FORMAT)
            try:
                history = store.trend(since=since, before=generated_text)
                last_assessed = store.last_assessed()
            except StoreError as exc:
                raise ReportInputError(str(exc))
        report = build_report(
            audits, records, catalogue, previous=previous_report, pseudonymize_key=pseudonymize_key, threshold=threshold,
            inventory_source=inventory_source, collection_version=collection_version, generated_at=generated_at,
            history=history, last_assessed=last_assessed, stale_days=stale_days, waiver_warning_days=waiver_warning_days,
        )
        directory = os.path.join(reports_dir, run_id)
        files = {fmt: os.path.join(directory, FILE_NAMES[fmt]) for fmt in formats}
        location = files.get("html") or files.get("json") or directory
        manifest_sha256 = bundle_path = None
        pruned = 0
        if not check_mode:
            renderers = {
                "json": lambda: render_json(report),
                "csv": lambda: render_csv(report, languages[0]),
                "junit": lambda: render_junit(report),
                "html": lambda: _render_html(report, languages),
            }
            # Every format rendered before anything is written, then the set written into a hidden
            # folder renamed into place at once: a failure leaves no partial set for `previous: auto`.
            texts = {FILE_NAMES[fmt]: renderers[fmt]() for fmt in formats}
            # the same line as printed, in a file: terminal output may wrap it, cron jobs can cat this
            texts["summary.txt"] = summary_line(report, location) + "\n"
            # encoded once: the manifest hashes and measures the very bytes written
            blobs = {name: text.encode("utf-8") for name, text in texts.items()}
            del texts
            evidence, manifest_sha256 = report_export.evidence_files(report, run_id, blobs, key)
            blobs.update(evidence)
            _write_set(directory, blobs)
            if store is not None:
                try:
                    pruned = store.save(report, manifest_sha256=manifest_sha256, retention_days=retention_days)
                except StoreError as exc:
                    shutil.rmtree(directory, ignore_errors=True)
                    raise ReportInputError(str(exc))
            if bundle:
                bundle_path = report_export.auditor_bundle(directory, generated_at.timestamp())
        return {
            "directory": directory,
            "run_id": run_id,
            "files": files,
            "summary_file": os.path.join(directory, "summary.txt"),
            "manifest": os.path.join(directory, report_export.MANIFEST),
            "manifest_sha256": manifest_sha256,
            "signed": key is not None,
            "bundle": bundle_path,
            "stored": store is not None and not check_mode,
            "pruned_runs": pruned,
            "previous": previous_source,
            "summary": report["summary"],
            "changes": None if report["changes"] is None else {
                key_: len(report["changes"][key_]) for key_ in ("new_failures", "fixes", "new_hosts", "removed_hosts")
            },
            "stale_devices": len(report["stale_devices"]),
            "unseen_devices": len(report["unseen_devices"]),
            "quarantined_devices": len(report["quarantined_devices"]),
            "waivers_expiring": len(report["waivers_expiring"]),
            "summary_line": summary_line(report, location),
        }
