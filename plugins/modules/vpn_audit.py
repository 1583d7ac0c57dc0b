#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only audit of the VPN gateway (guide M7, A8, A11, A13, A17)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_audit
short_description: Audit the VPN gateway against the catalogue's VP controls
version_added: "0.1.0"
description:
  - Runs the C(vpn) controls of the catalogue (VP-01 interface up, VP-02 private key 0600 root,
    VP-03 only the WireGuard port open from outside, VP-04 forwarding denied unless declared,
    VP-05 session journal timer active) and returns the host report (schema C(amane.audit/1),
    see C(docs/results.md)).
  - Read-only; changes nothing and behaves the same in check mode. Never reads the private key's
    content, only its mode and owner.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
  - amane.telework.audit
options:
  interface:
    description: WireGuard interface of the gateway.
    type: str
    default: wg0
  port:
    description: The WireGuard UDP port, the only one expected open from outside.
    type: int
    default: 51820
"""

EXAMPLES = r"""
- name: Audit the gateway
  amane.telework.vpn_audit:
    interface: wg0
  register: audit
"""

RETURN = r"""
audit:
  description: The host report (docs/results.md shape).
  type: dict
  returned: always
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
  description: Ids of the controls an enforcing role must apply (fail, error and waived); the roles run only their concerns (audit first).
  returned: always
  type: list
  elements: str
"""

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_vpn  # noqa: F401  # pylint: disable=unused-import
from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, module_command_runner, refuse_bad_input,
    run_checks,
)


def vpn_controls(catalogue=None):
    catalogue = CONTROLS if catalogue is None else catalogue
    return sorted(cid for cid, entry in catalogue.items() if entry.get("area") == "vpn")


def bad_input(params):
    # The interface is an argument of wg (never an option: no leading '-') and names the key file;
    # the port must be a number, not a yes/no that Ansible turned into 1.
    errors = [problem for problem in (values.interface("interface", params["interface"]), values.port("port", params["port"]))
              if problem]
    return errors + audit_input_errors(params, CONTROLS, vpn_controls(), "a VPN gateway control")


def audit(snapshot, host, disabled=(), waivers=None):
    results = run_checks(CONTROLS, snapshot, control_ids=vpn_controls(), profile="gateway",
                         disabled=disabled, waivers=waivers)
    return audit_module_result("vpn gateway", host, "gateway", results)


def main():
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "interface": {"type": "str", "default": "wg0"},
            "port": {"type": "int", "default": 51820},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    snapshot = HostSnapshot(params={"interface": params["interface"], "port": params["port"]}, run_command=module_command_runner(module))
    result = audit(snapshot, params["host"] or socket.gethostname(), params["disabled"], params["waivers"])
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
