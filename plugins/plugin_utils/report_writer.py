# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a dated report set (report.html/.json/.xml/.csv) under a reports directory.

Used by the compliance_report action plugin and by bench/report_scale.py. Reports hold
personal data (law 09.08): files are created 0640 in a 0750 directory, written atomically.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import glob
import json
import os
import re
import shutil
import tempfile

from ansible_collections.amane.telework.plugins.plugin_utils.report_i18n import check_languages
from ansible_collections.amane.telework.plugins.plugin_utils.report_formats import render_csv, render_json, render_junit
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import ReportInputError, build_report, summary_line

FORMATS = ("html", "json", "junit", "csv")
FILE_NAMES = {"html": "report.html", "json": "report.json", "junit": "report.xml", "csv": "report.csv"}
STAMP = "%Y%m%dT%H%M%SZ"
_STAMP_DIR = re.compile(r"^\d{8}T\d{6}Z$")


def latest_report(reports_dir):
    """Path of the newest report.json under ``reports_dir`` (dated sub-directories), or None."""
    candidates = [
        path for path in glob.glob(os.path.join(reports_dir, "*", FILE_NAMES["json"]))
        if _STAMP_DIR.match(os.path.basename(os.path.dirname(path)))
    ]
    return max(candidates) if candidates else None


def load_previous(previous, reports_dir):
    """``previous``: 'auto' (newest in reports_dir), '' or None (no diff), or a report.json path."""
    if not previous or previous == "none":
        return None, None
    path = latest_report(reports_dir) if previous == "auto" else previous
    if path is None:
        return None, None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), path
    except (IOError, OSError, ValueError) as exc:
        raise ReportInputError("previous: cannot read %s (%s); give a report.json path, 'auto' or 'none'" % (path, exc))


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


def _write(path, text):
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _write_set(directory, texts):
    """Write ``texts`` {file name: text} as the report folder ``directory``, all or nothing."""
    parent = os.path.dirname(directory)
    os.makedirs(parent, mode=0o750, exist_ok=True)
    staging = tempfile.mkdtemp(dir=parent, prefix=".partial-")  # never matches _STAMP_DIR
    try:
        os.chmod(staging, 0o750)  # noqa: S103 - the report folder mode the README documents (group readers)
        for name, text in texts.items():
            _write(os.path.join(staging, name), text)
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
):
    """Build the report and write the requested formats; returns paths, summary and line.

    Nothing is written when ``check_mode`` is true or when the input is bad (errors are raised
    before the directory is created).
    """
    formats = check_formats(formats)
    try:
        languages = check_languages(languages)
    except ValueError as exc:
        raise ReportInputError(str(exc))
    generated_at = generated_at or datetime.datetime.now(datetime.timezone.utc)
    previous_report, previous_path = load_previous(previous, reports_dir)
    report = build_report(
        audits, records, catalogue, previous=previous_report, pseudonymize_key=pseudonymize_key, threshold=threshold,
        inventory_source=inventory_source, collection_version=collection_version, generated_at=generated_at,
    )
    directory = os.path.join(reports_dir, generated_at.strftime(STAMP))
    files = {fmt: os.path.join(directory, FILE_NAMES[fmt]) for fmt in formats}
    location = files.get("html") or files.get("json") or directory
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
        _write_set(directory, texts)
    return {
        "directory": directory,
        "files": files,
        "summary_file": os.path.join(directory, "summary.txt"),
        "previous": previous_path,
        "summary": report["summary"],
        "changes": None if report["changes"] is None else {
            key: len(report["changes"][key]) for key in ("new_failures", "fixes", "new_hosts", "removed_hosts")
        },
        "summary_line": summary_line(report, location),
    }
