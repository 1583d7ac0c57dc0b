#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only audit of a teleworker's laptop: one result per endpoint and posture control."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: endpoint_audit
short_description: Audit a teleworker's laptop against the Amane endpoint controls (guide 5.2, 6)
version_added: "0.1.0"
description:
  - Runs the catalogue controls of the areas in O(areas) (by default the endpoint controls C(EH-NN)
    and the posture gate controls C(PO-*)) and returns one result per control, C(pass), C(fail),
    C(not_applicable), C(waived) or C(error), with evidence, in the host report shape
    C(amane.audit/1) documented in C(docs/results.md).
  - Controls that do not apply to O(profile) and controls in O(disabled) are reported as
    C(not_applicable), so reports always show every control.
  - A waiver turns a C(fail) into C(waived) until its C(expires) date has passed; an expired waiver
    is shown but no longer counts.
  - Read-only. It changes nothing, in check mode or not; the only commands it runs are
    C(systemctl show), C(nft -j list ruleset) and C(apt-get -s dist-upgrade).
author: Amane maintainers
extends_documentation_fragment:
  - amane.telework.audit
options:
  profile:
    description: C(issued) (the administration's laptop) or C(byod) (a personal computer).
    type: str
    choices: [issued, byod]
    default: issued
  areas:
    description: Catalogue areas audited.
    type: list
    elements: str
    default: [endpoint, posture]
  management_accounts:
    description: Accounts of the IT unit that must never be locked out and may hold admin rights.
    type: list
    elements: str
    default: [root]
  admin_groups:
    description: Groups that grant sudo.
    type: list
    elements: str
    default: [sudo]
  protected_services:
    description: systemd units that must be active and enabled (firewall, antivirus, VPN, journal).
    type: list
    elements: str
    default: [nftables.service, systemd-journald.service]
  removable_media:
    description: Removable storage policy the laptop must follow.
    type: str
    choices: [block, scan, allow]
    default: block
  pwquality_minlen:
    description: Smallest acceptable pam_pwquality minlen.
    type: int
    default: 12
  pwquality_minclass:
    description: Smallest acceptable pam_pwquality minclass.
    type: int
    default: 3
  faillock_deny:
    description: Largest acceptable number of failures before pam_faillock locks an account.
    type: int
    default: 5
  max_update_age_days:
    description: Days after which the last successful unattended upgrade is too old.
    type: int
    default: 7
  end_of_day:
    description: Whether the end-of-day log-out/shutdown timer is required.
    type: bool
    default: false
  banner_marker:
    description: Text the login banners must contain.
    type: str
    default: Amane telework charter
  posture_options:
    description: Options of the posture checks (same names as the options of M(amane.telework.posture)).
    type: dict
    default: {}
  root:
    description: Directory read instead of C(/) (tests). Commands still run on the host.
    type: path
    default: /
"""

EXAMPLES = r"""
- name: Audit a personal computer (changes nothing)
  amane.telework.endpoint_audit:
    profile: byod
    waivers:
      EH-15:
        justification: replacement laptop ordered
        approver: rssi@example.gov.ma
        expires: "2026-12-31"
  register: audit
"""

RETURN = r"""
audit:
  description: Host report (schema amane.audit/1), one result per control, see docs/results.md.
  returned: always
  type: dict
compliant:
  description: True when no control is fail or error.
  returned: always
  type: bool
failed_controls:
  description: Ids of the controls that are fail or error.
  returned: always
  type: list
  elements: str
"""

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils import checks_endpoint, checks_posture
from ansible_collections.amane.telework.plugins.module_utils.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.engine import (
    AUDIT_ARGUMENT_SPEC, host_report, HostSnapshot, module_command_runner, refuse_bad_input, run_checks,
    validate_waivers,
)

try:  # the antivirus area may be audited here too when its checks exist
    from ansible_collections.amane.telework.plugins.module_utils import checks_antivirus  # noqa: F401
except ImportError:
    pass

ENDPOINT_OPTIONS = tuple(checks_endpoint.DEFAULTS)


def bad_input(params):
    errors = validate_waivers(params["waivers"], CONTROLS)
    known_areas = {entry.get("area") for entry in CONTROLS.values()}
    for area in params["areas"]:
        if area not in known_areas:
            errors.append("areas: %s is not a catalogue area; use one of %s" % (area, ", ".join(sorted(known_areas))))
    for control_id in params["disabled"]:
        if control_id not in CONTROLS:
            errors.append("disabled: %s is not a control id; use an id from the catalogue" % control_id)
    for name in params["posture_options"]:
        if name not in checks_posture.DEFAULTS:
            errors.append("posture_options.%s: unknown option; use one of %s" % (name, ", ".join(sorted(checks_posture.DEFAULTS))))
    for name in ("pwquality_minlen", "pwquality_minclass", "faillock_deny", "max_update_age_days"):
        if params[name] < 0:
            errors.append("%s: %d is negative; give 0 or more" % (name, params[name]))
    return errors


def audit(params, snapshot, host):
    ids = sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") in params["areas"])
    results = run_checks(CONTROLS, snapshot, control_ids=ids, profile=params["profile"],
                         disabled=params["disabled"], waivers=params["waivers"])
    report = host_report(host, params["profile"], results, checked_at=snapshot.now)
    failed = [r["id"] for r in results if r["status"] in ("fail", "error")]
    return {"audit": report, "compliant": not failed, "failed_controls": failed}


def main():
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "profile": {"type": "str", "choices": ["issued", "byod"], "default": "issued"},
            "areas": {"type": "list", "elements": "str", "default": ["endpoint", "posture"]},
            "management_accounts": {"type": "list", "elements": "str", "default": ["root"]},
            "admin_groups": {"type": "list", "elements": "str", "default": ["sudo"]},
            "protected_services": {"type": "list", "elements": "str", "default": ["nftables.service", "systemd-journald.service"]},
            "removable_media": {"type": "str", "choices": ["block", "scan", "allow"], "default": "block"},
            "pwquality_minlen": {"type": "int", "default": 12},
            "pwquality_minclass": {"type": "int", "default": 3},
            "faillock_deny": {"type": "int", "default": 5},
            "max_update_age_days": {"type": "int", "default": 7},
            "end_of_day": {"type": "bool", "default": False},
            "banner_marker": {"type": "str", "default": "Amane telework charter"},
            "posture_options": {"type": "dict", "default": {}},
            "root": {"type": "path", "default": "/"},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    check_params = dict(params["posture_options"])
    check_params.update({name: params[name] for name in ENDPOINT_OPTIONS})
    snapshot = HostSnapshot(root=params["root"], params=check_params, run_command=module_command_runner(module))
    result = audit(params, snapshot, params["host"] or socket.gethostname())
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
