# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registry rows -> inventory hosts: the host vars and groups of the inventory contract.

Kept apart from the plugin so it is tested without Ansible's inventory machinery, and kept to one
pass over the rows with no per-host query: it runs for every device at every inventory parse.

Memory at 100,000 devices (bench/inventory_scale.py) shapes this file:
- rows are consumed one at a time (``iter_hosts`` takes any iterable, e.g. a database cursor), so
  the whole result set and its decoded copies never sit in memory together;
- values of small vocabularies (state, administration, unit, kinds, charter version, schedule,
  posture control ids) are one shared object per distinct value instead of one copy per host;
- machine-made values are marked trusted through ``trust`` (the plugin passes Ansible's
  ``trust_as_template``) when they match ``_PLAIN``: letters, digits and `` ._:+/=-`` only, never
  template syntax, so trusting them cannot make Ansible evaluate anything. ``ansible-inventory``
  writes a trusted string as a plain JSON string; an untrusted one becomes a
  ``{"__ansible_unsafe": ...}`` object built and copied per value, which was most of its memory
  at 100,000 devices. Text people type (owner id and name, enrollment address) stays untrusted
  whatever it holds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import shlex

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.registry.store import COLUMNS
from ansible_collections.amane.telework.plugins.module_utils.registry.fields import STATES, FieldError, check_record

# Letters, digits, space and . _ : + / = - only: no '{', so never template syntax.
_PLAIN = re.compile(r"^[A-Za-z0-9 ._:+/=-]+$")
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
# Device ids are made by the registry (dev-0001); one that is not becomes an SSH option (HostKeyAlias).
# the id the registry mints (dev-0001) and the gateway's peers file and session journal can name
_DEVICE_ID = values.DEVICE_ID


def group_part(value):
    """administration names may hold '-', which Ansible group names may not."""
    return value.replace("-", "_")


