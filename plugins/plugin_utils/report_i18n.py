# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interface words of the HTML report in French, Arabic and English.

Control titles come from the catalogue and clause texts from ``guide_clauses``; only the
report's own labels live here. Every key must exist in the three languages (a unit test checks).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

LANGUAGES = ("fr", "ar", "en")
RTL = frozenset(("ar",))
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


def check_languages(languages):
    """Return the languages list, or raise ValueError naming the bad entry and the choices."""
    languages = list(languages or LANGUAGES)
    if not languages:
        raise ValueError("languages: empty; give at least one of %s" % ", ".join(LANGUAGES))
    for language in languages:
        if language not in LANGUAGES:
            raise ValueError("languages: %r is not supported; choose among %s" % (language, ", ".join(LANGUAGES)))
    return languages


def _t(en, fr, ar):
    return {"en": en, "fr": fr, "ar": ar}


STRINGS = {
    "title": _t("Telework compliance report", "Rapport de conformité du télétravail", "تقرير مطابقة العمل عن بعد"),
    "generated_at": _t("Generated at", "Généré le", "تاريخ الإنشاء"),
    "inventory_source": _t("Inventory source", "Source de l'inventaire", "مصدر الجرد"),
    "collection_version": _t("Collection version", "Version de la collection", "إصدار المجموعة"),
    "pseudonymized": _t(
        "Owners' names are pseudonymized (law 09.08)",
        "Les noms des titulaires sont pseudonymisés (loi 09.08)",
        "أسماء الحائزين مستعارة (القانون 09.08)",
    ),
    "noscript": _t(
        "This report needs JavaScript to show its tables; the JSON and CSV files hold the same data.",
        "Ce rapport a besoin de JavaScript pour afficher ses tableaux ; les fichiers JSON et CSV contiennent les mêmes données.",
        "يحتاج هذا التقرير إلى JavaScript لعرض جداوله؛ ملفا JSON وCSV يحتويان على المعطيات نفسها.",
    ),
    "fleet": _t("Fleet", "Parc", "الأسطول"),
    "rate": _t("Compliance rate", "Taux de conformité", "نسبة المطابقة"),
    "hosts": _t("Devices", "Appareils", "الأجهزة"),
    "compliant": _t("Compliant", "Conformes", "مطابقة"),
    "noncompliant": _t("Non-compliant", "Non conformes", "غير مطابقة"),
    "unaudited": _t("Not audited", "Non audités", "بدون تدقيق"),
    "threshold": _t("Threshold", "Seuil", "العتبة"),
    "threshold_met": _t("Threshold met", "Seuil atteint", "العتبة محققة"),
    "threshold_missed": _t("Below threshold", "Sous le seuil", "دون العتبة"),
    # a 0 % threshold is no threshold: shown neutral, never as a green "met"
    "threshold_none": _t("No threshold set", "Aucun seuil fixé", "لا عتبة محددة"),
    "none": _t("none", "aucun", "لا شيء"),
    "by_control": _t("By control", "Par contrôle", "حسب الضابط"),
    "by_administration": _t("By administration", "Par administration", "حسب الإدارة"),
    "by_device_kind": _t("By device kind", "Par type d'appareil", "حسب نوع الجهاز"),
    "noncompliant_devices": _t("Non-compliant devices", "Appareils non conformes", "الأجهزة غير المطابقة"),
    "all_devices": _t("All devices", "Tous les appareils", "جميع الأجهزة"),
    "controls": _t("Controls", "Contrôles", "الضوابط"),
    "waivers": _t("Waivers", "Dérogations", "الاستثناءات"),
    "changes": _t("Changes since the previous report", "Changements depuis le rapport précédent", "التغييرات منذ التقرير السابق"),
    "no_previous": _t("No previous report was given.", "Aucun rapport précédent n'a été fourni.", "لم يقدَّم أي تقرير سابق."),
    "previous_of": _t("Previous report", "Rapport précédent", "التقرير السابق"),
    "new_failures": _t("New failures", "Nouveaux échecs", "إخفاقات جديدة"),
    "fixes": _t("Fixed", "Corrigés", "تم إصلاحها"),
    "new_hosts": _t("New devices", "Nouveaux appareils", "أجهزة جديدة"),
    "removed_hosts": _t("Removed devices", "Appareils retirés", "أجهزة أزيلت"),
    "host": _t("Device", "Appareil", "الجهاز"),
    "device_id": _t("Device ID", "ID appareil", "معرف الجهاز"),
    "administration": _t("Administration", "Administration", "الإدارة"),
    "unit": _t("Unit", "Unité", "الوحدة"),
    "device_kind": _t("Kind", "Type", "النوع"),
    "owner": _t("Owner", "Titulaire", "الحائز"),
    "state": _t("State", "État", "الحالة"),
    "profile": _t("Profile", "Profil", "الملف"),
    "checked_at": _t("Checked at", "Vérifié le", "تاريخ الفحص"),
    "failing": _t("Failing controls", "Contrôles en échec", "الضوابط غير المستوفاة"),
    "control": _t("Control", "Contrôle", "الضابط"),
    "control_title": _t("Title", "Intitulé", "العنوان"),
    "status": _t("Status", "Statut", "الوضعية"),
    "evidence": _t("Evidence", "Constat", "الدليل"),
    "clauses": _t("Guide clauses", "Clauses du guide", "بنود الدليل"),
    "refs": _t("References", "Références", "المراجع"),
    "severity": _t("Severity", "Gravité", "الخطورة"),
    "waiver": _t("Waiver", "Dérogation", "الاستثناء"),
    "justification": _t("Justification", "Justification", "التبرير"),
    "approver": _t("Approver", "Approbateur", "الموافِق"),
    "expires": _t("Expires", "Expire le", "ينتهي في"),
    "expired": _t("expired", "expirée", "منتهي"),
    "before": _t("Before", "Avant", "قبل"),
    "after": _t("After", "Après", "بعد"),
    "filter": _t("Filter", "Filtrer", "تصفية"),
    "filter_hint": _t(
        "device, administration, owner, control…", "appareil, administration, titulaire, contrôle…", "جهاز، إدارة، حائز، ضابط…"
    ),
    "show": _t("Show", "Afficher", "عرض"),
    "all": _t("all", "tous", "الكل"),
    "previous_page": _t("Previous", "Précédent", "السابق"),
    "next_page": _t("Next", "Suivant", "التالي"),
    "page": _t("Page", "Page", "الصفحة"),
    "of": _t("of", "sur", "من"),
    "rows": _t("rows", "lignes", "سطر"),
    "empty": _t("Nothing to show.", "Rien à afficher.", "لا شيء للعرض."),
    "device_view": _t("Device", "Appareil", "الجهاز"),
    "back": _t("Back to the fleet", "Retour au parc", "العودة إلى الأسطول"),
    "no_audit": _t(
        "No audit result was collected from this device: it counts as non-compliant.",
        "Aucun résultat d'audit n'a été collecté sur cet appareil : il compte comme non conforme.",
        "لم تُجمع أي نتيجة تدقيق من هذا الجهاز: يُحتسب غير مطابق.",
    ),
    "unassigned": _t("(unassigned)", "(non renseigné)", "(غير محدد)"),
    "st_pass": _t("pass", "conforme", "مستوفى"),
    "st_fail": _t("fail", "échec", "غير مستوفى"),
    "st_not_applicable": _t("not applicable", "non applicable", "لا ينطبق"),
    "st_waived": _t("waived", "dérogé", "مستثنى"),
    "st_error": _t("error", "erreur", "خطأ"),
    # registry states (E1, M10) and control severities: fixed sets, shown in the reader's language
    "state_requested": _t("requested", "demandé", "مطلوب"),
    "state_approved": _t("approved", "approuvé", "موافق عليه"),
    "state_active": _t("active", "actif", "نشط"),
    "state_quarantined": _t("quarantined", "en quarantaine", "معزول"),
    "state_offboarded": _t("offboarded", "retiré", "مسحوب"),
    "sev_critical": _t("critical", "critique", "حرجة"),
    "sev_high": _t("high", "élevée", "عالية"),
    "sev_medium": _t("medium", "moyenne", "متوسطة"),
    "sev_low": _t("low", "faible", "منخفضة"),
    "kind_issued": _t("administration-issued", "fourni par l'administration", "مقدم من الإدارة"),
    "kind_byod": _t("personal (BYOD)", "personnel (BYOD)", "شخصي (BYOD)"),
    "kind_gateway": _t("VPN gateway", "passerelle VPN", "بوابة VPN"),
    "kind_server": _t("server", "serveur", "خادم"),
    "kind_log": _t("log server", "serveur de journaux", "خادم السجلات"),
    "open": _t("open", "ouvrir", "فتح"),
    # the fleet over time (report store): trend, stale devices, expiring waivers, remediation
    "trend": _t("Compliance over time", "Conformité dans le temps", "المطابقة عبر الزمن"),
    "trend_of": _t("Show the trend of", "Afficher l'évolution de", "عرض تطور"),
    "scope_fleet": _t("the whole fleet (compliant devices)", "tout le parc (appareils conformes)", "الأسطول كله (الأجهزة المطابقة)"),
    "scope_fleet_controls": _t("the whole fleet (passed controls)", "tout le parc (contrôles réussis)", "الأسطول كله (الضوابط المستوفاة)"),
    "scope_administration": _t("Administration", "Administration", "الإدارة"),
    "scope_control": _t("Control", "Contrôle", "الضابط"),
    "runs": _t("runs", "exécutions", "عمليات"),
    "single_run": _t(
        "Only this run is stored so far: the trend appears from the second run on.",
        "Seule cette exécution est conservée pour l'instant : l'évolution apparaît dès la deuxième.",
        "لم تُحفظ إلى الآن سوى هذه العملية: يظهر التطور ابتداءً من العملية الثانية.",
    ),
    "stale_devices": _t("Devices not assessed recently", "Appareils non évalués récemment", "أجهزة لم تُقيَّم مؤخرا"),
    "stale_hint": _t(
        "No assessment for more than {days} days, or never: the device stopped reporting.",
        "Aucune évaluation depuis plus de {days} jours, ou jamais : l'appareil ne remonte plus.",
        "لا تقييم منذ أكثر من {days} يوما، أو لم يُقيَّم قط: توقف الجهاز عن الإبلاغ.",
    ),
    "last_assessed": _t("Last assessed", "Dernière évaluation", "آخر تقييم"),
    "unseen_devices": _t("Devices not seen on the VPN", "Appareils absents du VPN", "أجهزة غائبة عن الشبكة الافتراضية"),
    "unseen_hint": _t(
        "Active or quarantined, and no VPN handshake for more than {days} days, or never: nobody can check this device.",
        "Actif ou en quarantaine, sans connexion VPN depuis plus de {days} jours, ou jamais : personne ne peut vérifier cet appareil.",
        "نشط أو معزول، دون اتصال بالشبكة الافتراضية منذ أكثر من {days} يوما، أو لم يتصل قط: لا أحد يستطيع فحص هذا الجهاز.",
    ),
    "last_seen": _t("Last seen", "Dernière connexion", "آخر اتصال"),
    "quarantined_devices": _t("Devices in the quarantine lane", "Appareils en voie de quarantaine", "أجهزة في مسار العزل"),
    "quarantined_hint": _t(
        "Held in quarantine by the registry: the VPN lets them reach only the remediation services, until a posture check passes."
        " The failed controls are the reason the teleworker reads on the laptop (amane-access-status).",
        "En quarantaine dans le registre : le VPN ne leur ouvre que les services de remédiation, jusqu'à un contrôle de posture réussi."
        " Les contrôles en échec sont la raison que le télétravailleur lit sur le poste (amane-access-status).",
        "معزولة في السجل: لا تفتح لها الشبكة الافتراضية سوى خدمات المعالجة إلى أن ينجح فحص الوضعية."
        " الضوابط الفاشلة هي السبب الذي يقرؤه العامل عن بعد على الحاسوب (amane-access-status).",
    ),
    "quarantined_by_decision": _t(
        "No failed control recorded: quarantined by a registry decision (see the device's history).",
        "Aucun contrôle en échec enregistré : mis en quarantaine par une décision du registre (voir l'historique de l'appareil).",
        "لا ضابط فاشل مسجل: عُزل بقرار في السجل (انظر سجل الجهاز).",
    ),
    "days": _t("Days", "Jours", "أيام"),
    "never": _t("never", "jamais", "أبدا"),
    "waivers_expiring": _t("Waivers ending soon", "Dérogations bientôt échues", "استثناءات تنتهي قريبا"),
    "days_left": _t("Days left", "Jours restants", "الأيام المتبقية"),
    "remediation": _t("What to do", "Que faire", "ما العمل"),
}
