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
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
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
  idle_minutes:
    description:
      - Minutes of inactivity after which the endpoint_hardening role locks the session (S4). The idle-lock
        check (PO-S4) then judges against these minutes, what the role enforces.
      - Refused when longer than the posture gate's C(session_idle_max_minutes) (in O(posture_options), else
        the gate's default, 15), since the gate would quarantine every laptop the role converges.
      - Left out, the check judges against O(posture_options)'s C(session_idle_max_minutes).
    type: int
  baseline:
    description:
      - Overrides of the workstation baseline (EH-16..EH-22, CIS Debian Linux 12 v1.1.0 Level 1 -
        Workstation and ANSSI BP-028), by section - C(kernel_sysctl), C(network_sysctl),
        C(coredump_sysctl), C(sshd), C(login_defs) (mappings merged with the defaults), C(umask),
        C(file_modes), C(unneeded_packages) (replaced whole).
      - The defaults are in C(plugins/module_utils/audit/checks_baseline.py); the result's RV(baseline)
        is what was audited, and what the endpoint_hardening role enforces.
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
  description:
    - Ids of the controls an enforcing role must apply - fail, error and waived. The endpoint_hardening
      role runs only the concerns of these controls (audit first), then audits again.
  returned: always
  type: list
  elements: str
intrusion_packages:
  description:
    - The intrusion-tool package globs the M9b check looked for (C(intrusion_packages) in O(posture_options), else the
      catalogue's deny-list) - the list the endpoint_hardening role purges on issued laptops, so it purges what it audits.
  returned: always
  type: list
  elements: str
baseline:
  description: The workstation baseline audited (the defaults merged with O(baseline)); the role renders its files from it.
  returned: always
  type: dict
"""

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_baseline

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_endpoint

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_posture

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, module_command_runner, refuse_bad_input,
    run_checks,
)

try:  # the antivirus area may be audited here too when its checks exist
    from ansible_collections.amane.telework.plugins.module_utils.audit import checks_antivirus  # noqa: F401  # pylint: disable=unused-import
except ImportError:
    pass

# The checks' defaults are the options' defaults: one value, whether the module or a unit test
# calls the checks (tests/unit/roles/test_role_defaults.py holds the role's defaults to them too).
DEFAULTS = checks_endpoint.DEFAULTS
ENDPOINT_OPTIONS = tuple(DEFAULTS)


# (lowest, highest, why) of the whole-number options. pwquality knows four character classes; a
# faillock_deny of 0 would demand no lockout at all (S2).
NUMBER_BOUNDS = {
    "pwquality_minlen": (0, 128, "characters"),
    "pwquality_minclass": (0, 4, "pwquality knows four character classes"),
    "faillock_deny": (1, 100, "0 would demand that accounts are never locked"),
    "max_update_age_days": (0, 365, "days since the last unattended upgrade"),
}


def idle_minutes_errors(idle_minutes, posture_options):
    """The lock the role enforces must fit the gate's limit (playbooks/posture.yml reads the same
    posture options): a longer one passes the laptop's own audit and is quarantined by the gate."""
    if idle_minutes is None:
        return []
    problem = values.integer("idle_minutes", idle_minutes, *checks_posture.OPTION_BOUNDS["session_idle_max_minutes"])
    if problem:
        return [problem]
    gate = posture_options.get("session_idle_max_minutes")
    if not isinstance(gate, int) or isinstance(gate, bool):
        gate = checks_posture.DEFAULTS["session_idle_max_minutes"]  # a bad value is named by mapping_errors
    if idle_minutes > gate:
        return ["idle_minutes: %d minutes is longer than the posture gate's session_idle_max_minutes (%d): the gate "
                "would quarantine every laptop locked after %d minutes; give %d or less (endpoint_hardening_idle_minutes), "
                "or raise session_idle_max_minutes in amane_posture_options" % (idle_minutes, gate, idle_minutes, gate)]
    return []


