"""Every audit module, whatever its area, takes the same three options (host, disabled, waivers)
and returns one shape (engine.AUDIT_RESULT_KEYS): the host report, the verdict, the failing ids and
their reasons, a message and the controls to enforce. Run here under Ansible, read-only."""

import json
import subprocess

import pytest
import yaml

from ansible_collections.amane.telework.plugins.module_utils.audit.engine import AUDIT_ARGUMENT_SPEC, AUDIT_RESULT_KEYS
from ansible_collections.amane.telework.plugins.modules import (
    antivirus_audit, backup_status, endpoint_audit, logging_audit, posture, vpn_audit,
)

from tests.unit.posture_tree import make_device
from tests.unit.tools import ROOT, tool, tool_env

MODULES = {"antivirus_audit": antivirus_audit, "backup_status": backup_status, "endpoint_audit": endpoint_audit,
           "logging_audit": logging_audit, "posture": posture, "vpn_audit": vpn_audit}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_module_documents_the_shared_options_and_the_one_result_shape(name):
    doc = yaml.safe_load(MODULES[name].DOCUMENTATION)
    returned = yaml.safe_load(MODULES[name].RETURN)
    assert "amane.telework.audit" in doc["extends_documentation_fragment"]  # host, disabled, waivers
    assert not set(AUDIT_ARGUMENT_SPEC) & set(doc.get("options", {})), "documented twice: use the audit fragment"
    assert set(AUDIT_RESULT_KEYS) <= set(returned), set(AUDIT_RESULT_KEYS) - set(returned)


def test_every_module_documents_the_result_with_the_same_types():
    """Ansible has no RETURN fragments, so each module writes the shared keys out; their type,
    elements and when they are returned are one contract (the descriptions name the module's area)."""
    def shape(name):
        returned = yaml.safe_load(MODULES[name].RETURN)
        return {key: {field: returned[key].get(field) for field in ("type", "elements", "returned")} for key in AUDIT_RESULT_KEYS}
    first, *others = sorted(MODULES)
    for name in others:
        assert shape(name) == shape(first), name


def run(name, args):
    env = tool_env(ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="json")
    proc = subprocess.run([tool("ansible"), "localhost", "-c", "local", "--check", "-m", "amane.telework." + name,
                           "-a", json.dumps(args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    return json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_module_returns_the_one_result_shape_and_refuses_a_control_it_does_not_run(name, tmp_path):
    make_device(tmp_path)
    args = {"host": "pc-shape-1", "disabled": [], "waivers": {}}
    args.update({"logging_audit": {"profile": "server"}, "backup_status": {"status_dir": str(tmp_path)},
                 "vpn_audit": {}}.get(name, {"root": str(tmp_path)}))
    result = run(name, args)
    assert not result.get("failed"), result.get("msg")
    assert set(AUDIT_RESULT_KEYS) <= set(result), set(AUDIT_RESULT_KEYS) - set(result)
    report = result["audit"]
    assert report["host"] == "pc-shape-1" and report["results"]
    failing = [r["id"] for r in report["results"] if r["status"] in ("fail", "error")]
    assert result["failed_controls"] == failing and result["compliant"] is (not failing)
    assert len(result["reasons"]) == len(failing)
    refused = run(name, dict(args, disabled=["ZZ-99"]))
    assert refused.get("failed") and "disabled: ZZ-99" in refused["msg"], refused
