"""The test interpreter's own tools (python, ansible, ansible-inventory, ...), whatever the caller's PATH.

A test that runs ``ansible`` or ``python3`` by bare name runs whichever one comes first on the
caller's PATH (a system Ansible, a Python without the requirements) or none at all. These helpers
resolve every tool next to ``sys.executable``, the interpreter pytest runs under, and put that
directory first on the child's PATH so the tool's own children (ansible-playbook, python) match.
"""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.dirname(os.path.abspath(sys.executable))


def tool(name):
    """The absolute path of ``name`` in the test interpreter's bin directory; fails if it is not there."""
    path = os.path.join(BIN, name)
    if not os.access(path, os.X_OK):
        raise FileNotFoundError("%s is not installed beside %s: run `make venv`" % (name, sys.executable))
    return path


def tool_env(**extra):
    """os.environ with the interpreter's bin directory first on PATH and the checkout's ansible.cfg."""
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env["ANSIBLE_CONFIG"] = os.path.join(ROOT, "ansible.cfg")
    env.update(extra)
    return env
