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
        "remediation": {                      # what to do when it fails, in the three languages
            "en": "Run ansible-playbook playbooks/endpoints.yml --limit <host>: ...",
            "fr": "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : ...",
            "ar": "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> ...",
        },
        "test": "molecule/endpoint/tests/test_issued.py::test_session_lock",  # the test that proves it
    }

Each area owns its section below; keep entries sorted by id inside a section.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

SEVERITIES = ("low", "medium", "high", "critical")
PROFILES = ("issued", "byod", "gateway", "server", "log")

CONTROLS = {}

# --- posture gate (M9/M10): checks in module_utils/audit/checks_posture.py --------------------------

_POSTURE_TEST = "tests/unit/audit/test_posture_checks.py::"
_BASELINE_TEST = "tests/unit/audit/test_baseline_checks.py::"
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/antivirus.yml --limit <host>. Personal device: the teleworker runs sudo "
                "apt install clamav-daemon clamav-freshclam, then sudo systemctl restart clamav-freshclam. Then re-run "
                "playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "fr": (
                "Poste fourni : lancer ansible-playbook playbooks/antivirus.yml --limit <host>. Appareil personnel : le télétravailleur "
                "exécute sudo apt install clamav-daemon clamav-freshclam puis sudo systemctl restart clamav-freshclam. Relancer ensuite "
                "playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/antivirus.yml --limit <host>. جهاز شخصي: ينفّذ العامل عن بعد "
                "sudo apt install clamav-daemon clamav-freshclam ثم sudo systemctl restart clamav-freshclam. بعد ذلك أعد تنفيذ "
                "playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
        },
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/endpoints.yml --limit <host>; it applies pending updates "
                "(endpoint_hardening_apply_updates_now). Personal device: the teleworker runs sudo apt update && sudo apt full-upgrade. "
                "Then re-run playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "fr": (
                "Poste fourni : ansible-playbook playbooks/endpoints.yml --limit <host> applique les mises à jour "
                "(endpoint_hardening_apply_updates_now). Appareil personnel : le télétravailleur exécute sudo apt update && sudo apt "
                "full-upgrade. Puis relancer playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يطبّق التحديثات المعلقة "
                "(endpoint_hardening_apply_updates_now). جهاز شخصي: ينفّذ العامل عن بعد sudo apt update && sudo apt full-upgrade. بعد "
                "ذلك أعد تنفيذ playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
        },
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/endpoints.yml --limit <host> (it installs and updates "
                "endpoint_hardening_approved_browsers). Personal device: the teleworker runs sudo apt update && sudo apt install "
                "firefox-esr. Then re-run playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "fr": (
                "Poste fourni : ansible-playbook playbooks/endpoints.yml --limit <host> installe et met à jour "
                "endpoint_hardening_approved_browsers. Appareil personnel : le télétravailleur exécute sudo apt update && sudo apt "
                "install firefox-esr. Puis relancer playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> (يثبّت "
                "endpoint_hardening_approved_browsers ويحدّثها). جهاز شخصي: ينفّذ العامل عن بعد sudo apt update && sudo apt install "
                "firefox-esr. ثم أعد تنفيذ playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
        },
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/endpoints.yml --limit <host> (purges "
                "amane_posture_options.intrusion_packages). Personal device: the teleworker runs sudo apt purge <package>. Also delete the "
                "tools found on PATH. Then re-run playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "fr": (
                "Poste fourni : ansible-playbook playbooks/endpoints.yml --limit <host> purge amane_posture_options.intrusion_packages. "
                "Appareil personnel : le télétravailleur exécute sudo apt purge <paquet>. Effacer aussi les outils trouvés dans le "
                "PATH. Puis relancer playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> (يزيل "
                "amane_posture_options.intrusion_packages). جهاز شخصي: ينفّذ العامل عن بعد sudo apt purge <package>. احذف أيضا الأدوات "
                "الموجودة في PATH، ثم أعد تنفيذ playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
        },
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
        "remediation": {
            "en": (
                "The teleworker moves the work files the evidence lists into the vault folder ~/.amane-vault, or deletes them (check "
                "Downloads and the desktop too). Then re-run ansible-playbook playbooks/posture.yml -e amane_posture_targets=<host> so "
                "the gate re-admits the device."
            ),
            "fr": (
                "Le télétravailleur déplace les fichiers de travail cités dans le constat vers le coffre ~/.amane-vault, ou les "
                "supprime (vérifier aussi Téléchargements et le bureau). Relancer ensuite ansible-playbook playbooks/posture.yml -e "
                "amane_posture_targets=<host> pour que le contrôle réadmette l'appareil."
            ),
            "ar": (
                "ينقل العامل عن بعد ملفات العمل المذكورة في نتيجة الفحص إلى المجلد الآمن ~/.amane-vault أو يحذفها (مع التحقق من مجلد "
                "التنزيلات وسطح المكتب). بعد ذلك أعد تنفيذ ansible-playbook playbooks/posture.yml -e amane_posture_targets=<host> "
                "ليُعاد قبول الجهاز."
            ),
        },
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/endpoints.yml --limit <host>. Personal device: the teleworker sets an "
                "idle lock of 15 minutes at most, locked in /etc/dconf/db/local.d (then dconf update), and a readonly TMOUT in "
                "/etc/profile.d. Then re-run playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "fr": (
                "Poste fourni : lancer ansible-playbook playbooks/endpoints.yml --limit <host>. Appareil personnel : le télétravailleur "
                "fige dans /etc/dconf/db/local.d un verrouillage à 15 minutes au plus (puis dconf update) et un TMOUT readonly dans "
                "/etc/profile.d. Puis relancer playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/endpoints.yml --limit <host>. جهاز شخصي: يضبط العامل عن بعد قفل "
                "الجلسة بعد 15 دقيقة على الأكثر، مقفلا في /etc/dconf/db/local.d (ثم dconf update)، وقيمة TMOUT للقراءة فقط في "
                "/etc/profile.d، ثم أعد تنفيذ playbooks/posture.yml -e amane_posture_targets=<host>."
            ),
        },
        "test": _POSTURE_TEST + "test_session_lock",
    },
})

