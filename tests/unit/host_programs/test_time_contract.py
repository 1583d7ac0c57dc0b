"""One spelling of a UTC time between the programs installed on hosts and the modules that read
their output. A host program cannot import the collection (it runs alone on the host), so it keeps
its own copy of the format; this test is what keeps the copies equal to the one source
(plugins/module_utils/values.py), and feeds a time each writer really produced to the reader."""

import datetime

import pytest

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_backup

from ansible_collections.amane.telework.plugins.module_utils.registry import store as registry

from ansible_collections.amane.telework.plugins.module_utils import values
from tests.unit.role_scripts import load, package

WRITERS = [("logging", "amane-logchain"), ("vpn", "amane-vpn-session")]


@pytest.mark.parametrize("role, program", WRITERS, ids=[w[1] for w in WRITERS])
def test_every_host_program_spells_utc_time_as_the_collection_does(role, program):
    assert load(role, program).UTC_TIME_FORMAT == values.UTC_TIME_FORMAT


def test_the_backup_program_spells_utc_time_as_the_collection_does():
    assert package("backup", "amane_backup").common.UTC_TIME_FORMAT == values.UTC_TIME_FORMAT


def test_the_readers_parse_what_the_writers_write():
    written = package("backup", "amane_backup").common.now_iso()
    parsed = checks_backup.parse_time(written)
    assert parsed is not None and abs(parsed - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)
    session = load("vpn", "amane-vpn-session").iso(86400 * 365)
    assert registry.parse_time(session) == datetime.datetime(1971, 1, 1, tzinfo=datetime.timezone.utc)
    assert values.parse_utc_time(registry.utc_now()) <= datetime.datetime.now(datetime.timezone.utc)


def test_a_time_in_another_spelling_is_refused():
    for text in ("2026-11-20 09:00:00", "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:00Z\n"):
        with pytest.raises(ValueError):
            values.parse_utc_time(text)
    assert checks_backup.parse_time("2026-11-20T09:00:00") is None
