#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Move a device through its states, with who and why in the history (guide E1, C5, S20)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: registry_transition
short_description: Approve, reject, activate, quarantine or offboard a device in the Amane registry
version_added: "0.1.0"
description:
  - "Allowed: requested -> approved (C(approve)) or offboarded (C(reject)); approved or quarantined ->
    active (C(activate)); active -> quarantined (C(quarantine)); any -> offboarded (C(offboard))."
  - C(activate) is refused unless the device is approved, its owner accepted the charter and its
    last posture result is compliant (E1, M16, M10).
  - An offboarded device never comes back; enroll it again (new record, new id).
  - C(offboard) and C(reject) release the VPN address into its quarantine delay; C(offboard) can
    also record that the equipment was returned (S20) and that a wipe of the work data was asked.
  - Every change appends C(actor) and C(reason) to the history. Already in the target state means
    no change. Check mode rolls the write back.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.registry
  - amane.telework.registry_location
  - ansible.builtin.action_common_attributes.actiongroups
requirements:
  - netaddr on the controller (the address pools, on approval)
options:
  actor:
    description: Who decides (security officer's id), written to the history.
    type: str
    required: true
  device_id:
    description: Device id (C(dev-0001)). One of O(device_id) and O(hostname) is required.
    type: str
  hostname:
    description: Host name of the live record, instead of O(device_id).
    type: str
  action:
    description: What to do.
    type: str
    required: true
    choices: [approve, reject, activate, quarantine, offboard]
  reason:
    description: Why, in words an auditor understands; required by every action.
    type: str
    required: true
  equipment_returned:
    description: With C(offboard), record that the issued equipment came back (S20).
    type: bool
    default: false
  wipe_requested:
    description: With C(offboard), record that the work data on the device was to be wiped.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: The security officer approves the device
  amane.telework.registry_transition:
    registry_path: inventories/lab/registry.sqlite
    hostname: pc-byod-1
    action: approve
    actor: rssi-finances
    reason: charter signed, posture compliant, manager agreed
  delegate_to: localhost

- name: End telework and record the laptop's return
  amane.telework.registry_transition:
    device_id: dev-0001
    action: offboard
    actor: rssi-finances
    reason: end of telework agreement
    equipment_returned: true
  delegate_to: localhost
"""

RETURN = r"""
device:
  description: The record after the change.
  returned: success
  type: dict
  sample: {device_id: dev-0001, state: approved, approved_by: rssi-finances}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.registry import ipam

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as registry_fields
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from ansible_collections.amane.telework.plugins.module_utils.registry.module import (
    REGISTRY_ARGS, open_from_params, public, refuse_before_opening,
)


def apply(registry, params):
    record = registry.find(device_id=params["device_id"], hostname=params["hostname"])
    extra = {"wipe_requested": 1} if params["action"] == "offboard" and params["wipe_requested"] else None
    record, changed = registry.transition(record["device_id"], params["action"], params["actor"], params["reason"], extra=extra)
    if params["action"] in ("offboard", "reject"):  # both end in offboarded: the address enters its quarantine
        changed = ipam.release(registry, record["device_id"]) or changed
        if params["action"] == "offboard" and params["equipment_returned"]:
            changed = registry.record_equipment_return(record["device_id"], params["actor"])[1] or changed
        record = registry.get(record["device_id"])
    return record, changed


def check_offboard_only(params):
    """equipment_returned and wipe_requested are recorded by offboard alone: given with another
    action they would be dropped without a word, and the officer would believe them recorded."""
    for option in ("equipment_returned", "wipe_requested"):
        if params[option] and params["action"] != "offboard":
            raise registry_fields.FieldError(option, "is recorded only with action offboard, not %s; "
                                             "leave it out or offboard the device" % params["action"])


def main():
    argument_spec = dict(
        REGISTRY_ARGS,
        device_id={"type": "str"},
        hostname={"type": "str"},
        action={"type": "str", "required": True, "choices": ["approve", "reject", "activate", "quarantine", "offboard"]},
        reason={"type": "str", "required": True},
        equipment_returned={"type": "bool", "default": False},
        wipe_requested={"type": "bool", "default": False},
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_one_of=[("device_id", "hostname")], mutually_exclusive=[("device_id", "hostname")])
    refuse_before_opening(module, lambda: registry_fields.check_free_text("reason", module.params["reason"]),
                          lambda: check_offboard_only(module.params))
    registry = open_from_params(module)
    try:
        with registry.transaction(rollback=module.check_mode):
            record, changed = apply(registry, module.params)
    except RegistryError as exc:
        module.fail_json(msg=str(exc))
    finally:
        registry.close()
    module.exit_json(changed=changed, device=public(record))


if __name__ == "__main__":
    main()
