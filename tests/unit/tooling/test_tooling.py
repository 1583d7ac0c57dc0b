"""The linters see every program Amane ships: the host programs have no .py or .sh name (they are
commands), so ruff and shellcheck would skip them unless told."""

import glob
import os
import subprocess
import tomllib

from tests.unit.tools import ROOT, tool

HOST_PROGRAMS = sorted(glob.glob(os.path.join(ROOT, "roles", "*", "files", "amane-*")))


def interpreter(path):
    with open(path, "rb") as handle:
        return handle.readline().decode("utf-8", "replace").strip()


def test_every_python_host_program_is_linted_by_ruff():
    with open(os.path.join(ROOT, "ruff.toml"), "rb") as handle:
        included = set(tomllib.load(handle).get("extend-include", []))
    python = {os.path.relpath(p, ROOT) for p in HOST_PROGRAMS if "python" in interpreter(p)}
    assert python and python == included, "ruff.toml extend-include must list exactly: %s" % sorted(python)
    listed = subprocess.run([tool("ruff"), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout
    for path in python:
        assert os.path.join(ROOT, path) in listed, path


def test_every_shell_program_passes_shellcheck():
    shell = [p for p in HOST_PROGRAMS if interpreter(p).endswith(("/sh", "/bash"))]
    shell += glob.glob(os.path.join(ROOT, "scripts", "*.sh")) + glob.glob(os.path.join(ROOT, "bench", "*.sh"))
    assert len(shell) > 2
    done = subprocess.run([tool("shellcheck"), *shell], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