class SharedValues(object):
    """One object per distinct small-vocabulary value, shared by every host that has it."""

    def __init__(self, trust=None):
        self._trust = trust
        self._words = {}
        self._schedules = {}

    def word(self, value):
        try:
            return self._words[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: a malformed value, check_record reports it
            return value
        shared = value
        if self._trust is not None and isinstance(value, str) and _PLAIN.fullmatch(value):
            shared = self._trust(value)
        self._words[value] = shared
        return shared

    def machine(self, value):
        """A per-device value the registry made or checked (ids, addresses, keys, times): trusted when plain."""
        if self._trust is not None and isinstance(value, str) and _PLAIN.fullmatch(value):
            return self._trust(value)
        return value

    def schedule(self, text):
        """The decoded schedule, one object per distinct JSON text (a fleet has a few schedules)."""
        if not isinstance(text, str):
            return text
        try:
            return self._schedules[text]
        except KeyError:
            pass
        value = json.loads(text)
        if isinstance(value, dict) and isinstance(value.get("days"), list):
            value = {k: self.word(v) for k, v in value.items()}
            value["days"] = [self.word(d) for d in value["days"]]
        self._schedules[text] = value
        return value

    def posture(self, value):
        """The posture summary of a checked record: per-device time, shared control ids."""
        if not value:
            return {"compliant": False, "checked_at": None, "failed": []}
        failed = [self.word(f) for f in value.get("failed", [])]
        return {"compliant": value.get("compliant"), "checked_at": self.machine(value.get("checked_at")), "failed": failed}


def iter_hosts(rows, states, problems, address_preference="vpn_when_active", management_user="amane",
               management_key_file=None, connection="ssh", known_hosts_file=None, trust=None):
    """Yields (host name, host vars, group names) per loadable row; appends skipped rows' reasons to ``problems``.

    ``rows`` are tuples or lists in ``COLUMNS`` order; ``trust`` marks shared plain words trusted (see above).
    """
    shared = SharedValues(trust)
    seen = set()
    ssh_base = "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=%s" % shlex.quote(known_hosts_file) if known_hosts_file else None
    state_at = _INDEX["state"]
    for row in rows:
        if row[state_at] not in states:
            if row[state_at] not in STATES:  # not a state at all: a damaged record, said so
                problems.append("record %s: field 'state': %r is not one of %s" % (row[0], row[state_at], ", ".join(STATES)))
            continue  # not decoded at all: offboarded history stays out of the parse (C5)
        try:
            record = dict(zip(COLUMNS, row, strict=False))
            record["schedule"] = shared.schedule(record["schedule"])
            if isinstance(record["posture"], str):
                record["posture"] = json.loads(record["posture"])
        except (ValueError, TypeError) as exc:
            problems.append("record %s: field 'schedule' or 'posture' is not valid JSON (%s)" % (row[0], exc))
            continue
        try:
            check_record(record)
            if not isinstance(record["device_id"], str) or not _DEVICE_ID.fullmatch(record["device_id"]):
                raise FieldError("device_id", "%r is not a registry device id (1-64 letters, digits, '.', '_' or '-', "
                                              "starting with a letter or a digit)" % (record["device_id"],))
        except FieldError as exc:
            problems.append("record %s: %s" % (record["device_id"], exc))
            continue
        name = record["hostname"]
        if name in seen:
            problems.append("record %s: field 'hostname': %s is already used by another live record" % (record["device_id"], name))
            continue
        seen.add(name)
        yield _host(record, shared, address_preference, management_user, management_key_file, connection, ssh_base)


def build_hosts(rows, states, address_preference="vpn_when_active", management_user="amane",
                management_key_file=None, connection="ssh", known_hosts_file=None, trust=None):
    """Returns ([(host name, host vars, group names)], [problem text])."""
    problems = []
    hosts = list(iter_hosts(rows, states, problems, address_preference, management_user, management_key_file,
                            connection, known_hosts_file, trust))
    return hosts, problems


def _host(record, shared, address_preference, management_user, management_key_file, connection, ssh_base):
    word, machine = shared.word, shared.machine
    state = word(record["state"])
    posture = shared.posture(record["posture"])
    device_id = machine(record["device_id"])
    vpn_address = machine(record["vpn_address"])
    host_key = machine(record["host_key"])
    use_vpn = address_preference == "vpn_when_active" and state == "active" and vpn_address
    variables = {
        "ansible_host": vpn_address if use_vpn else record["enroll_address"],
        "amane_device_id": device_id,
        "amane_state": state,
        "amane_administration": word(record["administration"]),
        "amane_unit": word(record["unit"]),
        "amane_device_kind": word(record["device_kind"]),
        "amane_telework_kind": word(record["telework_kind"]),
        "amane_schedule": record["schedule"],
        "amane_owner_id": record["owner_id"],
        "amane_owner_name": record["owner_name"],
        "amane_wg_public_key": machine(record["wg_public_key"]),
        "amane_vpn_address": vpn_address,
        "amane_posture": posture,
        "amane_charter_version": word(record["charter_version"]),
        "amane_ssh_host_key": host_key,
        # the latest VPN handshake a gateway reported (registry_seen); None: never seen. get(): rows
        # cached by a collection older than schema 5 have no such column
        "amane_last_seen_at": machine(record.get("last_seen_at")),
    }
    if management_user:
        variables["ansible_user"] = management_user
    if management_key_file:
        variables["ansible_ssh_private_key_file"] = management_key_file
    if connection:
        variables["ansible_connection"] = connection
    if host_key and ssh_base:
        # HostKeyAlias: the key is looked up under the device id, whichever address is used.
        variables["ansible_ssh_common_args"] = machine("%s -o HostKeyAlias=%s" % (ssh_base, record["device_id"]))
    groups = (
        "state_" + state,
        "admin_" + group_part(record["administration"]),
        "device_" + record["device_kind"],
        "telework_" + record["telework_kind"],
        "posture_compliant" if posture["compliant"] else "posture_noncompliant",
    )
    return record["hostname"], variables, groups


def known_hosts_line(variables):
    """The OpenSSH known_hosts line '<device id> <key type> <key>' of one host, or None without a pinned key."""
    if variables["amane_ssh_host_key"]:
        return "%s %s\n" % (variables["amane_device_id"], variables["amane_ssh_host_key"])
    return None


def known_hosts_text(hosts):
    """known_hosts lines for every pinned key of ``hosts`` [(name, vars, groups)]."""
    return "".join(line for line in (known_hosts_line(v) for _unused, v, _unused in hosts) if line)
