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

_POSTURE_TEST = "tests/unit/test_posture_checks.py::"
CONTROLS.update({
    "PO-M9A-AV": {
        "title": {
            "en": "Antivirus installed with current signatures",
            "fr": "Antivirus installé avec des signatures à jour",
            "ar": "برنامج مضاد للفيروسات مثبت بتوقيعات محدثة",
        },
        "clauses": ["M9a", "M12a"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "A device with a missing or stale antivirus must not reach the network (M9a, M10).",
        "test": _POSTURE_TEST + "test_antivirus_signature_age",
    },
    "PO-M9A-OS": {
        "title": {
            "en": "Operating system has no pending security update",
            "fr": "Système d'exploitation sans mise à jour de sécurité en attente",
            "ar": "نظام التشغيل بدون تحديثات أمنية معلقة",
        },
        "clauses": ["M9a", "M12a"],
        "refs": ["CIS Debian Linux 12 1.2.2"],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "Known, published flaws are the first ones used against a remote device (M9a).",
        "test": _POSTURE_TEST + "test_pending_security_updates",
    },
    "PO-M9A-WEB": {
        "title": {
            "en": "Web browser installed and up to date",
            "fr": "Navigateur web installé et à jour",
            "ar": "متصفح الويب مثبت ومحدث",
        },
        "clauses": ["M9a", "M12a"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "The browser is the most exposed program of a teleworker's device (M9a).",
        "test": _POSTURE_TEST + "test_browser_up_to_date",
    },
    "PO-M9B": {
        "title": {
            "en": "No intrusion tools installed",
            "fr": "Aucun outil d'intrusion installé",
            "ar": "لا توجد أدوات اختراق مثبتة",
        },
        "clauses": ["M9b"],
        "refs": [],
        "severity": "critical",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "Scanning and cracking tools on a VPN-connected device are an attack on the network (M9b).",
        "test": _POSTURE_TEST + "test_intrusion_tools",
    },
    "PO-M9C": {
        "title": {
            "en": "Work data kept only in the allowed folder",
            "fr": "Données de travail conservées uniquement dans le dossier autorisé",
            "ar": "بيانات العمل محفوظة فقط في المجلد المسموح به",
        },
        "clauses": ["M9c", "S18"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "Work files marked as such must not sit in a personal home directory outside the vault (M9c).",
        "test": _POSTURE_TEST + "test_work_data_outside_vault",
    },
    "PO-S4": {
        "title": {
            "en": "Idle sessions lock automatically",
            "fr": "Verrouillage automatique des sessions inactives",
            "ar": "قفل الجلسات الخاملة تلقائيا",
        },
        "clauses": ["S4"],
        "refs": ["CIS Debian Linux 12 1.8.4", "ANSSI BP-028 R32"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "posture",
        "gates_vpn": True,
        "rationale": "An unattended unlocked session hands the network to whoever sits down (S4).",
        "test": _POSTURE_TEST + "test_session_lock",
    },
})

# --- endpoint hardening: checks in module_utils/checks_endpoint.py ----------------------------

# --- antivirus: checks in module_utils/checks_antivirus.py ------------------------------------

# --- vpn gateway: checks in module_utils/checks_vpn.py ----------------------------------------

# --- backup: checks in module_utils/checks_backup.py ------------------------------------------

# --- logging: checks in module_utils/checks_logging.py ----------------------------------------
