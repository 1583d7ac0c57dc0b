# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gateway's peers read from the registry in one query (guide M10)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: vpn_registry_peers
short_description: The VPN gateway's peers, read from the Amane registry in one query
version_added: "0.1.0"
description:
  - Returns the devices that are in every group of O(groups), each as the peer the
    P(amane.telework.vpn_peers#filter) filter gives (host, device_id, public_key, address,
    administration, posture_checked_at), sorted by VPN address.
  - The groups and host vars are the registry inventory plugin's own (its C(state_*), C(admin_*),
    C(device_*), C(telework_*), C(posture_*) groups and C(amane_*) vars, made by the same code), read in
    one query instead of one C(hostvars) lookup per device. At 10,000 devices that lookup was most of a
    gateway run; this read costs a fraction of a second.
  - It reads the registry as it is now (not the inventory parsed when the run started, nor an
    inventory cache), so a targeted change applies a decision recorded a second earlier.
  - Groups the plugin does not make (C(compose), C(keyed_groups), a static group) are refused by name;
    use the inventory source for them (the role's C(vpn_peers_source=inventory)).
  - A record the inventory plugin would skip (malformed) is skipped with the same warning.
author: Amane maintainers (@amane-maintainers)
options:
  groups:
    description: A device must be in every one of these registry groups.
    type: list
    elements: str
    default: [state_active, posture_compliant]
  pool:
    description:
      - The gateway's tunnel network (the role's C(vpn_pool)). When set, the lookup returns the gateway's
        plan instead of a list of peers - P(amane.telework.vpn_gateway_peers#filter)'s output for the peers
        of O(groups) (full access) and of O(quarantine_groups) (the quarantine lane) - from one read of the
        registry, one snapshot for both lanes.
      - "Why here and not in the filter: Ansible hands a filter its input through lazy containers, which at
        10,000 peers costs over a second more than the same Python code run here."
    type: str
  quarantine_groups:
    description: With O(pool), the groups of the quarantine lane's devices (any one of them).
    type: list
    elements: str
    default: []
  max_age_hours:
    description: With O(pool), the hours a posture result keeps a device in full access (1-8760).
    type: int
    default: 24
  registry_path:
    description:
      - SQLite registry file (the registry inventory's C(amane_registry_inventory.sqlite_path)).
      - Defaults to C(AMANE_REGISTRY_PATH).
    type: path
  registry_dsn:
    description: PostgreSQL DSN instead of O(registry_path). Defaults to C(AMANE_REGISTRY_DSN). Never logged.
    type: str
notes:
  - Runs on the controller, like every lookup.
"""

EXAMPLES = r"""
- name: Peers of the full-access lane, straight from the registry
  ansible.builtin.debug:
    msg: "{{ query('amane.telework.vpn_registry_peers', groups=['state_active', 'posture_compliant'],
             registry_path=amane_registry_inventory.sqlite_path) | length }} peers"
- name: The gateway's plan, both lanes from one read, as the role amane.telework.vpn takes it
  ansible.builtin.set_fact:
    vpn_plan: >-
      {{ query('amane.telework.vpn_registry_peers', groups=['state_active', 'posture_compliant'],
               quarantine_groups=['state_quarantined'], pool='10.99.0.0/16',
               registry_path=amane_registry_inventory.sqlite_path) | first }}
"""

RETURN = r"""
_list:
  description:
    - The peers, sorted by VPN address.
    - With O(pool), one element instead, the plan (peers, refused, quarantine) that
      P(amane.telework.vpn_gateway_peers#filter) returns.
  type: list
  elements: dict
  contains:
    host: {description: Inventory host name, type: str}
    device_id: {description: Registry device id, type: str}
    public_key: {description: WireGuard public key, type: str}
    address: {description: VPN address, type: str}
    administration: {description: Administration, type: str}
    posture_checked_at: {description: When the posture was last assessed (empty for never), type: str}
"""

import re

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.amane.telework.plugins.filter.vpn_config import peer_of, peers_sorted, vpn_gateway_peers
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry, registry_location
from ansible_collections.amane.telework.plugins.module_utils.registry.fields import STATES
from ansible_collections.amane.telework.plugins.module_utils.registry.inventory import build_hosts

display = Display()
# The groups registry/inventory.py _host makes: state_<state>, admin_<administration>, device_<kind>,
# telework_<kind>, posture_compliant / posture_noncompliant.
_PLUGIN_GROUP = re.compile(r"(state|admin|device|telework)_[A-Za-z0-9_]+|posture_(compliant|noncompliant)")


def _checked_groups(required, option, allow_empty=False):
    if isinstance(required, str) or not isinstance(required, (list, tuple)) or (not required and not allow_empty) or any(
            not isinstance(g, str) or not _PLUGIN_GROUP.fullmatch(g) for g in required):
        raise AnsibleLookupError(
            "vpn_registry_peers: %s %r must be a %slist of the registry inventory's own groups "
            "(state_*, admin_*, device_*, telework_*, posture_compliant, posture_noncompliant); for others, "
            "set vpn_peers_source: inventory" % (option, required, "" if allow_empty else "non-empty "))
    return set(required)


def registry_peers(registry, *group_sets):
    """([the peers of the devices in every group of each set], problems of skipped records), from one read."""
    hosts, problems = build_hosts(registry.all_rows(), set(STATES), management_user=None, connection=None)
    lists = []
    for wanted in group_sets:
        lists.append(peers_sorted(peer_of(name, variables) for name, variables, groups in hosts
                                  if wanted and wanted <= set(groups)))
    return lists, problems


def read_peers(path, dsn, required, quarantine=None):
    """The lookup's work: (peers, problems), or ([peers, quarantined peers], problems) when ``quarantine``
    (a list of groups, maybe empty) is given; an AnsibleLookupError naming the option and the fix."""
    group_sets = [_checked_groups(required, "groups")]
    if quarantine is not None:
        group_sets.append(_checked_groups(quarantine, "quarantine_groups", allow_empty=True))
    path, dsn = registry_location(path, dsn)
    try:
        registry = open_registry(path=path, dsn=dsn, create=False)
    except RegistryError as exc:
        raise AnsibleLookupError("vpn_registry_peers: %s" % exc) from None
    try:
        lists, problems = registry_peers(registry, *group_sets)
    except registry.db_errors as exc:
        raise AnsibleLookupError("vpn_registry_peers: reading the registry failed: %s" % exc) from None
    finally:
        registry.close()
    return (lists if quarantine is not None else lists[0]), problems


def read_plan(path, dsn, required, quarantine, pool, max_age_hours):
    """(the gateway's plan as vpn_gateway_peers makes it, problems) from one read of the registry."""
    lanes, problems = read_peers(path, dsn, required, quarantine or [])
    return vpn_gateway_peers(lanes, pool, max_age_hours=max_age_hours), problems


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        location = (self.get_option("registry_path"), self.get_option("registry_dsn"), self.get_option("groups"))
        if self.get_option("pool") is None:
            result, problems = read_peers(*location)
        else:
            plan, problems = read_plan(*location, self.get_option("quarantine_groups"), self.get_option("pool"),
                                       self.get_option("max_age_hours"))
            result = [plan]
        for problem in problems:
            display.warning("amane.telework.vpn_registry_peers: %s; record skipped, the others load" % problem)
        return result
