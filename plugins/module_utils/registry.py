# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The enrollment registry (guide E1, C1, C3, C5, M10, M16, S20): one storage layer for every
registry module and the inventory plugin.

SQLite file by default; PostgreSQL (psycopg 3) when a DSN is given, so several control nodes or
AWX share one registry. Every write runs in one transaction. State changes follow ``TRANSITIONS``
and each one is appended to ``history``, which the database refuses to rewrite.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import datetime
import json
import os
import sqlite3

from ansible_collections.amane.telework.plugins.module_utils import registry_fields as fields_mod
from ansible_collections.amane.telework.plugins.module_utils.registry_schema import MIGRATIONS, SCHEMA_VERSION

STATES = fields_mod.STATES
# action -> (states it may start from, state it leads to). "any -> offboarded" (C5); an
# offboarded device never leaves that state: it comes back only through a new enrollment.
ACTIONS = {
    "approve": (("requested",), "approved"),
    "reject": (("requested",), "offboarded"),
    "activate": (("approved", "quarantined"), "active"),
    "quarantine": (("active",), "quarantined"),
    "offboard": (("requested", "approved", "active", "quarantined"), "offboarded"),
}

# Request fields a record keeps (see docs/registry.md for the purpose of each).
REQUEST_FIELDS = (
    "hostname", "enroll_address", "owner_id", "owner_name", "administration", "unit", "device_kind",
    "telework_kind", "schedule", "charter_version", "charter_accepted_at", "wg_public_key", "host_key",
)
COLUMNS = (
    "device_id", "hostname", "enroll_address", "owner_id", "owner_name", "administration", "unit",
    "device_kind", "telework_kind", "schedule", "charter_version", "charter_accepted_at", "approved_by",
    "approved_at", "host_key", "wg_public_key", "vpn_address", "posture", "state", "created_at", "updated_at",
    "equipment_returned_at", "wipe_requested",
)
_JSON_COLUMNS = ("schedule", "posture")


