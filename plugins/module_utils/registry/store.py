# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The enrollment registry (guide E1, C1, C3, C5, M10, M16, S20): one storage layer for every
registry module and the inventory plugin.

SQLite file by default; PostgreSQL (psycopg 3) when a DSN is given, so several control nodes or
AWX share one registry. Every write runs in one transaction. State changes follow ``TRANSITIONS``
and each one is appended to ``history``, which the database refuses to rewrite.

Writers never interleave: SQLite's ``BEGIN IMMEDIATE`` takes the file's write lock, and on
PostgreSQL every write transaction first takes one advisory lock of the database. Writes read then
write (next device number, first free VPN address, live record of a host name), so two control
nodes interleaving would pick the same number or address; holding the lock makes the second wait
for the first's commit and then see it. Registry writes are few and short, so one lock costs nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import datetime
import json
import os
import re
import sqlite3
from urllib.parse import quote

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as fields_mod
from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.registry.schema import MIGRATIONS, SCHEMA_VERSION

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
    "equipment_returned_at", "wipe_requested", "last_seen_at",
)
_JSON_COLUMNS = ("schedule", "posture")
# What the security officer approved (E1): changed on a device past its request, it goes back to
# approval (state requested) with a history entry; it is never overwritten silently.
_APPROVED_FIELDS = ("owner_id", "owner_name", "unit", "telework_kind", "schedule")
# What the VPN address pool and the hardening profile follow: no change in place once requested.
_FIXED_FIELDS = ("administration", "device_kind")

# Key of the PostgreSQL advisory lock every registry write holds (bytes of "amane" as a number).
PG_WRITE_LOCK = 0x616D616E65
# How long a writer waits for another control node's write before giving up with a clear error.
PG_LOCK_TIMEOUT = "30s"
# libpq waits this long for the server when the DSN does not say (its default is forever).
PG_CONNECT_TIMEOUT = 10
# DSN parameters whose values are secrets: never in a message.
_DSN_SECRETS = ("password", "sslpassword")
# A DSN that holds a password: key=value form, or user:password@ in a URI.
_DSN_HAS_PASSWORD = re.compile(r"(?i)(password\s*=)|(://[^/?#]*:[^/?#]*@)")


class RegistryError(Exception):
    """A registry operation was refused; the message names the device or field and the fix."""


# Where the registry is when a task names none: the controller's environment (the inventory plugin
# reads the same two variables through its option docs).
REGISTRY_PATH_ENV = "AMANE_REGISTRY_PATH"
REGISTRY_DSN_ENV = "AMANE_REGISTRY_DSN"


def registry_location(path=None, dsn=None, environ=None):
    """(path, dsn) of the registry a task means: its own options, else the environment's.

    A DSN, given or from the environment, is the registry; the path is looked up in the
    environment only when the task gives neither. The one rule for every module and the report."""
    environ = os.environ if environ is None else environ
    dsn = dsn or environ.get(REGISTRY_DSN_ENV) or None
    if not path and not dsn:
        path = environ.get(REGISTRY_PATH_ENV) or None
    return path, dsn


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(values.UTC_TIME_FORMAT)


parse_time = values.parse_utc_time


