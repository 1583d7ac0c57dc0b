# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one check engine of Amane.

The posture gate (M9/M10) and the endpoint audit share this engine and the control catalogue
(``catalogue.py``). A check is a function registered for a control id; it reads the host
through a :class:`HostSnapshot` (which reads each source once, lazily) and returns
``(status, evidence)``. :func:`run_checks` applies toggles and waivers and builds results in
the shape documented in ``docs/results.md``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import shutil

from ansible_collections.amane.telework.plugins.module_utils import values

STATUSES = ("pass", "fail", "not_applicable", "waived", "error")
SCHEMA = "amane.audit/1"

_CHECKS = {}


def option_reader(defaults):
    """``option(snapshot, name)`` for a checks module: the task's value, else ``defaults[name]``
    (the module's DEFAULTS, which are also its audit module's documented defaults)."""

    def option(snapshot, name):
        value = snapshot.params.get(name)
        return defaults[name] if value is None else value

    return option


def check(control_id):
    """Register the decorated function as the check of ``control_id``."""

    def register(func):
        if control_id in _CHECKS:
            raise ValueError("control %s has two checks" % control_id)
        _CHECKS[control_id] = func
        return func

    return register


def registered_checks():
    return dict(_CHECKS)


def utc_now():
    """The clock every check reads (ages, waiver expiry, checked_at); tests age their fixtures by it."""
    return datetime.datetime.now(datetime.timezone.utc)


class HostSnapshot(object):
    """Reads host state once per run; every check shares the same reads.

    ``root`` lets unit tests point the snapshot at a directory tree instead of ``/``.
    ``params`` carries the module's options (deny-lists, thresholds) to the checks.
    """

    def __init__(self, root="/", params=None, run_command=None, now=None):
        self.root = root
        self.params = params or {}
        self._run_command = run_command
        self.now = now or utc_now()
        self._cache = {}

    def path(self, *parts):
        return os.path.join(self.root, *[p.lstrip("/") for p in parts])

    def read(self, path, default=None):
        key = ("read", path)
        if key not in self._cache:
            try:
                with open(self.path(path), "r", encoding="utf-8", errors="replace") as handle:
                    self._cache[key] = handle.read()
            except (IOError, OSError):
                self._cache[key] = None
        value = self._cache[key]
        return default if value is None else value

    def exists(self, path):
        return os.path.exists(self.path(path))

    def listdir(self, path):
        try:
            return sorted(os.listdir(self.path(path)))
        except OSError:
            return []

    def memo(self, key, compute):
        """Compute ``key`` once per snapshot (for expensive shared reads)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def which(self, name):
        if self.root == "/":
            return shutil.which(name)
        for directory in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
            candidate = self.path(directory, name)
            if os.access(candidate, os.X_OK):
                return os.path.join(directory, name)
        return None

    def run(self, argv):
        """Run a read-only command; returns (rc, stdout, stderr). Cached by argv."""
        key = ("run",) + tuple(argv)
        if key not in self._cache:
            if self._run_command is None:
                raise RuntimeError("no command runner given to the snapshot")
            self._cache[key] = self._run_command(list(argv))
        return self._cache[key]

    def installed_packages(self):
        """{name: version} of installed dpkg packages, parsed once from dpkg's status file."""
        return self.memo("dpkg", lambda: parse_dpkg_status(self.read("/var/lib/dpkg/status", "")))


def parse_dpkg_status(text):
    """Parse /var/lib/dpkg/status into {package: version} for installed packages only."""
    packages = {}
    for stanza in text.split("\n\n"):
        name = version = status = None
        for line in stanza.splitlines():
            if line.startswith("Package: "):
                name = line[9:].strip()
            elif line.startswith("Version: "):
                version = line[9:].strip()
            elif line.startswith("Status: "):
                status = line[8:].strip()
        if name and status and status.endswith(" installed"):
            packages[name] = version or ""
    return packages


def parse_date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value), values.DATE_FORMAT).date()


