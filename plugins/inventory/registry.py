# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventory plugin: the enrollment registry's devices as Ansible hosts (guide E1, M10, C5)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: registry
short_description: Teleworkers' devices from the Amane enrollment registry
version_added: "0.1.0"
description:
  - Reads every device record of the registry (SQLite file or PostgreSQL) in one query and adds one
    host per device, named by its host name, with the registry's fields as C(amane_*) host vars.
  - "Groups: C(state_<state>), C(admin_<administration>), C(device_issued)/C(device_byod),
    C(telework_partial)/C(telework_full), C(posture_compliant)/C(posture_noncompliant). A device with
    no posture result yet is in C(posture_noncompliant) (the VPN gate fails closed, M10)."
  - C(ansible_host) is the VPN address once the device is active, the enrollment address before.
  - When a host key is pinned, the plugin writes it to O(known_hosts_file) under the alias
    C(<device_id>) and sets C(ansible_ssh_common_args) so every SSH connection verifies it
    (C(StrictHostKeyChecking=yes)); a changed key stops the connection.
  - A malformed record is reported with its device id and field and skipped; the others load.
  - "The group C(all) gets C(amane_registry_inventory), the registry this inventory reads: the SQLite file
    as C(sqlite_path) (absolute), or C(postgresql=true) for a DSN (never the DSN itself). The VPN role
    reads its peers from that same registry in one query (P(amane.telework.vpn_registry_peers#lookup))."
  - Configuration files must end in C(.registry.yml) or C(.registry.yaml).
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: Name of this plugin, to be recognised as its configuration.
    required: true
    choices: [amane.telework.registry]
    type: str
  registry_path:
    description:
      - SQLite registry file. A relative path is relative to the directory of this configuration file.
      - Ignored when O(registry_dsn) is set.
    type: str
    env:
      - name: AMANE_REGISTRY_PATH
  registry_dsn:
    description:
      - PostgreSQL connection string (psycopg), for a registry shared by several control nodes or AWX.
      - Keep the password out of this file; libpq reads it from C(PGPASSWORD) or C(~/.pgpass). Error
        messages never show it.
      - The plugin only reads; its role needs SELECT on the registry's tables, nothing more.
    type: str
    env:
      - name: AMANE_REGISTRY_DSN
  states:
    description: Device states to include. Offboarded devices are left out by default (C5, data minimisation).
    type: list
    elements: str
    default: [requested, approved, active, quarantined]
  address_preference:
    description:
      - C(vpn_when_active) uses the VPN address for active devices and the enrollment address otherwise.
      - C(enrollment) always uses the enrollment address (labs where the VPN is not up).
    type: str
    choices: [vpn_when_active, enrollment]
    default: vpn_when_active
  management_user:
    description: Account Ansible logs in with on devices (installed at enrollment), set as C(ansible_user).
    type: str
    default: amane
  management_key_file:
    description: Private key of the management account on this control node, set as C(ansible_ssh_private_key_file) when given.
    type: path
    env:
      - name: AMANE_MANAGEMENT_KEY
  connection:
    description: Connection plugin set as C(ansible_connection) for registry hosts; empty leaves it to other sources.
    type: str
    default: ssh
  known_hosts_file:
    description:
      - File the pinned host keys are written to (rewritten only when they change).
      - Defaults to C(<registry_path>.known_hosts), or C(~/.ansible/amane/known_hosts) with a DSN.
    type: path
"""

EXAMPLES = r"""
---
# inventories/lab/lab.registry.yml
plugin: amane.telework.registry
registry_path: registry.sqlite
management_key_file: ~/.ssh/amane_management

---
# A shared registry; add a group of devices that telework full time in one unit
plugin: amane.telework.registry
registry_dsn: "postgresql://amane_inventory@registry-db.example.gov.ma/amane"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/amane-inventory
groups:
  finances_full_time: amane_administration == 'finances' and amane_telework_kind == 'full'
keyed_groups:
  - key: amane_unit
    prefix: unit
"""

import contextlib
import os

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.template import trust_as_template

from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, one_line, open_registry
from ansible_collections.amane.telework.plugins.module_utils.registry.inventory import iter_hosts, known_hosts_line


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "amane.telework.registry"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith((".registry.yml", ".registry.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        dsn = self.get_option("registry_dsn")
        registry_path = self.get_option("registry_path")
        if not dsn:
            if not registry_path:
                raise AnsibleParserError("%s: set registry_path (SQLite file) or registry_dsn (PostgreSQL)" % path)
            registry_path = os.path.join(os.path.dirname(os.path.abspath(path)), os.path.expanduser(registry_path))
        known_hosts = self._known_hosts_path(registry_path, dsn)
        # where this inventory's devices come from (not the DSN: it may carry a password)
        self.inventory.set_variable("all", "amane_registry_inventory", {"postgresql": True} if dsn else {"sqlite_path": registry_path})

        cache_key = self.get_cache_key(path)
        rows = None
        if self.get_option("cache") and cache:
            try:
                rows = self._cache[cache_key]
            except KeyError:
                rows = None
        if rows is None and self.get_option("cache"):
            # The cache stores the rows themselves (JSON-able lists), so they are read whole here.
            with self._registry(registry_path, dsn) as registry:
                rows = registry.all_rows_as_lists() if registry else []
            self._cache[cache_key] = rows
        if rows is not None:
            self._load(rows, known_hosts)
            return
        # No cache: stream the rows from the cursor into the inventory, one device at a time.
        with self._registry(registry_path, dsn) as registry:
            self._load(registry.iter_rows() if registry else [], known_hosts)

    @contextlib.contextmanager
    def _registry(self, registry_path, dsn):
        """The open registry, or None when the SQLite file does not exist yet."""
        if not dsn and not os.path.exists(registry_path):
            self.display.warning("amane.telework.registry: %s does not exist yet (no device enrolled): no registry hosts" % registry_path)
            yield None
            return
        try:
            registry = open_registry(path=registry_path, dsn=dsn, create=False)
        except RegistryError as exc:
            raise AnsibleParserError("amane.telework.registry: %s" % to_native(exc))
        try:
            yield registry
        except registry.db_errors as exc:  # e.g. the connection dropped while the rows streamed
            raise AnsibleParserError("amane.telework.registry: reading the registry failed: %s" % one_line(to_native(exc)))
        finally:
            registry.close()

    def _load(self, rows, known_hosts):
        problems, known_hosts_lines = [], []
        hosts = iter_hosts(
            rows, states=set(self.get_option("states")), problems=problems,
            address_preference=self.get_option("address_preference"), management_user=self.get_option("management_user"),
            management_key_file=self.get_option("management_key_file"), connection=self.get_option("connection"),
            known_hosts_file=known_hosts, trust=trust_as_template)
        self._populate(hosts, known_hosts_lines)
        for problem in problems:
            self.display.warning("amane.telework.registry: %s; record skipped, the others load" % problem)
        self._write_known_hosts(known_hosts, "".join(known_hosts_lines))

    def _known_hosts_path(self, registry_path, dsn):
        configured = self.get_option("known_hosts_file")
        if configured:
            return os.path.abspath(os.path.expanduser(configured))
        if dsn:
            return os.path.expanduser("~/.ansible/amane/known_hosts")
        return registry_path + ".known_hosts"

    @staticmethod
    def _write_known_hosts(path, text):
        """One line per pinned key under the device id alias; rewritten only when it changed."""
        if not text and not os.path.exists(path):
            return
        try:
            with open(path) as handle:
                if handle.read() == text:
                    return
        except (IOError, OSError):
            pass
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = path + ".tmp.%d" % os.getpid()
        with open(tmp, "w") as handle:
            handle.write(text)
        os.replace(tmp, path)

    def _populate(self, hosts, known_hosts_lines):
        inventory = self.inventory
        strict = self.get_option("strict")
        compose, groups, keyed = self.get_option("compose"), self.get_option("groups"), self.get_option("keyed_groups")
        constructed = bool(compose or groups or keyed)
        known_groups = set()
        for name, variables, group_names in hosts:
            inventory.add_host(name)
            # Bulk update instead of one set_variable per var: set_variable visits and tags every
            # value (origin, template trust), which dominates the parse at 100,000 devices. Values
            # stay as iter_hosts made them: per-device text untrusted (never templated), shared
            # plain words trusted (they hold no template syntax).
            inventory.hosts[name].vars.update(variables)
            line = known_hosts_line(variables)
            if line:
                known_hosts_lines.append(line)
            for group in group_names:
                if group not in known_groups:
                    inventory.add_group(group)
                    known_groups.add(group)
                inventory.add_child(group, name)
            if constructed:  # skipped when unused: it templates every host, the slow part at scale
                self._set_composite_vars(compose, variables, name, strict=strict)
                self._add_host_to_composed_groups(groups, variables, name, strict=strict)
                self._add_host_to_keyed_groups(keyed, variables, name, strict=strict)
