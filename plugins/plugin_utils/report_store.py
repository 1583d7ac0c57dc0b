# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report store: every report run kept in the registry database (SQLite or PostgreSQL).

Officers follow the fleet over time (M10, M11, A21): the trend of the compliance rate, what
changed between any two runs, the devices that stopped being assessed. One report run is

- a row of ``report_runs`` (its summary, the SHA-256 of its manifest),
- rows of ``report_rates`` (hosts and compliant hosts, fleet-wide and per administration;
  applicable and good results per control): the trend charts read only these,
- one compressed snapshot of every device's statuses (``report_snapshots``): comparing two runs
  reads two snapshots, never two report files,
- the last time each device was assessed (``report_last_assessed``).

Owners' names, owner ids and evidence are never stored (law 09.08, A3): the report files keep
them, and a pseudonymized run stores what its report shows. Runs older than the retention
(default 12 months) are deleted when a run is stored. The tables are created by the registry's
schema version 4 (module_utils/registry/schema.py), so a registry and its reports move and are
backed up together.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import re
import zlib

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry, parse_time
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import RUN_SCHEMA, STATUS_CODES, change_kind

SNAPSHOT_VERSION = 1
CODE_STATUSES = {code: status for status, code in STATUS_CODES.items()}
NOT_REPORTED = "-"  # the control was not reported by this host in this run
RUN_ID = re.compile(r"\d{8}T\d{6}Z")
RUN_ID_FORMAT = "%Y%m%dT%H%M%SZ"  # the report folder's name: one id for a run, its folder and its row
DEFAULT_RETENTION_DAYS = 365
SCOPES = ("fleet", "administration", "control")


class StoreError(ValueError):
    """The store refused or failed; the message names the option (registry_path, previous...) and the fix."""


def run_id_of(generated_at):
    return generated_at.strftime(RUN_ID_FORMAT)


def encode_snapshot(report):
    """The statuses of every device of ``report``, compressed (a run of 10,000 x 60 is ~100 KiB)."""
    controls = [c["id"] for c in report["controls"]]
    position = {control_id: index for index, control_id in enumerate(controls)}
    hosts = []
    width = len(controls)
    for host in report["hosts"]:
        codes = None
        if host["audited"]:
            row = [NOT_REPORTED] * width
            for result in host["results"]:
                row[position[result["id"]]] = STATUS_CODES[result["status"]]
            codes = "".join(row)
        hosts.append([host["host"], host["device_id"], host["administration"], host["checked_at"], codes])
    data = {"version": SNAPSHOT_VERSION, "controls": controls, "hosts": hosts}
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def decode_snapshot(blob):
    """{host: {control id: status}} of an encoded snapshot (hosts without audit map to None)."""
    data = json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
    if data.get("version") != SNAPSHOT_VERSION:
        raise StoreError("report store: snapshot version %r is not %d; upgrade amane.telework" % (data.get("version"), SNAPSHOT_VERSION))
    controls = data["controls"]
    statuses = {}
    for host, _device_id, _administration, _checked_at, codes in data["hosts"]:
        if codes is None:
            statuses[host] = None
            continue
        statuses[host] = {controls[i]: CODE_STATUSES[code] for i, code in enumerate(codes) if code != NOT_REPORTED}
    return statuses


def rates_of(report):
    """(scope, name, total, good) rows of one report: what the trend charts draw."""
    summary = report["summary"]
    rows = [("fleet", "", summary["hosts"], summary["compliant"])]
    for group in report["by_administration"]:
        rows.append(("administration", group["name"] or "", group["hosts"], group["compliant"]))
    for control in report["controls"]:
        counts = control["counts"]
        applicable = sum(counts.values()) - counts["not_applicable"]
        rows.append(("control", control["id"], applicable, counts["pass"] + counts["waived"]))
    return rows


