# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the compliance report (schema ``amane.report/1``) from audits and registry records.

Every output format (JSON, CSV, JUnit XML, HTML) is rendered from the one dictionary built
here, so that the four never disagree. The shape is documented in ``docs/report-schema.json``
and ``docs/reports.md``. Pure Python, stdlib only: this runs on the controller, and fleets of
10,000 devices x 60 controls must render in a few seconds, so the hot loops avoid copies.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import hmac
import re
import unicodedata

from ansible_collections.amane.telework.plugins.module_utils.audit import engine

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import parse_date
from ansible_collections.amane.telework.plugins.module_utils.registry.store import parse_time
from ansible_collections.amane.telework.plugins.module_utils.audit.guide_clauses import CLAUSES

SCHEMA = "amane.report/1"
RUN_SCHEMA = "amane.report-run/1"  # a run of the report store (plugin_utils/report_store.load), as ``previous``
DEFAULT_STALE_DAYS = 7
DEFAULT_WAIVER_WARNING_DAYS = 30
AUDIT_SCHEMA = engine.SCHEMA  # what the audit modules return, the report's input
STATUSES = engine.STATUSES
# One letter per status: the stored snapshots (report_store, SNAPSHOT_VERSION 1) and the HTML
# page's data (report_html, read by its script from the data) both spell a status this way.
STATUS_CODES = {"pass": "p", "fail": "f", "not_applicable": "n", "waived": "w", "error": "e"}
BAD = frozenset(("fail", "error"))
# When two audits of one host report the same control, the worse status wins: a report must
# never show a pass that one of the audits contradicts.
_RANK = {"not_applicable": 0, "pass": 1, "waived": 2, "fail": 3, "error": 4}
# Registry host vars (the inventory contract) copied into each host's entry.
RECORD_FIELDS = (
    ("device_id", "amane_device_id"),
    ("state", "amane_state"),
    ("administration", "amane_administration"),
    ("unit", "amane_unit"),
    ("device_kind", "amane_device_kind"),
    ("telework_kind", "amane_telework_kind"),
    ("owner_id", "amane_owner_id"),
    ("owner", "amane_owner_name"),
    ("charter_version", "amane_charter_version"),
    ("posture", "amane_posture"),
    ("last_seen_at", "amane_last_seen_at"),
)
# The registry states whose devices hold a gateway peer (full or quarantine lane): the ones that
# should be seen on the VPN (roles/vpn's vpn_peer_groups and vpn_quarantine_groups by default).
PEER_STATES = ("active", "quarantined")
NO_AUDIT = "no audit result was collected from this host"


class ReportInputError(ValueError):
    """Bad input: the message names the field and the fix."""


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def _rate(good, total):
    return round(100.0 * good / total, 2) if total else None


class Pseudonymizer(object):
    """Stable keyed pseudonyms (HMAC-SHA256) for owners' names and ids (law 09.08, clause A3).

    The same name and key give the same pseudonym in every report, so officers can follow a
    device over time without learning who holds it; without the key the name cannot be
    recovered or confirmed by guessing. Free text (evidence, waiver justification) of the
    owner's own host is scrubbed too: a home directory often carries the owner's name.
    """

    def __init__(self, key):
        if not key:
            raise ReportInputError("pseudonymize_key: empty; pseudonymization needs a secret key (keep it in a vault)")
        self._key = key.encode("utf-8") if not isinstance(key, bytes) else key
        self._cache = {}

    def pseudonym(self, value, prefix="owner-"):
        if value is None or value == "":
            return value
        normal = unicodedata.normalize("NFC", str(value)).strip().casefold()
        cache_key = (prefix, normal)
        if cache_key not in self._cache:
            digest = hmac.new(self._key, normal.encode("utf-8"), hashlib.sha256).hexdigest()
            self._cache[cache_key] = prefix + digest[:12]
        return self._cache[cache_key]

    @staticmethod
    def scrubber(names):
        """A function replacing every name (and each word of it, 3+ letters) in free text."""
        words = set()
        for name in names:
            if not name:
                continue
            name = unicodedata.normalize("NFC", str(name)).strip()
            words.add(name)
            words.update(part for part in re.split(r"[\s._-]+", name) if len(part) >= 3)
        if not words:
            return None
        # longest first so a full name is replaced before its parts
        pattern = re.compile(
            r"(?<!\w)(?:%s)(?!\w)" % "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
            re.IGNORECASE,
        )
        return lambda text, replacement: pattern.sub(replacement, text) if text else text