# --- endpoint hardening: checks in module_utils/audit/checks_endpoint.py ----------------------------

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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it writes /etc/dconf/profile/user and the locked "
                "keyfiles, then compiles them. If the audit still finds /etc/dconf/db/local older than its keyfiles, run sudo dconf "
                "update on the laptop."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il écrit /etc/dconf/profile/user et les fichiers de "
                "clés verrouillées, puis les compile. Si l'audit trouve encore /etc/dconf/db/local plus ancien que ses fichiers de "
                "clés, exécuter sudo dconf update sur le poste."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يكتب /etc/dconf/profile/user وملفات المفاتيح المقفلة "
                "ثم يترجمها. إذا ظل التدقيق يجد /etc/dconf/db/local أقدم من ملفات مفاتيحه، فنفّذ sudo dconf update على الحاسوب."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it installs libpam-pwquality and cracklib-runtime "
                "(minimums: endpoint_hardening_password_minlen, endpoint_hardening_password_minclass). If /etc/pam.d/common-password "
                "lacks pam_pwquality, run sudo pam-auth-update --enable pwquality."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il installe libpam-pwquality et cracklib-runtime "
                "(minimums : endpoint_hardening_password_minlen, endpoint_hardening_password_minclass). Si pam_pwquality manque dans "
                "common-password, exécuter sudo pam-auth-update --enable pwquality."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يثبّت libpam-pwquality وcracklib-runtime (الحدود "
                "الدنيا: endpoint_hardening_password_minlen، endpoint_hardening_password_minclass). إذا غاب pam_pwquality عن "
                "common-password فنفّذ sudo pam-auth-update --enable pwquality."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it rewrites /etc/security/faillock.conf and "
                "/etc/pam.d/common-auth (threshold endpoint_hardening_faillock_deny, without even_deny_root). List every IT unit "
                "account in endpoint_hardening_management_accounts so it is exempt."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il réécrit /etc/security/faillock.conf et "
                "/etc/pam.d/common-auth (seuil endpoint_hardening_faillock_deny, sans even_deny_root). Inscrire chaque compte du "
                "service informatique dans endpoint_hardening_management_accounts pour l'exempter."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يعيد كتابة /etc/security/faillock.conf "
                "و/etc/pam.d/common-auth (العتبة endpoint_hardening_faillock_deny، بدون even_deny_root). أدرج كل حسابات الوحدة "
                "المعلوماتية في endpoint_hardening_management_accounts لاستثنائها."
            ),
        },
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
        "remediation": {
            "en": (
                "The role grants no rights and removes none: on the laptop run sudo gpasswd -d <user> sudo (also admin, wheel) and "
                "delete the user's lines in /etc/sudoers.d. Only accounts in endpoint_hardening_management_accounts may keep them. Then "
                "re-run ansible-playbook playbooks/endpoints.yml --limit <host>."
            ),
            "fr": (
                "Le rôle ne retire aucun droit : sur le poste, exécuter sudo gpasswd -d <user> sudo (idem admin, wheel) et supprimer "
                "ses lignes dans /etc/sudoers.d. Seuls les comptes de endpoint_hardening_management_accounts les gardent. Puis relancer "
                "ansible-playbook playbooks/endpoints.yml --limit <host>."
            ),
            "ar": (
                "الدور لا يمنح الصلاحيات ولا يسحبها: على الحاسوب نفّذ sudo gpasswd -d <user> sudo (وكذلك admin وwheel) واحذف أسطر "
                "المستخدم في /etc/sudoers.d. لا تحتفظ بها إلا الحسابات المدرجة في endpoint_hardening_management_accounts. ثم أعد تنفيذ "
                "ansible-playbook playbooks/endpoints.yml --limit <host>."
            ),
        },
        "test": "tests/unit/audit/test_endpoint_checks.py::test_teleworker_with_sudo_fails",
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it writes /etc/polkit-1/rules.d/40-amane-software.rules. "
                "Only members of endpoint_hardening_admin_groups may install software; never add a teleworker to those groups."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il écrit "
                "/etc/polkit-1/rules.d/40-amane-software.rules. Seuls les membres de endpoint_hardening_admin_groups peuvent installer "
                "des logiciels ; ne jamais y ajouter un télétravailleur."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يكتب /etc/polkit-1/rules.d/40-amane-software.rules. "
                "لا يثبّت البرامج إلا أعضاء endpoint_hardening_admin_groups، فلا تضف أي عامل عن بعد إلى هذه المجموعات."
            ),
        },
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
        "remediation": {
            "en": (
                "For each unit the evidence names, run sudo systemctl unmask <unit> and sudo systemctl enable --now <unit>, or re-run "
                "the playbook that installs it (endpoints.yml, antivirus.yml, vpn.yml). The list is "
                "endpoint_hardening_protected_services; ausearch -k amane_stop_attempt shows who stopped it."
            ),
            "fr": (
                "Pour chaque unité citée, exécuter sudo systemctl unmask <unité> et sudo systemctl enable --now <unité>, ou relancer le "
                "playbook qui l'installe (endpoints.yml, antivirus.yml, vpn.yml). Liste : endpoint_hardening_protected_services ; "
                "ausearch -k amane_stop_attempt montre qui l'a arrêtée."
            ),
            "ar": (
                "لكل وحدة تذكرها نتيجة الفحص نفّذ sudo systemctl unmask <unit> ثم sudo systemctl enable --now <unit>، أو أعد تنفيذ "
                "الـplaybook الذي يثبّتها (endpoints.yml أو antivirus.yml أو vpn.yml). القائمة في "
                "endpoint_hardening_protected_services، ويبيّن ausearch -k amane_stop_attempt من أوقفها."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host> with endpoint_hardening_removable_media: block; it writes "
                "/etc/modprobe.d/amane-usb-storage.conf so usb-storage never loads. Never use allow; use scan only together with "
                "playbooks/antivirus.yml."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> avec endpoint_hardening_removable_media: block ; il "
                "écrit /etc/modprobe.d/amane-usb-storage.conf pour que usb-storage ne se charge jamais. Ne jamais utiliser allow ; "
                "n'utiliser scan qu'avec playbooks/antivirus.yml."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> مع endpoint_hardening_removable_media: block، فيكتب "
                "/etc/modprobe.d/amane-usb-storage.conf حتى لا يُحمَّل usb-storage أبدا. لا تستعمل allow أبدا، ولا تستعمل scan إلا مع "
                "playbooks/antivirus.yml."
            ),
        },
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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/endpoints.yml --limit <host>; it installs amane-wifi-guard, which turns "
                "auto-connect off. Personal device: the teleworker deletes the open or WEP profiles the evidence names, or runs nmcli "
                "connection modify <name> connection.autoconnect no."
            ),
            "fr": (
                "Poste fourni : lancer ansible-playbook playbooks/endpoints.yml --limit <host> ; il installe amane-wifi-guard, qui "
                "coupe la connexion automatique. Appareil personnel : le télétravailleur supprime les profils ouverts ou WEP cités, ou "
                "exécute nmcli connection modify <nom> connection.autoconnect no."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يثبّت amane-wifi-guard لتعطيل "
                "الاتصال التلقائي. جهاز شخصي: يحذف العامل عن بعد ملفات الشبكات المفتوحة أو WEP المذكورة في نتيجة الفحص، أو ينفّذ nmcli "
                "connection modify <name> connection.autoconnect no."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it stages MacroSecurityLevel 3, finalized, in "
                "/etc/libreoffice/registry. Do not remove that file; users restart LibreOffice to get the lock."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il dépose MacroSecurityLevel 3, finalisé, dans "
                "/etc/libreoffice/registry. Ne pas supprimer ce fichier ; les utilisateurs redémarrent LibreOffice pour appliquer le "
                "verrou."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يضع MacroSecurityLevel 3 مقفلا في "
                "/etc/libreoffice/registry. لا تحذف هذا الملف، ويعيد المستخدمون تشغيل LibreOffice لتطبيق القفل."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it installs unattended-upgrades and enables daily package "
                "lists and security upgrades in /etc/apt/apt.conf.d. Do not switch APT::Periodic off by hand on the laptop."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il installe unattended-upgrades et active dans "
                "/etc/apt/apt.conf.d les listes quotidiennes et les mises à jour de sécurité. Ne pas désactiver APT::Periodic à la main "
                "sur le poste."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يثبّت unattended-upgrades ويفعّل في "
                "/etc/apt/apt.conf.d تحديث قوائم الحزم يوميا والتحديثات الأمنية. لا تعطّل APT::Periodic يدويا على الحاسوب."
            ),
        },
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
        "remediation": {
            "en": (
                "On the laptop, read /var/log/unattended-upgrades/ for why upgrades fail (no network, full disk, broken package), fix "
                "it, then run sudo systemctl start apt-daily-upgrade.service. The age limit is endpoint_hardening_max_update_age_days."
            ),
            "fr": (
                "Sur le poste, lire /var/log/unattended-upgrades/ pour savoir pourquoi les mises à jour échouent (pas de réseau, disque "
                "plein, paquet cassé), corriger, puis exécuter sudo systemctl start apt-daily-upgrade.service. L'âge maximal est "
                "endpoint_hardening_max_update_age_days."
            ),
            "ar": (
                "على الحاسوب اقرأ /var/log/unattended-upgrades/ لمعرفة سبب فشل التحديثات (غياب الشبكة، امتلاء القرص، حزمة معطوبة)، "
                "وأصلحه، ثم نفّذ sudo systemctl start apt-daily-upgrade.service. الحد الأقصى للعمر هو "
                "endpoint_hardening_max_update_age_days."
            ),
        },
        "test": "tests/unit/audit/test_endpoint_checks.py::test_last_update_age",
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it reloads the default-drop nftables rule set (ports kept "
                "open: endpoint_hardening_firewall_management_ports). Remove any other firewall tool (ufw, firewalld) that replaces it."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il recharge le jeu de règles nftables refusant par "
                "défaut (ports ouverts : endpoint_hardening_firewall_management_ports). Retirer tout autre outil de pare-feu (ufw, "
                "firewalld) qui le remplace."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يعيد تحميل قواعد nftables الرافضة افتراضيا (المنافذ "
                "المفتوحة: endpoint_hardening_firewall_management_ports). أزل أي أداة جدار حماية أخرى (ufw أو firewalld) تستبدلها."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host> with endpoint_hardening_end_of_day: true; it installs and "
                "enables amane-end-of-day.timer on the registry schedule (endpoint_hardening_schedule, action "
                "endpoint_hardening_end_of_day_action)."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> avec endpoint_hardening_end_of_day: true ; il installe "
                "et active amane-end-of-day.timer selon l'horaire du registre (endpoint_hardening_schedule, action "
                "endpoint_hardening_end_of_day_action)."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> مع endpoint_hardening_end_of_day: true، فيثبّت "
                "amane-end-of-day.timer ويفعّله حسب الجدول الزمني المسجل في سجل الأجهزة (endpoint_hardening_schedule، والإجراء "
                "endpoint_hardening_end_of_day_action)."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it rewrites /etc/issue, /etc/issue.net and /etc/motd with "
                "the charter banner. A custom banner must keep the text of endpoint_hardening_banner_marker."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il réécrit /etc/issue, /etc/issue.net et /etc/motd "
                "avec la bannière de la charte. Une bannière personnalisée doit garder le texte de endpoint_hardening_banner_marker."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يعيد كتابة /etc/issue و/etc/issue.net و/etc/motd "
                "بلافتة الميثاق. يجب أن تحتفظ أي لافتة مخصصة بنص endpoint_hardening_banner_marker."
            ),
        },
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
        "remediation": {
            "en": (
                "Encryption cannot be added in place: back up the data, then reinstall the laptop with LUKS full-disk encryption (on a "
                "personal device, the teleworker does it). Until then the security officer may record a dated waiver in "
                "endpoint_hardening_waivers."
            ),
            "fr": (
                "Le chiffrement ne s'ajoute pas après coup : sauvegarder les données, puis réinstaller le poste avec le chiffrement "
                "intégral LUKS (sur un appareil personnel, le télétravailleur s'en charge). D'ici là, le RSSI peut inscrire une "
                "dérogation datée dans endpoint_hardening_waivers."
            ),
            "ar": (
                "لا يمكن إضافة التشفير على نظام مثبت: احفظ نسخة من البيانات ثم أعد تثبيت الحاسوب بتشفير كامل للقرص عبر LUKS (يتولى ذلك "
                "العامل عن بعد في الجهاز الشخصي). وإلى ذلك الحين يمكن لمسؤول أمن نظم المعلومات تسجيل استثناء مؤرخ في "
                "endpoint_hardening_waivers."
            ),
        },
        "test": "tests/unit/audit/test_endpoint_checks.py::test_disk_encryption_reported",
    },
    "EH-16": {
        "title": {
            "en": "Kernel self-protection settings",
            "fr": "Paramètres d'autoprotection du noyau",
            "ar": "إعدادات الحماية الذاتية للنواة",
        },
        "clauses": ["M4", "A2"],
        "refs": ["CIS Debian Linux 12 v1.1.0 1.5.1-1.5.3", "ANSSI BP-028 R9", "ANSSI BP-028 R14"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": (
            "Address randomisation, hidden kernel pointers and a restricted ptrace make a local exploit much harder "
            "(M4: DGSSI standards)."
        ),
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it writes "
                "/etc/sysctl.d/60-amane-baseline.conf and applies it (systemctl restart systemd-sysctl). Remove any later "
                "sysctl.d file that sets another value."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il écrit "
                "/etc/sysctl.d/60-amane-baseline.conf et l'applique (systemctl restart systemd-sysctl). Supprimer tout "
                "fichier sysctl.d ultérieur qui impose une autre valeur."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يكتب "
                "/etc/sysctl.d/60-amane-baseline.conf ويطبّقه (systemctl restart systemd-sysctl). احذف كل ملف sysctl.d "
                "لاحق يفرض قيمة أخرى."
            ),
        },
        "test": _BASELINE_TEST + "test_kernel_settings_persisted_and_live",
    },
    "EH-17": {
        "title": {
            "en": "The laptop forwards no traffic and ignores redirects",
            "fr": "Le poste ne relaie aucun trafic et ignore les redirections",
            "ar": "الحاسوب لا يمرر أي حركة ويتجاهل إعادات التوجيه",
        },
        "clauses": ["M4", "A2", "S1"],
        "refs": ["CIS Debian Linux 12 v1.1.0 3.3.1-3.3.11", "ANSSI BP-028 R12"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": (
            "A laptop on a home network must not route, accept ICMP redirects or source routes: it would let a "
            "neighbour divert its traffic."
        ),
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it persists the network settings in "
                "/etc/sysctl.d/60-amane-baseline.conf and applies them. A tool that turns forwarding on (a hotspot, a VM "
                "bridge) must be removed."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il fixe les paramètres réseau dans "
                "/etc/sysctl.d/60-amane-baseline.conf et les applique. Retirer tout outil qui active le relais (point "
                "d'accès, pont de VM)."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يثبت إعدادات الشبكة في "
                "/etc/sysctl.d/60-amane-baseline.conf ويطبقها. أزل كل أداة تشغل التمرير (نقطة اتصال، جسر آلة افتراضية)."
            ),
        },
        "test": _BASELINE_TEST + "test_network_settings_and_a_later_file_that_overrides_them",
    },
    "EH-18": {
        "title": {
            "en": "SSH server hardened where one runs",
            "fr": "Serveur SSH durci s'il est présent",
            "ar": "خادم SSH مقوّى إن وُجد",
        },
        "clauses": ["M4", "S2"],
        "refs": ["CIS Debian Linux 12 v1.1.0 5.1.4-5.1.22", "ANSSI NT OpenSSH"],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "The management path stays a key-based login of the IT unit; no root login, no forwarding, few tries.",
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it writes "
                "/etc/ssh/sshd_config.d/50-amane-baseline.conf (checked by sshd -t) and reloads sshd. A drop-in read "
                "earlier that sets other values must be removed; sshd -T shows the result."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il écrit "
                "/etc/ssh/sshd_config.d/50-amane-baseline.conf (vérifié par sshd -t) et recharge sshd. Supprimer tout "
                "fichier lu avant qui impose d'autres valeurs ; sshd -T montre le résultat."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يكتب "
                "/etc/ssh/sshd_config.d/50-amane-baseline.conf (يتحقق منه sshd -t) ويعيد تحميل sshd. احذف كل ملف يُقرأ "
                "قبله ويفرض قيما أخرى؛ يعرض sshd -T النتيجة."
            ),
        },
        "test": _BASELINE_TEST + "test_ssh_server_settings_from_sshd_t",
    },
    "EH-19": {
        "title": {
            "en": "Password ageing and a private umask by default",
            "fr": "Vieillissement des mots de passe et umask privé par défaut",
            "ar": "تقادم كلمات المرور وقناع umask خاص افتراضيا",
        },
        "clauses": ["M4", "S2"],
        "refs": ["CIS Debian Linux 12 v1.1.0 5.4.1.1-5.4.1.3", "CIS Debian Linux 12 v1.1.0 5.4.3.3", "ANSSI BP-028 R36"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": (
            "New accounts get expiring passwords hashed with yescrypt, and files the teleworker creates are not "
            "readable by other accounts."
        ),
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it sets PASS_MAX_DAYS, PASS_MIN_DAYS, "
                "PASS_WARN_AGE, UMASK and ENCRYPT_METHOD in /etc/login.defs and writes /etc/profile.d/amane-umask.sh. "
                "Existing accounts keep their ageing until chage is run for them."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il règle PASS_MAX_DAYS, PASS_MIN_DAYS, "
                "PASS_WARN_AGE, UMASK et ENCRYPT_METHOD dans /etc/login.defs et écrit /etc/profile.d/amane-umask.sh. Les "
                "comptes existants gardent leur durée tant que chage n'est pas lancé pour eux."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يضبط PASS_MAX_DAYS وPASS_MIN_DAYS "
                "وPASS_WARN_AGE وUMASK وENCRYPT_METHOD في /etc/login.defs ويكتب /etc/profile.d/amane-umask.sh. تحتفظ "
                "الحسابات الموجودة بمدتها ما لم يُنفَّذ chage لها."
            ),
        },
        "test": _BASELINE_TEST + "test_account_defaults_and_umask",
    },
    "EH-20": {
        "title": {
            "en": "Core dumps disabled",
            "fr": "Vidages mémoire désactivés",
            "ar": "تفريغ الذاكرة معطل",
        },
        "clauses": ["M4", "M9c"],
        "refs": ["CIS Debian Linux 12 v1.1.0 1.5.4-1.5.5", "ANSSI BP-028 R14"],
        "severity": "medium",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "A core dump writes a program's memory to disk: passwords, keys and work documents in clear (M9c).",
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it writes "
                "/etc/security/limits.d/60-amane-core.conf (hard core 0), fs.suid_dumpable=0 and, where systemd-coredump "
                "is installed, Storage=none in /etc/systemd/coredump.conf.d/60-amane.conf."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il écrit "
                "/etc/security/limits.d/60-amane-core.conf (hard core 0), fs.suid_dumpable=0 et, si systemd-coredump est "
                "installé, Storage=none dans /etc/systemd/coredump.conf.d/60-amane.conf."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يكتب "
                "/etc/security/limits.d/60-amane-core.conf (hard core 0) وfs.suid_dumpable=0، وStorage=none في "
                "/etc/systemd/coredump.conf.d/60-amane.conf إذا كان systemd-coredump مثبتا."
            ),
        },
        "test": _BASELINE_TEST + "test_core_dumps_need_the_limit_the_sysctl_and_coredump_conf",
    },
    "EH-21": {
        "title": {
            "en": "Sensitive files keep strict modes and owners",
            "fr": "Fichiers sensibles aux droits et propriétaires stricts",
            "ar": "الملفات الحساسة بصلاحيات ومالكين صارمين",
        },
        "clauses": ["M4", "A2"],
        "refs": ["CIS Debian Linux 12 v1.1.0 7.1.1-7.1.10", "CIS Debian Linux 12 v1.1.0 2.4.1.2-2.4.1.7", "ANSSI BP-028 R50"],
        "severity": "high",
        "profiles": ["issued", "byod"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": "Readable password hashes or writable account and cron files hand the laptop to any local program.",
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it resets the mode and owner of each file "
                "the evidence names (endpoint_hardening_baseline.file_modes lists them). Find who loosened them: a package "
                "script or a manual change."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il rétablit le mode et le propriétaire "
                "de chaque fichier cité dans le constat (liste dans endpoint_hardening_baseline.file_modes). Chercher qui "
                "les a relâchés : script de paquet ou modification manuelle."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يعيد صلاحيات ومالك كل ملف يذكره الدليل "
                "(القائمة في endpoint_hardening_baseline.file_modes). ابحث عمن خففها: سكربت حزمة أو تعديل يدوي."
            ),
        },
        "test": _BASELINE_TEST + "test_sensitive_files_modes_and_owners",
    },
    "EH-22": {
        "title": {
            "en": "No compiler, clear-text service or discovery daemon",
            "fr": "Aucun compilateur, service en clair ni démon de découverte",
            "ar": "لا مترجم برمجي ولا خدمة غير مشفرة ولا خدمة اكتشاف",
        },
        "clauses": ["M4", "S3", "M9b"],
        "refs": ["CIS Debian Linux 12 v1.1.0 2.2", "CIS Debian Linux 12 v1.1.0 2.3", "ANSSI BP-028 R58", "ANSSI BP-028 R62"],
        "severity": "medium",
        "profiles": ["issued"],
        "area": "endpoint",
        "gates_vpn": False,
        "rationale": (
            "What is not installed cannot be used against the laptop: compilers build attack tools in place, telnet "
            "and rsh send passwords in clear."
        ),
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/endpoints.yml --limit <host>: it purges the packages the evidence names "
                "(endpoint_hardening_baseline.unneeded_packages). A developer who needs a compiler gets a dated waiver in "
                "endpoint_hardening_waivers."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/endpoints.yml --limit <host> : il purge les paquets cités dans le "
                "constat (endpoint_hardening_baseline.unneeded_packages). Un développeur qui a besoin d'un compilateur "
                "reçoit une dérogation datée dans endpoint_hardening_waivers."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/endpoints.yml --limit <host> الذي يزيل الحزم المذكورة في الدليل "
                "(endpoint_hardening_baseline.unneeded_packages). يمنح المطور الذي يحتاج مترجما استثناء مؤرخا في "
                "endpoint_hardening_waivers."
            ),
        },
        "test": _BASELINE_TEST + "test_unneeded_software_named",
    },
})

