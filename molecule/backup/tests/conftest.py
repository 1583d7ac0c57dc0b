"""Fixtures: the two containers of the backup scenario, reached through the docker backend."""

import json
import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
from amane_testlib import docker_host, run

PASSPHRASE = "molecule-Borg-Passphrase-7f3a"  # noqa: S105 - test-only secret the tests grep for
PG_PASSWORD = "molecule-Pg-Password-91c2"  # noqa: S105 - test-only secret the tests grep for
SECRETS = (PASSPHRASE, PG_PASSWORD)
GOOD_VARS = {
    "backup_borg_passphrase": PASSPHRASE,
    "backup_postgresql_password": PG_PASSWORD,
    "backup_databases": [{"engine": "postgresql", "name": "appdb"}, {"engine": "mariadb", "name": "shop"}],
    "backup_paths": ["/etc/amane-files"],
}


@pytest.fixture(scope="session")
def db1():
    return docker_host("backup-db1")


@pytest.fixture(scope="session")
def bk1():
    return docker_host("backup-bk1")


def status(host, engine, database):
    return json.loads(host.check_output("cat /var/lib/amane/backup/%s-%s.json" % (engine, database)))


def psql(host, sql, database="appdb"):
    return host.check_output("runuser -u postgres -- psql -tAX -d %s -c %s" % (database, _quote(sql)))


def maria(host, sql, database="shop"):
    return host.check_output("mariadb -N -B %s -e %s" % (database, _quote(sql)))


def _quote(text):
    return "'" + text.replace("'", "'\"'\"'") + "'"


def run_service(host, unit):
    """Start a oneshot unit and wait for it; returns (succeeded, journal of this run)."""
    host.run("systemctl reset-failed %s" % unit)
    since = host.check_output("date +%s")
    done = host.run("systemctl start %s" % unit)
    host.run("journalctl --sync")
    journal = host.run("journalctl -u %s --since @%s -o cat" % (unit, since)).stdout
    return done.rc == 0, journal


def playbook(playbook_path, extra_vars, hosts=("backup-db1", "backup-bk1"), extra_inventory=""):
    """Run a playbook of the checkout against the scenario's containers; returns (rc, output)."""
    inventory = (
        "[db_servers]\nbackup-db1\n[backup_servers]\nbackup-bk1\n%s\n[all:vars]\n"
        "ansible_connection=community.docker.docker\n" % extra_inventory
    )
    workdir = tempfile.mkdtemp(prefix="backup-molecule-")
    path = os.path.join(workdir, "inventory.ini")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(inventory)
    vars_path = os.path.join(workdir, "vars.json")
    with open(vars_path, "w", encoding="utf-8") as handle:
        json.dump(extra_vars, handle)
    done = run("ansible-playbook", "-i", path, "-e", "@" + vars_path, playbook_path, timeout=1800)
    return done.returncode, done.stdout + done.stderr
