"""Certificates issued through the registry, read back from the real PDF."""

import pytest

from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.domain.formatting import format_eur

from .conftest import FACTS, check_with_clients, font_names, paid_case, pages_text

MARKS = ["ΠΡΩΤΟΤΥΠΟ", "ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ", "ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ"]


@pytest.mark.parametrize("category", ["1β", "1γ", "1δ", "2"])
def test_model3_in_triplicate(registry, category, tmp_path):
    case = paid_case(registry, category)
    cert = issue_certificate(registry, case.id)
    pdf = registry.certificates.pdf(cert.id)
    pages = pages_text(pdf)
    assert len(pages) == 3
    for mark, text in zip(MARKS, pages, strict=True):
        assert mark in text
        assert f"Αρ. Πρωτ.: {cert.protocol}" in text
        assert "ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ" in text
        assert format_eur(case.amount, "el").replace("\xa0", " ") in text
        assert "0623/300605/129009" in text and "Κατάστημα ΑΤΕ 0623" in text and "αριθμός πράξης 129009" in text
        assert "Χότζα" in text and "HOXHA ARBEN" in text and "Αλβανία" in text
        assert cert.verification_code in text
    assert "Συνημμένα" in pages[2] and "Συνημμένα" not in pages[0]
    labour = "Δ/νσης Εργασίας" in pages[2]
    assert labour == (FACTS[category]["provision"] == "par10")  # par. 11 has no Labour Directorate paper
    assert not any(f in name for name in font_names(pdf) for f in ("Symbol", "ZapfDingbats", "Helvetica"))
    check_with_clients(pdf, tmp_path)


def test_words_years_and_wording(registry):
    pages_b = pages_text(registry.certificates.pdf(issue_certificate(registry, paid_case(registry, "1β").id).id))
    assert "επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά" in pages_b[0]
    assert "2 έτη" in pages_b[0] and "Καταβολή εισφορών" in pages_b[0]
    assert "επανεγγραφή" in pages_b[0]
    pages_2 = pages_text(registry.certificates.pdf(
        issue_certificate(registry, paid_case(registry, "2", code="0623/300605/129010").id).id))
    assert "1 έτος" in pages_2[0] and "Αναγνωριζόμενος χρόνος ασφάλισης" in pages_2[0]
    assert "παρ. 11" in pages_2[0] and "Δήμο" in pages_2[0]


def test_model1_for_1alpha(registry, tmp_path):
    cert = issue_certificate(registry, paid_case(registry, "1α").id)
    pdf = registry.certificates.pdf(cert.id)
    (text,) = pages_text(pdf)
    assert "ΒΕΒΑΙΩΣΗ ΑΣΦΑΛΙΣΤΙΚΗΣ ΕΝΗΜΕΡΟΤΗΤΑΣ" in text and "ΕΛΤΑ" in text and "312,40" in text
    assert cert.model == 1
    check_with_clients(pdf, tmp_path)


def test_stored_bytes_are_what_a_reprint_gives(registry):
    cert = issue_certificate(registry, paid_case(registry, "1δ").id)
    first = registry.certificates.pdf(cert.id)
    registry.certificates.log_print(cert.id, 1, reprint=True)
    assert registry.certificates.pdf(cert.id) == first
    assert registry.db.execute("SELECT pdf_sha256 FROM certificates WHERE id = ?", [cert.id]).fetchone()[0]


@pytest.mark.parametrize("category", ["1δ", "1α"])
def test_a_reissued_certificate_names_the_voided_one(registry, category):
    case = paid_case(registry, category)
    first = issue_certificate(registry, case.id)
    assert "Αντικαθιστά" not in " ".join(pages_text(registry.certificates.pdf(first.id)))
    registry.certificates.void(first.id, "Λάθος στο όνομα")
    second = issue_certificate(registry, case.id)
    pages = pages_text(registry.certificates.pdf(second.id))
    line = f"Αντικαθιστά την υπ' αριθ. πρωτ. {first.protocol} βεβαίωση, που ακυρώθηκε."
    assert all(line in page for page in pages) and second.protocol != first.protocol


def test_model3_for_category_2_says_which_ground_applies(registry):
    special = {"provision": "par11", "works_in_agriculture": False, "special_residence_reason_without_insurer": True}
    agriculture = pages_text(registry.certificates.pdf(issue_certificate(registry, paid_case(registry, "2").id).id))[0]
    assert "και ότι απασχολείται στην αγροτική οικονομία (περίπτωση 2" in agriculture
    assert "ειδικό λόγο" not in agriculture
    from correspondent_app.documents import model3
    from correspondent_app.documents.specimens import sample_context
    from correspondent_app.domain.rules import decide
    from dataclasses import replace

    text = pages_text(model3.render(replace(sample_context("2"), decision=decide(special))))[0]
    assert "ειδικό λόγο διαμονής στη χώρα, δεν υπάγεται σε ασφαλιστικό φορέα" in text
    assert "απασχολείται στην αγροτική οικονομία" not in text