# EH-16..EH-22 above are the workstation baseline (CIS Debian Linux 12 v1.1.0 Level 1 - Workstation,
# ANSSI BP-028 v2.0): checks in module_utils/audit/checks_baseline.py, values in its BASELINE.

# --- antivirus: checks in module_utils/audit/checks_antivirus.py ------------------------------------

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
        "remediation": {
            "en": (
                "Issued laptop: run ansible-playbook playbooks/antivirus.yml --limit <host>. Personal device: the teleworker runs sudo "
                "apt install clamav-daemon clamav-freshclam; the next run of playbooks/antivirus.yml audits it again."
            ),
            "fr": (
                "Poste fourni : lancer ansible-playbook playbooks/antivirus.yml --limit <host>. Appareil personnel : le télétravailleur "
                "exécute sudo apt install clamav-daemon clamav-freshclam ; la prochaine exécution de playbooks/antivirus.yml le "
                "contrôle à nouveau."
            ),
            "ar": (
                "جهاز مقدم من الإدارة: نفّذ ansible-playbook playbooks/antivirus.yml --limit <host>. جهاز شخصي: ينفّذ العامل عن بعد "
                "sudo apt install clamav-daemon clamav-freshclam، ويعيد التنفيذ التالي لـplaybooks/antivirus.yml تدقيقه."
            ),
        },
        "test": _AV_TEST + "test_byod_audit_reports_missing_antivirus",
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
        "remediation": {
            "en": (
                "For each unit the evidence names, run sudo systemctl unmask <unit> and sudo systemctl enable --now <unit>; journalctl "
                "-u <unit> tells why it stopped. On an issued laptop ansible-playbook playbooks/antivirus.yml --limit <host> does it; "
                "on a personal device the teleworker does it."
            ),
            "fr": (
                "Pour chaque unité citée, exécuter sudo systemctl unmask <unité> et sudo systemctl enable --now <unité> ; journalctl -u "
                "<unité> dit pourquoi elle s'est arrêtée. Sur un poste fourni, ansible-playbook playbooks/antivirus.yml --limit <host> "
                "le fait ; sur un appareil personnel, le télétravailleur."
            ),
            "ar": (
                "لكل وحدة تذكرها نتيجة الفحص نفّذ sudo systemctl unmask <unit> ثم sudo systemctl enable --now <unit>، ويبيّن journalctl "
                "-u <unit> سبب توقفها. في جهاز الإدارة يتولى ذلك ansible-playbook playbooks/antivirus.yml --limit <host>، وفي الجهاز "
                "الشخصي يتولاه العامل عن بعد."
            ),
        },
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
        "remediation": {
            "en": (
                "Find in journalctl -u clamav-freshclam why updates fail, then sudo systemctl restart clamav-freshclam (personal "
                "device: the teleworker, online). Issued laptops read antivirus_mirror_url: if the mirror is stale, refill it "
                "(antivirus_mirror_upstream) with playbooks/antivirus.yml."
            ),
            "fr": (
                "Voir dans journalctl -u clamav-freshclam pourquoi la mise à jour échoue, puis sudo systemctl restart clamav-freshclam "
                "(appareil personnel : le télétravailleur, en ligne). Postes fournis : si le miroir antivirus_mirror_url est périmé, le "
                "réalimenter via antivirus_mirror_upstream et playbooks/antivirus.yml."
            ),
            "ar": (
                "ابحث في journalctl -u clamav-freshclam عن سبب فشل التحديث، ثم نفّذ sudo systemctl restart clamav-freshclam (في الجهاز "
                "الشخصي يتولاه العامل عن بعد وهو متصل). أجهزة الإدارة: إذا تقادمت المرآة antivirus_mirror_url فأعد تزويدها "
                "(antivirus_mirror_upstream) عبر playbooks/antivirus.yml."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/antivirus.yml --limit <host>: it points /etc/clamav/freshclam.conf at "
                "antivirus_mirror_url (PrivateMirror) and drops the public DatabaseMirror lines. Never add a public mirror by hand."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/antivirus.yml --limit <host> : il fait pointer /etc/clamav/freshclam.conf vers "
                "antivirus_mirror_url (PrivateMirror) et retire les lignes DatabaseMirror publiques. Ne jamais ajouter de miroir public "
                "à la main."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/antivirus.yml --limit <host> الذي يوجّه /etc/clamav/freshclam.conf إلى "
                "antivirus_mirror_url (PrivateMirror) ويحذف أسطر DatabaseMirror العامة. لا تضف أي مرآة عامة يدويا."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/antivirus.yml --limit <host>: it re-enables amane-av-scan.timer and recreates the "
                "quarantine folder antivirus_quarantine_dir at mode 0700. Never open the quarantine to users."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/antivirus.yml --limit <host> : il réactive amane-av-scan.timer et recrée le dossier "
                "de quarantaine antivirus_quarantine_dir en mode 0700. Ne jamais ouvrir la quarantaine aux utilisateurs."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/antivirus.yml --limit <host> الذي يعيد تفعيل amane-av-scan.timer وينشئ من جديد مجلد "
                "الحجر antivirus_quarantine_dir بالصلاحيات 0700. لا تفتح مجلد الحجر للمستخدمين أبدا."
            ),
        },
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
        "remediation": {
            "en": (
                "With antivirus_removable_policy: scan, run ansible-playbook playbooks/antivirus.yml --limit <host> to restore the udev "
                "rule and amane-av-removable@.service. Policy none always fails: use scan, or block together with "
                "endpoint_hardening_removable_media: block."
            ),
            "fr": (
                "Avec antivirus_removable_policy: scan, lancer ansible-playbook playbooks/antivirus.yml --limit <host> pour rétablir la "
                "règle udev et amane-av-removable@.service. La politique none échoue toujours : utiliser scan, ou block avec "
                "endpoint_hardening_removable_media: block."
            ),
            "ar": (
                "مع antivirus_removable_policy: scan نفّذ ansible-playbook playbooks/antivirus.yml --limit <host> لاستعادة قاعدة udev "
                "والخدمة amane-av-removable@.service. السياسة none تفشل دائما: استعمل scan، أو block مع "
                "endpoint_hardening_removable_media: block."
            ),
        },
        "test": _AV_TEST + "test_removable_scan_refuses_infected_media",
    },
})

