"""The posture module: contract (audit, compliant, failed, reasons), waivers, bad input, read-only."""

import json
import os
import subprocess

import pytest

from ansible_collections.amane.telework.plugins.modules import posture
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, utc_now

from tests.unit.tools import tool, tool_env
from tests.unit.posture_tree import APT_SECURITY, NOW, dpkg_status, fake_runner, make_device, write

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GATE = ["PO-M9A-AV", "PO-M9A-OS", "PO-M9A-WEB", "PO-M9B", "PO-M9C", "PO-S4"]


def evaluate(root, apt=None, **params):
    base = {"disabled": [], "waivers": {}}
    base.update(params)
    runner = fake_runner() if apt is None else fake_runner(apt)
    snapshot = HostSnapshot(root=str(root), params=base, run_command=runner, now=NOW)
    return posture.evaluate(base, snapshot, "pc-test", "byod")


def test_gate_covers_every_posture_control():
    assert set(GATE) <= set(posture.gate_controls())
    assert all(CONTROLS[cid]["gates_vpn"] for cid in posture.gate_controls())


def test_compliant_device(tmp_path):
    make_device(tmp_path)
    result = evaluate(tmp_path)
    assert result["compliant"] is True and result["failed_controls"] == [] and result["reasons"] == []
    audit = result["audit"]
    assert audit["schema"] == "amane.audit/1" and audit["host"] == "pc-test" and audit["profile"] == "byod"
    assert audit["summary"]["compliant"] is True
    assert {r["id"] for r in audit["results"]} >= set(GATE)


def test_non_compliant_device_names_clause_and_evidence(tmp_path):
    packages = make_device(tmp_path)
    packages["nmap"] = "7.93"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status(packages))
    result = evaluate(tmp_path, APT_SECURITY)
    assert result["compliant"] is False
    assert "PO-M9B" in result["failed_controls"] and "PO-M9A-OS" in result["failed_controls"]
    assert "failed M9b: nmap installed" in result["reasons"]


def test_waiver_until_expiry(tmp_path):
    packages = make_device(tmp_path)
    packages["nmap"] = "7.93"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status(packages))
    waiver = {"justification": "network course", "approver": "rssi", "expires": "2026-12-31"}
    result = evaluate(tmp_path, waivers={"PO-M9B": waiver})
    assert result["compliant"] is True
    status = {r["id"]: r for r in result["audit"]["results"]}["PO-M9B"]
    assert status["status"] == "waived" and "nmap installed" in status["evidence"]
    expired = dict(waiver, expires="2026-11-22")
    assert evaluate(tmp_path, waivers={"PO-M9B": expired})["failed_controls"] == ["PO-M9B"]


def test_check_error_blocks_the_gate(tmp_path):
    make_device(tmp_path)
    base = {"disabled": [], "waivers": {}}
    snapshot = HostSnapshot(root=str(tmp_path), params=base, run_command=fake_runner(rc=100), now=NOW)
    result = posture.evaluate(base, snapshot, "pc-test", "issued")
    assert result["compliant"] is False
    assert any(line.startswith("error M9a/M12a: check failed: apt-get -s dist-upgrade failed") for line in result["reasons"])


def test_bad_input_names_the_field():
    params = {
        "waivers": {"PO-M9B": {"approver": "x", "expires": "31/12/2026"}, "XX-99": {}},
        "disabled": ["NOPE"], "max_pending_security_updates": -1, "max_apt_lists_age_days": 7,
        "av_max_age_days": 7, "session_idle_max_minutes": 15, "work_data_scan_limit": 0,
    }
    errors = " | ".join(posture.bad_input(params))
    for needle in ("waivers.PO-M9B.justification", "waivers.PO-M9B.expires", "waivers.XX-99", "disabled: NOPE",
                   "max_pending_security_updates", "work_data_scan_limit"):
        assert needle in errors


def tree_digest(root):
    digest = []
    for current, _unused, files in os.walk(root):
        for name in sorted(files):
            stat = os.stat(os.path.join(current, name))
            digest.append((os.path.join(current, name), stat.st_size, stat.st_mtime_ns))
    return sorted(digest)


