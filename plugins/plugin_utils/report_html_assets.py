# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# ruff: noqa: E501 -- inline CSS and JavaScript, kept as written for the browser
"""Template, style sheet and script of the HTML report (inlined: the file must open offline).

Layout uses logical CSS properties (margin-inline-start, text-align: start) so that setting
dir="rtl" on <html> mirrors the whole page for Arabic; the SVG charts, which CSS cannot
mirror, are redrawn by the script for the current direction.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

TEMPLATE = u"""<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ direction }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>{{ t.title }} {{ report.generated_at }}</title>
<style>{{ css }}</style>
</head>
<body>
<header class="top">
  <div class="heading">
    <h1 data-i18n="title">{{ t.title }}</h1>
    <nav class="langs" aria-label="Language / Langue / اللغة">
      {%- for code, name in languages %}
      <button type="button" data-lang="{{ code }}" lang="{{ code }}">{{ name }}</button>
      {%- endfor %}
    </nav>
  </div>
  <dl class="meta">
    <div><dt data-i18n="generated_at">{{ t.generated_at }}</dt><dd dir="ltr">{{ report.generated_at }}</dd></div>
    <div><dt data-i18n="inventory_source">{{ t.inventory_source }}</dt><dd dir="ltr">{{ report.inventory_source or "-" }}</dd></div>
    <div><dt data-i18n="collection_version">{{ t.collection_version }}</dt><dd dir="ltr">amane.telework {{ report.collection_version or "-" }}</dd></div>
  </dl>
  {%- if report.pseudonymized %}
  <p class="badge" data-i18n="pseudonymized">{{ t.pseudonymized }}</p>
  {%- endif %}
</header>
<noscript><p class="warn">{{ t.noscript }}</p></noscript>
<main id="fleet-view">
  <section id="summary" class="cards">
    <div class="card rate"><div id="donut"></div><span data-i18n="rate">{{ t.rate }}</span></div>
    <div class="card"><b>{{ report.summary.hosts }}</b><span data-i18n="hosts">{{ t.hosts }}</span></div>
    <div class="card good"><b>{{ report.summary.compliant }}</b><span data-i18n="compliant">{{ t.compliant }}</span></div>
    <div class="card bad"><b>{{ report.summary.noncompliant }}</b><span data-i18n="noncompliant">{{ t.noncompliant }}</span></div>
    <div class="card"><b>{{ report.summary.unaudited }}</b><span data-i18n="unaudited">{{ t.unaudited }}</span></div>
    {% if not report.summary.threshold %}
    <div class="card">
      <b dir="ltr">-</b>
      <span data-i18n="threshold_none">{{ t.threshold_none }}</span>
    </div>
    {% else %}
    <div class="card {{ 'good' if report.summary.threshold_met else 'bad' }}">
      <b dir="ltr">{{ "%.2f %%"|format(report.summary.threshold) }}</b>
      <span data-i18n="{{ 'threshold_met' if report.summary.threshold_met else 'threshold_missed' }}">{{ t.threshold_met if report.summary.threshold_met else t.threshold_missed }}</span>
    </div>
    {% endif %}
  </section>
  <section id="charts" class="charts">
    <figure><figcaption data-i18n="by_control">{{ t.by_control }}</figcaption><div id="chart-control"></div></figure>
    <figure><figcaption data-i18n="by_administration">{{ t.by_administration }}</figcaption><div id="chart-administration"></div></figure>
    <figure><figcaption data-i18n="by_device_kind">{{ t.by_device_kind }}</figcaption><div id="chart-device-kind"></div></figure>
  </section>
  <section id="trend">
    <h2 data-i18n="trend">{{ t.trend }}</h2>
    <div class="filters"><label><span data-i18n="trend_of">{{ t.trend_of }}</span> <select id="trend-scope"></select></label></div>
    <div id="chart-trend"></div>
  </section>
  <section id="changes"><h2 data-i18n="changes">{{ t.changes }}</h2><div id="changes-body"></div></section>
  <section id="noncompliant"><h2 data-i18n="noncompliant_devices">{{ t.noncompliant_devices }}</h2><div id="table-noncompliant"></div></section>
  <section id="devices">
    <h2 data-i18n="all_devices">{{ t.all_devices }}</h2>
    <div class="filters">
      <label><span data-i18n="filter">{{ t.filter }}</span> <input id="filter-text" type="search" autocomplete="off"></label>
      <label><span data-i18n="show">{{ t.show }}</span>
        <select id="filter-status">
          <option value="all" data-i18n="all">{{ t.all }}</option>
          <option value="noncompliant" data-i18n="noncompliant">{{ t.noncompliant }}</option>
          <option value="compliant" data-i18n="compliant">{{ t.compliant }}</option>
        </select>
      </label>
    </div>
    <div id="table-devices"></div>
  </section>
  <section id="stale"><h2 data-i18n="stale_devices">{{ t.stale_devices }}</h2><p class="muted" id="stale-hint"></p><div id="table-stale"></div></section>
  <section id="unseen"><h2 data-i18n="unseen_devices">{{ t.unseen_devices }}</h2><p class="muted" id="unseen-hint"></p><div id="table-unseen"></div></section>
  <section id="quarantined"><h2 data-i18n="quarantined_devices">{{ t.quarantined_devices }}</h2><p class="muted" data-i18n="quarantined_hint">{{ t.quarantined_hint }}</p><div id="table-quarantined"></div></section>
  <section id="controls"><h2 data-i18n="controls">{{ t.controls }}</h2><div id="table-controls"></div></section>
  <section id="expiring"><h2 data-i18n="waivers_expiring">{{ t.waivers_expiring }}</h2><div id="table-expiring"></div></section>
  <section id="waivers"><h2 data-i18n="waivers">{{ t.waivers }}</h2><div id="table-waivers"></div></section>
