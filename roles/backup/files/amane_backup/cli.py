# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: subcommands, exit codes, and SIGTERM turned into an unwinding exit."""

import argparse
import signal
import subprocess

import amane_backup
from amane_backup.common import CONFIG, BackupError, ConfigError, log
from amane_backup.config import ARCHIVE, DATABASE, load_config, name_argument
from amane_backup.dumps import cmd_run
from amane_backup.restores import cmd_drill, cmd_list, cmd_restore, cmd_verify
from amane_backup.transport import close_ssh_sharing


def stop_on_sigterm(_signum, _frame):
    # Python's default SIGTERM death skips every finally: borg would not be killed before the pipe
    # closes and the SSH control directory would stay behind. Unwinding runs both.
    raise SystemExit(143)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="amane-backup", description=amane_backup.__doc__.splitlines()[0])
    parser.add_argument("--config", default=CONFIG)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run").set_defaults(func=cmd_run)
    sub.add_parser("drill").set_defaults(func=cmd_drill)
    sub.add_parser("verify").set_defaults(func=cmd_verify)
    sub.add_parser("list").set_defaults(func=cmd_list)
    rest = sub.add_parser("restore")
    rest.add_argument("--engine", required=True, choices=["postgresql", "mariadb"])
    database = name_argument(DATABASE, "a database name (letters, digits, _, $ or -, not first)")
    rest.add_argument("--database", required=True, type=database)
    rest.add_argument("--archive", type=name_argument(ARCHIVE, "an archive name (amane-backup list shows them)"),
                      help="archive name; default: the latest good backup")
    rest.add_argument("--target", required=True, type=database, help="name of the database to create")
    rest.add_argument("--replace", action="store_true", help="drop the target first if it exists")
    rest.set_defaults(func=cmd_restore)
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        return args.func(load_config(args.config), args)
    except ConfigError as exc:
        log("FAILED: %s" % exc)
        return 2
    except (BackupError, subprocess.CalledProcessError, OSError) as exc:
        log("FAILED: %s" % exc)
        return 1
    finally:
        close_ssh_sharing()
        signal.signal(signal.SIGTERM, previous)
