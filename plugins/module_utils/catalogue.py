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

CONTROLS.update({
    "EH-01": {
        "title": {
            "en": "Desktop idle lock settings locked system-wide",
            "fr": "Paramètres de verrouillage de session verrouillés pour tout le système",
            "ar": "إعدادات قفل الجلسة مقفلة على مستوى النظام",
        },
        "clauses": ["S4"],
        "refs": ["CIS Debian Linux 12 1.8.4", "CIS Debian Linux 12 1.8.5", "ANSSI BP-028 R32"],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "A user who can lengthen or switch off the screen lock defeats S4.",
        "test": "molecule/endpoint/tests/test_issued.py::test_locked_dconf_key_cannot_be_changed",
    },
    "EH-02": {
        "title": {
            "en": "Password complexity enforced",
            "fr": "Complexité des mots de passe imposée",
            "ar": "فرض تعقيد كلمات المرور",
        },
        "clauses": ["S2"],
        "refs": ["CIS Debian Linux 12 5.3.3.2", "ANSSI BP-028 R31"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Guessable passwords open the laptop and the VPN to anyone who tries (S2).",
        "test": "molecule/endpoint/tests/test_issued.py::test_pam_rejects_weak_password",
    },
    "EH-03": {
        "title": {
            "en": "Account lockout after failed logins, management access exempt",
            "fr": "Verrouillage du compte après échecs, accès d'administration exempté",
            "ar": "قفل الحساب بعد محاولات فاشلة مع استثناء حساب الإدارة",
        },
        "clauses": ["S2"],
        "refs": ["CIS Debian Linux 12 5.3.3.1", "ANSSI BP-028 R31"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Lockout stops password guessing; the IT unit must never lose its own access.",
        "test": "molecule/endpoint/tests/test_issued.py::test_lockout_after_failures_but_not_management",
    },
    "EH-04": {
        "title": {
            "en": "Teleworker accounts have no administrator rights",
            "fr": "Les comptes des télétravailleurs n'ont pas de droits d'administration",
            "ar": "حسابات العاملين عن بعد بدون صلاحيات المسؤول",
        },
        "clauses": ["S3"],
        "refs": ["ANSSI BP-028 R39"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Only the IT unit installs software (S3); sudo for the user bypasses that.",
        "test": "molecule/endpoint/tests/test_issued.py::test_teleworker_cannot_install_package",
    },
    "EH-05": {
        "title": {
            "en": "Package installation denied by polkit to non-administrators",
            "fr": "Installation de logiciels refusée par polkit aux non-administrateurs",
            "ar": "رفض تثبيت البرامج عبر polkit لغير المسؤولين",
        },
        "clauses": ["S3"],
        "refs": ["ANSSI BP-028 R39"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Desktop software centres install through polkit without sudo (S3).",
        "test": "molecule/endpoint/tests/test_issued.py::test_teleworker_cannot_install_package",
    },
    "EH-06": {
        "title": {
            "en": "Protection services running and enabled",
            "fr": "Services de protection actifs et activés",
            "ar": "خدمات الحماية تعمل ومفعلة",
        },
        "clauses": ["S1"],
        "refs": ["CIS Debian Linux 12 4.3.1"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "A stopped firewall, antivirus, VPN or journal is protection silently disabled (S1).",
        "test": "molecule/endpoint/tests/test_issued.py::test_audit_fails_when_protection_stopped",
    },
    "EH-07": {
        "title": {
            "en": "Removable storage blocked or scanned",
            "fr": "Supports amovibles bloqués ou analysés",
            "ar": "حظر وسائط التخزين القابلة للإزالة أو فحصها",
        },
        "clauses": ["S8", "S18"],
        "refs": ["CIS Debian Linux 12 1.1.1.9", "ANSSI BP-028 R24"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "USB keys carry malware in and data out (S8, S18).",
        "test": "molecule/endpoint/tests/test_issued.py::test_usb_storage_cannot_load",
    },
    "EH-08": {
        "title": {
            "en": "No automatic connection to open or WEP Wi-Fi",
            "fr": "Pas de connexion automatique aux Wi-Fi ouverts ou WEP",
            "ar": "عدم الاتصال التلقائي بشبكات Wi-Fi مفتوحة أو WEP",
        },
        "clauses": ["S9"],
        "refs": [],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Open networks expose the device to anyone nearby (S9).",
        "test": "molecule/endpoint/tests/test_issued.py::test_open_wifi_profile_never_auto_connects",
    },
    "EH-09": {
        "title": {
            "en": "Office macros locked at the highest security level",
            "fr": "Macros bureautiques verrouillées au niveau de sécurité le plus élevé",
            "ar": "قفل وحدات الماكرو المكتبية على أعلى مستوى أمان",
        },
        "clauses": ["S10"],
        "refs": ["ANSSI BP-028 R1"],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Macros in documents from the internet are a classic way in (S10).",
        "test": "molecule/endpoint/tests/test_issued.py::test_libreoffice_macro_lock_is_finalized",
    },
    "EH-10": {
        "title": {
            "en": "Automatic security updates enabled",
            "fr": "Mises à jour de sécurité automatiques activées",
            "ar": "تفعيل التحديثات الأمنية التلقائية",
        },
        "clauses": ["M12a"],
        "refs": ["CIS Debian Linux 12 1.2.2"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "System and browser flaws must be fixed without waiting for the user (M12a).",
        "test": "molecule/endpoint/tests/test_issued.py::test_unattended_upgrades_enabled",
    },
    "EH-11": {
        "title": {
            "en": "Last successful update is recent",
            "fr": "La dernière mise à jour réussie est récente",
            "ar": "آخر تحديث ناجح حديث",
        },
        "clauses": ["M12a"],
        "refs": [],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Enabled updates that never succeed protect nothing (M12a).",
        "test": "tests/unit/test_endpoint_checks.py::test_last_update_age",
    },
    "EH-12": {
        "title": {
            "en": "Inbound firewall denies by default",
            "fr": "Pare-feu entrant refusant par défaut",
            "ar": "جدار حماية يرفض الاتصالات الواردة افتراضيا",
        },
        "clauses": ["S1", "M12a"],
        "refs": ["CIS Debian Linux 12 4.3.8", "ANSSI BP-028 R72"],
        "severity": "high",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "A laptop on home or public networks must not expose services (S1).",
        "test": "molecule/endpoint/tests/test_issued.py::test_firewall_default_deny_keeps_management",
    },
    "EH-13": {
        "title": {
            "en": "Log-out or shutdown at the end of the telework day",
            "fr": "Déconnexion ou arrêt à la fin de la journée de télétravail",
            "ar": "تسجيل الخروج أو الإيقاف في نهاية يوم العمل عن بعد",
        },
        "clauses": ["C1", "S6"],
        "refs": [],
        "severity": "low",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Work happens within the hours the administration set (C1); the computer is shut down after (S6).",
        "test": "molecule/endpoint/tests/test_issued.py::test_end_of_day_timer_follows_schedule",
    },
    "EH-14": {
        "title": {
            "en": "Login banner recalls the telework charter",
            "fr": "Bannière de connexion rappelant la charte de télétravail",
            "ar": "لافتة تسجيل الدخول تذكر بميثاق العمل عن بعد",
        },
        "clauses": ["M16"],
        "refs": ["CIS Debian Linux 12 1.7.1", "ANSSI BP-028 R2"],
        "severity": "low",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "The user is reminded of the commitment signed before each session (M16).",
        "test": "molecule/endpoint/tests/test_issued.py::test_login_banner_recalls_charter",
    },
    "EH-15": {
        "title": {
            "en": "Disk encryption reported",
            "fr": "Chiffrement du disque signalé",
            "ar": "الإبلاغ عن تشفير القرص",
        },
        "clauses": ["S18"],
        "refs": ["ANSSI BP-028 R6"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "A lost laptop without disk encryption leaks its data; reported, not forced on an installed system.",
        "test": "tests/unit/test_endpoint_checks.py::test_disk_encryption_reported",
    },
})

# --- antivirus: checks in module_utils/checks_antivirus.py ------------------------------------

_AV_TEST = "molecule/antivirus/tests/test_antivirus.py::"
CONTROLS.update({
    "AV-01": {
        "title": {
            "en": "ClamAV daemon and signature updater installed",
            "fr": "Démon ClamAV et outil de mise à jour des signatures installés",
            "ar": "برنامج ClamAV ومحدث التوقيعات مثبتان",
        },
        "clauses": ["M4", "M9a"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "A teleworker's device must carry the antivirus the IT unit provides (M4, M9a).",
        "test": _AV_TEST + "test_eicar_detected_by_clamd",
    },
    "AV-02": {
        "title": {
            "en": "Antivirus daemon and updater running and enabled",
            "fr": "Démon antivirus et mise à jour actifs et activés au démarrage",
            "ar": "خدمة مضاد الفيروسات والتحديث تعملان ومفعلتان عند الإقلاع",
        },
        "clauses": ["S1", "M4"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "A stopped, disabled or masked antivirus is a silently disabled protection (S1).",
        "test": _AV_TEST + "test_audit_fails_when_clamd_stopped",
    },
    "AV-03": {
        "title": {
            "en": "Antivirus signatures younger than the set age",
            "fr": "Signatures antivirus plus récentes que l'âge fixé",
            "ar": "توقيعات مضاد الفيروسات أحدث من العمر المحدد",
        },
        "clauses": ["M9a", "M12a"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "Old signatures miss current malware; the guide asks for an up-to-date antivirus (M9a, M12a).",
        "test": _AV_TEST + "test_aged_signatures_reported",
    },
    "AV-04": {
        "title": {
            "en": "Signatures updated from the administration's mirror",
            "fr": "Signatures mises à jour depuis le miroir de l'administration",
            "ar": "تحديث التوقيعات من المرآة الخاصة بالإدارة",
        },
        "clauses": ["M12a", "M4"],
        "refs": [],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "Devices without internet access stay current only through the internal mirror (M12a).",
        "test": _AV_TEST + "test_freshclam_fetched_from_mirror",
    },
    "AV-05": {
        "title": {
            "en": "Scheduled scan of home directories with quarantine",
            "fr": "Analyse planifiée des répertoires personnels avec quarantaine",
            "ar": "فحص مجدول للمجلدات الشخصية مع الحجر",
        },
        "clauses": ["M4", "S19"],
        "refs": [],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "Malware that arrived before its signature is found later and isolated from the user (M4, S19).",
        "test": _AV_TEST + "test_scheduled_scan_quarantines_eicar",
    },
    "AV-06": {
        "title": {
            "en": "Removable media scanned on insertion, read-only until clean",
            "fr": "Supports amovibles analysés à l'insertion, en lecture seule tant qu'ils ne sont pas sains",
            "ar": "فحص وسائط التخزين القابلة للإزالة عند إدخالها، للقراءة فقط إلى أن تثبت سلامتها",
        },
        "clauses": ["S8", "S18"],
        "refs": [],
        "severity": "high",
        "profiles": ["issued"],
        "area": "antivirus",
        "gates_vpn": False,
        "rationale": "A USB key must be scanned before use (S8) and not become a place to store work data (S18).",
        "test": _AV_TEST + "test_removable_scan_refuses_infected_media",
    },
})

# --- vpn gateway: checks in module_utils/checks_vpn.py ----------------------------------------

# --- backup: checks in module_utils/checks_backup.py ------------------------------------------

_BACKUP_TEST = "molecule/backup/tests/test_backup.py::"
CONTROLS.update({
    "BK-01": {
        "title": {
            "en": "Every database has a recent good backup (RPO)",
            "fr": "Chaque base de données a une sauvegarde réussie récente (RPO)",
            "ar": "لكل قاعدة بيانات نسخة احتياطية ناجحة حديثة",
        },
        "clauses": ["A9", "A5"],
        "refs": ["ISO/IEC 27001:2022 A.8.13"],
        "severity": "high",
        "profiles": ["server"],
        "area": "backup",
        "gates_vpn": False,
        "rationale": "Data lost since the last good backup is the real recovery point of the continuity plan (A9, A5).",
        "test": _BACKUP_TEST + "test_backup_then_restore_first_snapshot_equals_seed",
    },
    "BK-02": {
        "title": {
            "en": "Backup repository integrity check passed recently",
            "fr": "Contrôle d'intégrité du dépôt de sauvegarde réussi récemment",
            "ar": "نجاح فحص سلامة مستودع النسخ الاحتياطي مؤخرا",
        },
        "clauses": ["A9"],
        "refs": ["ISO/IEC 27001:2022 A.8.13"],
        "severity": "high",
        "profiles": ["server"],
        "area": "backup",
        "gates_vpn": False,
        "rationale": "A backup nobody has read back may be corrupt on the day it is needed (A9).",
        "test": _BACKUP_TEST + "test_corrupted_repository_is_reported",
    },
    "BK-03": {
        "title": {
            "en": "Restore drill of every database matched the source recently (RTO known)",
            "fr": "Exercice de restauration de chaque base conforme à la source récemment (RTO connu)",
            "ar": "تمرين استعادة كل قاعدة بيانات مطابق للمصدر مؤخرا",
        },
        "clauses": ["A5", "A9"],
        "refs": ["ISO/IEC 27001:2022 A.5.30"],
        "severity": "high",
        "profiles": ["server"],
        "area": "backup",
        "gates_vpn": False,
        "rationale": "Only a restore that was tried proves the backup and measures the recovery time (A5).",
        "test": _BACKUP_TEST + "test_restore_drill_matches_checksums",
    },
})

# --- logging: checks in module_utils/checks_logging.py ----------------------------------------
CONTROLS.update({
    "LG-01": {
        "title": {"en": 'Audit rules keyed for teleworker commands, privilege, auth and protection files, mounts, stop attempts', "fr": "Règles d'audit indexées : commandes des télétravailleurs, privilèges, fichiers d'authentification et de protection, montages, tentatives d'arrêt", "ar": 'قواعد التدقيق مفهرسة: أوامر العاملين عن بعد، الامتيازات، ملفات المصادقة والحماية، التركيب، محاولات الإيقاف'},
        "clauses": ['M12b', 'S1'],
        "refs": ['CIS Debian 12 6.3.3'],
        "severity": 'high',
        "profiles": ['issued', 'gateway', 'server', 'log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'what teleworkers do is recorded and queryable by key',
        "test": 'molecule/logging/tests/test_logging.py::test_audit_rules_are_validated_and_keyed',
    },
    "LG-02": {
        "title": {"en": 'journald persistent with size limits', "fr": 'journald persistant avec limites de taille', "ar": 'سجل journald دائم مع حدود للحجم'},
        "clauses": ['M12b'],
        "refs": ['CIS Debian 12 6.2.1.3'],
        "severity": 'medium',
        "profiles": ['issued', 'byod', 'gateway', 'server', 'log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'local journal survives reboots without filling the disk',
        "test": 'molecule/logging/tests/test_logging.py::test_nothing_lost_while_log1_down_and_sender_restarts',
    },
    "LG-03": {
        "title": {"en": 'Forwarding to the central journal over RELP/TLS with a disk-assisted queue and infinite retry', "fr": "Transfert vers le journal central en RELP/TLS, file d'attente sur disque, réessais illimités", "ar": 'إرسال السجلات إلى السجل المركزي عبر RELP/TLS مع طابور على القرص وإعادة محاولة غير محدودة'},
        "clauses": ['M12b'],
        "refs": ['CIS Debian 12 6.2.2.1'],
        "severity": 'high',
        "profiles": ['issued', 'gateway', 'server', 'log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'nothing is lost while log1 or the network is down',
        "test": 'molecule/logging/tests/test_logging.py::test_nothing_lost_while_log1_down_and_sender_restarts',
    },
    "LG-04": {
        "title": {"en": 'Logging client private key readable by root only', "fr": 'Clé privée du client de journalisation lisible par root seulement', "ar": 'المفتاح الخاص لعميل السجلات مقروء من طرف الجذر فقط'},
        "clauses": ['M12b'],
        "refs": [],
        "severity": 'high',
        "profiles": ['issued', 'gateway', 'server', 'log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'a stolen key would let anyone write into the central journal',
        "test": 'molecule/logging/tests/test_logging.py::test_client_without_valid_certificate_is_refused',
    },
    "LG-05": {
        "title": {"en": 'Central journal accepts only clients with a certificate from the logging CA', "fr": "Le journal central n'accepte que les clients munis d'un certificat de l'AC de journalisation", "ar": 'السجل المركزي لا يقبل إلا العملاء الحاملين لشهادة من سلطة التصديق'},
        "clauses": ['M12b'],
        "refs": ['ANSSI journalisation R22'],
        "severity": 'high',
        "profiles": ['log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'forged or foreign senders are refused',
        "test": 'molecule/logging/tests/test_logging.py::test_client_without_valid_certificate_is_refused',
    },
    "LG-06": {
        "title": {"en": 'Central journal rotated, compressed and kept for the set retention', "fr": 'Journal central tourné, compressé et conservé selon la durée fixée', "ar": 'تدوير السجل المركزي وضغطه والاحتفاظ به للمدة المحددة'},
        "clauses": ['M12b', 'A3'],
        "refs": [],
        "severity": 'medium',
        "profiles": ['log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'logs are kept long enough and no longer (law 09.08)',
        "test": 'molecule/logging/tests/test_logging.py::test_tampering_with_closed_file_is_detected',
    },
    "LG-07": {
        "title": {"en": 'Closed journal files sealed in a hash chain that verifies', "fr": 'Fichiers de journal clos scellés dans une chaîne de hachage vérifiée', "ar": 'ملفات السجل المغلقة مختومة في سلسلة تجزئة سليمة'},
        "clauses": ['M12b'],
        "refs": ['ANSSI journalisation R27'],
        "severity": 'high',
        "profiles": ['log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'an edited or deleted log file is detected',
        "test": 'molecule/logging/tests/test_logging.py::test_tampering_with_closed_file_is_detected',
    },
    "LG-08": {
        "title": {"en": 'Database audit (pgaudit) into syslog where PostgreSQL runs', "fr": 'Audit des bases (pgaudit) vers syslog là où PostgreSQL tourne', "ar": 'تدقيق قواعد البيانات (pgaudit) نحو syslog حيث يعمل PostgreSQL'},
        "clauses": ['M12b'],
        "refs": ['CIS PostgreSQL 15 3.2'],
        "severity": 'high',
        "profiles": ['server'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'reads of sensitive tables and DDL are journaled',
        "test": 'molecule/logging/tests/test_logging.py::test_pgaudit_select_on_sensitive_table_arrives',
    },
    "LG-09": {
        "title": {"en": 'Telework hours summary only with a declared purpose, pseudonymized, time-limited', "fr": 'Relevé des heures de télétravail seulement avec finalité déclarée, pseudonymisé, limité dans le temps', "ar": 'ملخص ساعات العمل عن بعد فقط مع غرض مصرح به، باسم مستعار ولمدة محدودة'},
        "clauses": ['A17', 'A3', 'C1', 'S16'],
        "refs": ['Loi 09.08 art. 3'],
        "severity": 'medium',
        "profiles": ['log'],
        "area": "logging",
        "gates_vpn": False,
        "rationale": 'tracking employees is personal data processing',
        "test": 'molecule/logging/tests/test_logging.py::test_telework_hours_summary_is_pseudonymized',
    },
})

# --- vpn gateway (M7, M10, A8, A13, A17): checks in module_utils/checks_vpn.py ---------------

_VPN_TEST = "molecule/vpn/tests/"


def _vpn(titles, clauses, severity, rationale, test):
    return {
        "title": {"en": titles[0], "fr": titles[1], "ar": titles[2]},
        "clauses": clauses,
        "refs": [],
        "severity": severity,
        "profiles": ["gateway"],
        "area": "vpn",
        "gates_vpn": False,
        "rationale": rationale,
        "test": _VPN_TEST + test,
    }


CONTROLS.update({
    "VP-01": _vpn(("WireGuard gateway interface is up", "L'interface WireGuard de la passerelle est active",
                   "واجهة WireGuard للبوابة نشطة"),
                  ["M7"], "high", "Teleworkers reach the secure network only through the VPN (M7).",
                  "test_vpn_traffic.py::test_ping_and_tcp_reach_the_service_through_the_tunnel"),
    "VP-02": _vpn(("Gateway private key is readable by root only", "La clé privée de la passerelle n'est lisible que par root",
                   "المفتاح الخاص للبوابة مقروء من قبل الجذر فقط"),
                  ["A11"], "critical", "Whoever reads the key can impersonate the gateway (A11).",
                  "test_vpn_gateway.py::test_private_keys_are_0600_on_the_hosts"),
    "VP-03": _vpn(("Only the WireGuard port is open from outside", "Seul le port WireGuard est ouvert depuis l'extérieur",
                   "منفذ WireGuard وحده مفتوح من الخارج"),
                  ["A8"], "high", "Every other open port on the gateway is an entry point (A8).",
                  "test_vpn_traffic.py::test_only_the_wireguard_port_is_open_from_outside"),
    "VP-04": _vpn(("Forwarding denied unless declared per administration",
                   "Transfert refusé sauf s'il est déclaré par administration",
                   "التمرير مرفوض ما لم يُصرّح به لكل إدارة"),
                  ["A13"], "high", "Clients reach only what their administration declares (A13).",
                  "test_vpn_traffic.py::test_network_not_declared_is_dropped_by_the_gateway"),
    "VP-05": _vpn(("VPN session journal is running", "Le journal des sessions VPN fonctionne",
                   "سجل جلسات VPN يعمل"),
                  ["A17"], "medium", "Connect and disconnect times show when teleworkers work (A17).",
                  "test_vpn_gateway.py::test_session_journal_logs_the_connect_once"),
})
