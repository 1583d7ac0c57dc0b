"""Shared helpers of the vpn scenario's tests: hosts by container name, inventory, playbook runs."""

import os
import shutil
import subprocess

import pytest
import testinfra
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
INVENTORY = os.path.join(ROOT, "molecule", "vpn", "inventory")
INTERFACE = "wg0"


@pytest.fixture(scope="session")
def host_of():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = testinfra.get_host("docker://" + name)
        return cache[name]

    return get


def public_key(host):
    return host.file("/etc/wireguard/%s.pub" % INTERFACE).content_string.strip()


def gateway_peers(gw):
    return set(gw.check_output("wg show %s peers" % INTERFACE).split())


def run_playbook(inventory_dir, *args, playbook="playbooks/vpn.yml"):
    """Run ``playbook`` (playbooks/vpn.yml) like an operator would; returns (rc, output)."""
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    if os.environ.get("AMANE_VPN_LOG"):
        env["ANSIBLE_LOG_PATH"] = os.environ["AMANE_VPN_LOG"]
    proc = subprocess.run(
        [shutil.which("ansible-playbook") or "ansible-playbook", "-i", os.path.join(inventory_dir, "hosts.yml"),
         playbook, *args],
        cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=900,
    )
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
