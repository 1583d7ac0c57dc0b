"""What only a shared PostgreSQL registry can get wrong (issue 3: several control nodes or AWX).

Concurrent writers through separate connections, the server-side streaming read of the inventory,
and connection failures whose messages must never carry the password. Against the session's
throwaway server (conftest's ``postgresql_cluster``), one fresh database per test.
"""

import functools
import threading
import time
from urllib.parse import quote

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry import ipam
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry
from tests.unit import pg_cluster
from tests.unit.registry_factory import POOLS, enroll, make_active, request

POOLS_64 = {"finances": "10.66.1.0/26", "sante": "10.66.2.0/26"}  # 62 usable addresses each


@pytest.fixture
def database(postgresql_database):
    cluster, name = postgresql_database
    return cluster, name, cluster.dsn(name)


def wait_for_lock_waiters(cluster, name, count, timeout=20):
    """Blocks until ``count`` sessions of database ``name`` wait on a lock (what the test staged)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = cluster.admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                                        (name,)).fetchone()[0]
        if waiting >= count:
            return
        time.sleep(0.02)
    raise AssertionError("%d session(s) of %s never waited on a lock" % (count, name))


def run_threads(target, count):
    """Runs target(i) in ``count`` threads started together; returns the exceptions they raised."""
    barrier, errors = threading.Barrier(count), []

    def body(i):
        try:
            barrier.wait()
            target(i)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def live_addresses(dsn):
    registry = open_registry(dsn=dsn)
    try:
        return registry._exec("SELECT device_id, hostname, vpn_address FROM devices WHERE state <> 'offboarded'").fetchall()
    finally:
        registry.close()


def test_second_writer_waits_for_the_first_and_gets_the_next_address(database):
    """Control node B enrolls while A's transaction has picked an address but not committed yet."""
    cluster, name, dsn = database
    first, second = open_registry(dsn=dsn), open_registry(dsn=dsn)
    outcome = {}

    def enroll_second():
        try:
            outcome["record"] = enroll(second, "pc-b")
        except Exception as exc:
            outcome["error"] = exc

    with first.transaction():
        record, _unused = first.upsert(request("pc-a"), "node-a")
        address, _unused = ipam.allocate(first, record["device_id"], POOLS)
        thread = threading.Thread(target=enroll_second)
        thread.start()
        wait_for_lock_waiters(cluster, name, 1)  # B is inside its transaction, blocked behind A
    thread.join(60)
    first.close()
    second.close()
    assert "error" not in outcome, outcome.get("error")
    assert (address, outcome["record"]["vpn_address"]) == ("10.66.1.1", "10.66.1.2")
    assert outcome["record"]["device_id"] == "dev-0002"


def test_concurrent_enrollments_never_share_an_address(database):
    """Four control nodes enroll 12 devices each at once: every one enrolled, no address twice."""
    _unused, _unused, dsn = database

    def node(i):
        registry = open_registry(dsn=dsn)
        try:
            for n in range(12):
                enroll(registry, "pc-%d-%d" % (i, n), pools=POOLS_64, administration="finances" if n % 2 else "sante")
        finally:
            registry.close()

    assert run_threads(node, 4) == []
    rows = live_addresses(dsn)
    assert len(rows) == 48
    assert len({r[2] for r in rows}) == 48 and len({r[0] for r in rows}) == 48


