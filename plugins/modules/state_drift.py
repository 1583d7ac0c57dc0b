#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only: which of a role's concerns a host has drifted from (audit first for roles whose
concerns are files, units and packages: the VPN client, the logging client)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: state_drift
short_description: Tell which concerns of a role a host has drifted from, reading files, units and packages once
version_added: "0.1.0"
description:
  - A role describes, per concern, the state its tasks set (files with their content digest, mode
    and owner; systemd units enabled or active; Debian packages installed). This module reads that
    state on the host in one call and returns the concerns whose state differs, each with the
    reasons, so the role runs only those concerns (audit first), and can prove after they ran that
    nothing is left to do.
  - The content of a file is read only when its O(concerns[].files[].sha256) or
    O(concerns[].files[].lines) is given, and never returned; a private key is checked by mode and
    owner alone.
  - Read-only; changes nothing and behaves the same in check mode.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
options:
  concerns:
    description: The role's concerns, in the order the role runs them.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The concern's name (its task file in the role, without C(.yml)).
        type: str
        required: true
      controls:
        description: The catalogue's ids of the controls the concern enforces (its tags in the role), named with its drift.
        type: list
        elements: str
        default: []
      files:
        description: Files and directories the concern writes.
        type: list
        elements: dict
        default: []
        suboptions:
          path:
            description: Absolute path.
            type: str
            required: true
          state:
            description: What the path must be.
            type: str
            choices: [file, directory, absent]
            default: file
          sha256:
            description: SHA-256 of the content the concern writes (a template rendered on the controller, a copied file).
            type: str
          mode:
            description: The mode the concern sets, in octal as a quoted string (V("0644")).
            type: raw
          owner:
            description: The owner's account name.
            type: str
          group:
            description: The group's name.
            type: str
          lines:
            description: Whole lines the file must hold (what C(lineinfile) sets in a file the concern does not own).
            type: list
            elements: str
            default: []
      units:
        description: systemd units the concern enables or starts.
        type: list
        elements: dict
        default: []
        suboptions:
          name:
            description: Unit name with its type suffix (C(rsyslog.service)).
            type: str
            required: true
          enabled:
            description: True when the concern enables the unit (V(enabled), V(static) or an alias count as enabled).
            type: bool
          active:
            description: True when the concern starts the unit.
            type: bool
      packages:
        description: Debian packages the concern installs.
        type: list
        elements: str
        default: []
  observe_packages:
    description:
      - Debian packages the role only looks for (a concern that applies where they are installed, such as a
        database server's audit); read in the same C(dpkg-query) call and returned in RV(installed), never a drift.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Tell which concerns of the VPN client differ on the laptop
  amane.telework.state_drift:
    concerns:
      - name: client
        files:
          - path: /etc/wireguard/wg0.conf
            sha256: "{{ lookup('ansible.builtin.template', 'client.conf.j2') | hash('sha256') }}"
            mode: "0600"
            owner: root
        units:
          - {name: wg-quick@wg0.service, enabled: true, active: true}
        packages: [wireguard-tools]
  register: drift

- name: Run the client concern only where it drifted
  ansible.builtin.include_tasks: client.yml
  when: "'client' in drift.concerns"
"""

RETURN = r"""
concerns:
  description: Names of the concerns whose state differs on the host, in the order given.
  returned: always
  type: list
  elements: str
  sample: [client]
controls:
  description: The control ids of the concerns that differ, sorted.
  returned: always
  type: list
  elements: str
  sample: [LG-04]
installed:
  description: The packages among the concerns' and O(observe_packages) that are installed, sorted.
  returned: always
  type: list
  elements: str
  sample: [rsyslog]
drift:
  description: For each concern that differs, one reason per difference (path, unit or package, what was found, what is expected).
  returned: always
  type: dict
  sample: {client: ["/etc/wireguard/wg0.conf: mode 0644, expected 0600"]}
msg:
  description: One line summary.
  returned: always
  type: str
"""

import grp
import hashlib
import os
import pwd
import re
import stat

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils import values

_CONCERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# what `systemctl show` calls a unit that is enabled for the concern's purpose: a static unit
# (journald) or an alias cannot be enabled and is started by what needs it
_ENABLED = ("enabled", "enabled-runtime", "static", "alias", "generated")
_ACTIVE = ("active", "reloading")


def bad_input(params):
    """Every problem of the description, each naming its field; the host is read only when none."""
    errors = []
    seen = set()
    for index, concern in enumerate(params["concerns"]):
        where = "concerns[%d]" % index
        if not _CONCERN.fullmatch(concern["name"]):
            errors.append("%s.name: %r is not a concern name (lower-case letters, digits, '_'; its task file's name)"
                          % (where, concern["name"]))
        elif concern["name"] in seen:
            errors.append("%s.name: %r is given twice; give each concern once" % (where, concern["name"]))
        seen.add(concern["name"])
        for number, control in enumerate(concern["controls"]):
            errors.append(values.control_id("%s.controls[%d]" % (where, number), control))
        for number, entry in enumerate(concern["files"]):
            field = "%s.files[%d]" % (where, number)
            errors.append(values.absolute_path(field + ".path", entry["path"]))
            if entry["sha256"] is not None and not _SHA256.fullmatch(entry["sha256"]):
                errors.append("%s.sha256: %r is not a SHA-256 in hex (64 characters 0-9a-f, as hash('sha256') gives)"
                              % (field, entry["sha256"]))
            if entry["mode"] is not None:
                errors.append(values.file_mode(field + ".mode", entry["mode"]))
            for key in ("owner", "group"):
                if entry[key] is not None:
                    errors.append(values.account("%s.%s" % (field, key), entry[key]))
            for line_number, line in enumerate(entry["lines"]):
                if "\n" in line or "\r" in line:
                    errors.append("%s.lines[%d]: %r holds a line break; give one line per item" % (field, line_number, line))
            if entry["state"] != "file" and (entry["sha256"] is not None or entry["lines"]):
                errors.append("%s: sha256 and lines describe a file's content; the state is %s" % (field, entry["state"]))
        for number, unit in enumerate(concern["units"]):
            errors.append(values.unit_name("%s.units[%d].name" % (where, number), unit["name"]))
            if unit["enabled"] is None and unit["active"] is None:
                errors.append("%s.units[%d]: says nothing to check; give enabled, active or both" % (where, number))
        for number, package in enumerate(concern["packages"]):
            errors.append(values.package_name("%s.packages[%d]" % (where, number), package))
    for number, package in enumerate(params["observe_packages"]):
        errors.append(values.package_name("observe_packages[%d]" % number, package))
    return [error for error in errors if error]


def _name(lookup, number):
    try:
        return lookup(number)[0]
    except KeyError:
        return str(number)  # an id with no name on this host is shown as the number ls would show


def _digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            sha.update(block)
    return sha.hexdigest()


def file_reasons(entry):
    """What differs between the path and its entry, one reason each (empty when it matches). A path
    that cannot be read differs too: its concern runs, and its own task says what stops it."""
    try:
        return _file_reasons(entry)
    except OSError as exc:
        return ["%s: cannot be read (%s)" % (entry["path"], exc.strerror or exc)]


def _file_reasons(entry):
    path = entry["path"]
    try:
        # followed like the file, copy and template modules follow a link (a journal folder moved to a
        # bigger volume is a directory); a link to nothing is missing
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return [] if entry["state"] == "absent" else ["%s: missing" % path]
    if entry["state"] == "absent":
        return ["%s: present, expected absent" % path]
    kind = "directory" if stat.S_ISDIR(info.st_mode) else "file" if stat.S_ISREG(info.st_mode) else "other"
    if kind != entry["state"]:
        return ["%s: not a %s" % (path, entry["state"])]
    reasons = []
    if entry["mode"] is not None and stat.S_IMODE(info.st_mode) != int(entry["mode"], 8):
        reasons.append("%s: mode %04o, expected %s" % (path, stat.S_IMODE(info.st_mode), entry["mode"].zfill(4)))
    for key, number, lookup in (("owner", info.st_uid, pwd.getpwuid), ("group", info.st_gid, grp.getgrgid)):
        if entry[key] is not None and _name(lookup, number) != entry[key]:
            reasons.append("%s: %s %s, expected %s" % (path, key, _name(lookup, number), entry[key]))
    if entry["sha256"] is not None and _digest(path) != entry["sha256"]:
        reasons.append("%s: content differs from what the role writes" % path)
    if entry["lines"]:
        with open(path, encoding="utf-8", errors="replace") as handle:
            present = set(handle.read().split("\n"))
        reasons.extend("%s: line %r missing" % (path, line) for line in entry["lines"] if line not in present)
    return reasons


def unit_states(module, names):
    """{unit: (UnitFileState, ActiveState)}, from one systemctl call; ('', 'inactive') for an unknown unit."""
    if not names:
        return {}
    systemctl = module.get_bin_path("systemctl")
    if not systemctl:
        module.fail_json(msg="state_drift: systemctl not found; units can be read on systemd hosts only")
    rc, out, err = module.run_command([systemctl, "show", "--property=Id,UnitFileState,ActiveState", "--"] + names,
                                      environ_update={"LC_ALL": "C"})
    if rc != 0:
        module.fail_json(msg="state_drift: systemctl show failed (rc %d): %s" % (rc, err.strip()))
    blocks = [dict(line.split("=", 1) for line in block.splitlines() if "=" in line) for block in out.strip().split("\n\n")]
    if len(blocks) != len(names):
        module.fail_json(msg="state_drift: systemctl show gave %d units for %d asked" % (len(blocks), len(names)))
    # systemctl prints the units in the order asked (Id is the unit's real name: an alias shows its target)
    return {name: (blocks[index].get("UnitFileState", ""), blocks[index].get("ActiveState", "")) for index, name in enumerate(names)}


def unit_reasons(unit, state):
    file_state, active_state = state
    reasons = []
    if unit["enabled"] is not None and (file_state in _ENABLED) != unit["enabled"]:
        expected = "enabled" if unit["enabled"] else "disabled"
        reasons.append("unit %s: %s, expected %s" % (unit["name"], file_state or "not found", expected))
    if unit["active"] is not None and (active_state in _ACTIVE) != unit["active"]:
        expected = "active" if unit["active"] else "inactive"
        reasons.append("unit %s: %s, expected %s" % (unit["name"], active_state or "unknown", expected))
    return reasons


def installed_packages(module, names):
    """The names among ``names`` that dpkg has installed, from one dpkg-query call."""
    if not names:
        return set()
    dpkg_query = module.get_bin_path("dpkg-query")
    if not dpkg_query:
        module.fail_json(msg="state_drift: dpkg-query not found; packages can be read on Debian-family hosts only")
    # rc 1 names packages dpkg has never heard of: they are simply not installed
    rc, out, err = module.run_command([dpkg_query, "-W", "-f=${Package}\\t${db:Status-Status}\\n", "--"] + names,
                                      environ_update={"LC_ALL": "C"})
    if rc not in (0, 1):
        module.fail_json(msg="state_drift: dpkg-query failed (rc %d): %s" % (rc, err.strip()))
    return {fields[0] for fields in (line.split("\t") for line in out.splitlines()) if fields[-1] == "installed"}


def drift(module, concerns, observed=()):
    """({concern: reasons} for those that differ, the installed packages among theirs and ``observed``)."""
    units = sorted({unit["name"] for concern in concerns for unit in concern["units"]})
    packages = sorted({package for concern in concerns for package in concern["packages"]} | set(observed))
    states, installed = unit_states(module, units), installed_packages(module, packages)
    found = {}
    for concern in concerns:
        reasons = [reason for entry in concern["files"] for reason in file_reasons(entry)]
        reasons += [reason for unit in concern["units"] for reason in unit_reasons(unit, states[unit["name"]])]
        reasons += ["package %s: not installed" % package for package in concern["packages"] if package not in installed]
        if reasons:
            found[concern["name"]] = reasons
    return found, sorted(installed)


def main():
    file_options = {
        "path": {"type": "str", "required": True},
        "state": {"type": "str", "choices": ["file", "directory", "absent"], "default": "file"},
        "sha256": {"type": "str"},
        "mode": {"type": "raw"},
        "owner": {"type": "str"},
        "group": {"type": "str"},
        "lines": {"type": "list", "elements": "str", "default": []},
    }
    unit_options = {"name": {"type": "str", "required": True}, "enabled": {"type": "bool"}, "active": {"type": "bool"}}
    module = AnsibleModule(
        argument_spec={
            "concerns": {
                "type": "list", "elements": "dict", "required": True,
                "options": {
                    "name": {"type": "str", "required": True},
                    "controls": {"type": "list", "elements": "str", "default": []},
                    "files": {"type": "list", "elements": "dict", "default": [], "options": file_options},
                    "units": {"type": "list", "elements": "dict", "default": [], "options": unit_options},
                    "packages": {"type": "list", "elements": "str", "default": []},
                },
            },
            "observe_packages": {"type": "list", "elements": "str", "default": []},
        },
        supports_check_mode=True,
    )
    errors = bad_input(module.params)
    if errors:
        module.fail_json(msg="invalid input: " + "; ".join(errors), errors=errors)
    found, installed = drift(module, module.params["concerns"], module.params["observe_packages"])
    drifted = [concern for concern in module.params["concerns"] if concern["name"] in found]

    def named(concern):
        return concern["name"] + ("".join(" " + control for control in concern["controls"]))

    msg = ("drifted: " + "; ".join("%s (%s)" % (named(concern), ", ".join(found[concern["name"]])) for concern in drifted)
           if drifted else "every concern is in step (%d read)" % len(module.params["concerns"]))
    controls = sorted({control for concern in drifted for control in concern["controls"]})
    module.exit_json(changed=False, concerns=[concern["name"] for concern in drifted], controls=controls, drift=found,
                     installed=installed, msg=msg)


if __name__ == "__main__":
    main()
