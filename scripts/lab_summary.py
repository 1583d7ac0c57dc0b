"""What `make lab` leaves: each device's registry state and why, the tunnel's latest handshake on
the gateway, db1's last good backup, and where the report is. Reads only; prints plain text."""

import datetime
import glob
import json
import os
import sqlite3
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
PREFIX = os.environ.get("AMANE_LAB_PREFIX", "amane-lab-")
REGISTRY = os.environ.get("AMANE_REGISTRY_PATH", os.path.join(ROOT, "inventories", "lab", "registry.sqlite"))


def docker_exec(host, *argv):
    done = subprocess.run(["docker", "exec", PREFIX + host, *argv], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


def devices():
    if not os.path.exists(REGISTRY):
        return []
    conn = sqlite3.connect("file:%s?mode=ro" % REGISTRY, uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(
            "SELECT hostname, device_id, device_kind, state, posture, wg_public_key, vpn_address FROM devices "
            "WHERE state <> 'offboarded' ORDER BY hostname")]
    finally:
        conn.close()


def handshakes():
    """{public key: seconds since the latest handshake, or None when never}, from the gateway."""
    found = {}
    for line in docker_exec("gw1", "wg", "show", "wg0", "latest-handshakes").splitlines():
        key, _unused, stamp = line.partition("\t")
        found[key] = int(time_now() - int(stamp)) if stamp.strip() not in ("", "0") else None
    return found


def time_now():
    return datetime.datetime.now(datetime.timezone.utc).timestamp()


def device_lines():
    seen = handshakes()
    lines = []
    for device in devices():
        posture = json.loads(device["posture"] or "{}")
        failed = ["%s %s (%s)" % (cid, CONTROLS[cid]["title"]["en"] if cid in CONTROLS else "?",
                                  "/".join(CONTROLS.get(cid, {}).get("clauses", [])))
                  for cid in posture.get("failed") or []]
        why = ("posture compliant" if posture.get("compliant") else
               "refused: " + "; ".join(failed) if posture else "posture not checked yet")
        if device["wg_public_key"] in seen:
            age = seen[device["wg_public_key"]]
            tunnel = "tunnel: latest handshake %ds ago" % age if age is not None else "tunnel: peer, no handshake yet"
        else:
            tunnel = "tunnel: no peer on the gateway"
        lines.append("  %-12s %-8s %-6s %-11s %s; %s" % (
            device["hostname"], device["device_id"], device["device_kind"], device["state"], why, tunnel))
    return lines or ["  (no device enrolled: make lab-enroll)"]


def backup_lines():
    lines = []
    for path in sorted(docker_exec("db1", "sh", "-c", "ls /var/lib/amane/backup/*.json 2>/dev/null").split()):
        status = json.loads(docker_exec("db1", "cat", path) or "{}")
        good = status.get("last_good") or {}
        lines.append("  %-28s last good backup %s (%s)" % (
            os.path.basename(path)[:-5], good.get("finished_at", "never"), good.get("archive", "-")))
    return lines or ["  (no backup status on db1)"]


def report_line(reports):
    found = sorted(glob.glob(os.path.join(reports, "*", "summary.txt")))
    if not found:
        return "  (no report: make report)"
    with open(found[-1], encoding="utf-8") as handle:
        return "  %s\n  %s" % (os.path.join(os.path.dirname(found[-1]), "report.html"), handle.read().strip())


def main(argv):
    reports = argv[1] if len(argv) > 1 else os.path.join(ROOT, "reports")
    print("\nThe lab is up and converged.")
    print("Devices (registry %s):" % os.path.relpath(REGISTRY, ROOT))
    print("\n".join(device_lines()))
    print("Backups on db1:")
    print("\n".join(backup_lines()))
    print("Report:")
    print(report_line(reports))
    print("Hosts: docker ps --filter label=amane.lab=%s (shell: docker exec -it %sgw1 bash); "
          "inventory: ansible-inventory --graph; take it down: make lab-down" % (PREFIX, PREFIX))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
