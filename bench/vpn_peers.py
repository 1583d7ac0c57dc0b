"""Helpers of bench/vpn.sh and bench/access_latency.sh: fake peer sets, the scenario's inventory with
vpn-pc2 active or offboarded, and timing of the role's peer-file rendering."""

import base64
import hashlib
import json
import os
import statistics
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))

from ansible_collections.amane.telework.plugins.filter import vpn_config
from ansible_collections.amane.telework.plugins.module_utils import values
import jinja2


def key(index):
    """A well-formed public key per index (a hash clamped like a Curve25519 key)."""
    raw = bytearray(hashlib.sha256(b"amane-bench-%d" % index).digest())
    raw[31] &= 0x7F
    return base64.b64encode(bytes(raw)).decode()


def inventory(count, changed=False):
    first = 1 if changed else 0  # the changed set drops peer 0 and adds peer `count`
    hosts = ["pc%d" % i for i in range(first, count + first)]
    hostvars = {h: {"amane_device_id": "dev-%05d" % int(h[2:]), "amane_wg_public_key": key(int(h[2:])),
                    "amane_vpn_address": "10.%d.%d.%d" % (100, (int(h[2:]) + 2) // 256, (int(h[2:]) + 2) % 256),  # in 10.100.0.0/16
                    "amane_administration": "finance",
                    # assessed now: an older posture would put every peer in the quarantine lane
                    "amane_posture": {"compliant": True, "failed": [],
                                      "checked_at": time.strftime(values.UTC_TIME_FORMAT, time.gmtime())}} for h in hosts}
    return {"state_active": hosts, "posture_compliant": hosts}, hostvars


def render(count, changed=False):
    groups, hostvars = inventory(count, changed)
    peers = vpn_config.vpn_peers(groups, hostvars)
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(ROOT, "roles", "vpn", "templates")),
                                  trim_blocks=True, autoescape=False).get_template("peers.conf.j2")  # noqa: S701 (WireGuard file, not HTML)
    return template.render(ansible_managed="bench", vpn_peer_groups=["state_active", "posture_compliant"],
                           vpn_peers=peers, vpn_port=51999)  # not wg0's port: the bench interface lives beside it


def inventory_yaml(count, changed=False):
    """A static inventory: the scenario's gateway plus ``count`` active, compliant BYOD peers.

    BYOD peers, so no client play targets them; only the gateway is ever contacted (--limit).
    """
    groups, hostvars = inventory(count, changed)
    hosts = groups["state_active"]
    lines = ["all:", "  children:", "    gateways:", "      hosts:", "        vpn-gw1:",
             "          ansible_connection: community.docker.docker",
             "          ansible_python_interpreter: /usr/bin/python3"]
    for group in ("device_byod", "state_active", "posture_compliant", "admin_finance"):
        lines += ["    %s:" % group, "      hosts:"]
        lines += ["        %s:" % host for host in hosts]
    lines += ["  vars:", "    ansible_connection: local", "  hosts:"]
    for host in hosts:
        lines.append("    %s: %s" % (host, json.dumps(hostvars[host], sort_keys=True)))
    return "\n".join(lines) + "\n"


def scenario_inventory(dest, pc2):
    """The vpn scenario's inventory copied to ``dest``, vpn-pc2 active (``pc2 == "active"``) or offboarded."""
    import shutil

    import yaml
    source = os.path.join(ROOT, "molecule", "vpn", "inventory")
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest)
    path = os.path.join(dest, "hosts.yml")
    with open(path) as handle:
        data = yaml.safe_load(handle)
    children = data["all"]["children"]
    if pc2 != "active":
        del children["state_active"]["hosts"]["vpn-pc2"]
        children["state_offboarded"] = {"hosts": {"vpn-pc2": None}}
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle)


def registry_inventories(base, changed, count):
    """The base and changed registry inventories: the changed one is the base's copy with the change."""
    import shutil

    registry_inventory(base, count)
    shutil.rmtree(changed, ignore_errors=True)
    shutil.copytree(base, changed)
    registry_inventory(changed, count, changed=True, reuse=True)


def registry_inventory(dest, count, changed=False, reuse=False):
    """A registry inventory in ``dest``: ``count`` active, compliant BYOD devices in registry.sqlite (the
    changed set offboards pc0 and activates pc<count>), the registry plugin's configuration, and the
    scenario's gateway. What a targeted change reads at fleet scale (vpn_peers_source registry)."""
    from ansible_collections.amane.telework.plugins.module_utils.registry import ipam
    from ansible_collections.amane.telework.plugins.module_utils.registry.store import open_registry

    os.makedirs(dest, exist_ok=True)
    path = os.path.join(dest, "registry.sqlite")
    if os.path.exists(path) and not reuse:
        os.remove(path)
    now = time.strftime(values.UTC_TIME_FORMAT, time.gmtime())
    pools = {"finance": "10.100.0.0/16"}
    registry = open_registry(path=path)

    def activate(index):
        request = {"hostname": "pc%d" % index, "enroll_address": "192.0.2.10", "owner_id": "E-%05d" % index,
                   "owner_name": "Bench Owner", "administration": "finance", "unit": "bench", "device_kind": "byod",
                   "telework_kind": "full", "schedule": {"days": ["mon"], "start": "08:30", "end": "16:30"},
                   "charter_version": "2026.1", "charter_accepted_at": now, "wg_public_key": key(index)}
        record, _unused = registry.upsert(request, "bench", now=now)
        # the address asked for: the first free one is a scan per device, minutes at 10,000
        ipam.allocate(registry, record["device_id"], pools, now=now,
                      requested="10.100.%d.%d" % ((index + 2) // 256, (index + 2) % 256))
        registry.transition(record["device_id"], "approve", "bench", "bench fleet", now=now)
        registry.record_posture(record["device_id"], True, [], [], now, "bench", now=now, activate_approved=True)
        return record["device_id"]

    with registry.transaction():
        if not reuse:
            for index in range(count):
                activate(index)
        if changed:
            registry.transition(registry.find(hostname="pc0")["device_id"], "offboard", "bench", "one-peer change")
            activate(count)
    registry.close()
    with open(os.path.join(dest, "bench.registry.yml"), "w") as handle:
        handle.write("plugin: amane.telework.registry\nregistry_path: registry.sqlite\ncache: false\n"
                     "address_preference: enrollment\nconnection: local\n")
    with open(os.path.join(dest, "hosts.yml"), "w") as handle:
        handle.write("all:\n  children:\n    gateways:\n      hosts:\n        vpn-gw1:\n"
                     "          ansible_connection: community.docker.docker\n"
                     "          ansible_python_interpreter: /usr/bin/python3\n")


def main():
    if sys.argv[1] == "registry-inventories":
        registry_inventories(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    if sys.argv[1] == "scenario-inventory":
        scenario_inventory(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1] == "inventory":
        sys.stdout.write(inventory_yaml(int(sys.argv[2]), sys.argv[3] == "changed"))
        return
    if sys.argv[1] == "conf":
        sys.stdout.write(render(int(sys.argv[2]), sys.argv[3] == "changed"))
        return
    for count in map(int, sys.argv[2:]):
        times = []
        for _unused in range(5):
            start = time.perf_counter()
            render(count, True)
            times.append((time.perf_counter() - start) * 1000)
        print(count, "%.3f" % statistics.median(times))


if __name__ == "__main__":
    main()
