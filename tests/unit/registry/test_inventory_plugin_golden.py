"""Golden file: `ansible-inventory --list` on a fixed registry must match tests/golden/.

A deliberate change of the plugin's output is recorded with AMANE_UPDATE_GOLDEN=1 and reviewed in
the diff; any other difference fails. The same registry kept in PostgreSQL (registry_dsn) must give
the very same inventory.
"""

import json
import os

from tests.unit.registry_factory import HOST_KEY, WG_KEY, enroll, make_active
from tests.unit.registry.test_inventory_plugin import ROOT, ansible_inventory, plain, write_config

GOLDEN = os.path.join(ROOT, "tests", "golden", "registry_inventory.json")


def fixed_registry(target):
    registry = target.open()
    enroll(registry, "pc-issued-1", host_key=HOST_KEY, wg_public_key=WG_KEY, telework_kind="full",
           schedule={"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "end": "16:30"})
    make_active(registry, "dev-0001")
    enroll(registry, "pc-byod-1", administration="sante", unit="statistiques", device_kind="byod", host_key=HOST_KEY)
    make_active(registry, "dev-0002")
    with registry.transaction():
        registry.record_posture("dev-0002", False, ["PO-M9B"], ["failed M9b: nmap installed"], "2026-11-23T10:00:00Z", "gate",
                                now="2026-11-23T10:00:00Z")
    enroll(registry, "pc-new-1", owner_id="E-3003", owner_name="Nadia Alaoui")
    registry.close()


def test_list_matches_golden(registry_target, tmp_path):
    fixed_registry(registry_target)
    if registry_target.backend == "sqlite":
        config = write_config(tmp_path)
    else:  # known_hosts where the SQLite registry would put it, so the output is comparable
        config = write_config(tmp_path, source=registry_target.inventory_config_lines(),
                              known_hosts_file=str(tmp_path / "registry.sqlite.known_hosts"))
    result = ansible_inventory(config, "--list")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.replace(str(tmp_path), "<registry-dir>"))
    # the one backend-specific value (group all's, in every host's vars): compared, then made the SQLite one
    source = {"sqlite_path": "<registry-dir>/registry.sqlite"} if registry_target.backend == "sqlite" else {"postgresql": True}
    for variables in got["_meta"]["hostvars"].values():
        assert plain(variables["amane_registry_inventory"]) == source
        variables["amane_registry_inventory"] = {"sqlite_path": "<registry-dir>/registry.sqlite"}
    if os.environ.get("AMANE_UPDATE_GOLDEN") and registry_target.backend == "sqlite":
        with open(GOLDEN, "w") as handle:
            json.dump(got, handle, indent=2, sort_keys=True)
            handle.write("\n")
    with open(GOLDEN) as handle:
        assert got == json.load(handle)
