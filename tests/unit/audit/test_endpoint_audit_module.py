"""The endpoint_audit module: one result per control, profiles, bad input, runs under Ansible read-only."""

import json
import os
import subprocess

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_posture
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, utc_now
from ansible_collections.amane.telework.plugins.modules import endpoint_audit

from tests.unit.tools import tool, tool_env
from tests.unit.posture_tree import NOW, fake_runner, make_device

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def params(**overrides):
    base = {"profile": "byod", "areas": ["endpoint", "posture"], "disabled": [], "waivers": {}, "posture_options": {},
            "pwquality_minlen": 12, "pwquality_minclass": 3, "faillock_deny": 5, "max_update_age_days": 7}
    base.update(overrides)
    return base


def test_one_result_per_control_and_byod_scope(tmp_path):
    make_device(tmp_path)
    snapshot = HostSnapshot(root=str(tmp_path), params={}, run_command=fake_runner(), now=NOW)
    result = endpoint_audit.audit(params(), snapshot, "pc-byod-1")
    ids = [r["id"] for r in result["audit"]["results"]]
    assert ids == sorted(c for c, e in CONTROLS.items() if e["area"] in ("endpoint", "posture"))
    statuses = {r["id"]: r["status"] for r in result["audit"]["results"]}
    assert statuses["EH-02"] == "not_applicable"  # issued-only control on a personal computer
    assert statuses["EH-15"] == "fail" and "EH-15" in result["failed_controls"]


def test_waiver_turns_fail_into_waived(tmp_path):
    make_device(tmp_path)
    snapshot = HostSnapshot(root=str(tmp_path), params={}, run_command=fake_runner(), now=NOW)
    waiver = {"justification": "replacement ordered", "approver": "rssi", "expires": "2026-12-31"}
    result = endpoint_audit.audit(params(waivers={"EH-15": waiver}), snapshot, "pc")
    assert {r["id"]: r["status"] for r in result["audit"]["results"]}["EH-15"] == "waived"
    assert "EH-15" not in result["failed_controls"]


def test_bad_input_names_field_and_fix():
    bad = params(areas=["nope"], disabled=["XX"], posture_options={"bogus": 1}, faillock_deny=-1, waivers={"EH-15": {"approver": "a"}})
    errors = " | ".join(endpoint_audit.bad_input(bad))
    for needle in ("areas: nope", "disabled: XX", "posture_options.bogus", "faillock_deny", "waivers.EH-15.justification"):
        assert needle in errors


def test_module_under_ansible_is_read_only_and_rejects_bad_input(tmp_path):
    make_device(tmp_path, now=utc_now())  # the module reads the real clock: age the tree by it
    env = tool_env(ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="json")

    def run(args, *extra):
        argv = [tool("ansible"), "localhost", "-c", "local", "-m", "amane.telework.endpoint_audit", "-a", json.dumps(args), *extra]
        proc = subprocess.run(argv,
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        return json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]

    good = run({"root": str(tmp_path), "profile": "byod"}, "--check")
    assert good["changed"] is False and good["audit"]["profile"] == "byod"
    bad = run({"root": str(tmp_path), "waivers": {"EH-15": {"expires": "soon"}}})
    assert bad.get("failed") and "waivers.EH-15.expires" in bad["msg"]
    # The deny-list the role purges is the one the audit used: the catalogue's, or posture_options'.
    assert good["intrusion_packages"] == checks_posture.DEFAULTS["intrusion_packages"]
    extended = run({"root": str(tmp_path), "profile": "byod", "posture_options": {"intrusion_packages": ["nmap", "evil-*"]}})
    assert extended["intrusion_packages"] == ["nmap", "evil-*"]


def test_the_idle_lock_is_judged_against_what_the_role_enforces(tmp_path):
    """The role passes the minutes it enforces (endpoint_hardening_idle_minutes): the audit must see a
    laptop whose lock is longer than that as failing, even when the gate would let it pass, and a lock
    the gate accepts once the fleet's limit allows it."""
    make_device(tmp_path, now=utc_now())  # shells end after 15 minutes (TMOUT=900), the desktop after 5
    env = tool_env(ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="json")

    def po_s4(**args):
        argv = [tool("ansible"), "localhost", "-c", "local", "-m", "amane.telework.endpoint_audit", "-a",
                json.dumps(dict(root=str(tmp_path), profile="byod", **args)), "--check"]
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        host = json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
        assert not host.get("failed"), host.get("msg")
        return {r["id"]: r["status"] for r in host["audit"]["results"]}["PO-S4"]

    assert po_s4(idle_minutes=10) == "fail"  # the gate's 15 would pass it; the role enforces 10
    assert po_s4(idle_minutes=15) == "pass"
    assert po_s4(idle_minutes=20, posture_options={"session_idle_max_minutes": 30}) == "pass"
