#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only audit of the logging controls (LG-NN)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: logging_audit
short_description: Audit the journaling controls of a host (M12b, A3, A17)
description:
  - Reads the state roles/logging puts in place (audit rules, journald, forwarding, certificates,
    central store, hash chain, database audit, telework-hours configuration) and returns one
    result per LG control in the shape of docs/results.md.
  - Changes nothing; safe in check mode.
version_added: "0.1.0"
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.read_only
  - amane.telework.audit
options:
  profile:
    description: Profile of the host; controls outside it are reported not_applicable.
    type: str
    required: true
    choices: [issued, byod, gateway, server, log]
  store_dir:
    description: Central store directory (log profile).
    type: path
    default: /var/log/amane/hosts
  chain_dir:
    description: Hash chain directory (log profile).
    type: path
    default: /var/lib/amane/logchain
  chain_anchors:
    description:
      - Chain heads recorded off the log server (C(SEQ:HASH), as printed by C(amane-logchain head)).
      - LG-07 fails when an anchored entry is missing (the chain was cut) or differs (it was re-sealed),
        so root on the log server alone cannot hide either.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Audit the central journal
  amane.telework.logging_audit:
    profile: log
  register: logging_audit
"""

RETURN = r"""
audit:
  description: The host report (docs/results.md).
  returned: always
  type: dict
  sample: {"schema": "amane.audit/1", "host": "log1", "profile": "log", "summary": {"compliant": true}}
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

import re
import socket

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.amane.telework.plugins.module_utils.audit import checks_logging  # noqa: F401  # pylint: disable=unused-import
from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    AUDIT_ARGUMENT_SPEC, audit_input_errors, audit_module_result, HostSnapshot, module_command_runner, refuse_bad_input,
    run_checks,
)


def logging_ids():
    return sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") == "logging")


ANCHOR = re.compile(r"[1-9][0-9]*:[0-9a-f]{64}")


def bad_input(params):
    # every problem at once; a control this module does not run could be neither disabled nor waived
    errors = audit_input_errors(params, CONTROLS, logging_ids(), "a logging control")
    errors += ["chain_anchors: %r is not SEQ:HASH (as 'amane-logchain head' prints it)" % anchor
               for anchor in params["chain_anchors"] if not ANCHOR.fullmatch(anchor)]
    # both directories are arguments of amane-logchain: absolute, never an option
    return errors + [problem for problem in (values.absolute_path(name, params[name]) for name in ("store_dir", "chain_dir"))
                     if problem]


def main():
    module = AnsibleModule(
        argument_spec={
            **AUDIT_ARGUMENT_SPEC,
            "profile": {"type": "str", "required": True, "choices": ["issued", "byod", "gateway", "server", "log"]},
            "store_dir": {"type": "path", "default": "/var/log/amane/hosts"},
            "chain_dir": {"type": "path", "default": "/var/lib/amane/logchain"},
            "chain_anchors": {"type": "list", "elements": "str", "default": []},
        },
        supports_check_mode=True,
    )
    params = module.params
    refuse_bad_input(module, bad_input(params))

    # the engine's runner: programs resolved in /usr/sbin too, C locale, a missing one is evidence
    snapshot = HostSnapshot(params=params, run_command=module_command_runner(module))
    results = run_checks(CONTROLS, snapshot, control_ids=logging_ids(), profile=params["profile"],
                         disabled=params["disabled"], waivers=params["waivers"])
    module.exit_json(changed=False, **audit_module_result("logging", params["host"] or socket.gethostname(), params["profile"],
                                                          results, checked_at=snapshot.now))


if __name__ == "__main__":
    main()