class ReportStore(object):
    """Report runs in an open registry (``module_utils.registry.store.Registry``)."""

    def __init__(self, registry):
        self.registry = registry

    @classmethod
    def open(cls, path=None, dsn=None, check_mode=False):
        try:
            return cls(open_registry(path=path, dsn=dsn, create=True, check_mode=check_mode))
        except RegistryError as exc:
            raise StoreError("registry_path/registry_dsn (the report store): %s" % exc) from None

    def close(self):
        self.registry.close()

    def _rows(self, query, params=()):
        if self.registry._migration_pending:  # check mode on a registry older than version 4: nothing stored yet
            return []
        try:
            return self.registry._exec(query, params).fetchall()
        except self.registry.db_errors as exc:
            raise StoreError("report store: cannot read the registry database (%s); check registry_path/registry_dsn "
                             "and the database role's privileges on the report_* tables" % " ".join(str(exc).split())) from None

    # --- reads -------------------------------------------------------------------------------
    def runs(self, since=None, before=None):
        """Stored runs, oldest first: [{run_id, generated_at, summary, manifest_sha256}]."""
        query = "SELECT run_id, generated_at, summary, manifest_sha256, pseudonymized FROM report_runs"
        clauses, params = [], []
        if since is not None:
            clauses.append("generated_at >= ?")
            params.append(since)
        if before is not None:
            clauses.append("generated_at < ?")
            params.append(before)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        return [
            {"run_id": run_id, "generated_at": at, "summary": json.loads(summary), "manifest_sha256": digest, "pseudonymized": bool(pseudo)}
            for run_id, at, summary, digest, pseudo in self._rows(query + " ORDER BY generated_at", params)
        ]

    def latest_run_id(self, before=None):
        query, params = "SELECT run_id FROM report_runs", ()
        if before is not None:
            query, params = query + " WHERE generated_at < ?", (before,)
        row = self._rows(query + " ORDER BY generated_at DESC LIMIT 1", params)
        return row[0][0] if row else None

    def load(self, run_id):
        """One stored run, as ``build_report``'s ``previous``: {schema, run_id, generated_at, statuses}."""
        if not isinstance(run_id, str) or not RUN_ID.fullmatch(run_id):
            raise StoreError("previous: %r is not a run id (YYYYMMDDTHHMMSSZ, a report folder's name)" % (run_id,))
        rows = self._rows("SELECT r.generated_at, s.snapshot FROM report_runs r JOIN report_snapshots s ON s.run_id = r.run_id "
                          "WHERE r.run_id = ?", (run_id,))
        if not rows:
            known = [run["run_id"] for run in self.runs()[-5:]]
            raise StoreError("previous: run %s is not in the report store (latest: %s); give a stored run id, 'auto' or 'none'"
                             % (run_id, ", ".join(known) or "none stored yet"))
        generated_at, blob = rows[0]
        return {"schema": RUN_SCHEMA, "run_id": run_id, "generated_at": generated_at, "statuses": decode_snapshot(blob)}

    def trend(self, since=None, before=None):
        """The trend: [{run_id, generated_at, rate, control_rate, hosts}] and per-scope points.

        ``{"runs": [...], "administration": {name: [[run index, total, good], ...]}, "control": {...}}``
        """
        runs = self.runs(since=since, before=before)
        index = {run["run_id"]: i for i, run in enumerate(runs)}
        series = {"administration": {}, "control": {}}
        if runs:
            query = "SELECT run_id, scope, name, total, good FROM report_rates WHERE scope <> 'fleet'"
            params = []
            if since is not None:  # the join on report_runs would do; a range on run_id is one index scan
                query += " AND run_id >= ?"
                params.append(runs[0]["run_id"])
            for run_id, scope, name, total, good in self._rows(query, params):
                if run_id in index and scope in series:
                    series[scope].setdefault(name, []).append([index[run_id], total, good])
        for scope in series.values():
            for points in scope.values():
                points.sort()
        return {
            "runs": [{"run_id": r["run_id"], "generated_at": r["generated_at"], "rate": r["summary"].get("rate"),
                      "control_rate": r["summary"].get("control_rate"), "hosts": r["summary"].get("hosts")} for r in runs],
            "administration": series["administration"],
            "control": series["control"],
        }

    def last_assessed(self):
        """{host: checked_at} of the last run that assessed each host."""
        return dict(self._rows("SELECT host, checked_at FROM report_last_assessed"))

    def compare(self, run_a, run_b):
        """What changed from stored run ``run_a`` to ``run_b``: newly failing first, then fixed."""
        before, after = self.load(run_a)["statuses"], self.load(run_b)["statuses"]
        return diff_statuses(before, after)

    # --- writes ------------------------------------------------------------------------------
    def save(self, report, manifest_sha256=None, retention_days=DEFAULT_RETENTION_DAYS, rollback=False):
        """Store ``report`` (one transaction) and delete runs older than ``retention_days``.

        Returns the number of runs deleted. ``rollback`` runs it all and keeps nothing (check mode).
        """
        generated_at = parse_time(report["generated_at"])
        run_id = run_id_of(generated_at)
        cutoff = (generated_at - datetime.timedelta(days=retention_days)).strftime(values.UTC_TIME_FORMAT)
        exec_ = self.registry._exec
        try:
            with self.registry.transaction(rollback=rollback):
                old = [row[0] for row in exec_("SELECT run_id FROM report_runs WHERE generated_at < ? OR run_id = ?",
                                               (cutoff, run_id)).fetchall()]
                for table in ("report_rates", "report_snapshots", "report_runs"):
                    for stale in old:
                        exec_("DELETE FROM %s WHERE run_id = ?" % table, (stale,))  # noqa: S608 - table names are constants
                exec_("DELETE FROM report_last_assessed WHERE checked_at < ?", (cutoff,))
                exec_("INSERT INTO report_runs (run_id, generated_at, pseudonymized, collection_version, inventory_source, summary, "
                      "manifest_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (run_id, report["generated_at"], 1 if report["pseudonymized"] else 0, report["collection_version"],
                       report["inventory_source"], json.dumps(report["summary"], sort_keys=True), manifest_sha256))
                cursor = self.registry.conn.cursor()
                insert = "INSERT INTO report_rates (run_id, scope, name, total, good) VALUES (?, ?, ?, ?, ?)"
                rows = [(run_id,) + row for row in rates_of(report)]
                if self.registry.backend == "postgresql":
                    cursor.executemany(insert.replace("?", "%s"), rows)
                else:
                    cursor.executemany(insert, rows)
                exec_("INSERT INTO report_snapshots (run_id, snapshot) VALUES (?, ?)", (run_id, encode_snapshot(report)))
                self._save_last_assessed(run_id, report, cursor)
        except RegistryError as exc:
            raise StoreError("registry_path/registry_dsn (the report store): %s" % exc) from None
        return len([r for r in old if r != run_id])

    def _save_last_assessed(self, run_id, report, cursor):
        rows = [(h["host"], h["device_id"], h["checked_at"], run_id) for h in report["hosts"] if h["audited"] and h["checked_at"]]
        if not rows:
            return
        # one statement for both backends (SQLite >= 3.24 and PostgreSQL share ON CONFLICT); an
        # older assessment never replaces a newer one (a report built from stale facts)
        upsert = ("INSERT INTO report_last_assessed (host, device_id, checked_at, run_id) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (host) DO UPDATE SET device_id = excluded.device_id, checked_at = excluded.checked_at, "
                  "run_id = excluded.run_id WHERE excluded.checked_at >= report_last_assessed.checked_at")
        if self.registry.backend == "postgresql":
            cursor.executemany(upsert.replace("?", "%s"), rows)
        else:
            cursor.executemany(upsert, rows)


def diff_statuses(before, after):
    """Changes between two {host: {control: status}} maps (None: the host was not audited), by
    the report's own rule (report_model.change_kind): newly failing first, then fixed."""
    new_failures, fixes = [], []
    for host in sorted(after):
        now = after[host]
        if now is None or host not in before:  # not audited now, or new: nothing to compare
            continue
        was = before[host] or {}
        for control_id in sorted(now):
            status, earlier = now[control_id], was.get(control_id)
            kind = change_kind(earlier, status)
            if kind is not None:
                (new_failures if kind == "new_failure" else fixes).append(
                    {"host": host, "control": control_id, "before": earlier, "after": status})
    return {
        "new_failures": new_failures,
        "fixes": fixes,
        "new_hosts": sorted(set(after) - set(before)),
        "removed_hosts": sorted(set(before) - set(after)),
    }
