"""Schema versions: a v1 registry is migrated in place; unknown or newer schemas are refused.

Each test runs on both backends (conftest's ``registry_target``): the old schema is built with the
backend's own version-1 statements, straight through a plain DB-API connection.
"""

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry
from ansible_collections.amane.telework.plugins.module_utils.registry.schema import MIGRATIONS, SCHEMA_VERSION
from tests.unit.registry_factory import request

V1_DEVICE = (
    "INSERT INTO devices (device_id, hostname, enroll_address, owner_id, owner_name, administration, unit, "
    "device_kind, telework_kind, schedule, state, created_at, updated_at) VALUES ('dev-0001', 'pc-1', "
    "'192.0.2.1', 'E-1', 'A B', 'finances', 'budget', 'issued', 'full', "
    """'{"days": ["mon"], "end": "16:30", "start": "08:30"}', 'requested', 'x', 'x')"""
)


def make_v1(target):
    target.execute(*MIGRATIONS[1][target.backend])
    target.execute("INSERT INTO meta VALUES ('schema_version', '1')", "INSERT INTO meta VALUES ('last_device_number', '1')",
                   V1_DEVICE)


def test_v1_registry_is_migrated_and_keeps_its_records(registry_target):
    make_v1(registry_target)
    registry = registry_target.open()
    assert registry.schema_version() == SCHEMA_VERSION == 5
    record = registry.get("dev-0001")
    assert record["hostname"] == "pc-1" and record["equipment_returned_at"] is None and record["wipe_requested"] is False
    registry.close()


def test_v2_registry_with_two_live_devices_on_one_address_is_not_migrated(registry_target):
    """Version 3 makes the database refuse a shared live address; a registry already holding one
    (written by racing version 2 code) is refused by name, and stays as it was."""
    make_v1(registry_target)
    target = registry_target
    target.execute(*MIGRATIONS[2][target.backend])
    target.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'",
                   "UPDATE devices SET vpn_address = '10.66.1.1'",
                   V1_DEVICE.replace("'dev-0001', 'pc-1'", "'dev-0002', 'pc-2'"),
                   "UPDATE devices SET vpn_address = '10.66.1.1'")
    with pytest.raises(RegistryError, match=r"schema version 3 failed, nothing was changed .*10\.66\.1\.1"):
        target.open()
    with pytest.raises(RegistryError, match="older than 5"):
        target.open(create=False)


def test_database_refuses_two_live_devices_on_one_address(registry_target):
    registry = registry_target.open()
    for hostname in ("pc-1", "pc-2"):
        with registry.transaction():
            registry.upsert(request(hostname), "tech")
    with pytest.raises(registry_target.db_error):
        registry._exec("UPDATE devices SET vpn_address = '10.66.1.1'")
    registry.close()


def test_reader_refuses_an_old_schema_instead_of_migrating(registry_target):
    make_v1(registry_target)
    with pytest.raises(RegistryError, match="older than 5: run any registry module once"):
        registry_target.open(create=False)


def test_newer_schema_is_refused(registry_target):
    registry_target.open().close()
    registry_target.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(RegistryError, match="schema version 99 is newer than this Amane supports"):
        registry_target.open()
    with pytest.raises(RegistryError, match="schema version 99 is newer"):
        registry_target.open(create=False)  # the inventory plugin's read refuses it too


def test_unreadable_schema_version_is_refused(registry_target):
    registry_target.open().close()
    registry_target.execute("UPDATE meta SET value = 'two' WHERE key = 'schema_version'")
    with pytest.raises(RegistryError, match="schema version 'two' .* is not a number"):
        registry_target.open()


def test_foreign_database_is_refused(registry_target):
    registry_target.execute("CREATE TABLE payroll (id INTEGER)")
    with pytest.raises(RegistryError, match="not an Amane registry"):
        registry_target.open()


def test_missing_registry_is_explained(tmp_path):
    with pytest.raises(RegistryError, match="does not exist; enroll a device first"):
        open_registry(str(tmp_path / "none.sqlite"), create=False)


def test_check_mode_migrates_only_inside_its_rolled_back_transaction(registry_target):
    """A check-mode module run on an old registry simulates on the migrated schema and leaves v1."""
    make_v1(registry_target)
    registry = registry_target.open(check_mode=True)
    for _unused in range(2):  # every check-mode transaction sees the migrated schema
        with registry.transaction(rollback=True):
            record = registry.find(device_id="dev-0001")
            assert record["wipe_requested"] is False
            registry.upsert(request("pc-2"), "tech")
    registry.close()
    with pytest.raises(RegistryError, match="older than 5"):
        registry_target.open(create=False)
    assert registry_target.open().get("pc-2") is None  # the real run migrates; the check left nothing


def test_check_mode_on_an_empty_database_creates_nothing(registry_target):
    registry = registry_target.open(check_mode=True)
    with registry.transaction(rollback=True):
        registry.upsert(request("pc-1"), "tech")
    registry.close()
    conn = registry_target.raw()
    query = ("SELECT name FROM sqlite_master WHERE type = 'table'" if registry_target.backend == "sqlite"
             else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert conn.execute(query).fetchall() == []
    conn.close()
