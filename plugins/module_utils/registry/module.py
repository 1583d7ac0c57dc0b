# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every registry_* module shares: where the registry is, and how a refusal is reported."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.amane.telework.plugins.module_utils.registry import fields as registry_fields
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, open_registry, registry_location

# The DSN may carry a password: no_log keeps it out of every output and log.
REGISTRY_ARGS = {
    "registry_path": {"type": "path"},
    "registry_dsn": {"type": "str", "no_log": True},
    "actor": {"type": "str", "required": True},
}


def refuse_before_opening(module, *checks):
    """Run each check (a callable raising FieldError or RegistryError) before the registry is opened:
    a refused input then neither creates nor migrates a registry, and its message names the field.
    The registry checks the same values again when it writes (the root); this only comes first."""
    checks = (lambda: registry_fields.check_free_text("actor", module.params["actor"]),) + checks
    for check in checks:
        try:
            check()
        except (registry_fields.FieldError, RegistryError) as exc:
            module.fail_json(msg=str(exc))


def open_from_params(module):
    params = module.params
    path, dsn = registry_location(params.get("registry_path"), params.get("registry_dsn"))
    if module.check_mode and path and not dsn and not os.path.exists(path):
        path = ":memory:"  # check mode on a registry not created yet: simulate on an empty one
    try:
        return open_registry(path=path, dsn=dsn, check_mode=module.check_mode)
    except RegistryError as exc:
        module.fail_json(msg=str(exc))


def public(record):
    """The record as returned to the playbook (nothing secret is stored, so all of it)."""
    return dict(record) if record else None
