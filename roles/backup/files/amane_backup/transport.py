# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How borg reaches the repository: its environment (the passphrase from the 0600 file) and one shared
SSH connection per run."""

import os
import shutil
import subprocess
import tempfile
import urllib.parse

from amane_backup.common import BackupError
from amane_backup.config import load_env_file


def borg_env(cfg):
    unreadable = None
    if not os.environ.get("BORG_PASSPHRASE"):
        unreadable = load_env_file(cfg["env_file"])
    env = dict(os.environ)
    if not env.get("BORG_PASSPHRASE"):
        raise BackupError("BORG_PASSPHRASE is not set: the environment file %s %s"
                          % (cfg["env_file"], "cannot be read (%s)" % unreadable if unreadable else "does not set it"))
    # A local repository (the unit tests') never starts ssh: no control directory to make or leak.
    env["BORG_RSH"] = cfg["borg_rsh"] + ("" if os.path.isabs(cfg["repository"]) else ssh_sharing_options(cfg))
    env["BORG_BASE_DIR"] = cfg["borg_base_dir"]
    env["BORG_RELOCATED_REPO_ACCESS_IS_OK"] = "no"
    return env


_SSH_SHARING = {}


def repository_ssh_target(cfg):
    """ssh destination arguments of an ssh://user@host[:port]/path repository."""
    url = urllib.parse.urlsplit(cfg["repository"])
    target = ("%s@%s" % (url.username, url.hostname)) if url.username else url.hostname
    return (["-p", str(url.port)] if url.port else []) + [target]


def ssh_sharing_options(cfg):
    """ssh options that share one connection between this process's borg calls.

    Each borg call otherwise pays the SSH handshake and authentication again (about 0.2 s, 0.5 s
    on a loaded host). The master starts here, in the background, so its handshake overlaps
    borg's own start-up (about 0.15 s) instead of preceding it. borg's ssh (ControlMaster=no)
    uses the master once its socket exists and connects directly until then, so it never waits
    for it and never becomes a master of its own. close_ssh_sharing() stops the master and
    removes its private directory.
    """
    if "dir" not in _SSH_SHARING:
        directory = tempfile.mkdtemp(prefix="amane-backup-ssh-")
        path = os.path.join(directory, "master")
        master = cfg["borg_rsh"].split() + ["-o", "ControlMaster=yes", "-o", "ControlPath=" + path, "-N"]
        # The master dies with this process (pdeathsig): even a killed run leaves no connection.
        _SSH_SHARING.update(dir=directory, path=path, master=subprocess.Popen(
            ["setpriv", "--pdeathsig", "KILL", "--"] + master + repository_ssh_target(cfg),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return " -o ControlMaster=no -o ControlPath=%s" % _SSH_SHARING["path"]


def close_ssh_sharing():
    """Stop the run's SSH master and remove its directory (no-op when none was started)."""
    master = _SSH_SHARING.pop("master", None)
    if master is not None:
        master.terminate()
        master.wait()
    if "dir" in _SSH_SHARING:
        shutil.rmtree(_SSH_SHARING.pop("dir"), ignore_errors=True)
    _SSH_SHARING.pop("path", None)