# How long each waiver field may be; the report shows them as they are.
_WAIVER_TEXT_LIMITS = {"justification": 1000, "approver": 200}


def validate_waivers(waivers, catalogue, ids=None):
    """Return a list of error strings for malformed waivers (empty when all are valid).

    ``ids``: the controls the calling module runs. A waiver of any other control would be kept
    and ignored without a word, so the officer would believe a control waived that nobody checks.
    """
    errors = []
    if not isinstance(waivers, dict):
        return ["waivers: must be a mapping of control id to {justification, approver, expires}"]
    for control_id, waiver in waivers.items():
        where = "waivers.%s" % values.shown(control_id)
        if control_id not in catalogue:
            errors.append("%s: unknown control id; use an id from the catalogue" % where)
            continue
        if ids is not None and control_id not in ids:
            errors.append("%s: not a control this module checks; use one of %s" % (where, ", ".join(sorted(ids))))
            continue
        if not isinstance(waiver, dict):
            errors.append("%s: must be a mapping with justification, approver, expires" % where)
            continue
        for field in ("justification", "approver", "expires"):
            if not waiver.get(field):
                errors.append("%s.%s: missing; every waiver needs justification, approver and expires" % (where, field))
            elif field in _WAIVER_TEXT_LIMITS:  # who and why, one line each: blank or a mapping waives nothing
                problem = values.text("%s.%s" % (where, field), waiver[field], _WAIVER_TEXT_LIMITS[field])
                errors.extend([problem] if problem else [])
        if waiver.get("expires"):
            problem = values.date("%s.expires" % where, waiver["expires"])
            errors.extend([problem] if problem else [])
    return errors


def validate_disabled(disabled, ids, what):
    """Error strings for ids of ``disabled`` the module does not run (``what`` names its controls,
    e.g. "a gate control"): switching off a control that is not there would switch off nothing."""
    return ["disabled: %s is not %s; use one of %s" % (values.shown(cid), what, ", ".join(sorted(ids)))
            for cid in disabled if cid not in ids]


def audit_input_errors(params, catalogue, ids, what):
    """The options every audit module shares (AUDIT_ARGUMENT_SPEC): host, disabled, waivers."""
    errors = []
    if params.get("host") is not None:  # written into the report as the host's name
        problem = values.text("host", params["host"], 253)
        errors.extend([problem] if problem else [])
    errors.extend(validate_disabled(params.get("disabled") or (), ids, what))
    errors.extend(validate_waivers(params.get("waivers"), catalogue, ids))
    return errors


def apply_waiver(result, waiver, today):
    """Attach ``waiver``; a fail becomes waived only while the waiver has not expired."""
    if not waiver:
        return result
    result["waiver"] = {
        "justification": waiver["justification"],
        "approver": waiver["approver"],
        "expires": str(waiver["expires"]),
        "expired": parse_date(waiver["expires"]) < today,
    }
    if result["status"] == "fail" and not result["waiver"]["expired"]:
        result["status"] = "waived"
    return result


def run_checks(catalogue, snapshot, control_ids=None, profile=None, disabled=(), waivers=None, today=None):
    """Run the checks of ``control_ids`` (default: every catalogue entry for ``profile``).

    A control that does not apply to ``profile`` or is switched off returns ``not_applicable``
    with the reason, so that reports show every control rather than silently fewer.
    """
    today = today or snapshot.now.date()
    waivers = waivers or {}
    ids = list(control_ids) if control_ids is not None else sorted(catalogue)
    results = []
    for control_id in ids:
        entry = catalogue[control_id]
        result = {"id": control_id, "clauses": list(entry["clauses"]), "status": "error", "evidence": "", "waiver": None}
        func = _CHECKS.get(control_id)
        if profile and profile not in entry.get("profiles", ()):
            result.update(status="not_applicable", evidence="control does not apply to the %s profile" % profile)
        elif control_id in disabled:
            result.update(status="not_applicable", evidence="control switched off in configuration")
        elif func is None:
            result.update(status="error", evidence="no check is registered for this control")
        else:
            try:
                status, evidence = func(snapshot)
            except Exception as exc:  # a broken check must show as error, not stop the audit
                status, evidence = "error", "check failed: %s" % exc
            if status not in STATUSES:
                status, evidence = "error", "check returned unknown status %r" % (status,)
            result.update(status=status, evidence=evidence)
        results.append(apply_waiver(result, waivers.get(control_id), today))
    return results


