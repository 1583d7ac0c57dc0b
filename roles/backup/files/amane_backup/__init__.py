# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Amane database backup (guide A9, A5): streamed dumps into an append-only borg repository.

Subcommands: run (back up every configured database and path, all or nothing), restore,
drill (restore each latest good dump into a scratch database and compare checksums), verify
(borg check), list. Configuration: /etc/amane/backup.json; secrets (BORG_PASSPHRASE,
PGPASSWORD) come from the environment (systemd EnvironmentFile, mode 0600), never argv.
Exit 2: a bad argument, configuration or environment file, named, before anything is touched;
1: the run failed (said why in the journal and, for run/drill/verify, in the status files).

All or nothing: borg only commits an archive once the dump exited 0 and its checksums were taken
(this process holds the pipe open until then, and kills borg instead of closing it when anything
failed). Every archive but the run's last is created as ``pending-<name>``; the last one is created
under its real name only after all the others succeeded, then the others are renamed and the status
files written. A killed or failed run leaves at most pending archives, which are never "latest good"
(a kill between the last commit and the renames leaves one good archive that is not yet in the
status files). One SSH master connection to the repository, opened in the background when the run
starts, serves the run's borg calls (a call that starts before it is up connects on its own).

Layout (one concern per module): common (errors, log, time spelling), config (the configuration and
the environment file, checked), transport (borg's environment, the shared SSH connection), status
(the status files the backup audit reads), checksums (per-table sums), dumps (a run), restores
(restore, drill, verify, list), cli (the command line). roles/backup/files/amane-backup is the
command; the role installs it and this package side by side.
"""
