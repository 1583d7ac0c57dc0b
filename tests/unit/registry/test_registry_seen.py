"""When each device was last seen on the VPN (registry schema 5): the gateway's `wg show ...
latest-handshakes` output read into the registry, then published by the inventory plugin."""

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry import inventory as registry_inventory
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from ansible_collections.amane.telework.plugins.module_utils.registry.fields import FieldError, latest_handshakes
from ansible_collections.amane.telework.plugins.modules.registry_seen import merged_handshakes
from tests.unit.registry_factory import WG_KEY, enroll, make_active

OTHER = "BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
STRANGER = "CAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
# 2026-12-01T08:00:00Z and an hour later
T1, T2 = 1796112000, 1796115600


def test_one_interface_output_is_read_and_never_handshaked_peers_are_left_out():
    text = "%s\t%d\n%s\t0\n" % (WG_KEY, T1, OTHER)
    assert latest_handshakes(text) == {WG_KEY: "2026-12-01T08:00:00Z"}


def test_all_interfaces_output_keeps_each_key_latest_time():
    text = "wg0\t%s\t%d\nwg1\t%s\t%d\n" % (WG_KEY, T2, WG_KEY, T1)
    assert latest_handshakes(text) == {WG_KEY: "2026-12-01T09:00:00Z"}


def test_empty_output_means_nobody_but_a_foreign_line_is_refused_by_number():
    assert latest_handshakes("") == {}
    with pytest.raises(FieldError, match="line 2"):
        latest_handshakes("%s\t%d\npeer: %s\n" % (WG_KEY, T1, WG_KEY))
    with pytest.raises(FieldError, match="line 1"):
        latest_handshakes("%s %d\n" % (WG_KEY, T1))  # a space is not wg's tab


def test_two_gateways_outputs_merge_to_the_latest_sighting():
    assert merged_handshakes(["%s\t%d" % (WG_KEY, T1), "%s\t%d" % (WG_KEY, T2)]) == {WG_KEY: "2026-12-01T09:00:00Z"}


def test_sighting_moves_forward_only_and_is_no_history_entry(registry_target):
    registry = registry_target.open()
    device = make_active(registry, enroll(registry, wg_public_key=WG_KEY)["device_id"])
    history = registry.history(device["device_id"])
    with registry.transaction():
        assert registry.record_seen({WG_KEY: "2026-12-01T09:00:00Z", STRANGER: "2026-12-01T09:00:00Z"}) == (
            [device["device_id"]], [STRANGER])
    with registry.transaction():  # an older output (a second gateway, a replay) changes nothing
        assert registry.record_seen({WG_KEY: "2026-12-01T08:00:00Z"}) == ([], [])
    record = registry.get(device["device_id"])
    assert record["last_seen_at"] == "2026-12-01T09:00:00Z"
    assert record["updated_at"] == device["updated_at"]  # a sighting is not an edit of the record
    assert registry.history(device["device_id"]) == history
    registry.close()


def test_offboarded_device_key_is_unknown_and_its_record_untouched(registry_target):
    registry = registry_target.open()
    device = make_active(registry, enroll(registry, wg_public_key=WG_KEY)["device_id"])
    with registry.transaction():
        registry.transition(device["device_id"], "offboard", "rssi", "left the administration")
    with registry.transaction():
        assert registry.record_seen({WG_KEY: "2026-12-01T09:00:00Z"}) == ([], [WG_KEY])
    assert registry.get(device["device_id"])["last_seen_at"] is None
    registry.close()


def test_bad_time_or_key_is_refused_naming_it_and_writes_nothing(registry_target):
    registry = registry_target.open()
    device = make_active(registry, enroll(registry, wg_public_key=WG_KEY)["device_id"])
    for seen, words in (({WG_KEY: "2026-12-01 09:00"}, "latest handshake of"), ({"nope": "2026-12-01T09:00:00Z"}, "wg_public_key")):
        with pytest.raises(RegistryError, match=words):
            with registry.transaction():
                registry.record_seen(seen)
    assert registry.get(device["device_id"])["last_seen_at"] is None
    registry.close()


def test_inventory_publishes_the_sighting(registry_target):
    registry = registry_target.open()
    device = make_active(registry, enroll(registry, wg_public_key=WG_KEY)["device_id"])
    enroll(registry, hostname="pc-2", wg_public_key=OTHER)
    with registry.transaction():
        registry.record_seen(latest_handshakes("%s\t%d\n" % (WG_KEY, T2)))
    hosts, problems = registry_inventory.build_hosts(registry.all_rows(), ("requested", "active"))
    registry.close()
    seen = {name: variables["amane_last_seen_at"] for name, variables, _groups in hosts}
    assert problems == [] and seen == {"pc-1": "2026-12-01T09:00:00Z", "pc-2": None}
    assert device["device_id"] == "dev-0001"
