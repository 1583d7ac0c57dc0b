"""The registry_* modules through a real ansible-playbook run, on both backends (conftest's
``registry_target``): check mode writes nothing, a device goes through its whole lifecycle, a
re-run changes nothing, bad input names the field. On PostgreSQL, a DSN whose password is wrong
fails the task with a message that holds no password, in the module's output and the plugin's.
"""

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry.store import open_registry
from tests.unit import pg_cluster
from tests.unit.tools import tool, tool_env

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

LIFECYCLE_PLAY = """
- name: One device through the registry modules
  hosts: localhost
  gather_facts: false
  module_defaults:
    amane.telework.registry_device: &registry
      %(source)s
      actor: tech-0042
    amane.telework.registry_transition: *registry
    amane.telework.registry_posture: *registry
  vars:
    request: &request
      hostname: pc-1
      enroll_address: 192.0.2.10
      owner_id: E-1001
      owner_name: Karim Benali
      administration: finances
      unit: budget
      device_kind: issued
      telework_kind: partial
      schedule: {days: [mon, thu], start: "08:30", end: "16:30"}
      charter_version: "2026.1"
      charter_accepted_at: "2026-11-20T09:00:00Z"
      vpn_pools: {finances: 10.66.1.0/24}
  tasks:
    - name: Enrollment in check mode
      amane.telework.registry_device: *request
      check_mode: true
      register: dry
    - name: Nothing of it was written
      amane.telework.registry_transition: {device_id: dev-0001, action: approve, reason: probe}
      check_mode: true
      register: probe
      ignore_errors: true
    - name: Enrollment
      amane.telework.registry_device: *request
      register: enrolled
    - name: Enrollment again
      amane.telework.registry_device: *request
      register: again
    - name: Approval
      amane.telework.registry_transition: {device_id: dev-0001, action: approve, reason: charter signed, actor: rssi}
    - name: Compliant posture activates
      amane.telework.registry_posture: {device_id: dev-0001, compliant: true, checked_at: "2026-11-23T09:00:00Z"}
      register: compliant
    - name: Failed posture quarantines
      amane.telework.registry_posture:
        device_id: dev-0001
        compliant: false
        failed: [PO-M9B]
        reasons: ["failed M9b: nmap installed"]
        checked_at: "2026-11-24T09:00:00Z"
      register: failed
    - name: Bad schedule
      amane.telework.registry_device:
        hostname: pc-2
        enroll_address: 192.0.2.11
        owner_id: E-1002
        owner_name: Salma Idrissi
        administration: finances
        unit: budget
        device_kind: byod
        telework_kind: full
        schedule: {days: [funday], start: "08:30", end: "16:30"}
      register: bad
      ignore_errors: true
    - name: Offboarding
      amane.telework.registry_transition:
        hostname: pc-1
        action: offboard
        reason: end of telework
        equipment_returned: true
        wipe_requested: true
      register: offboarded
    - name: Each step did what it says
      ansible.builtin.assert:
        that:
          - dry is changed and dry.device.device_id == 'dev-0001' and dry.device.vpn_address == '10.66.1.1'
          - probe is failed and 'no device dev-0001 in the registry' in probe.msg
          - enrolled is changed and enrolled.device.vpn_address == '10.66.1.1'
          - again is not changed
          - compliant.device.state == 'active' and compliant.previous_state == 'approved'
          - failed.device.state == 'quarantined'
          - bad is failed and "field 'schedule'" in bad.msg
          - offboarded.device.state == 'offboarded' and offboarded.device.vpn_address is none
          - offboarded.device.wipe_requested is true and offboarded.device.equipment_returned_at | length > 0
"""

BAD_DSN_PLAY = """
- name: A registry DSN whose password is wrong
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Transition through a DSN that cannot connect
      amane.telework.registry_transition:
        registry_dsn: %(dsn)s
        actor: rssi
        device_id: dev-0001
        action: approve
        reason: ok
      register: result
      ignore_errors: true
    - name: Failed, saying why
      ansible.builtin.assert:
        that:
          - result is failed
          - "'cannot connect to the PostgreSQL registry' in result.msg"
          - "'password authentication failed' in result.msg"
"""