class RegistryError(Exception):
    """A registry operation was refused; the message names the device or field and the fix."""


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def open_registry(path=None, dsn=None, create=True):
    """Open (and create or migrate when ``create``) the registry at ``path`` or ``dsn``."""
    if dsn:
        try:
            import psycopg  # deferred: only PostgreSQL users need it
        except ImportError:
            raise RegistryError("registry_dsn needs the Python package psycopg on the control node: pip install 'psycopg[binary]'")
        try:
            conn = psycopg.connect(dsn, autocommit=True)
        except psycopg.Error as exc:
            raise RegistryError("cannot connect to the PostgreSQL registry: %s" % str(exc).splitlines()[0])
        return Registry(conn, "postgresql", create=create)
    if not path:
        raise RegistryError("give registry_path (SQLite file) or registry_dsn (PostgreSQL)")
    if not create and not os.path.exists(path):
        raise RegistryError("registry %s does not exist; enroll a device first (playbooks/enroll.yml) or fix registry_path" % path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise RegistryError("directory %s of registry_path does not exist" % directory)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL") if path != ":memory:" else None
    return Registry(conn, "sqlite", create=create)


def _decode(row):
    record = dict(zip(COLUMNS, row, strict=False))
    for key in _JSON_COLUMNS:
        if record[key] is not None:
            record[key] = json.loads(record[key])
    record["wipe_requested"] = bool(record["wipe_requested"])
    return record


class Registry(object):
    def __init__(self, conn, backend, create=True):
        self.conn = conn
        self.backend = backend
        self._migrate(create)

    # --- plumbing ------------------------------------------------------------------------
    def _sql(self, query):
        return query.replace("?", "%s") if self.backend == "postgresql" else query

    def _exec(self, query, params=()):
        cur = self.conn.cursor()
        cur.execute(self._sql(query), params)
        return cur

    @contextlib.contextmanager
    def transaction(self, rollback=False):
        """One atomic write. ``rollback`` runs the same code and discards it (check mode)."""
        self._exec("BEGIN IMMEDIATE" if self.backend == "sqlite" else "BEGIN")
        try:
            yield self
        except BaseException:
            self._exec("ROLLBACK")
            raise
        self._exec("ROLLBACK" if rollback else "COMMIT")

    def close(self):
        self.conn.close()

    def _tables(self):
        if self.backend == "sqlite":
            rows = self._exec("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        else:
            rows = self._exec("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
        return {r[0] for r in rows}

    def schema_version(self):
        if "meta" not in self._tables():
            return 0
        row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, create):
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise RegistryError(
                "registry schema version %d is newer than this Amane supports (%d): upgrade the amane.telework "
                "collection on this control node; it must never write to a registry it does not understand" % (version, SCHEMA_VERSION))
        if version == SCHEMA_VERSION:
            return
        if version == 0 and self._tables() - {"sqlite_sequence"}:
            raise RegistryError("the database holds tables but no Amane schema version: it is not an Amane registry")
        if not create:
            raise RegistryError("registry schema version %d is older than %d: run any registry module once to migrate it" % (
                version, SCHEMA_VERSION))
        with self.transaction():
            for step in range(version + 1, SCHEMA_VERSION + 1):
                if step not in MIGRATIONS:
                    raise RegistryError("no migration to schema version %d" % step)
                for statement in MIGRATIONS[step][self.backend]:
                    self._exec(statement)
                self._exec("DELETE FROM meta WHERE key = 'schema_version'")
                self._exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(step),))

    # --- reads ---------------------------------------------------------------------------
    def all_rows(self):
        """Every record as raw rows in one query (the inventory plugin's bulk read)."""
        return self._exec("SELECT %s FROM devices ORDER BY device_id" % ", ".join(COLUMNS)).fetchall()  # noqa: S608 - constant column names; values are bound

    def iter_rows(self):
        """Every record as raw rows, streamed from the cursor: the inventory plugin reads 100,000
        devices without holding the whole result set (fetchall) and a copy of it at once."""
        return iter(self._exec("SELECT %s FROM devices ORDER BY device_id" % ", ".join(COLUMNS)))  # noqa: S608 - constant column names

    def all_rows_as_lists(self):
        """The bulk read in a shape the inventory cache can store as JSON."""
        return [list(row) for row in self.all_rows()]

    def get(self, device_id):
        row = self._exec("SELECT %s FROM devices WHERE device_id = ?" % ", ".join(COLUMNS), (device_id,)).fetchone()  # noqa: S608 - constant column names; values are bound
        return _decode(row) if row else None

    def find(self, device_id=None, hostname=None):
        """The device by id, else the live (not offboarded) record of ``hostname``."""
        if device_id:
            record = self.get(device_id)
        else:
            row = self._exec("SELECT device_id FROM devices WHERE hostname = ? AND state <> 'offboarded'", (hostname,)).fetchone()
            record = self.get(row[0]) if row else None
        if record is None:
            raise RegistryError("no device %s in the registry; check the id or host name" % (device_id or hostname))
        return record

    def history(self, device_id):
        rows = self._exec("SELECT seq, device_id, at, actor, action, from_state, to_state, reason FROM history "
                          "WHERE device_id = ? ORDER BY seq", (device_id,)).fetchall()
        keys = ("seq", "device_id", "at", "actor", "action", "from_state", "to_state", "reason")
        return [dict(zip(keys, r, strict=False)) for r in rows]

    # --- writes (call inside transaction()) ----------------------------------------------
    def _append_history(self, device_id, actor, action, from_state, to_state, reason, now):
        self._exec("INSERT INTO history (device_id, at, actor, action, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (device_id, now, actor, action, from_state, to_state, reason))

    def _set(self, device_id, values, now):
        values = dict(values, updated_at=now)
        for key in _JSON_COLUMNS:
            if key in values and values[key] is not None:
                values[key] = json.dumps(values[key], sort_keys=True)
        assignments = ", ".join("%s = ?" % k for k in values)
        self._exec("UPDATE devices SET %s WHERE device_id = ?" % assignments, tuple(values.values()) + (device_id,))  # noqa: S608 - constant column names; values are bound

    def _next_device_id(self):
        row = self._exec("SELECT value FROM meta WHERE key = 'last_device_number'").fetchone()
        number = int(row[0]) + 1 if row else 1
        self._exec("DELETE FROM meta WHERE key = 'last_device_number'")
        self._exec("INSERT INTO meta (key, value) VALUES ('last_device_number', ?)", (str(number),))
        return "dev-%04d" % number

    def upsert(self, request, actor, now=None):
        """Create the live record of ``request['hostname']`` or update its request fields.

        Returns (record, changed). A new record starts in ``requested``; the pinned host key
        can be set once and never silently replaced (``repin_host_key`` does that on purpose).
        """
        now = now or utc_now()
        request = {k: v for k, v in request.items() if k in REQUEST_FIELDS and v is not None}
        try:
            fields_mod.check_hostname(request.get("hostname"))
            record = self.find(hostname=request["hostname"])
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc))
        except RegistryError:
            record = None
        try:  # the record as it would be, so an update of one field is checked with the rest
            fields_mod.check_request(dict(record or {}, **request))
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc))
        if record is None:
            device_id = self._next_device_id()
            values = dict.fromkeys(COLUMNS)
            values.update(request, device_id=device_id, state="requested", created_at=now, updated_at=now, wipe_requested=0)
            for key in _JSON_COLUMNS:
                if values[key] is not None:
                    values[key] = json.dumps(values[key], sort_keys=True)
            self._exec("INSERT INTO devices (%s) VALUES (%s)" % (", ".join(COLUMNS), ", ".join("?" * len(COLUMNS))),  # noqa: S608 - constant column names; values are bound
                       tuple(values[c] for c in COLUMNS))
            self._append_history(device_id, actor, "enroll", None, "requested", "enrollment requested for %s" % request["hostname"], now)
            return self.get(device_id), True
        if record.get("host_key") and request.get("host_key") and request["host_key"] != record["host_key"]:
            raise RegistryError(
                "host key of %s (%s) differs from the pinned key: the device was reinstalled or someone is in the middle. "
                "Check it, then re-pin on purpose with registry_host_key (repin)" % (record["device_id"], record["hostname"]))
        changes = {k: v for k, v in request.items() if record.get(k) != v}
        if not changes:
            return record, False
        self._set(record["device_id"], changes, now)
        if "host_key" in changes:
            self._append_history(record["device_id"], actor, "pin_host_key", record["state"], record["state"],
                                 "SSH host key pinned: %s" % changes["host_key"].split()[0], now)
        return self.get(record["device_id"]), True

    def repin_host_key(self, device_id, host_key, actor, reason, now=None):
        now = now or utc_now()
        try:
            fields_mod.check_host_key(host_key)
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc))
        record = self.find(device_id=device_id)
        if record["host_key"] == host_key:
            return record, False
        self._set(device_id, {"host_key": host_key}, now)
        self._append_history(device_id, actor, "repin_host_key", record["state"], record["state"], reason, now)
        return self.get(device_id), True

    def transition(self, device_id, action, actor, reason, now=None, extra=None):
        """Apply ``action`` (see ACTIONS). Returns (record, changed); already there = no change."""
        now = now or utc_now()
        if action not in ACTIONS:
            raise RegistryError("action %r is not one of %s" % (action, ", ".join(sorted(ACTIONS))))
        if not actor or not reason:
            raise RegistryError("every transition needs who (actor) and why (reason): they go into the history")
        sources, target = ACTIONS[action]
        record = self.find(device_id=device_id)
        if record["state"] == target:
            return record, False
        if action == "approve" and record["approved_by"] and record["state"] in ("active", "quarantined"):
            return record, False  # approved earlier and already past approval: nothing to decide again
        if record["state"] not in sources:
            hint = " an offboarded device comes back only through a new enrollment" if record["state"] == "offboarded" else ""
            raise RegistryError("%s of %s is not allowed from state %s (allowed from %s);%s" % (
                action, device_id, record["state"], ", ".join(sources), hint))
        values = {"state": target}
        if action == "approve":
            values.update(approved_by=actor, approved_at=now)
        if target == "active":
            self._check_may_activate(record)
        if extra:
            values.update(extra)
        self._set(device_id, values, now)
        self._append_history(device_id, actor, action, record["state"], target, reason, now)
        return self.get(device_id), True

    def record_equipment_return(self, device_id, actor, now=None):
        """S20: the issued equipment came back. Recorded once, with a history entry."""
        now = now or utc_now()
        record = self.find(device_id=device_id)
        if record["equipment_returned_at"]:
            return record, False
        self._set(device_id, {"equipment_returned_at": now}, now)
        self._append_history(device_id, actor, "equipment_returned", record["state"], record["state"],
                             "equipment returned (%s device)" % record["device_kind"], now)
        return self.get(device_id), True

    @staticmethod
    def _check_may_activate(record):
        """E1, M16, M10: approval, accepted charter and a compliant posture, all three."""
        missing = []
        if not record["approved_by"]:
            missing.append("approval by the security officer (playbooks/approve.yml)")
        if not record["charter_version"] or not record["charter_accepted_at"]:
            missing.append("the owner's acceptance of the charter (charter_version and charter_accepted_at)")
        if not (record["posture"] or {}).get("compliant"):
            missing.append("a compliant posture result (playbooks/posture.yml)")
        if missing:
            raise RegistryError("%s cannot become active without %s" % (record["device_id"], "; ".join(missing)))

    def record_posture(self, device_id, compliant, failed, reasons, checked_at, actor, now=None, activate_approved=False):
        """Store a posture result and move active <-> quarantined (M10). Returns (record, changed).

        With ``activate_approved``, an approved device whose owner accepted the charter becomes
        active on its first compliant result. ``changed`` means the verdict or the state changed;
        a new timestamp on the same verdict is stored but is not a change.
        """
        now = now or utc_now()
        record = self.find(device_id=device_id)
        if record["state"] == "offboarded":
            raise RegistryError("%s is offboarded: its posture is no longer recorded" % device_id)
        posture = {"compliant": bool(compliant), "checked_at": checked_at, "failed": sorted(failed or [])}
        before = record["posture"] or {}
        changed = before.get("compliant") != posture["compliant"] or before.get("failed") != posture["failed"]
        self._set(device_id, {"posture": posture}, now)
        if record["state"] == "active" and not compliant:
            why = "; ".join("device %s %s" % (record["hostname"], r) for r in reasons) or "posture not compliant"
            return self.transition(device_id, "quarantine", actor, why, now)[0], True
        if record["state"] == "quarantined" and compliant:
            return self.transition(device_id, "activate", actor, "posture compliant again at %s" % checked_at, now)[0], True
        if record["state"] == "approved" and compliant and activate_approved and record["charter_accepted_at"]:
            why = "approved, charter accepted and posture compliant at %s" % checked_at
            return self.transition(device_id, "activate", actor, why, now)[0], True
        return self.get(device_id), changed
