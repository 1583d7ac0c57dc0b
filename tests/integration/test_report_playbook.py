"""playbooks/report.yml end to end on the controller: real ansible-playbook, real action plugin.

Hosts are local-connection stand-ins whose amane_audit_* facts come from the fixtures (the
role audits themselves are exercised by molecule/report). Checks the exit status against the
threshold, the AMANE-REPORT line, check mode writing nothing, and pseudonymization through
the playbook (the key never printed).
"""

import glob
import json
import os
import subprocess

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "report")
ANSIBLE_PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")


def _load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    audits, records = _load("audits.json"), _load("records.json")
    hosts = {}
    for name in ("pc-issued-1", "pc-byod-1", "gw1"):
        hostvars = dict(records.get(name, {}), ansible_connection="local")
        for index, audit in enumerate(a for a in audits if a["host"] == name):
            hostvars["amane_audit_fixture%d" % index] = audit
        hosts[name] = hostvars
    # enrolled but never reached: must be listed as not audited, and must not stop the play
    hosts["pc-offline-1"] = dict(records["pc-offline-1"], ansible_connection="ssh", ansible_host="192.0.2.1")
    path = tmp_path_factory.mktemp("inventory") / "hosts.yml"
    path.write_text(yaml.safe_dump({"all": {"hosts": hosts}}, allow_unicode=True), encoding="utf-8")
    return str(path)


def run(inventory, reports, *extra):
    env = dict(os.environ, ANSIBLE_INVENTORY_ENABLED="yaml", ANSIBLE_TIMEOUT="3", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_CALLBACK_RESULT_FORMAT="json",
               ANSIBLE_PYTHON_INTERPRETER=os.path.join(ROOT, ".venv", "bin", "python"))
    variables = {"amane_report_dir": reports, "amane_report_audits": [], "amane_report_posture": False}
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, "playbooks/report.yml", "-e", json.dumps(variables)] + list(extra)
    return subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=300)


def test_threshold_met_passes_and_prints_the_summary_line(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", "amane_report_threshold=50")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "AMANE-REPORT status=PASS rate=50.00% threshold=50.00% hosts=4 compliant=2 noncompliant=2 unaudited=1" in done.stdout
    files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(str(tmp_path), "*", "*")))
    assert files == ["report.csv", "report.html", "report.json", "report.xml", "summary.txt"]
    with open(glob.glob(os.path.join(str(tmp_path), "*", "summary.txt"))[0], encoding="utf-8") as handle:
        assert handle.read().startswith("AMANE-REPORT status=PASS rate=50.00%")


def test_threshold_missed_fails_the_play_after_writing(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", "amane_report_threshold=90")
    assert done.returncode == 2
    assert "AMANE-REPORT status=FAIL rate=50.00% threshold=90.00%" in done.stdout + done.stderr
    assert len(glob.glob(os.path.join(str(tmp_path), "*", "report.json"))) == 1


def test_check_mode_writes_nothing(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "AMANE-REPORT status=PASS" in done.stdout
    assert os.listdir(str(tmp_path)) == []


def test_pseudonymized_through_the_playbook(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", json.dumps({"amane_report_pseudonymize": True, "amane_report_pseudonymize_key": "k-7f3a9"}))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "k-7f3a9" not in done.stdout + done.stderr
    for path in glob.glob(os.path.join(str(tmp_path), "*", "report.*")):
        with open(path, encoding="utf-8") as handle:
            content = handle.read()
        for name in ("Benali", "Fatima", "Youssef", "Alaoui", "يوسف", "EMP-4711", "k-7f3a9"):
            assert name.casefold() not in content.casefold(), (name, path)


def test_missing_key_is_a_clear_error_and_writes_nothing(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", json.dumps({"amane_report_pseudonymize": True}))
    assert done.returncode == 2
    assert "pseudonymize_key: required when pseudonymize is true" in done.stdout + done.stderr
    assert os.listdir(str(tmp_path)) == []