def _catalogue_entry(catalogue, control_id, clauses):
    entry = catalogue.get(control_id)
    if entry is None:
        # the catalogue is filled by each area; an id it does not know yet still gets a line
        return {
            "id": control_id,
            "known": False,
            "title": {"en": control_id, "fr": control_id, "ar": control_id},
            "clauses": list(clauses),
            "refs": [],
            "severity": None,
            "area": None,
            "remediation": None,
        }
    title = dict(entry.get("title") or {})
    for lang in ("en", "fr", "ar"):
        title[lang] = title.get(lang) or title.get("en") or control_id
    return {
        "id": control_id,
        "known": True,
        "title": {"en": title["en"], "fr": title["fr"], "ar": title["ar"]},
        "clauses": list(entry.get("clauses") or clauses),
        "refs": list(entry.get("refs") or []),
        "severity": entry.get("severity"),
        "area": entry.get("area"),
        "remediation": _remediation(entry.get("remediation")),
    }


def _remediation(remediation):
    """The catalogue's remediation in the three languages (English where one is missing), or None."""
    if not remediation:
        return None
    return {lang: remediation.get(lang) or remediation.get("en") or "" for lang in ("en", "fr", "ar")}


# What hosts report is checked whole before anything is built or written: a malformed value is a
# ReportInputError naming it, never a traceback halfway through writing a report set.
_CONTROL_ID = values.CONTROL_ID
_CHECKED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# Unicode direction controls make a browser show text in another order than it is stored
# (U+202E turns "exe.txt" into "txt.exe"): hosts' text is shown with them made visible.
_BIDI_CONTROLS = re.compile(u"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_text(text):
    """``text`` with every direction control replaced by its code point, shown as text."""
    return _BIDI_CONTROLS.sub(lambda m: "<U+%04X>" % ord(m.group(0)), text) if isinstance(text, str) else text


def _text(where, value, optional=True):
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ReportInputError("%s: %r is not text; pass the audit fact unchanged (docs/results.md)" % (where, value))
    return visible_text(value)


def _validate_result(where, result):
    if not isinstance(result, dict):
        raise ReportInputError("%s: must be a result (mapping with id, status, clauses, evidence)" % where)
    if not isinstance(result.get("id"), str) or not _CONTROL_ID.fullmatch(result["id"]):
        raise ReportInputError("%s.id: %r is not a control id (e.g. PO-M9B)" % (where, result.get("id")))
    if result.get("status") not in _RANK:
        raise ReportInputError("%s.status: %r is not one of %s" % (where, result.get("status"), ", ".join(STATUSES)))
    clauses = result.get("clauses") or []
    if not isinstance(clauses, list) or not all(isinstance(c, str) and _CONTROL_ID.fullmatch(c.upper()) for c in clauses):
        raise ReportInputError("%s.clauses: %r must be a list of guide clause ids (e.g. [M9b])" % (where, clauses))
    clean = dict(result, evidence=_text(where + ".evidence", result.get("evidence")) or "")
    waiver = result.get("waiver")
    if waiver is not None:
        if not isinstance(waiver, dict):
            raise ReportInputError("%s.waiver: %r must be a mapping with justification, approver, expires, or null" % (where, waiver))
        clean["waiver"] = {key: _text("%s.waiver.%s" % (where, key), waiver.get(key)) for key in ("justification", "approver", "expires")}
        clean["waiver"]["expired"] = bool(waiver.get("expired"))
    if clean["status"] == "waived" and not (clean.get("waiver") and clean["waiver"]["approver"] and clean["waiver"]["justification"]):
        # A waiver nobody approved or justified waives nothing: it counts as the failure it hides.
        clean["status"] = "fail"
        clean["evidence"] = "waiver without approver or justification, counted as failed: " + clean["evidence"]
    return clean


def _validate_catalogue(catalogue):
    """A catalogue given instead of the collection's (previews, tests) has the collection's shape:
    each entry a mapping, its title a mapping of language to text, its clauses and refs lists."""
    if not isinstance(catalogue, dict):
        raise ReportInputError("catalogue: must be a mapping of control id to entry, like the collection's catalogue")
    for control_id, entry in sorted(catalogue.items(), key=lambda item: str(item[0])):
        where = "catalogue.%s" % control_id
        if not isinstance(entry, dict):
            raise ReportInputError("%s: %r must be a mapping with title, clauses, severity, area" % (where, entry))
        title = entry.get("title")
        if title is not None and not (isinstance(title, dict) and all(isinstance(t, str) for t in title.values())):
            raise ReportInputError("%s.title: %r must map a language (en, fr, ar) to text" % (where, title))
        remediation = entry.get("remediation")
        if remediation is not None and not (isinstance(remediation, dict) and all(isinstance(t, str) for t in remediation.values())):
            raise ReportInputError("%s.remediation: %r must map a language (en, fr, ar) to text" % (where, remediation))
        for key in ("clauses", "refs"):
            if entry.get(key) is not None and not isinstance(entry[key], list):
                raise ReportInputError("%s.%s: %r must be a list" % (where, key, entry[key]))
        if not all(isinstance(c, str) for c in entry.get("clauses") or ()):
            raise ReportInputError("%s.clauses: %r must be guide clause ids (e.g. [M9b])" % (where, entry["clauses"]))


def _validate_audit(index, audit):
    where = "results[%d]" % index
    if not isinstance(audit, dict):
        raise ReportInputError("%s: must be a host report (mapping) as documented in docs/results.md" % where)
    if not audit.get("host") or not isinstance(audit["host"], str):
        raise ReportInputError("%s.host: %r is missing or not text; every host report names its host" % (where, audit.get("host")))
    problem = values.text(where + ".host", audit["host"], 253)  # a host name with a newline is no host's name
    if problem:
        raise ReportInputError(problem)
    if not isinstance(audit.get("results"), list):
        raise ReportInputError("%s.results: missing or not a list; pass the audit fact unchanged" % where)
    if audit.get("profile") is not None and not isinstance(audit["profile"], str):
        raise ReportInputError("%s.profile: %r is not text" % (where, audit["profile"]))
    checked_at = audit.get("checked_at")
    if checked_at is not None and not (isinstance(checked_at, str) and _CHECKED_AT.fullmatch(checked_at)):
        raise ReportInputError("%s.checked_at: %r must be a UTC time YYYY-MM-DDTHH:MM:SSZ" % (where, checked_at))


def merge_audits(audits):
    """Merge host reports into {host: {"profile", "checked_at", "results": {id: result}}}."""
    hosts = {}
    for index, audit in enumerate(audits or ()):
        _validate_audit(index, audit)
        host = hosts.setdefault(audit["host"], {"profiles": [], "checked_at": None, "results": {}})
        profile = audit.get("profile")
        if profile and profile not in host["profiles"]:
            host["profiles"].append(profile)
        checked_at = audit.get("checked_at")
        if checked_at and (host["checked_at"] is None or checked_at > host["checked_at"]):
            host["checked_at"] = checked_at
        merged = host["results"]
        for position, result in enumerate(audit["results"]):
            result = _validate_result("results[%d].results[%d]" % (index, position), result)
            control_id, status = result["id"], result["status"]
            previous = merged.get(control_id)
            if previous is None or _RANK[status] > _RANK[previous["status"]]:
                merged[control_id] = result
    return hosts


def _record_of(record):
    out = {}
    for field, var in RECORD_FIELDS:
        value = visible_text(record.get(var, record.get(field)))  # names come from enrollment requests
        out[field] = value if value not in ("",) else None
    return out


DAY_BOUNDS = {"stale_days": (0, 3650), "waiver_warning_days": (0, 3650), "retention_days": (1, 36500)}


def check_days(**days):
    """Each option a whole number of days within its bounds (DAY_BOUNDS), or a ReportInputError naming it."""
    for name, value in sorted(days.items()):
        low, high = DAY_BOUNDS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ReportInputError("%s: %r is not a number of days in %d..%d" % (name, value, low, high))


def change_kind(before, after):
    """'new_failure', 'fix' or None: the one rule of what changed for a control between two runs."""
    if after in BAD and before not in BAD:
        return "new_failure"
    if before in BAD and after not in BAD:
        return "fix"
    return None


def _previous_statuses(previous):
    if not previous:
        return None
    if previous.get("schema") == RUN_SCHEMA:  # a run of the report store: its statuses already
        return {host: statuses or {} for host, statuses in previous["statuses"].items()}
    if previous.get("schema") != SCHEMA:
        raise ReportInputError(
            "previous: schema %r is not %s; pass a report.json written by this collection" % (previous.get("schema"), SCHEMA)
        )
    statuses = {}
    for host in previous.get("hosts", ()):
        statuses[host["host"]] = {r["id"]: r["status"] for r in host.get("results", ())}
    return statuses


def build_report(
    audits,
    records=None,
    catalogue=None,
    previous=None,
    pseudonymize_key=None,
    threshold=None,
    inventory_source=None,
    collection_version=None,
    generated_at=None,
    history=None,
    last_assessed=None,
    stale_days=DEFAULT_STALE_DAYS,
    waiver_warning_days=DEFAULT_WAIVER_WARNING_DAYS,
):
    """Return the report dictionary (``amane.report/1``).

    ``audits``: host reports (docs/results.md). ``records``: {host: registry host vars}.
    ``previous``: an earlier report dictionary, or a stored run (report_store.load), for the
    changes section. ``pseudonymize_key``: when given, owners' names and ids are replaced by
    keyed pseudonyms. ``history``: the stored runs' trend (report_store.trend), this run is
    appended. ``last_assessed``: {host: checked_at} of stored runs, for devices not assessed
    for ``stale_days``. Waivers ending within ``waiver_warning_days`` are listed.
    """
    check_days(stale_days=stale_days, waiver_warning_days=waiver_warning_days)
    catalogue = catalogue or {}
    records = records or {}
    if not isinstance(records, dict):
        raise ReportInputError("records: must be a mapping of host name to registry host vars")
    for host, record in sorted(records.items(), key=lambda item: str(item[0])):
        if not isinstance(record, dict):
            raise ReportInputError("records.%s: %r must be a mapping of the host's registry vars (amane_*)" % (host, record))
    _validate_catalogue(catalogue)
    if threshold is not None and not 0 <= threshold <= 100:
        raise ReportInputError("threshold: %r is outside 0..100; give a percentage of compliant hosts" % (threshold,))
    pseudo = Pseudonymizer(pseudonymize_key) if pseudonymize_key is not None else None
    merged = merge_audits(audits)
    previous_statuses = _previous_statuses(previous)
    generated_at = generated_at or _utc_now()

    controls = {}
    control_counts = {}
    status_totals = dict.fromkeys(STATUSES, 0)
    groups = {"administration": {}, "device_kind": {}}
    waivers = []
    new_failures = []
    fixes = []
    hosts = []

    for name in sorted(set(merged) | set(records)):
        audit = merged.get(name)
        record = _record_of(records.get(name) or {})
        owner_names = (record["owner"],)
        scrub = None
        if pseudo is not None:
            scrub = Pseudonymizer.scrubber(owner_names)
            record["owner_id"] = pseudo.pseudonym(record["owner_id"], "id-")
            record["owner"] = pseudo.pseudonym(record["owner"])
        counts = dict.fromkeys(STATUSES, 0)
        failing = []
        results = []
        before = previous_statuses.get(name) if previous_statuses is not None else None
        if audit is not None:
            for control_id in sorted(audit["results"]):
                source = audit["results"][control_id]
                status = source["status"]
                counts[status] += 1
                per_control = control_counts.get(control_id)
                if per_control is None:
                    controls[control_id] = _catalogue_entry(catalogue, control_id, source.get("clauses") or ())
                    per_control = control_counts[control_id] = dict.fromkeys(STATUSES, 0)
                per_control[status] += 1
                evidence = source.get("evidence") or ""
                waiver = source.get("waiver")
                if scrub is not None:
                    evidence = scrub(evidence, record["owner"])
                if waiver:
                    waiver = {
                        "justification": waiver.get("justification") or "",
                        "approver": waiver.get("approver") or "",
                        "expires": str(waiver.get("expires") or ""),
                        "expired": bool(waiver.get("expired", False)),
                    }
                    if scrub is not None:
                        waiver["justification"] = scrub(waiver["justification"], record["owner"])
                    waivers.append(dict(waiver, host=name, control=control_id, status=status))
                if status in BAD:
                    failing.append(control_id)
                results.append(
                    {
                        "id": control_id,
                        # shared, not copied: the report is read-only once built (600,000 results)
                        "clauses": source.get("clauses") or controls[control_id]["clauses"],
                        "status": status,
                        "evidence": evidence,
                        "waiver": waiver,
                    }
                )
                if before is not None:
                    was = before.get(control_id)
                    kind = change_kind(was, status)
                    if kind is not None:
                        (new_failures if kind == "new_failure" else fixes).append(
                            {"host": name, "control": control_id, "before": was, "after": status})
        for status in STATUSES:
            status_totals[status] += counts[status]
        audited = audit is not None
        compliant = audited and counts["fail"] == 0 and counts["error"] == 0
        profile = ",".join(audit["profiles"]) if audited and audit["profiles"] else None
        device_kind = record["device_kind"] or (audit["profiles"][0] if audited and audit["profiles"] else None)
        entry = dict(record)
        entry.update(
            host=name,
            profile=profile,
            checked_at=audit["checked_at"] if audited else None,
            audited=audited,
            compliant=compliant,
            summary=counts,
            failing=failing,
            results=results,
            note=None if audited else NO_AUDIT,
        )
        hosts.append(entry)
        for group, key in (("administration", record["administration"]), ("device_kind", device_kind)):
            bucket = groups[group].setdefault(key or "", [0, 0])
            bucket[0] += 1
            bucket[1] += 1 if compliant else 0

    compliant_hosts = sum(1 for h in hosts if h["compliant"])
    rate = _rate(compliant_hosts, len(hosts)) or 0.0
    applicable = sum(status_totals.values()) - status_totals["not_applicable"]
    control_list = []
    for control_id in sorted(controls):
        entry = controls[control_id]
        counts = control_counts[control_id]
        entry["counts"] = counts
        entry["rate"] = _rate(counts["pass"] + counts["waived"], sum(counts.values()) - counts["not_applicable"])
        control_list.append(entry)
    used_clauses = sorted({c for entry in control_list for c in entry["clauses"]})
    generated_text = generated_at.strftime(values.UTC_TIME_FORMAT)
    changes = None
    if previous_statuses is not None:
        changes = {
            "previous_generated_at": previous.get("generated_at"),
            "previous_run_id": previous.get("run_id"),
            "new_failures": new_failures,
            "fixes": fixes,
            "new_hosts": sorted(set(merged) - set(previous_statuses)),
            "removed_hosts": sorted(set(previous_statuses) - set(merged) - set(records)),
        }
    # non-compliant hosts first, most failures first, so officers start with the worst
    hosts.sort(key=lambda h: (h["compliant"], -len(h["failing"]), h["host"]))
    summary = {
        "hosts": len(hosts),
        "compliant": compliant_hosts,
        "noncompliant": len(hosts) - compliant_hosts,
        "unaudited": sum(1 for h in hosts if not h["audited"]),
        "rate": rate,
        "control_rate": _rate(status_totals["pass"] + status_totals["waived"], applicable),
        "results": status_totals,
        "threshold": threshold,
        "threshold_met": threshold is None or rate >= threshold,
    }
    by_administration = _group_list(groups["administration"])
    return {
        "schema": SCHEMA,
        "generated_at": generated_text,
        "inventory_source": inventory_source,
        "collection_version": collection_version,
        "pseudonymized": pseudo is not None,
        "summary": summary,
        "controls": control_list,
        "clauses": {c: CLAUSES.get(c, {"en": c, "fr": c, "ar": c}) for c in used_clauses},
        "by_administration": by_administration,
        "by_device_kind": _group_list(groups["device_kind"]),
        "hosts": hosts,
        "waivers": waivers,
        "waivers_expiring": _waivers_expiring(waivers, generated_at, waiver_warning_days),
        "stale_devices": _stale_devices(hosts, last_assessed or {}, generated_at, stale_days),
        "stale_days": stale_days,
        "unseen_devices": _unseen_devices(hosts, generated_at, stale_days),
        "quarantined_devices": _quarantined_devices(hosts, catalogue),
        "trend": _trend(history, generated_text, summary, by_administration, control_list),
        "changes": changes,
    }


def _waivers_expiring(waivers, generated_at, days):
    """Waivers still running that end within ``days``, soonest first: renew or fix before then."""
    today = generated_at.date()
    out = []
    for waiver in waivers:
        try:
            expires = parse_date(waiver["expires"])
        except ValueError:
            continue  # the waiver's own check (engine.py) refused or expired it already
        left = (expires - today).days
        if not waiver["expired"] and 0 <= left <= days:
            out.append({"host": waiver["host"], "control": waiver["control"], "expires": waiver["expires"],
                        "days_left": left, "approver": waiver["approver"]})
    out.sort(key=lambda w: (w["expires"], w["host"], w["control"]))
    return out


def _not_since(generated_at, days, field, dated):
    """The entries of ``dated`` [(time or None, entry)] whose time is older than ``days`` before
    ``generated_at``, or unknown, each with ``field`` (the time) and ``days`` (its age): never first,
    then oldest first. The one rule of the stale and the unseen lists."""
    limit = (generated_at - datetime.timedelta(days=days)).strftime(values.UTC_TIME_FORMAT)
    out = [dict(entry, **{field: last, "days": (generated_at - parse_time(last)).days if last is not None else None})
           for last, entry in dated if last is None or last < limit]
    out.sort(key=lambda d: (d[field] is not None, d[field] or "", d["host"]))
    return out


def _stale_devices(hosts, last_assessed, generated_at, days):
    """Devices whose last assessment (this run, the last stored run that assessed them, or the
    registry's posture check) is older than ``days``, or that were never assessed: stopped reporting."""
    return _not_since(generated_at, days, "last_assessed", (
        (_last_assessed(host, last_assessed),
         {"host": host["host"], "device_id": host["device_id"], "administration": host["administration"]})
        for host in hosts))


def _record_time(host, var, value):
    """A registry time of ``host`` (None when unknown), or a ReportInputError naming its host var."""
    if value is None:
        return None
    try:
        if isinstance(value, str) and parse_time(value):
            return value
    except ValueError:
        pass
    raise ReportInputError("records.%s.%s: %r is not a UTC time like 2026-12-01T08:00:00Z; pass the registry "
                           "inventory's value unchanged" % (host, var, value))


def _last_assessed(host, last_assessed):
    """The latest of this run's audit, the report store's last one and the registry's last posture
    check (playbooks/posture.yml, which the gateway trusts for vpn_posture_max_age_hours)."""
    posture = host.get("posture")
    checked = _record_time(host["host"], "amane_posture.checked_at", posture.get("checked_at")) if isinstance(posture, dict) else None
    known = [c for c in (host["checked_at"] if host["audited"] else None, last_assessed.get(host["host"]), checked) if c]
    return max(known) if known else None


def _unseen_devices(hosts, generated_at, days):
    """Devices holding a gateway peer (PEER_STATES) whose latest VPN handshake (registry_seen) is
    older than ``days``, or that never shook hands: a laptop that never connects keeps a posture
    nobody can check."""
    dated = ((_record_time(host["host"], "amane_last_seen_at", host.get("last_seen_at")), host) for host in hosts)
    return _not_since(generated_at, days, "last_seen", (
        (seen, {"host": host["host"], "device_id": host["device_id"], "administration": host["administration"],
                "state": host["state"]})
        for seen, host in dated if host["state"] in PEER_STATES))


def _posture_failed(host):
    """The control ids the registry's last posture check failed (amane_posture.failed), or a
    ReportInputError naming the host var."""
    posture = host.get("posture")
    failed = posture.get("failed", []) if isinstance(posture, dict) else []
    if not isinstance(failed, list) or any(not isinstance(c, str) or not _CONTROL_ID.fullmatch(c) for c in failed):
        raise ReportInputError("records.%s.amane_posture.failed: %r must be a list of control ids like EH-01; pass "
                               "the registry inventory's value unchanged" % (host["host"], failed))
    return failed


def _quarantined_devices(hosts, catalogue):
    """The devices the registry holds in quarantine (the gateway's quarantine lane, M10), each with the
    controls its last posture check failed - the reason the gate recorded, which the teleworker reads on
    the laptop (amane-access-status) - with their titles, clauses and fix. By administration, then host."""
    out = []
    for host in hosts:
        failed = _posture_failed(host)
        if host["state"] != "quarantined":
            continue
        posture = host.get("posture") if isinstance(host.get("posture"), dict) else {}
        controls = []
        for control_id in failed:
            entry = _catalogue_entry(catalogue, control_id, ())
            controls.append({key: entry[key] for key in ("id", "title", "clauses", "remediation")})
        out.append({"host": host["host"], "device_id": host["device_id"], "administration": host["administration"],
                    "checked_at": _record_time(host["host"], "amane_posture.checked_at", posture.get("checked_at")),
                    "controls": controls})
    out.sort(key=lambda d: (d["administration"] or "", d["host"]))
    return out


def _trend(history, generated_at, summary, by_administration, controls):
    """Stored runs then this one: the fleet's rates, and a rate per run for each administration
    and control (None where it had nothing to count)."""
    history = history or {"runs": [], "administration": {}, "control": {}}
    runs = [dict(run) for run in history["runs"] if run["generated_at"] < generated_at]
    count = len(runs)
    runs.append({"run_id": None, "generated_at": generated_at, "rate": summary["rate"],
                 "control_rate": summary["control_rate"], "hosts": summary["hosts"]})
    current = {
        "administration": {g["name"] or "": (g["hosts"], g["compliant"]) for g in by_administration},
        "control": {c["id"]: (sum(c["counts"].values()) - c["counts"]["not_applicable"], c["counts"]["pass"] + c["counts"]["waived"])
                    for c in controls},
    }
    series = {}
    for scope in ("administration", "control"):
        lines = {}
        for name, points in (history.get(scope) or {}).items():
            line = lines.setdefault(name, [None] * (count + 1))
            for index, total, good in points:
                if index < count:
                    line[index] = _rate(good, total)
        for name, (total, good) in current[scope].items():
            lines.setdefault(name, [None] * (count + 1))[count] = _rate(good, total)
        series[scope] = lines
    return {"runs": runs, "administration": series["administration"], "control": series["control"]}


def _group_list(buckets):
    return [
        {"name": name or None, "hosts": total, "compliant": good, "rate": _rate(good, total)}
        for name, (total, good) in sorted(buckets.items())
    ]


def summary_line(report, location=None):
    """One line for automation (CI logs, cron mail): grep ``^AMANE-REPORT``."""
    summary = report["summary"]
    threshold = summary["threshold"]
    line = (
        "AMANE-REPORT status=%s rate=%.2f%% threshold=%s hosts=%d compliant=%d noncompliant=%d unaudited=%d failed_results=%d errors=%d"
    ) % (
        "PASS" if summary["threshold_met"] else "FAIL",
        summary["rate"],
        "none" if threshold is None else "%.2f%%" % threshold,
        summary["hosts"],
        summary["compliant"],
        summary["noncompliant"],
        summary["unaudited"],
        summary["results"]["fail"],
        summary["results"]["error"],
    )
    if report.get("changes") is not None:
        line += " new_failures=%d fixes=%d" % (len(report["changes"]["new_failures"]), len(report["changes"]["fixes"]))
    if location:
        line += " report=%s" % location
    return line
