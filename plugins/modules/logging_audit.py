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
  disabled:
    description: Control ids switched off in configuration (reported not_applicable).
    type: list
    elements: str
    default: []
  waivers:
    description: Waivers by control id, each with justification, approver and expires (YYYY-MM-DD).
    type: dict
    default: {}
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
"""

import re
import socket

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.amane.telework.plugins.module_utils.audit import checks_logging  # noqa: F401  # pylint: disable=unused-import
from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import (
    HostSnapshot,
    module_command_runner,
    host_report,
    run_checks,
    validate_disabled,
    validate_waivers,
)


def logging_ids():
    return sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") == "logging")


ANCHOR = re.compile(r"[1-9][0-9]*:[0-9a-f]{64}")


def main():
    module = AnsibleModule(
        argument_spec={
            "profile": {"type": "str", "required": True, "choices": ["issued", "byod", "gateway", "server", "log"]},
            "store_dir": {"type": "path", "default": "/var/log/amane/hosts"},
            "chain_dir": {"type": "path", "default": "/var/lib/amane/logchain"},
            "chain_anchors": {"type": "list", "elements": "str", "default": []},
            "disabled": {"type": "list", "elements": "str", "default": []},
            "waivers": {"type": "dict", "default": {}},
        },
        supports_check_mode=True,
    )
    ids = logging_ids()
    # every problem at once; a waiver of a control this module does not run would waive nothing
    errors = validate_disabled(module.params["disabled"], ids, "a logging control")
    errors += validate_waivers(module.params["waivers"], CONTROLS, ids)
    errors += ["chain_anchors: %r is not SEQ:HASH (as 'amane-logchain head' prints it)" % anchor
               for anchor in module.params["chain_anchors"] if not ANCHOR.fullmatch(anchor)]
    # both directories are arguments of amane-logchain: absolute, never an option
    errors += [problem for problem in (values.absolute_path(name, module.params[name]) for name in ("store_dir", "chain_dir"))
               if problem]
    if errors:
        module.fail_json(msg="; ".join(errors))

    # the engine's runner: programs resolved in /usr/sbin too, C locale, a missing one is evidence
    snapshot = HostSnapshot(params=module.params, run_command=module_command_runner(module))
    results = run_checks(CONTROLS, snapshot, control_ids=ids, profile=module.params["profile"],
                         disabled=module.params["disabled"], waivers=module.params["waivers"])
    module.exit_json(changed=False, audit=host_report(socket.gethostname(), module.params["profile"], results))


if __name__ == "__main__":
    main()
