"""Bad input to `make lab-up` gives a clear message and leaves nothing half-created."""

import json
import subprocess

import pytest

from tests.integration.lab_tools import run_logged, tool_env

# They share Docker names and the image tag: they take turns (lab_docker_lock).
pytestmark = [pytest.mark.xdist_group("lab-docker"), pytest.mark.usefixtures("lab_docker_lock")]

PREFIX = "amane-conflict-"


def docker(*args):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=False)


def lab_objects(prefix):
    names = docker("ps", "-a", "--filter", "name=^" + prefix, "--format", "{{.Names}}").stdout.split()
    networks = docker("network", "ls", "--filter", "name=^" + prefix, "--format", "{{.Name}}").stdout.split()
    return names, networks


@pytest.fixture
def clean_prefix():
    yield PREFIX
    names, networks = lab_objects(PREFIX)
    if names:
        docker("rm", "-f", *names)
    if networks:
        docker("network", "rm", *networks)


def lab_up(prefix, **env):
    return run_logged(
        ["ansible-playbook", "playbooks/lab/up.yml"], "lab-up-%s.log" % prefix.strip("-"),
        env=tool_env(**{"AMANE_LAB_PREFIX": prefix, "AMANE_LAB_WG_PORT": "0", **env}), timeout=600,
    )


def test_name_conflict_with_a_foreign_container(clean_prefix):
    docker("create", "--name", clean_prefix + "db1", "amane/debian12:latest", "/bin/true")
    rc, output, _unused = lab_up(clean_prefix)
    assert rc != 0
    assert "A container named %sdb1 exists and is not part of the Amane lab" % clean_prefix in output
    assert "docker rm -f %sdb1" % clean_prefix in output
    names, networks = lab_objects(clean_prefix)
    assert names == [clean_prefix + "db1"], "the lab must create nothing when it refuses"
    assert networks == []


def test_missing_image(clean_prefix):
    rc, output, _unused = lab_up(clean_prefix, AMANE_IMAGE="amane/does-not-exist:latest")
    assert rc != 0
    assert "Image amane/does-not-exist:latest is missing: run 'make image'" in output
    assert lab_objects(clean_prefix) == ([], [])


def test_port_conflict(clean_prefix):
    holder = clean_prefix + "port-holder"
    started = docker("run", "-d", "--name", holder, "-p", "127.0.0.1:51899:51820/udp",
                     "--entrypoint", "/bin/sleep", "amane/debian12:latest", "600")
    assert started.returncode == 0, started.stderr
    rc, output, _unused = lab_up(clean_prefix, AMANE_LAB_WG_PORT="51899")
    assert rc != 0
    assert "UDP port 51899 on 127.0.0.1 is already published by /%s" % holder in output
    names, networks = lab_objects(clean_prefix)
    assert names == [holder] and networks == []


def test_failure_while_creating_removes_what_it_made(clean_prefix):
    # gw1 is created, then Docker refuses the second name: the run must remove gw1 and the network.
    rc, output, _unused = run_logged(
        ["ansible-playbook", "playbooks/lab/up.yml", "-e", json.dumps({"amane_lab_hosts": ["gw1", "bad name!"]})],
        "lab-up-rollback.log", env=tool_env(AMANE_LAB_PREFIX=clean_prefix, AMANE_LAB_WG_PORT="0"), timeout=600,
    )
    assert rc != 0
    assert "The lab could not be created and what this run made was removed" in output
    assert lab_objects(clean_prefix) == ([], [])


def test_no_docker_engine(clean_prefix, tmp_path):
    rc, output, _unused = lab_up(clean_prefix, DOCKER_HOST="unix://%s/no-engine.sock" % tmp_path)
    assert rc != 0
    assert "No Docker engine answers" in output
    assert "Run 'make deps' as root" in output
    assert lab_objects(clean_prefix) == ([], [])
