#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""First SSH contact with a device at enrollment: fetch/check the host key, install management access (E1)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: registry_first_contact
short_description: First SSH contact with a new device, pinning its host key (paramiko)
version_added: "0.1.0"
description:
  - Runs on the control node (C(delegate_to localhost)) and talks SSH to the device with paramiko.
  - Fetches the device's host key. When O(pinned_host_key) is given and differs, it stops with a
    message naming both fingerprints, before sending any credential.
  - Unless O(verify_only), logs in with the technician's one-time password or key and installs the
    management account O(management_user) with O(management_public_key) as its only authorized key
    and a sudo rule; idempotent (a second run changes nothing).
  - The one-time password is for one use. Once the management access is in place, the password of
    O(login_user) is locked (O(lock_login_password)).
  - When the device already has a pinned key and O(management_key_file) logs in as O(management_user),
    the management access is checked with it and no password is needed, so enrolling again is idempotent.
  - Check mode fetches and checks the key, logs in, and reports what would change without changing it.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
requirements:
  - paramiko on the controller (the first SSH connection, with the one-time password)
attributes:
  check_mode:
    support: full
    details: Connects and reads, changes nothing on the device; reports what would change.
  diff_mode:
    support: none
  platform:
    platforms: posix
options:
  address:
    description: Enrollment address of the device.
    type: str
    required: true
  port:
    description: SSH port.
    type: int
    default: 22
  pinned_host_key:
    description: Host key already pinned in the registry (C(<type> <base64>)); empty on the first contact.
    type: str
  verify_only:
    description: Only fetch and compare the host key; no login.
    type: bool
    default: false
  login_user:
    description: Account the technician set up for the enrollment (with sudo rights), or root.
    type: str
  login_password:
    description: One-time password of O(login_user) (also given to sudo). Never logged.
    type: str
  login_key_file:
    description: Private key file instead of O(login_password).
    type: path
  management_user:
    description: Management account to install.
    type: str
    default: amane
  management_public_key:
    description: Public key of the control node's management key pair (OpenSSH one-line format).
    type: str
  management_key_file:
    description:
      - Private key of that pair. On a device with a pinned host key, it is tried first, as
        O(management_user); when it logs in, the one-time password is not used.
    type: path
  lock_login_password:
    description: Lock the password of O(login_user) once the management access is installed (one-time password).
    type: bool
    default: true
  timeout:
    description: Seconds for the connection and each step.
    type: int
    default: 20
"""

EXAMPLES = r"""
- name: First contact with the new laptop
  amane.telework.registry_first_contact:
    address: 172.20.0.12
    login_user: technicien
    login_password: "{{ amane_enroll_password }}"
    management_public_key: "{{ lookup('ansible.builtin.file', '~/.ssh/amane_management.pub') }}"
  delegate_to: localhost
  register: amane_contact

- name: Check that the device still presents its pinned key
  amane.telework.registry_first_contact:
    address: "{{ ansible_host }}"
    pinned_host_key: "{{ amane_ssh_host_key }}"
    verify_only: true
  delegate_to: localhost
"""

RETURN = r"""
host_key:
  description: The host key the device presented, C(<type> <base64>), to pin in the registry.
  returned: success
  type: str
  sample: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE...
fingerprint:
  description: Its SHA256 fingerprint, to compare with the device's console.
  returned: success
  type: str
  sample: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
"""

import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.registry import ssh as registry_ssh

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.registry.fields import DNS_NAME
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError

_PUBLIC_KEY = re.compile(r"^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}( [^\n'\\]*)?$")


def check_params(params):
    # Where the connection goes and how long it may wait, before anything else is looked at.
    for problem in (values.address("address", params["address"], DNS_NAME), values.port("port", params["port"]),
                    values.integer("timeout", params["timeout"], 1, 600, "seconds to wait for the device")):
        if problem:
            return problem
    if params["verify_only"]:
        if not params["pinned_host_key"]:
            return "verify_only needs pinned_host_key (the key the registry holds for this device)"
        return None
    if not params["login_user"] or not (params["login_password"] or params["login_key_file"]):
        return "first contact needs login_user and login_password (one-time password) or login_key_file"
    if values.account("management_user", params["management_user"]):
        return "management_user %r is not a valid account name (lower-case letters, digits, '_' or '-')" % params["management_user"]
    if not params["management_public_key"] or not _PUBLIC_KEY.fullmatch(params["management_public_key"].strip()):
        return "management_public_key must be one OpenSSH public key line ('ssh-ed25519 AAAA... comment')"
    return None


def set_up_management_access(params, transport, check_mode):
    """Install (or check) the management access; returns changed."""
    key_line = params["management_public_key"].strip()
    timeout = params["timeout"] * 6
    if params["pinned_host_key"] and registry_ssh.management_access_works(
            transport, params["management_user"], params["management_key_file"]):
        # Already enrolled: the one-time password may be locked by now; the key is proof enough.
        return registry_ssh.install_account(transport, params["management_user"], None, params["management_user"],
                                            key_line, dry_run=check_mode, timeout=timeout)
    registry_ssh.authenticate(transport, params["login_user"], params["login_password"], params["login_key_file"])
    lock = params["login_user"] if params["login_password"] and params["lock_login_password"] else ""
    return registry_ssh.install_account(transport, params["login_user"], params["login_password"], params["management_user"],
                                        key_line, dry_run=check_mode, timeout=timeout, lock_user=lock)


def main():
    module = AnsibleModule(
        argument_spec={
            "address": {"type": "str", "required": True},
            "port": {"type": "int", "default": 22},
            "pinned_host_key": {"type": "str", "no_log": False},  # a public key: nothing to hide
            "verify_only": {"type": "bool", "default": False},
            "login_user": {"type": "str"},
            "login_password": {"type": "str", "no_log": True},
            "login_key_file": {"type": "path"},
            "management_user": {"type": "str", "default": "amane"},
            "management_public_key": {"type": "str"},
            "management_key_file": {"type": "path"},
            "lock_login_password": {"type": "bool", "default": True, "no_log": False},
            "timeout": {"type": "int", "default": 20},
        },
        supports_check_mode=True,
        mutually_exclusive=[("login_password", "login_key_file")],
    )
    params = module.params
    problem = check_params(params)
    if problem:
        module.fail_json(msg=problem)
    transport = None
    changed = False
    try:
        transport, host_key = registry_ssh.connect(params["address"], params["port"], params["timeout"])
        registry_ssh.check_pinned(host_key, params["pinned_host_key"], "%s:%d" % (params["address"], params["port"]))
        if not params["verify_only"]:
            changed = set_up_management_access(params, transport, module.check_mode)
    except RegistryError as exc:
        module.fail_json(msg=str(exc))
    finally:
        if transport is not None:
            transport.close()
    module.exit_json(changed=changed, host_key=host_key, fingerprint=registry_ssh.fingerprint(host_key))


if __name__ == "__main__":
    main()
