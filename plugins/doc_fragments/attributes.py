# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requirements and attributes shared by families of Amane's modules, written once.

READ_ONLY: the audit modules (they read a host's state and change nothing).
REGISTRY: the modules that open the registry (the action group amane.telework.registry).
Each is used together with ansible.builtin.action_common_attributes, which gives the descriptions."""


class ModuleDocFragment:
    READ_ONLY = r"""
requirements:
  - The Python standard library only, on the host the module runs on
attributes:
  check_mode:
    support: full
    details: Read-only; runs the same in check mode.
  diff_mode:
    support: none
    details: Read-only; there is nothing to show a diff of.
  platform:
    platforms: posix
"""

    REGISTRY = r"""
requirements:
  - psycopg 3 on the controller, only when the registry is PostgreSQL (O(registry_dsn) or C(AMANE_REGISTRY_DSN))
attributes:
  action_group:
    support: full
    membership:
      - amane.telework.registry
  check_mode:
    support: full
    details: Runs the change in a transaction that is rolled back; reports what would change.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""
