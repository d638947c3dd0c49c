"""The findings across villages said in Greek, for the report PDF.

A finding is stored with the English text the merge made (``hq_finding_texts``): the command line and
findings.csv show it so. The report PDF is Greek throughout, so its list of findings says them again in
Greek, reading back the values of those same templates, with dates as a Greek reader writes them. A text
that matches no template (one made by a later version, or a problem this module does not know) is shown as
stored, whole: never half translated.
"""

from __future__ import annotations

import re
from datetime import date

from correspondent_app.domain.formatting import format_date

_RECEIPT = re.compile(r"ATE receipt (?P<code>\S+) used in (?P<where>.+)", re.DOTALL)
_NAMES = re.compile(r"possibly the same person \(names and birth date: (?P<shown>.*), born (?P<birth>[^,()]*)\) "
                    r"holds certificates in (?P<where>.+)", re.DOTALL)
_SAME = re.compile(r"same (?P<label>passport|AMKA) (?P<value>\S+) holds certificates in (?P<where>.+)", re.DOTALL)
_PROTOCOL = re.compile(r"(?P<village>.+) protocol (?P<year>\S+): (?P<problems>.+)", re.DOTALL)
_SAME_LABELS = {"passport": "Ίδιο διαβατήριο", "AMKA": "Ίδιος ΑΜΚΑ"}

#: One problem of a protocol book (``protocol_problems``) -> its Greek wording.
_PROBLEMS = (
    (re.compile(r"numbers (?P<r>\S+) missing at the start of the year"),
     lambda m: f"{_missing(m['r'])} στην αρχή του έτους"),
    (re.compile(r"number (?P<n>\d+) used twice"), lambda m: f"ο αριθμός {m['n']} δόθηκε δύο φορές"),
    (re.compile(r"numbers (?P<r>\S+) missing"), lambda m: _missing(m["r"])),
    (re.compile(r"no\. (?P<n>\d+) dated (?P<d>\S+), before no\. (?P<p>\d+) dated (?P<pd>\S+)"),
     lambda m: f"ο αρ. {m['n']} έχει ημερομηνία {_day(m['d'])}, πριν από τον αρ. {m['p']} ({_day(m['pd'])})"),
    (re.compile(r"certificate no\. (?P<n>\d+) has no entry in the protocol book HQ holds"),
     lambda m: f"η βεβαίωση αρ. {m['n']} δεν έχει εγγραφή στο πρωτόκολλο που έχει η Διοίκηση"),
    (re.compile(r"… and (?P<n>\d+) more"), lambda m: f"… και {m['n']} ακόμη"),
)


def _missing(span: str) -> str:
    """«λείπουν οι αριθμοί 10–11», or «λείπει ο αριθμός 14» for one number."""
    return f"λείπουν οι αριθμοί {span}" if "–" in span else f"λείπει ο αριθμός {span}"


def _day(text: str) -> str:
    """A date YYYY-MM-DD as 18/03/1950 (Babel); anything else as it is."""
    try:
        return format_date(date.fromisoformat(text), "el")
    except ValueError:
        return text


def in_greek(text: str) -> str:
    """The finding's text in Greek, or ``text`` itself when it is none of the checks' templates."""
    if m := _RECEIPT.fullmatch(text):
        return f"Το γραμμάτιο ΑΤΕ {m['code']} καταχωρίστηκε σε: {m['where']}"
    if m := _NAMES.fullmatch(text):
        return (f"Πιθανώς το ίδιο πρόσωπο (ονοματεπώνυμο και ημερομηνία γέννησης: {m['shown']}, "
                f"γεν. {_day(m['birth'])}) έχει βεβαιώσεις σε: {m['where']}")
    if m := _SAME.fullmatch(text):
        return f"{_SAME_LABELS[m['label']]} {m['value']} με βεβαιώσεις σε: {m['where']}"
    if m := _PROTOCOL.fullmatch(text):
        problems = []
        for problem in m["problems"].split("; "):
            said = next((say(found) for pattern, say in _PROBLEMS if (found := pattern.fullmatch(problem))), None)
            if said is None:
                return text
            problems.append(said)
        return f"{m['village']}, πρωτόκολλο {m['year']}: {'· '.join(problems)}"
    return text
