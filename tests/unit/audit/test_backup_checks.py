"""Backup audit (BK-01..03) and the backup_status module over real status files in a tree."""

import datetime
import json
import os
import subprocess
import sys

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot
from ansible_collections.amane.telework.plugins.modules import backup_status

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NOW = datetime.datetime(2026, 11, 23, 12, 0, 0, tzinfo=datetime.timezone.utc)
PARAMS = {"status_dir": "/var/lib/amane/backup", "max_age_hours": 26, "max_verify_age_days": 8, "max_drill_age_days": 8}


def stamp(hours_ago):
    return (NOW - datetime.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def good_status(engine="postgresql", database="appdb", backup_age=2, verify_age=24, drill_age=48, drill_ok=True):
    return {
        "engine": engine, "database": database, "host": "db1",
        "last_good": {"archive": "db1-%s-%s-x" % (engine, database), "finished_at": stamp(backup_age),
                      "size_bytes": 1000, "stored_bytes": 300, "run_id": "x", "checksums": {}},
        "last_verification": {"at": stamp(verify_age), "ok": True},
        "last_drill": {"at": stamp(drill_age), "ok": drill_ok, "duration_seconds": 12.5},
    }


def write_statuses(root, *statuses):
    directory = root / "var/lib/amane/backup"
    directory.mkdir(parents=True, exist_ok=True)
    for status in statuses:
        (directory / ("%s-%s.json" % (status["engine"], status["database"]))).write_text(json.dumps(status))


def evaluate(root, **params):
    merged = dict(PARAMS, **params)
    return backup_status.evaluate(merged, HostSnapshot(root=str(root), params=merged, now=NOW), "db1")


def by_id(result):
    return {r["id"]: r for r in result["audit"]["results"]}


def test_catalogue_backup_section_is_complete():
    ids = [k for k, v in CONTROLS.items() if v["area"] == "backup"]
    assert sorted(ids) == ["BK-01", "BK-02", "BK-03"]
    for control_id in ids:
        entry = CONTROLS[control_id]
        assert entry["clauses"] and entry["test"].startswith("molecule/backup/tests/test_backup.py::")
        assert set(entry["title"]) == {"en", "fr", "ar"}


def test_healthy_backups_pass_and_figures_are_reported(tmp_path):
    write_statuses(tmp_path, good_status(), good_status("mariadb", "shop"))
    result = evaluate(tmp_path)
    assert {k: v["status"] for k, v in by_id(result).items()} == {"BK-01": "pass", "BK-02": "pass", "BK-03": "pass"}
    assert result["audit"]["summary"]["compliant"] is True
    pg = [d for d in result["databases"] if d["engine"] == "postgresql"][0]
    assert pg["rpo_hours"] == 2.0 and pg["size_bytes"] == 1000 and pg["rto_seconds"] == 12.5
    assert pg["last_verification_ok"] is True and pg["last_drill_ok"] is True


def test_stale_backup_fails_rpo_naming_the_database(tmp_path):
    write_statuses(tmp_path, good_status(), good_status("mariadb", "shop", backup_age=30))
    result = by_id(evaluate(tmp_path))["BK-01"]
    assert result["status"] == "fail" and "mariadb/shop" in result["evidence"] and "postgresql/appdb" not in result["evidence"]


def test_failed_drill_and_missing_verification_fail(tmp_path):
    status = good_status(drill_ok=False)
    del status["last_verification"]
    write_statuses(tmp_path, status)
    results = by_id(evaluate(tmp_path))
    assert results["BK-02"]["status"] == "fail" and "no verification recorded" in results["BK-02"]["evidence"]
    assert results["BK-03"]["status"] == "fail" and "restore drill failed" in results["BK-03"]["evidence"]


def test_database_with_failed_runs_only_has_no_good_backup(tmp_path):
    failure = {"at": stamp(1), "error": "pg_dump exited with 1"}
    write_statuses(tmp_path, {"engine": "postgresql", "database": "appdb", "last_failure": failure})
    result = evaluate(tmp_path)
    assert by_id(result)["BK-01"]["status"] == "fail"
    assert result["databases"][0]["last_failure"]["error"] == "pg_dump exited with 1"
    assert result["databases"][0]["rpo_hours"] is None


def test_no_status_at_all_fails_and_files_need_no_drill(tmp_path):
    assert by_id(evaluate(tmp_path))["BK-01"]["status"] == "fail"
    files = good_status("files", "paths")
    del files["last_drill"]
    write_statuses(tmp_path, files)
    assert by_id(evaluate(tmp_path))["BK-03"]["status"] == "pass"


def test_unreadable_status_file_is_a_failure_not_a_pass(tmp_path):
    directory = tmp_path / "var/lib/amane/backup"
    directory.mkdir(parents=True)
    (directory / "postgresql-appdb.json").write_text("{not json")
    assert by_id(evaluate(tmp_path))["BK-01"]["status"] == "fail"


def test_module_refuses_zero_threshold_naming_the_field(tmp_path):
    args = {"ANSIBLE_MODULE_ARGS": {"status_dir": str(tmp_path), "max_age_hours": 0}}
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "collections"))
    done = subprocess.run(
        [sys.executable, "-m", "ansible_collections.amane.telework.plugins.modules.backup_status"],
        input=json.dumps(args), capture_output=True, text=True, env=env, check=False,
    )
    out = json.loads(done.stdout)
    assert out["failed"] is True and "max_age_hours: must be at least 1" in out["msg"]


def test_a_truncated_status_file_is_reported_as_corrupt_not_as_never_backed_up(tmp_path):
    full = json.dumps(good_status("postgresql", "appdb"))
    write_statuses(tmp_path, good_status("mariadb", "shop"))
    (tmp_path / "var/lib/amane/backup/postgresql-appdb.json").write_text(full[: len(full) // 2])
    result = by_id(evaluate(tmp_path))["BK-01"]
    assert result["status"] == "fail"
    assert "postgresql-appdb.json is corrupt" in result["evidence"] and "never" not in result["evidence"]
