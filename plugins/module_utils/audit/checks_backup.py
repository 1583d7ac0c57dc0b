# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup checks (guide A9, A5): read the per-database status files written by amane-backup.

Each database has ``<status_dir>/<engine>-<database>.json`` with ``last_good`` (RPO),
``last_verification``, ``last_drill`` (RTO) and ``last_failure``. The checks only read them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check, option_reader

DEFAULTS = {
    "status_dir": "/var/lib/amane/backup",
    "max_age_hours": 26,
    "max_verify_age_days": 8,
    "max_drill_age_days": 8,
}


option = option_reader(DEFAULTS)  # the task's value of an option, else DEFAULTS above


def parse_time(value):
    """ISO 8601 UTC ('2026-11-23T10:00:00Z') to an aware datetime; None when absent or malformed."""
    if not value:
        return None
    try:
        return values.parse_utc_time(value)
    except (TypeError, ValueError):
        return None


def load_statuses(snapshot):
    """{"postgresql/appdb": status dict} for every status file; unreadable files become errors."""

    def read_all():
        statuses = {}
        directory = option(snapshot, "status_dir")
        for name in snapshot.listdir(directory):
            if not name.endswith(".json"):
                continue
            text = snapshot.read("%s/%s" % (directory, name), "")
            try:
                status = json.loads(text)
                if not isinstance(status, dict):
                    raise ValueError("not a JSON object")
            except ValueError:
                status = {"unreadable": "%s/%s" % (directory, name)}
            key = "%s/%s" % (status.get("engine", name[:-5]), status.get("database", ""))
            statuses[key] = status
        return statuses

    return snapshot.memo("backup_statuses", read_all)


def summarize_status(status, now):
    """One database's figures for reports and the continuity plan (RPO, size, verification, RTO)."""
    good = status.get("last_good") or {}
    verification = status.get("last_verification") or {}
    drill = status.get("last_drill") or {}
    finished = parse_time(good.get("finished_at"))
    return {
        "engine": status.get("engine"),
        "database": status.get("database"),
        "last_good_backup": good.get("finished_at"),
        "last_good_archive": good.get("archive"),
        "rpo_hours": round((now - finished).total_seconds() / 3600.0, 2) if finished else None,
        "size_bytes": good.get("size_bytes"),
        "stored_bytes": good.get("stored_bytes"),
        "last_verification": verification.get("at"),
        "last_verification_ok": verification.get("ok"),
        "last_drill": drill.get("at"),
        "last_drill_ok": drill.get("ok"),
        "rto_seconds": drill.get("duration_seconds"),
        "last_failure": status.get("last_failure"),
    }


def _per_database(snapshot, judge):
    statuses = load_statuses(snapshot)
    if not statuses:
        return "fail", "no backup status file in %s: no database has ever been backed up" % option(snapshot, "status_dir")
    bad, good = [], []
    for key in sorted(statuses):
        if statuses[key].get("unreadable"):
            # a cut or edited file is named as such, not taken for "never backed up"
            bad.append("%s: status file %s is corrupt (not a JSON object): amane-backup keeps a copy of it as "
                       "<file>.corrupt on its next run; look at it, then remove it" % (key, statuses[key]["unreadable"]))
            continue
        problem = judge(statuses[key])
        (bad if problem else good).append("%s: %s" % (key, problem) if problem else key)
    if bad:
        return "fail", "; ".join(bad)
    return "pass", "all good: %s" % ", ".join(good)


def _age_problem(record, stamp_key, max_age, what, now, ok_key=None):
    if not record:
        return "no %s recorded" % what
    if ok_key and not record.get(ok_key):
        return "last %s failed at %s" % (what, record.get("at"))
    stamp = parse_time(record.get(stamp_key))
    if stamp is None:
        return "%s time unreadable" % what
    age = now - stamp
    if age > max_age:
        return "last %s %s is older than %s" % (what, record.get(stamp_key), max_age)
    return None


@check("BK-01")
def check_recent_backup(snapshot):
    """A9: every database has a good backup younger than max_age_hours (the RPO)."""
    max_age = datetime.timedelta(hours=int(option(snapshot, "max_age_hours")))
    return _per_database(
        snapshot, lambda s: _age_problem(s.get("last_good"), "finished_at", max_age, "good backup", snapshot.now)
    )


@check("BK-02")
def check_verified(snapshot):
    """A9: the repository integrity check passed recently."""
    max_age = datetime.timedelta(days=int(option(snapshot, "max_verify_age_days")))
    return _per_database(
        snapshot, lambda s: _age_problem(s.get("last_verification"), "at", max_age, "verification", snapshot.now, "ok")
    )


@check("BK-03")
def check_drilled(snapshot):
    """A5: a restore drill of the latest good backup matched the source recently (the RTO is known)."""
    max_age = datetime.timedelta(days=int(option(snapshot, "max_drill_age_days")))
    # File paths have no database to restore into: the drill covers databases only.
    return _per_database(
        snapshot,
        lambda s: None if s.get("engine") == "files"
        else _age_problem(s.get("last_drill"), "at", max_age, "restore drill", snapshot.now, "ok"),
    )
