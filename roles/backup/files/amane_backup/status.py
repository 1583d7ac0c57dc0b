# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The status files (one per database and the file paths): the contract with the backup audit
(plugins/module_utils/audit/checks_backup.py reads what write_status writes)."""

import json
import os

from amane_backup.common import BackupError, log, now_iso
from amane_backup.config import ARCHIVE


def archive_name(cfg, engine, database, run_id):
    return "%s-%s-%s-%s" % (cfg["archive_prefix"], engine, database, run_id)


def status_path(cfg, engine, database):
    return os.path.join(cfg["status_dir"], "%s-%s.json" % (engine, database))


def read_status(cfg, engine, database, keep_aside=True):
    """The database's status; a corrupt file (cut by a full disk, edited) is kept as <file>.corrupt
    and said so in the log and in the new status, never silently replaced by an empty one.

    ``keep_aside=False`` (restore, which writes no status): a corrupt file is an error naming it,
    and stays where it is; moved aside with no new status written, its damage was said nowhere.
    """
    path = status_path(cfg, engine, database)
    try:
        with open(path, encoding="utf-8") as handle:
            status = json.load(handle)
        if not isinstance(status, dict):
            raise ValueError("not a JSON object")
        return status
    except FileNotFoundError:
        return {"engine": engine, "database": database}
    except (OSError, ValueError) as exc:
        if not keep_aside:
            raise BackupError("status file %s is corrupt (%s), left as it is: give --archive (amane-backup list "
                              "shows the archives)" % (path, getattr(exc, "strerror", None) or exc))
        saved = path + ".corrupt"
        try:
            os.replace(path, saved)
        except OSError:
            saved = None
        log("status file %s is corrupt (%s); kept as %s, its history (last good backup) is lost" % (path, exc, saved))
        return {"engine": engine, "database": database,
                "corrupt_status": {"at": now_iso(), "error": str(exc)[:200], "saved_as": saved}}


def write_status(cfg, engine, database, status):
    """Atomic write: a reader never sees half a file, a crash keeps the previous one."""
    path = status_path(cfg, engine, database)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(status, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def latest_good(cfg, engine, database):
    status = read_status(cfg, engine, database, keep_aside=False)
    good = status.get("last_good")
    if not good:
        raise BackupError("no good backup of %s %s recorded in %s" % (engine, database, cfg["status_dir"]))
    archive = good.get("archive") if isinstance(good, dict) else None
    if not (isinstance(archive, str) and ARCHIVE.fullmatch(archive)):
        raise BackupError("status file %s: last_good.archive is not an archive name (%r): give --archive "
                          "(amane-backup list shows the archives)" % (status_path(cfg, engine, database), archive))
    return good
