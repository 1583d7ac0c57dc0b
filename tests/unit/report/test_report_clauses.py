"""Guide clause texts and report labels exist in English, French and Arabic."""

import os
import re


from ansible_collections.amane.telework.plugins.module_utils.audit.guide_clauses import CLAUSES, clause_text
from ansible_collections.amane.telework.plugins.plugin_utils.report_i18n import STRINGS

# The guide's copy kept in the repository (docs/telework-guide.md), so the test runs wherever the
# checkout does; AMANE_GUIDE points at another copy to compare with.
GUIDE = os.environ.get("AMANE_GUIDE", os.path.join(os.path.dirname(__file__), "..", "..", "..", "docs", "telework-guide.md"))
ARABIC = re.compile(u"[\u0600-\u06ff]")
# IDs as the guide writes them at the start of a bullet: "- S4 Lock ...", "  - M9a operating ..."
GUIDE_ID = re.compile(r"^\s*-\s+(T-PARTIAL|T-FULL|[CAESM]\d{1,2}[a-c]?)\b", re.M)


def test_every_clause_has_three_languages_and_arabic_script():
    for clause_id, texts in CLAUSES.items():
        assert set(texts) == {"en", "fr", "ar"}, clause_id
        assert all(texts[lang].strip() for lang in texts), clause_id
        assert ARABIC.search(texts["ar"]), clause_id
        assert not ARABIC.search(texts["fr"]) and not ARABIC.search(texts["en"]), clause_id


def test_every_clause_of_the_guide_is_known_with_its_english_text():
    with open(GUIDE, encoding="utf-8") as handle:
        guide = handle.read()
    # E1-E5 share one paragraph; M2, M3 and M6 follow M1 and M5 on their bullet
    ids = set(GUIDE_ID.findall(guide)) | {"E1", "E2", "E3", "E4", "E5", "M2", "M3", "M6"}
    assert ids - set(CLAUSES) == set()
    assert set(CLAUSES) - ids == set()
    flat = " ".join(guide.split()).casefold()
    for clause_id in ("S4", "M9b", "A9", "M10", "A3", "A17", "M7"):
        assert CLAUSES[clause_id]["en"].rstrip(".").split(" (")[0].casefold() in flat, clause_id


def test_clause_text_falls_back():
    assert clause_text("S4", "ar").startswith("إقفال جلسات الحاسوب")
    assert clause_text("Z99", "fr") == "Z99"


def test_every_report_label_in_three_languages():
    for key, texts in STRINGS.items():
        assert set(texts) == {"en", "fr", "ar"} and all(texts.values()), key
        assert ARABIC.search(texts["ar"]), key