</main>
<main id="device-view" hidden></main>
<script type="application/json" id="amane-data">{{ data }}</script>
<script>{{ script }}</script>
</body>
</html>
"""

CSS = u"""
:root { --good: #1b7f3b; --warn: #b7791f; --bad: #c53030; --muted: #5a6270; --line: #d9dde3; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; color: #1d232b; background: var(--bg); }
[dir=rtl] body { font-size: 16px; }
header.top { background: #12344d; color: #fff; padding: 16px 24px; }
.heading { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px; }
h1 { margin: 0; font-size: 1.5em; }
h2 { font-size: 1.2em; margin: 0 0 8px; }
.langs button { font: inherit; margin-inline-start: 6px; padding: 4px 10px; border: 1px solid #fff; border-radius: 4px; background: transparent; color: #fff; cursor: pointer; }
.langs button[aria-pressed=true] { background: #fff; color: #12344d; font-weight: bold; }
dl.meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 10px 0 0; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { opacity: .8; }
dl.meta dt::after { content: ":"; }
dl.meta dd { margin: 0; }
.badge { display: inline-block; margin: 8px 0 0; padding: 2px 8px; border-radius: 4px; background: #ffe8a3; color: #4a3800; }
.warn { background: #ffe8a3; padding: 8px 24px; margin: 0; }
main { padding: 16px 24px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; margin-block-end: 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; background: transparent; border: 0; padding: 0; }
.card { flex: 1 1 130px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; text-align: center; display: flex; flex-direction: column; align-items: center; justify-content: center; }
.card b { font-size: 1.8em; }
.card.good b { color: var(--good); } .card.bad b { color: var(--bad); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
figure { margin: 0; }
figcaption { font-weight: bold; margin-block-end: 6px; text-align: start; }
svg.chart { width: 100%; height: auto; direction: ltr; }
svg.chart text { font-size: 11px; fill: #1d232b; }
table { width: 100%; border-collapse: collapse; }
/* a narrow screen (a phone, a 700 px window) scrolls a wide table inside its section, never the page */
[id^="table-"], .scroll { overflow-x: auto; max-width: 100%; }
@media (max-width: 760px) {
  main { padding: 8px; } section { padding: 10px 8px; }
  th, td { padding: 4px 5px; } td.evidence { max-width: 22em; }
  .filters input { min-width: 0; width: 100%; }
}
th, td { text-align: start; padding: 5px 8px; border-block-end: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.evidence { white-space: pre-wrap; word-break: break-word; unicode-bidi: plaintext; max-width: 40em; }
.st { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; color: #fff; white-space: nowrap; }
.st-pass, .st-compliant { background: var(--good); } .st-fail, .st-error, .st-noncompliant { background: var(--bad); }
.st-waived { background: var(--warn); } .st-not_applicable { background: #8a939f; }
.chip { display: inline-block; margin: 1px 2px; padding: 0 6px; border: 1px solid var(--bad); border-radius: 4px; color: var(--bad); font-size: .85em; }
a.host { color: #0b5cad; cursor: pointer; text-decoration: underline; }
.pager { display: flex; align-items: center; gap: 10px; margin-block-start: 8px; color: var(--muted); }
.pager button, .back { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
.pager button:disabled { opacity: .4; cursor: default; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; margin-block-end: 8px; }
.filters input { min-width: 18em; font: inherit; padding: 3px 6px; }
.clause { display: block; margin-block-end: 4px; }
.clause b { margin-inline-end: 4px; }
.muted { color: var(--muted); }
.expired { color: var(--bad); font-weight: bold; }
ul.plain { margin: 0; padding-inline-start: 18px; }
td.remediation { max-width: 32em; unicode-bidi: plaintext; }
svg.trend { max-width: 720px; }
svg.trend text { font-size: 10px; }
"""

SCRIPT = u"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("amane-data").textContent);
  var RTL = {ar: true};
  var STATUS = D.statuses;  // one letter per status (report_model.STATUS_CODES)
  var SVGNS = "http://www.w3.org/2000/svg";
  var PAGE = 25;
  // host row fields (report_html.compact_data)
  var NAME = 0, DEVICE = 1, ADMIN = 2, UNIT = 3, KIND = 4, OWNER = 5, STATE = 6, CHECKED = 7, PROFILE = 8,
      AUDITED = 9, COMPLIANT = 10, SET = 11, CODES = 12, EVIDENCE = 13;
  var lang = D.languages[0];
  var pages = {};
  var controlIndex = {};
  var hostIndex = {};
  D.controls.forEach(function (c, i) { controlIndex[c[0]] = i; });
  D.hosts.forEach(function (h, i) { hostIndex[h[NAME]] = i; });

  function t(key) { var e = D.i18n[key]; return e ? (e[lang] || e.en || key) : key; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function pct(v) { return v === null || v === undefined ? "-" : v.toFixed(1) + " %"; }
  function colour(v) { return v === null ? "#8a939f" : v >= 90 ? "#1b7f3b" : v >= 70 ? "#b7791f" : "#c53030"; }
  function controlTitle(id) { var i = controlIndex[id]; if (i === undefined) { return id; } var tt = D.controls[i][1]; return tt[lang] || tt.en || id; }
  function clauseText(id) { var c = D.clauses[id]; return c ? (c[lang] || c.en) : id; }
  function kindLabel(k) { if (!k) { return t("unassigned"); } return D.i18n["kind_" + k] ? t("kind_" + k) : k; }
  // a fixed value (registry state, severity) in the reader's language; unknown values as they are
  function word(prefix, value) { return value && D.i18n[prefix + value] ? t(prefix + value) : (value || ""); }
  function badge(status) { return el("span", {"class": "st st-" + status, text: t("st_" + status)}); }
  function compliance(h) {
    return h[COMPLIANT] ? el("span", {"class": "st st-compliant", text: t("compliant")}) : el("span", {"class": "st st-noncompliant", text: t("noncompliant")});
  }
  function failing(h) {
    var ids = D.sets[h[SET]], codes = h[CODES], out = [];
    for (var i = 0; i < codes.length; i++) { if (codes[i] === "f" || codes[i] === "e") { out.push(D.controls[ids[i]][0]); } }
    return out;
  }
  function hostLink(name) {
    var a = el("a", {"class": "host", href: "#" + encodeHash({lang: lang, host: name}), text: name});
    return a;
  }
  function chips(ids) { return el("span", {}, ids.map(function (id) { return el("span", {"class": "chip", title: controlTitle(id), text: id}); })); }

  // ---- paginated table: only one page of rows is ever in the DOM ----
  function table(containerId, columns, rows) {
    var box = clear(document.getElementById(containerId));
    if (!rows.length) { box.appendChild(el("p", {"class": "muted", text: t("empty")})); return; }
    var count = Math.ceil(rows.length / PAGE);
    var page = Math.min(pages[containerId] || 0, count - 1);
    pages[containerId] = page;
    var head = el("tr", {}, columns.map(function (c) { return el("th", {scope: "col", text: t(c[0])}); }));
    var body = el("tbody");
    rows.slice(page * PAGE, page * PAGE + PAGE).forEach(function (row) {
      body.appendChild(el("tr", {}, columns.map(function (c) {
        var value = c[1](row);
        var cell = el("td", c[2] ? {"class": c[2]} : {});
        if (value !== null && value !== undefined) { cell.appendChild(typeof value === "object" ? value : document.createTextNode(String(value))); }
        return cell;
      })));
    });
    box.appendChild(el("table", {}, [el("thead", {}, [head]), body]));
    if (count > 1) {
      var prev = el("button", {type: "button", text: t("previous_page")});
      var next = el("button", {type: "button", text: t("next_page")});
      prev.disabled = page === 0; next.disabled = page >= count - 1;
      prev.addEventListener("click", function () { pages[containerId] = page - 1; table(containerId, columns, rows); });
      next.addEventListener("click", function () { pages[containerId] = page + 1; table(containerId, columns, rows); });
      box.appendChild(el("div", {"class": "pager"}, [prev, el("span", {text: t("page") + " " + (page + 1) + " " + t("of") + " " + count + " (" + rows.length + " " + t("rows") + ")"}), next]));
    }
  }

  // ---- inline SVG charts, drawn for the current direction ----
  function barChart(containerId, items) {
    var box = clear(document.getElementById(containerId));
    if (!items.length) { box.appendChild(el("p", {"class": "muted", text: t("empty")})); return; }
    var rtl = !!RTL[lang], width = 480, label = 150, row = 20, bar = width - label - 60;
    var chart = svg("svg", {"class": "chart", viewBox: "0 0 " + width + " " + (items.length * row + 4), role: "img"});
    items.forEach(function (item, i) {
      // 0 % is the worst result, not "nothing to show": it gets a visible stub in the failing
      // colour; only "not applicable" (null) is an empty bar.
      var y = i * row + 2, value = item.value === null ? 0 : item.value;
      var length = item.value === null ? 0 : Math.max(bar * value / 100, 4);
      var g = svg("g", {});
      g.appendChild(svg("title", {}, item.title + ": " + pct(item.value)));
      var text = item.label.length > 24 ? item.label.slice(0, 23) + "\u2026" : item.label;  // the full name is in the tooltip
      g.appendChild(svg("text", {x: rtl ? width - label + 6 : label - 6, y: y + 14, "text-anchor": rtl ? "start" : "end"}, text));
      g.appendChild(svg("rect", {x: rtl ? width - label - bar : label, y: y + 3, width: bar, height: row - 6, fill: "#eef1f4"}));
      g.appendChild(svg("rect", {x: rtl ? width - label - length : label, y: y + 3, width: length, height: row - 6, fill: colour(item.value)}));
      g.appendChild(svg("text", {x: rtl ? width - label - bar - 4 : label + bar + 4, y: y + 14, "text-anchor": rtl ? "end" : "start"}, pct(item.value)));
      chart.appendChild(g);
    });
    box.appendChild(chart);
  }
  function donut() {
    var box = clear(document.getElementById("donut")), rate = D.summary.rate, r = 40, c = 2 * Math.PI * r;
    var chart = svg("svg", {"class": "chart", viewBox: "0 0 100 100", width: "110", role: "img"});
    chart.style.width = "110px";
    chart.appendChild(svg("circle", {cx: 50, cy: 50, r: r, fill: "none", stroke: "#eef1f4", "stroke-width": 12}));
    chart.appendChild(svg("circle", {cx: 50, cy: 50, r: r, fill: "none", stroke: colour(rate), "stroke-width": 12,
      "stroke-dasharray": (c * rate / 100) + " " + c, transform: RTL[lang] ? "matrix(-1 0 0 1 100 0) rotate(-90 50 50)" : "rotate(-90 50 50)"}));
    chart.appendChild(svg("text", {x: 50, y: 55, "text-anchor": "middle", "font-size": "16", "font-weight": "bold"}, pct(rate)));
    box.appendChild(chart);
  }

  // ---- the trend: one line over the stored runs, for the fleet, an administration or a control ----
  function trendOptions() {
    var select = document.getElementById("trend-scope"), chosen = select.value || "fleet:rate";
    clear(select);
    select.appendChild(el("option", {value: "fleet:rate", text: t("scope_fleet")}));
    select.appendChild(el("option", {value: "fleet:control_rate", text: t("scope_fleet_controls")}));
    Object.keys(D.trend.administration).sort().forEach(function (name) {
      select.appendChild(el("option", {value: "administration:" + name, text: t("scope_administration") + ": " + (name || t("unassigned"))}));
    });
    Object.keys(D.trend.control).sort().forEach(function (id) {
      select.appendChild(el("option", {value: "control:" + id, text: t("scope_control") + ": " + id + " " + controlTitle(id)}));
    });
    select.value = chosen;
    if (select.selectedIndex < 0) { select.value = "fleet:rate"; }
  }
  function trendValues(scope) {
    var colon = scope.indexOf(":"), kind = scope.slice(0, colon), name = scope.slice(colon + 1);
    if (kind === "fleet") { return D.trend.runs.map(function (r) { return r[name] === undefined ? null : r[name]; }); }
    return D.trend[kind][name] || [];
  }
  function trendChart() {
    var box = clear(document.getElementById("chart-trend")), runs = D.trend.runs;
    var scope = document.getElementById("trend-scope").value || "fleet:rate", values = trendValues(scope);
    var rtl = !!RTL[lang], width = 640, height = 220, left = 44, right = 40, top = 12, bottom = 40;
    var plot = width - left - right, tall = height - top - bottom;
    function x(i) { var at = runs.length > 1 ? left + plot * i / (runs.length - 1) : left + plot / 2; return rtl ? width - at : at; }
    function y(v) { return top + tall * (1 - v / 100); }
    var chart = svg("svg", {"class": "chart trend", viewBox: "0 0 " + width + " " + height, role: "img", "data-scope": scope, "data-points": String(values.filter(function (v) { return v !== null; }).length)});
    chart.appendChild(svg("title", {}, t("trend") + " (" + runs.length + " " + t("runs") + ")"));
    [0, 50, 100].forEach(function (v) {
      chart.appendChild(svg("line", {x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: "#d9dde3"}));
      chart.appendChild(svg("text", {x: rtl ? width - left + 4 : left - 4, y: y(v) + 3, "text-anchor": rtl ? "start" : "end"}, v + " %"));
    });
    // dates of the first and last runs (and the middle one), time running in the reading direction
    [0, Math.floor((runs.length - 1) / 2), runs.length - 1].filter(function (v, i, a) { return a.indexOf(v) === i; }).forEach(function (i) {
      chart.appendChild(svg("text", {x: x(i), y: height - bottom + 16, "text-anchor": "middle", "class": "run-date"}, runs[i].generated_at.slice(0, 10)));
    });
    var path = "", open = false;
    values.forEach(function (v, i) {
      if (v === null || v === undefined) { open = false; return; }  // nothing counted in that run: a gap, not a zero
      path += (open ? " L" : " M") + x(i).toFixed(1) + " " + y(v).toFixed(1);
      open = true;
    });
    if (path) { chart.appendChild(svg("path", {d: path.trim(), fill: "none", stroke: "#12344d", "stroke-width": 2, "class": "trend-line"})); }
    values.forEach(function (v, i) {
      if (v === null || v === undefined) { return; }
      var dot = svg("circle", {cx: x(i), cy: y(v), r: 3.5, fill: colour(v), "class": "trend-point"});
      dot.appendChild(svg("title", {}, runs[i].generated_at + ": " + pct(v)));
      chart.appendChild(dot);
    });
    box.appendChild(chart);
    if (runs.length < 2) { box.appendChild(el("p", {"class": "muted", text: t("single_run")})); }
  }

  function remediation(c) { var r = c[7]; return r ? (r[lang] || r.en) : ""; }

  function renderFleet() {
    donut();
    trendOptions();
    trendChart();
    barChart("chart-control", D.controls.map(function (c) { return {label: c[0], title: c[0] + " " + (c[1][lang] || c[1].en), value: c[5]}; }));
    barChart("chart-administration", D.groups.administration.map(function (g) { var n = g.name || t("unassigned"); return {label: n, title: n + " (" + g.compliant + "/" + g.hosts + ")", value: g.rate}; }));
    barChart("chart-device-kind", D.groups.device_kind.map(function (g) { var n = kindLabel(g.name); return {label: n, title: n + " (" + g.compliant + "/" + g.hosts + ")", value: g.rate}; }));
    table("table-noncompliant", [
      ["host", function (h) { return hostLink(h[NAME]); }], ["device_id", function (h) { return h[DEVICE]; }],
      ["administration", function (h) { return h[ADMIN]; }], ["device_kind", function (h) { return kindLabel(h[KIND]); }],
      ["owner", function (h) { return h[OWNER]; }],
      ["failing", function (h) { return h[AUDITED] ? chips(failing(h)) : el("span", {"class": "muted", text: t("no_audit")}); }]
    ], D.hosts.filter(function (h) { return !h[COMPLIANT]; }));
    renderDevices();
    table("table-controls", [
      ["control", function (c) { return c[0]; }], ["control_title", function (c) { return c[1][lang] || c[1].en; }],
      ["clauses", function (c) { return el("span", {}, c[2].map(function (id) { return el("span", {"class": "chip", title: clauseText(id), text: id}); })); }],
      ["severity", function (c) { return word("sev_", c[4]); }], ["rate", function (c) { return pct(c[5]); }],
      ["st_fail", function (c) { return c[6].fail + c[6].error; }], ["st_waived", function (c) { return c[6].waived; }],
      ["remediation", function (c) { return c[6].fail + c[6].error ? remediation(c) : ""; }, "remediation"]
    ], D.controls);
    document.getElementById("stale-hint").textContent = t("stale_hint").replace("{days}", D.stale_days);
    table("table-stale", [
      ["host", function (d) { return hostLink(d[0]); }], ["device_id", function (d) { return d[1]; }],
      ["administration", function (d) { return d[2]; }],
      ["last_assessed", function (d) { return d[3] ? el("span", {dir: "ltr", text: d[3]}) : el("span", {"class": "expired", text: t("never")}); }],
      ["days", function (d) { return d[4] === null ? "-" : d[4]; }]
    ], D.stale);
    document.getElementById("unseen-hint").textContent = t("unseen_hint").replace("{days}", D.stale_days);
    table("table-unseen", [
      ["host", function (d) { return hostLink(d[0]); }], ["device_id", function (d) { return d[1]; }],
      ["administration", function (d) { return d[2]; }], ["state", function (d) { return word("state_", d[3]); }],
      ["last_seen", function (d) { return d[4] ? el("span", {dir: "ltr", text: d[4]}) : el("span", {"class": "expired", text: t("never")}); }],
      ["days", function (d) { return d[5] === null ? "-" : d[5]; }]
    ], D.unseen);
    // each failed control of the device's last posture check: id, title, clauses, then what to do
    function failedControls(d, part) {
      if (!d[4].length) { return part === "fix" ? "" : t("quarantined_by_decision"); }
      return el("ul", {}, d[4].map(function (c) {
        var text = part === "fix" ? (c[3] ? (c[3][lang] || c[3].en) : "")
          : c[0] + " " + (c[1][lang] || c[1].en) + (c[2].length ? " (" + c[2].join(", ") + ")" : "");
        return el("li", {text: text});
      }));
    }
    table("table-quarantined", [
      ["host", function (d) { return hostLink(d[0]); }], ["device_id", function (d) { return d[1]; }],
      ["administration", function (d) { return d[2]; }],
      ["failing", function (d) { return failedControls(d, "controls"); }],
      ["remediation", function (d) { return failedControls(d, "fix"); }, "remediation"],
      ["checked_at", function (d) { return d[3] ? el("span", {dir: "ltr", text: d[3]}) : el("span", {"class": "expired", text: t("never")}); }]
    ], D.quarantined);
    table("table-expiring", [
      ["host", function (w) { return hostLink(w[0]); }], ["control", function (w) { return w[1] + " " + controlTitle(w[1]); }],
      ["expires", function (w) { return el("span", {dir: "ltr", text: w[2]}); }], ["days_left", function (w) { return w[3]; }],
      ["approver", function (w) { return w[4]; }]
    ], D.expiring);
    table("table-waivers", [
      ["host", function (w) { return hostLink(w[0]); }], ["control", function (w) { return w[1] + " " + controlTitle(w[1]); }],
      ["justification", function (w) { return w[3]; }, "evidence"], ["approver", function (w) { return w[4]; }],
      ["expires", function (w) { return w[6] ? el("span", {"class": "expired", text: w[5] + " (" + t("expired") + ")"}) : w[5]; }],
      ["status", function (w) { return badge(w[2]); }]
    ], D.waivers);
    renderChanges();
  }
  function renderDevices() {
    var text = document.getElementById("filter-text").value.trim().toLowerCase();
    var which = document.getElementById("filter-status").value;
    var rows = D.hosts.filter(function (h) {
      if (which === "compliant" && !h[COMPLIANT]) { return false; }
      if (which === "noncompliant" && h[COMPLIANT]) { return false; }
      if (!text) { return true; }
      return [h[NAME], h[DEVICE], h[ADMIN], h[UNIT], h[OWNER]].concat(failing(h)).join(" ").toLowerCase().indexOf(text) >= 0;
    });
    table("table-devices", [
      ["host", function (h) { return hostLink(h[NAME]); }], ["device_id", function (h) { return h[DEVICE]; }],
      ["administration", function (h) { return h[ADMIN]; }], ["unit", function (h) { return h[UNIT]; }],
      ["device_kind", function (h) { return kindLabel(h[KIND]); }], ["owner", function (h) { return h[OWNER]; }],
      ["state", function (h) { return word("state_", h[STATE]); }], ["status", compliance],
      ["failing", function (h) { return h[AUDITED] ? failing(h).length : "-"; }], ["checked_at", function (h) { return h[CHECKED]; }]
    ], rows);
  }
  function renderChanges() {
    var box = clear(document.getElementById("changes-body")), ch = D.changes;
    if (!ch) { box.appendChild(el("p", {"class": "muted", text: t("no_previous")})); return; }
    var cols = [["host", function (c) { return hostLink(c[0]); }], ["control", function (c) { return c[1] + " " + controlTitle(c[1]); }],
      ["before", function (c) { return c[2] ? badge(c[2]) : "-"; }], ["after", function (c) { return badge(c[3]); }]];
    box.appendChild(el("p", {}, [t("previous_of") + ": ", el("span", {dir: "ltr", text: ch.previous_generated_at || "-"})]));
    [["new_failures", ch.new_failures], ["fixes", ch.fixes]].forEach(function (part) {
      box.appendChild(el("h3", {text: t(part[0]) + " (" + part[1].length + ")"}));
      box.appendChild(el("div", {id: "changes-" + part[0]}));
      table("changes-" + part[0], cols, part[1]);
    });
    [["new_hosts", ch.new_hosts], ["removed_hosts", ch.removed_hosts]].forEach(function (part) {
      box.appendChild(el("h3", {text: t(part[0]) + " (" + part[1].length + ")"}));
      box.appendChild(el("p", {text: part[1].length ? part[1].join(", ") : t("none")}));
    });
  }

  function renderDevice(name) {
    var view = clear(document.getElementById("device-view")), h = D.hosts[hostIndex[name]];
    var back = el("a", {"class": "back", href: "#" + encodeHash({lang: lang}), text: t("back")});
    view.appendChild(el("p", {}, [back]));
    var section = el("section");
    view.appendChild(section);
    section.appendChild(el("h2", {}, [t("device_view") + " ", el("bdi", {text: name}), " ", compliance(h)]));
    var fields = [["device_id", h[DEVICE]], ["administration", h[ADMIN]], ["unit", h[UNIT]], ["device_kind", kindLabel(h[KIND])],
      ["owner", h[OWNER]], ["state", word("state_", h[STATE])], ["profile", h[PROFILE]], ["checked_at", h[CHECKED]]];
    section.appendChild(el("dl", {"class": "meta"}, fields.map(function (f) { return el("div", {}, [el("dt", {text: t(f[0])}), el("dd", {text: f[1] === null ? "-" : String(f[1])})]); })));
    if (!h[AUDITED]) { section.appendChild(el("p", {"class": "expired", text: t("no_audit")})); return; }
    var waivers = {};
    D.waivers.forEach(function (w) { if (w[0] === name) { waivers[w[1]] = w; } });
    var ids = D.sets[h[SET]], rows = [];
    for (var i = 0; i < ids.length; i++) { rows.push({c: D.controls[ids[i]], s: STATUS[h[CODES][i]], e: D.strings[h[EVIDENCE][i]]}); }
    var body = el("tbody");
    rows.forEach(function (r) {
      var w = waivers[r.c[0]];
      body.appendChild(el("tr", {"data-status": r.s}, [
        el("td", {}, [el("b", {text: r.c[0]}), el("br"), r.c[1][lang] || r.c[1].en]),
        el("td", {}, [badge(r.s)]),
        el("td", {"class": "evidence", dir: "auto", text: r.e}),
        el("td", {"class": "remediation", text: r.s === "fail" || r.s === "error" ? remediation(r.c) : ""}),
        el("td", {}, r.c[2].map(function (id) { return el("span", {"class": "clause"}, [el("b", {text: id}), clauseText(id)]); })),
        el("td", {}, [el("ul", {"class": "plain"}, r.c[3].map(function (ref) { return el("li", {dir: "auto", text: ref}); }))]),
        el("td", {}, w ? [el("div", {text: t("justification") + ": " + w[3]}), el("div", {text: t("approver") + ": " + w[4]}),
          el("div", {"class": w[6] ? "expired" : null, text: t("expires") + ": " + w[5] + (w[6] ? " (" + t("expired") + ")" : "")})] : [])
      ]));
    });
    var head = el("tr", {}, ["control", "status", "evidence", "remediation", "clauses", "refs", "waiver"].map(function (k) { return el("th", {scope: "col", text: t(k)}); }));
    // a wide table scrolls inside its own box on a narrow screen, never the page
    section.appendChild(el("div", {"class": "scroll"}, [el("table", {id: "device-controls"}, [el("thead", {}, [head]), body])]));
  }

  // ---- language and routing (#lang=ar&host=pc-1): the URL can be bookmarked or shared ----
  function parseHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("="); if (kv[0]) { out[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || ""); }
    });
    return out;
  }
  function encodeHash(o) { return Object.keys(o).filter(function (k) { return o[k]; }).map(function (k) { return k + "=" + encodeURIComponent(o[k]); }).join("&"); }
  function applyLanguage() {
    var root = document.documentElement;
    root.lang = lang;
    root.dir = RTL[lang] ? "rtl" : "ltr";
    document.title = t("title") + " " + D.meta.generated_at;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    document.getElementById("filter-text").placeholder = t("filter_hint");
    Array.prototype.forEach.call(document.querySelectorAll("[data-lang]"), function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-lang") === lang ? "true" : "false"); });
  }
  function route() {
    var hash = parseHash();
    lang = D.languages.indexOf(hash.lang) >= 0 ? hash.lang : (D.languages.indexOf(lang) >= 0 ? lang : D.languages[0]);
    applyLanguage();
    var device = hash.host && hostIndex[hash.host] !== undefined;
    document.getElementById("fleet-view").hidden = device;
    document.getElementById("device-view").hidden = !device;
    if (device) { renderDevice(hash.host); } else { renderFleet(); }
    document.documentElement.setAttribute("data-ready", lang);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-lang]"), function (b) {
    b.addEventListener("click", function () { var hash = parseHash(); hash.lang = b.getAttribute("data-lang"); location.hash = encodeHash(hash); });
  });
  var timer = null;
  document.getElementById("filter-text").addEventListener("input", function () {
    clearTimeout(timer); timer = setTimeout(function () { pages["table-devices"] = 0; renderDevices(); }, 150);
  });
  document.getElementById("filter-status").addEventListener("change", function () { pages["table-devices"] = 0; renderDevices(); });
  document.getElementById("trend-scope").addEventListener("change", trendChart);
  window.addEventListener("hashchange", route);
  route();
}());
"""
