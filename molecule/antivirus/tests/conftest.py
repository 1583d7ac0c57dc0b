"""Fixtures of the antivirus scenario: its containers and the audit module run through Ansible."""

import json
import os
import subprocess

import pytest
import testinfra

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EICAR = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="session")
def mirror():
    return testinfra.get_host("docker://antivirus-mirror")


@pytest.fixture(scope="session")
def endpoint():
    return testinfra.get_host("docker://antivirus-endpoint")


@pytest.fixture(scope="session")
def byod():
    return testinfra.get_host("docker://antivirus-byod")


def put_eicar(host, path):
    """Write the EICAR test file (68 bytes, no newline) on ``host``."""
    host.run_expect([0], "mkdir -p \"$(dirname %s)\" && printf '%%s' '%s' > %s" % (path, EICAR, path))


def run_audit(container, **options):
    """Run amane.telework.antivirus_audit on ``container`` the way the role does; return its result."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="ansible.posix.json")
    args = json.dumps(dict({"mirror_url": "http://antivirus-mirror/clamav"}, **options))
    proc = subprocess.run(
        ["ansible", "all", "-i", container + ",", "-c", "community.docker.docker",
         "-m", "amane.telework.antivirus_audit", "-a", args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    output = json.loads(proc.stdout)
    return output["plays"][0]["tasks"][0]["hosts"][container]


def result_of(audit, control_id):
    return next(r for r in audit["results"] if r["id"] == control_id)


INVENTORY = """
all:
  vars:
    ansible_connection: community.docker.docker
    antivirus_mirror_url: http://antivirus-mirror/clamav
    antivirus_official_databases: []
    antivirus_custom_databases: [amane-test.hdb]
  children:
    laptops:
      hosts:
        antivirus-endpoint: {amane_device_kind: issued}
"""


def run_playbook(tmp_path, *extra):
    """Run playbooks/antivirus.yml on the converged laptop with ``extra`` arguments; return (rc, output)."""
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(INVENTORY)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"), ANSIBLE_FORCE_COLOR="0")
    proc = subprocess.run(
        ["ansible-playbook", "-i", str(inventory), "--limit", "antivirus-endpoint"] + list(extra)
        + [os.path.join(ROOT, "playbooks", "antivirus.yml")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr
