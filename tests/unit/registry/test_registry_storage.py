"""The SQLite registry file: created private (personal data, A3), and a broken one stops the run clearly."""

import os
import sqlite3
import stat

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry
from tests.unit.registry_factory import enroll


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_registry_and_its_wal_files_are_private_whatever_the_umask(tmp_path):
    path = str(tmp_path / "registry.sqlite")
    old = os.umask(0o022)
    try:
        registry = open_registry(path=path)
        enroll(registry)
        registry.close()
    finally:
        os.umask(old)
    assert mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            assert mode(path + suffix) == 0o600, suffix


def snapshot(directory):
    return sorted((name, os.path.getsize(os.path.join(directory, name))) for name in os.listdir(directory))


@pytest.mark.parametrize("make, needle", [
    (os.mkdir, "is a directory"),
    (lambda p: open(p, "w").write("not a database, a text file\n" * 100), "is not a readable SQLite registry"),
])
def test_a_registry_path_that_is_no_registry_is_refused_and_left_alone(tmp_path, make, needle):
    path = str(tmp_path / "registry.sqlite")
    make(path)
    before = snapshot(str(tmp_path))
    with pytest.raises(RegistryError, match=needle) as caught:
        open_registry(path=path)
    assert caught.value.__cause__ is None and (caught.value.__context__ is None or caught.value.__suppress_context__)
    assert snapshot(str(tmp_path)) == before


def test_a_truncated_registry_is_refused(tmp_path):
    path = str(tmp_path / "registry.sqlite")
    registry = open_registry(path=path)
    enroll(registry)
    registry.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        handle.truncate(size // 2)
    with pytest.raises(RegistryError, match="is not a readable SQLite registry|restore it"):
        reg = open_registry(path=path)
        reg.get("dev-0001")  # a lazily found corruption must still be a RegistryError
