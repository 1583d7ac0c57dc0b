# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The three machine formats of a report: JSON, CSV and JUnit XML (stdlib only).

Each function takes the report dictionary from ``report_model.build_report`` and returns the
file's text. They are written for fleets of 600,000 results: plain string building, no DOM.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import json
import re

CSV_COLUMNS = (
    "host", "device_id", "administration", "unit", "device_kind", "owner", "control_id", "control_title",
    "clauses", "severity", "status", "evidence", "waiver_justification", "waiver_approver", "waiver_expires", "remediation",
)
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection):
# evidence is read from hosts, so a hostile host could otherwise plant one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids even when escaped; evidence read from a host may carry them.
_XML_FORBIDDEN = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_json(report):
    return json.dumps(report, ensure_ascii=False, separators=(",", ":"))


def _cell(value):
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def render_csv(report, language="en"):
    """One row per host and control (hosts without audit get one row with an empty control).

    Returned with a UTF-8 byte-order mark so spreadsheet programs read Arabic correctly.
    """
    titles = {c["id"]: c["title"][language] for c in report["controls"]}
    severity = {c["id"]: c["severity"] or "" for c in report["controls"]}
    # what to do, on the rows that need it (fail, error), in the CSV's language
    remedy = {c["id"]: (c["remediation"] or {}).get(language, "") for c in report["controls"]}
    out = io.StringIO()
    out.write(u"\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = []
    for host in report["hosts"]:
        head = [_cell(host["host"]), _cell(host["device_id"]), _cell(host["administration"]), _cell(host["unit"]),
                _cell(host["device_kind"]), _cell(host["owner"])]
        if not host["results"]:
            rows.append(head + ["", "", "", "", "error" if not host["audited"] else "", _cell(host["note"]), "", "", "", ""])
        for result in host["results"]:
            waiver = result["waiver"] or {}
            control_id = result["id"]
            # every cell through _cell: each of these values came from a host or an inventory
            rows.append(head + [_cell(value) for value in (
                control_id, titles[control_id], " ".join(result["clauses"]), severity[control_id],
                result["status"], result["evidence"], waiver.get("justification"),
                waiver.get("approver"), waiver.get("expires", ""),
                remedy[control_id] if result["status"] in ("fail", "error") else "",
            )])
        if len(rows) > 5000:
            writer.writerows(rows)
            rows = []
    writer.writerows(rows)
    return out.getvalue()


def _attr(value):
    text = _XML_FORBIDDEN.sub(u"\ufffd", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("\n", "&#10;")


def _text(value):
    text = _XML_FORBIDDEN.sub(u"\ufffd", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_junit(report):
    """JUnit XML: one testsuite per host, one testcase per control (tests/fixtures/report/junit.xsd).

    fail -> <failure>, error -> <error>, not_applicable -> <skipped>, waived -> <skipped> whose
    message names the waiver; CI dashboards then count only real failures.
    """
    titles = {c["id"]: c["title"]["en"] for c in report["controls"]}
    remedy = {c["id"]: c["remediation"]["en"] for c in report["controls"] if c["remediation"]}
    summary = report["summary"]
    results = summary["results"]
    tests = sum(results.values()) + summary["unaudited"]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="amane compliance" tests="%d" failures="%d" errors="%d" skipped="%d" time="0">\n'
        % (tests, results["fail"], results["error"] + summary["unaudited"], results["not_applicable"] + results["waived"])
    ]
    append = parts.append
    stamp = report["generated_at"].rstrip("Z")  # the JUnit schema wants a local-style dateTime
    for index, host in enumerate(report["hosts"]):
        counts = host["summary"]
        name = _attr(host["host"])
        classname = "amane." + name
        if not host["audited"]:
            append('  <testsuite name="%s" id="%d" tests="1" failures="0" errors="1" skipped="0" time="0" timestamp="%s">\n'
                   '    <testcase classname="%s" name="audit" time="0"><error message="%s" type="no_audit"/></testcase>\n  </testsuite>\n'
                   % (name, index, stamp, classname, _attr(host["note"])))
            continue
        append('  <testsuite name="%s" id="%d" tests="%d" failures="%d" errors="%d" skipped="%d" time="0" timestamp="%s">\n'
               % (name, index, len(host["results"]), counts["fail"], counts["error"],
                  counts["not_applicable"] + counts["waived"], (host["checked_at"] or stamp).rstrip("Z")))
        for result in host["results"]:
            status = result["status"]
            control_id = result["id"]
            head = '    <testcase classname="%s" name="%s %s [%s]" time="0"' % (
                classname, _attr(control_id), _attr(titles[control_id]), _attr(" ".join(result["clauses"])))
            if status == "pass":
                append(head + "/>\n")
            elif status == "fail" or status == "error":
                tag = "failure" if status == "fail" else "error"
                body = result["evidence"]
                if control_id in remedy:  # what CI dashboards show under the failure: the evidence, then the fix
                    body += "\nRemediation: " + remedy[control_id]
                append('%s><%s message="%s" type="%s">%s</%s></testcase>\n' % (
                    head, tag, _attr(result["evidence"][:200]), status, _text(body), tag))
            elif status == "waived":
                waiver = result["waiver"] or {}
                append('%s><skipped message="%s"/><system-out>%s</system-out></testcase>\n' % (
                    head, _attr("waived until %s, approved by %s: %s" % (
                        waiver.get("expires"), waiver.get("approver"), waiver.get("justification"))),
                    _text(result["evidence"])))
            else:
                append('%s><skipped message="%s"/></testcase>\n' % (head, _attr(result["evidence"] or "not applicable")))
        append("  </testsuite>\n")
    append("</testsuites>\n")
    return "".join(parts)