def test_released_address_is_reused_by_one_device_only(database):
    """Two nodes give addresses to two enrolled devices at once, and the free address is one
    released long ago: it is reused by UPDATE, where a second writer would silently take it over."""
    cluster, name, dsn = database
    pool = {"finances": "10.66.1.0/29"}  # 6 usable addresses, all held once and released
    registry = open_registry(dsn=dsn)
    for n in range(6):
        record = enroll(registry, "old-%d" % n, pools=pool, now="2026-01-01T08:00:00Z")
        with registry.transaction():
            registry.transition(record["device_id"], "offboard", "rssi", "left", now="2026-01-02T08:00:00Z")
            ipam.release(registry, record["device_id"], now="2026-01-02T08:00:00Z")
    with registry.transaction():  # two requests enrolled before the pool was configured: no address yet
        device_a = registry.upsert(request("pc-a"), "tech")[0]["device_id"]
        device_b = registry.upsert(request("pc-b"), "tech")[0]["device_id"]
    registry.close()

    first, second = open_registry(dsn=dsn), open_registry(dsn=dsn)
    outcome = {}

    def allocate_second():
        try:
            with second.transaction():
                outcome["address"] = ipam.allocate(second, device_b, pool, now="2026-06-01T08:00:00Z")[0]
        except Exception as exc:
            outcome["error"] = exc

    with first.transaction():
        address_a, _unused = ipam.allocate(first, device_a, pool, now="2026-06-01T08:00:00Z")
        thread = threading.Thread(target=allocate_second)
        thread.start()
        wait_for_lock_waiters(cluster, name, 1)
    thread.join(60)
    first.close()
    second.close()
    assert "error" not in outcome, outcome.get("error")
    assert (address_a, outcome["address"]) == ("10.66.1.1", "10.66.1.2")
    holders = open_registry(dsn=dsn)
    rows = holders._exec("SELECT address, device_id FROM addresses WHERE released_at IS NULL ORDER BY address").fetchall()
    holders.close()
    assert rows == [("10.66.1.1", device_a), ("10.66.1.2", device_b)]
    assert sorted(r[2] for r in live_addresses(dsn)) == ["10.66.1.1", "10.66.1.2"]


def open_into(opened, dsn, _thread_index):
    opened.append(open_registry(dsn=dsn))


def test_registries_opened_at_once_on_an_empty_database_create_one_schema(postgresql_cluster):
    """Two control nodes' first run against a new database: both migrate, one wins, no error."""
    for _unused in range(3):  # a race: several fresh databases make a miss unlikely if the lock is gone
        name = postgresql_cluster.create_database()
        dsn = postgresql_cluster.dsn(name)
        opened = []
        errors = run_threads(functools.partial(open_into, opened, dsn), 3)
        for registry in opened:
            registry.close()
        postgresql_cluster.drop_database(name)
        assert errors == []


def test_waiting_writer_gives_up_with_a_clear_error(database, monkeypatch):
    """A writer stuck behind another node's open transaction stops after the lock timeout, saying why."""
    from ansible_collections.amane.telework.plugins.module_utils.registry import store as registry_mod

    _unused, _unused, dsn = database
    monkeypatch.setattr(registry_mod, "PG_LOCK_TIMEOUT", "300ms")
    holder, waiter = open_registry(dsn=dsn), open_registry(dsn=dsn)
    with holder.transaction():
        with pytest.raises(RegistryError, match="another control node .* registry .* retry"):
            enroll(waiter)
    assert enroll(waiter)["device_id"] == "dev-0001"  # the refused attempt left nothing behind
    holder.close()
    waiter.close()


def test_inventory_read_streams_from_a_server_side_cursor(database):
    _unused, _unused, dsn = database
    registry = open_registry(dsn=dsn)
    for n in range(3):
        enroll(registry, "pc-%d" % n)
    rows = registry.iter_rows()
    first = next(rows)
    # The rows come from a cursor the server holds open, not from one result held by the client.
    assert registry._exec("SELECT count(*) FROM pg_cursors WHERE NOT is_holdable").fetchone()[0] == 1
    assert [first[1]] + [row[1] for row in rows] == ["pc-0", "pc-1", "pc-2"]
    assert registry._exec("SELECT count(*) FROM pg_cursors").fetchone()[0] == 0
    registry.close()


