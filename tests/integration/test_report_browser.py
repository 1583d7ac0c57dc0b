"""Headless Chromium opens the HTML report, switches to Arabic, and takes a screenshot.

Asserts: no console error, uncaught exception or failed load; the Arabic view is right to left
(document direction, computed style and the actual layout, mirrored); device view and paging
work; at fleet scale the page keeps one page of rows in the DOM. Screenshots go to
.cache/report-browser/ for a person to look at.
"""

import datetime
import importlib.util
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cdp import Browser, chromium_binary

from ansible_collections.amane.telework.plugins.plugin_utils.report_store import ReportStore
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import write_report

pytestmark = pytest.mark.skipif(chromium_binary() is None, reason="chromium is not installed (scripts/host-packages.txt)")
SHOTS = os.path.join(ROOT, ".cache", "report-browser")
GENERATED_AT = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)


def _fixtures():
    spec = importlib.util.spec_from_file_location("report_fixtures", os.path.join(ROOT, "tests", "unit", "report_fixtures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def browser():
    # every test may run first on its xdist worker, so the screenshot folder is made here
    os.makedirs(SHOTS, exist_ok=True)
    session = Browser()
    yield session
    session.close()


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory):
    """The fixture fleet's report after four stored runs (the store in a SQLite registry): the
    trend has five points, the comparison is with the day before (PO-M9B newly failing on
    pc-byod-1, EH-04 fixed on pc-issued-1)."""
    fx = _fixtures()
    out = tmp_path_factory.mktemp("report")
    store = ReportStore.open(path=os.path.join(str(out), "registry.sqlite"))
    for days in (4, 3, 2, 1):
        fleet = fx.previous_audits() if days % 2 else fx.audits()
        write_report(fleet, fx.records(), fx.catalogue(), str(out), store=store, generated_at=GENERATED_AT - datetime.timedelta(days=days))
    written = write_report(fx.audits(), fx.records(), fx.catalogue(), str(out), store=store, threshold=75,
                           inventory_source="inventories/lab", collection_version="0.1.0", generated_at=GENERATED_AT)
    store.close()
    assert written["previous"] == "run 20261122T120000Z"
    return written["files"]["html"]


def open_page(browser, url):
    # through about:blank so that a URL differing only by its #fragment is a real new load
    browser.navigate("about:blank")
    browser.wait_for("location.href === 'about:blank' && document.readyState === 'complete'")
    browser.errors = []
    browser.navigate(url)
    browser.wait_for("!!document.documentElement && document.documentElement.getAttribute('data-ready') !== null")


def test_switch_to_arabic_is_right_to_left_without_console_errors(browser, fixture_report):
    open_page(browser, "file://" + fixture_report)
    assert browser.evaluate("document.documentElement.dir") == "ltr"
    assert browser.evaluate("document.documentElement.lang") == "fr"
    assert browser.evaluate("document.querySelector('h1').textContent") == "Rapport de conformité du télétravail"
    ltr_first_th = browser.evaluate("document.querySelector('#table-devices th').getBoundingClientRect().left")

    browser.evaluate("document.querySelector('[data-lang=ar]').click()")
    browser.wait_for("document.documentElement.getAttribute('data-ready') === 'ar'")
    browser.pump(0.5)
    assert browser.evaluate("document.documentElement.dir") == "rtl"
    assert browser.evaluate("document.documentElement.lang") == "ar"
    assert browser.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert browser.evaluate("document.querySelector('h1').textContent") == "تقرير مطابقة العمل عن بعد"
    # the layout is mirrored: the first column now starts at the right, the title sits right of the language switch
    first = browser.evaluate("document.querySelector('#table-devices th').getBoundingClientRect().right")
    last = browser.evaluate("Array.from(document.querySelectorAll('#table-devices th')).pop().getBoundingClientRect().right")
    assert first > last
    assert browser.evaluate("document.querySelector('#table-devices th').getBoundingClientRect().left") > ltr_first_th
    title_left = browser.evaluate("document.querySelector('h1').getBoundingClientRect().left")
    assert title_left > browser.evaluate("document.querySelector('.langs').getBoundingClientRect().left")
    # charts are redrawn for the direction: bars grow from the right
    assert browser.evaluate("document.querySelector('#chart-control svg text').getAttribute('text-anchor')") == "start"
    # non-compliant devices first, with their failing controls
    assert browser.evaluate("document.querySelector('#table-noncompliant tbody tr td').textContent") == "pc-byod-1"
    assert "PO-M9B" in browser.evaluate("document.querySelector('#table-noncompliant tbody tr').textContent")
    assert "RSSI Rabat" in browser.evaluate("document.getElementById('table-waivers').textContent")
    assert "pc-issued-1" in browser.evaluate("document.getElementById('changes-fixes').textContent")
    shot = browser.screenshot(os.path.join(SHOTS, "fleet-ar.png"))
    assert os.path.getsize(shot) > 10000
    assert browser.errors == []


def test_a_zero_percent_control_is_a_visible_red_bar_and_not_applicable_is_empty(browser, fixture_report):
    open_page(browser, "file://" + fixture_report)
    bars = browser.evaluate(
        "Array.from(document.querySelectorAll('#chart-control svg g')).map(function (g) {"
        " var r = g.querySelectorAll('rect'); return [g.querySelector('title').textContent,"
        " +r[1].getAttribute('width'), r[1].getAttribute('fill')]; })")
    zero = [b for b in bars if b[0].endswith(": 0.0 %")]
    absent = [b for b in bars if b[0].endswith(": -")]
    assert zero, "the fixture must have a control no host passes: %s" % bars
    assert all(width > 0 and fill == "#c53030" for _unused, width, fill in zero), zero
    assert all(width == 0 for _unused, width, _unused in absent), absent


def test_a_700_px_screen_scrolls_tables_inside_their_sections_not_the_page(browser, fixture_report):
    browser.call("Emulation.setDeviceMetricsOverride", width=700, height=900, deviceScaleFactor=1, mobile=False)
    try:
        for fragment in ("#lang=fr", "#lang=ar", "#lang=en&host=pc-byod-1"):
            open_page(browser, "file://" + fixture_report + fragment)
            browser.pump(0.3)
            assert browser.evaluate("document.documentElement.scrollWidth") <= 700, fragment
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")


def test_device_view_shows_controls_clauses_and_evidence_in_arabic(browser, fixture_report):
    open_page(browser, "file://" + fixture_report + "#lang=ar&host=pc-byod-1")
    browser.pump(0.3)
    assert browser.evaluate("document.getElementById('fleet-view').hidden") is True
    text = browser.evaluate("document.getElementById('device-controls').textContent")
    assert "عدم تثبيت أدوات الاختراق" in text  # control title
    assert "أداة اختراق مثبتة: nmap 7.93" in text  # evidence
    assert "عدم تثبيت أنظمة الاختراق وما شابهها بالحاسوب الشخصي" in text  # clause M9b, guide's own words
    # evidence planted by a host stays text, never markup
    assert browser.evaluate("document.querySelectorAll('#device-controls script').length") == 0
    # the registry state and the severities are words of the reader's language, not English ids
    assert "معزول" in browser.evaluate("document.getElementById('device-view').textContent")  # quarantined
    open_page(browser, "file://" + fixture_report + "#lang=ar")
    browser.pump(0.3)
    controls = browser.evaluate("document.getElementById('table-controls').textContent")
    assert "عالية" in controls and "high" not in controls
    assert "</script><script>alert(1)</script>" in text
    browser.screenshot(os.path.join(SHOTS, "device-ar.png"))
    browser.evaluate("location.hash = 'lang=en&host=pc-byod-1'")
    browser.wait_for("document.documentElement.getAttribute('data-ready') === 'en'")
    assert browser.evaluate("document.documentElement.dir") == "ltr"
    assert "No intrusion tools installed" in browser.evaluate("document.getElementById('device-controls').textContent")
    assert browser.errors == []


def test_fleet_scale_page_keeps_one_page_of_rows(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("report_scale", os.path.join(ROOT, "bench", "report_scale.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # the scale: 10,000 devices x 60 controls, with 30 stored runs behind the trend
    audits, records = bench.synthetic_fleet(10000, 60)
    catalogue = bench.synthetic_catalogue(60)
    store = ReportStore.open(path=str(tmp_path / "registry.sqlite"))
    bench.fill_store(store, audits, records, catalogue, 30, last=GENERATED_AT)
    written = write_report(audits, records, catalogue, str(tmp_path), formats=["html"], languages=["ar", "fr", "en"],
                           generated_at=GENERATED_AT, store=store)
    store.close()
    browser.call("Emulation.setDeviceMetricsOverride", width=700, height=900, deviceScaleFactor=1, mobile=False)
    try:
        open_page(browser, "file://" + written["files"]["html"])
        assert browser.evaluate("document.documentElement.dir") == "rtl"
        assert browser.evaluate("document.querySelectorAll('tr').length") < 300
        assert len(browser.evaluate(TREND_POINTS)) == 31
        pager = browser.evaluate("document.querySelector('#table-devices .pager span').textContent")
        assert "10000" in pager
        browser.evaluate("document.querySelector('#table-devices .pager button:last-child').click()")
        assert browser.evaluate("document.querySelector('#table-devices tbody tr td').textContent") != "pc-00000"
        browser.evaluate("var f = document.getElementById('filter-text'); f.value = 'pc-09999'; f.dispatchEvent(new Event('input'))")
        browser.wait_for("document.querySelectorAll('#table-devices tbody tr').length === 1")
        assert browser.evaluate("document.documentElement.scrollWidth") <= 700
        browser.screenshot(os.path.join(SHOTS, "fleet-10000-ar.png"))
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")
    assert browser.errors == []


TREND_POINTS = ("Array.from(document.querySelectorAll('#chart-trend circle.trend-point'))"
                ".map(function (c) { return +c.getAttribute('cx'); })")


@pytest.mark.parametrize("lang, heading, new_failures", [
    ("fr", "Conformité dans le temps", "Nouveaux échecs (1)"),
    ("ar", "المطابقة عبر الزمن", "إخفاقات جديدة (1)"),
    ("en", "Compliance over time", "New failures (1)"),
])
def test_trend_and_changes_render_in_each_language(browser, fixture_report, lang, heading, new_failures):
    open_page(browser, "file://" + fixture_report + "#lang=" + lang)
    browser.pump(0.3)
    assert browser.evaluate("document.querySelector('#trend h2').textContent") == heading
    points = browser.evaluate(TREND_POINTS)
    assert len(points) == 5  # four stored runs, then this one
    # time runs in the reading direction: left to right, and right to left in Arabic
    assert points == sorted(points, reverse=(lang == "ar")), points
    assert browser.evaluate("document.querySelector('#chart-trend path.trend-line').getAttribute('d').split(/[ML]/).length") == 6
    # what changed: newly failing first, then fixed, each with its rows
    titles = browser.evaluate("Array.from(document.querySelectorAll('#changes-body h3')).map(function (h) { return h.textContent; })")
    assert titles[0] == new_failures and len(titles) == 4, titles
    assert "PO-M9B" in browser.evaluate("document.getElementById('changes-new_failures').textContent")
    assert "EH-04" in browser.evaluate("document.getElementById('changes-fixes').textContent")
    # the never-assessed device, with the reader's word for "never"
    assert "pc-offline-1" in browser.evaluate("document.getElementById('table-stale').textContent")
    # the quarantined device with the reason the gate recorded, in the reader's language (M10, A12)
    quarantined = browser.evaluate("document.getElementById('table-quarantined').textContent")
    assert "pc-byod-1" in quarantined and "PO-M9B" in quarantined and "(M9b)" in quarantined, quarantined
    title = {"en": "No intrusion tools installed", "fr": "Aucun outil d'intrusion installé", "ar": "عدم تثبيت أدوات الاختراق"}[lang]
    assert title in quarantined, quarantined
    browser.screenshot(os.path.join(SHOTS, "trend-%s.png" % lang))
    assert browser.errors == []


def test_trend_of_one_control_and_remediation_beside_the_evidence(browser, fixture_report):
    open_page(browser, "file://" + fixture_report + "#lang=fr")
    options = browser.evaluate("Array.from(document.querySelectorAll('#trend-scope option')).map(function (o) { return o.value; })")
    assert "control:EH-04" in options and "administration:Réforme de l'Administration" in options
    browser.evaluate("var s = document.getElementById('trend-scope'); s.value = 'control:EH-04'; s.dispatchEvent(new Event('change'))")
    assert browser.evaluate("document.querySelector('#chart-trend svg').getAttribute('data-scope')") == "control:EH-04"
    # EH-04: 100 %, 50 %, 100 %, 50 %, 100 % - the line goes down and up again
    heights = browser.evaluate(TREND_POINTS.replace("'cx'", "'cy'"))
    assert len(heights) == 5 and heights[0] == heights[2] == heights[4] and heights[1] == heights[3] > heights[0], heights
    open_page(browser, "file://" + fixture_report + "#lang=ar&host=pc-byod-1")
    remedies = browser.evaluate("Array.from(document.querySelectorAll('#device-controls td.remediation'))"
                                ".map(function (td) { return td.textContent; })")
    assert "أزل أداة الاختراق المذكورة في الدليل، ثم شغّل playbooks/posture.yml لإعادة القبول." in remedies
    assert remedies[0] == ""  # EH-04 passes on this device: nothing to do
    assert browser.errors == []
