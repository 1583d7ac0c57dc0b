"""The session journal script of the gateway: connect/disconnect decided from handshake times."""

from .role_scripts import load

session = load("vpn", "amane-vpn-session")

NAMES = {"K1": {"device_id": "dev-1", "vpn_address": "10.9.0.11"}}


def test_connect_once_then_nothing_then_disconnect():
    live = {"K1": {"handshake": 1000, "rx": 10, "tx": 20}}
    lines, state = session.events({}, live, NAMES, 1010, 180)
    assert lines == [("connect", NAMES["K1"], "1970-01-01T00:16:40Z", 10, 20)]
    again, state = session.events(state, live, NAMES, 1100, 180)
    assert again == []
    gone, state = session.events(state, live, NAMES, 2000, 180)
    assert gone == [("disconnect", NAMES["K1"], "1970-01-01T00:19:40Z", 10, 20)]
    assert session.events(state, live, NAMES, 2100, 180)[0] == []


def test_removed_peer_is_disconnected_with_its_last_counters():
    _unused, state = session.events({}, {"K1": {"handshake": 1000, "rx": 5, "tx": 6}}, NAMES, 1001, 180)
    lines, state = session.events(state, {}, {}, 1050, 180)
    assert lines == [("disconnect", NAMES["K1"], "1970-01-01T00:17:30Z", 5, 6)]
    assert state == {}


def test_peer_that_never_shook_hands_logs_nothing():
    assert session.events({}, {"K1": {"handshake": 0, "rx": 0, "tx": 0}}, NAMES, 1000, 180)[0] == []
