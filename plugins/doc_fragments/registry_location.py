# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the registry is: the options of the modules that open it, written once
(module_utils/registry/module.REGISTRY_ARGS is their argument spec)."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  registry_path:
    description: SQLite registry file. Defaults to C(AMANE_REGISTRY_PATH).
    type: path
  registry_dsn:
    description: PostgreSQL DSN instead of O(registry_path). Defaults to C(AMANE_REGISTRY_DSN). Never logged.
    type: str
"""
