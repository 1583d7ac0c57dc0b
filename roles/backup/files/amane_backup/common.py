# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every part of amane-backup shares: its errors, its log line, the collection's time spelling."""

import datetime
import sys


CONFIG = "/etc/amane/backup.json"


# The collection's UTC time spelling (plugins/module_utils/values.py UTC_TIME_FORMAT): the audit
# modules read what this program writes; tests/unit/host_programs/test_time_contract.py keeps the two equal.
UTC_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


PENDING = "pending-"


class BackupError(Exception):
    pass


class ConfigError(BackupError):
    """The configuration, an argument or the environment file is wrong: exit 2, nothing touched."""


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime(UTC_TIME_FORMAT)


def log(message):
    # stderr goes to the journal; never pass secrets here.
    print("amane-backup: %s" % message, file=sys.stderr, flush=True)
