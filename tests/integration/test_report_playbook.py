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
import time

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
    # the report store beside the reports: never the checkout's lab registry
    variables = {"amane_report_dir": reports, "amane_report_audits": [], "amane_report_posture": False,
                 "amane_registry_path": os.path.join(reports, "registry.sqlite")}
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, "playbooks/report.yml", "-e", json.dumps(variables)] + list(extra)
    return subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=300)


def test_threshold_met_passes_and_prints_the_summary_line(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", "amane_report_threshold=50")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "AMANE-REPORT status=PASS rate=50.00% threshold=50.00% hosts=4 compliant=2 noncompliant=2 unaudited=1" in done.stdout
    files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(str(tmp_path), "*", "*")))
    assert files == ["SHA256SUMS", "manifest.json", "report.csv", "report.html", "report.json", "report.xml", "summary.txt"]
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
    assert os.listdir(str(tmp_path)) == []  # no report set, and no registry created for the store


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


def test_second_run_compares_with_the_stored_first_and_bundles_a_signed_export(inventory, tmp_path):
    """Two runs through the playbook: the second compares with the first from the store, and its
    auditor's bundle verifies with tar, sha256sum and openssl, as docs/reports.md says."""
    reports = tmp_path / "reports"
    reports.mkdir()
    key, public = tmp_path / "signing.pem", tmp_path / "signing.pub"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(public)], check=True, capture_output=True)
    first = run(inventory, str(reports))
    assert first.returncode == 0, first.stdout + first.stderr
    first_id = sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob(str(reports / "*" / "report.json")))[0]
    time.sleep(1.1)  # run ids are to the second
    second = run(inventory, str(reports), "-e", json.dumps({"amane_report_signing_key": str(key), "amane_report_bundle": True}))
    assert second.returncode == 0, second.stdout + second.stderr
    assert "new_failures=0 fixes=0" in second.stdout
    second_id = max(os.path.basename(os.path.dirname(p)) for p in glob.glob(str(reports / "*" / "report.json")))
    with open(reports / second_id / "report.json", encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["changes"]["previous_run_id"] == first_id
    assert [r["run_id"] for r in report["trend"]["runs"]] == [first_id, None]
    out = tmp_path / "auditor"
    out.mkdir()
    subprocess.run(["tar", "-xzf", str(reports / (second_id + ".auditor.tar.gz")), "-C", str(out)], check=True)
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=str(out / second_id), capture_output=True, text=True, check=False)
    assert sums.returncode == 0 and "manifest.json: OK" in sums.stdout, sums.stdout + sums.stderr
    verify = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin", "-in", "manifest.json",
                             "-sigfile", "manifest.json.sig"], cwd=str(out / second_id), capture_output=True, text=True, check=False)
    assert verify.returncode == 0 and "Signature Verified Successfully" in verify.stdout, verify.stdout + verify.stderr


def test_bad_retention_names_the_field_and_writes_nothing(inventory, tmp_path):
    done = run(inventory, str(tmp_path), "-e", "amane_report_retention_days=0")
    assert done.returncode == 2
    assert "retention_days: 0 is not a number of days in 1..36500" in done.stdout + done.stderr
    assert glob.glob(os.path.join(str(tmp_path), "*", "report.json")) == []
