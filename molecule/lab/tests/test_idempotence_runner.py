"""playbooks/site.yml runs unchanged under ansible-runner (what AWX and AAP use to run jobs)."""

import os
import shutil

import ansible_runner

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PREFIX = os.environ.get("AMANE_LAB_PREFIX", "amane-test-")


def test_site_runs_under_ansible_runner(tmp_path):
    # Like an AWX job: a private data dir, the repository as the project, the lab as inventory.
    # The lab is already converged by Molecule, so this run must succeed and change nothing, on
    # every host, the enrolled laptops (over SSH as the management user) included. It runs first
    # (test_idempotence_*), before the mission tests change the laptops' states.
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(".venv", ".cache", ".git", "reports"))
    envvars = {
        "AMANE_LAB_PREFIX": PREFIX,
        "ANSIBLE_CONFIG": str(project / "ansible.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": str(project / "collections"),
        "ANSIBLE_FORCE_COLOR": "0",
        # the scenario's registry and management key: its laptops are enrolled, reached over SSH
        "AMANE_REGISTRY_PATH": os.environ["AMANE_REGISTRY_PATH"],
        "AMANE_MANAGEMENT_KEY": os.environ["AMANE_MANAGEMENT_KEY"],
        "AMANE_LAB_STATE_DIR": os.environ["AMANE_LAB_STATE_DIR"],
    }
    result = ansible_runner.run(
        private_data_dir=str(tmp_path),
        project_dir=str(project),
        playbook="playbooks/site.yml",
        inventory=str(project / "molecule" / "lab" / "inventory"),
        envvars=envvars,
        quiet=True,
        timeout=1800,
    )
    assert result.status == "successful", "ansible-runner status %s (rc %s): %s" % (
        result.status, result.rc, "".join(result.stdout.readlines()[-40:]))
    stats = result.stats
    lab = {"gw1", "db1", "log1", "bk1", "pc-issued-1", "pc-byod-1"}
    assert lab <= set(stats["ok"]), "hosts missing from the run: %s" % (lab - set(stats["ok"]))
    assert not stats["failures"] and not stats["dark"]
    assert not stats["changed"], "a converged lab changed under ansible-runner: %s" % stats["changed"]
