"""Audit first, read from the roles' own files: each concern's mapping (vars/main.yml), its include
in tasks/main.yml (condition and tags) and the catalogue agree, so that no control is enforced by
a concern the audit never chooses, and none the audit fails is left without a concern unless it
is one no role can fix (report only)."""

import os

import pytest
import yaml

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

ROLES = {
    # role: (concerns variable, packages-controls variable, areas, controls reported but fixed by no concern, and why)
    "endpoint_hardening": ("__endpoint_hardening_concerns", "__endpoint_hardening_packages_controls", ("endpoint", "posture"), {
        "EH-04": "admin rights are taken away by the IT unit by hand, never by a run",
        "EH-15": "disk encryption cannot be added to an installed system",
        "PO-M9A-AV": "the antivirus role's",
        "PO-M9C": "work files are the teleworker's to move",
    }),
    "antivirus": ("__antivirus_concerns", "__antivirus_packages_controls", ("antivirus",), {}),
}


def load(role, *path):
    with open(os.path.join(ROOT, "roles", role, *path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_concern_is_included_once_with_its_controls_as_tags(role):
    concerns_var, packages_var, _areas, _reported = ROLES[role]
    variables = load(role, "vars", "main.yml")
    concerns, packages = variables[concerns_var], variables[packages_var]
    includes = {}
    for task in load(role, "tasks", "main.yml"):
        include = task.get("ansible.builtin.include_tasks")
        if not include:
            continue
        name = (include["file"] if isinstance(include, dict) else include)[:-len(".yml")]
        includes[name] = task
    for concern, controls in list(concerns.items()) + [("packages", packages)]:
        assert concern in includes, "%s: concern %s is not included by tasks/main.yml" % (role, concern)
        task = includes[concern]
        assert os.path.exists(os.path.join(ROOT, "roles", role, "tasks", concern + ".yml"))
        expected = [concern] + list(controls)
        assert task["tags"] == expected, (concern, task["tags"])
        assert task["ansible.builtin.include_tasks"]["apply"]["tags"] == expected, concern
        if concern != "packages":
            assert "'%s' in __%s_run" % (concern, role) in task["when"], (concern, task["when"])
    for control_id in {c for ids in concerns.values() for c in ids} | set(packages):
        assert control_id in CONTROLS, "%s names %s, which the catalogue does not know" % (role, control_id)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_enforceable_control_has_a_concern(role):
    concerns_var, packages_var, areas, reported = ROLES[role]
    variables = load(role, "vars", "main.yml")
    covered = {c for ids in variables[concerns_var].values() for c in ids} | set(variables[packages_var])
    issued = {cid for cid, entry in CONTROLS.items() if entry["area"] in areas and "issued" in entry["profiles"]}
    missing = sorted(issued - covered - set(reported))
    assert not missing, "%s: controls the audit can fail but no concern enforces: %s" % (role, missing)
    assert not covered & set(reported), "a control is both enforced and report-only"
