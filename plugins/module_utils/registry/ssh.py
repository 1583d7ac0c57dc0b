# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""First contact with a device over SSH (paramiko): fetch and check its host key, install the
management account. The host key is compared BEFORE any credential is sent, so a one-time
password is never given to an impostor."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import shlex
import socket

from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError

try:
    import paramiko
except ImportError:
    paramiko = None

SUDOERS_FILE = "/etc/sudoers.d/amane-management"

# Idempotent: prints amane-changed=1 when it changed (or, with dry=1, would change) something.
_ACCOUNT_SCRIPT = r"""
set -eu
user=%(user)s; key=%(key)s; dry=%(dry)s; lock=%(lock)s; changed=0
act() { changed=1; [ "$dry" = 1 ] || "$@"; }
id -u "$user" >/dev/null 2>&1 || act useradd --create-home --shell /bin/bash --password '*' --comment 'Amane management' "$user"
# A returned laptop enrolled again: offboarding expired and locked this account; open it again.
[ -z "$(getent shadow "$user" | cut -d: -f8)" ] || act usermod --expiredate '' "$user"
case "$(getent shadow "$user" | cut -d: -f2)" in '!'*) act usermod --unlock "$user" ;; esac
home=$(getent passwd "$user" | cut -d: -f6); home=${home:-/home/$user}
[ -d "$home/.ssh" ] || act install -d -m 0700 -o "$user" -g "$user" "$home/.ssh"
if [ "$(cat "$home/.ssh/authorized_keys" 2>/dev/null || true)" != "$key" ]; then
  changed=1
  if [ "$dry" != 1 ]; then
    printf '%%s\n' "$key" > "$home/.ssh/authorized_keys"
    chown "$user:" "$home/.ssh/authorized_keys"; chmod 0600 "$home/.ssh/authorized_keys"
  fi
fi
rule="$user ALL=(ALL) NOPASSWD: ALL"
if [ "$(cat %(sudoers)s 2>/dev/null || true)" != "$rule" ]; then
  changed=1
  if [ "$dry" != 1 ]; then
    printf '%%s\n' "$rule" > %(sudoers)s.tmp; chmod 0440 %(sudoers)s.tmp
    visudo -cf %(sudoers)s.tmp >/dev/null; mv %(sudoers)s.tmp %(sudoers)s
  fi
fi
# The technician's password was for one use: lock it once the management access is in place, and
# take the account's admin groups away (EH-04: only the management account administers the laptop).
if [ -n "$lock" ] && [ "$(passwd -S "$lock" | cut -d' ' -f2)" != L ]; then act passwd -q -l "$lock"; fi
if [ -n "$lock" ]; then
  for group in sudo admin wheel; do
    if id -nG "$lock" 2>/dev/null | tr ' ' '\n' | grep -qx "$group"; then act gpasswd -d "$lock" "$group" >/dev/null; fi
  done
fi
echo "amane-changed=$changed"
"""


def fingerprint(host_key):
    """OpenSSH-style SHA256 fingerprint of '<type> <base64>'."""
    blob = base64.b64decode(host_key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def connect(address, port, timeout):
    """Open the SSH transport (no authentication yet) and return (transport, host key text)."""
    if paramiko is None:
        raise RegistryError("the first contact needs the Python package paramiko on the control node")
    try:
        sock = socket.create_connection((address, port), timeout=timeout)
    except (OSError, socket.timeout) as exc:
        raise RegistryError("cannot reach %s port %d: %s; check enroll_address and that sshd runs on the device" % (address, port, exc))
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=timeout)
    except (paramiko.SSHException, EOFError, OSError) as exc:
        transport.close()
        raise RegistryError("SSH handshake with %s:%d failed: %s" % (address, port, exc))
    key = transport.get_remote_server_key()
    return transport, "%s %s" % (key.get_name(), key.get_base64())


def check_pinned(presented, pinned, where):
    if pinned and presented != pinned:
        raise RegistryError(
            "SSH host key of %s does not match the key pinned in the registry: pinned %s %s, presented %s %s. "
            "The device was reinstalled or the connection is intercepted; nothing was sent to it. If the change is "
            "expected, check the new fingerprint on the device's console and re-pin (enroll.yml -e amane_repin_host_key=true)" % (
                where, pinned.split()[0], fingerprint(pinned), presented.split()[0], fingerprint(presented)))


def management_access_works(transport, management_user, key_file):
    """True when the control node's management key already logs in (an enrolled device)."""
    if not key_file:
        return False
    try:
        transport.auth_publickey(management_user, paramiko.PKey.from_path(key_file))
    except (paramiko.AuthenticationException, paramiko.SSHException, OSError):
        return False
    return transport.is_authenticated()


def authenticate(transport, user, password=None, key_file=None):
    try:
        if key_file:
            transport.auth_publickey(user, paramiko.PKey.from_path(key_file))
        elif password:
            transport.auth_password(user, password)
        else:
            raise RegistryError("first contact needs login_password (one-time password) or login_key_file")
    except paramiko.AuthenticationException:
        raise RegistryError("authentication of %s on the device was refused: check the one-time password or key the technician gave" % user)
    except paramiko.SSHException as exc:
        raise RegistryError("SSH authentication failed: %s" % exc)


def install_account(transport, login_user, password, management_user, public_key, dry_run, timeout=120, lock_user=""):
    """Run the account script as root (sudo with the same one-time password). Returns changed.

    ``lock_user``: account whose password is locked once the management access is in place.
    """
    script = _ACCOUNT_SCRIPT % {"user": shlex.quote(management_user), "key": shlex.quote(public_key),
                                "dry": "1" if dry_run else "0", "sudoers": SUDOERS_FILE,
                                "lock": shlex.quote(lock_user)}
    command = "sh -c %s" % shlex.quote(script)
    if login_user != "root":
        command = ("sudo -S -p '' " if password else "sudo -n ") + command
    channel = transport.open_session(timeout=timeout)
    channel.settimeout(timeout)
    channel.exec_command(command)
    if password and login_user != "root":
        channel.sendall((password + "\n").encode())  # sudo reads it on stdin, never on a command line
    channel.shutdown_write()
    out = channel.makefile("rb").read().decode(errors="replace")
    err = channel.makefile_stderr("rb").read().decode(errors="replace")
    status = channel.recv_exit_status()
    if status != 0 or "amane-changed=" not in out:
        raise RegistryError("installing the management account failed (exit %d): %s" % (status, err.strip()[-300:] or out.strip()[-300:]))
    return "amane-changed=1" in out
