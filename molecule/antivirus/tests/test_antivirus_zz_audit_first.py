"""Audit first on the issued laptop's antivirus, through the documented path (playbooks/antivirus.yml
limited to the laptop): a no-op run audits and enforces nothing; each concern's setting broken by hand
is failed by the audit, naming its control, and the next run fixes it from that concern's own task
file and nothing else. Last in the scenario (zz): it breaks what the other tests read, and heals it."""

import json
import os

import pytest
from conftest import INVENTORY, run_audit

from amane_testlib import run

LAPTOP = "antivirus-endpoint"
CHOOSE = "Choose the concerns to enforce from the audit"
MIRROR = "http://antivirus-mirror/clamav"
# (concern, command that breaks its setting, controls the audit must fail), in two batches of one run
# each; AV-02 (clamd answers) is enforced by freshclam too (a database to load), so stopping clamd
# chooses both
BATCHES = {
    "schedule-and-media": [
        ("scheduled_scan", "systemctl disable --now amane-av-scan.timer", ["AV-05"]),
        ("removable_media", "rm /etc/udev/rules.d/90-amane-av-removable.rules", ["AV-06"]),
    ],
    "signatures-and-daemon": [
        ("freshclam", "sed -i 's#%s#http://elsewhere.invalid/clamav#g' /etc/clamav/freshclam.conf" % MIRROR, ["AV-04"]),
        ("clamd", "systemctl stop clamav-daemon.service", ["AV-02"]),
    ],
}


def av_run(tmp_path):
    """playbooks/antivirus.yml on the laptop; returns (concerns chosen, {task file: changed task names})."""
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(INVENTORY)
    proc = run("ansible-playbook", "-i", str(inventory), "--limit", LAPTOP, "playbooks/antivirus.yml", json_output=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    chosen, changed = None, {}
    for play in json.loads(proc.stdout)["plays"]:
        for task in play["tasks"]:
            result = task["hosts"].get(LAPTOP, {})
            if task["task"]["name"].endswith(CHOOSE):
                chosen = result["ansible_facts"]["__antivirus_run"]
            path = task["task"]["path"].rsplit(":", 1)[0]
            # a handler (restart clamd, reload udev) follows from its concern's change
            if result.get("changed") and os.path.basename(os.path.dirname(path)) != "handlers":
                changed.setdefault(os.path.basename(path), []).append(task["task"]["name"])
    assert chosen is not None, "the antivirus play never chose its concerns"
    return chosen, changed


def test_a_no_op_run_audits_and_enforces_nothing(tmp_path):
    assert av_run(tmp_path) == ([], {})


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_broken_settings_are_failed_by_the_audit_and_only_their_concerns_run(endpoint, tmp_path, batch):
    breaks = BATCHES[batch]
    controls = sorted(c for _concern, _command, named in breaks for c in named)
    for concern, command, _named in breaks:
        broken = endpoint.run(command)
        assert broken.rc == 0, (concern, broken.stderr)
    failed = run_audit(LAPTOP)["failed_controls"]
    assert sorted(failed) == controls, (failed, controls)

    chosen, changed = av_run(tmp_path)
    expected = {concern for concern, _command, _named in breaks} | ({"freshclam"} if "AV-02" in controls else set())
    assert set(chosen) == expected, (chosen, changed)
    for concern, _command, _named in breaks:
        assert concern + ".yml" in changed, (concern, changed)  # its own tasks repaired it
    assert set(changed) <= {c + ".yml" for c in expected}, changed
    after = run_audit(LAPTOP)
    assert after["failed_controls"] == [], after["reasons"]


def test_after_every_fix_the_next_run_is_a_no_op_again(tmp_path):
    assert av_run(tmp_path) == ([], {})
