"""amane-telework-hours: daily summary, pseudonyms, purpose and retention (A17, A3, C1, S16)."""

import datetime
import json

from tests.unit.logging_scripts import load

hours = load("amane-telework-hours")
DAY = datetime.date(2026, 11, 23)  # a Monday
DEVICES = {"dev-0001": {"owner_id": "emp-42", "schedule": {"days": ["mon"], "start": "08:30", "end": "16:30"}}}


def line(event, clock, device="dev-0001", day="2026-11-23"):
    return ("2026-11-23T10:00:00+00:00 gw1 amane-vpn-session[12]: event=%s device_id=%s vpn_address=10.8.0.2 "
            "time=%sT%sZ rx_bytes=1 tx_bytes=2\n" % (event, device, day, clock))


def test_two_sessions_in_schedule():
    events = hours.read_events([line("connect", "08:40:00"), line("disconnect", "12:00:00"),
                                line("connect", "13:00:00"), line("disconnect", "16:00:00"), "noise\n"])
    (row,) = hours.summarize_day(events, DAY, DEVICES)
    assert row["owner"] == "emp-42" and row["device_id"] == "dev-0001"
    assert (row["first_connection"], row["last_disconnection"]) == ("08:40", "16:00")
    assert row["connected_minutes"] == 200 + 180 and row["within_schedule"]


def test_outside_schedule_and_unscheduled_day():
    events = hours.read_events([line("connect", "07:00:00"), line("disconnect", "17:00:00")])
    (row,) = hours.summarize_day(events, DAY, DEVICES)
    assert not row["within_schedule"]
    sunday = hours.read_events([line("connect", "09:00:00", day="2026-11-22"), line("disconnect", "10:00:00", day="2026-11-22")])
    (row,) = hours.summarize_day(sunday, DAY - datetime.timedelta(days=1), DEVICES)
    assert row["scheduled_day"] is False


def test_session_across_midnight_counts_on_each_day():
    events = hours.read_events([line("connect", "23:00:00", day="2026-11-22"), line("disconnect", "01:00:00")])
    (today,) = hours.summarize_day(events, DAY, DEVICES)
    (yesterday,) = hours.summarize_day(events, DAY - datetime.timedelta(days=1), DEVICES)
    assert today["connected_minutes"] == 60 and yesterday["connected_minutes"] == 60


def test_pseudonyms_are_keyed_and_stable():
    events = hours.read_events([line("connect", "09:00:00"), line("disconnect", "10:00:00")])
    (row,) = hours.summarize_day(events, DAY, DEVICES, key=b"k" * 32)
    assert row["owner"] == hours.pseudonym(b"k" * 32, "emp-42") and row["owner"].startswith("p-")
    assert "device_id" not in row and hours.pseudonym(b"j" * 32, "emp-42") != row["owner"]


def write_config(tmp_path, purpose):
    journal = tmp_path / "store" / "gw1"
    journal.mkdir(parents=True)
    (journal / "vpn-session.log").write_text(line("connect", "09:00:00") + line("disconnect", "10:30:00"))
    config = {"purpose": purpose, "pseudonymize": True, "retention_days": 30, "devices": DEVICES,
              "output_dir": str(tmp_path / "out"), "key_file": str(tmp_path / "key"),
              "journal_glob": str(tmp_path / "store" / "*" / "vpn-session.log*")}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    return str(path)


def test_refuses_without_purpose(tmp_path):
    assert hours.main(["--config", write_config(tmp_path, "  "), "--date", "2026-11-23"]) == 2
    assert not (tmp_path / "out").exists()


def test_run_writes_summary_and_prunes_old(tmp_path):
    config = write_config(tmp_path, "check A17 hours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "2000-01-01.json").write_text("{}")
    assert hours.main(["--config", config, "--date", "2026-11-23"]) == 0
    report = json.loads((tmp_path / "out" / "2026-11-23.json").read_text())
    assert report["purpose"] == "check A17 hours" and report["teleworkers"][0]["connected_minutes"] == 90
    assert "emp-42" not in json.dumps(report)
    assert not (tmp_path / "out" / "2000-01-01.json").exists()
    assert oct((tmp_path / "key").stat().st_mode & 0o777) == "0o600"
