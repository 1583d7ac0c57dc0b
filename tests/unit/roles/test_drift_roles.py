"""Audit first where a role's concerns are files, units and packages (state_drift): read from the
roles' own files, the concerns the description names, the concerns the role can run and its task
files agree, and every path a concern's task writes on the host is in that concern's description,
so that a setting changed by hand is never left for the weekly full run to find."""

import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

ROLES = {
    # role: (task file holding the description, file whose includes run the concerns, the fact they test)
    "logging": ("drift.yml", "main.yml", "__logging_run"),
    "vpn": ("client_drift.yml", "client.yml", "__vpn_client_run"),
}
# modules that write a path on the host, and the option that names it
WRITERS = {"ansible.builtin.template": "dest", "ansible.builtin.copy": "dest", "ansible.builtin.file": "path",
           "ansible.builtin.lineinfile": "path", "ansible.builtin.shell": "creates",
           "community.crypto.openssl_privatekey": "path", "community.crypto.openssl_csr": "path"}


def tasks(role, name):
    with open(os.path.join(ROOT, "roles", role, "tasks", name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def description(role):
    spec = next(task for task in tasks(role, ROLES[role][0]) if "amane.telework.state_drift" in task)
    return {concern["name"]: concern for concern in spec["amane.telework.state_drift"]["concerns"]}


def included(role):
    """{concern: its include task} of the file that runs them."""
    found = {}
    for task in tasks(role, ROLES[role][1]):
        include = task.get("ansible.builtin.include_tasks")
        if include:
            name = include["file"] if isinstance(include, dict) else include
            found[name[:-len(".yml")]] = task
    return found


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_described_concern_is_run_only_when_chosen(role):
    fact = ROLES[role][2]
    runs = included(role)
    for concern in description(role):
        assert concern in runs, "%s: concern %s is described but never included" % (role, concern)
        assert "'%s' in %s" % (concern, fact) in runs[concern]["when"], (role, concern, runs[concern].get("when"))


@pytest.mark.parametrize("role", sorted(ROLES))
def test_a_concern_names_the_controls_it_is_tagged_with(role):
    """The drift message names a concern's controls: the same ids as its include's tags (one mapping,
    held equal here); a concern no catalogue control covers names none."""
    runs = included(role)
    for name, concern in description(role).items():
        tagged = [tag for tag in runs[name].get("tags", [])[1:] if re.fullmatch(r"[A-Z]{2}-\d{2}", tag)]
        if role == "vpn":
            tagged = []  # VP-* are the gateway's controls: the client's concerns enforce none of the catalogue
        assert concern.get("controls", []) == tagged, (role, name, concern.get("controls"), tagged)


def test_the_full_run_lists_every_described_concern():
    with open(os.path.join(ROOT, "roles", "logging", "vars", "main.yml"), encoding="utf-8") as handle:
        assert yaml.safe_load(handle)["__logging_client_concerns"] == list(description("logging"))
    choose = next(task for task in tasks("vpn", "client.yml") if "ansible.builtin.set_fact" in task)
    assert str(list(description("vpn"))) in choose["ansible.builtin.set_fact"]["__vpn_client_run"]


def written_paths(role, concern):
    for task in tasks(role, concern + ".yml"):
        if "delegate_to" in task:
            continue  # the CA's work on log1: log1's own concerns
        for module, option in WRITERS.items():
            args = task.get(module)
            if isinstance(args, dict) and args.get(option) or module == "ansible.builtin.shell" and task.get("args", {}).get(option):
                yield task["name"], (args if module != "ansible.builtin.shell" else task["args"])[option]


def pieces(path):
    """The variables and literal parts of a templated path: what its description must name."""
    names = re.findall(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)", path)
    literal = re.sub(r"\{\{.*?\}\}", "\0", path).split("\0")
    return names + [part for part in literal if part.strip("/")]


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_path_a_concern_writes_is_in_its_description(role):
    for name, concern in description(role).items():
        text = yaml.safe_dump(concern)
        for task, path in written_paths(role, name):
            missing = [piece for piece in pieces(path) if piece not in text]
            assert not missing, "%s: %s writes %s (task %r); its description in tasks/%s lacks %s" % (
                role, name, path, task, ROLES[role][0], missing)
