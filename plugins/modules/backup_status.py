#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup status and audit (guide A9, A5): read-only view of the amane-backup status files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: backup_status
short_description: Report last good backup (RPO), size, verification and restore drill (RTO) per database
version_added: "0.1.0"
description:
  - Reads the status files that C(amane-backup) (role C(amane.telework.backup)) writes under
    O(status_dir), one per database, and returns per database the last good backup time and its
    age (RPO), its size, the last integrity check, the last restore drill and its duration (RTO).
  - Also returns the host report (schema C(amane.audit/1), see C(docs/results.md)) of the backup
    controls BK-01 (A9 recent good backup), BK-02 (A9 integrity check), BK-03 (A5 restore drill).
  - Read-only; it changes nothing and behaves the same in check mode. Never returns a secret,
    since the status files hold none.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
  - amane.telework.audit
options:
  status_dir:
    description: Directory of the status files.
    type: path
    default: /var/lib/amane/backup
  max_age_hours:
    description: Oldest acceptable last good backup, in hours (the RPO target). At least 1.
    type: int
    default: 26
  max_verify_age_days:
    description: Oldest acceptable successful integrity check, in days. At least 1.
    type: int
    default: 8
  max_drill_age_days:
    description: Oldest acceptable successful restore drill, in days. At least 1.
    type: int
    default: 8
"""

EXAMPLES = r"""
- name: Backup figures for the continuity plan
  amane.telework.backup_status:
    max_age_hours: 26
  register: backup

- name: Show the RPO of each database
  ansible.builtin.debug:
    msg: "{{ item.engine }}/{{ item.database }}: {{ item.rpo_hours }} h, drill {{ item.rto_seconds }} s"
  loop: "{{ backup.databases }}"
"""

RETURN = r"""
databases:
  description: One entry per database status file.
  returned: always
  type: list
  elements: dict
  contains:
    engine: {description: 'postgresql, mariadb or files', type: str}
    database: {description: Database name, type: str}
    last_good_backup: {description: Finish time of the last good run (UTC ISO 8601), type: str}
    last_good_archive: {description: Archive name of that backup, type: str}
    rpo_hours: {description: Hours since the last good backup, type: float}
    size_bytes: {description: Size of the dump, type: int}
    stored_bytes: {description: New bytes that dump added to the repository after deduplication and compression, type: int}
    last_verification: {description: Time of the last integrity check, type: str}
    last_verification_ok: {description: Whether it passed, type: bool}
    last_drill: {description: Time of the last restore drill, type: str}
    last_drill_ok: {description: Whether the restored data matched the checksums taken at dump time, type: bool}
    rto_seconds: {description: Duration of the last drill's restore, type: float}
    last_failure: {description: 'Last failed run: time, run id and error', type: dict}
audit:
  description: Host report in the amane.audit/1 shape with BK-01, BK-02, BK-03.
  returned: always
  type: dict
compliant:
  description: True when no backup control is fail or error.
  returned: always
  type: bool
failed_controls:
  description: Ids of the controls that are fail or error.
  returned: always
  type: list
  elements: str
reasons:
  description: One line per failed control, naming its clauses and the evidence.
  returned: always
  type: list
  elements: str
msg:
  description: One line summary.
  returned: always
  type: str
enforce_controls:
  description: Ids of the controls an enforcing role must apply (fail, error and waived).
  returned: always
  type: list
  elements: str
"""

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_backup

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, refuse_bad_input, run_checks,
)

BACKUP_CONTROLS = sorted(k for k, v in CONTROLS.items() if v.get("area") == "backup")
THRESHOLDS = ("max_age_hours", "max_verify_age_days", "max_drill_age_days")


# Highest value of each threshold: a year. Beyond it the check's date arithmetic overflows (the
# check then errors instead of judging) and no backup could ever be too old.
THRESHOLD_LIMITS = {"max_age_hours": 366 * 24, "max_verify_age_days": 366, "max_drill_age_days": 366}


def bad_input(params):
    errors = ["%s: must be at least 1, got %s; give a positive number" % (name, params[name])
              if params[name] < 1 else values.integer(name, params[name], 1, THRESHOLD_LIMITS[name], "a year at most")
              for name in THRESHOLDS]
    errors += audit_input_errors(params, CONTROLS, BACKUP_CONTROLS, "a backup control")
    return [error for error in errors if error]


def evaluate(params, snapshot, host):
    statuses = checks_backup.load_statuses(snapshot)
    databases = [checks_backup.summarize_status(statuses[key], snapshot.now) for key in sorted(statuses)]
    results = run_checks(CONTROLS, snapshot, control_ids=BACKUP_CONTROLS, profile="server",
                         disabled=params.get("disabled") or (), waivers=params.get("waivers") or {})
    outcome = audit_module_result("backup", host, "server", results, checked_at=snapshot.now)
    outcome["databases"] = databases
    return outcome


def main():
    module = AnsibleModule(
        argument_spec={
            "status_dir": {"type": "path", "default": "/var/lib/amane/backup"},
            "max_age_hours": {"type": "int", "default": 26},
            "max_verify_age_days": {"type": "int", "default": 8},
            "max_drill_age_days": {"type": "int", "default": 8},
            **AUDIT_ARGUMENT_SPEC,
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))
    snapshot = HostSnapshot(params={k: params[k] for k in ("status_dir",) + THRESHOLDS})
    module.exit_json(changed=False, **evaluate(params, snapshot, params["host"] or socket.gethostname()))


if __name__ == "__main__":
    main()