# --- vpn gateway: checks in module_utils/audit/checks_vpn.py ----------------------------------------

# --- backup: checks in module_utils/audit/checks_backup.py ------------------------------------------

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
        "remediation": {
            "en": (
                "On the database server run sudo systemctl start amane-backup@run.service; journalctl -u amane-backup@run.service gives "
                "the cause (repository unreachable, full disk, passphrase). Check the database is in backup_databases, then run "
                "ansible-playbook playbooks/backup.yml --limit <host>,backup_servers."
            ),
            "fr": (
                "Sur le serveur de bases : sudo systemctl start amane-backup@run.service, puis journalctl -u amane-backup@run.service "
                "pour la cause (dépôt injoignable, disque plein, phrase secrète). Vérifier que la base est dans backup_databases et "
                "lancer ansible-playbook playbooks/backup.yml --limit <host>,backup_servers."
            ),
            "ar": (
                "على خادم قواعد البيانات نفّذ sudo systemctl start amane-backup@run.service، ويبيّن journalctl -u "
                "amane-backup@run.service السبب (مستودع غير متاح، امتلاء القرص، عبارة المرور). تحقق من إدراج القاعدة في "
                "backup_databases ثم نفّذ ansible-playbook playbooks/backup.yml --limit <host>,backup_servers."
            ),
        },
        "test": _BACKUP_TEST + "test_verification_passes_and_audit_reports_rpo_and_rto",
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
        "remediation": {
            "en": (
                "On the database server run sudo systemctl start amane-backup@verify.service and read its journal. If borg check "
                "reports errors, examine the repository host's disk and take a new backup at once (amane-backup@run.service)."
            ),
            "fr": (
                "Sur le serveur de bases, exécuter sudo systemctl start amane-backup@verify.service et lire son journal. Si borg check "
                "signale des erreurs, examiner le disque de l'hôte du dépôt et faire aussitôt une nouvelle sauvegarde "
                "(amane-backup@run.service)."
            ),
            "ar": (
                "على خادم قواعد البيانات نفّذ sudo systemctl start amane-backup@verify.service واقرأ سجله. إذا أبلغ borg check عن "
                "أخطاء، فافحص قرص خادم المستودع وخذ نسخة احتياطية جديدة فورا (amane-backup@run.service)."
            ),
        },
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
        "remediation": {
            "en": (
                "On the database server run sudo systemctl start amane-backup@drill.service and read journalctl -u "
                "amane-backup@drill.service. A mismatch means the backup cannot be trusted: fix the cause, take a new backup, then "
                "repeat the drill."
            ),
            "fr": (
                "Sur le serveur de bases, exécuter sudo systemctl start amane-backup@drill.service et lire journalctl -u "
                "amane-backup@drill.service. Un écart signifie que la sauvegarde n'est pas fiable : corriger la cause, refaire une "
                "sauvegarde, puis répéter l'exercice."
            ),
            "ar": (
                "على خادم قواعد البيانات نفّذ sudo systemctl start amane-backup@drill.service واقرأ journalctl -u "
                "amane-backup@drill.service. أي اختلاف يعني أن النسخة غير موثوقة: أصلح السبب وخذ نسخة جديدة ثم أعد التمرين."
            ),
        },
        "test": _BACKUP_TEST + "test_restore_drill_matches_checksums",
    },
})

