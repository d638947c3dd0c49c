"""Citations as a reader sees them.

Rules data cites its sources by seed file and section ("002 §1β",
"002 ch. 3 §1α", "[policy] ..."): exact and short, for developers and tests.
A clerk, an applicant or a Labour Directorate officer reads the source
itself: «εγκ. ΟΓΑ 7/2005, κεφ. 3 §1α». ``cite_label`` turns the one into the
other, so no seed number or English abbreviation reaches a screen or a
document.
"""

from __future__ import annotations

import re

#: The seed files (shared/seeds/NNN_*.txt) by the text they hold.
SOURCES = {
    "000": {"el": "εγκ. Υπ. Μετανάστευσης & Ασύλου (2025)", "en": "Ministry of Migration circular (2025)"},
    "001": {"el": "εγκ. ΥΠΕΣΔΔΑ 17/2006", "en": "Ministry of the Interior circular 17/2006"},
    "002": {"el": "εγκ. ΟΓΑ 7/2005", "en": "OGA circular 7/2005"},
    "003": {"el": "εγκ. ΟΑΕΕ (2015)", "en": "OAEE circular (2015)"},
    "004": {"el": "εγκ. ΙΚΑ 78/2003", "en": "IKA circular 78/2003"},
}
POLICY = {"el": "κανόνας της εφαρμογής", "en": "rule of this application"}
_WORDS = {"el": ((r"\bch\. ", "κεφ. "),),
          "en": ((r"πριν από", "before"),)}
_SEED = re.compile(r"\b(\d{3})\b")


def cite_label(cite: str, language: str = "el") -> str:
    """«002 ch. 3 §1α» -> «εγκ. ΟΓΑ 7/2005, κεφ. 3 §1α»; a [policy] choice says so.

    Several sources joined by ";" are labelled one by one, and joined as the
    language writes a list (Greek «·», since «;» is the Greek question mark).
    """
    joiner = "; " if language == "en" else " · "
    return joiner.join(_one(part.strip(), language) for part in cite.split(";") if part.strip())


def cite_labels(cites, language: str = "el") -> list[str]:
    """Labels of several citations, each once, in their order."""
    return list(dict.fromkeys(cite_label(c, language) for c in cites if c))


def _one(cite: str, language: str) -> str:
    lang = "en" if language == "en" else "el"
    if cite.startswith("[policy]"):
        # The reason of a policy is written in English in the rules file: Greek readers get the label alone.
        rest = cite[len("[policy]"):].strip()
        if lang == "el" or not rest:
            return POLICY[lang]
        detail = _SEED.sub(lambda m: SOURCES.get(m.group(1), {}).get(lang, m.group(1)), rest)
        return f"{POLICY[lang]} ({detail})"
    match = _SEED.match(cite)
    if not match or match.group(1) not in SOURCES:
        return cite
    rest = cite[match.end():].strip()
    source = SOURCES[match.group(1)][lang]
    return f"{source}, {_words(rest, lang)}" if rest else source


def _words(text: str, lang: str) -> str:
    for pattern, replacement in _WORDS[lang]:
        text = re.sub(pattern, replacement, text)
    return text
