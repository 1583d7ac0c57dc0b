"""amane-wifi-guard (S9): open and WEP Wi-Fi profiles stop auto-connecting; nothing else changes."""

from tests.unit.role_scripts import load


PROFILES = {
    "cafe.nmconnection": "[connection]\nid=cafe\ntype=wifi\n\n[wifi]\nssid=Cafe\n",
    "hotel.nmconnection": "[connection]\nid=hotel\ntype=wifi\n\n[wifi-security]\nkey-mgmt=none\nwep-key0=abcde\n",
    "home.nmconnection": "[connection]\nid=home\ntype=wifi\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=x\n",
    "wired.nmconnection": "[connection]\nid=wired\ntype=ethernet\n",
    "kept-off.nmconnection": "[connection]\nid=kept-off\ntype=wifi\nautoconnect=false\n",
}


GUARD = load("endpoint_hardening", "amane-wifi-guard")


def make(tmp_path):
    for name, text in PROFILES.items():
        path = tmp_path / name
        path.write_text(text)
        path.chmod(0o600)
    return {name: (tmp_path / name).read_text() for name in PROFILES}


def test_open_and_wep_profiles_stop_auto_connecting(tmp_path, capsys):
    before = make(tmp_path)
    assert GUARD.main(["--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.split("\n")[:2] == ["fixed: cafe.nmconnection", "fixed: hotel.nmconnection"]
    for name in ("cafe.nmconnection", "hotel.nmconnection"):
        text = (tmp_path / name).read_text()
        assert "autoconnect=false" in text and oct((tmp_path / name).stat().st_mode & 0o777) == "0o600"
    assert "ssid=Cafe" in (tmp_path / "cafe.nmconnection").read_text()
    assert "wep-key0=abcde" in (tmp_path / "hotel.nmconnection").read_text()
    for name in ("home.nmconnection", "wired.nmconnection", "kept-off.nmconnection"):
        assert (tmp_path / name).read_text() == before[name]
    # Second run: nothing left to fix.
    GUARD.main(["--dir", str(tmp_path)])
    assert capsys.readouterr().out == ""


def test_dry_run_reports_and_changes_nothing(tmp_path, capsys):
    before = make(tmp_path)
    GUARD.main(["--dir", str(tmp_path), "--dry-run"])
    assert "fixed: cafe.nmconnection" in capsys.readouterr().out
    assert {name: (tmp_path / name).read_text() for name in PROFILES} == before


def test_missing_folder_and_unreadable_profile_are_harmless(tmp_path, capsys):
    assert GUARD.main(["--dir", str(tmp_path / "absent")]) == 0
    (tmp_path / "broken.nmconnection").write_text("no section header\n")
    assert GUARD.main(["--dir", str(tmp_path)]) == 0
    assert "unreadable, left alone" in capsys.readouterr().err


def test_a_profile_written_while_the_service_runs_is_fixed_too(tmp_path, capsys, monkeypatch):
    """systemd drops the path event of a write made while the service runs: with --settle the guard
    passes again while the folder changed. Here the café profile lands during the first settle."""
    late = tmp_path / "late.nmconnection"
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            late.write_text(PROFILES["cafe.nmconnection"])

    monkeypatch.setattr(GUARD.time, "sleep", sleep)
    assert GUARD.main(["--dir", str(tmp_path), "--settle", "0.5"]) == 0
    assert "autoconnect=false" in late.read_text()
    assert capsys.readouterr().out == "fixed: late.nmconnection\n"
    assert naps == [0.5, 0.5]  # a second settle saw no change, and the guard stopped


def test_without_settle_one_pass_only(tmp_path, monkeypatch):
    def sleep(seconds):
        raise AssertionError("slept %s s without --settle" % seconds)

    monkeypatch.setattr(GUARD.time, "sleep", sleep)
    make(tmp_path)
    assert GUARD.main(["--dir", str(tmp_path)]) == 0


def test_settle_out_of_range_is_named(tmp_path, capsys):
    for bad in ("-1", "61", "nan"):
        try:
            GUARD.main(["--dir", str(tmp_path), "--settle", bad])
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError("--settle %s accepted" % bad)
        assert "--settle" in capsys.readouterr().err
