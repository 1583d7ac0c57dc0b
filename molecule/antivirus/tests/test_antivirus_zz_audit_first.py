"""Audit first on the issued laptop's antivirus, through the documented path (playbooks/antivirus.yml
limited to the laptop): a no-op run audits and enforces nothing; each concern's setting broken by hand
is failed by the audit, naming its control, and the next run fixes it from that concern's own task
file and nothing else. Last in the scenario (zz): it breaks what the other tests read, and heals it."""

import pytest
from conftest import INVENTORY, run_audit

from amane_testlib import concern_run

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
    chosen, changed, _read = concern_run(str(inventory), LAPTOP, "playbooks/antivirus.yml", CHOOSE, "__antivirus_run", timeout=300)
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
