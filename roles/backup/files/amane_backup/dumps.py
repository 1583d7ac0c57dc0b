# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A run: each database dumped and streamed into borg, all or nothing."""

import datetime
import fcntl
import json
import os
import subprocess
import threading
import time

from amane_backup.checksums import maria_checksums, maria_connect, pg_checksums, pg_connect
from amane_backup.common import PENDING, BackupError, log, now_iso
from amane_backup.status import archive_name, read_status, write_status
from amane_backup.transport import borg_env


# pg_dump writes its archive through stdio, which buffers 4 KiB for a pipe: 175,000 write calls
# for a 719 MB dump. stdbuf gives its stdout a 1 MiB buffer: about 0.5 s less CPU.
STDOUT_BUFFER = ["stdbuf", "-o", "1M"]


def program_name(argv):
    """The dumper's name for messages, behind the stdbuf wrapper."""
    return argv[len(STDOUT_BUFFER)] if argv[:len(STDOUT_BUFFER)] == STDOUT_BUFFER else argv[0]


def stream_into_borg(cfg, env, producer_argv, archive, stdin_name, producer_env=None, before_commit=None):
    """Run ``producer | borg create -`` and return borg's archive stats.

    borg sees the end of its input only when the producer exited 0 and ``before_commit()`` returned:
    until then this process keeps a write end of the pipe open. On any failure borg is killed
    before it reached the end of its input, so it commits nothing under any name.
    """
    read_end, write_end = os.pipe()
    try:
        # borg dies with this process: were it to outlive it, the end of the pipe would look like
        # the end of a good dump and borg would commit it.
        borg = subprocess.Popen(
            ["setpriv", "--pdeathsig", "KILL", "--", "borg", "create", "--json", "--compression", cfg["compression"],
             "--stdin-name", stdin_name,
             "%s::%s" % (cfg["repository"], archive), "-"],
            stdin=read_end, stdout=subprocess.PIPE, env=env,
        )
        try:
            producer = subprocess.Popen(producer_argv, stdout=write_end, env=producer_env or env)
        except OSError:
            borg.kill()
            borg.wait()
            os.close(write_end)
            raise
    finally:
        os.close(read_end)
    try:
        producer_rc = producer.wait()
        if producer_rc != 0:
            # A producer that died of a broken pipe is the symptom: borg's own failure comes first.
            if borg.poll() not in (None, 0):
                raise BackupError("borg create exited with %d for %s" % (borg.returncode, archive))
            raise BackupError("%s exited with %d: dump failed, nothing committed for %s"
                              % (program_name(producer_argv), producer_rc, archive))
        if before_commit is not None:
            before_commit()
    except BaseException:
        borg.kill()
        borg.wait()
        os.close(write_end)
        raise
    os.close(write_end)
    out = borg.communicate()[0]
    if borg.returncode != 0:
        raise BackupError("borg create exited with %d for %s" % (borg.returncode, archive))
    return json.loads(out)["archive"]["stats"]


def backup_postgresql(cfg, env, database, archive):
    conn = pg_connect(cfg, database)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        cursor = conn.cursor()
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        pg = cfg["postgresql"]
        argv = STDOUT_BUFFER + ["pg_dump", "-Fc", "-Z", str(pg["dump_compression"]), "--snapshot", snapshot,
                                "-h", pg["host"], "-p", str(pg["port"]), "-U", pg["user"], "-d", database]
        sums = {}
        errors = []

        def checksum():
            # Same exported snapshot as pg_dump, computed while the dump streams.
            try:
                sums.update(pg_checksums(cursor))
            except Exception as exc:
                errors.append(str(exc))

        def checksums_taken():
            worker.join()
            if errors:
                raise BackupError("checksums of %s failed: %s" % (database, errors[0]))

        worker = threading.Thread(target=checksum)
        if not cfg["checksums"]:
            return stream_into_borg(cfg, env, argv, archive, "%s.pgdump" % database), sums
        worker.start()
        try:
            stats = stream_into_borg(cfg, env, argv, archive, "%s.pgdump" % database, before_commit=checksums_taken)
        finally:
            worker.join()
        return stats, sums
    finally:
        conn.close()


def maria_dump_started(lock_cursor, known_ids):
    ids = ",".join(str(int(i)) for i in known_ids)
    query = "SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist p " \
        "ON p.id = t.trx_mysql_thread_id WHERE p.id NOT IN (%s)" % ids  # noqa: S608 - integers only
    lock_cursor.execute(query)
    return lock_cursor.fetchone()[0] > 0


