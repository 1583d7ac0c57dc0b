#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create or update a device record of the enrollment registry (guide E1, C1, C3, M16)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: registry_device
short_description: Create or update a teleworker's device record in the Amane registry
version_added: "0.1.0"
description:
  - Creates the live record of O(hostname) in state C(requested) (with a history entry), or updates
    the fields given. Fields left out keep their value.
  - Allocates the device's VPN address in its administration's pool when O(vpn_pools) is given
    (stable across runs; see C(plugins/module_utils/registry/ipam.py)).
  - A pinned host key is never replaced by this module; a different O(host_key) is refused.
  - Refuses bad input with the field and the fix, and then writes nothing. Runs in the controller
    (C(delegate_to localhost)). In check mode the write is made in a transaction and rolled back.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.registry
  - ansible.builtin.action_common_attributes.actiongroups
requirements:
  - netaddr on the controller (the address pools)
options:
  registry_path:
    description: SQLite registry file (created with the current schema if missing). Defaults to C(AMANE_REGISTRY_PATH).
    type: path
  registry_dsn:
    description: PostgreSQL DSN instead of O(registry_path). Defaults to C(AMANE_REGISTRY_DSN). Never logged.
    type: str
  actor:
    description: Who makes the change (technician's id), written to the history.
    type: str
    required: true
  hostname:
    description: Device host name; the inventory host name.
    type: str
    required: true
  enroll_address:
    description: Address (IP or DNS name) the control node reaches the device at before it is on the VPN.
    type: str
  owner_id:
    description: Employee id of the teleworker.
    type: str
  owner_name:
    description: Name of the teleworker (shown to the security officer at approval).
    type: str
  administration:
    description: Administration the teleworker belongs to (selects the VPN pool); lower-case.
    type: str
  unit:
    description: Unit within the administration; lower-case.
    type: str
  device_kind:
    description: C(issued) (equipment of the administration) or C(byod) (personal device).
    type: str
    choices: [issued, byod]
  telework_kind:
    description: C(partial) or C(full) telework (C1).
    type: str
    choices: [partial, full]
  schedule:
    description: "Telework days and hours (C3), C({days: [mon, ...], start: \"08:30\", end: \"16:30\"})."
    type: dict
  charter_version:
    description: Version of the telework charter the owner accepted (M16).
    type: str
  charter_accepted_at:
    description: When the owner accepted it, C(YYYY-MM-DDTHH:MM:SSZ).
    type: str
  host_key:
    description: SSH host key to pin (C(<type> <base64>)), normally from M(amane.telework.registry_first_contact).
    type: str
  wg_public_key:
    description: The device's WireGuard public key.
    type: str
  repin_host_key:
    description:
      - Replace the pinned host key with O(host_key) on purpose (device reinstalled, fingerprint checked
        on its console). Recorded in the history with O(repin_reason).
    type: bool
    default: false
  repin_reason:
    description: Why the key is re-pinned (required with O(repin_host_key)).
    type: str
  vpn_pools:
    description: "VPN pools per administration, e.g. C({finances: 10.66.1.0/24}); when given, an address is allocated."
    type: dict
  vpn_reserved:
    description: Addresses never allocated (e.g. the gateway's own address in a pool).
    type: list
    elements: str
    default: []
  address_quarantine_days:
    description: Days an offboarded device's address stays blocked before it can be reused.
    type: int
    default: 30
"""

EXAMPLES = r"""
- name: Record the enrollment request
  amane.telework.registry_device:
    registry_path: inventories/lab/registry.sqlite
    actor: tech-0042
    hostname: pc-byod-1
    enroll_address: 172.20.0.12
    owner_id: E-2044
    owner_name: Salma Idrissi
    administration: finances
    unit: budget
    device_kind: byod
    telework_kind: partial
    schedule: {days: [mon, thu], start: "08:30", end: "16:30"}
    charter_version: "2026.1"
    charter_accepted_at: "2026-11-20T09:00:00Z"
    vpn_pools: {finances: 10.66.1.0/24}
  delegate_to: localhost
"""

RETURN = r"""
device:
  description: The record after the change (schedule and posture as mappings).
  returned: success
  type: dict
  sample: {device_id: dev-0001, hostname: pc-byod-1, state: requested, vpn_address: 10.66.1.1}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.registry import ipam

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as registry_fields
from ansible_collections.amane.telework.plugins.module_utils.registry.store import REQUEST_FIELDS, RegistryError
from ansible_collections.amane.telework.plugins.module_utils.registry.module import (
    REGISTRY_ARGS, open_from_params, public, refuse_before_opening,
)


def main():
    argument_spec = dict(
        REGISTRY_ARGS,
        hostname={"type": "str", "required": True},
        enroll_address={"type": "str"},
        owner_id={"type": "str"},
        owner_name={"type": "str"},
        administration={"type": "str"},
        unit={"type": "str"},
        device_kind={"type": "str", "choices": ["issued", "byod"]},
        telework_kind={"type": "str", "choices": ["partial", "full"]},
        schedule={"type": "dict"},
        charter_version={"type": "str"},
        charter_accepted_at={"type": "str"},
        host_key={"type": "str", "no_log": False},  # a public key: nothing to hide
        wg_public_key={"type": "str"},
        repin_host_key={"type": "bool", "default": False},
        repin_reason={"type": "str"},
        vpn_pools={"type": "dict"},
        vpn_reserved={"type": "list", "elements": "str", "default": []},
        address_quarantine_days={"type": "int", "default": 30},
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_if=[("repin_host_key", True, ("host_key", "repin_reason"))])
    params = module.params
    request = {k: params[k] for k in REQUEST_FIELDS if params.get(k) is not None}
    refuse_before_opening(
        module,
        lambda: registry_fields.check_given(request),
        lambda: params["repin_host_key"] and registry_fields.check_free_text("repin_reason", params["repin_reason"]),
        lambda: ipam.check_allocation_input(params["vpn_pools"], params["address_quarantine_days"], params["vpn_reserved"]),
    )
    registry = open_from_params(module)
    repinned = False
    try:
        with registry.transaction(rollback=module.check_mode):
            if params["repin_host_key"]:
                current = registry.find(hostname=params["hostname"])
                repinned = registry.repin_host_key(current["device_id"], request["host_key"], params["actor"], params["repin_reason"])[1]
            record, changed = registry.upsert(request, params["actor"])
            changed = changed or repinned
            if params["vpn_pools"] is not None:
                _address, allocated = ipam.allocate(registry, record["device_id"], params["vpn_pools"],
                                                    quarantine_days=params["address_quarantine_days"],
                                                    reserved=params["vpn_reserved"])
                changed = changed or allocated
                record = registry.get(record["device_id"])
    except RegistryError as exc:
        module.fail_json(msg=str(exc))
    finally:
        registry.close()
    module.exit_json(changed=changed, device=public(record))


if __name__ == "__main__":
    main()
