# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTML report: one self-contained file (inline CSS, JS and SVG; opens offline).

The page carries the report as compact JSON (strings interned, statuses as one letter per
control, hosts sharing a control list share it) and draws tables a page at a time with
JavaScript: 10,000 devices x 60 controls stay usable, where 600,000 DOM rows would not.
Runs on the controller only (Jinja2 comes with ansible-core there).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from jinja2 import Environment
from markupsafe import Markup

from ansible_collections.amane.telework.plugins.plugin_utils.report_model import STATUS_CODES
from ansible_collections.amane.telework.plugins.plugin_utils.report_html_assets import CSS, SCRIPT, TEMPLATE
from ansible_collections.amane.telework.plugins.plugin_utils.report_i18n import LANGUAGE_NAMES, RTL, STRINGS, check_languages


def compact_data(report, languages):
    """The page's data: the report without repetition, in arrays the script indexes."""
    control_index = {c["id"]: i for i, c in enumerate(report["controls"])}
    strings, string_index = [], {}
    sets, set_index = [], {}
    hosts = []
    codes = STATUS_CODES
    for host in report["hosts"]:
        results = host["results"]
        ids = tuple(r["id"] for r in results)
        position = set_index.get(ids)
        if position is None:
            position = set_index[ids] = len(sets)
            sets.append([control_index[i] for i in ids])
        evidence = []
        for result in results:
            text = result["evidence"]
            index = string_index.get(text)
            if index is None:
                index = string_index[text] = len(strings)
                strings.append(text)
            evidence.append(index)
        hosts.append([
            host["host"], host["device_id"], host["administration"], host["unit"], host["device_kind"],
            host["owner"], host["state"], host["checked_at"], host["profile"], 1 if host["audited"] else 0,
            1 if host["compliant"] else 0, position, "".join([codes[r["status"]] for r in results]), evidence,
        ])
    changes = report["changes"]
    return {
        "languages": languages,
        "statuses": {code: status for status, code in STATUS_CODES.items()},
        "names": {lang: LANGUAGE_NAMES[lang] for lang in languages},
        "i18n": {key: {lang: text[lang] for lang in languages} for key, text in STRINGS.items()},
        "meta": {
            "generated_at": report["generated_at"],
            "inventory_source": report["inventory_source"],
            "collection_version": report["collection_version"],
            "pseudonymized": report["pseudonymized"],
        },
        "summary": report["summary"],
        "controls": [[c["id"], c["title"], c["clauses"], c["refs"], c["severity"], c["rate"], c["counts"],
                      c["remediation"] and {lang: c["remediation"][lang] for lang in languages}] for c in report["controls"]],
        "clauses": report["clauses"],
        "groups": {"administration": report["by_administration"], "device_kind": report["by_device_kind"]},
        "strings": strings,
        "sets": sets,
        "hosts": hosts,
        "waivers": [
            [w["host"], w["control"], w["status"], w["justification"], w["approver"], w["expires"], w["expired"]]
            for w in report["waivers"]
        ],
        "trend": report["trend"],
        "stale_days": report["stale_days"],
        "stale": [[d["host"], d["device_id"], d["administration"], d["last_assessed"], d["days"]] for d in report["stale_devices"]],
        "unseen": [[d["host"], d["device_id"], d["administration"], d["state"], d["last_seen"], d["days"]]
                   for d in report["unseen_devices"]],
        "quarantined": [[d["host"], d["device_id"], d["administration"], d["checked_at"],
                         [[c["id"], c["title"], c["clauses"], c["remediation"]] for c in d["controls"]]]
                        for d in report["quarantined_devices"]],
        "expiring": [[w["host"], w["control"], w["expires"], w["days_left"], w["approver"]] for w in report["waivers_expiring"]],
        "changes": None if changes is None else {
            "previous_generated_at": changes["previous_generated_at"],
            "new_failures": [[c["host"], c["control"], c["before"], c["after"]] for c in changes["new_failures"]],
            "fixes": [[c["host"], c["control"], c["before"], c["after"]] for c in changes["fixes"]],
            "new_hosts": changes["new_hosts"],
            "removed_hosts": changes["removed_hosts"],
        },
    }


def _script_json(data):
    # "<" escaped so no string in the data can close the <script> element (evidence comes
    # from hosts and must never become markup)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_html(report, languages=None):
    languages = check_languages(languages)
    default = languages[0]
    environment = Environment(autoescape=True)
    template = environment.from_string(TEMPLATE)
    return template.render(
        lang=default,
        direction="rtl" if default in RTL else "ltr",
        t={key: text[default] for key, text in STRINGS.items()},
        # constants of this collection, and JSON whose "<" are escaped: nothing from hosts is raw
        css=Markup(CSS),  # noqa: S704
        script=Markup(SCRIPT),  # noqa: S704
        data=Markup(_script_json(compact_data(report, languages))),  # noqa: S704
        languages=[(lang, LANGUAGE_NAMES[lang]) for lang in languages],
        report=report,
    )
