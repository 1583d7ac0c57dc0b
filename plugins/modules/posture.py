#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The posture gate (guide M9, M10): run on the device, change nothing, say whether it may connect."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: posture
short_description: Check a teleworker's device against the VPN posture gate (guide M9, M10)
version_added: "0.1.0"
description:
  - Runs every catalogue control marked C(gates_vpn) on the device and returns the host report
    (schema C(amane.audit/1), see C(docs/results.md)), whether the device is compliant, the ids of
    the controls that failed and one readable reason per failure.
  - Read-only; it changes nothing and behaves the same in check mode.
  - C(M9a) operating system has no pending security update (one offline C(apt-get -s dist-upgrade)
    over the local package lists, which must be younger than O(max_apt_lists_age_days));
    antivirus installed with signatures in C(/var/lib/clamav) younger than O(av_max_age_days)
    (header build time of .cvd/.cld, else file mtime); a browser of O(browsers) installed with no
    pending upgrade.
  - C(M9b) no package matching O(intrusion_packages) in the dpkg status file and no program of
    O(intrusion_binaries) in the system bin directories or users' C(~/.local/bin).
  - C(M9c) rule, no file or folder whose name matches O(work_data_patterns) (case-insensitive) under
    a user's home directory (C(/home/*) and accounts with uid 1000 or more) outside the folders of
    O(work_data_allowed_dirs) (relative to the home, the encrypted or synced work vault). The walk
    does not follow symbolic links and stops after O(work_data_scan_limit) entries, in which case the
    result is C(error), never C(pass).
  - C(S4) idle lock, with a GNOME desktop, the dconf idle-delay (at most O(session_idle_max_minutes)),
    lock-enabled and lock-delay are set and locked system-wide; on every host a readonly shell
    C(TMOUT) no longer than the same minutes.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
  - amane.telework.audit