def test_text_with_a_nul_character_is_refused_naming_the_field(database):
    """PostgreSQL text cannot hold NUL; SQLite can. Both backends refuse it before writing."""
    _unused, _unused, dsn = database
    registry = open_registry(dsn=dsn)
    with pytest.raises(RegistryError, match="field 'owner_name'"):
        enroll(registry, owner_name="Karim\x00Benali")
    enroll(registry)
    with pytest.raises(RegistryError, match="reason"):
        with registry.transaction():
            registry.transition("dev-0001", "approve", "rssi", "signed\x00")
    with pytest.raises(RegistryError, match="no device .* in the registry"):
        registry.find(device_id="dev-0001\x00")
    assert [h["action"] for h in registry.history("dev-0001")] == ["enroll"]
    registry.close()


def test_arabic_and_french_names_round_trip(database):
    _unused, _unused, dsn = database
    registry = open_registry(dsn=dsn)
    record = enroll(registry, owner_name="كريم بنعلي", enroll_address="poste-élodie.example")
    assert registry.get(record["device_id"])["owner_name"] == "كريم بنعلي"
    registry.close()


# --- connection failures: clear, and never the password --------------------------------------

def assert_no_password(message):
    assert pg_cluster.PASSWORD not in message
    assert pg_cluster.PASSWORD[:8] not in message


def test_wrong_password_is_reported_without_the_password(database):
    cluster, name, _unused = database
    dsn = cluster.dsn(name, user=pg_cluster.LOCKED_ROLE, password=pg_cluster.PASSWORD + "-wrong")
    with pytest.raises(RegistryError) as exc:
        open_registry(dsn=dsn)
    message = str(exc.value)
    assert "cannot connect to the PostgreSQL registry" in message and "password authentication failed" in message
    assert_no_password(message)


def test_right_password_connects(database):
    cluster, name, _unused = database
    cluster.admin.execute("GRANT ALL ON DATABASE %s TO %s" % (name, pg_cluster.LOCKED_ROLE))
    cluster.admin.execute("ALTER DATABASE %s OWNER TO %s" % (name, pg_cluster.LOCKED_ROLE))
    registry = open_registry(dsn=cluster.dsn(name, user=pg_cluster.LOCKED_ROLE, password=pg_cluster.PASSWORD))
    assert enroll(registry)["device_id"] == "dev-0001"
    registry.close()


@pytest.mark.parametrize("dsn, message", [
    # no server there: libpq's reason, on one line
    ("host=/nonexistent-amane dbname=amane user=amane password=%s", "cannot connect .* No such file or directory"),
    ("postgresql://amane:%s@127.0.0.1:1/amane?connect_timeout=2", "cannot connect .* Connection refused"),
    # unparseable strings: libpq quotes them back, password included, so its text is withheld
    ("postgresql://amane:%s@[::1/amane", "registry_dsn is not a valid PostgreSQL connection string"),
    ("host=db password=%s oops", "registry_dsn is not a valid PostgreSQL connection string"),
    ("host=db password=%s extra words", "registry_dsn is not a valid PostgreSQL connection string"),
])
def test_unusable_dsn_is_explained_without_the_password(dsn, message):
    with pytest.raises(RegistryError, match=message) as exc:
        open_registry(dsn=dsn % pg_cluster.PASSWORD)
    assert_no_password(str(exc.value))
    assert "\n" not in str(exc.value)


def test_unparseable_dsn_without_a_password_says_what_is_wrong():
    with pytest.raises(RegistryError, match=r'not a valid PostgreSQL connection string \(missing "=" after "oops"'):
        open_registry(dsn="host=db oops")


def test_password_in_a_url_encoded_dsn_is_not_echoed():
    secret = "p@ss w/rd:" + pg_cluster.PASSWORD
    dsn = "postgresql://amane:%s@127.0.0.1:1/amane?connect_timeout=2" % quote(secret, safe="")
    with pytest.raises(RegistryError) as exc:
        open_registry(dsn=dsn)
    assert_no_password(str(exc.value))
    assert quote(secret, safe="") not in str(exc.value)


# --- roles and grants: what docs/registry.md tells a DBA to grant is enough, and no more -------

