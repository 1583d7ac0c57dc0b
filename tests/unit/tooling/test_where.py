"""scripts/where.py, run as README.md shows (.venv/bin/python from the checkout's root): for every
control, the files it names exist."""

import os
import re
import subprocess
import sys

import pytest

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


PYTHON = os.path.join(ROOT, ".venv", "bin", "python")


def where(*argv):
    # the checkout's own .venv, as README.md says; the running interpreter where the tests run from
    # another environment
    python = PYTHON if os.path.exists(PYTHON) else sys.executable
    return subprocess.run([python, "scripts/where.py", *argv], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("control_id", sorted(CONTROLS))
def test_every_control_is_found_in_existing_files(control_id):
    done = where(control_id)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(control_id + "  " + CONTROLS[control_id]["title"]["en"]), done.stdout
    fields = dict(re.findall(r"^  ([a-z][a-z /]+?) {2,}(.*)$", done.stdout, re.M))
    paths = [fields["catalogue"].split(":")[0], fields["check"].split(":")[0], fields["test"].split("::")[0]]
    paths += re.findall(r"^  enforced by  (roles/\S+\.yml)", done.stdout, re.M)
    assert all(os.path.isfile(os.path.join(ROOT, path)) for path in paths), (paths, done.stdout)
    assert fields["check"].endswith("()"), done.stdout


@pytest.mark.parametrize("argv, named", [(["EH-99"], "EH-99: no such control"), (["eh-07"], "usage"), ([], "usage"),
                                         (["EH-07\n"], "usage")])
def test_an_unknown_or_malformed_id_is_named(argv, named):
    done = where(*argv)
    assert done.returncode == 2 and named in done.stderr and not done.stdout, done


def test_list_names_every_control_once():
    done = where("--list")
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == sorted(CONTROLS)
