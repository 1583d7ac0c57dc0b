#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only audit of the antivirus controls (AV-NN) on a teleworker's device."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: antivirus_audit
short_description: Audit ClamAV on a teleworker's device (guide S1, S8, M4, M9a, M12a)
version_added: "0.1.0"
description:
  - Runs the antivirus controls of the catalogue (C(AV-01) to C(AV-06)) on the device and returns the
    host report (schema C(amane.audit/1), see C(docs/results.md)).
  - Read-only; it changes nothing and behaves the same in check mode.
  - C(AV-01) ClamAV daemon and updater packages installed. C(AV-02) clamd and freshclam enabled and
    active (S1). C(AV-03) newest database in O(database_dir) younger than O(max_signature_age_days)
    (header build time of .cvd/.cld, else file mtime), the age is the evidence. C(AV-04) freshclam
    takes its signatures from O(mirror_url) and from no public mirror. C(AV-05) scheduled scan timer
    enabled and active, quarantine mode 0700. C(AV-06) removable media scanned on insertion under
    the C(scan) policy.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
  - amane.telework.audit
options:
  profile:
    description: Device profile; controls that do not apply to it are not_applicable.
    type: str
    choices: [issued, byod]
    default: issued
  max_signature_age_days:
    description: Age in days beyond which signatures are stale.
    type: int
    default: 7
  mirror_url:
    description: URL of the administration's signature mirror; empty makes C(AV-04) not_applicable.
    type: str
    default: ""
  database_dir:
    description: ClamAV database directory.
    type: path
    default: /var/lib/clamav
  freshclam_conf:
    description: freshclam configuration file.
    type: path
    default: /etc/clamav/freshclam.conf
  quarantine_dir:
    description: Quarantine directory of the scheduled scan.
    type: path
    default: /var/lib/amane/quarantine
  scan_timer:
    description: systemd timer of the scheduled scan.
    type: str
    default: amane-av-scan.timer
  removable_policy:
    description: S8 removable storage policy; C(block) makes C(AV-06) not_applicable, C(none) fails it.
    type: str
    choices: [scan, block, none]
    default: scan
  removable_udev_rule:
    description: udev rule that starts the removable media scan.
    type: path
    default: /etc/udev/rules.d/90-amane-av-removable.rules
  removable_unit:
    description: systemd template service of the removable media scan (in /etc/systemd/system).
    type: str
    default: amane-av-removable@.service
  root:
    description: Directory read instead of C(/) (tests and offline images). Commands still run on the host.
    type: path
    default: /
"""

EXAMPLES = r"""
- name: Audit the antivirus of a personal device (changes nothing)
  amane.telework.antivirus_audit:
    profile: byod
    max_signature_age_days: 3
  register: av

- name: Fail when signatures are stale
  ansible.builtin.assert:
    that: av.audit.summary.compliant
    fail_msg: "{{ av.reasons }}"
"""

RETURN = r"""
audit:
  description: Host report in the amane.audit/1 shape (docs/results.md), one result per AV control.
  returned: always
  type: dict
compliant:
  description: True when no antivirus control is fail or error.
  returned: always
  type: bool
failed_controls:
  description: Ids of the controls that are fail or error.
  returned: always
  type: list
  elements: str
  sample: [AV-03]
reasons:
  description: One line per failed control, naming its clauses and the evidence.
  returned: always
  type: list
  elements: str
  sample: ["failed M9a/M12a: newest signatures are 10.0 days old (amane-test.hdb; limit 7 days)"]
msg:
  description: One line summary.
  returned: always
  type: str
enforce_controls:
  description: Ids of the controls an enforcing role must apply (fail, error and waived); the roles run only their concerns (audit first).
  returned: always
  type: list
  elements: str
"""

import re
import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_antivirus

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, module_command_runner,
    refuse_bad_input, run_checks,
)

MIRROR_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s?#]*)?$")
CHECK_OPTIONS = (
    "max_signature_age_days", "mirror_url", "database_dir", "freshclam_conf", "quarantine_dir",
    "scan_timer", "removable_policy", "removable_udev_rule", "removable_unit",
)


def antivirus_controls():
    return sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") == "antivirus")


def bad_input(params):
    """Error strings naming the field and the fix; empty when the input is valid."""
    errors = audit_input_errors(params, CONTROLS, antivirus_controls(), "an antivirus control")
    if params["max_signature_age_days"] < 0:
        errors.append("max_signature_age_days: %d is negative; give 0 or more days" % params["max_signature_age_days"])
    else:  # signatures a year old protect from nothing: such a limit would pass every device
        errors.append(values.integer("max_signature_age_days", params["max_signature_age_days"], 0, 365))
    match = MIRROR_URL.fullmatch(params["mirror_url"]) if params["mirror_url"] else None
    if params["mirror_url"] and not match:
        errors.append("mirror_url: %r is not http(s)://host[:port]/path; fix the URL or leave it empty" % params["mirror_url"])
    elif match and match.group(1):
        errors.append(values.port("mirror_url port", int(match.group(1)[1:])))
    # Both unit names are passed to systemctl and the template is looked up under /etc/systemd/system:
    # an option (--host=...) or a path (../) must never get there.
    errors.append(values.unit_name("scan_timer", params.get("scan_timer", checks_antivirus.DEFAULTS["scan_timer"]), ".timer"))
    unit = params.get("removable_unit", checks_antivirus.DEFAULTS["removable_unit"])
    if not unit.endswith("@.service"):
        errors.append("removable_unit: %r must be a template unit name ending in @.service" % unit)
    else:
        errors.append(values.unit_name("removable_unit", unit, "@.service"))
    return [error for error in errors if error]


def evaluate(params, snapshot, host, profile):
    results = run_checks(
        CONTROLS, snapshot, control_ids=antivirus_controls(), profile=profile,
        disabled=params.get("disabled") or (), waivers=params.get("waivers") or {},
    )
    return audit_module_result("antivirus", host, profile, results, checked_at=snapshot.now)


def main():
    defaults = checks_antivirus.DEFAULTS
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "profile": {"type": "str", "choices": ["issued", "byod"], "default": "issued"},
            "max_signature_age_days": {"type": "int", "default": defaults["max_signature_age_days"]},
            "mirror_url": {"type": "str", "default": ""},
            "database_dir": {"type": "path", "default": defaults["database_dir"]},
            "freshclam_conf": {"type": "path", "default": defaults["freshclam_conf"]},
            "quarantine_dir": {"type": "path", "default": defaults["quarantine_dir"]},
            "scan_timer": {"type": "str", "default": defaults["scan_timer"]},
            "removable_policy": {"type": "str", "choices": list(checks_antivirus.REMOVABLE_POLICIES), "default": "scan"},
            "removable_udev_rule": {"type": "path", "default": defaults["removable_udev_rule"]},
            "removable_unit": {"type": "str", "default": defaults["removable_unit"]},
            "root": {"type": "path", "default": "/"},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    snapshot = HostSnapshot(root=params["root"], params={k: params[k] for k in CHECK_OPTIONS}, run_command=module_command_runner(module))
    result = evaluate(params, snapshot, params["host"] or socket.gethostname(), params["profile"])
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
