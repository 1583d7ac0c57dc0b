"""What the scenarios' testinfra tests share: the checkout, the containers as testinfra hosts, and
the checkout's own Ansible commands.

The commands are the ones beside the interpreter the tests run under (the checkout's .venv, as
make and molecule start them), never whichever `ansible` comes first on the caller's PATH: a
system Ansible would test another Ansible than the one the README installs.

Each scenario's conftest.py puts this folder on sys.path and imports what it needs.
"""

import json
import os
import subprocess
import sys

import testinfra

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)
from tests.unit.tools import BIN, tool  # one definition of "the tests' own commands", shared with the unit tests

JSON_CALLBACK = {"ANSIBLE_LOAD_CALLBACK_PLUGINS": "1", "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"}


def docker_host(container):
    """The testinfra host of a scenario container (the docker backend, as the converge reached it)."""
    return testinfra.get_host("docker://" + container)


def ansible_env(json_output=False, **extra):
    """os.environ for the checkout's Ansible: its ansible.cfg and collections, no colours, the
    interpreter's bin folder first on PATH (so ansible-playbook's own children match)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"), ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.update(JSON_CALLBACK if json_output else {})
    env.update(extra)
    return env


def run(program, *argv, json_output=False, timeout=900, env=None, **input_args):
    """Run one of the checkout's commands (ansible-playbook, ansible, ansible-inventory) from the
    checkout's root, as the README writes them; returns the CompletedProcess."""
    return subprocess.run([tool(program), *argv], cwd=ROOT, env=env or ansible_env(json_output), check=False,
                          capture_output=True, text=True, timeout=timeout, **input_args)


def module_on(container, module, args, timeout=180):
    """Run one module on a container over the docker connection; returns that host's result. A
    failed module raises AssertionError with Ansible's whole output (its message names the field)."""
    proc = run("ansible", "all", "-i", container + ",", "-c", "community.docker.docker", "-m", module,
               "-a", json.dumps(args), json_output=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    try:
        plays = json.loads(proc.stdout)["plays"]
    except ValueError:
        raise AssertionError("ansible printed no JSON (rc %s): %s" % (proc.returncode, proc.stdout + proc.stderr)) from None
    return plays[0]["tasks"][0]["hosts"][container]


def concern_run(inventory, host, playbook, choose, fact, *extra, read=None, timeout=900):
    """``playbook`` on ``host`` (``extra`` arguments), as the audit-first tests run it; returns the concerns
    chosen (the fact ``fact`` of the task whose name ends with ``choose``), {role task file: names of its
    tasks that changed}, and the result of the first task whose name ends with ``read`` (None without it).
    A handler is left out of the changed files: it follows from its concern's change."""
    proc = run("ansible-playbook", "-i", inventory, "--limit", host, *extra, playbook, json_output=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    chosen, changed, first_read = None, {}, None
    for play in json.loads(proc.stdout)["plays"]:
        for task in play["tasks"]:
            result, name = task["hosts"].get(host, {}), task["task"]["name"]
            if read and first_read is None and name.endswith(read):
                first_read = result
            if name.endswith(choose):
                chosen = result["ansible_facts"][fact]
            path = task["task"]["path"].rsplit(":", 1)[0]
            if result.get("changed") and os.path.basename(os.path.dirname(path)) != "handlers":
                changed.setdefault(os.path.basename(path), []).append(name)
    assert chosen is not None, "%s on %s never chose its concerns (%r)" % (playbook, host, choose)
    return chosen, changed, first_read
