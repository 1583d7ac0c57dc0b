"""amane-audit-rules-check: the audit rule validator used where the kernel cannot load rules."""

import os

import jinja2
import pytest

from tests.unit.logging_scripts import FILES, load

rules_check = load("amane-audit-rules-check")
TEMPLATE = os.path.join(FILES, "..", "templates", "amane.rules.j2")


def render(**overrides):
    values = {"ansible_managed": "test", "logging_auditd_backlog": 8192, "logging_auditd_failure_mode": 1,
              "logging_auditd_min_uid": 1000, "logging_auditd_protected_units": ["clamav-daemon", "auditd"],
              "logging_auditd_extra_rules": [], "logging_auditd_immutable": False}
    values.update(overrides)
    with open(TEMPLATE) as handle:
        return jinja2.Template(handle.read(), trim_blocks=True).render(**values)


def test_role_template_is_valid_and_keyed():
    text = render(logging_auditd_immutable=True)
    assert rules_check.check_text(text) == []
    assert "-e 2" in text and "-k amane_teleworker_cmd" in text


@pytest.mark.parametrize("line, error", [
    ("-w /etc/shadow -p wa", "without -k"),
    ("-w etc/shadow -p wa -k x", "absolute"),
    ("-w /etc/shadow -p wz -k x", "rwxa"),
    ("-a always,exit -F arch=b64 -S execvee -k x", "unknown syscall"),
    ("-a sometimes,exit -S execve -k x", "action,list"),
    ("-a always,exit -F colour=red -S execve -k x", "unknown field"),
    ("-w /etc/shadow -p wa -k this_key_is_far_too_long_for_auditd", "1-31"),
    ("-e 3", "0, 1 or 2"),
    ("-Q /etc", "unknown option"),
])
def test_bad_rules_are_rejected(line, error):
    problems = rules_check.check_text("# comment\n" + line + "\n")
    assert problems and error in problems[0] and problems[0].startswith("line 2")


def test_extra_rule_without_key_makes_the_file_invalid():
    assert rules_check.check_text(render(logging_auditd_extra_rules=["-w /srv/data -p r"]))


def test_main_exit_status(tmp_path):
    good, bad = tmp_path / "good.rules", tmp_path / "bad.rules"
    good.write_text(render())
    bad.write_text("-w /etc/passwd -p wa\n")
    assert rules_check.main(["x", str(good)]) == 0
    assert rules_check.main(["x", str(bad)]) == 1
