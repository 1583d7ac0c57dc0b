# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registry rows -> inventory hosts: the host vars and groups of the inventory contract.

Kept apart from the plugin so it is tested without Ansible's inventory machinery, and kept to one
pass over the rows with no per-host query: it runs for every device at every inventory parse.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import shlex

from ansible_collections.amane.telework.plugins.module_utils.registry import COLUMNS
from ansible_collections.amane.telework.plugins.module_utils.registry_fields import FieldError, check_record

_NO_POSTURE = {"compliant": False, "checked_at": None, "failed": []}


def group_part(value):
    """administration names may hold '-', which Ansible group names may not."""
    return value.replace("-", "_")


def decode_row(row):
    record = dict(zip(COLUMNS, row, strict=False))
    for key in ("schedule", "posture"):
        if isinstance(record[key], str):
            record[key] = json.loads(record[key])
    return record


def build_hosts(rows, states, address_preference="vpn_when_active", management_user="amane",
                management_key_file=None, connection="ssh", known_hosts_file=None):
    """Returns ([(host name, host vars, group names)], [problem text])."""
    hosts, problems, seen = [], [], set()
    ssh_base = "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=%s" % shlex.quote(known_hosts_file) if known_hosts_file else None
    for row in rows:
        try:
            record = decode_row(row)
        except (ValueError, TypeError) as exc:
            problems.append("record %s: field 'schedule' or 'posture' is not valid JSON (%s)" % (row[0], exc))
            continue
        if record["state"] not in states:
            continue
        try:
            check_record(record)
        except FieldError as exc:
            problems.append("record %s: %s" % (record["device_id"], exc))
            continue
        name = record["hostname"]
        if name in seen:
            problems.append("record %s: field 'hostname': %s is already used by another live record" % (record["device_id"], name))
            continue
        seen.add(name)
        hosts.append(_host(record, address_preference, management_user, management_key_file, connection, ssh_base))
    return hosts, problems


def _host(record, address_preference, management_user, management_key_file, connection, ssh_base):
    state = record["state"]
    posture = record["posture"] or _NO_POSTURE
    posture = {"compliant": posture["compliant"], "checked_at": posture.get("checked_at"), "failed": posture.get("failed", [])}
    use_vpn = address_preference == "vpn_when_active" and state == "active" and record["vpn_address"]
    variables = {
        "ansible_host": record["vpn_address"] if use_vpn else record["enroll_address"],
        "amane_device_id": record["device_id"],
        "amane_state": state,
        "amane_administration": record["administration"],
        "amane_unit": record["unit"],
        "amane_device_kind": record["device_kind"],
        "amane_telework_kind": record["telework_kind"],
        "amane_schedule": record["schedule"],
        "amane_owner_id": record["owner_id"],
        "amane_owner_name": record["owner_name"],
        "amane_wg_public_key": record["wg_public_key"],
        "amane_vpn_address": record["vpn_address"],
        "amane_posture": posture,
        "amane_charter_version": record["charter_version"],
        "amane_ssh_host_key": record["host_key"],
    }
    if management_user:
        variables["ansible_user"] = management_user
    if management_key_file:
        variables["ansible_ssh_private_key_file"] = management_key_file
    if connection:
        variables["ansible_connection"] = connection
    if record["host_key"] and ssh_base:
        # HostKeyAlias: the key is looked up under the device id, whichever address is used.
        variables["ansible_ssh_common_args"] = "%s -o HostKeyAlias=%s" % (ssh_base, record["device_id"])
    groups = (
        "state_" + state,
        "admin_" + group_part(record["administration"]),
        "device_" + record["device_kind"],
        "telework_" + record["telework_kind"],
        "posture_compliant" if posture["compliant"] else "posture_noncompliant",
    )
    return record["hostname"], variables, groups


def known_hosts_text(hosts):
    """OpenSSH known_hosts lines '<device id> <key type> <key>' for every pinned key."""
    lines = ["%s %s\n" % (v["amane_device_id"], v["amane_ssh_host_key"]) for _, v, _ in hosts if v["amane_ssh_host_key"]]
    return "".join(lines)
