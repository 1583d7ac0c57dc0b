"""amane-backup-prune against a real local borg repository: retention per database series, and
pending archives of failed runs deleted only once old (A9, A10)."""

import datetime
import shutil
import subprocess

import pytest

from tests.unit.role_scripts import load

PASSPHRASE = "unit-test-passphrase-77aa"  # noqa: S105 - throwaway repository of the test

pytestmark = pytest.mark.skipif(shutil.which("borg") is None, reason="borgbackup is not installed (scripts/host-packages.txt)")


PRUNE = load("backup", "amane-backup-prune")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("BORG_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("BORG_BASE_DIR", str(tmp_path / "base"))
    path = str(tmp_path / "repo")
    monkeypatch.setenv("BORG_REPO", path)
    subprocess.run(["borg", "init", "--encryption=repokey-blake2", path], check=True, capture_output=True)
    (tmp_path / "payload").write_text("data")
    return path, str(tmp_path / "payload")


def create(repo, name, when):
    path, payload = repo
    subprocess.run(["borg", "create", "--timestamp", when.strftime("%Y-%m-%dT%H:%M:%S"), "%s::%s" % (path, name), payload],
                   check=True, capture_output=True)


def names(repo):
    out = subprocess.run(["borg", "list", "--short", repo[0]], check=True, capture_output=True, text=True).stdout
    return set(out.split())


def run_id(when):
    return when.strftime("%Y%m%dT%H%M%SZ")


def test_every_database_keeps_its_own_daily_archives(repo):
    today = datetime.datetime.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    made = []
    for days_ago in range(3):
        when = today - datetime.timedelta(days=days_ago)
        # One run writes one archive per database, seconds apart, as amane-backup does.
        for offset, series in enumerate(("db1-postgresql-appdb", "db1-mariadb-shop", "db1-files-paths")):
            name = "%s-%s" % (series, run_id(when))
            create(repo, name, when + datetime.timedelta(seconds=offset))
            made.append(name)
    assert PRUNE.main(["--client", "db1", "--keep-daily", "2", "--keep-weekly", "1", "--keep-monthly", "1",
                       "--pending-max-age-hours", "24"]) == 0
    left = names(repo)
    for series in ("db1-postgresql-appdb", "db1-mariadb-shop", "db1-files-paths"):
        # Today's and yesterday's archive of every database survive, not one archive per day overall.
        assert "%s-%s" % (series, run_id(today)) in left
        assert "%s-%s" % (series, run_id(today - datetime.timedelta(days=1))) in left


def test_pending_archives_are_deleted_only_once_old(repo):
    now = datetime.datetime.now().replace(microsecond=0)
    good = "db1-postgresql-appdb-%s" % run_id(now)
    fresh = "pending-db1-postgresql-appdb-%s" % run_id(now)
    old = "pending-db1-mariadb-shop-%s" % run_id(now - datetime.timedelta(days=2))
    create(repo, good, now)
    create(repo, fresh, now)  # a run in progress
    create(repo, old, now - datetime.timedelta(days=2))  # a killed run's remains
    assert PRUNE.main(["--client", "db1", "--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6",
                       "--pending-max-age-hours", "24"]) == 0
    assert names(repo) == {good, fresh}


def test_series_are_exact_names_without_run_id():
    names_ = ["db1-postgresql-app-20261123T010000Z", "db1-postgresql-app-db-20261123T010000Z",
              "pending-db1-mariadb-shop-20261123T010000Z", "other-postgresql-x-20261123T010000Z", "db1-manual"]
    assert PRUNE.series_of(names_, "db1") == ["db1-postgresql-app", "db1-postgresql-app-db"]


KEEP = ["--keep-weekly", "1", "--keep-monthly", "1"]


@pytest.mark.parametrize("argv, message", [
    (["--keep-daily", "0", *KEEP, "--pending-max-age-hours", "24"], "--keep-daily must be at least 1"),
    (["--keep-daily", "1", *KEEP, "--pending-max-age-hours", "-1"], "0 or more"),
])
def test_bad_arguments_are_refused_before_touching_the_repository(argv, message, capsys, monkeypatch):
    monkeypatch.setenv("BORG_REPO", "/nonexistent")
    with pytest.raises(SystemExit) as exc:
        PRUNE.main(["--client", "db1", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
