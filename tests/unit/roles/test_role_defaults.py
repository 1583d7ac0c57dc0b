"""One value per default, across the three places a role's knob is written.

A role passes its variables to its audit module (tasks/audit.yml); the module has its own default
for each option (its DOCUMENTATION, which ansible-test holds equal to its argument spec and, for
the endpoint audit, to the checks' DEFAULTS); the role documents each variable in
meta/argument_specs.yml. Where a role's default is a plain value, the three must agree: a laptop
hardened to the role's threshold must not be failed by the module's, and the documentation must
show the value the role really uses."""

import glob
import os
import sys
import re

import pytest
import yaml

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_endpoint

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PLAIN_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
# Where a role's default and its module's differ on purpose, and why.
DIFFER_ON_PURPOSE = {
    ("antivirus_audit", "mirror_url"): "the module checks freshclam's mirror only when told one; the role always sets one",
}
AUDITS = glob.glob(os.path.join(ROOT, "roles", "*", "tasks", "audit.yml"))
ROLES = sorted(os.path.basename(os.path.dirname(os.path.dirname(path))) for path in AUDITS)


def _yaml(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _module_defaults(module):
    """The documented default of each option of plugins/modules/<module>.py."""
    with open(os.path.join(ROOT, "plugins", "modules", module + ".py"), encoding="utf-8") as handle:
        source = handle.read()
    documentation = re.search(r'^DOCUMENTATION = r?"""(.*?)"""', source, re.S | re.M).group(1)
    options = yaml.safe_load(documentation)["options"]
    return {name: spec["default"] for name, spec in options.items() if "default" in spec}


def _templated(value):
    return isinstance(value, str) and "{{" in value


def _pairs(role):
    """(module, option, role variable) for every module option the role's audit passes as one variable."""
    for task in _yaml("roles", role, "tasks", "audit.yml"):
        for key, args in task.items():
            if key.startswith("amane.telework.") and isinstance(args, dict):
                for option, value in args.items():
                    match = PLAIN_VARIABLE.fullmatch(str(value).strip())
                    if match:
                        yield key.rsplit(".", 1)[1], option, match.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_the_role_and_its_audit_module_share_each_default(role):
    defaults = _yaml("roles", role, "defaults", "main.yml") or {}
    compared, differ = 0, []
    for module, option, variable in _pairs(role):
        module_defaults = _module_defaults(module)
        if (module, option) in DIFFER_ON_PURPOSE:
            continue
        if variable in defaults and option in module_defaults and not _templated(defaults[variable]):
            compared += 1
            if defaults[variable] != module_defaults[option]:
                differ.append("%s=%r but %s option %s defaults to %r"
                              % (variable, defaults[variable], module, option, module_defaults[option]))
    assert not differ, differ
    assert compared or role == "vpn", "%s: no default compared; the test no longer reads the role's audit" % role


@pytest.mark.parametrize("role", sorted(os.listdir(os.path.join(ROOT, "roles"))))
def test_argument_specs_never_repeat_a_default_of_the_role(role):
    """A role's values live in defaults/main.yml alone: scripts/role_docs.py (make lint) holds the
    rule, and shows them in the README; this runs that rule on the checkout's roles."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import role_docs

    _markdown, problems = role_docs.tables(os.path.join(ROOT, "roles", role))
    repeated = [problem for problem in problems if "repeats its default" in problem]
    assert not repeated, repeated


def test_the_endpoint_module_documents_the_checks_defaults():
    documented = _module_defaults("endpoint_audit")
    assert {name: documented[name] for name in checks_endpoint.DEFAULTS} == checks_endpoint.DEFAULTS
