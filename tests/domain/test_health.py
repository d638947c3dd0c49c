"""002 ch. 4: booklets valid until 31-5-2006, certificate and residence document needed."""

from datetime import date

import pytest

from correspondent_app.domain.health import booklet_eligibility

CATS = ["1α", "1β", "1γ", "1δ", "2"]
DOCS = ["permit", "complete_dossier", "incomplete_dossier", "none"]


@pytest.mark.parametrize("category", CATS)
@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("certificate", [True, False])
def test_every_row(category, doc, certificate):
    r = booklet_eligibility(category, has_certificate=certificate, residence_document=doc)
    expected = certificate and doc in ("permit", "complete_dossier")
    assert r.eligible is expected
    assert r.valid_until == (date(2006, 5, 31) if expected else None)
    assert r.citations == ("002 ch. 4",)
    text = " ".join(r.reasons)
    if not certificate:
        assert f"model {1 if category == '1α' else 3}" in text
    if doc == "incomplete_dossier":
        assert "never qualifies" in text


def test_unknown_values():
    with pytest.raises(ValueError):
        booklet_eligibility("3", has_certificate=True, residence_document="permit")
    with pytest.raises(ValueError):
        booklet_eligibility("1β", has_certificate=True, residence_document="visa")