options:
  profile:
    description: Device profile written in the report; controls that do not apply to it are not_applicable.
    type: str
    choices: [issued, byod]
    default: issued
  max_pending_security_updates:
    description: Pending security updates tolerated.
    type: int
    default: 0
  max_apt_lists_age_days:
    description: Age in days beyond which the apt package lists are too old to trust.
    type: int
    default: 7
  av_max_age_days:
    description: Age in days beyond which antivirus signatures are stale.
    type: int
    default: 7
  av_packages:
    description: Packages any one of which counts as the antivirus.
    type: list
    elements: str
    default: [clamav, clamav-daemon]
  browsers:
    description: Browser packages, at least one of which must be installed and current.
    type: list
    elements: str
    default: [firefox-esr, chromium, firefox, google-chrome-stable]
  intrusion_packages:
    description: Package name patterns (shell globs) that must not be installed; defaults to the built-in deny-list.
    type: list
    elements: str
  intrusion_binaries:
    description: Program names that must not be found on PATH or in users' C(~/.local/bin); defaults to the built-in list.
    type: list
    elements: str
  work_data_patterns:
    description: File-name globs (case-insensitive) that mark work data.
    type: list
    elements: str
    default: ["*.amane-work", "*confidentiel*", "*diffusion-restreinte*", "*diffusion restreinte*"]
  work_data_allowed_dirs:
    description: Folders, relative to each home directory, where work data may be kept.
    type: list
    elements: str
    default: [.amane-vault]
  work_data_scan_limit:
    description: Maximum entries walked in home directories before the M9c check gives up with an error.
    type: int
    default: 50000
  session_idle_max_minutes:
    description: Longest idle time, in minutes, before the session must lock.
    type: int
    default: 15
  options:
    description:
      - The options above as one mapping, which wins over them - how playbooks pass the fleet's
        C(amane_posture_options) (C(playbooks/posture.yml), the report, and the endpoint_hardening
        role's audit read the same mapping, so the gate quarantines for what the role purges).
    type: dict
    default: {}
  root:
    description: Directory read instead of C(/) (tests and offline images). Commands still run on the host.
    type: path
    default: /
"""

EXAMPLES = r"""
- name: Check the device before it may connect
  amane.telework.posture:
    profile: byod
    waivers:
      PO-S4:
        justification: kiosk without screen saver until replacement
        approver: rssi@example.gov.ma
        expires: "2026-12-31"
  register: posture

- name: Show why the device is refused
  ansible.builtin.debug:
    var: posture.reasons
  when: not posture.compliant
"""

RETURN = r"""
audit:
  description: Host report in the amane.audit/1 shape (docs/results.md), one result per gate control.
  returned: always
  type: dict
compliant:
  description: True when no gate control is fail or error.
  returned: always
  type: bool
failed_controls:
  description:
    - Ids of the gate controls that are fail or error (the C(failed) list of the posture contract).
    - Named C(failed_controls) because Ansible reads a true C(failed) key as a task failure and
      overwrites it under C(failed_when); the task itself succeeds whether or not the device complies.
  returned: always
  type: list
  elements: str
  sample: [PO-M9B]
msg:
  description: One line saying whether the device may connect.
  returned: always
  type: str
reasons:
  description: One line per failed control, naming its clauses and the evidence.
  returned: always
  type: list
  elements: str
  sample: ["failed M9b: nmap installed"]
not_assessed:
  description:
    - "The gate controls of this profile that did not decide the verdict, each as C(<id> disabled) or
      C(<id> waived): the registry stores them with the verdict, so a pass is never mistaken for a full one."
    - "When no gate control of the profile was assessed at all (every one disabled or waived), the
      gate is empty and the device is not compliant (reason C(gate emptied)): an empty gate admits nobody."
  returned: always
  type: list
  elements: str
  sample: ["PO-M9A-AV disabled", "PO-M9B waived"]
enforce_controls:
  description: Ids of the controls an enforcing role must apply (fail, error and waived); the roles run only their concerns (audit first).
  returned: always
  type: list
  elements: str
"""

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_posture
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, module_command_runner,
    refuse_bad_input, registered_checks, run_checks,
)

try:  # other areas may register gate checks; their absence must not break the gate
    from ansible_collections.amane.telework.plugins.module_utils.audit import checks_antivirus  # noqa: F401  # pylint: disable=unused-import
except ImportError:
    pass

CHECK_OPTIONS = tuple(checks_posture.DEFAULTS)  # every check option; their defaults are its DEFAULTS


def gate_controls(catalogue=None, checks=None):
    """Ids of the gate controls (gates_vpn) that have a check in this build."""
    catalogue = CONTROLS if catalogue is None else catalogue
    checks = registered_checks() if checks is None else checks
    return sorted(cid for cid, entry in catalogue.items() if entry.get("gates_vpn") and cid in checks)


def evaluate(params, snapshot, host, profile):
    disabled = params.get("disabled") or ()
    results = run_checks(
        CONTROLS, snapshot, control_ids=gate_controls(), profile=profile,
        disabled=disabled, waivers=params.get("waivers") or {},
    )
    outcome = audit_module_result("posture", host, profile, results, checked_at=snapshot.now)
    applicable = [r for r in results if profile in CONTROLS[r["id"]].get("profiles", ())]
    outcome["not_assessed"] = ["%s %s" % (r["id"], "disabled" if r["id"] in disabled else "waived")
                               for r in applicable if r["id"] in disabled or r["status"] == "waived"]
    if applicable and len(outcome["not_assessed"]) == len(applicable):
        # Every gated control switched off or waived: a gate with nothing in it would admit anyone.
        outcome.update(compliant=False, msg="posture not compliant: gate emptied")
        outcome["reasons"] = outcome["reasons"] + [
            "error M9/M10: gate emptied: every gate control of the %s profile is disabled or waived (%s); keep at "
            "least one assessed (amane_posture_disabled, amane_posture_waivers)" % (profile, ", ".join(outcome["not_assessed"]))]
    return outcome


def bad_input(params):
    # disabled and waivers name gate controls only: any other id would switch off or waive nothing
    errors = audit_input_errors(params, CONTROLS, gate_controls(), "a gate control")
    return errors + checks_posture.option_errors(params) + checks_posture.mapping_errors(params.get("options") or {}, "options.")


def check_params(params):
    """The checks' options: each from O(options), else its own parameter (whose default is the catalogue's)."""
    merged = {name: params[name] for name in CHECK_OPTIONS}
    merged.update((name, value) for name, value in (params.get("options") or {}).items() if name in CHECK_OPTIONS)
    return merged


def str_list(name):
    return {"type": "list", "elements": "str", "default": list(checks_posture.DEFAULTS[name])}


def integer(name):
    return {"type": "int", "default": checks_posture.DEFAULTS[name]}


def main():
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "profile": {"type": "str", "choices": ["issued", "byod"], "default": "issued"},
            "max_pending_security_updates": integer("max_pending_security_updates"),
            "max_apt_lists_age_days": integer("max_apt_lists_age_days"),
            "av_max_age_days": integer("av_max_age_days"),
            "av_packages": str_list("av_packages"),
            "browsers": str_list("browsers"),
            "intrusion_packages": {"type": "list", "elements": "str"},
            "intrusion_binaries": {"type": "list", "elements": "str"},
            "work_data_patterns": str_list("work_data_patterns"),
            "work_data_allowed_dirs": str_list("work_data_allowed_dirs"),
            "work_data_scan_limit": integer("work_data_scan_limit"),
            "session_idle_max_minutes": integer("session_idle_max_minutes"),
            "options": {"type": "dict", "default": {}},
            "root": {"type": "path", "default": "/"},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    snapshot = HostSnapshot(
        root=params["root"], params=check_params(params), run_command=module_command_runner(module),
    )
    result = evaluate(params, snapshot, params["host"] or socket.gethostname(), params["profile"])
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