# --- logging: checks in module_utils/audit/checks_logging.py ----------------------------------------
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit <host>: it rewrites /etc/audit/rules.d/60-amane.rules and loads it. "
                "Every rule in logging_auditd_extra_rules must carry -k <key>; remove unkeyed rules added by hand."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit <host> : il réécrit /etc/audit/rules.d/60-amane.rules et le "
                "charge. Chaque règle de logging_auditd_extra_rules doit porter -k <clé> ; supprimer les règles sans clé ajoutées à la "
                "main."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit <host> الذي يعيد كتابة /etc/audit/rules.d/60-amane.rules ويحمّله. "
                "يجب أن تحمل كل قاعدة في logging_auditd_extra_rules الخيار -k <key>، فاحذف القواعد المضافة يدويا بدون مفتاح."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit <host>: it writes "
                "/etc/systemd/journald.conf.d/60-amane-logging.conf with Storage=persistent and SystemMaxUse "
                "(logging_journald_system_max_use). Do not edit that file by hand."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit <host> : il écrit "
                "/etc/systemd/journald.conf.d/60-amane-logging.conf avec Storage=persistent et SystemMaxUse "
                "(logging_journald_system_max_use). Ne pas modifier ce fichier à la main."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit <host> الذي يكتب "
                "/etc/systemd/journald.conf.d/60-amane-logging.conf مع Storage=persistent وSystemMaxUse "
                "(logging_journald_system_max_use). لا تعدّل هذا الملف يدويا."
            ),
        },
        "test": 'molecule/logging/tests/test_logging.py::test_journal_is_kept_on_disk_within_its_limits',
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit <host>: it restores the RELP/TLS forwarding, its disk-assisted "
                "queue and /etc/amane/log-forward.json. Tune only logging_forward_queue and logging_forward_action, then check "
                "journalctl -u rsyslog."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit <host> : il rétablit le transfert RELP/TLS, sa file sur disque "
                "et /etc/amane/log-forward.json. Ne régler que logging_forward_queue et logging_forward_action, puis vérifier "
                "journalctl -u rsyslog."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit <host> الذي يستعيد الإرسال عبر RELP/TLS وطابوره على القرص "
                "و/etc/amane/log-forward.json. لا تضبط إلا logging_forward_queue وlogging_forward_action، ثم تحقق من journalctl -u "
                "rsyslog."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit <host>, or sudo chmod 0600 /etc/amane/logging-pki/host.key on the "
                "host. If others could read the key, delete it and re-run the playbook: the host gets a new key and certificate."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit <host>, ou sudo chmod 0600 /etc/amane/logging-pki/host.key sur "
                "l'hôte. Si d'autres ont pu lire la clé, la supprimer et relancer le playbook : l'hôte reçoit une nouvelle clé et un "
                "nouveau certificat."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit <host> أو sudo chmod 0600 /etc/amane/logging-pki/host.key على "
                "الجهاز. إذا أمكن لغير الجذر قراءة المفتاح فاحذفه وأعد تنفيذ الـplaybook ليحصل الجهاز على مفتاح وشهادة جديدين."
            ),
        },
        "test": 'molecule/logging/tests/test_logging.py::test_client_private_key_is_root_only',
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit log_servers: it rewrites /etc/rsyslog.d/40-amane-central.conf with "
                "imrelp over TLS and client certificates checked. Never relax tls.authmode to let a sender in; give the sender a "
                "certificate with playbooks/logging.yml."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit log_servers : il réécrit /etc/rsyslog.d/40-amane-central.conf "
                "avec imrelp sur TLS et vérification des certificats clients. Ne jamais assouplir tls.authmode pour admettre un "
                "émetteur ; lui donner un certificat avec playbooks/logging.yml."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit log_servers الذي يعيد كتابة /etc/rsyslog.d/40-amane-central.conf "
                "مع imrelp عبر TLS والتحقق من شهادات العملاء. لا تخفف tls.authmode أبدا لقبول مرسل، بل امنحه شهادة عبر "
                "playbooks/logging.yml."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit log_servers: it rewrites /etc/logrotate.d/amane-central (maxage, "
                "compress, amane-logchain seal). Retention and rotation come from logging_retention_days and logging_rotate_frequency."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit log_servers : il réécrit /etc/logrotate.d/amane-central (maxage, "
                "compress, amane-logchain seal). La durée de conservation et la rotation viennent de logging_retention_days et "
                "logging_rotate_frequency."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit log_servers الذي يعيد كتابة /etc/logrotate.d/amane-central (maxage "
                "وcompress وamane-logchain seal). تُضبط مدة الاحتفاظ والتدوير عبر logging_retention_days وlogging_rotate_frequency."
            ),
        },
        "test": 'molecule/logging/tests/test_logging.py::test_closed_files_past_the_retention_are_removed',
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
        "remediation": {
            "en": (
                "Treat it as a security incident: do not re-seal the chain or delete its anchors. On log1 run amane-logchain verify "
                "--store /var/log/amane/hosts --chain /var/lib/amane/logchain/chain.jsonl, keep the files it names and alert the "
                "security officer."
            ),
            "fr": (
                "Traiter l'anomalie comme un incident de sécurité : ne pas resceller la chaîne ni supprimer ses ancres. Sur log1, "
                "exécuter amane-logchain verify --store /var/log/amane/hosts --chain /var/lib/amane/logchain/chain.jsonl, conserver les "
                "fichiers cités et alerter le RSSI."
            ),
            "ar": (
                "تعامل مع الأمر كحادث أمني: لا تُعد ختم السلسلة ولا تحذف مراسيها. على log1 نفّذ amane-logchain verify --store "
                "/var/log/amane/hosts --chain /var/lib/amane/logchain/chain.jsonl، واحتفظ بالملفات التي يذكرها، وأبلغ مسؤول أمن نظم "
                "المعلومات."
            ),
        },
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
        "remediation": {
            "en": (
                "Run ansible-playbook playbooks/logging.yml --limit <host> on the database server with logging_pgaudit_enabled: true; "
                "it installs pgaudit, logs to syslog and restarts PostgreSQL. List sensitive tables in logging_pg_sensitive_tables."
            ),
            "fr": (
                "Lancer ansible-playbook playbooks/logging.yml --limit <host> sur le serveur de bases avec logging_pgaudit_enabled: "
                "true ; il installe pgaudit, journalise vers syslog et redémarre PostgreSQL. Lister les tables sensibles dans "
                "logging_pg_sensitive_tables."
            ),
            "ar": (
                "نفّذ ansible-playbook playbooks/logging.yml --limit <host> على خادم قواعد البيانات مع logging_pgaudit_enabled: true، "
                "فيثبّت pgaudit ويوجّه السجلات إلى syslog ويعيد تشغيل PostgreSQL. أدرج الجداول الحساسة في logging_pg_sensitive_tables."
            ),
        },
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
        "remediation": {
            "en": (
                "Declare the purpose in logging_telework_hours.purpose, keep pseudonymize: true and a retention_days of at "
                "least 1, and run ansible-playbook playbooks/logging.yml --limit log_servers. If no summary is wanted, set "
                "logging_telework_hours.enabled: false and delete /etc/amane/telework-hours.json on log1."
            ),
            "fr": (
                "Déclarer la finalité dans logging_telework_hours.purpose, garder pseudonymize: true et une durée "
                "retention_days d'au moins 1, puis lancer ansible-playbook playbooks/logging.yml --limit log_servers. Si aucun "
                "relevé n'est voulu, mettre logging_telework_hours.enabled: false et supprimer /etc/amane/telework-hours.json "
                "sur log1."
            ),
            "ar": (
                "صرّح بالغرض في logging_telework_hours.purpose، وأبق pseudonymize: true ومدة retention_days لا تقل عن 1، ثم نفّذ "
                "ansible-playbook playbooks/logging.yml --limit log_servers. إذا لم يكن الملخص مطلوبا فاضبط "
                "logging_telework_hours.enabled: false واحذف /etc/amane/telework-hours.json على log1."
            ),
        },
        "test": 'molecule/logging/tests/test_logging.py::test_telework_hours_summary_is_pseudonymized',
    },
})

