"""Offboarding end to end (C5, S20), after every other registry test (file order): the laptop does
not come back."""

import json
import os
import sqlite3
import subprocess

from test_registry import INVENTORY, REGISTRY, inventory, record, run

testinfra_hosts = ["registry-pc-issued-1"]
DEVICE = "pc-issued-1"


def test_offboarding_removes_access_wipes_work_data_and_records_the_return(host):
    device_id = record(DEVICE)[0]["device_id"]
    host.run_expect([0], "install -d -o nobody /home/agent/.amane-vault && echo dossier > /home/agent/.amane-vault/note.txt")
    result = run("ansible-playbook", "-i", INVENTORY, "playbooks/offboard.yml", "-e", "amane_device=" + DEVICE,
                 "-e", "amane_actor=rssi-molecule", "-e", json.dumps({"amane_reason": "end of telework agreement"}),
                 "-e", "amane_equipment_returned=true", "-e", "amane_wipe_work_data=true")
    assert result.returncode == 0, result.stdout[-3000:]
    assert not host.file("/home/agent/.amane-vault").exists
    assert not host.file("/home/amane/.ssh/authorized_keys").exists
    assert not host.file("/etc/sudoers.d/amane-management").exists
    assert host.run("passwd -S amane").stdout.split()[1] == "L"
    with sqlite3.connect(REGISTRY) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("SELECT * FROM devices WHERE device_id = ?", (device_id,)).fetchone())
        history = [dict(h) for h in conn.execute("SELECT * FROM history WHERE device_id = ? ORDER BY seq", (device_id,))]
    assert row["state"] == "offboarded" and row["equipment_returned_at"] and row["wipe_requested"] == 1
    offboard = [h for h in history if h["action"] == "offboard"]
    assert len(offboard) == 1 and offboard[0]["actor"] == "rssi-molecule" and "end of telework" in offboard[0]["reason"]
    assert "equipment_returned" in [h["action"] for h in history[history.index(offboard[0]):]]
    # Out of the inventory (so off the VPN peers on the gateway's next run), and locked out.
    assert DEVICE not in inventory()["_meta"]["hostvars"]
    again = subprocess.run(["ssh", "-i", os.environ["AMANE_MANAGEMENT_KEY"], "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                            "amane@" + row["enroll_address"], "true"], check=False, capture_output=True, text=True, timeout=60)
    assert again.returncode == 255 and "Permission denied" in again.stderr, again.stderr
