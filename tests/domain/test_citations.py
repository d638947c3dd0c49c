"""Citations read as their sources, never as seed numbers or English abbreviations."""

import re

import pytest

from correspondent_app.domain.citations import cite_label, cite_labels
from correspondent_app.domain.rules import decide


@pytest.mark.parametrize(("cite", "greek", "english"), [
    ("002 §1β", "εγκ. ΟΓΑ 7/2005, §1β", "OGA circular 7/2005, §1β"),
    ("002 ch. 3 §1α, §1β", "εγκ. ΟΓΑ 7/2005, κεφ. 3 §1α, §1β", "OGA circular 7/2005, ch. 3 §1α, §1β"),
    ("002 πριν από §1", "εγκ. ΟΓΑ 7/2005, πριν από §1", "OGA circular 7/2005, before §1"),
    ("001", "εγκ. ΥΠΕΣΔΔΑ 17/2006", "Ministry of the Interior circular 17/2006"),
    ("002 §2 ΠΡΟΣΟΧΗ; [policy] no-refund wording (003 item 7)", "εγκ. ΟΓΑ 7/2005, §2 ΠΡΟΣΟΧΗ · κανόνας της εφαρμογής",
     "OGA circular 7/2005, §2 ΠΡΟΣΟΧΗ; rule of this application (no-refund wording (OAEE circular (2015) item 7))"),
])
def test_labels(cite, greek, english):
    assert cite_label(cite, "el") == greek
    assert cite_label(cite, "en") == english


def test_every_citation_of_every_decision_reads_in_greek():
    for facts in ({"provision": "par10", "oga_status": s, "works_in_agriculture": True}
                  for s in ("active", "interrupted", "pending", "never")):
        labels = cite_labels(decide(facts).citations, "el")
        assert labels and len(labels) == len(set(labels))
        for label in labels:
            assert not re.search(r"\b\d{3}\b|\bch\.|policy", label), label

