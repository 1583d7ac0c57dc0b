"""Fixtures of the antivirus scenario: its containers and the audit module run through Ansible."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
from amane_testlib import docker_host, module_on, run

EICAR = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="session")
def mirror():
    return docker_host("antivirus-mirror")


@pytest.fixture(scope="session")
def endpoint():
    return docker_host("antivirus-endpoint")


@pytest.fixture(scope="session")
def byod():
    return docker_host("antivirus-byod")


def put_eicar(host, path):
    """Write the EICAR test file (68 bytes, no newline) on ``host``."""
    host.run_expect([0], "mkdir -p \"$(dirname %s)\" && printf '%%s' '%s' > %s" % (path, EICAR, path))


def run_audit(container, **options):
    """Run amane.telework.antivirus_audit on ``container`` the way the role does; return its result."""
    return module_on(container, "amane.telework.antivirus_audit", dict({"mirror_url": "http://antivirus-mirror/clamav"}, **options))


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
    proc = run("ansible-playbook", "-i", str(inventory), "--limit", "antivirus-endpoint", *extra,
               os.path.join("playbooks", "antivirus.yml"), timeout=300)
    return proc.returncode, proc.stdout + proc.stderr