def test_role_without_grants_is_told_which_grant_is_missing(database):
    cluster, name, dsn = database
    open_registry(dsn=dsn).close()  # the schema, owned by the superuser
    nobody = cluster.dsn(name, user=cluster.role("amane_nobody"))
    for create in (False, True):  # the inventory plugin's read, a module's open
        with pytest.raises(RegistryError, match="cannot read the registry: permission denied for table meta; grant .* SELECT"):
            open_registry(dsn=nobody, create=create)


def test_read_only_role_reads_the_inventory_and_cannot_write(database):
    cluster, name, dsn = database
    registry = open_registry(dsn=dsn)
    enroll(registry)
    registry.close()
    cluster.execute(name, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s" % cluster.role("amane_reader"))
    reader = open_registry(dsn=cluster.dsn(name, user="amane_reader"), create=False)
    assert [row[1] for row in reader.iter_rows()] == ["pc-1"]
    with pytest.raises(RegistryError, match="refused the change, nothing was written: permission denied .*; grant .* INSERT"):
        with reader.transaction():
            reader.transition("dev-0001", "approve", "rssi", "ok")
    reader.close()


def test_documented_writer_grants_run_the_whole_lifecycle(database):
    cluster, name, dsn = database
    open_registry(dsn=dsn).close()
    writer = cluster.role("amane_writer")
    cluster.execute(name, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %s" % writer,
                    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %s" % writer)
    registry = open_registry(dsn=cluster.dsn(name, user=writer))
    record = enroll(registry)
    record = make_active(registry, record["device_id"])
    with registry.transaction():
        registry.transition(record["device_id"], "offboard", "rssi", "left")
        ipam.release(registry, record["device_id"])
    assert [h["to_state"] for h in registry.history(record["device_id"])] == ["requested", "approved", "active", "offboarded"]
    registry.close()


def test_missing_postgresql_binaries_fail_with_what_to_install(monkeypatch, tmp_path):
    """Without the server the PostgreSQL tests fail (never skip), and say what to install."""
    monkeypatch.setattr(pg_cluster, "BIN_GLOB", str(tmp_path / "*" / "bin"))
    with pytest.raises(pg_cluster.ClusterError, match="apt-get install -y postgresql"):
        pg_cluster.Cluster()


def test_writer_role_cannot_migrate_and_is_told_who_can(database):
    cluster, name, dsn = database
    writer = cluster.role("amane_writer")
    old = open_registry(dsn=dsn)  # the owner's registry, taken back to version 2
    old._exec("DROP INDEX devices_live_vpn_address")
    old._exec("ALTER TABLE devices DROP COLUMN last_seen_at")  # version 5's
    for table in ("report_runs", "report_rates", "report_snapshots", "report_last_assessed"):  # version 4's
        old._exec("DROP TABLE %s" % table)
    old._exec("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    old.close()
    cluster.execute(name, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %s" % writer,
                    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %s" % writer)
    with pytest.raises(RegistryError, match="schema version 3 failed, nothing was changed: must be owner .* role that owns"):
        open_registry(dsn=cluster.dsn(name, user=writer))
    owner = open_registry(dsn=dsn)  # the owner migrates it
    assert owner.schema_version() == 5
    owner.close()


def test_registry_in_its_own_schema_of_a_shared_database(database):
    """A DBA may give the registry a schema in an existing database (search_path in the DSN)."""
    cluster, name, dsn = database
    cluster.execute(name, "CREATE SCHEMA amane")
    registry = open_registry(dsn=dsn + " options='-csearch_path=amane'")
    enroll(registry)
    with pytest.raises(registry.db_errors, match="append-only"):  # the history trigger lives in that schema too
        registry._exec("DELETE FROM history")
    registry.close()
    reader = open_registry(dsn=dsn + " options='-csearch_path=amane'", create=False)
    assert [row[1] for row in reader.iter_rows()] == ["pc-1"]
    reader.close()
    public = open_registry(dsn=dsn)  # the public schema stayed empty: a new, separate registry there
    assert public.all_rows() == []
    public.close()
