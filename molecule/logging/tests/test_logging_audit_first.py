"""Audit first on the logging client, through the documented path (playbooks/logging.yml limited
to the laptop, on the scenario's inventory): a no-op run reads the laptop's state once and runs no
concern; each concern's setting broken by hand drifts that concern alone, the next run fixes it
from the concern's own task file (two batches, each change traced to its file), and the journal
still reaches log1."""

import os
import uuid

from amane_testlib import concern_run
from conftest import STORE, wait_for

# Tests reach each container explicitly; run the module once.
testinfra_hosts = ["docker://logging-log1"]

LAPTOP = "logging-laptop"
CHOOSE = "Choose the logging concerns to run"


READ = "Tell which logging concerns differ on the host (one read)"


def laptop_run(controls=None, *extra, host=LAPTOP):
    """playbooks/logging.yml on ``host`` (the laptop) with ``extra`` arguments; returns (concerns chosen,
    {task file: changed task names}). ``controls``, a list, receives the control ids the first read named."""
    inventory = os.environ.get("MOLECULE_INVENTORY_FILE")
    assert inventory, "run through molecule: MOLECULE_INVENTORY_FILE names the scenario's inventory"
    chosen, changed, first_read = concern_run(inventory, host, "playbooks/logging.yml", CHOOSE, "__logging_run", *extra, read=READ)
    if controls is not None:
        controls.extend(first_read["controls"] or ["none"])
    return chosen, changed


def test_a_no_op_run_reads_once_and_runs_no_concern():
    chosen, changed = laptop_run()
    # the reads ran and nothing else (the database audit applies on db servers only)
    assert chosen == [] and changed == {}, (chosen, changed)


# (concern, command that breaks what it sets on the converged laptop), two batches of one run each,
# and the controls the read must name for the batch
BATCHES = [
    ([("journald", "sed -i 's/^Storage=.*/Storage=volatile/' /etc/systemd/journald.conf.d/60-amane-logging.conf"),
      ("pki", "chmod 0644 /etc/amane/logging-pki/host.key"),
      ("forward", "sed -i '1i # edited by hand' /etc/rsyslog.d/60-amane-forward.conf")], ["LG-02", "LG-03", "LG-04", "LG-05"]),
    ([("auditd", "sed -i '/^active *=/d' /etc/audit/plugins.d/syslog.conf"),
      ("command_log", "rm /etc/profile.d/amane-command-log.sh")], ["LG-01"]),
]


def test_each_broken_concern_is_found_and_fixed_alone(laptop, log1):
    for batch, expected_controls in BATCHES:
        for _concern, command in batch:
            laptop.check_output(command)
        controls = []
        chosen, changed = laptop_run(controls)
        concerns = [concern for concern, _command in batch]
        assert controls == expected_controls, (controls, expected_controls)
        assert sorted(chosen) == sorted(concerns), (chosen, concerns)
        assert set(changed) == {concern + ".yml" for concern in concerns}, changed
    assert laptop.file("/etc/amane/logging-pki/host.key").mode == 0o600
    assert laptop.file("/etc/profile.d/amane-command-log.sh").exists
    assert laptop_run() == ([], {})
    # the restarted forwarder still delivers to the central journal
    marker = "amane-audit-first-%s" % uuid.uuid4().hex[:8]
    laptop.check_output("logger -t amane-test %s" % marker)
    wait_for(log1, "grep -rh %s %s/ || true" % (marker, STORE), lambda out: marker in out)


def test_a_tag_limited_run_fixes_its_concern_and_leaves_the_others_for_the_next_run(laptop):
    laptop.check_output(BATCHES[0][0][0][1] + " && " + BATCHES[0][0][2][1])  # journald (LG-02) and forward (LG-03)
    chosen, changed = laptop_run(None, "--tags", "LG-02")
    assert sorted(chosen) == ["forward", "journald"], chosen
    assert set(changed) == {"journald.yml"}, changed  # and the run does not fail on the forward left to do
    assert laptop_run() == (["forward"], {"forward.yml": ["amane.telework.logging : Forward everything to the "
                                                          "central journal with a disk-assisted queue"]})


def test_the_central_journal_ca_key_is_read_too_and_fixed(log1):
    log1.check_output("chmod 0644 /etc/amane/logging-ca/ca.key")
    chosen, changed = laptop_run(host="logging-log1")
    assert chosen == ["pki"] and "pki.yml" in changed, (chosen, changed)
    assert log1.file("/etc/amane/logging-ca/ca.key").mode == 0o600