def refuse_bad_input(module, errors):
    """Stop an audit module before it reads anything: every problem named, with its field and fix."""
    if errors:
        module.fail_json(msg="invalid input: " + "; ".join(errors), errors=errors)


def module_command_runner(module):
    """The read-only command runner checks get from an AnsibleModule.

    Output is read in the C locale so checks parse one language; a program that is not installed
    is evidence for the check (rc 127), never a reason to abort the whole audit.
    """

    def run(argv):
        # get_bin_path also looks in /sbin and /usr/sbin, which an unprivileged login's PATH lacks:
        # run the program it found, not the bare name (nft, auditctl... would not be found).
        path = module.get_bin_path(argv[0])
        if path is None:
            return 127, "", "%s is not installed" % argv[0]
        return module.run_command([path] + list(argv[1:]), environ_update={"LANG": "C", "LC_ALL": "C"})

    return run


def failures(results):
    """(ids, reasons) of the results that fail the host: status fail or error.

    A reason reads "failed M9b: nmap installed"; the registry's history and the modules' messages use it.
    """
    bad = [r for r in results if r["status"] in ("fail", "error")]
    reasons = ["%s %s: %s" % ("failed" if r["status"] == "fail" else "error", "/".join(r["clauses"]), r["evidence"]) for r in bad]
    return [r["id"] for r in bad], reasons


# Options every audit module takes (documented once in doc_fragments/audit.py).
AUDIT_ARGUMENT_SPEC = {
    "host": {"type": "str"},
    "disabled": {"type": "list", "elements": "str", "default": []},
    "waivers": {"type": "dict", "default": {}},
}


ENFORCE_STATUSES = ("fail", "error", "waived")


def enforce_controls(results):
    """Ids an enforcing role must apply (audit first): every control the host does not pass. A
    waived one too: the waiver accepts the risk in the report, it does not stop the role fixing it."""
    return [r["id"] for r in results if r["status"] in ENFORCE_STATUSES]


# The one return shape of every audit module, whatever its area (docs/results.md): the host
# report, the verdict, the failing ids with their reasons, a one-line message, and the controls an
# enforcing role must apply. tests/unit/audit/test_audit_modules.py holds each module to it.
AUDIT_RESULT_KEYS = ("audit", "compliant", "failed_controls", "reasons", "msg", "enforce_controls")


def audit_module_result(label, host, profile, results, checked_at=None):
    """What an audit module returns for ``results`` (run_checks): gate_outcome of the host report."""
    return gate_outcome(label, host_report(host, profile, results, checked_at=checked_at))


def gate_outcome(label, audit):
    """What a gate-style module returns for a host report: verdict, failing ids, reasons, message,
    and the controls an enforcing role must apply."""
    failed, reasons = failures(audit["results"])
    msg = "%s compliant" % label if not failed else "%s not compliant: %s" % (label, ", ".join(failed))
    return {"audit": audit, "compliant": not failed, "failed_controls": failed, "reasons": reasons, "msg": msg,
            "enforce_controls": enforce_controls(audit["results"])}


def summarize(results):
    summary = dict.fromkeys(STATUSES, 0)
    for result in results:
        summary[result["status"]] += 1
    summary["compliant"] = summary["fail"] == 0 and summary["error"] == 0
    return summary


def host_report(host, profile, results, checked_at=None):
    checked_at = checked_at or utc_now()
    return {
        "schema": SCHEMA,
        "host": host,
        "profile": profile,
        "checked_at": checked_at.strftime(values.UTC_TIME_FORMAT),
        "summary": summarize(results),
        "results": results,
    }
