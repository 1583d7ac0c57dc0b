"""Every module's DOCUMENTATION, EXAMPLES and RETURN parse: ansible-doc shows them to admins."""

import json
import os
import subprocess

import pytest

from tests.unit.tools import tool, tool_env

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
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
