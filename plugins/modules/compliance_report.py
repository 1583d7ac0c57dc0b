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
  - ansible.builtin.action_common_attributes.actiongroups
requirements:
  - Jinja2 on the controller, for the HTML report (it comes with ansible-core)
  - cryptography on the controller, only to sign the manifest (O(signing_key); it comes with ansible-core)
  - psycopg 3 on the controller, only when the report store is a PostgreSQL registry (O(registry_dsn))
attributes:
  action_group:
    support: full
    membership:
      - amane.telework.registry
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
      - What to compare with (new failures first, then fixes).
      - C(auto) takes the latest run of the
        report store (O(registry_path) or O(registry_dsn)), else the newest C(report.json) under
        O(output_dir). A run id C(YYYYMMDDTHHMMSSZ) takes that stored run, so any two runs can be
        compared. A path takes that C(report.json). C(none) skips the comparison.
    type: str
    default: auto
  registry_path:
    description:
      - SQLite registry (the one C(playbooks/enroll.yml) writes) that keeps every report run, the
        report store. The trend charts, the comparison with any stored run and the devices not
        assessed for O(stale_days) come from it. Created, or migrated to the current schema version, when needed.
      - Owners' names, owner ids and evidence are never stored; a pseudonymized run stores only
        what its report shows. C(AMANE_REGISTRY_PATH) in the controller's environment when not given,
        as for the registry modules; without any of them nothing is stored.
    type: path
  registry_dsn:
    description:
      - PostgreSQL connection string of the registry, instead of O(registry_path); C(AMANE_REGISTRY_DSN)
        in the controller's environment when not given, as for the registry modules.
      - The database role needs SELECT, INSERT, UPDATE and DELETE on the C(report_*) tables.
    type: str
  retention_days:
    description: Stored runs older than this many days are deleted when a run is stored (12 months by default).
    type: int
    default: 365
  stale_days:
    description:
      - A device whose last assessment (in this run, in the last stored run that assessed it, or the
        registry's last posture check) is older than this many days, or that was never assessed, is
        listed as not assessed.
      - An active or quarantined device whose latest VPN handshake is older than this many days, or
        that was never seen, is listed as not seen on the VPN.
    type: int
    default: 7
  waiver_warning_days:
    description: Waivers ending within this many days are listed, soonest first, so that they are renewed or the control fixed.
    type: int
    default: 30
  signing_key:
    description:
      - Ed25519 private key (PEM) that signs the run's C(manifest.json) into C(manifest.json.sig),
        verifiable with C(openssl pkeyutl -verify -pubin -inkey <public key> -rawin -in manifest.json -sigfile manifest.json.sig).
      - Every report set carries C(manifest.json) and C(SHA256SUMS) (C(sha256sum -c SHA256SUMS)), signed or not.
    type: path
  bundle:
    description:
      - Also pack the report set into C(<output_dir>/<run id>.auditor.tar.gz) for an auditor
        (files, manifest, checksums, signature; reproducible, mode 0640).
    type: bool
    default: false
  inventory_source:
    description: Where the inventory came from, printed in the report.
    type: str
  catalogue:
    description: Control catalogue to use instead of the collection's (for tests and previews).
    type: dict
notes:
  - Check mode computes the report and its summary without writing any file or storing the run.
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

- name: Keep the run in the registry's report store, signed, with an auditor's bundle
  amane.telework.compliance_report:
    results: "{{ audits }}"
    output_dir: /var/lib/amane/reports
    registry_path: /var/lib/amane/registry.sqlite
    retention_days: 365
    signing_key: /etc/amane/report-signing.pem
    bundle: true

- name: Compare with a chosen stored run instead of the latest
  amane.telework.compliance_report:
    results: "{{ audits }}"
    output_dir: /var/lib/amane/reports
    registry_path: /var/lib/amane/registry.sqlite
    previous: 20261101T060000Z

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
run_id:
  description: The run's id, the name of its folder and of its row in the report store.
  returned: always
  type: str
  sample: 20261123T100000Z
previous:
  description: What was compared with - a C(report.json) path or C(run <run id>) - or null.
  returned: always
  type: str
  sample: run 20261122T100000Z
manifest:
  description: Path of the run's manifest (each file's SHA-256 and the run's metadata).
  returned: always
  type: str
manifest_sha256:
  description: SHA-256 of C(manifest.json), also kept in the report store; null in check mode.
  returned: always
  type: str
signed:
  description: Whether C(manifest.json.sig) was written with O(signing_key).
  returned: always
  type: bool
bundle:
  description: Path of the auditor's bundle when O(bundle=true), else null.
  returned: always
  type: str
stored:
  description: Whether the run was kept in the report store.
  returned: always
  type: bool
pruned_runs:
  description: Stored runs deleted because they were older than O(retention_days).
  returned: always
  type: int
stale_devices:
  description:
    - Number of devices not assessed for O(stale_days), by the latest of this run's audit, the report
      store's last one and the registry's last posture check (C(amane_posture.checked_at)).
  returned: always
  type: int
unseen_devices:
  description:
    - Number of active or quarantined devices whose latest VPN handshake (C(amane_last_seen_at), stored by
      C(playbooks/last-seen.yml)) is older than O(stale_days), or that were never seen.
  returned: always
  type: int
quarantined_devices:
  description:
    - Number of devices the registry holds in quarantine (the gateway's quarantine lane); the report lists
      each with the controls its last posture check failed.
  returned: always
  type: int
waivers_expiring:
  description: Number of waivers ending within O(waiver_warning_days).
  returned: always
  type: int
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
