"""scripts/lab_summary.py, what `make lab` prints last: each device's state and why, from the registry."""

import os
import subprocess
import sys

from ansible_collections.amane.telework.plugins.module_utils.registry.store import open_registry
from tests.unit.registry_factory import enroll, make_active

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def summary(tmp_path, registry_path):
    env = dict(os.environ, AMANE_REGISTRY_PATH=str(registry_path), AMANE_LAB_PREFIX="amane-unit-absent-")
    done = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_summary.py"), str(tmp_path / "reports")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_each_device_with_its_state_and_the_controls_that_refused_it(tmp_path):
    path = tmp_path / "registry.sqlite"
    registry = open_registry(path=str(path))
    active = enroll(registry, "pc-ok")
    make_active(registry, active["device_id"])
    refused = enroll(registry, "pc-refused", device_kind="byod")
    with registry.transaction():
        registry.transition(refused["device_id"], "approve", "rssi", "charter signed")
        registry.record_posture(refused["device_id"], False, ["PO-M9A-AV"], ["failed M9a/M12a: no antivirus"],
                                "2026-11-24T09:00:00Z", "gate", activate_approved=True)
    registry.close()
    out = summary(tmp_path, path)
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  pc-")}
    assert "active" in lines["pc-ok"] and "posture compliant" in lines["pc-ok"]
    assert "approved" in lines["pc-refused"] and "refused: PO-M9A-AV Antivirus installed" in lines["pc-refused"]
    assert "(M9a/M12a)" in lines["pc-refused"] and "no peer on the gateway" in lines["pc-refused"]
    assert "(no report: make report)" in out


def test_no_registry_yet_says_how_to_enroll(tmp_path):
    out = summary(tmp_path, tmp_path / "absent.sqlite")
    assert "no device enrolled: make lab-enroll" in out
