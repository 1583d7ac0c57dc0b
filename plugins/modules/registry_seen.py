#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record when each device was last seen on the VPN (guide M10, A17)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: registry_seen
short_description: Store the latest VPN handshake of each device in the Amane registry
version_added: "0.1.0"
description:
  - Reads what C(wg show <interface> latest-handshakes) printed on the gateways and stores, for each
    live device holding one of those keys, when it was last seen (C(last_seen_at), registry schema 5).
    The inventory plugin publishes it as C(amane_last_seen_at) and the compliance report lists the
    active devices never seen or not seen for its O(amane.telework.compliance_report#module:stale_days).
  - Only a later time than the stored one is written, so two gateways or an old output never move a
    device back in time. A sighting is not a decision, so it adds no history entry.
  - Keys that no live device holds (an offboarded device still configured on a drifting gateway) are
    returned by count in RV(unknown_keys), never stored.
  - C(changed) means at least one device's last sighting moved forward.
  - Runs on the controller (C(delegate_to localhost) or a localhost play); check mode rolls the write back.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amane.telework.attributes.registry
  - amane.telework.registry_location
  - ansible.builtin.action_common_attributes.actiongroups
options:
  actor:
    description: Who reads the gateways (for example C(last-seen)); checked like every actor, not written to the history.
    type: str
    required: true
  latest_handshakes:
    description:
      - The standard output of C(wg show <interface> latest-handshakes) (C(key<TAB>epoch) lines), or of
        C(wg show all latest-handshakes), of one or more gateways (give a list to pass several).
      - A line of any other shape fails the task naming the line; epoch C(0) (no handshake yet) is skipped.
    type: list
    elements: str
    required: true
"""

EXAMPLES = r"""
- name: Read the gateway's handshakes
  ansible.builtin.command: wg show wg0 latest-handshakes
  register: amane_handshakes
  changed_when: false

- name: Record when each device was last seen
  amane.telework.registry_seen:
    registry_path: inventories/lab/registry.sqlite
    actor: last-seen
    latest_handshakes: ["{{ amane_handshakes.stdout }}"]
  delegate_to: localhost
"""

RETURN = r"""
seen:
  description: Number of distinct keys with a handshake in the input.
  returned: success
  type: int
  sample: 42
updated:
  description: Device ids whose last sighting moved forward.
  returned: success
  type: list
  elements: str
  sample: [dev-0002, dev-0007]
unknown_keys:
  description: Number of keys in the input that no live device holds (not stored).
  returned: success
  type: int
  sample: 0
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as registry_fields
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from ansible_collections.amane.telework.plugins.module_utils.registry.module import REGISTRY_ARGS, open_from_params, refuse_before_opening


def merged_handshakes(outputs):
    """One {key: latest time} of several gateways' outputs (a roaming laptop's latest one wins)."""
    seen = {}
    for output in outputs:
        registry_fields.latest_handshakes(output, seen)
    return seen


def main():
    argument_spec = dict(REGISTRY_ARGS, latest_handshakes={"type": "list", "elements": "str", "required": True})
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    seen = {}

    def read():
        seen.update(merged_handshakes(module.params["latest_handshakes"]))

    refuse_before_opening(module, read)
    registry = open_from_params(module)
    try:
        with registry.transaction(rollback=module.check_mode):
            updated, unknown = registry.record_seen(seen)
    except RegistryError as exc:
        module.fail_json(msg=str(exc))
    finally:
        registry.close()
    module.exit_json(changed=bool(updated), seen=len(seen), updated=updated, unknown_keys=len(unknown))


if __name__ == "__main__":
    main()
