# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restores, the restore drill, the repository check and the archive list."""

import json
import subprocess
import sys
import time

from amane_backup.checksums import compare, maria_checksums, maria_connect, pg_checksums, pg_connect
from amane_backup.common import BackupError, log, now_iso
from amane_backup.dumps import take_lock, targets
from amane_backup.status import latest_good, read_status, write_status
from amane_backup.transport import borg_env


def restore(cfg, env, engine, database, archive, target, replace, keep_owners=False):
    """Stream ``borg extract --stdout`` into a new database ``target``; returns seconds taken.

    With ``keep_owners`` (an operator's restore), PostgreSQL objects, grants and the database come
    back to their original owners: the database is made and loaded by the local postgres superuser.
    The drill's scratch database stays the backup role's own, so the role can drop it again.
    """
    started = time.monotonic()
    if engine == "postgresql":
        pg = cfg["postgresql"]
        if keep_owners:
            consumer = _postgres_target_as_superuser(cfg, env, database, target, replace)
        else:
            conn = pg_connect(cfg, "postgres")
            conn.autocommit = True
            _make_target(conn.cursor(), target, replace, "SELECT 1 FROM pg_database WHERE datname = %s",
                         'DROP DATABASE "{0}" WITH (FORCE)', 'CREATE DATABASE "{0}"', target.replace('"', '""'))
            conn.close()
            consumer = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-h", pg["host"],
                        "-p", str(pg["port"]), "-U", pg["user"], "-d", target]
    elif engine == "mariadb":
        conn = maria_connect(cfg)
        _make_target(conn.cursor(), target, replace, "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                     "DROP DATABASE `{0}`", "CREATE DATABASE `{0}`", target.replace("`", "``"))
        conn.close()
        # Dumped without --databases: no CREATE DATABASE/USE lines, so it loads under any name.
        consumer = ["mariadb", "--socket", cfg["mariadb"]["socket"], "-u", "root", target]
    else:
        raise BackupError("restore of %s is not a database restore; use borg extract" % engine)
    extract = subprocess.Popen(["borg", "extract", "--stdout", "%s::%s" % (cfg["repository"], archive)],
                               stdout=subprocess.PIPE, env=env)
    load = subprocess.Popen(consumer, stdin=extract.stdout, env=env)
    extract.stdout.close()
    load_rc = load.wait()
    extract_rc = extract.wait()
    if extract_rc != 0 or load_rc != 0:
        raise BackupError("restore of %s into %s failed (borg extract %d, loader %d)" % (archive, target, extract_rc, load_rc))
    return round(time.monotonic() - started, 3)


def _refuse_or_drop(target, replace, exists, drop):
    """A restore never loads into a database that exists: refused, or dropped first with ``replace``."""
    if exists():
        if not replace:
            raise BackupError("database %s already exists on the target; choose another name or set replace" % target)
        drop()


def _make_target(cursor, target, replace, exists_sql, drop_sql, create_sql, quoted):
    """Make ``target`` anew through a DB-API ``cursor``: the engine's own SQL, its name ``quoted`` for it."""
    def exists():
        cursor.execute(exists_sql, (target,))
        return cursor.fetchone()

    _refuse_or_drop(target, replace, exists, lambda: cursor.execute(drop_sql.format(quoted)))
    cursor.execute(create_sql.format(quoted))


def _postgres_target_as_superuser(cfg, env, database, target, replace):
    """Make ``target`` owned by whom owns ``database``, as the local postgres superuser (peer
    authentication on the server's socket); return the pg_restore command that loads it so. A role
    the dump names must exist on this server (pg_restore then says which one does not)."""
    port = str(cfg["postgresql"]["port"])
    as_postgres = ["runuser", "-u", "postgres", "--"]

    def psql(sql):
        done = subprocess.run(as_postgres + ["psql", "-qAt", "-p", port, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            raise BackupError("restore into %s: %s" % (target, done.stderr.strip()))
        return done.stdout.strip()

    def quoted(name):
        return '"%s"' % name.replace('"', '""')

    def literal(text):
        return "'%s'" % text.replace("'", "''")

    _refuse_or_drop(target, replace, lambda: psql("SELECT 1 FROM pg_database WHERE datname = %s" % literal(target)),  # noqa: S608
                    lambda: psql("DROP DATABASE %s WITH (FORCE)" % quoted(target)))
    owner = psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s" % literal(database))  # noqa: S608
    psql("CREATE DATABASE %s%s" % (quoted(target), " OWNER %s" % quoted(owner) if owner else ""))
    return as_postgres + ["pg_restore", "--exit-on-error", "-p", port, "-U", "postgres", "-d", target]


def target_checksums(cfg, engine, target, expected=None):
    if engine == "postgresql":
        # Each table hashed as the backup hashed it (records from before "method" used text).
        methods = {table: sums.get("method", "text") for table, sums in (expected or {}).items()}
        conn = pg_connect(cfg, target)
        try:
            return pg_checksums(conn.cursor(), methods)
        finally:
            conn.close()
    conn = maria_connect(cfg, target)
    try:
        return maria_checksums(conn.cursor(), target)
    finally:
        conn.close()


def drop(cfg, engine, target):
    if engine == "postgresql":
        conn = pg_connect(cfg, "postgres")
        conn.autocommit = True
        conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % target.replace('"', '""'))
    else:
        conn = maria_connect(cfg)
        conn.cursor().execute("DROP DATABASE IF EXISTS `%s`" % target.replace("`", "``"))
    conn.close()


def cmd_restore(cfg, args):
    env = borg_env(cfg)
    archive = args.archive or latest_good(cfg, args.engine, args.database)["archive"]
    seconds = restore(cfg, env, args.engine, args.database, archive, args.target, args.replace, keep_owners=True)
    print(json.dumps({"archive": archive, "target": args.target, "duration_seconds": seconds}))
    return 0


def cmd_drill(cfg, _args):
    env = borg_env(cfg)
    _lock = take_lock(cfg)
    failed = 0
    for engine, database in targets(cfg):
        if engine == "files":
            continue
        status = read_status(cfg, engine, database)
        good = status.get("last_good")
        drill = {"at": now_iso(), "ok": False}
        scratch = cfg["scratch_prefix"] + database
        try:
            if not good:
                raise BackupError("no good backup recorded yet")
            drill["archive"] = good["archive"]
            drill["duration_seconds"] = restore(cfg, env, engine, database, good["archive"], scratch, True)
            expected = good.get("checksums", {})
            mismatches = compare(expected, target_checksums(cfg, engine, scratch, expected))
            drill["mismatched_tables"] = mismatches
            drill["tables"] = len(good.get("checksums", {}))
            drill["ok"] = not mismatches
        except Exception as exc:
            drill["error"] = str(exc)
        finally:
            try:
                drop(cfg, engine, scratch)
            except Exception as exc:
                drill.setdefault("error", "scratch database not dropped: %s" % exc)
        status["last_drill"] = drill
        write_status(cfg, engine, database, status)
        log("drill %s %s: %s" % (engine, database, "ok" if drill["ok"] else "FAILED %s" % drill))
        failed += 0 if drill["ok"] else 1
    return 1 if failed else 0


def cmd_verify(cfg, _args):
    env = borg_env(cfg)
    argv = ["borg", "check"] + (["--verify-data"] if cfg["verify_data"] else []) + [cfg["repository"]]
    started = time.monotonic()
    done = subprocess.run(argv, env=env, stderr=subprocess.PIPE, text=True, check=False)
    result = {"at": now_iso(), "ok": done.returncode == 0, "duration_seconds": round(time.monotonic() - started, 3),
              "report": done.stderr[-2000:]}
    for engine, database in targets(cfg):
        status = read_status(cfg, engine, database)
        status["last_verification"] = result
        write_status(cfg, engine, database, status)
    if done.stderr:
        sys.stderr.write(done.stderr)
    log("verification %s" % ("ok" if result["ok"] else "FAILED (borg check exit %d)" % done.returncode))
    return 0 if result["ok"] else 1


def cmd_list(cfg, _args):
    env = borg_env(cfg)
    return subprocess.run(["borg", "list", "--short", cfg["repository"]], env=env, check=False).returncode
