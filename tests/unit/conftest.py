"""Make the checkout importable as ansible_collections.amane.telework (the collections/ symlink),
and give the registry tests both storage backends: a SQLite file and a real PostgreSQL database."""

import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS = os.path.join(ROOT, "collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from tests.unit import pg_cluster
from tests.unit.registry_factory import RegistryTarget
from tests.unit.tiers import _pure_tests_start_no_program, mark  # noqa: F401  # pylint: disable=unused-import  # the tiers guard

BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(items):
    """Mark the tests that start programs (tests/unit/tiers.py): `pytest -m "not programs"` is the fast tier."""
    mark(items)


@pytest.fixture(scope="session")
def postgresql_cluster():
    """A throwaway PostgreSQL server, started on first use. Missing binaries fail the tests: CI installs them.

    Under pytest-xdist each worker that runs a PostgreSQL test starts its own cluster (own temp dir,
    unix socket only, so two never collide; about a second each). The tests are deliberately not put
    in one xdist_group: with pytest 9.2 and xdist 3.8, --dist loadgroup ignores xdist_group marks
    (pytest-dev/pytest-xdist#1386), so sharing one cluster across workers cannot be relied on.
    """
    try:
        cluster = pg_cluster.Cluster()
    except pg_cluster.ClusterError as exc:
        raise pytest.fail.Exception(str(exc), pytrace=False) from None
    try:
        cluster.start()
    except BaseException as exc:
        cluster.stop()  # never leave a server running behind a failed start
        if isinstance(exc, pg_cluster.ClusterError):
            raise pytest.fail.Exception(str(exc), pytrace=False) from None
        raise
    yield cluster
    cluster.stop()


@pytest.fixture
def postgresql_database(postgresql_cluster):
    """A new empty database for one test, dropped after it; yields (cluster, database name)."""
    name = postgresql_cluster.create_database()
    yield postgresql_cluster, name
    postgresql_cluster.drop_database(name)


@pytest.fixture(params=BACKENDS)
def registry_target(request, tmp_path):
    """Where one test's registry lives: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return RegistryTarget("sqlite", path=str(tmp_path / "registry.sqlite"))
    cluster, name = request.getfixturevalue("postgresql_database")
    return RegistryTarget("postgresql", dsn=cluster.dsn(name), cluster=cluster, database=name)