def ansible_posture(root, *extra, **args):
    env = tool_env(ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="json")
    args = json.dumps({"root": str(root), "profile": "byod", **args})
    return subprocess.run(
        [tool("ansible"), "localhost", "-c", "local", "-m", "amane.telework.posture", "-a", args, *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize("mode", [[], ["--check"]])
def test_module_runs_under_ansible_and_changes_nothing(tmp_path, mode):
    make_device(tmp_path, now=utc_now())  # the module reads the real clock: age the tree by it
    before = tree_digest(tmp_path)
    proc = ansible_posture(tmp_path, *mode)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
    assert result["changed"] is False and not result.get("failed")
    assert set(result) >= {"audit", "compliant", "failed_controls", "reasons"}
    # The fake tree has fresh signatures, a browser and a locked idle lock: only the host's real
    # apt state may differ, so the tree-based controls must pass.
    statuses = {r["id"]: r["status"] for r in result["audit"]["results"]}
    for control_id in ("PO-M9A-AV", "PO-M9B", "PO-M9C", "PO-S4"):
        assert statuses[control_id] == "pass", result["audit"]
    assert tree_digest(tmp_path) == before


def with_nmap(tmp_path):
    packages = make_device(tmp_path)
    packages["nmap"] = "7.93"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status(packages))


def test_disabled_and_waived_gate_controls_are_reported_not_hidden(tmp_path):
    with_nmap(tmp_path)  # PO-M9B fails: its waiver decides it
    waiver = {"justification": "network course", "approver": "rssi", "expires": "2026-12-31"}
    result = evaluate(tmp_path, disabled=["PO-M9A-AV"], waivers={"PO-M9B": waiver})
    assert result["compliant"] is True
    assert result["not_assessed"] == ["PO-M9A-AV disabled", "PO-M9B waived"]
    assert evaluate(tmp_path, disabled=["PO-M9B"])["not_assessed"] == ["PO-M9B disabled"]


def test_a_gate_emptied_by_disabling_or_waiving_admits_nobody(tmp_path):
    with_nmap(tmp_path)
    applicable = [cid for cid in posture.gate_controls() if "byod" in CONTROLS[cid]["profiles"]]
    others = [cid for cid in applicable if cid != "PO-M9B"]
    waiver = {"justification": "course", "approver": "rssi", "expires": "2026-12-31"}
    for result in (evaluate(tmp_path, disabled=applicable), evaluate(tmp_path, disabled=others, waivers={"PO-M9B": waiver})):
        assert result["compliant"] is False and result["msg"] == "posture not compliant: gate emptied"
        assert any("gate emptied" in reason for reason in result["reasons"])
    make_device(tmp_path)  # no nmap: PO-M9B is assessed and passes, so the gate is not empty
    assert evaluate(tmp_path, disabled=others, waivers={"PO-M9B": waiver})["compliant"] is True


def gate_result(proc):
    assert proc.returncode in (0, 2), proc.stdout + proc.stderr
    return json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]


def test_the_fleet_options_mapping_extends_the_gate_and_wins_over_the_parameters(tmp_path):
    """playbooks/posture.yml passes amane_posture_options as O(options): the same mapping the
    endpoint_hardening role audits and purges with, so an administration's own deny-list reaches the gate."""
    packages = make_device(tmp_path, now=utc_now())
    packages["evil-scanner"] = "1.0"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status(packages))

    def m9b(**args):
        return {r["id"]: r for r in gate_result(ansible_posture(tmp_path, **args))["audit"]["results"]}["PO-M9B"]

    assert m9b()["status"] == "pass"  # not in the catalogue's list
    assert m9b(options={"intrusion_packages": ["evil-*"]})["status"] == "fail"
    assert m9b(intrusion_packages=[], options={"intrusion_packages": ["evil-*"]})["status"] == "fail"
    refused = gate_result(ansible_posture(tmp_path, options={"intrusion_package": ["evil-*"], "session_idle_max_minutes": 0}))
    assert refused.get("failed")
    assert "options.intrusion_package: unknown option" in refused["msg"] and "options.session_idle_max_minutes" in refused["msg"]
