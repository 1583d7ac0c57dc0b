#!/usr/bin/env python3
"""Benchmark: the registry inventory plugin against the same inventory as a static YAML file.

Builds a registry of N devices (default 100,000), writes the very same hosts, groups and host vars
as a static YAML inventory, then times `ansible-inventory --list` on each and prints both times,
their ratio (plugin / static, target <= 1.0) and the plugin run's peak memory (target < 1 GiB).

    .venv/bin/python bench/inventory_scale.py [--devices 100000] [--workdir /tmp/amane-bench]
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))

from ansible_collections.amane.telework.plugins.module_utils.registry import COLUMNS, open_registry  # noqa: E402
from ansible_collections.amane.telework.plugins.module_utils.registry_inventory import build_hosts, known_hosts_text  # noqa: E402

ADMINISTRATIONS = ["finances", "sante", "education", "justice", "interieur", "equipement", "agriculture", "culture"]
STATES = ["active"] * 14 + ["quarantined", "approved", "requested"] * 2


def key(prefix, n):
    return base64.b64encode(hashlib.sha256(("%s-%d" % (prefix, n)).encode()).digest()).decode()


def row(n):
    admin = ADMINISTRATIONS[n % len(ADMINISTRATIONS)]
    state = STATES[n % len(STATES)]
    compliant = state in ("active", "approved")
    posture = {"compliant": compliant, "checked_at": "2026-11-23T06:00:00Z", "failed": [] if compliant else ["PO-M9B"]}
    values = {
        "device_id": "dev-%06d" % n, "hostname": "pc-%06d" % n, "enroll_address": "172.16.%d.%d" % (n // 250 % 250, n % 250 + 1),
        "owner_id": "E-%06d" % n, "owner_name": "Agent %d" % n, "administration": admin, "unit": "unit-%d" % (n % 40),
        "device_kind": "issued" if n % 3 else "byod", "telework_kind": "full" if n % 4 == 0 else "partial",
        "schedule": json.dumps({"days": ["mon", "tue", "thu"], "start": "08:30", "end": "16:30"}),
        "charter_version": "2026.1", "charter_accepted_at": "2026-11-01T09:00:00Z", "approved_by": "rssi-" + admin,
        "approved_at": "2026-11-02T09:00:00Z", "host_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + key("host", n)[:43],
        "wg_public_key": key("wg", n), "vpn_address": "10.%d.%d.%d" % (64 + n // 62500, n // 250 % 250, n % 250 + 1),
        "posture": json.dumps(posture), "state": state, "created_at": "2026-11-01T09:00:00Z",
        "updated_at": "2026-11-23T06:00:00Z", "equipment_returned_at": None, "wipe_requested": 0,
    }
    return tuple(values[c] for c in COLUMNS)


def build_registry(path, devices):
    registry = open_registry(path)
    with registry.transaction():
        registry.conn.executemany("INSERT INTO devices (%s) VALUES (%s)" % (", ".join(COLUMNS), ", ".join("?" * len(COLUMNS))),  # noqa: S608 - constant columns
                                  (row(n) for n in range(1, devices + 1)))
    registry.close()


def write_static(path, registry_path, known_hosts):
    """The same hosts, vars and groups as the plugin gives (same code builds them)."""
    registry = open_registry(registry_path, create=False)
    hosts, problems = build_hosts(registry.all_rows_as_lists(), states={"requested", "approved", "active", "quarantined"},
                                  management_key_file="~/.ssh/amane_management", known_hosts_file=known_hosts)
    registry.close()
    assert not problems, problems[:3]
    groups = {}
    for name, _, host_groups in hosts:
        for group in host_groups:
            groups.setdefault(group, {})[name] = None
    data = {"all": {"hosts": {name: variables for name, variables, _ in hosts},
                    "children": {group: {"hosts": members} for group, members in groups.items()}}}
    with open(path, "w") as handle:
        yaml.dump(data, handle, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False)
    with open(known_hosts, "w") as handle:
        handle.write(known_hosts_text(hosts))
    return len(hosts)


def timed_list(source):
    """Wall time and peak resident memory (MiB) of one `ansible-inventory --list` run."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_CACHE_PLUGIN="ansible.builtin.memory",
               ANSIBLE_NOCOLOR="1")
    env.pop("AMANE_REGISTRY_PATH", None)
    start = time.monotonic()
    proc = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", source, "--list"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    _, status, usage = os.wait4(proc.pid, 0) if proc.returncode is None else (0, proc.returncode, None)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit("ansible-inventory -i %s failed:\n%s" % (source, err.decode()[-2000:]))
    return elapsed, usage, out


def peak_mib(source):
    """Peak RSS of one run, measured by GNU time-free means: a child run under resource accounting."""
    code = ("import resource, subprocess, sys, os;"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,"
            " env=dict(os.environ, ANSIBLE_CONFIG=%r, ANSIBLE_CACHE_PLUGIN='ansible.builtin.memory'), cwd=%r);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)") % (os.path.join(ROOT, "ansible.cfg"), ROOT)
    out = subprocess.run([sys.executable, "-c", code, os.path.join(os.path.dirname(sys.executable), "ansible-inventory"),
                          "-i", source, "--list"], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=100000)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "amane-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    registry_path = os.path.join(args.workdir, "registry.sqlite")
    plugin_config = os.path.join(args.workdir, "fleet.registry.yml")
    static_file = os.path.join(args.workdir, "fleet.yml")
    with open(plugin_config, "w") as handle:
        handle.write("plugin: amane.telework.registry\nregistry_path: registry.sqlite\nmanagement_key_file: ~/.ssh/amane_management\n")

    start = time.monotonic()
    build_registry(registry_path, args.devices)
    hosts = write_static(static_file, registry_path, registry_path + ".static.known_hosts")
    print("devices: %d (hosts listed: %d), registry and static inventory built in %.1f s" % (args.devices, hosts, time.monotonic() - start))

    plugin_time, _, plugin_out = timed_list(plugin_config)
    static_time, _, static_out = timed_list(static_file)
    plugin_hosts = len(json.loads(plugin_out)["_meta"]["hostvars"])
    static_hosts = len(json.loads(static_out)["_meta"]["hostvars"])
    assert plugin_hosts == static_hosts == hosts, (plugin_hosts, static_hosts, hosts)
    plugin_peak = peak_mib(plugin_config)
    static_peak = peak_mib(static_file)
    ratio = plugin_time / static_time
    print("ansible-inventory --list, plugin : %.2f s, peak memory %.0f MiB" % (plugin_time, plugin_peak))
    print("ansible-inventory --list, static : %.2f s, peak memory %.0f MiB" % (static_time, static_peak))
    print("ratio plugin/static: %.2f (target <= 1.0) %s; plugin peak %s 1 GiB" % (
        ratio, "OK" if ratio <= 1.0 else "SLOWER", "under" if plugin_peak < 1024 else "OVER"))


if __name__ == "__main__":
    main()
