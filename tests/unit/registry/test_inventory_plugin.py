"""The amane.telework.registry inventory plugin, through the real ansible-inventory CLI.

The fleet tests run on both backends (conftest's ``registry_target``): registry_path to a SQLite
file, and registry_dsn to a real PostgreSQL database.
"""

import json
import os
import subprocess

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry.inventory import build_hosts
from tests.unit.tools import tool, tool_env
from tests.unit.registry_factory import HOST_KEY, WG_KEY, enroll, make_active

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def ansible_inventory(config, *args, **extra_env):
    # memory fact cache: facts an admin gathered for lab hosts of the same name must not leak in
    env = tool_env(ANSIBLE_NOCOLOR="1", ANSIBLE_CACHE_PLUGIN="ansible.builtin.memory")
    env.pop("AMANE_REGISTRY_PATH", None)
    env.pop("AMANE_REGISTRY_DSN", None)
    env.update(extra_env)
    result = subprocess.run([tool("ansible-inventory"), "-i", str(config)] + list(args), cwd=ROOT, env=env,
                            check=False, capture_output=True, text=True, timeout=120)
    return result


def plain(value):
    """ansible-inventory marks inventory strings {"__ansible_unsafe": ...}; compare the values."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def write_config(tmp_path, name="lab.registry.yml", source=("registry_path: registry.sqlite",), **options):
    lines = ["plugin: amane.telework.registry"] + list(source)
    lines += ["%s: %s" % (k, json.dumps(v)) for k, v in options.items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


class Fleet(object):
    """Three enrolled devices in a registry on one backend, and inventory configurations reading it."""

    def __init__(self, target, directory):
        self.target, self.directory = target, directory
        # With a DSN the known_hosts file has no registry file to sit next to: keep it in the test dir.
        self.known_hosts = directory / ("registry.sqlite.known_hosts" if target.backend == "sqlite" else "known_hosts")

    def config(self, name="lab.registry.yml", **options):
        if self.target.backend == "postgresql":
            options.setdefault("known_hosts_file", str(self.known_hosts))
        return write_config(self.directory, name, self.target.inventory_config_lines(), **options)


@pytest.fixture
def fleet(registry_target, tmp_path):
    registry = registry_target.open()
    enroll(registry, "pc-1", host_key=HOST_KEY, wg_public_key=WG_KEY)
    make_active(registry, "dev-0001")
    enroll(registry, "pc-2", administration="sante", device_kind="byod", telework_kind="full")
    enroll(registry, "pc-3")
    with registry.transaction():
        registry.transition("dev-0003", "offboard", "rssi", "left")
    registry.close()
    return Fleet(registry_target, tmp_path)


def test_groups_and_host_vars_follow_the_contract(fleet):
    result = ansible_inventory(fleet.config(), "--list")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["state_active"]["hosts"] == ["pc-1"] and data["state_requested"]["hosts"] == ["pc-2"]
    assert data["posture_compliant"]["hosts"] == ["pc-1"] and data["posture_noncompliant"]["hosts"] == ["pc-2"]
    assert data["admin_sante"]["hosts"] == ["pc-2"] and data["device_byod"]["hosts"] == ["pc-2"]
    assert data["telework_full"]["hosts"] == ["pc-2"] and data["telework_partial"]["hosts"] == ["pc-1"]
    assert "pc-3" not in data["_meta"]["hostvars"]  # offboarded: left out by default
    hv = plain(data["_meta"]["hostvars"]["pc-1"])
    assert hv["ansible_host"] == "10.66.1.1" == hv["amane_vpn_address"]  # active: VPN address
    assert hv["amane_wg_public_key"] == WG_KEY and hv["amane_device_id"] == "dev-0001"
    assert hv["amane_posture"]["compliant"] is True and hv["amane_schedule"]["days"] == ["mon", "thu"]
    assert "-o StrictHostKeyChecking=yes" in hv["ansible_ssh_common_args"] and "HostKeyAlias=dev-0001" in hv["ansible_ssh_common_args"]
    assert fleet.known_hosts.read_text() == "dev-0001 %s\n" % HOST_KEY


def test_before_activation_the_enrollment_address_is_used(fleet):
    data = json.loads(ansible_inventory(fleet.config(), "--list").stdout)
    assert "192.0.2.10" in json.dumps(data["_meta"]["hostvars"]["pc-2"]["ansible_host"])


def test_options_states_address_preference_and_constructable(fleet):
    config = fleet.config(states=["active", "offboarded"], address_preference="enrollment",
                          keyed_groups=[{"key": "amane_unit", "prefix": "unit"}],
                          groups={"full_time": "amane_telework_kind == 'full'"},
                          compose={"amane_label": "amane_device_id ~ '@' ~ amane_unit"})
    data = json.loads(ansible_inventory(config, "--list").stdout)
    assert sorted(data["_meta"]["hostvars"]) == ["pc-1", "pc-3"]
    assert "192.0.2.10" in json.dumps(data["_meta"]["hostvars"]["pc-1"]["ansible_host"])
    assert sorted(data["unit_budget"]["hosts"]) == ["pc-1", "pc-3"]
    assert "full_time" not in data
    assert "dev-0001@budget" in json.dumps(data["_meta"]["hostvars"]["pc-1"]["amane_label"])


def test_graph_works(fleet):
    result = ansible_inventory(fleet.config(), "--graph")
    assert result.returncode == 0 and "@state_active:" in result.stdout and "pc-1" in result.stdout


def test_malformed_record_is_reported_and_the_others_load(fleet):
    bad = '{"days": ["funday"], "start": "08:30", "end": "16:30"}'
    fleet.target.execute("UPDATE devices SET schedule = ? WHERE device_id = 'dev-0002'", params=(bad,))
    result = ansible_inventory(fleet.config(), "--list")
    assert result.returncode == 0
    assert "record dev-0002: field 'schedule'" in result.stderr
    assert list(json.loads(result.stdout)["_meta"]["hostvars"]) == ["pc-1"]


def test_other_file_names_are_not_claimed(fleet):
    result = ansible_inventory(fleet.config(name="lab.yml"), "--list")
    assert "pc-1" not in result.stdout


def test_missing_registry_gives_no_hosts_and_says_why(tmp_path):
    result = ansible_inventory(write_config(tmp_path), "--list")
    assert result.returncode == 0 and "does not exist yet" in result.stderr


def test_cache_serves_the_last_read(fleet):
    config = fleet.config(cache=True, cache_plugin="ansible.builtin.jsonfile",
                          cache_connection=str(fleet.directory / "cache"), cache_timeout=300)
    first = json.loads(ansible_inventory(config, "--list").stdout)
    if fleet.target.backend == "sqlite":
        os.rename(fleet.target.path, str(fleet.directory / "moved.sqlite"))
    else:
        fleet.target.cluster.drop_database(fleet.target.database)
    second = json.loads(ansible_inventory(config, "--list").stdout)
    assert first["state_active"] == {"hosts": ["pc-1"]} and second["state_active"] == first["state_active"]


@pytest.mark.parametrize("registry_target", ["postgresql"], indirect=True)  # a DSN is PostgreSQL only
def test_dsn_from_the_environment(fleet):
    """AWX passes the DSN as AMANE_REGISTRY_DSN (a credential), not in the configuration file."""
    config = write_config(fleet.directory, source=(), known_hosts_file=str(fleet.known_hosts))
    result = ansible_inventory(config, "--list", AMANE_REGISTRY_DSN=fleet.target.dsn)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["state_active"]["hosts"] == ["pc-1"]


def test_build_hosts_skips_duplicate_live_hostnames():
    row = ["dev-0001", "pc-1", "192.0.2.1", "E-1", "A", "finances", "budget", "issued", "full",
           '{"days": ["mon"], "start": "08:00", "end": "12:00"}', None, None, None, None, None, None, None, None,
           "requested", "t", "t", None, 0]
    twin = ["dev-0002"] + row[1:]
    hosts, problems = build_hosts([row, twin], states={"requested"})
    assert [h[0] for h in hosts] == ["pc-1"] and "record dev-0002: field 'hostname'" in problems[0]
