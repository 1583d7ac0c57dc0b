"""Benchmark: the registry inventory plugin against the same inventory as a static YAML file.

Builds a registry of N devices (default 100,000), writes the very same hosts, groups and host vars
as a static YAML inventory, then runs `ansible-inventory --list` once on each and prints both wall
times, their ratio (plugin / static, target <= 1.0) and each run's peak memory (plugin target < 1 GiB).

Peak memory is the peak resident set of the whole ansible-inventory process tree: the largest of
the kernel's ru_maxrss for the run (wait4), the sum of RSS over the process and all its
descendants sampled every 0.1 s, and any one process's high-water mark (VmHWM) seen in those
samples. The registry and static file are built in a separate process: after exec, ru_maxrss
carries over the high-water mark of the process that forked the run, so the measuring process
must stay small. The static run is bounded (--static-timeout, --static-memory):
past a bound it is stopped and reported as not finished, and the ratio is printed as the bound it
is (plugin time / time the static run had used without finishing).

Both outputs are then compared host by host (groups and host vars, with the plugin's
{"__ansible_unsafe": ...} markers read as the plain strings they stand for).

    .venv/bin/python bench/inventory_scale.py [--devices 100000] [--workdir /tmp/amane-bench]
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))

from ansible_collections.amane.telework.plugins.module_utils.registry.store import COLUMNS, open_registry
from ansible_collections.amane.telework.plugins.module_utils.registry.inventory import build_hosts, known_hosts_text

ADMINISTRATIONS = ["finances", "sante", "education", "justice", "interieur", "equipement", "agriculture", "culture"]
STATES = ["active"] * 14 + ["quarantined", "approved", "requested"] * 2
# A fleet has a handful of schedules (C1, C3); posture times are per device (each gate run).
SCHEDULES = [
    {"days": ["mon", "tue", "thu"], "start": "08:30", "end": "16:30"},
    {"days": ["mon", "wed", "fri"], "start": "09:00", "end": "17:00"},
    {"days": ["tue", "thu"], "start": "08:00", "end": "16:00"},
    {"days": ["wed"], "start": "08:30", "end": "12:30"},
]
FULL_TIME = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "end": "16:30"}
FAILURES = [["PO-M9B"], ["PO-M9A-OS"], ["PO-M9B", "PO-S4"]]
KEY_FILE = "~/.ssh/amane_management"
LIVE_STATES = {"requested", "approved", "active", "quarantined"}


class PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """No &anchors/*aliases for the values hosts share: the static file spells every host out, as people write it."""

    def ignore_aliases(self, data):
        return True


def key(prefix, n):
    return base64.b64encode(hashlib.sha256(("%s-%d" % (prefix, n)).encode()).digest()).decode()


def row(n):
    admin = ADMINISTRATIONS[n % len(ADMINISTRATIONS)]
    state = STATES[n % len(STATES)]
    compliant = state in ("active", "approved")
    checked_at = "2026-11-23T%02d:%02d:%02dZ" % (6 + n // 3600 % 12, n // 60 % 60, n % 60)
    posture = {"compliant": compliant, "checked_at": checked_at, "failed": [] if compliant else FAILURES[n % len(FAILURES)]}
    full = n % 4 == 0
    values = {
        "device_id": "dev-%06d" % n, "hostname": "pc-%06d" % n, "enroll_address": "172.16.%d.%d" % (n // 250 % 250, n % 250 + 1),
        "owner_id": "E-%06d" % n, "owner_name": "Agent %d" % n, "administration": admin, "unit": "unit-%d" % (n % 40),
        "device_kind": "issued" if n % 3 else "byod", "telework_kind": "full" if full else "partial",
        "schedule": json.dumps(FULL_TIME if full else SCHEDULES[n % len(SCHEDULES)]),
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


def write_static(path, registry_path):
    """The same hosts, vars and groups as the plugin gives (same code builds them, same option values)."""
    registry = open_registry(registry_path, create=False)
    known_hosts = registry_path + ".known_hosts"  # the plugin's default; both inventories point SSH at it
    hosts, problems = build_hosts(registry.iter_rows(), states=LIVE_STATES, management_key_file=os.path.expanduser(KEY_FILE),
                                  known_hosts_file=known_hosts)
    registry.close()
    assert not problems, problems[:3]
    groups = {}
    for name, _unused, host_groups in hosts:
        for group in host_groups:
            groups.setdefault(group, {})[name] = None
    data = {"all": {"hosts": {name: variables for name, variables, _unused in hosts},
                    "children": {group: {"hosts": members} for group, members in groups.items()}}}
    with open(path, "w") as handle:
        yaml.dump(data, handle, Dumper=PlainDumper, default_flow_style=False)
    with open(known_hosts, "w") as handle:
        handle.write(known_hosts_text(hosts))
    return len(hosts)


def tree_rss_kib(pid):
    """(resident memory of pid and every descendant, largest high-water mark of one of them), KiB, from /proc."""
    total, high, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open("/proc/%d/status" % current) as handle:
                fields = dict(line.split(":", 1) for line in handle if line.startswith(("VmRSS:", "VmHWM:")))
            total += int(fields.get("VmRSS", "0 kB").split()[0])
            high = max(high, int(fields.get("VmHWM", "0 kB").split()[0]))
            for task in os.listdir("/proc/%d/task" % current):
                with open("/proc/%d/task/%s/children" % (current, task)) as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (IOError, OSError, ValueError):
            continue  # exited between two reads
    return total, high


def measured_list(source, output, timeout=None, memory_kib=None, mode="--list"):
    """One `ansible-inventory --list` (or ``mode``) run: (seconds, peak MiB of the tree, None or why it was stopped)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_CACHE_PLUGIN="ansible.builtin.memory",
               ANSIBLE_NOCOLOR="1")
    env.pop("AMANE_REGISTRY_PATH", None)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", source, mode]
    with open(output, "wb") as out, open(output + ".stderr", "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True)
    peak_kib, stopped = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak_kib = max(peak_kib, *tree_rss_kib(proc.pid))
        elapsed = time.monotonic() - start
        if timeout and elapsed > timeout:
            stopped = "still running after %.0f s (time bound)" % elapsed
        elif memory_kib and peak_kib > memory_kib:
            stopped = "reached %.0f MiB after %.0f s (memory bound)" % (peak_kib / 1024.0, elapsed)
        if stopped:
            os.killpg(proc.pid, signal.SIGKILL)
            _unused, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keeps Popen from waiting again
    peak_kib = max(peak_kib, usage.ru_maxrss)
    if not stopped and proc.returncode != 0:
        with open(output + ".stderr") as handle:
            raise SystemExit("ansible-inventory -i %s failed:\n%s" % (source, handle.read()[-2000:]))
    return elapsed, peak_kib / 1024.0, stopped


def plain(value):
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def digest(output):
    """{host: digest of its vars}, {group: sorted hosts} of one --list output, without keeping the output."""
    with open(output) as handle:
        data = json.load(handle)
    hostvars = data.pop("_meta")["hostvars"]
    hosts = {name: hashlib.sha256(json.dumps(plain(v), sort_keys=True).encode()).hexdigest() for name, v in hostvars.items()}
    groups = {name: sorted(group.get("hosts", [])) for name, group in data.items()}
    return hosts, groups


def load():
    one, five, _unused = os.getloadavg()
    return "load average %.2f (1 min), %.2f (5 min)" % (one, five)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=100000)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "amane-bench"))
    parser.add_argument("--static-timeout", type=float, default=1200.0, help="seconds before the static run is stopped (default 20 min)")
    parser.add_argument("--static-memory", type=float, default=14.0, help="GiB of RSS at which the static run is stopped")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # internal: the build step, in its own process
    args = parser.parse_args()
    registry_path = os.path.join(args.workdir, "registry.sqlite")
    plugin_config = os.path.join(args.workdir, "fleet.registry.yml")
    static_file = os.path.join(args.workdir, "fleet.yml")
    if args.prepare:
        shutil.rmtree(args.workdir, ignore_errors=True)
        os.makedirs(args.workdir)
        with open(plugin_config, "w") as handle:
            handle.write("plugin: amane.telework.registry\nregistry_path: registry.sqlite\nmanagement_key_file: %s\n" % KEY_FILE)
        start = time.monotonic()
        build_registry(registry_path, args.devices)
        hosts = write_static(static_file, registry_path)
        built = time.monotonic() - start
        print("devices: %d (hosts listed: %d), registry and static inventory built in %.1f s" % (args.devices, hosts, built))
        print(hosts)
        return

    prepare = [sys.executable, os.path.abspath(__file__), "--prepare", "--devices", str(args.devices), "--workdir", args.workdir]
    prepared = subprocess.run(prepare, check=True, capture_output=True, text=True).stdout.splitlines()
    print(prepared[0])
    hosts = int(prepared[1])
    print("before: %s, %d CPUs" % (load(), os.cpu_count()), flush=True)

    plugin_out, static_out = os.path.join(args.workdir, "plugin.json"), os.path.join(args.workdir, "static.json")
    plugin_time, plugin_peak, _unused = measured_list(plugin_config, plugin_out)
    print("ansible-inventory --list, plugin : %.2f s, peak memory %.0f MiB" % (plugin_time, plugin_peak), flush=True)
    # The same parse without --list's JSON of every host's vars: what the plugin itself and the
    # inventory it builds cost, i.e. what a playbook run over the fleet pays.
    graph_time, graph_peak, _unused = measured_list(plugin_config, os.path.join(args.workdir, "plugin.graph"), mode="--graph")
    print("ansible-inventory --graph, plugin: %.2f s, peak memory %.0f MiB (parse and inventory only; --list adds %.0f MiB "
          "of JSON output)" % (graph_time, graph_peak, plugin_peak - graph_peak), flush=True)
    static_time, static_peak, stopped = measured_list(static_file, static_out, args.static_timeout, args.static_memory * 1024 * 1024)
    print("after: %s" % load())
    if stopped:
        print("ansible-inventory --list, static : did not finish: %s; peak memory >= %.0f MiB" % (stopped, static_peak))
        print("ratio plugin/static: < %.2f (static time unknown, > %.0f s) %s; plugin peak %.0f MiB, %s 1 GiB" % (
            plugin_time / static_time, static_time, "OK" if plugin_time / static_time <= 1.0 else "UNDECIDED",
            plugin_peak, "under" if plugin_peak < 1024 else "OVER"))
    else:
        ratio = plugin_time / static_time
        print("ansible-inventory --list, static : %.2f s, peak memory %.0f MiB" % (static_time, static_peak))
        print("ratio plugin/static: %.2f (target <= 1.0) %s; plugin peak %.0f MiB, %s 1 GiB" % (
            ratio, "OK" if ratio <= 1.0 else "SLOWER", plugin_peak, "under" if plugin_peak < 1024 else "OVER"))

    plugin_hosts, plugin_groups = digest(plugin_out)
    assert len(plugin_hosts) == hosts, (len(plugin_hosts), hosts)
    if not stopped:
        static_hosts, static_groups = digest(static_out)
        assert plugin_groups == static_groups, "the two inventories' groups differ"
        differing = [name for name in plugin_hosts if plugin_hosts[name] != static_hosts.get(name)]
        assert not differing, "host vars differ between plugin and static for %d hosts, e.g. %s" % (len(differing), differing[:3])
        print("outputs compared: same %d hosts, same groups, same host vars" % hosts)


if __name__ == "__main__":
    main()
