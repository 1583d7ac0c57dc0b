"""Behaviour of roles/backup on real PostgreSQL 15, MariaDB 10.11 and borg (guide A9, A5, A10, A11).

Tests run in file order and build on each other: backup, change, restore the first snapshot,
drill, failures, kill, audit, then corruption last (it breaks the repository on purpose).
"""

import json
import re
import time

from conftest import GOOD_VARS, SECRETS, _quote, maria, playbook, psql, run_service, status

PG_FINGERPRINT = "SELECT count(*) || ':' || md5(string_agg(id || '|' || name || '|' || price, ',' ORDER BY id)) FROM items"
NOTES_FINGERPRINT = "SELECT md5(string_agg(coalesce(body, '~') || coalesce(at::text, '~'), ',' ORDER BY id)) FROM notes"
MARIA_FINGERPRINT = (
    "SELECT CONCAT(COUNT(*), ':', MD5(GROUP_CONCAT(id, '|', customer, '|', total, '|', IFNULL(note, '~') "
    "ORDER BY id SEPARATOR ','))) FROM orders"
)
SEEDED = {}


def test_database_server_key_may_only_append(bk1, db1):
    keys = bk1.file("/srv/amane-backup/.ssh/authorized_keys").content_string
    assert 'command="borg serve --append-only --restrict-to-repository /srv/amane-backup/backup-db1",restrict' in keys
    # The key cannot open a shell on the repository host: the forced command replaces any command.
    out = db1.run(
        "ssh -v -i /root/.ssh/amane_backup -o BatchMode=yes -o UserKnownHostsFile=/root/.ssh/amane_backup_known_hosts "
        "borg@backup-bk1 'touch /srv/amane-backup/pwned; echo shell-ran' </dev/null"
    )
    # the key did log in (a refused login would also keep the shell from running, and prove nothing)
    assert re.search(r'Authenticated to backup-bk1 .* using "publickey"', out.stderr), out.stderr[-2000:]
    assert "shell-ran" not in out.stdout
    assert not bk1.file("/srv/amane-backup/pwned").exists


def test_backup_then_restore_first_snapshot_equals_seed(db1):
    SEEDED["items"] = psql(db1, PG_FINGERPRINT)
    SEEDED["notes"] = psql(db1, NOTES_FINGERPRINT)
    SEEDED["orders"] = maria(db1, MARIA_FINGERPRINT)
    ok, journal = run_service(db1, "amane-backup@run.service")
    assert ok, journal
    first = {key: status(db1, *key.split("/"))["last_good"] for key in ("postgresql/appdb", "mariadb/shop")}
    SEEDED["first"] = first
    assert first["postgresql/appdb"]["checksums"]["public.items"]["rows"] == 2000
    assert first["mariadb/shop"]["checksums"]["orders"]["rows"] == 1500

    # Change the data, back up again: the latest good backup is now the changed data.
    psql(db1, "DELETE FROM items WHERE id > 1000; UPDATE notes SET body = 'changed'")
    maria(db1, "DELETE FROM orders WHERE id <= 500; UPDATE orders SET note = 'changed'")
    ok, journal = run_service(db1, "amane-backup@run.service")
    assert ok, journal
    assert status(db1, "postgresql", "appdb")["last_good"]["archive"] != first["postgresql/appdb"]["archive"]

    # Restore the FIRST snapshot through playbooks/restore.yml into new databases.
    for engine, database, archive in (
        ("postgresql", "appdb", first["postgresql/appdb"]["archive"]),
        ("mariadb", "shop", first["mariadb/shop"]["archive"]),
    ):
        rc, out = playbook("playbooks/restore.yml", dict(
            GOOD_VARS, restore_host="backup-db1", restore_engine=engine, restore_database=database,
            restore_archive=archive, restore_target=database + "_restored", restore_replace=True))
        assert rc == 0, out
        assert not any(secret in out for secret in SECRETS)
    assert psql(db1, PG_FINGERPRINT, "appdb_restored") == SEEDED["items"]
    assert psql(db1, NOTES_FINGERPRINT, "appdb_restored") == SEEDED["notes"]
    assert maria(db1, MARIA_FINGERPRINT, "shop_restored") == SEEDED["orders"]
    assert psql(db1, PG_FINGERPRINT) != SEEDED["items"]  # the live data really did change


