"""A restore never loads into a database that exists (amane_backup.restores): refused, or dropped first
when the operator asked to replace it. Against a real PostgreSQL server (the unit suite's throwaway
cluster), through the same helper the MariaDB branch calls with its own SQL."""

import psycopg
import pytest

from tests.unit.role_scripts import package

PG_SQL = ("SELECT 1 FROM pg_database WHERE datname = %s", 'DROP DATABASE "{0}" WITH (FORCE)', 'CREATE DATABASE "{0}"')


def make_target(script, cluster, target, replace):
    with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
        script.restores._make_target(conn.cursor(), target, replace, *PG_SQL, target.replace('"', '""'))


def tables(cluster, database):
    with psycopg.connect(cluster.dsn("postgres"), dbname=database) as conn:  # a quote in the name: not in the string
        return [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


def test_a_new_target_is_made_even_with_a_quote_in_its_name(postgresql_cluster):
    target = 'restored "drill"'
    make_target(package("backup", "amane_backup"), postgresql_cluster, target, replace=False)
    assert tables(postgresql_cluster, target) == []
    postgresql_cluster.drop_database('"restored ""drill"""')


def test_an_existing_target_is_refused_unless_replaced_and_then_made_anew(postgresql_database):
    cluster, name = postgresql_database
    with psycopg.connect(cluster.dsn(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (id int)")
    script = package("backup", "amane_backup")
    with pytest.raises(script.common.BackupError, match="database %s already exists on the target; choose another name "
                                                        "or set replace" % name):
        make_target(script, cluster, name, replace=False)
    assert tables(cluster, name) == ["kept"], "a refused restore changed the database"
    make_target(script, cluster, name, replace=True)
    assert tables(cluster, name) == [], "replace must drop the old database before making the new one"
