"""Every module's DOCUMENTATION, EXAMPLES and RETURN parse: ansible-doc shows them to admins."""

import functools
import json
import os
import subprocess

import pytest

from tests.unit.tools import tool, tool_env

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODULES = sorted(
    name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules"))
    if name.endswith(".py") and name != "__init__.py"
)


@pytest.mark.parametrize("module", MODULES)
def test_module_documentation_parses(module):
    env = tool_env()
    proc = subprocess.run([tool("ansible-doc"), "--json", "amane.telework." + module],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-600:]
    doc = json.loads(proc.stdout)["amane.telework." + module]
    assert doc["doc"]["short_description"]
    assert doc["doc"].get("options") is not None
    assert doc["examples"]
    assert doc["return"] is not None


@functools.lru_cache(maxsize=1)
def all_module_docs():
    """One ansible-doc run for every module (each run costs a few seconds)."""
    proc = subprocess.run([tool("ansible-doc"), "--json", *("amane.telework." + m for m in MODULES)],
                          capture_output=True, text=True, cwd=ROOT, env=tool_env(), check=True)
    return json.loads(proc.stdout)


def module_doc(module):
    return all_module_docs()["amane.telework." + module]["doc"]


def test_every_module_documents_its_requirements_and_check_and_diff_mode():
    for module in MODULES:
        doc = module_doc(module)
        assert doc.get("requirements"), module
        assert {"check_mode", "diff_mode"} <= set(doc.get("attributes") or {}), module
        for name, attribute in doc["attributes"].items():
            assert attribute.get("support") in ("full", "partial", "none", "N/A") or name == "platform", (module, name)


def test_the_registry_action_group_holds_exactly_the_modules_that_open_the_registry():
    """module_defaults: group/amane.telework.registry sets registry_path once; a module that opens the
    registry but is missing from the group would silently ignore it."""
    import yaml

    with open(os.path.join(ROOT, "meta", "runtime.yml"), encoding="utf-8") as handle:
        group = yaml.safe_load(handle)["action_groups"]["registry"]
    opening = [module for module in MODULES if "registry_path" in (module_doc(module).get("options") or {})]
    assert sorted(group) == opening
    for module in group:
        membership = module_doc(module)["attributes"]["action_group"]["membership"]
        assert membership == ["amane.telework.registry"], (module, membership)


def test_every_filter_has_its_own_documentation():
    from ansible_collections.amane.telework.plugins.filter.vpn_config import FilterModule

    names = sorted(FilterModule().filters())
    proc = subprocess.run([tool("ansible-doc"), "-t", "filter", "--json", *("amane.telework." + n for n in names)],
                          capture_output=True, text=True, cwd=ROOT, env=tool_env(), check=True)
    docs = json.loads(proc.stdout)
    for name in names:
        doc = docs["amane.telework." + name]["doc"]
        assert doc["name"] == name and doc["short_description"], name
        assert os.path.exists(os.path.join(ROOT, "plugins", "filter", name + ".yml")), name
