"""Shared builders for the registry tests: a valid request, and a registry on either backend."""

import json
import os
import sqlite3

from ansible_collections.amane.telework.plugins.module_utils.registry import ipam
from ansible_collections.amane.telework.plugins.module_utils.registry.store import open_registry

POOLS = {"finances": "10.66.1.0/24", "sante": "10.66.2.0/24"}
HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0cGluMHlKZXlGb3JUZXN0c09ubHlYWFhYWFhYWFhY"
WG_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def request(hostname="pc-1", **overrides):
    fields = {
        "hostname": hostname, "enroll_address": "192.0.2.10", "owner_id": "E-1001", "owner_name": "Karim Benali",
        "administration": "finances", "unit": "budget", "device_kind": "issued", "telework_kind": "partial",
        "schedule": {"days": ["mon", "thu"], "start": "08:30", "end": "16:30"},
        "charter_version": "2026.1", "charter_accepted_at": "2026-11-20T09:00:00Z",
    }
    fields.update(overrides)
    return fields


def enroll(registry, hostname="pc-1", now="2026-11-23T08:00:00Z", pools=None, **overrides):
    with registry.transaction():
        record, _unused = registry.upsert(request(hostname, **overrides), "tech", now=now)
        ipam.allocate(registry, record["device_id"], pools or POOLS, now=now)
    return registry.get(record["device_id"])


def make_active(registry, device_id, now="2026-11-23T09:00:00Z"):
    with registry.transaction():
        registry.transition(device_id, "approve", "rssi", "charter signed", now=now)
        registry.record_posture(device_id, True, [], [], now, "gate", now=now, activate_approved=True)
    return registry.get(device_id)


class RegistryTarget(object):
    """Where one test's registry lives (conftest's ``registry_target``): a SQLite file or a
    PostgreSQL database, with what a test needs to open it, poke it directly and name its errors."""

    def __init__(self, backend, path=None, dsn=None, cluster=None, database=None):
        self.backend, self.path, self.dsn, self.cluster, self.database = backend, path, dsn, cluster, database

    def open(self, create=True, check_mode=False):
        return open_registry(path=self.path, dsn=self.dsn, create=create, check_mode=check_mode)

    def reset(self):
        """Empties the registry's storage (a new run of a property test): no file, an empty schema."""
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)
        else:
            self.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public")

    def raw(self):
        """A plain autocommit DB-API connection, bypassing the registry (to build old or broken states)."""
        if self.backend == "sqlite":
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def execute(self, *statements, params=()):
        """Runs ``statements`` (``?`` placeholders on both backends) on a raw connection."""
        conn = self.raw()
        try:
            for statement in statements:
                if self.backend == "postgresql":
                    statement = statement.replace("?", "%s")
                conn.execute(statement, params) if params else conn.execute(statement)
        finally:
            conn.close()

    @property
    def db_error(self):
        """The DB-API base error of the backend (what a raw statement the database refuses raises)."""
        if self.backend == "sqlite":
            return sqlite3.DatabaseError
        import psycopg

        return psycopg.Error

    def inventory_config_lines(self):
        """The registry_* line of an inventory plugin configuration pointing at this registry."""
        if self.backend == "sqlite":
            return ["registry_path: %s" % self.path]
        return ["registry_dsn: %s" % json.dumps(self.dsn)]
