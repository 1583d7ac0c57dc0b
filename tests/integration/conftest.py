"""Integration tests drive real containers: without a Docker engine they fail loudly, never skip."""

import shutil
import subprocess

import pytest


@pytest.fixture(scope="session", autouse=True)
def docker_engine():
    # make test starts an engine before pytest runs (scripts/install-deps.sh); without one these
    # tests cannot mean anything, so they fail loudly rather than skip.
    assert shutil.which("docker"), "docker client missing: run 'make deps'"
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    assert probe.returncode == 0, "no Docker engine answers: run 'make deps' (starts dockerd)"
