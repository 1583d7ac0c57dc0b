"""Integration tests drive real containers: without a Docker engine they fail loudly, never skip."""

import fcntl
import os
import shutil
import subprocess
import tempfile

import pytest


@pytest.fixture(scope="session", autouse=True)
def docker_engine():
    # make test starts an engine before pytest runs (scripts/install-deps.sh); without one these
    # tests cannot mean anything, so they fail loudly rather than skip.
    assert shutil.which("docker"), "docker client missing: run 'make deps'"
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    assert probe.returncode == 0, "no Docker engine answers: run 'make deps' (starts dockerd)"


@pytest.fixture
def lab_docker_lock():
    """Tests that share Docker names and the image tag take turns, on whichever xdist worker.

    Their `xdist_group("lab-docker")` mark is not enough: with pytest 9.2 and pytest-xdist 3.8,
    `--dist loadgroup` spreads a group's tests over the workers (pytest-xdist issue #1386).
    """
    with open(os.path.join(tempfile.gettempdir(), "amane-lab-docker.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
