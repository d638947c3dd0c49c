"""Every document as a specimen: embedded fonts, qpdf-clean, Greek text, ΔΕΙΓΜΑ mark."""

import subprocess
import sys

import pytest

from correspondent_app.documents.catalog import NAMES, specimen

from .conftest import check_with_clients, font_names, pages_text

EXPECTED_PAGES = {"model3": 3, "applicant-note": 2}
TITLES = {
    "model3": "ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ",
    "model1": "ΒΕΒΑΙΩΣΗ ΑΣΦΑΛΙΣΤΙΚΗΣ ΕΝΗΜΕΡΟΤΗΤΑΣ",
    "bank-form": "ΕΝΤΥΠΟ ΚΑΤΑΒΟΛΗΣ ΣΤΗΝ ΑΤΕ",
    "declaration": "ΥΠΕΥΘΥΝΗ ΔΗΛΩΣΗ",
    "registration-sheet": "ΣΤΟΙΧΕΙΑ ΔΕΛΤΙΟΥ ΑΠΟΓΡΑΦΗΣ",
    "transmittal": "ΔΙΑΒΙΒΑΣΤΙΚΟ",
    "applicant-note": "ΣΗΜΕΙΩΜΑ ΓΙΑ ΤΟΝ ΕΝΔΙΑΦΕΡΟΜΕΝΟ",
}


@pytest.mark.parametrize("name", NAMES)
def test_specimen(name, tmp_path):
    pdf = specimen(name)
    pages = pages_text(pdf)
    assert len(pages) == EXPECTED_PAGES.get(name, 1)
    assert TITLES[name] in pages[0]
    assert all("ΔΕΙΓΜΑ / SPECIMEN" in page for page in pages)
    assert not any(bad in font for font in font_names(pdf) for bad in ("Symbol", "ZapfDingbats", "Helvetica"))
    check_with_clients(pdf, tmp_path)


def test_declaration_carries_the_category_statements():
    text = pages_text(specimen("declaration"))[0]
    assert "Εμπίπτω στις διατάξεις της παρ. 11 και όχι στις διατάξεις της παρ. 10" in text
    assert "άρθρου 22 του Ν. 1599/1986" in text


def test_bank_form_and_the_1alpha_note():
    from correspondent_app.documents import bank_form
    from correspondent_app.documents.specimens import sample_context

    text = pages_text(bank_form.render(sample_context("1α", issued=False)))[0]
    assert "ΔΕΝ χρησιμοποιείται το υπόδειγμα 2" in text and "30824" in text
    text = pages_text(specimen("bank-form"))[0]
    assert "2.040,72 €" in text and "Γραμματίου Είσπραξης" in text


def test_registration_sheet_is_greek_even_in_an_english_ui():
    from correspondent_app.i18n import language

    with language("en"):
        text = pages_text(specimen("registration-sheet"))[0]
    assert "01/01/2004" in text and "η ασφάλιση αρχίζει" in text and "insurance starts" not in text
    assert "0623/300605/129009" in text and "31/05/2006" in text


def test_applicant_note_in_greek_and_english():
    greek, english = pages_text(specimen("applicant-note"))
    assert "Δήμο" in greek and "επιστροφή" in greek
    assert "municipality" in english and "no refund" in english


def test_cli_specimen(tmp_path):
    out = tmp_path / "m3.pdf"
    result = subprocess.run([sys.executable, "-m", "correspondent_app", "specimen", "model3", "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and out.read_bytes().startswith(b"%PDF")
