#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record a posture result and quarantine or restore the device (guide M9, M10)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: registry_posture
short_description: Store a device's posture result in the Amane registry and apply the VPN gate
version_added: "0.1.0"
description:
  - Stores the result of M(amane.telework.posture) (compliant, failed control ids, time).
  - An active device that fails is moved to C(quarantined); a quarantined device that passes goes
    back to C(active). The history records why, one line per failure
    (for example C(device pc-byod-1 failed M9b - nmap installed)).
  - C(changed) means the verdict, the failed controls or the state changed; storing a newer
    timestamp for the same verdict is not reported as a change.
  - Runs on the controller (C(delegate_to localhost)); check mode rolls the write back.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.registry
  - amane.telework.registry_location
  - ansible.builtin.action_common_attributes.actiongroups
options:
  actor:
    description: Who records the result (e.g. C(posture-run)), written to the history on a state change.
    type: str
    required: true
  device_id:
    description: Device id (C(dev-0001)).
    type: str
    required: true
  compliant:
    description: The posture module's C(compliant).
    type: bool
    required: true
  failed:
    description: The posture module's C(failed_controls).
    type: list
    elements: str
    default: []
  reasons:
    description: The posture module's C(reasons).
    type: list
    elements: str
    default: []
  not_assessed:
    description:
      - The posture module's C(not_assessed) (gate controls disabled or waived). Stored with the verdict
        and written into the history, so a pass with controls switched off is never taken for a full one.
    type: list
    elements: str
    default: []
  checked_at:
    description: When the device was checked (the report's C(checked_at), C(YYYY-MM-DDTHH:MM:SSZ)).
    type: str
    required: true
  activate_approved:
    description: Make an approved device whose owner accepted the charter active on a compliant result.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Check the device
  amane.telework.posture:
    profile: "{{ amane_device_kind }}"
  register: amane_posture_result

- name: Record it and apply the gate
  amane.telework.registry_posture:
    registry_path: inventories/lab/registry.sqlite
    actor: posture-run
    device_id: "{{ amane_device_id }}"
    compliant: "{{ amane_posture_result.compliant }}"
    failed: "{{ amane_posture_result.failed_controls }}"
    reasons: "{{ amane_posture_result.reasons }}"
    checked_at: "{{ amane_posture_result.audit.checked_at }}"
  delegate_to: localhost
"""

RETURN = r"""
device:
  description: The record after the change.
  returned: success
  type: dict
  sample: {device_id: dev-0002, state: quarantined, posture: {compliant: false, failed: [PO-M9B], checked_at: "2026-11-23T10:00:00Z"}}
previous_state:
  description: State before this result.
  returned: success
  type: str
  sample: active
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as registry_fields
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from ansible_collections.amane.telework.plugins.module_utils.registry.module import (
    REGISTRY_ARGS, open_from_params, public, refuse_before_opening,
)


def main():
    argument_spec = dict(
        REGISTRY_ARGS,
        device_id={"type": "str", "required": True},
        compliant={"type": "bool", "required": True},
        failed={"type": "list", "elements": "str", "default": []},
        reasons={"type": "list", "elements": "str", "default": []},
        not_assessed={"type": "list", "elements": "str", "default": []},
        checked_at={"type": "str", "required": True},
        activate_approved={"type": "bool", "default": True},
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    # the same check record_posture makes, before a registry is opened (see refuse_before_opening)
    refuse_before_opening(module, lambda: registry_fields.check_posture_result(
        params["compliant"], params["failed"], params["reasons"], params["not_assessed"], params["checked_at"]))
    registry = open_from_params(module)
    try:
        with registry.transaction(rollback=module.check_mode):
            before = registry.find(device_id=params["device_id"])["state"]
            record, changed = registry.record_posture(params["device_id"], params["compliant"], params["failed"],
                                                      params["reasons"], params["checked_at"], params["actor"],
                                                      activate_approved=params["activate_approved"],
                                                      not_assessed=params["not_assessed"])
    except RegistryError as exc:
        module.fail_json(msg=str(exc))
    finally:
        registry.close()
    module.exit_json(changed=changed, device=public(record), previous_state=before)


if __name__ == "__main__":
    main()
