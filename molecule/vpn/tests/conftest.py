"""Shared helpers of the vpn scenario's tests: hosts by container name, inventory, playbook runs."""

import os
import shutil
import sys

import pytest
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
from amane_testlib import ROOT, ansible_env, docker_host, run

INVENTORY = os.path.join(ROOT, "molecule", "vpn", "inventory")
INTERFACE = "wg0"


@pytest.fixture(scope="session")
def host_of():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = docker_host(name)
        return cache[name]

    return get


def public_key(host):
    return host.file("/etc/wireguard/%s.pub" % INTERFACE).content_string.strip()


def gateway_peers(gw):
    return set(gw.check_output("wg show %s peers" % INTERFACE).split())


def run_playbook(inventory_dir, *args, playbook="playbooks/vpn.yml"):
    """Run ``playbook`` (playbooks/vpn.yml) like an operator would; returns (rc, output)."""
    env = ansible_env()
    if os.environ.get("AMANE_VPN_LOG"):
        env["ANSIBLE_LOG_PATH"] = os.environ["AMANE_VPN_LOG"]
    proc = run("ansible-playbook", "-i", os.path.join(inventory_dir, "hosts.yml"), playbook, *args, env=env)
    return proc.returncode, proc.stdout + proc.stderr


def copy_inventory(tmp_path, change):
    """Copy the scenario inventory and apply ``change(hosts_dict)`` to its hosts.yml."""
    target = tmp_path / "inventory"
    shutil.copytree(INVENTORY, target, symlinks=False)
    hosts_file = target / "hosts.yml"
    data = yaml.safe_load(hosts_file.read_text())
    change(data["all"]["children"])
    hosts_file.write_text(yaml.safe_dump(data))
    return str(target)