# --- vpn gateway (M7, M10, A8, A13, A17): checks in module_utils/audit/checks_vpn.py ---------------

_VPN_TEST = "molecule/vpn/tests/"


_VP01_REMEDIATION = {
    "en": (
        "Run ansible-playbook playbooks/vpn.yml --limit gateways. If the interface stays down, read journalctl -u "
        "wg-quick@wg0 on the gateway (interface: vpn_interface), fix the cause, then sudo systemctl restart "
        "wg-quick@wg0."
    ),
    "fr": (
        "Lancer ansible-playbook playbooks/vpn.yml --limit gateways. Si l'interface reste inactive, lire journalctl "
        "-u wg-quick@wg0 sur la passerelle (interface : vpn_interface), corriger la cause, puis sudo systemctl "
        "restart wg-quick@wg0."
    ),
    "ar": (
        "نفّذ ansible-playbook playbooks/vpn.yml --limit gateways. إذا بقيت الواجهة متوقفة فاقرأ journalctl -u "
        "wg-quick@wg0 على البوابة (الواجهة: vpn_interface)، وأصلح السبب، ثم نفّذ sudo systemctl restart wg-quick@wg0."
    ),
}
_VP02_REMEDIATION = {
    "en": (
        "Run ansible-playbook playbooks/vpn.yml --limit gateways to reset /etc/wireguard/wg0.key to 0600 root. If "
        "anyone else could read it, treat it as leaked: delete wg0.key and wg0.pub, run playbooks/vpn.yml without "
        "--limit, and give BYOD users their new client files."
    ),
    "fr": (
        "Lancer ansible-playbook playbooks/vpn.yml --limit gateways pour remettre /etc/wireguard/wg0.key en 0600 "
        "root. Si d'autres ont pu la lire, elle est divulguée : supprimer wg0.key et wg0.pub, lancer "
        "playbooks/vpn.yml sans --limit et remettre aux utilisateurs BYOD leurs nouveaux fichiers."
    ),
    "ar": (
        "نفّذ ansible-playbook playbooks/vpn.yml --limit gateways لإعادة /etc/wireguard/wg0.key إلى الصلاحيات 0600 "
        "بملكية root. إذا أمكن لغير root قراءته فاعتبره مسرَّبا: احذف wg0.key وwg0.pub، ونفّذ playbooks/vpn.yml بدون "
        "--limit، وسلّم مستخدمي BYOD ملفات الاتصال الجديدة."
    ),
}
_VP03_REMEDIATION = {
    "en": (
        "Remove the rules added by hand to table inet amane_vpn and run ansible-playbook playbooks/vpn.yml --limit "
        "gateways to reload it. Outside access is only vpn_port, plus SSH from vpn_admin_networks."
    ),
    "fr": (
        "Supprimer les règles ajoutées à la main dans la table inet amane_vpn et lancer ansible-playbook "
        "playbooks/vpn.yml --limit gateways pour la recharger. Depuis l'extérieur, seuls vpn_port et SSH depuis "
        "vpn_admin_networks sont ouverts."
    ),
    "ar": (
        "احذف القواعد المضافة يدويا إلى الجدول inet amane_vpn ونفّذ ansible-playbook playbooks/vpn.yml --limit "
        "gateways لإعادة تحميله. لا يُفتح من الخارج إلا vpn_port، إضافة إلى SSH من vpn_admin_networks."
    ),
}
_VP04_REMEDIATION = {
    "en": (
        "Run ansible-playbook playbooks/vpn.yml --limit gateways to restore the drop policy of the forward chain. "
        "Grant an administration access only through vpn_access (and vpn_client_to_client), never with a hand-written "
        "accept rule."
    ),
    "fr": (
        "Lancer ansible-playbook playbooks/vpn.yml --limit gateways pour rétablir la politique drop de la chaîne "
        "forward. N'ouvrir l'accès d'une administration que par vpn_access (et vpn_client_to_client), jamais par une "
        "règle accept écrite à la main."
    ),
    "ar": (
        "نفّذ ansible-playbook playbooks/vpn.yml --limit gateways لاستعادة سياسة drop في سلسلة forward. لا تمنح أي "
        "إدارة وصولا إلا عبر vpn_access (وvpn_client_to_client)، وليس بقاعدة accept مكتوبة يدويا."
    ),
}
_VP05_REMEDIATION = {
    "en": (
        "Run ansible-playbook playbooks/vpn.yml --limit gateways, or on the gateway sudo systemctl enable --now "
        "amane-vpn-session.timer. If it stops again, read journalctl -u amane-vpn-session.service."
    ),
    "fr": (
        "Lancer ansible-playbook playbooks/vpn.yml --limit gateways, ou sur la passerelle sudo systemctl enable --now "
        "amane-vpn-session.timer. S'il s'arrête de nouveau, lire journalctl -u amane-vpn-session.service."
    ),
    "ar": (
        "نفّذ ansible-playbook playbooks/vpn.yml --limit gateways، أو على البوابة sudo systemctl enable --now "
        "amane-vpn-session.timer. إذا توقف من جديد فاقرأ journalctl -u amane-vpn-session.service."
    ),
}