def bad_input(params):
    known_areas = {entry.get("area") for entry in CONTROLS.values()}
    errors = ["areas: %s is not a catalogue area; use one of %s" % (area, ", ".join(sorted(known_areas)))
              for area in params["areas"] if area not in known_areas]
    # disabled and waivers name controls of the audited areas (else they switch off or waive nothing);
    # with an unknown area the whole catalogue is the scope, so the other mistakes are still named
    ids = [cid for cid, entry in CONTROLS.items() if entry.get("area") in params["areas"]] if not errors else CONTROLS
    errors += audit_input_errors(params, CONTROLS, ids, "a control of the audited areas (%s)" % ", ".join(params["areas"]))
    errors += checks_posture.mapping_errors(params["posture_options"], "posture_options.")
    errors += idle_minutes_errors(params.get("idle_minutes"), params["posture_options"])
    for name, bounds in sorted(NUMBER_BOUNDS.items()):
        if params[name] < 0:
            errors.append("%s: %d is negative; give 0 or more" % (name, params[name]))
        else:
            errors.append(values.integer(name, params[name], *bounds))
    # Account and group names are matched against /etc/passwd, /etc/group and PAM lines; the
    # services are passed to systemctl; the marker is searched in /etc/issue: none may be blank
    # (a blank marker is found in every file) or carry a newline or an option. A caller that
    # leaves one out (the checks' tests) gets the checks' default.
    given = dict(checks_endpoint.DEFAULTS, **{k: v for k, v in params.items() if k in checks_endpoint.DEFAULTS})
    for field in ("management_accounts", "admin_groups"):
        errors += [values.account("%s[%d]" % (field, index), name) for index, name in enumerate(given[field])]
    errors += [values.unit_name("protected_services[%d]" % index, unit) for index, unit in enumerate(given["protected_services"])]
    errors.append(values.text("banner_marker", given["banner_marker"]))
    errors += checks_baseline.baseline_errors(params.get("baseline") or {})
    return [error for error in errors if error]


def audit(params, snapshot, host):
    ids = sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") in params["areas"])
    results = run_checks(CONTROLS, snapshot, control_ids=ids, profile=params["profile"],
                         disabled=params["disabled"], waivers=params["waivers"])
    outcome = audit_module_result("endpoint", host, params["profile"], results, checked_at=snapshot.now)
    outcome["baseline"] = checks_baseline.baseline_of(snapshot)
    outcome["intrusion_packages"] = list(checks_posture.option(snapshot, "intrusion_packages"))
    return outcome


def main():
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "profile": {"type": "str", "choices": ["issued", "byod"], "default": "issued"},
            "areas": {"type": "list", "elements": "str", "default": ["endpoint", "posture"]},
            "management_accounts": {"type": "list", "elements": "str", "default": DEFAULTS["management_accounts"]},
            "admin_groups": {"type": "list", "elements": "str", "default": DEFAULTS["admin_groups"]},
            "protected_services": {"type": "list", "elements": "str", "default": DEFAULTS["protected_services"]},
            "removable_media": {"type": "str", "choices": ["block", "scan", "allow"], "default": DEFAULTS["removable_media"]},
            "pwquality_minlen": {"type": "int", "default": DEFAULTS["pwquality_minlen"]},
            "pwquality_minclass": {"type": "int", "default": DEFAULTS["pwquality_minclass"]},
            "faillock_deny": {"type": "int", "default": DEFAULTS["faillock_deny"]},
            "max_update_age_days": {"type": "int", "default": DEFAULTS["max_update_age_days"]},
            "end_of_day": {"type": "bool", "default": DEFAULTS["end_of_day"]},
            "banner_marker": {"type": "str", "default": DEFAULTS["banner_marker"]},
            "posture_options": {"type": "dict", "default": {}},
            "idle_minutes": {"type": "int"},
            "baseline": {"type": "dict", "default": {}},
            "root": {"type": "path", "default": "/"},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    check_params = dict(params["posture_options"])
    check_params.update({name: params[name] for name in ENDPOINT_OPTIONS})
    if params["idle_minutes"] is not None:
        check_params["session_idle_max_minutes"] = params["idle_minutes"]  # the lock the role enforces
    check_params["baseline"] = params["baseline"]
    check_params["profile"] = params["profile"]  # what an issued laptop keeps in place (EH-08's guard, EH-09's staged lock)
    snapshot = HostSnapshot(root=params["root"], params=check_params, run_command=module_command_runner(module))
    result = audit(params, snapshot, params["host"] or socket.gethostname())
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
