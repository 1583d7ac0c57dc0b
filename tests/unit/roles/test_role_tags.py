"""One tag convention for every role, read from the roles' own tasks/main.yml: each concern's
include carries its concern name and the ids of the controls it enforces (--tags LG-03), the same
tags on the include and in its `apply` (or the included tasks would not run under the tag), and
`always` only on what every tag-limited run needs (variables, validation, audits). The control
ids are the catalogue's, and every control of a role's area is reachable by its id."""

import glob
import os

import pytest
import yaml

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from tests.unit.roles.test_audit_first_roles import ROLES as AUDIT_FIRST

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLES = sorted(os.path.basename(os.path.dirname(os.path.dirname(path)))
               for path in glob.glob(os.path.join(ROOT, "roles", "*", "tasks", "main.yml")))
# the catalogue area each role enforces: the audit-first roles' from their own test; base sets no control of its own
AREAS = {"backup": ("backup",), "logging": ("logging",), "vpn": ("vpn",), "base": (),
         **{role: spec[2] for role, spec in AUDIT_FIRST.items()}}
# task files every tag-limited run needs: they change nothing, and the concerns read what they set
# the reads of audit first (audit.yml, or drift.yml and converged.yml where concerns are files, units and packages)
ALWAYS = {"validate.yml", "audit.yml", "drift.yml", "converged.yml"}
# controls a role reports but no concern enforces (the audit-first roles' test says why)
REPORT_ONLY = {control_id for spec in AUDIT_FIRST.values() for control_id in spec[3]}


def main_tasks(role):
    with open(os.path.join(ROOT, "roles", role, "tasks", "main.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_every_role_is_classified():
    assert set(ROLES) == set(AREAS), "a new role: say which catalogue areas it enforces in AREAS"


@pytest.mark.parametrize("role", ROLES)
def test_every_include_is_tagged_by_its_concern_and_controls(role):
    for task in main_tasks(role):
        tags = task.get("tags")
        assert tags, "%s: task %r has no tags" % (role, task["name"])
        if "ansible.builtin.include_vars" in task or "ansible.builtin.set_fact" in task or "ansible.builtin.meta" in task:
            assert tags == ["always"], (role, task["name"], tags)
            continue
        include = task["ansible.builtin.include_tasks"]
        assert isinstance(include, dict), "%s: %r includes without `apply`, its tasks would skip under --tags" % (
            role, task["name"])
        assert include["apply"]["tags"] == tags, (role, task["name"])
        if include["file"] in ALWAYS:
            assert tags == ["always"], (role, include["file"], tags)
            continue
        assert tags[0] == include["file"][:-len(".yml")], (role, include["file"], tags)
        for control_id in tags[1:]:
            if os.path.exists(os.path.join(ROOT, "roles", role, "tasks", control_id + ".yml")):
                continue  # another concern that reads what this one writes (said in main.yml)
            assert control_id in CONTROLS, "%s: tag %s of %s is not a catalogue id" % (role, control_id, include["file"])
            assert CONTROLS[control_id]["area"] in AREAS[role], "%s tags %s, a control of area %s" % (
                role, control_id, CONTROLS[control_id]["area"])


@pytest.mark.parametrize("role", ROLES)
def test_every_control_of_the_role_is_reachable_by_its_id(role):
    tagged = {tag for task in main_tasks(role) for tag in task["tags"]}
    expected = {cid for cid, entry in CONTROLS.items() if entry["area"] in AREAS[role]} - REPORT_ONLY
    assert not expected - tagged, "%s: --tags reaches none of %s" % (role, sorted(expected - tagged))
