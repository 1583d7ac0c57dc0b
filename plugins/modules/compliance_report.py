#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of amane.telework.compliance_report; the work is done by its action plugin."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: compliance_report
short_description: Write compliance reports (HTML fr/ar/en, JSON, JUnit XML, CSV) from audit results
description:
  - Builds the compliance report of a fleet from the host reports of the audits
    (C(amane_audit_*) facts, shape in docs/results.md) and the registry records
    (C(amane_*) host vars), and writes a dated report set under O(output_dir).
  - Runs on the controller (action plugin); nothing is sent to or changed on managed hosts.
  - The HTML file is self-contained (opens offline) with a French / Arabic / English switch,
    Arabic laid out right to left. The JSON follows the versioned schema C(amane.report/1)
    (docs/report-schema.json).
  - Fails, after writing the reports, when the share of compliant hosts is below O(threshold);
    the message is the summary line (C(AMANE-REPORT status=FAIL rate=...)).
  - Guide clauses served - M10, M11, A2, A3 (pseudonymization, law 09.08), A4, A21.
version_added: 0.1.0
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
requirements:
  - Jinja2 on the controller, for the HTML report (it comes with ansible-core)
attributes:
  check_mode:
    support: full
    details: Builds the report and writes nothing; reports what would be written.
  diff_mode:
    support: none
  action:
    support: full
    details: The work is done by the action plugin, on the controller.
  async:
    support: none
  bypass_host_loop:
    support: none
  platform:
    platforms: posix
options:
  results:
    description:
      - Host reports (docs/results.md), any number per host; results of one host are merged,
        the worse status winning when two audits report the same control.
    type: list
    elements: dict
    required: true
  records:
    description:
      - Registry records by host name (the inventory plugin's C(amane_*) host vars).
      - When omitted, they are read from the host vars of every inventory host that has
        C(amane_device_id), plus the hosts named in O(results).
    type: dict
  output_dir:
    description: Directory that receives one dated sub-directory (C(YYYYMMDDTHHMMSSZ)) per report set.
    type: path
    required: true
  formats:
    description: Formats to write.
    type: list
    elements: str
    choices: [html, json, junit, csv]
    default: [html, json, junit, csv]
  languages:
    description: Languages of the HTML switch; the first one is shown when the file opens and titles the CSV.
    type: list
    elements: str
    choices: [fr, ar, en]
    default: [fr, ar, en]
  pseudonymize:
    description: Replace owners' names and ids by stable keyed pseudonyms (HMAC-SHA256) in every format.
    type: bool
    default: false
  pseudonymize_key:
    description:
      - Secret key of the pseudonyms; required when O(pseudonymize=true). Keep it in a vault;
        the same key gives the same pseudonyms from one report to the next.
    type: str
  threshold:
    description: Minimum percentage of compliant hosts; below it the task fails after writing the reports. C(0) never fails.
    type: float
    default: 0
  previous:
    description:
      - Earlier C(report.json) to compare with (new failures, fixes). C(auto) takes the newest report
        under O(output_dir); C(none) skips the comparison.
    type: str
    default: auto
  inventory_source:
    description: Where the inventory came from, printed in the report.
    type: str
  catalogue:
    description: Control catalogue to use instead of the collection's (for tests and previews).
    type: dict
notes:
  - Check mode computes the report and its summary without writing any file.
  - A host without any audit result counts as non-compliant and is listed as not audited.
seealso:
  - name: Report schema and formats
    description: docs/reports.md and docs/report-schema.json in the collection.
    link: https://example.invalid/amane/telework/docs/reports.md
"""

EXAMPLES = r"""
- name: Write the fleet's reports and fail below 90 % compliant hosts
  amane.telework.compliance_report:
    results: "{{ groups['all'] | map('extract', hostvars) | selectattr('amane_report_audits', 'defined')
                 | map(attribute='amane_report_audits') | flatten }}"
    output_dir: /var/lib/amane/reports
    threshold: 90
  run_once: true
  delegate_to: localhost

- name: Pseudonymized reports for a wider audience (law 09.08)
  amane.telework.compliance_report:
    results: "{{ audits }}"
    output_dir: /srv/reports/shared
    formats: [html, csv]
    languages: [ar, fr]
    pseudonymize: true
    pseudonymize_key: "{{ vault_amane_report_key }}"
"""

RETURN = r"""
directory:
  description: The dated directory holding this report set.
  returned: always
  type: str
  sample: /var/lib/amane/reports/20261123T100000Z
files:
  description: Path of each written format.
  returned: always
  type: dict
  sample: {html: /var/lib/amane/reports/20261123T100000Z/report.html, json: /var/lib/amane/reports/20261123T100000Z/report.json}
summary_file:
  description: File holding the summary line (written unless in check mode), for scripts that cannot parse Ansible's output.
  returned: always
  type: str
  sample: /var/lib/amane/reports/20261123T100000Z/summary.txt
previous:
  description: The report compared with, or null.
  returned: always
  type: str
summary:
  description: Fleet summary (hosts, compliant, noncompliant, unaudited, rate, control_rate, results, threshold, threshold_met).
  returned: always
  type: dict
changes:
  description: Counts of new_failures, fixes, new_hosts and removed_hosts since the previous report, or null.
  returned: always
  type: dict
summary_line:
  description: One line for automation, starting with AMANE-REPORT.
  returned: always
  type: str
  sample: AMANE-REPORT status=PASS rate=100.00% threshold=90.00% hosts=2 compliant=2 noncompliant=0 unaudited=0 failed_results=0 errors=0
"""

# No code here: the action plugin of the same name (plugins/action/compliance_report.py) does the
# work on the controller. This file carries the documentation that ansible-doc and the docs site read.