def open_registry(path=None, dsn=None, create=True, check_mode=False):
    """Open (and create or migrate when ``create``) the registry at ``path`` or ``dsn``.

    With ``check_mode`` a needed migration is not committed on its own: it runs at the start of
    each ``transaction()``, so the check-mode rollback undoes it with the rest.
    """
    if dsn:
        return Registry(_connect_postgresql(dsn), "postgresql", create=create, check_mode=check_mode)
    if not path:
        raise RegistryError("give registry_path (SQLite file) or registry_dsn (PostgreSQL)")
    if not create and not os.path.exists(path):
        raise RegistryError("registry %s does not exist; enroll a device first (playbooks/enroll.yml) or fix registry_path" % path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise RegistryError("directory %s of registry_path does not exist" % directory)
    if os.path.isdir(path):
        raise RegistryError("registry_path %s is a directory; point it at the registry's SQLite file" % path)
    if path != ":memory:" and not os.path.exists(path):
        _create_private(path)
    # Reading a cut file whose header says WAL makes SQLite create its -wal and -shm beside it:
    # those this open created are removed again when the file is refused, so a refusal leaves the
    # directory as it was.
    sidecars = [] if path == ":memory:" else [path + suffix for suffix in ("-wal", "-shm") if not os.path.exists(path + suffix)]
    registry = None
    try:
        registry = Registry(sqlite3.connect(path, timeout=30, isolation_level=None), "sqlite", create=create, check_mode=check_mode)
        # WAL only once the file is known to be an Amane registry: the pragma rewrites the header
        # of whatever database it is given, and a refused file must stay as it was.
        registry._exec("PRAGMA journal_mode=WAL") if path != ":memory:" else None
        return registry
    except (sqlite3.DatabaseError, RegistryError) as exc:
        if registry is not None:
            registry.close()
        cause = exc.__cause__ if isinstance(exc, RegistryError) else exc
        damaged = getattr(cause, "sqlite_errorname", None) in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
        if isinstance(exc, RegistryError) and isinstance(cause, sqlite3.Error) and not damaged:
            raise  # a locked file, a failed migration: the message says so, and no file is ours to remove
        for sidecar in sidecars if not isinstance(cause, sqlite3.OperationalError) else ():
            if os.path.exists(sidecar):
                os.remove(sidecar)
        if isinstance(cause, sqlite3.DatabaseError):  # not a database, or a cut or damaged one
            raise RegistryError("registry %s is not a readable SQLite registry (%s): restore it from its backup, or fix "
                                "registry_path; nothing was changed" % (path, cause)) from None
        # refused by the registry itself (not an Amane registry, a newer schema): say which file
        raise RegistryError("registry_path %s: %s; nothing was changed" % (path, exc)) from None


def _create_private(path):
    """Create the empty SQLite file 0600: it holds personal data (law 09.08, A3). SQLite gives its
    -wal and -shm files the database file's mode, so they stay private too."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another run created it first: keep its file
    except OSError as exc:
        raise RegistryError("cannot create registry %s: %s" % (path, exc.strerror)) from None


def _connect_postgresql(dsn):
    """A psycopg connection for ``dsn``; every failure is a RegistryError that never holds the password."""
    try:
        import psycopg  # deferred: only PostgreSQL users need it
        from psycopg import conninfo
    except ImportError:
        raise RegistryError("registry_dsn needs the Python package psycopg on the control node: pip install 'psycopg[binary]'")
    try:
        params = conninfo.conninfo_to_dict(dsn)
    except psycopg.Error as exc:
        # libpq quotes the string back (a URI whole, or the word after a bad one): with a password
        # in it, its text would print the password, so it is withheld.
        why = "libpq's message is withheld as it would quote the password" if _DSN_HAS_PASSWORD.search(dsn) else one_line(str(exc))
        raise RegistryError("registry_dsn is not a valid PostgreSQL connection string (%s). Write it as key=value pairs "
                            "(quote values with spaces: password='a b') or as postgresql://user@host/dbname with special "
                            "characters percent-encoded" % why) from None  # the chained error quotes the DSN
    secrets = [dsn] + [str(params[key]) for key in _DSN_SECRETS if params.get(key)]
    options = {"autocommit": True, "client_encoding": "UTF8"}
    if "connect_timeout" not in params:
        options["connect_timeout"] = PG_CONNECT_TIMEOUT
    if "application_name" not in params:
        options["application_name"] = "amane.telework registry"  # what a DBA sees in pg_stat_activity
    try:
        conn = psycopg.connect(dsn, **options)
    except psycopg.Error as exc:
        raise RegistryError("cannot connect to the PostgreSQL registry (registry_dsn): %s" % scrub(str(exc), secrets)) from None
    return conn


def one_line(text):
    """libpq's messages come on several lines (hints indented): one line for a module's msg."""
    return " ".join(text.split())


def scrub(text, secrets):
    """``text`` on one line with every secret (as given and percent-encoded, as in a URI) masked."""
    for secret in sorted(secrets, key=len, reverse=True):
        for form in (secret, quote(secret, safe="")):
            if form:
                text = text.replace(form, "********")
    return one_line(text)


_GRANT_HINT = ("grant the registry_dsn role what it needs: SELECT on the registry's tables for the inventory plugin; "
               "SELECT, INSERT, UPDATE, DELETE on them and USAGE on their sequences for the registry modules "
               "(docs/registry.md, PostgreSQL)")
_OWNER_HINT = ("only the role that owns the registry's tables may reshape them: run a registry module once with a "
               "registry_dsn of that role to migrate the registry")


def _db_failure(what, exc, backend, privilege_hint=_GRANT_HINT):
    """``what`` failed and why, on one line, with the fix when a privilege is missing."""
    message = "%s: %s" % (what, one_line(str(exc)))
    if backend == "postgresql" and getattr(exc, "sqlstate", None) == "42501":  # insufficient_privilege
        message += "; " + privilege_hint
    return message


def _check_history_text(**texts):
    """actor and reason go into the history as they are: refuse what the database cannot store."""
    for field, value in sorted(texts.items()):
        try:
            fields_mod.check_free_text(field, value)
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc))


def _decode(row):
    record = dict(zip(COLUMNS, row, strict=False))
    for key in _JSON_COLUMNS:
        if record[key] is not None:
            record[key] = json.loads(record[key])
    record["wipe_requested"] = bool(record["wipe_requested"])
    return record


class Registry(object):
    def __init__(self, conn, backend, create=True, check_mode=False):
        self.conn = conn
        self.backend = backend
        self._migration_pending = False
        if backend == "postgresql":
            import psycopg

            self.db_errors = psycopg.Error
            self._lock_timeout_error = psycopg.errors.LockNotAvailable
        else:
            self.db_errors = sqlite3.Error
            self._lock_timeout_error = ()
        try:
            self._migrate(create, check_mode)
        except self.db_errors as exc:
            self.close()
            raise RegistryError(_db_failure("cannot read the registry", exc, backend)) from exc
        except BaseException:
            self.close()
            raise

    # --- plumbing ------------------------------------------------------------------------
    def _exec(self, query, params=()):
        """Runs ``query`` with ``?`` placeholders on either backend (no literal ``?`` in its text)."""
        cur = self.conn.cursor()
        if self.backend == "sqlite":
            cur.execute(query, params)
        elif params:  # psycopg's placeholder is %s, so a literal % must be doubled
            cur.execute(query.replace("%", "%%").replace("?", "%s"), params)
        else:  # no parameters: psycopg sends the text as it is, % and all
            cur.execute(query)
        return cur

    @contextlib.contextmanager
    def transaction(self, rollback=False):
        """One atomic write, alone (see the module docstring). ``rollback`` runs the same code and
        discards it (check mode). A refusal of the database becomes a RegistryError saying so."""
        try:
            try:
                self._begin()
                migrating = self._migration_pending
                if migrating:
                    self._apply_migrations()
                yield self
            except BaseException:
                self._rollback_quietly()
                raise
            self._exec("ROLLBACK" if rollback else "COMMIT")
            self._migration_pending = migrating and rollback
        except self._lock_timeout_error as exc:
            raise RegistryError(
                "another control node has been writing to the registry for more than %s: nothing was changed; retry, "
                "and if it lasts look for a stuck session of application 'amane.telework registry' in pg_stat_activity"
                % PG_LOCK_TIMEOUT) from exc
        except self.db_errors as exc:
            raise RegistryError(_db_failure("the registry database refused the change, nothing was written", exc, self.backend)) from exc

    def _begin(self):
        if self.backend == "sqlite":
            self._exec("BEGIN IMMEDIATE")
            return
        self._exec("BEGIN")
        # SET LOCAL: for this transaction only, so a DSN's own settings stay as they are elsewhere.
        self._exec("SELECT set_config('lock_timeout', ?, true)", (PG_LOCK_TIMEOUT,))
        self._exec("SELECT pg_advisory_xact_lock(?)", (PG_WRITE_LOCK,))

    def _rollback_quietly(self):
        """Undo after an error; a connection that is gone already keeps the first error visible."""
        try:
            self._exec("ROLLBACK")
        except self.db_errors:
            pass

    def close(self):
        self.conn.close()

    def _tables(self):
        if self.backend == "sqlite":
            rows = self._exec("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        else:
            # pg_tables, not information_schema.tables: the latter hides tables the role has no
            # privilege on, so a role without grants would see an empty database, be told to
            # migrate it, and then try to create the schema.
            rows = self._exec("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()").fetchall()
        return {r[0] for r in rows}

    def schema_version(self):
        if "meta" not in self._tables():
            return 0
        row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if not row:
            return 0
        try:
            return int(row[0])
        except ValueError:
            raise RegistryError("registry schema version %r in table meta is not a number: the database was edited by hand; "
                                "restore it from a backup" % (row[0],))

    def _check_version(self, version, create):
        """True when ``version`` needs migrating; raises when it must not be touched."""
        if version > SCHEMA_VERSION:
            raise RegistryError(
                "registry schema version %d is newer than this Amane supports (%d): upgrade the amane.telework "
                "collection on this control node; it must never write to a registry it does not understand" % (version, SCHEMA_VERSION))
        if version == SCHEMA_VERSION:
            return False
        if version == 0 and self._tables() - {"sqlite_sequence"}:
            raise RegistryError("the database holds tables but no Amane schema version: it is not an Amane registry")
        if not create:
            raise RegistryError("registry schema version %d is older than %d: run any registry module once to migrate it" % (
                version, SCHEMA_VERSION))
        return True

    def _migrate(self, create, check_mode=False):
        if not self._check_version(self.schema_version(), create):
            return
        if check_mode:
            self._migration_pending = True  # applied inside each transaction, rolled back with it
            return
        with self.transaction():
            self._apply_migrations()

    def _apply_migrations(self):
        """The missing migrations, inside the caller's transaction."""
        # Read again under the write lock: another control node may have migrated meanwhile.
        version = self.schema_version()
        if not self._check_version(version, True):
            return
        for step in range(version + 1, SCHEMA_VERSION + 1):
            if step not in MIGRATIONS:
                raise RegistryError("no migration to schema version %d" % step)
            try:
                for statement in MIGRATIONS[step][self.backend]:
                    self._exec(statement)
            except self.db_errors as exc:
                self._rollback_quietly()  # PostgreSQL refuses any query in a failed transaction
                raise RegistryError(_db_failure("migrating the registry to schema version %d failed, nothing was changed%s" % (
                    step, self._shared_addresses()), exc, self.backend, _OWNER_HINT)) from exc
            self._exec("DELETE FROM meta WHERE key = 'schema_version'")
            self._exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(step),))

    def _shared_addresses(self):
        """What version 3 refuses, by name: live devices sharing one VPN address."""
        try:
            rows = self._exec("SELECT vpn_address, device_id FROM devices WHERE state <> 'offboarded' AND vpn_address IN ("
                              "SELECT vpn_address FROM devices WHERE state <> 'offboarded' GROUP BY vpn_address HAVING COUNT(*) > 1) "
                              "ORDER BY vpn_address, device_id").fetchall()
        except self.db_errors:  # an earlier step failed: there may be no devices table to look at
            self._rollback_quietly()
            return ""
        if not rows:
            return ""
        shared = {}
        for address, device_id in rows:
            shared.setdefault(address, []).append(device_id)
        return " (live devices share a VPN address: %s; offboard or re-address all but one, then run again)" % "; ".join(
            "%s held by %s" % (address, ", ".join(ids)) for address, ids in sorted(shared.items()))

    # --- reads ---------------------------------------------------------------------------
    def all_rows(self):
        """Every record as raw rows in one query (the inventory plugin's bulk read)."""
        return self._exec("SELECT %s FROM devices ORDER BY device_id" % ", ".join(COLUMNS)).fetchall()  # noqa: S608 - constant column names; values are bound

    def iter_rows(self):
        """Every record as raw rows, streamed from the cursor: the inventory plugin reads 100,000
        devices without holding the whole result set (fetchall) and a copy of it at once."""
        query = "SELECT %s FROM devices ORDER BY device_id" % ", ".join(COLUMNS)  # noqa: S608 - constant column names
        if self.backend == "sqlite":
            return iter(self._exec(query))
        return self._stream_postgresql(query)

    def _stream_postgresql(self, query):
        """psycopg's ordinary cursor receives the whole result before the first row: a named
        (server-side) cursor sends it in batches instead. It lives in a read-only transaction."""
        with self.conn.transaction():
            self._exec("SET TRANSACTION READ ONLY")
            with self.conn.cursor(name="amane_registry_rows") as cursor:
                cursor.itersize = 1000
                cursor.execute(query)
                yield from cursor

    def all_rows_as_lists(self):
        """The bulk read in a shape the inventory cache can store as JSON."""
        return [list(row) for row in self.all_rows()]

    def get(self, device_id):
        row = self._exec("SELECT %s FROM devices WHERE device_id = ?" % ", ".join(COLUMNS), (device_id,)).fetchone()  # noqa: S608 - constant column names; values are bound
        return _decode(row) if row else None

    def find(self, device_id=None, hostname=None):
        """The device by id, else the live (not offboarded) record of ``hostname``."""
        option, value = ("device_id", device_id) if device_id else ("hostname", hostname)
        # the message names the option looked up; a value with a newline or NUL is shown quoted, on one line
        missing = RegistryError("no device %s in the registry; check the %s" % (values.shown(value), option))
        if "\x00" in str(value):  # no record holds NUL; PostgreSQL would refuse the query
            raise missing
        if device_id:
            record = self.get(device_id)
        else:
            row = self._exec("SELECT device_id FROM devices WHERE hostname = ? AND state <> 'offboarded'", (hostname,)).fetchone()
            record = self.get(row[0]) if row else None
        if record is None:
            raise missing
        return record

    def history(self, device_id):
        rows = self._exec("SELECT seq, device_id, at, actor, action, from_state, to_state, reason FROM history "
                          "WHERE device_id = ? ORDER BY seq", (device_id,)).fetchall()
        keys = ("seq", "device_id", "at", "actor", "action", "from_state", "to_state", "reason")
        return [dict(zip(keys, r, strict=False)) for r in rows]

    # --- writes (call inside transaction()) ----------------------------------------------
    def _append_history(self, device_id, actor, action, from_state, to_state, reason, now):
        _check_history_text(actor=actor, reason=reason)
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
            # who changes a record is checked on every write, not only those that add a history entry
            fields_mod.check_free_text("actor", actor)
            fields_mod.check_hostname(request.get("hostname"))
            record = self.find(hostname=request["hostname"])
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc))
        except RegistryError:
            record = None
        try:  # the record as it would be, so an update of one field is checked with the rest
            fields_mod.check_new_values(request)
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
        device_id, state = record["device_id"], record["state"]
        fixed = sorted(set(changes) & set(_FIXED_FIELDS))
        if fixed and state != "requested":
            raise RegistryError(
                "%s (%s) is %s: %s cannot change in place (its VPN pool and hardening profile follow them). "
                "Offboard it (playbooks/offboard.yml), then enroll it again with the new request; nothing was changed"
                % (record["hostname"], device_id, state, " and ".join(fixed)))
        reapprove = sorted(set(changes) & set(_APPROVED_FIELDS)) if state in ("approved", "active", "quarantined") else []
        if reapprove:
            changes.update(state="requested", approved_by=None, approved_at=None)
        self._set(device_id, changes, now)
        if "host_key" in changes:
            self._append_history(device_id, actor, "pin_host_key", state, state,
                                 "SSH host key pinned: %s" % changes["host_key"].split()[0], now)
        if "wg_public_key" in changes:
            self._append_history(device_id, actor, "set_wg_key", state, state, "WireGuard public key %s: %s" % (
                "replaced" if record.get("wg_public_key") else "recorded", changes["wg_public_key"]), now)
        if "enroll_address" in changes:
            self._append_history(device_id, actor, "set_enroll_address", state, state, "enrollment address %s -> %s" % (
                record.get("enroll_address"), changes["enroll_address"]), now)
        if reapprove:
            self._append_history(device_id, actor, "request_changed", state, "requested",
                                 "approved request changed (%s): back to approval (E1)" % ", ".join(reapprove), now)
        return self.get(device_id), True

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
        _check_history_text(actor=actor, reason=reason)  # before approved_by = actor is written
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

    def record_seen(self, seen):
        """Store the latest handshake of each live device whose key a gateway reported (M10, A17).

        ``seen``: {WireGuard public key: UTC time text}. Only a later time than the stored one is
        written (two gateways, or a replayed report, never move a device back in time). Returns
        (device ids updated, keys no live device holds). One read of the live keys, one update per
        device seen later: a fleet's sightings cost a query, not a query per device.
        """
        for key, at in seen.items():
            try:
                fields_mod.check_wg_key(key)
                fields_mod.check_utc_time("latest handshake of %s" % key, at)
            except fields_mod.FieldError as exc:
                raise RegistryError(str(exc)) from None
        rows = self._exec("SELECT device_id, wg_public_key, last_seen_at FROM devices "
                          "WHERE state <> 'offboarded' AND wg_public_key IS NOT NULL").fetchall()
        held = {key: (device_id, last) for device_id, key, last in rows}
        updates = [(seen[key], device_id) for key, (device_id, last) in sorted(held.items())
                   if key in seen and (last is None or seen[key] > last)]
        for at, device_id in updates:
            self._exec("UPDATE devices SET last_seen_at = ? WHERE device_id = ?", (at, device_id))
        return sorted(device_id for _at, device_id in updates), sorted(set(seen) - set(held))

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

    def record_posture(self, device_id, compliant, failed, reasons, checked_at, actor, now=None, activate_approved=False,
                       not_assessed=()):
        """Store a posture result and move active <-> quarantined (M10). Returns (record, changed).

        With ``activate_approved``, an approved device whose owner accepted the charter becomes
        active on its first compliant result. ``changed`` means the verdict or the state changed;
        a new timestamp on the same verdict is stored but is not a change.
        """
        now = now or utc_now()
        failed, reasons, not_assessed = list(failed or ()), list(reasons or ()), list(not_assessed or ())
        try:  # the result is stored as given and its reasons go into the history: all of it is checked first
            fields_mod.check_free_text("actor", actor)
            fields_mod.check_posture_result(compliant, failed, reasons, not_assessed, checked_at)
        except fields_mod.FieldError as exc:
            raise RegistryError(str(exc)) from None
        record = self.find(device_id=device_id)
        if record["state"] == "offboarded":
            raise RegistryError("%s is offboarded: its posture is no longer recorded" % device_id)
        posture = {"compliant": bool(compliant), "checked_at": checked_at, "failed": sorted(failed)}
        if not_assessed:  # gate controls switched off or waived: kept with the verdict, never hidden
            posture["not_assessed"] = sorted(not_assessed)
        before = record["posture"] or {}
        changed = any(before.get(key) != posture.get(key) for key in ("compliant", "failed", "not_assessed"))
        self._set(device_id, {"posture": posture}, now)
        trace = " (not assessed: %s)" % ", ".join(posture["not_assessed"]) if not_assessed else ""
        if record["state"] == "active" and not compliant:
            why = "; ".join("device %s %s" % (record["hostname"], r) for r in reasons) or "posture not compliant"
            return self.transition(device_id, "quarantine", actor, why, now)[0], True
        if record["state"] == "quarantined" and compliant:
            return self.transition(device_id, "activate", actor, "posture compliant again at %s%s" % (checked_at, trace), now)[0], True
        if record["state"] == "approved" and compliant and activate_approved and record["charter_accepted_at"]:
            why = "approved, charter accepted and posture compliant at %s%s" % (checked_at, trace)
            return self.transition(device_id, "activate", actor, why, now)[0], True
        if trace and changed:
            self._append_history(device_id, actor, "posture_partial", record["state"], record["state"],
                                 "posture %s at %s%s" % ("compliant" if compliant else "not compliant", checked_at, trace), now)
        return self.get(device_id), changed
