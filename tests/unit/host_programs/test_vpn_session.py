"""The session journal script of the gateway: connect/disconnect decided from handshake times."""

from tests.unit.role_scripts import load

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


def test_the_journal_lines_it_writes_are_the_ones_telework_hours_reads():
    """One contract, two hosts: the gateway journals sessions (this script), log1 reads them into the
    daily telework summary (roles/logging amane-telework-hours, A17). Written by the writer, read by
    the reader, through rsyslog's file format (the central store's RSYSLOG_FileFormat template)."""
    import calendar
    import datetime

    from tests.unit.logging_scripts import load as load_logging

    hours = load_logging("amane-telework-hours")
    names = {"K1": {"device_id": "dev-0001", "vpn_address": "10.99.0.2"}}
    start = calendar.timegm((2026, 11, 23, 8, 40, 0))  # a Monday, inside the schedule
    lines, state = session.events({}, {"K1": {"handshake": start, "rx": 10, "tx": 20}}, names, start + 5, 180)
    gone, state = session.events(state, {"K1": {"handshake": start + 3 * 3600, "rx": 99, "tx": 77}}, names,
                                 start + 5 * 3600, 180)
    journal = ["2026-11-23T%s+00:00 vpn-gw1 amane-vpn-session[321]: %s\n" % (when[11:19], session.journal_message(*line))
               for line in lines + gone for when in [line[2]]]
    events = hours.read_events(journal)
    devices = {"dev-0001": {"owner_id": "emp-42", "schedule": {"days": ["mon"], "start": "08:30", "end": "16:30"}}}
    (row,) = hours.summarize_day(events, datetime.date(2026, 11, 23), devices)
    assert row["device_id"] == "dev-0001" and row["first_connection"] == "08:40"
    assert row["last_disconnection"] == "11:43" and row["connected_minutes"] == 183 and row["within_schedule"]