def _vpn(titles, clauses, severity, rationale, remediation, test):
    return {
        "title": {"en": titles[0], "fr": titles[1], "ar": titles[2]},
        "clauses": clauses,
        "refs": [],
        "severity": severity,
        "profiles": ["gateway"],
        "area": "vpn",
        "gates_vpn": False,
        "rationale": rationale,
        "remediation": remediation,
        "test": _VPN_TEST + test,
    }


CONTROLS.update({
    "VP-01": _vpn(("WireGuard gateway interface is up", "L'interface WireGuard de la passerelle est active",
                   "واجهة WireGuard للبوابة نشطة"),
                  ["M7"], "high", "Teleworkers reach the secure network only through the VPN (M7).",
                  _VP01_REMEDIATION,
                  "test_vpn_traffic.py::test_ping_and_tcp_reach_the_service_through_the_tunnel"),
    "VP-02": _vpn(("Gateway private key is readable by root only", "La clé privée de la passerelle n'est lisible que par root",
                   "المفتاح الخاص للبوابة مقروء من قبل الجذر فقط"),
                  ["A11"], "critical", "Whoever reads the key can impersonate the gateway (A11).",
                  _VP02_REMEDIATION,
                  "test_vpn_gateway.py::test_private_keys_are_0600_on_the_hosts"),
    "VP-03": _vpn(("Only the WireGuard port is open from outside", "Seul le port WireGuard est ouvert depuis l'extérieur",
                   "منفذ WireGuard وحده مفتوح من الخارج"),
                  ["A8"], "high", "Every other open port on the gateway is an entry point (A8).",
                  _VP03_REMEDIATION,
                  "test_vpn_traffic.py::test_only_the_wireguard_port_is_open_from_outside"),
    "VP-04": _vpn(("Forwarding denied unless declared per administration",
                   "Transfert refusé sauf s'il est déclaré par administration",
                   "التمرير مرفوض ما لم يُصرّح به لكل إدارة"),
                  ["A13"], "high", "Clients reach only what their administration declares (A13).",
                  _VP04_REMEDIATION,
                  "test_vpn_traffic.py::test_network_not_declared_is_dropped_by_the_gateway"),
    "VP-05": _vpn(("VPN session journal is running", "Le journal des sessions VPN fonctionne",
                   "سجل جلسات VPN يعمل"),
                  ["A17"], "medium", "Connect and disconnect times show when teleworkers work (A17).",
                  _VP05_REMEDIATION,
                  "test_vpn_gateway.py::test_session_journal_logs_the_connect_once"),
})
