"""amane-backup's all-or-nothing logic against a real local borg repository (no database needed)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

from tests.unit.role_scripts import package

PASSPHRASE = "unit-test-passphrase-5d1e"  # noqa: S105 - throwaway repository of the test

pytestmark = pytest.mark.skipif(shutil.which("borg") is None, reason="borgbackup is not installed (scripts/host-packages.txt)")


def load_script():
    """The amane_backup package, each module an attribute (script.dumps, script.transport...)."""
    return package("backup", "amane_backup")


def ssh_dirs(directory):
    return [name for name in os.listdir(directory) if name.startswith("amane-backup-ssh-")]


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("BORG_PASSPHRASE", PASSPHRASE)
    # Temporary directories of the script land in the test's own directory, checked empty at the end.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    repo = tmp_path / "repo"
    env = dict(os.environ, BORG_BASE_DIR=str(tmp_path / "base"))
    subprocess.run(["borg", "init", "--encryption=repokey-blake2", str(repo)], env=env, check=True, capture_output=True)
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.conf").write_text("one\n")
    (tmp_path / "status").mkdir()
    cfg = {
        "host": "db1", "env_file": "/etc/amane/backup.env", "repository": str(repo), "borg_rsh": "ssh",
        "borg_base_dir": str(tmp_path / "base"), "archive_prefix": "db1", "status_dir": str(tmp_path / "status"),
        "lock_file": str(tmp_path / "lock"), "compression": "lz4", "checksums": True, "verify_data": False,
        "scratch_prefix": "amane_scratch_", "paths": [str(data)],
        "postgresql": {"databases": []}, "mariadb": {"databases": []},
    }
    config = tmp_path / "backup.json"
    config.write_text(json.dumps(cfg))
    script = load_script()
    yield script, cfg, str(config), env
    script.transport.close_ssh_sharing()
    assert ssh_dirs(scratch) == []


def archives(cfg, env):
    return subprocess.run(["borg", "list", "--short", cfg["repository"]], env=env, check=True,
                          capture_output=True, text=True).stdout.split()


def test_good_run_renames_archive_and_records_status(setup):
    script, cfg, config, env = setup
    assert script.cli.main(["--config", config, "run"]) == 0
    status = json.load(open(os.path.join(cfg["status_dir"], "files-paths.json")))
    names = archives(cfg, env)
    assert names == [status["last_good"]["archive"]] and not names[0].startswith("pending-")
    assert status["last_good"]["size_bytes"] > 0


def test_failed_run_keeps_last_good_and_leaves_only_a_pending_archive(setup):
    script, cfg, config, env = setup
    assert script.cli.main(["--config", config, "run"]) == 0
    good = json.load(open(os.path.join(cfg["status_dir"], "files-paths.json")))["last_good"]
    cfg["paths"] = ["/nonexistent/amane"]
    with open(config, "w") as handle:
        json.dump(cfg, handle)
    assert script.cli.main(["--config", config, "run"]) == 1
    status = json.load(open(os.path.join(cfg["status_dir"], "files-paths.json")))
    assert status["last_good"] == good
    assert "exited with" in status["last_failure"]["error"]
    assert [n for n in archives(cfg, env) if not n.startswith("pending-")] == [good["archive"]]


def test_failing_producer_commits_nothing_under_any_name(setup):
    script, cfg, _config, env = setup
    borg_env = script.transport.borg_env(cfg)
    with pytest.raises(script.common.BackupError, match="dump failed"):
        script.dumps.stream_into_borg(cfg, borg_env, ["sh", "-c", "echo partial; exit 3"], "db1-x", "x.dump")
    assert archives(cfg, env) == []


def test_failed_check_before_commit_kills_borg_and_commits_nothing(setup):
    script, cfg, _config, env = setup
    borg_env = script.transport.borg_env(cfg)

    def checksums_failed():
        raise script.common.BackupError("checksums of x failed: relation vanished")

    with pytest.raises(script.common.BackupError, match="checksums of x failed"):
        script.dumps.stream_into_borg(cfg, borg_env, ["sh", "-c", "seq 1 100000"], "db1-x", "x.dump",
                                      before_commit=checksums_failed)
    assert archives(cfg, env) == []


def test_stream_commits_once_the_check_passed(setup):
    script, cfg, _config, env = setup
    seen = []
    stats = script.dumps.stream_into_borg(cfg, script.transport.borg_env(cfg), ["sh", "-c", "seq 1 100000"], "db1-x",
                                          "x.dump", before_commit=lambda: seen.append("checked"))
    assert seen == ["checked"] and archives(cfg, env) == ["db1-x"]
    assert stats["original_size"] >= len("".join("%d\n" % i for i in range(1, 100001)))


def test_last_database_is_committed_under_its_real_name_and_earlier_targets_renamed(setup, monkeypatch):
    script, cfg, config, env = setup
    cfg["postgresql"]["databases"] = ["appdb"]
    with open(config, "w") as handle:
        json.dump(cfg, handle)
    created = []

    def fake_pg(cfg_, env_, database, archive):
        created.append(archive)
        stats = script.dumps.stream_into_borg(cfg_, env_, ["sh", "-c", "echo dump of %s" % database], archive, database)
        return stats, {"public.t": {"rows": 1, "sum": "7"}}

    monkeypatch.setattr(script.dumps, "backup_postgresql", fake_pg)
    assert script.cli.main(["--config", config, "run"]) == 0
    assert not created[0].startswith("pending-")
    names = archives(cfg, env)
    assert not any(n.startswith("pending-") for n in names) and len(names) == 2
    status = json.load(open(os.path.join(cfg["status_dir"], "postgresql-appdb.json")))
    assert status["last_good"]["archive"] == created[0]


def test_second_run_is_refused_while_the_lock_is_held(setup):
    script, cfg, config, _env = setup
    held = script.dumps.take_lock(cfg)
    try:
        assert script.cli.main(["--config", config, "run"]) == 1
        with pytest.raises(script.common.BackupError, match="holds"):
            script.dumps.take_lock(cfg)
    finally:
        held.close()


def test_missing_passphrase_is_named(setup, monkeypatch):
    script, cfg, _config, _env = setup
    monkeypatch.delenv("BORG_PASSPHRASE")
    cfg["env_file"] = "/nonexistent/backup.env"
    with pytest.raises(script.common.BackupError, match="BORG_PASSPHRASE is not set"):
        script.transport.borg_env(cfg)


def test_compare_names_changed_missing_and_extra_tables():
    script = load_script()
    expected = {"a": {"rows": 1, "sum": "5"}, "b": {"rows": 2, "sum": "6"}, "c": {"rows": 0, "sum": "0"}}
    actual = {"a": {"rows": 1, "sum": "5"}, "b": {"rows": 2, "sum": "7"}, "d": {"rows": 0, "sum": "0"}}
    assert script.checksums.compare(expected, actual) == ["b", "c", "d"]
    assert script.checksums.compare(expected, dict(expected)) == []


def test_passphrase_is_read_from_the_environment_file_when_not_inherited(setup, monkeypatch, tmp_path):
    script, cfg, _config, _env = setup
    monkeypatch.delenv("BORG_PASSPHRASE")
    env_file = tmp_path / "backup.env"
    env_file.write_text("# secrets\nBORG_PASSPHRASE=%s\n" % PASSPHRASE)
    cfg["env_file"] = str(env_file)
    assert script.transport.borg_env(cfg)["BORG_PASSPHRASE"] == PASSPHRASE


class FakeCursor:
    """Enough of a psycopg2 cursor for pg_checksums: one table refuses hash_record, like json."""

    def __init__(self, tables, refuse):
        self.tables, self.refuse, self.sql, self.row = tables, refuse, [], None

    def execute(self, query):
        self.sql.append(query)
        if "hash_record" in query and any(t in query for t in self.refuse):
            raise RuntimeError("could not identify a hash function for type json")
        self.row = (3, 42) if "count(*)" in query else None

    def fetchall(self):
        return [(t,) for t in self.tables]

    def fetchone(self):
        return self.row


def test_pg_checksums_fall_back_to_row_text_and_keep_the_transaction():
    script = load_script()
    cursor = FakeCursor(["public.items", "public.events"], refuse=["public.events"])
    sums = script.checksums.pg_checksums(cursor)
    assert sums["public.items"]["method"] == "record" and sums["public.events"]["method"] == "text"
    assert "ROLLBACK TO SAVEPOINT amane_checksum" in cursor.sql
    # The drill repeats each table's method; a method that fails there is an error, not a fallback.
    again = FakeCursor(["public.items", "public.events"], refuse=["public.events"])
    assert script.checksums.pg_checksums(again, {"public.items": "record", "public.events": "text"}) == sums
    with pytest.raises(RuntimeError):
        script.checksums.pg_checksums(FakeCursor(["public.events"], refuse=["public.events"]), {"public.events": "record"})


def test_compare_ignores_the_method_of_records_made_before_it_existed():
    script = load_script()
    old = {"a": {"rows": 1, "sum": "5"}}
    assert script.checksums.compare(old, {"a": {"rows": 1, "sum": "5", "method": "text"}}) == []


def child_script(tmp_path, body):
    """A Python program, for a child process, with amane-backup loaded as ``ab``, then ``body``."""
    child = tmp_path / "child.py"
    child.write_text(
        "import json, sys, time\n"
        "sys.path.insert(0, %r)\n"
        "from tests.unit.role_scripts import package\n"
        "ab = package('backup', 'amane_backup')\n"
        % os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")) + body)
    return child


def test_borg_dies_with_a_killed_backup_and_commits_nothing(setup, tmp_path):
    """SIGKILL of amane-backup while the dump still streams: borg must not take the end of the
    pipe for the end of a good dump."""
    script, cfg, _config, env = setup
    child = child_script(
        tmp_path,
        "cfg = json.loads(sys.argv[1])\n"
        "ab.dumps.stream_into_borg(cfg, ab.transport.borg_env(cfg), ['sh', '-c', 'seq 1 1000; sleep 3; seq 1 1000'], 'db1-killed', 'x')\n")
    proc = subprocess.Popen([sys.executable, str(child), json.dumps(cfg)])
    time.sleep(1.5)
    proc.kill()
    proc.wait()
    time.sleep(3)  # the producer finishes and closes the pipe: a surviving borg would commit now
    assert archives(cfg, env) == []


def test_local_repository_makes_no_ssh_control_directory(setup):
    script, cfg, config, _env = setup
    assert "ControlPath" not in script.transport.borg_env(cfg)["BORG_RSH"]
    assert script.cli.main(["--config", config, "run"]) == 0
    assert ssh_dirs(tempfile.gettempdir()) == []


def fake_ssh(tmp_path):
    """An "ssh" that records its arguments and stays up like a master until it is stopped."""
    script = tmp_path / "fake-ssh"
    script.write_text('#!/bin/sh\necho "$$ $*" >> %s\nexec sleep 60\n' % (tmp_path / "ssh-calls"))
    script.chmod(0o755)
    return str(script), tmp_path / "ssh-calls"


def wait_for_lines(path, count):
    deadline = time.time() + 10
    while time.time() < deadline:
        if path.exists() and len(path.read_text().splitlines()) >= count:
            return path.read_text().splitlines()
        time.sleep(0.05)
    raise AssertionError("%s: fewer than %d lines" % (path, count))


def running(pid):
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_remote_repository_shares_one_ssh_master_that_close_stops(setup, tmp_path):
    script, cfg, _config, _env = setup
    ssh, calls = fake_ssh(tmp_path)
    cfg = dict(cfg, repository="ssh://borg@bk1.example:2222/srv/amane-backup/db1", borg_rsh=ssh + " -o BatchMode=yes")
    rsh = script.transport.borg_env(cfg)["BORG_RSH"]
    assert script.transport.borg_env(cfg)["BORG_RSH"] == rsh  # a second borg call: the same master, not another
    pid, args = wait_for_lines(calls, 1)[0].split(" ", 1)
    # The master: the configured options, its own socket, no command, the repository's port and user.
    assert args.startswith("-o BatchMode=yes -o ControlMaster=yes -o ControlPath=")
    assert args.endswith(" -N -p 2222 borg@bk1.example")
    # borg's ssh uses that socket, or connects itself while it does not exist yet: never a master.
    assert rsh.startswith(ssh + " -o BatchMode=yes -o ControlMaster=no -o ControlPath=")
    assert rsh.split("ControlPath=")[1] == args.split("ControlPath=")[1].split()[0]
    assert len(ssh_dirs(tempfile.gettempdir())) == 1 and running(int(pid))
    script.transport.close_ssh_sharing()
    assert ssh_dirs(tempfile.gettempdir()) == [] and not running(int(pid))
    assert len(calls.read_text().splitlines()) == 1


def test_sigterm_unwinds_stops_the_ssh_master_and_removes_its_directory(setup, tmp_path):
    """systemd and ansible stop a run with SIGTERM: the cleanup in main's finally must still run."""
    _script, cfg, config, _env = setup
    ssh, calls = fake_ssh(tmp_path)
    remote = dict(cfg, repository="ssh://borg@bk1.example/srv/amane-backup/db1", borg_rsh=ssh)
    child = child_script(
        tmp_path,
        "def slow_paths(cfg, env, archive):\n"
        "    ab.transport.borg_env(json.loads(sys.argv[2]))  # what a run against an ssh:// repository starts\n"
        "    print('started', flush=True)\n"
        "    time.sleep(30)\n"
        "ab.dumps.backup_paths = slow_paths\n"
        "sys.exit(ab.cli.main(['--config', sys.argv[1], 'run']))\n")
    proc = subprocess.Popen([sys.executable, str(child), config, json.dumps(remote)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "started\n"
    pid = int(wait_for_lines(calls, 1)[0].split()[0])
    assert len(ssh_dirs(tempfile.gettempdir())) == 1 and running(pid)
    proc.terminate()
    assert proc.wait(timeout=10) == 143
    proc.stdout.close()
    assert ssh_dirs(tempfile.gettempdir()) == [] and not running(pid)


def test_sigkill_takes_the_ssh_master_down_too(setup, tmp_path):
    script, cfg, _config, _env = setup
    ssh, calls = fake_ssh(tmp_path)
    remote = dict(cfg, repository="ssh://borg@bk1.example/srv/amane-backup/db1", borg_rsh=ssh)
    child = child_script(tmp_path, "ab.transport.borg_env(json.loads(sys.argv[1]))\ntime.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, str(child), json.dumps(remote)])
    pid = int(wait_for_lines(calls, 1)[0].split()[0])
    proc.kill()
    proc.wait()
    deadline = time.time() + 5
    while running(pid) and time.time() < deadline:
        time.sleep(0.05)
    assert not running(pid)
    # A SIGKILL cannot run any cleanup: its directory stays (the service's PrivateTmp drops it).
    for name in ssh_dirs(tempfile.gettempdir()):
        shutil.rmtree(os.path.join(tempfile.gettempdir(), name))


def test_buffered_dumper_failure_names_the_dumper_and_commits_nothing(setup):
    script, cfg, _config, env = setup
    argv = script.dumps.STDOUT_BUFFER + ["sh", "-c", "seq 1 1000; exit 4"]
    with pytest.raises(script.common.BackupError, match="^sh exited with 4: dump failed"):
        script.dumps.stream_into_borg(cfg, script.transport.borg_env(cfg), argv, "db1-x", "x.dump")
    assert archives(cfg, env) == []


def test_buffered_dumper_output_reaches_borg_whole(setup):
    script, cfg, _config, env = setup
    script.dumps.stream_into_borg(cfg, script.transport.borg_env(cfg), script.dumps.STDOUT_BUFFER + ["seq", "1", "300000"],
                                  "db1-x", "x.dump")
    expected = "".join("%d\n" % i for i in range(1, 300001))
    extracted = subprocess.run(["borg", "extract", "--stdout", "%s::db1-x" % cfg["repository"]], env=env,
                               check=True, capture_output=True, text=True).stdout
    assert extracted == expected


def test_a_corrupt_status_file_is_kept_aside_and_said_so_not_silently_emptied(tmp_path, capsys):
    tool = load_script().status
    cfg = {"status_dir": str(tmp_path)}
    path = tmp_path / "postgresql-appdb.json"
    path.write_text('{"engine": "postgresql", "database": "appdb", "last_good": {"archive": "db1-pg')
    status = tool.read_status(cfg, "postgresql", "appdb")
    assert status["corrupt_status"]["saved_as"] == str(path) + ".corrupt"
    assert (tmp_path / "postgresql-appdb.json.corrupt").read_text().startswith('{"engine"')
    assert not path.exists()
    assert tool.read_status(cfg, "mariadb", "shop") == {"engine": "mariadb", "database": "shop"}  # none yet: fresh


def test_the_audit_reads_the_status_files_the_script_really_writes(setup, tmp_path):
    """One contract, two programs: amane-backup writes <status_dir>/<engine>-<database>.json on the host,
    checks_backup (backup_status, BK-01/BK-02) reads it. Fed the writer's real output, not a hand copy."""
    from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, utc_now
    from ansible_collections.amane.telework.plugins.modules import backup_status

    script, cfg, config, env = setup
    assert script.cli.main(["--config", config, "run"]) == 0
    assert script.cli.main(["--config", config, "verify"]) == 0
    device = tmp_path / "device"
    shutil.copytree(cfg["status_dir"], device / "var/lib/amane/backup")
    params = {"status_dir": "/var/lib/amane/backup", "max_age_hours": 26, "max_verify_age_days": 8, "max_drill_age_days": 8}
    result = backup_status.evaluate(params, HostSnapshot(root=str(device), params=params, now=utc_now()), "db1")
    statuses = {r["id"]: r["status"] for r in result["audit"]["results"]}
    assert statuses["BK-01"] == "pass" and statuses["BK-02"] == "pass", result["audit"]["results"]
    (files,) = [d for d in result["databases"] if d["engine"] == "files"]
    written = json.load(open(os.path.join(cfg["status_dir"], "files-paths.json")))
    assert files["size_bytes"] == written["last_good"]["size_bytes"] > 0
    assert files["rpo_hours"] is not None and 0 <= files["rpo_hours"] < 1
    assert files["last_verification_ok"] is True