def test_restore_refuses_to_overwrite_an_existing_database(db1):
    rc, out = playbook("playbooks/restore.yml", dict(
        GOOD_VARS, restore_host="backup-db1", restore_engine="postgresql", restore_database="appdb",
        restore_target="appdb"))
    assert rc != 0
    assert psql(db1, "SELECT count(*) FROM items") == "1000"


def test_restore_drill_matches_checksums(db1):
    """BK-03: restore drill of every database matched the source recently (RTO known)."""
    ok, journal = run_service(db1, "amane-backup@drill.service")
    assert ok, journal
    for engine, database in (("postgresql", "appdb"), ("mariadb", "shop")):
        drill = status(db1, engine, database)["last_drill"]
        assert drill["ok"] is True and drill["mismatched_tables"] == [], drill
        assert drill["tables"] >= 1 and drill["duration_seconds"] > 0
    assert psql(db1, "SELECT count(*) FROM pg_database WHERE datname LIKE 'amane_scratch_%'", "postgres") == "0"
    assert maria(db1, "SHOW DATABASES LIKE 'amane_scratch_%'", "") == ""


def test_record_checksums_of_earlier_backups_still_match(db1):
    """Backups recorded before amane-backup hashed ROW(t.*) summed hash_record(t): both forms must
    give the same sums, or the drill of an older archive would report every table as changed."""
    for query in ("SELECT sum(hash_record(t)::bigint) || ' ' || sum(hash_record(ROW(t.*))::bigint) FROM items t",
                  "SELECT sum(hash_record(t)::bigint) || ' ' || sum(hash_record(ROW(t.*))::bigint) FROM notes t"):
        old, new = psql(db1, query).split()
        assert old == new, query
    recorded = status(db1, "postgresql", "appdb")["last_good"]["checksums"]
    assert recorded["public.items"]["method"] == "record" and recorded["public.events"]["method"] == "text"


def test_drill_detects_a_backup_that_differs_from_its_checksums(db1):
    path = "/var/lib/amane/backup/postgresql-appdb.json"
    saved = db1.check_output("cat %s" % path)
    doctored = json.loads(saved)
    doctored["last_good"]["checksums"]["public.items"]["rows"] += 1
    db1.run("cat > %s <<'EOF'\n%s\nEOF" % (path, json.dumps(doctored)))
    ok, _unused = run_service(db1, "amane-backup@drill.service")
    after = status(db1, "postgresql", "appdb")["last_drill"]
    db1.run("cat > %s <<'EOF'\n%s\nEOF" % (path, saved))
    assert not ok
    assert after["ok"] is False and after["mismatched_tables"] == ["public.items"]


def test_failing_dump_fails_the_whole_run(db1):
    before = status(db1, "postgresql", "appdb")["last_good"]
    maria_before = status(db1, "mariadb", "shop")["last_good"]
    psql(db1, "REVOKE pg_read_all_data FROM amane_backup", "postgres")
    try:
        ok, journal = run_service(db1, "amane-backup@run.service")
    finally:
        psql(db1, "GRANT pg_read_all_data TO amane_backup", "postgres")
    assert not ok
    assert "FAILED: postgresql appdb" in journal
    after = status(db1, "postgresql", "appdb")
    assert after["last_good"] == before
    assert after["last_failure"]["error"]
    assert status(db1, "mariadb", "shop")["last_good"] == maria_before