def backup_mariadb(cfg, env, database, archive):
    """FLUSH TABLES WITH READ LOCK holds writes until both our checksum transaction and
    mariadb-dump's --single-transaction snapshot exist, so both see the same data."""
    lock = maria_connect(cfg)
    snap = maria_connect(cfg, database)
    try:
        lock_cursor, snap_cursor = lock.cursor(), snap.cursor()
        lock_cursor.execute("FLUSH TABLES WITH READ LOCK")
        snap_cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        snap_cursor.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        argv = ["mariadb-dump", "--single-transaction", "--routines", "--events", "--triggers",
                "--socket", cfg["mariadb"]["socket"], "-u", "root", database]
        result = {}
        checked = threading.Event()  # set once the checksums are taken (or failed)
        dumped = threading.Event()  # set once mariadb-dump exited 0 (a small dump can end before we see it)
        failed = []

        def checksums_taken():
            dumped.set()
            checked.wait()
            if failed:
                raise BackupError("checksums of %s failed: %s" % (database, failed[0]))

        def stream():
            try:
                result["stats"] = stream_into_borg(cfg, env, argv, archive, "%s.sql" % database,
                                                   before_commit=checksums_taken)
            except Exception as exc:
                result["error"] = exc

        # Connections that exist before mariadb-dump starts are not the dump's: only a new one counts.
        lock_cursor.execute("SELECT id FROM information_schema.processlist")
        known = [row[0] for row in lock_cursor.fetchall()]
        worker = threading.Thread(target=stream)
        worker.start()
        sums = {}
        try:
            deadline = time.time() + 60
            while worker.is_alive() and not dumped.is_set() and not maria_dump_started(lock_cursor, known):
                if time.time() > deadline:
                    raise BackupError("mariadb-dump of %s did not open its snapshot within 60 s" % database)
                time.sleep(0.05)
            lock_cursor.execute("UNLOCK TABLES")
            if cfg["checksums"]:
                sums = maria_checksums(snap_cursor, database)
        except Exception as exc:
            failed.append(str(exc))
            raise
        finally:
            lock_cursor.execute("UNLOCK TABLES")  # a no-op when already released
            checked.set()
            worker.join()
        if "error" in result:
            raise result["error"]
        return result["stats"], sums
    finally:
        lock.close()
        snap.close()


def backup_paths(cfg, env, archive):
    cmd = ["borg", "create", "--json", "--compression", cfg["compression"],
           "%s::%s" % (cfg["repository"], archive)] + cfg["paths"]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, env=env, check=False)
    if done.returncode != 0:
        raise BackupError("borg create of the file paths exited with %d" % done.returncode)
    return json.loads(done.stdout)["archive"]["stats"]


def targets(cfg):
    # Files first: the run's last archive is committed under its real name without a rename, which
    # only a streamed dump allows (borg commits a file archive even when a path is missing).
    if cfg["paths"]:
        yield "files", "paths"
    for database in cfg["postgresql"]["databases"]:
        yield "postgresql", database
    for database in cfg["mariadb"]["databases"]:
        yield "mariadb", database


def take_lock(cfg):
    handle = open(cfg["lock_file"], "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise BackupError("another amane-backup run holds %s; not starting a second one" % cfg["lock_file"]) from None
    return handle


def cmd_run(cfg, _args):
    env = borg_env(cfg)
    _lock = take_lock(cfg)
    run_id = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    started = time.monotonic()
    done = []
    plan = list(targets(cfg))
    for index, (engine, database) in enumerate(plan):
        final = archive_name(cfg, engine, database, run_id)
        # The last dump commits only after every earlier one succeeded: it needs no pending name.
        pending = final if index == len(plan) - 1 and engine != "files" else PENDING + final
        log("backing up %s %s into %s" % (engine, database, pending))
        try:
            if engine == "postgresql":
                stats, sums = backup_postgresql(cfg, env, database, pending)
            elif engine == "mariadb":
                stats, sums = backup_mariadb(cfg, env, database, pending)
            else:
                stats, sums = backup_paths(cfg, env, pending), {}
        except Exception as exc:
            status = read_status(cfg, engine, database)
            status["last_failure"] = {"at": now_iso(), "run_id": run_id, "error": str(exc)}
            write_status(cfg, engine, database, status)
            log("FAILED: %s %s: %s; the whole run fails, nothing of it is recorded as good" % (engine, database, exc))
            return 1
        done.append((engine, database, pending, final, stats, sums))
    # Every dump succeeded: only now do the archives get their real names and the status files move.
    for engine, database, pending, final, stats, sums in done:
        if pending != final:
            subprocess.run(["borg", "rename", "%s::%s" % (cfg["repository"], pending), final], env=env, check=True)
        status = read_status(cfg, engine, database)
        status.update({"engine": engine, "database": database, "host": cfg["host"]})
        status["last_good"] = {
            "run_id": run_id, "archive": final, "finished_at": now_iso(),
            "size_bytes": stats["original_size"], "stored_bytes": stats["deduplicated_size"],
            "checksums": sums,
        }
        write_status(cfg, engine, database, status)
    log("run %s good: %d archives in %.1f s" % (run_id, len(done), time.monotonic() - started))
    return 0
