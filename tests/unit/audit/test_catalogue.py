"""Every catalogue control: three titles, known guide clauses, a test that exists, a check."""

import ast
import os
import re

import pytest

# Imported for their side effect: importing a checks module registers its checks.
from ansible_collections.amane.telework.plugins.module_utils.audit import (  # noqa: F401  # pylint: disable=unused-import
    checks_antivirus,
    checks_backup,
    checks_baseline,
    checks_endpoint,
    checks_logging,
    checks_posture,
    checks_vpn,
)
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS, PROFILES, SEVERITIES
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import registered_checks

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GUIDE_COPIES = [os.path.join(ROOT, "docs", "telework-guide.md"), "/work/shared/guide/telework-guide.md"]
MINE = sorted(cid for cid, entry in CONTROLS.items() if entry.get("area") in ("endpoint", "posture"))


def guide_clauses():
    path = next(p for p in GUIDE_COPIES if os.path.exists(p))
    with open(path, encoding="utf-8") as handle:
        return set(re.findall(r"^\s*-\s+([A-Z][0-9]+[a-z]?)\s", handle.read(), re.MULTILINE))


def test_guide_clauses_parse():
    clauses = guide_clauses()
    assert {"S4", "M9a", "M9b", "M9c", "M12a", "C1", "M16"} <= clauses


@pytest.mark.parametrize("control_id", sorted(CONTROLS))
def test_control_is_complete(control_id):
    entry = CONTROLS[control_id]
    assert set(entry["title"]) == {"en", "fr", "ar"} and all(t.strip() for t in entry["title"].values())
    assert re.search("[\u0600-\u06ff]", entry["title"]["ar"]), "Arabic title must be in Arabic script"
    assert entry["clauses"] and set(entry["clauses"]) <= guide_clauses(), entry["clauses"]
    assert entry["severity"] in SEVERITIES
    assert entry["profiles"] and set(entry["profiles"]) <= set(PROFILES)
    assert entry["rationale"].strip() and isinstance(entry["refs"], list)


@pytest.mark.parametrize("control_id", sorted(CONTROLS))
def test_named_test_exists_and_check_registered(control_id):
    """Every control, of every area: its ``test`` names a test function that exists in a file that
    ``make test`` collects (tests/ or a Molecule scenario's tests/), and a check is registered for it."""
    link = CONTROLS[control_id]["test"]
    where = r"(tests/unit(/[a-z_]+)?|tests/integration|molecule/[a-z0-9_-]+/tests)"
    assert re.fullmatch(where + r"/test_[a-z0-9_]+\.py::test_[a-z0-9_]+", link), link
    path, name = link.split("::")
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        source = handle.read()
    assert re.search(r"^def %s\(" % re.escape(name), source, re.MULTILINE), link
    assert control_id in registered_checks()
    # The link holds both ways: the test names the control it proves (its docstring, or the id it
    # asserts on), so a test reused for a neighbouring control, or renamed, shows here.
    function = next(node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef) and node.name == name)
    assert re.search(r"(?<![A-Z0-9-])%s(?![0-9A-Z])" % re.escape(control_id), ast.get_source_segment(source, function)), (
        "%s does not name %s: say in its docstring which control it proves" % (link, control_id))


def test_every_control_says_how_to_fix_it_in_three_languages():
    """What a sysadmin or security officer does when the control fails: en/fr/ar, one line each, and no
    English text copied from another control."""
    seen = {}
    for control_id in sorted(CONTROLS):
        remediation = CONTROLS[control_id].get("remediation")
        assert isinstance(remediation, dict) and set(remediation) == {"en", "fr", "ar"}, control_id
        for lang, text in remediation.items():
            assert isinstance(text, str) and text and text == text.strip() and "\n" not in text, (control_id, lang)
        assert re.search("[\u0600-\u06ff]", remediation["ar"]), "%s: Arabic remediation must be in Arabic script" % control_id
        assert remediation["fr"] != remediation["en"], "%s: French remediation is the English one" % control_id
        assert remediation["en"] not in seen, "%s repeats the remediation of %s" % (control_id, seen.get(remediation["en"]))
        seen[remediation["en"]] = control_id


def test_endpoint_ids_are_numbered():
    assert all(re.match(r"^EH-\d\d$", cid) for cid in MINE if CONTROLS[cid]["area"] == "endpoint")
    assert all(CONTROLS[cid]["gates_vpn"] for cid in MINE if CONTROLS[cid]["area"] == "posture")


def test_the_role_purges_the_intrusion_tools_its_audit_and_the_gate_look_for():
    """M9b: a copy of the gate's list in the role drifted (responder, beef-xss: quarantined by the gate,
    neither purged nor failed by the endpoint audit). The role keeps no list: it purges what its
    audit returns (tests/unit/audit/test_endpoint_audit_module.py), and its options default to the fleet's
    amane_posture_options, the mapping playbooks/posture.yml gives the gate."""
    import yaml

    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    role = os.path.join(root, "roles", "endpoint_hardening")
    with open(os.path.join(role, "defaults", "main.yml"), encoding="utf-8") as handle:
        defaults = yaml.safe_load(handle)
    assert not [name for name in defaults if "intrusion" in name]
    assert defaults["endpoint_hardening_posture_options"] == "{{ amane_posture_options | default({}) }}"
    with open(os.path.join(role, "tasks", "packages.yml"), encoding="utf-8") as handle:
        purge = next(t for t in yaml.safe_load(handle) if "intrusion" in t["name"])
    assert purge["ansible.builtin.apt"]["name"] == "{{ endpoint_hardening_audit_result.intrusion_packages }}"
    for playbook in ("posture.yml", os.path.join("tasks", "report-posture.yml")):
        with open(os.path.join(root, "playbooks", playbook), encoding="utf-8") as handle:
            assert 'options: "{{ amane_posture_options | default({}) }}"' in handle.read(), playbook