def test_sigkill_mid_run_keeps_last_good_and_next_run_succeeds(db1):
    before = status(db1, "postgresql", "appdb")["last_good"]
    # Hold a lock pg_dump must wait for, so the run is certainly in the middle when it is killed.
    db1.run(
        "nohup runuser -u postgres -- psql appdb -c "
        "'BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);' >/dev/null 2>&1 &"
    )
    time.sleep(1)
    db1.run("systemctl reset-failed amane-backup@run.service; systemctl start --no-block amane-backup@run.service")
    deadline = time.time() + 60
    while time.time() < deadline and db1.run("pgrep -x pg_dump").rc != 0:
        time.sleep(0.5)
    assert db1.run("pgrep -x pg_dump").rc == 0, "pg_dump never started"
    time.sleep(2)
    db1.run("systemctl kill -s KILL amane-backup@run.service")
    time.sleep(1)
    psql(db1, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()", "postgres")
    assert db1.run("systemctl is-active amane-backup@run.service").stdout.strip() != "active"
    assert status(db1, "postgresql", "appdb")["last_good"] == before
    listing = db1.check_output("set -a; . /etc/amane/backup.env; /usr/local/sbin/amane-backup list")
    assert before["archive"] in listing.split()
    ok, journal = run_service(db1, "amane-backup@run.service")
    assert ok, journal
    assert status(db1, "postgresql", "appdb")["last_good"]["run_id"] != before["run_id"]
    ok, journal = run_service(db1, "amane-backup@drill.service")
    assert ok, journal


def test_sigterm_mid_run_commits_nothing_and_leaves_no_ssh_master(db1):
    """A manual run (outside the service's PrivateTmp) stopped with SIGTERM, as ansible or a
    shutdown stops it: no dump archive, borg and the SSH master gone, no control directory."""
    before = status(db1, "postgresql", "appdb")["last_good"]
    db1.run(
        "nohup runuser -u postgres -- psql appdb -c "
        "'BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);' >/dev/null 2>&1 &"
    )
    time.sleep(1)
    db1.run("set -a; . /etc/amane/backup.env; set +a; "
            "nohup /usr/local/sbin/amane-backup run >/root/amane-term.log 2>&1 & echo $! >/root/amane-term.pid")
    deadline = time.time() + 60
    while time.time() < deadline and db1.run("pgrep -x pg_dump").rc != 0:
        time.sleep(0.5)
    assert db1.run("pgrep -x pg_dump").rc == 0, "pg_dump never started"
    assert db1.run("pgrep -f 'ControlMaster=yes -o ControlPath=/tmp/[a]mane-backup-ssh-'").rc == 0
    db1.run("kill -TERM $(cat /root/amane-term.pid)")
    # The checksum query waits for the same lock: end the holder so the run can unwind.
    psql(db1, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()", "postgres")
    deadline = time.time() + 30
    while time.time() < deadline and db1.run("kill -0 $(cat /root/amane-term.pid)").rc == 0:
        time.sleep(0.5)
    assert db1.run("kill -0 $(cat /root/amane-term.pid)").rc != 0, "amane-backup ignored SIGTERM"
    log = db1.file("/root/amane-term.log").content_string
    pending = [word for word in log.split() if word.startswith("pending-backup-db1-postgresql-appdb-")]
    assert pending, log
    assert db1.run("pgrep -x borg").rc != 0
    assert db1.run("pgrep -f '[a]mane-backup-ssh-'").rc != 0
    assert db1.run("ls -d /tmp/amane-backup-ssh-*").rc != 0
    assert status(db1, "postgresql", "appdb")["last_good"] == before
    listing = db1.check_output("set -a; . /etc/amane/backup.env; /usr/local/sbin/amane-backup list")
    assert pending[0] not in listing.split() and before["archive"] in listing.split()


REPO_ENV = "set -a; . /etc/amane/backup-prune-backup-db1.env; set +a; "


def test_retention_keeps_every_database_and_clears_old_pending_archives(db1, bk1):
    # A killed run's remains, as the database server would leave them (append-only access).
    cfg = json.loads(db1.file("/etc/amane/backup.json").content_string)
    leftover = "pending-backup-db1-mariadb-shop-20261101T013000Z"
    made = db1.run("set -a; . /etc/amane/backup.env; set +a; BORG_RSH=%s BORG_BASE_DIR=/var/lib/amane/backup/borg "
                   "borg create %s::%s /etc/hostname" % (_quote(cfg["borg_rsh"]), cfg["repository"], leftover))
    assert made.rc == 0, made.stderr
    ok, journal = run_service(bk1, "amane-backup-prune@backup-db1.service")
    assert ok, journal
    assert "retention applied to 3 series" in journal
    listing = set(bk1.check_output(REPO_ENV + "runuser -u borg -m -- borg list --short $BORG_REPO").split())
    # Retention is per database: the latest good archive of each one survives the daily count.
    for engine, database in (("postgresql", "appdb"), ("mariadb", "shop"), ("files", "paths")):
        assert status(db1, engine, database)["last_good"]["archive"] in listing
    # Just made: younger than backup_pending_max_age_hours, it could be a run in progress.
    assert leftover in listing
    aged = bk1.run(REPO_ENV + "runuser -u borg -m -- /usr/local/sbin/amane-backup-prune --client backup-db1 "
                   "--keep-daily 7 --keep-weekly 4 --keep-monthly 6 --pending-max-age-hours 0")
    assert aged.rc == 0 and leftover in aged.stdout, aged.stdout + aged.stderr
    listing = set(bk1.check_output(REPO_ENV + "runuser -u borg -m -- borg list --short $BORG_REPO").split())
    assert leftover not in listing
    assert status(db1, "postgresql", "appdb")["last_good"]["archive"] in listing


def test_verification_passes_and_audit_reports_rpo_and_rto(db1):
    ok, journal = run_service(db1, "amane-backup@verify.service")
    assert ok, journal
    rc, out = playbook("molecule/backup/tests/audit.yml", GOOD_VARS)
    assert rc == 0, out
    report = json.loads(db1.check_output("cat /tmp/amane-audit-backup.json"))
    assert {r["id"]: r["status"] for r in report["audit"]["results"]} == {"BK-01": "pass", "BK-02": "pass", "BK-03": "pass"}
    figures = {(d["engine"], d["database"]): d for d in report["databases"]}
    pg = figures[("postgresql", "appdb")]
    assert pg["rpo_hours"] < 1 and pg["size_bytes"] > 0 and pg["last_verification_ok"] and pg["rto_seconds"] > 0


def test_bad_input_is_refused_before_anything_changes(db1):
    config_before = db1.check_output("sha256sum /etc/amane/backup.json")
    cases = [
        (dict(GOOD_VARS, backup_keep_daily=0), "zero would delete every archive"),
        (dict(GOOD_VARS, backup_databases=[{"engine": "oracle", "name": "x"}]), "oracle"),
        (dict(GOOD_VARS, backup_borg_passphrase=""), "backup_borg_passphrase must be set"),
        # read one way by systemd and another by a shell or sed: the repository would not open
        (dict(GOOD_VARS, backup_borg_passphrase="it's a \\secret "), "backup_borg_passphrase holds a quote"),  # noqa: S106 - a test value
        (dict(GOOD_VARS, backup_repository_host="backup-bk9"), "unreachable"),
    ]
    for extra, message in cases:
        rc, out = playbook("playbooks/backup.yml", extra, extra_inventory="[elsewhere]\nbackup-bk9")
        assert rc != 0 and message in out, out[-3000:]
        assert not any(secret in out for secret in SECRETS)
        assert "censored" not in out  # the failed rule is shown
    # only the rule that failed is named, not every rule
    rc, out = playbook("playbooks/backup.yml", dict(GOOD_VARS, backup_keep_daily=0))
    assert rc != 0 and "backup_borg_passphrase must be set" not in out and "backup_postgresql_password" not in out
    assert db1.check_output("sha256sum /etc/amane/backup.json") == config_before


def test_no_secret_in_logs_files_or_processes(db1, bk1):
    for host in (db1, bk1):
        journal = host.run("journalctl -o cat --no-pager").stdout
        assert journal
        assert not any(secret in journal for secret in SECRETS)
    public = db1.check_output("cat /etc/amane/backup.json /var/lib/amane/backup/*.json")
    assert not any(secret in public for secret in SECRETS)
    assert db1.file("/etc/amane/backup.env").mode == 0o600
    assert bk1.file("/etc/amane/backup-prune-backup-db1.env").mode == 0o600


def test_corrupted_repository_is_reported(db1, bk1):
    # Flip bytes in the middle of the largest data segment (the dumps' chunks).
    """BK-02: backup repository integrity check passed recently."""
    segment = bk1.check_output("ls -S /srv/amane-backup/backup-db1/data/*/* | head -1")
    bk1.check_output("printf 'CORRUPTCORRUPTCORRUPT' | dd of=%s bs=1 seek=2000 conv=notrunc status=none" % segment)
    ok, journal = run_service(db1, "amane-backup@verify.service")
    assert not ok
    verification = status(db1, "postgresql", "appdb")["last_verification"]
    assert verification["ok"] is False
    assert "verification FAILED" in journal
