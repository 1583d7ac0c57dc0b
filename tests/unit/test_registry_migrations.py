"""Schema versions: a v1 registry is migrated in place; unknown or newer schemas are refused."""

import sqlite3

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry import RegistryError, open_registry
from ansible_collections.amane.telework.plugins.module_utils.registry_schema import MIGRATIONS, SCHEMA_VERSION


def make_v1(path):
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[1]["sqlite"]:
        conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO devices (device_id, hostname, enroll_address, owner_id, owner_name, administration, unit, "
                 "device_kind, telework_kind, schedule, state, created_at, updated_at) VALUES ('dev-0001', 'pc-1', "
                 "'192.0.2.1', 'E-1', 'A B', 'finances', 'budget', 'issued', 'full', "
                 "'{\"days\": [\"mon\"], \"end\": \"16:30\", \"start\": \"08:30\"}', 'requested', 'x', 'x')")
    conn.close()


def test_v1_registry_is_migrated_and_keeps_its_records(tmp_path):
    path = str(tmp_path / "r.sqlite")
    make_v1(path)
    registry = open_registry(path)
    assert registry.schema_version() == SCHEMA_VERSION == 2
    record = registry.get("dev-0001")
    assert record["hostname"] == "pc-1" and record["equipment_returned_at"] is None and record["wipe_requested"] is False


def test_reader_refuses_an_old_schema_instead_of_migrating(tmp_path):
    path = str(tmp_path / "r.sqlite")
    make_v1(path)
    with pytest.raises(RegistryError, match="older than 2: run any registry module once"):
        open_registry(path, create=False)


def test_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "r.sqlite")
    open_registry(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(RegistryError, match="schema version 99 is newer than this Amane supports"):
        open_registry(path)


def test_foreign_database_is_refused(tmp_path):
    path = str(tmp_path / "other.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE payroll (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="not an Amane registry"):
        open_registry(path)


def test_missing_registry_is_explained(tmp_path):
    with pytest.raises(RegistryError, match="does not exist; enroll a device first"):
        open_registry(str(tmp_path / "none.sqlite"), create=False)
