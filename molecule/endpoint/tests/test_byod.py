"""The personal laptop: audited, reported, never changed (M9, M10)."""

import os
FINGERPRINT = open(os.path.join(os.path.dirname(__file__), "fingerprint.sh"), encoding="utf-8").read()


def fingerprint(host):
    return host.run("bash -c %s", FINGERPRINT)


def test_audit_only_changed_nothing(byod):
    before = byod.file("/var/tmp/amane-before.txt").content_string  # noqa: S108 - written by prepare.yml
    now = fingerprint(byod)
    assert now.rc == 0, now.stderr
    assert now.stdout == before, "converge and idempotence runs changed the personal laptop"


def test_deny_listed_tool_reported(byod, byod_audit):
    assert byod.run("dpkg-query -W netcat-traditional").rc == 0, "byod: tools are reported, never removed"
    status, evidence = byod_audit["PO-M9B"]
    assert status == "fail" and "netcat-traditional installed" in evidence


def test_byod_report_is_audit_only(byod_audit):
    statuses = byod_audit
    # Controls the administration enforces only on its own laptops are not applicable here.
    assert statuses["EH-02"][0] == "not_applicable" and statuses["EH-12"][0] == "not_applicable"
    assert statuses["PO-S4"][0] == "fail"


def test_the_baseline_is_audited_on_the_personal_laptop_and_enforced_nowhere(byod, byod_audit):
    """BYOD: the workstation baseline is reported (its sysctl file was never written), compilers are
    the teleworker's own business (EH-22 applies to issued laptops only)."""
    assert byod_audit["EH-16"][0] == "fail" and "not set" in byod_audit["EH-16"][1]
    assert byod_audit["EH-19"][0] == "fail"
    assert byod_audit["EH-18"][0] == "not_applicable"  # no SSH server on this one
    assert byod_audit["EH-22"][0] == "not_applicable"
    assert not byod.file("/etc/sysctl.d/60-amane-baseline.conf").exists
