# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control catalogue: the one data file that roles, audits, the posture gate and reports read.

It is Python rather than YAML because Ansible ships module_utils (and only Python) to the
managed host with each module; the audit there needs the same data the reports use here.

Each entry, keyed by control id::

    "EH-04": {
        "title": {"en": "...", "fr": "...", "ar": "..."},
        "clauses": ["S4"],                    # guide clause IDs (../shared/guide/telework-guide.md)
        "refs": ["CIS Debian 12 1.8.4", "ANSSI BP-028 R32"],   # external references, may be empty
        "severity": "high",                   # low | medium | high | critical
        "profiles": ["issued", "byod"],       # where it applies: issued, byod, gateway, server, log
        "area": "endpoint",                   # endpoint | antivirus | posture | vpn | backup | logging
        "gates_vpn": True,                    # part of the M9/M10 posture gate
        "rationale": "one line: why this control exists",
        "test": "molecule/endpoint/tests/test_issued.py::test_session_lock",  # the test that proves it
    }

Each area owns its section below; keep entries sorted by id inside a section.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

SEVERITIES = ("low", "medium", "high", "critical")
PROFILES = ("issued", "byod", "gateway", "server", "log")

CONTROLS = {}

# --- posture gate (M9/M10): checks in module_utils/checks_posture.py --------------------------

# --- endpoint hardening: checks in module_utils/checks_endpoint.py ----------------------------

# --- antivirus: checks in module_utils/checks_antivirus.py ------------------------------------

# --- vpn gateway: checks in module_utils/checks_vpn.py ----------------------------------------

# --- backup: checks in module_utils/checks_backup.py ------------------------------------------

# --- logging: checks in module_utils/checks_logging.py ----------------------------------------
