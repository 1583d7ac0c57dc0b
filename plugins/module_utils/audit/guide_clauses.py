# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every clause of the telework guide, by ID, in English, French and Arabic.

Reports show the clause a control serves next to its status, in the reader's language.
English is the project's working translation (shared/guide/telework-guide.md); Arabic is the
original text of the guide (shared/seeds/telework-guide-ar.txt), quoted; French is a
translation of the English that keeps the guide's own French terms ("verrouillage des
sessions", "Déconnexion", "Journalisation ...").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

LANGUAGES = ("en", "fr", "ar")


def _c(en, fr, ar):
    return {"en": en, "fr": fr, "ar": ar}


CLAUSES = {
    # 1.2 kinds of telework
    "T-PARTIAL": _c(
        "Partial telework: time split between office and remote site, by hours per day or days per week or month, on the administration's instruction.",
        "Télétravail partiel : temps partagé entre le bureau et le site distant, en heures par jour ou en jours par semaine ou par mois, sur instruction de l'administration.",
        "العمل عن بعد بشكل جزئي: حيث يمكن للموظف، بناء على تعليمات من إدارته، تقسيم وقت عمله بين مقر العمل الرئيسي ومكان العمل عن بعد، وقد يكون ذلك بتحديد عدد الساعات في اليوم أو عدد الأيام في الأسبوع أو في الشهر.",
    ),
    "T-FULL": _c(
        "Full telework, for jobs that can be done entirely away from the office.",
        "Télétravail complet, pour les emplois qui peuvent être exercés entièrement hors du bureau.",
        "العمل عن بعد بشكل كلي: يهم الوظائف أو المهام التي يمكن تأديتها بشكل كلي من خارج مقر العمل الرسمي.",
    ),
    # 3. rules of telework
    "C1": _c(
        "The administration sets telework hours or days.",
        "L'administration fixe les heures ou les jours de télétravail.",
        "تحديد ساعات أو أيام العمل عن بعد من قبل الإدارة.",
    ),
    "C2": _c(
        "A minimum of staff and of public service stays on site.",
        "Un minimum de personnel et de service public est maintenu sur place.",
        "وجوب الحفاظ على حد أدنى من الموظفين في الإدارات العمومية، ومن الخدمة العمومية.",
    ),
    "C3": _c(
        "Telework periods may differ from official working hours when circumstances require.",
        "Les périodes de télétravail peuvent différer des horaires officiels lorsque les circonstances l'exigent.",
        "إمكانية اعتماد فترات للعمل عن بعد مختلفة عن أوقات العمل الرسمية، إذا اقتضت الظروف الطارئة والمصلحة ذلك.",
    ),
    "C4": _c(
        "The administration may require an employee to telework.",
        "L'administration peut imposer le télétravail à un agent.",
        "إمكانية إلزام الإدارة للموظف للعمل عن بعد.",
    ),
    "C5": _c(
        "Telework may be ended by the administration or at the employee's request.",
        "Il peut être mis fin au télétravail par l'administration ou à la demande de l'agent.",
        "إمكانية إنهاء العمل عن بعد، من طرف الإدارة، أو بطلب من الموظف.",
    ),
    "C6": _c(
        "All regulations in force apply to the teleworker.",
        "Toute la réglementation en vigueur s'applique au télétravailleur.",
        "تطبيق جميع المقتضيات الجاري بها العمل على الموظف الذي يعمل عن بعد.",
    ),
    "C7": _c(
        "The teleworker is evaluated periodically.",
        "Le télétravailleur est évalué périodiquement.",
        "خضوع الموظف الذي يعمل عن بعد لتقييم دوري وفقا للمقتضيات الجاري بها العمل.",
    ),
    "C8": _c(
        "The employee prepares a suitable remote work environment meeting security requirements.",
        "L'agent aménage un environnement de travail à distance adapté, conforme aux exigences de sécurité.",
        "وجوب تجهيز الموظف لبيئة عمل مناسبة في مكان عمله عن بعد، تتوفر فيها مقومات النجاح وتساعد على تحقيق النتائج المحددة وجودة الإنجاز وتراعى متطلبات الأمن والسلامة المهنية.",
    ),
    "C9": _c(
        "The teleworker respects the conditions and rules set by the administration.",
        "Le télétravailleur respecte les conditions et les règles fixées par l'administration.",
        "التزام الموظف الذي يعمل عن بعد باحترام الشروط والضوابط التي تحددها الإدارة.",
    ),
    # 5.1 obligations of the administration
    "A1": _c(
        "Provide the technical and technological means needed for telework.",
        "Fournir les moyens techniques et technologiques nécessaires au télétravail.",
        "توفير الوسائل التقنية والتكنولوجية اللازمة لإنجاز العمل عن بعد.",
    ),
    "A2": _c(
        "Apply DGSSI instructions and the DNSSI, to protect sovereign information and keep systems running.",
        "Appliquer les instructions de la DGSSI et la DNSSI, pour protéger l'information souveraine et assurer le fonctionnement des systèmes.",
        "الالتزام بالتعليمات الصادرة عن المديرية العامة لأمن نظم المعلومات وبالتوجيهات الوطنية لأمن نظم المعلومات موضوع منشور رئيس الحكومة رقم 2014/03 للرفع من القدرات الوقائية والعملية لبلادنا لضمان حماية وسلامة المعلومات السيادية، وضمان التشغيل الأمثل لنظم المعلومات.",
    ),
    "A3": _c(
        "Apply law 09.08 on personal data.",
        "Appliquer la loi 09.08 relative aux données à caractère personnel.",
        "الالتزام بمقتضيات القانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي.",
    ),
    "A4": _c(
        "Apply DGSSI note 24100304/20 on telework cybersecurity.",
        "Appliquer la note DGSSI 24100304/20 sur la cybersécurité du télétravail.",
        "الالتزام بالتوصيات الواردة في المذكرة رقم 24100304/20، الصادرة عن المديرية العامة لأمن نظم المعلومات -إدارة الدفاع الوطني-، حول الأمن السيبراني المتعلقة بالعمل عن بعد.",
    ),
    "A5": _c(
        "Establish a business continuity plan (PCA).",
        "Établir un plan de continuité d'activité (PCA).",
        "وضع خطة استمرارية العمل (PCA: Plan de continuité d'activité).",
    ),
    "A7": _c(
        "Use electronic signature on administrative documents (law 53.05).",
        "Utiliser la signature électronique sur les documents administratifs (loi 53.05).",
        "اعتماد التوقيع الإلكتروني على الوثائق الإدارية طبقا للقانون رقم 53.05 المتعلق بالتبادل الإلكتروني للمعطيات القانونية.",
    ),
    "A8": _c(
        "Ensure secure access to the data and platforms opened for telework.",
        "Garantir un accès sécurisé aux données et aux plateformes ouvertes au télétravail.",
        "ضمان الولوج الآمن للبيانات والمنصات المفتوحة للعمل عن بعد.",
    ),
    "A9": _c(
        "The unit in charge of information systems backs up all databases and information systems.",
        "L'entité chargée des systèmes d'information sauvegarde toutes les bases de données et tous les systèmes d'information.",
        "التزام الجهة المكلفة بالأنظمة المعلوماتية بالنسخ الاحتياطي لمختلف قواعد البيانات والأنظمة المعلوماتية.",
    ),
    "A10": _c(
        "Ensure protection and continuity of the systems opened for telework and of the resources given to teleworkers.",
        "Assurer la protection et la continuité des systèmes ouverts au télétravail et des ressources mises à disposition des télétravailleurs.",
        "ضمان حماية واستمرارية الأنظمة المعلوماتية المفتوحة للعمل عن بعد، وكذا الموضوعات رهن إشارة الموظفين الذين يشتغلون عن بعد.",
    ),
    "A11": _c(
        "Provide technical means to protect data exchanged electronically.",
        "Fournir les moyens techniques de protéger les données échangées par voie électronique.",
        "توفير الوسائل التقنية لحماية البيانات المتبادلة إلكترونياً.",
    ),
    "A12": _c(
        "Provide technical support and assistance to teleworkers.",
        "Fournir un support et une assistance technique aux télétravailleurs.",
        "توفير الدعم والمساعدة التقنية للعاملين عن بعد.",
    ),
    "A13": _c(
        "Regulate the specific access privileges granted for telework.",
        "Encadrer les privilèges d'accès spécifiques accordés pour le télétravail.",
        "تقنين الصلاحيات الخاصة لولوج الأنظمة لإنجاز العمل عن بعد.",
    ),
    "A14": _c(
        "Plan videoconferences in advance through secure tools; record a meeting only after informing participants and asking their permission.",
        "Planifier les visioconférences à l'avance avec des outils sécurisés ; n'enregistrer une réunion qu'après en avoir informé les participants et obtenu leur accord.",
        "برمجة وإعداد وتجهيز الاجتماعات عن بعد \"Visioconférence\" مسبقاً عبر الآليات والتطبيقات والوسائل التقنية الآمنة؛ إخبار وطلب الإذن المسبق من الحضور بتوثيق تسجيل صوتي أو مرئي أو هما معا للاجتماع، حفاظا على خصوصية الأفراد.",
    ),
    "A15": _c(
        "Inform teleworkers of data-protection rules; restrict use of the IT equipment provided.",
        "Informer les télétravailleurs des règles de protection des données ; restreindre l'usage du matériel informatique fourni.",
        "إخبار الموظفين المشتغلين عن بعد بالتدابير القانونية والقواعد الخاصة بكل إدارة وبالجهات المختصة المتعلقة بحماية المعطيات وسريتها؛ تقييد استعمال المعدات والأدوات المعلوماتية الموضوعة رهن إشارة الموظف.",
    ),
    "A16": _c(
        "Define how output is measured, with a schedule per activity and deliverable.",
        "Définir la mesure du rendement, avec un calendrier par activité et par livrable.",
        "تحديد آلية قياس مردودية الموظف ووضع جدولة زمنية محددة لكل نشاط ومخرج.",
    ),
    "A17": _c(
        "Track teleworkers electronically to check that they keep the set telework hours, their duties and their outputs.",
        "Suivre électroniquement les télétravailleurs pour vérifier le respect des horaires de télétravail fixés, de leurs obligations et de leurs livrables.",
        "تتبع الموظفين الذين يعملون عن بعد إلكترونيا من أجل التأكد من التزامهم بساعات العمل عن بعد المحددة، وتأدية واجباتهم وكذا مخرجات العمل.",
    ),
    "A18": _c(
        "A telework steering team: a person in charge, a multidisciplinary team (objectives, staff, technology, equipment), indicators, and a telework charter or policy defining duties and the rational, ethical use of the IT provided.",
        "Une équipe de pilotage du télétravail : un responsable, une équipe pluridisciplinaire (objectifs, personnel, technologie, équipements), des indicateurs, et une charte ou politique de télétravail définissant les obligations et l'usage rationnel et éthique de l'informatique fournie.",
        "تكوين فريق عمل للإشراف عن تدبير وتتبع العمل عن بعد: تعيين مسؤول عن تدبير وتتبع العمل عن بعد؛ تعيين فريق عمل متعدد الاختصاصات؛ اعتماد مؤشرات لتتبع العمل عن بعد؛ تهيئ واعتماد ميثاق أو سياسة العمل عن بعد والتي تحدد واجبات الإدارة والموظف، وشروط الاستعمال العقلاني والأخلاقي لتكنولوجيا المعلومات والاتصال.",
    ),
    "A19": _c(
        "An adoption plan: tasks that can be done remotely, list of proposed staff, training, needs in equipment, software and security systems, study of the infrastructure's capacity.",
        "Un plan d'adoption : tâches réalisables à distance, liste du personnel proposé, formation, besoins en équipements, logiciels et systèmes de sécurité, étude de la capacité de l'infrastructure.",
        "إعداد خطة تبني العمل عن بعد: تحديد المهام التي يمكن اسنادها للاشتغال عن بعد؛ تحديد لائحة الموظفين المقترحين؛ تكوين الموظفين المقترحين؛ تحديد الحاجيات من المعدات والبرامج والأنظمة الخاصة بأمن نظم المعلومات؛ دراسة مدى قدرة تحمل البنية التحتية للنظم المعلوماتية للإدارة.",
    ),
    "A20": _c(
        "Launch: awareness, training, communication, kick-off, support.",
        "Lancement : sensibilisation, formation, communication, démarrage, accompagnement.",
        "إطلاق برنامج العمل عن بعد من خلال: التحسيس والتكوين؛ التواصل عبر البريد الإلكتروني وصفحات الويب؛ عقد اجتماعات لإعطاء انطلاقة العمل عن بعد؛ تقديم الدعم والمواكبة والمساعدة التقنية.",
    ),
    "A21": _c(
        "Periodic evaluation by a committee with indicators; adjust the plan.",
        "Évaluation périodique par un comité, avec des indicateurs ; ajustement du plan.",
        "تقييم العمل عن بعد: تعيين لجنة يعهد إليها تقييم العمل عن بعد بصفة دورية ورفعها لرئيس الإدارة مع تحديد المؤشرات؛ إدخال بعض التعديلات على خطة العمل عن بعد المقترحة للوصول للأهداف والمؤشرات المتوخاة.",
    ),
    # 5.2 obligations of the employee: general
    "E1": _c(
        "Prior approval of telework by the administration.",
        "Accord préalable de l'administration pour le télétravail.",
        "الحصول على الموافقة المسبقة على العمل عن بعد من طرف الإدارة المعنية.",
    ),
    "E2": _c(
        "Deliver on time.",
        "Remettre le travail dans les délais.",
        "تسليم العمل المطلوب إنجازه في الأوقات المحدد.",
    ),
    "E3": _c(
        "Stay reachable.",
        "Rester joignable.",
        "ضمان سهولة التواصل والتفاعل مع المسؤولين وجميع الموظفين من خلال الرد على كافة المكالمات ورسائل البريد الإلكتروني الواردة عليه.",
    ),
    "E4": _c(
        "Come to the office when called.",
        "Se rendre au bureau en cas de convocation.",
        "الالتزام بالحضور إلى مقر العمل في حالة استدعائه.",
    ),
    "E5": _c(
        "Attend remote meetings with the secure applications provided, on time, muted unless speaking, taking notes.",
        "Participer aux réunions à distance avec les applications sécurisées fournies, à l'heure, micro coupé sauf pour parler, en prenant des notes.",
        "الاستجابة لحضور الاجتماعات عن بعد من خلال استخدام التطبيقات الآمنة الموضوعة رهن إشارته، والالتزام بوقت حضور الاجتماع، وكتم الصوت وعدم تفعيله إلا عند أخذ الكلمة، وتوثيق أهم النقاط التي تمت مناقشتها.",
    ),
    # 5.2 cybersecurity obligations
    "S1": _c(
        "Do not disable or circumvent the protection systems installed by the IT unit.",
        "Ne pas désactiver ni contourner les systèmes de protection installés par l'entité informatique.",
        "عدم تعطيل أو التحايل على أنظمة الحماية المثبتة بالحواسيب من طرف الوحدة المختصة بأنظمة المعلومات التابعة للإدارة.",
    ),
    "S2": _c(
        "Use a complex personal password for remote services; keep it secret.",
        "Utiliser un mot de passe personnel complexe pour les services à distance ; le garder secret.",
        "الالتزام باعتماد قن سري معقد خاص بالموظف للولوج لمختلف الخدمات عن بعد والحفاظ على سريته وعدم إفشائه للغير.",
    ),
    "S3": _c(
        "Do not download or install any system or software without the IT unit's permission.",
        "Ne télécharger ni n'installer aucun système ou logiciel sans l'autorisation de l'entité informatique.",
        "عدم تنزيل وتثبيت أية أنظمة أو برامج بالحاسوب الموضوع رهن إشارة الموظف إلا بإذن وتنسيق مع الوحدة المكلفة بأنظمة المعلومات بالإدارة.",
    ),
    "S4": _c(
        "Lock computer sessions when stopping work.",
        "Verrouiller les sessions de l'ordinateur à l'arrêt du travail (verrouillage des sessions).",
        "إقفال جلسات الحاسوب (verrouillage des sessions) عند التوقف عن العمل.",
    ),
    "S5": _c(
        "Disconnect the computer from all information systems.",
        "Déconnecter l'ordinateur de tous les systèmes d'information (Déconnexion).",
        "الالتزام بفك ارتباط الحاسوب عن جميع الأنظمة المعلوماتية \"Déconnexion\".",
    ),
    "S6": _c(
        "Shut the computer down as soon as work ends.",
        "Éteindre l'ordinateur dès la fin du travail.",
        "إيقاف تشغيل الحاسوب مباشرة عند الانتهاء من العمل.",
    ),
    "S7": _c(
        "Do not share sensitive files during videoconferences.",
        "Ne pas partager de fichiers sensibles pendant les visioconférences.",
        "تجنب تقاسم الملفات الحساسة خلال اجتماعات وجلسات الفيديو (Visioconférence).",
    ),
    "S8": _c(
        "Avoid personal USB keys; where one must be used, scan it with antivirus before use.",
        "Éviter les clés USB personnelles ; si l'une doit être utilisée, l'analyser avec l'antivirus avant usage.",
        "تجنب استعمال مفاتيح الشخصية من صنف USB، وإذا لزم الأمر ذلك، يجب فحصها عن طريق مكافحة الفيروسات قبل الاستخدام.",
    ),
    "S9": _c(
        "Do not connect the equipment to open, unknown or unsecured Wi-Fi networks.",
        "Ne pas connecter le matériel à des réseaux Wi-Fi ouverts, inconnus ou non sécurisés.",
        "تجنب توصيل الأجهزة الموضوعة رهن إشارة الموظف بشبكات Wi-Fi المفتوحة والغير المعروفة والغير المؤمنة.",
    ),
    "S10": _c(
        "Do not open files of untrusted origin; do not enable macros in documents from the internet.",
        "Ne pas ouvrir de fichiers d'origine non fiable ; ne pas activer les macros des documents venant d'internet.",
        "عدم فتح الملفات الغير الموثوقة المصدر، وعدم تنشيط وحدات الماكرو للمستندات المحملة من الانترنت.",
    ),
    "S11": _c(
        "Do not install COVID-19-themed applications on the computer or phone.",
        "Ne pas installer d'applications sur le thème de la COVID-19 sur l'ordinateur ou le téléphone.",
        "عدم تثبيت التطبيقات التي تخص مواضيع covid-19 على الحاسوب أو الهاتف المحمول.",
    ),
    "S12": _c(
        "Beware of e-mails and SMS about COVID-19 carrying links or attachments (phishing).",
        "Se méfier des courriels et SMS sur la COVID-19 contenant des liens ou des pièces jointes (hameçonnage).",
        "الانتباه وعدم فتح الرسائل الواردة عبر البريد الالكتروني أو الرسائل النصية SMS، والتي قد تتضمن معلومات أو ملفات مرفقة ذات صلة بموضوع كوفيد-19.",
    ),
    "S13": _c(
        "Change the default password of the home internet router; protect Wi-Fi with a complex password and WPA2-PSK encryption.",
        "Changer le mot de passe par défaut du routeur internet domestique ; protéger le Wi-Fi par un mot de passe complexe et le chiffrement WPA2-PSK.",
        "تغيير كلمة المرور الافتراضية لمعدات الوصول إلى الإنترنت (Mot de passe par défaut) ووضع كلمة مرور معقدة للولوج لشبكة Wi-Fi، من خلال اختيار تشفير WPA2-PSK الأكثر موثوقية.",
    ),
    "S14": _c(
        "Watch personal devices on the home Wi-Fi so they do not become an intrusion path.",
        "Surveiller les appareils personnels connectés au Wi-Fi domestique pour qu'ils ne deviennent pas une voie d'intrusion.",
        "الانتباه للأجهزة الشخصية المتصلة بشبكة Wi-Fi مثل الهواتف الذكية أو غيرها حتى لا تكون مصدر اختراقات مفترضة.",
    ),
    "S15": _c(
        "Keep information, data and documents confidential.",
        "Préserver la confidentialité des informations, des données et des documents.",
        "الالتزام بالمحافظة على سرية المعلومات والبيانات والوثائق والمستندات الموضوعة رهن إشارة الموظف.",
    ),
    "S16": _c(
        "Keep the work schedule set by the administration and confirm start and end times.",
        "Respecter l'horaire de travail fixé par l'administration et confirmer les heures de début et de fin.",
        "الالتزام بجدول العمل المقرر من طرف الإدارة وتأكيد مواعيد بدء وانتهاء العمل.",
    ),
    "S17": _c(
        "Preserve the equipment provided; no private use.",
        "Préserver le matériel fourni ; aucun usage privé.",
        "الالتزام بالمحافظة على الموارد والمعدات والوسائل التكنولوجية الموضوعة رهن إشارته وعدم استخدامها في استعمالات أو أغراض أخرى خاصة.",
    ),
    "S18": _c(
        "Do not save data on disks or USB keys, nor send it to personal e-mail, nor leak it.",
        "Ne pas enregistrer de données sur des disques ou des clés USB, ni les envoyer vers une messagerie personnelle, ni les divulguer.",
        "عدم حفظ البيانات والمعطيات المتاحة للموظف على أقراص أو مفاتيح \"USB\"، وكذا عدم إرسالها للبريد الشخصي أو تسريبها لجهة معينة.",
    ),
    "S19": _c(
        "Report every security incident to the IS security unit: data theft, lost password, malware installed.",
        "Signaler tout incident de sécurité à l'entité chargée de la sécurité des SI : vol de données, perte de mot de passe, logiciel malveillant installé.",
        "اخبار الوحدة المكلفة بأمن نظم المعلومات بأي طارئ أو حادث يهم أمن نظم المعلومات: سرقة البيانات، ضياع القن السري، تثبيت برامج خبيثة.",
    ),
    "S20": _c(
        "Return all equipment when the telework period ends.",
        "Restituer tout le matériel à la fin de la période de télétravail.",
        "التزام الموظف بإرجاع جميع المعدات والوسائل التكنولوجية الموضوعة رهن إشارته عند الانتهاء فترة العمل عن بعد.",
    ),
    "S21": _c(
        "Follow the directions of those in charge of information systems and their security.",
        "Suivre les directives des responsables des systèmes d'information et de leur sécurité.",
        "الالتزام بتوجيهات المسؤولين عن نظم المعلومات وأمنها.",
    ),
    # 6. implementation mechanisms
    "M1": _c("Laptops.", "Ordinateurs portables.", "حواسيب محمولة."),
    "M2": _c("Professional e-mail.", "Messagerie professionnelle.", "بريد إلكتروني مهني."),
    "M3": _c("Internet connectivity.", "Connexion à internet.", "شبكة الاتصال عبر الانترنت."),
    "M4": _c(
        "Protection systems ensuring security and confidentiality of information, to the cybersecurity standards set by the DGSSI.",
        "Des systèmes de protection garantissant la sécurité et la confidentialité de l'information, selon les normes de cybersécurité fixées par la DGSSI.",
        "أنظمة الحماية، بما يضمن أمن وسرية المعلومات ومعايير الأمن السيبراني التي تحددها المديرية العامة لأمن نظم المعلومات.",
    ),
    "M5": _c(
        "Software and collaborative work tools.",
        "Logiciels et outils de travail collaboratif.",
        "البرمجيات وأدوات العمل الجماعي \"Outils de travail collaboratif\".",
    ),
    "M6": _c(
        "Secure videoconference tools.",
        "Outils de visioconférence sécurisés.",
        "توفير الآليات والتطبيقات والوسائل التقنية الآمنة لعقد الاجتماعات عن بعد بالصوت والصورة \"Visioconférence\".",
    ),
    "M7": _c(
        "A virtual private network (VPN) connecting teleworkers' devices to the secure network.",
        "Un réseau privé virtuel (VPN) reliant les appareils des télétravailleurs au réseau sécurisé.",
        "اعتماد الشبكة الافتراضية الخاصة (VPN) لربط أجهزة الموظفين المشتغلين عن بعد بالشبكة الآمنة.",
    ),
    "M8": _c(
        "Commission the platforms and information systems (security acceptance) before opening them to telework.",
        "Réceptionner les plateformes et systèmes d'information (homologation de sécurité) avant de les ouvrir au télétravail.",
        "إنجاز افتتاح المنصات والأنظمة المعلوماتية قبل توجيهها للعمل عن بعد.",
    ),
    "M9": _c(
        "Personal computers (BYOD) are allowed after coordination with the IS security unit, only if the conditions M9a to M9c hold.",
        "Les ordinateurs personnels (BYOD) sont autorisés après coordination avec l'entité chargée de la sécurité des SI, seulement si les conditions M9a à M9c sont remplies.",
        "السماح للموظفين المشتغلين عن بعد باستخدام الحواسيب الشخصية، بعد التنسيق مع الوحدة المكلفة بأمن نظم المعلومات للإدارة، شريطة توفر هذه الحواسيب على مجموعة من المعايير والشروط لتأمين الربط بالشبكة الآمنة من أجل حماية المعطيات.",
    ),
    "M9a": _c(
        "Operating system and antivirus are genuine and up to date, and the web browser is up to date.",
        "Le système d'exploitation et l'antivirus sont authentiques et à jour, et le navigateur web est à jour.",
        "نظامي التشغيل ومضادات الفيروسات أصليين ومحدثين، متصفح الويب محدث.",
    ),
    "M9b": _c(
        "No intrusion (\"hacking\") tools or similar are installed.",
        "Aucun outil d'intrusion (« piratage ») ou similaire n'est installé.",
        "عدم تثبيت أنظمة الاختراق وما شابهها بالحاسوب الشخصي.",
    ),
    "M9c": _c(
        "The employee's work data is not stored on the personal computer.",
        "Les données de travail de l'agent ne sont pas stockées sur l'ordinateur personnel.",
        "عدم حفظ البيانات والمعطيات المتاحة للموظف بالحاسوب الشخصي.",
    ),
    "M10": _c(
        "The IS security unit and the technical service verify that all conditions are met before a computer is connected to the network, so that the connection is trusted and secure.",
        "L'entité chargée de la sécurité des SI et le service technique vérifient que toutes les conditions sont remplies avant qu'un ordinateur soit connecté au réseau, pour une connexion de confiance et sécurisée.",
        "تأكد الجهة المكلفة بأمن نظم المعلومات والمصلحة التقنية بالإدارة من توفر جميع الشروط والمعايير لربط الحواسيب بالشبكة بطريقة موثوقة آمنة.",
    ),
    "M11": _c(
        "Technical support before and during telework, checking that the agreed standards hold and that systems stay sound.",
        "Un support technique avant et pendant le télétravail, qui vérifie que les normes convenues sont respectées et que les systèmes restent sains.",
        "توفير الدعم والمساعدة التقنية للعاملين عن بعد قبل انطلاق العمل وخلاله للتأكد من احترام المعايير والشروط المتفق عليها، وكذا السهر على سلامة الأنظمة المعلوماتية.",
    ),
    "M12": _c(
        "Technical mechanisms to monitor telework (M12a, M12b).",
        "Des mécanismes techniques de suivi du télétravail (M12a, M12b).",
        "وضع الآليات التقنية الضرورية لتتبع العمل عن بعد.",
    ),
    "M12a": _c(
        "Keep operating systems, antivirus, web browsers... of these computers up to date.",
        "Maintenir à jour les systèmes d'exploitation, antivirus, navigateurs web... de ces ordinateurs.",
        "السهر على تحديث أنظمة التشغيل، أنظمة مضادات الفيروسات، متصفح الويب،...، لهذه الحواسيب.",
    ),
    "M12b": _c(
        "Journaling of databases and systems to verify the operations that teleworkers perform and their respect of the agreed conditions.",
        "Journalisation des bases de données et des systèmes, pour vérifier les opérations effectuées par les télétravailleurs et leur respect des conditions convenues.",
        "تتبع سجلات الأنظمة والبيانات المخزنة \"Journalisation des bases de données et des systèmes\" للتأكد من العمليات التي يقوم بها المشتغلين عن بعد ومدى احترامها للشروط والمعايير المتفق عليها.",
    ),
    "M13": _c(
        "Adapt work requirements to tasks, jobs and health situations.",
        "Adapter les exigences du travail aux tâches, aux emplois et aux situations de santé.",
        "تكييف متطلبات العمل بما يتلاءم وطبيعة المهام والوظائف والحالات الصحية.",
    ),
    "M14": _c(
        "Encourage citizens to use online services.",
        "Encourager les usagers à utiliser les services en ligne.",
        "التركيز على تشجيع المرتفقين من الاستفادة من الخدمات الإدارية عبر الخط كبديل عن الزيارات الشخصية لمقرات الإدارات.",
    ),
    "M15": _c(
        "Make sure teleworkers have and use all technical and communication means.",
        "S'assurer que les télétravailleurs disposent de tous les moyens techniques et de communication et les utilisent.",
        "التأكد من توفير واستخدام كافة الوسائط التقنية والتواصلية من طرف الموظفين المعنيين بالعمل عن بعد.",
    ),
    "M16": _c(
        "Prepare and sign a commitment (telework charter) between administration and employee stating the conditions, rules and obligations of each side.",
        "Préparer et signer un engagement (charte de télétravail) entre l'administration et l'agent, fixant les conditions, règles et obligations de chaque partie.",
        "إعداد وتوقيع التزام (ميثاق العمل عن البعد) بين الإدارة والموظف يحدد الشروط والضوابط والالتزامات الواجب على كل طرف التقيد بها.",
    ),
}


def clause_text(clause_id, language="en"):
    """Text of ``clause_id`` in ``language``; the ID itself when the clause is unknown."""
    entry = CLAUSES.get(clause_id)
    if entry is None:
        return clause_id
    return entry.get(language) or entry["en"]