def ansible(program, *args):
    env = tool_env(ANSIBLE_NOCOLOR="1")
    for name in ("AMANE_REGISTRY_PATH", "AMANE_REGISTRY_DSN"):
        env.pop(name, None)
    command = [tool(program), "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable] + list(args)
    return subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=300)


def run_playbook(tmp_path, text, *args):
    playbook = tmp_path / "play.yml"
    playbook.write_text(text)
    return ansible("ansible-playbook", str(playbook), *args)


def registry_tables(target):
    """The tables the registry's storage holds (none, or no file at all, before the first real run)."""
    if target.backend == "sqlite" and not os.path.exists(target.path):
        return []
    conn = target.raw()
    query = ("SELECT name FROM sqlite_master WHERE type = 'table'" if target.backend == "sqlite"
             else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_lifecycle_through_the_modules(registry_target, tmp_path):
    if registry_target.backend == "sqlite":
        source = "registry_path: %s" % registry_target.path
    else:
        source = "registry_dsn: %s" % json.dumps(registry_target.dsn)
    # Check mode on a registry not created yet: the module simulates and leaves no table behind.
    args = {"registry_path": registry_target.path, "registry_dsn": registry_target.dsn, "actor": "tech", "hostname": "pc-1",
            "enroll_address": "192.0.2.10", "owner_id": "E-1", "owner_name": "K B", "administration": "finances",
            "unit": "budget", "device_kind": "issued", "telework_kind": "full",
            "schedule": {"days": ["mon"], "start": "08:00", "end": "12:00"}}
    dry = ansible("ansible", "localhost", "--check", "-m", "amane.telework.registry_device",
                  "-a", json.dumps({k: v for k, v in args.items() if v is not None}))
    assert dry.returncode == 0 and "device_id: dev-0001" in dry.stdout, dry.stdout + dry.stderr
    assert registry_tables(registry_target) == []
    result = run_playbook(tmp_path, LIFECYCLE_PLAY % {"source": source})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    registry = open_registry(path=registry_target.path, dsn=registry_target.dsn, create=False)
    history = [(h["action"], h["actor"]) for h in registry.history("dev-0001")]
    registry.close()
    assert history == [("enroll", "tech-0042"), ("approve", "rssi"), ("activate", "tech-0042"), ("quarantine", "tech-0042"),
                       ("offboard", "tech-0042"), ("equipment_returned", "tech-0042")]


@pytest.fixture
def locked_database(postgresql_database):
    """A database only reachable with the password role's password."""
    cluster, name = postgresql_database
    return cluster, name


def test_wrong_password_fails_the_task_and_is_never_printed(locked_database, tmp_path):
    cluster, name = locked_database
    password = pg_cluster.PASSWORD + "-wrong"
    dsn = cluster.dsn(name, user=pg_cluster.LOCKED_ROLE, password=password)
    result = run_playbook(tmp_path, BAD_DSN_PLAY % {"dsn": json.dumps(dsn)}, "-vvv")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "password authentication failed" in result.stdout
    assert password not in result.stdout + result.stderr
    assert pg_cluster.PASSWORD not in result.stdout + result.stderr


def test_inventory_plugin_with_a_wrong_password_says_why_without_it(locked_database, tmp_path):
    cluster, name = locked_database
    password = pg_cluster.PASSWORD + "-wrong"
    config = tmp_path / "fleet.registry.yml"
    config.write_text("plugin: amane.telework.registry\nregistry_dsn: %s\nknown_hosts_file: %s\n" % (
        json.dumps(cluster.dsn(name, user=pg_cluster.LOCKED_ROLE, password=password)), tmp_path / "known_hosts"))
    env = tool_env(ANSIBLE_NOCOLOR="1")
    result = subprocess.run([tool("ansible-inventory"), "-i", str(config), "--list", "-vvv"], cwd=ROOT, env=env,
                            check=False, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "cannot connect to the PostgreSQL registry" in output and "password authentication failed" in output
    assert pg_cluster.PASSWORD not in output
