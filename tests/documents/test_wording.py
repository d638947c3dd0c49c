"""What the documents say, word for word: Greek grammar and the facts of each case."""

import io

from pypdf import PdfReader

from correspondent_app.documents import bank_form, declaration, model1, model3
from correspondent_app.documents.furniture import glue
from correspondent_app.documents.specimens import sample_context

from .conftest import pages_text, word_boxes


def raw_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_community_is_never_a_nominative_after_a_noun():
    for pdf in (model3.render(sample_context("1β")), model1.render(sample_context("1α"))):
        text = pages_text(pdf)[0]
        assert "Ο/Η Ανταποκριτής ΟΓΑ (Κοινότητα Αγίου Αθανασίου) βεβαιώνει" in text
        assert not any("ΟΓΑ Κοινότητα" in line for line in raw_text(pdf).splitlines())  # header: a line each
    pdf = declaration.render(sample_context("2", issued=False))
    assert "Ανταποκριτή ΟΓΑ – Κοινότητα Αγίου Αθανασίου" in pages_text(pdf)[0]
    assert not any("ΟΓΑ Κοινότητα" in line for line in raw_text(pdf).splitlines())


def test_provision_in_the_genitive():
    text = pages_text(model3.render(sample_context("1δ")))[0]
    assert "εμπίπτει στις διατάξεις του άρθρου 91 παρ. 10 ν. 3386/2005" in text
    assert "του άρθρο " not in text


def test_bank_form_years_in_the_genitive():
    assert "εξαγορά χρόνου ασφάλισης 2 ετών" in pages_text(bank_form.render(sample_context("1δ", issued=False)))[0]
    assert "εξαγορά χρόνου ασφάλισης 1 έτους" in pages_text(bank_form.render(sample_context("2", issued=False)))[0]
    assert "καταβολή εισφορών 2 ετών" in pages_text(bank_form.render(sample_context("1β", issued=False)))[0]


def test_law_numbers_do_not_break_from_their_abbreviation():
    assert glue("άρθρο 91 παρ. 10 ν. 3386/2005") == "άρθρο\xa091 παρ.\xa010 ν.\xa03386/2005"
    assert glue("του άρθρου 22 του Ν. 1599/1986") == "του άρθρου\xa022 του Ν.\xa01599/1986"
    assert glue("Γεωργίου νέα 3") == "Γεωργίου νέα 3"  # only the abbreviations



def test_no_line_ends_between_an_abbreviation_and_its_number(tmp_path):
    """The declaration's statement (a) used to end a line with «του ν.» and start the next with «3386/2005»."""
    abbreviations = {"ν.", "Ν.", "παρ.", "άρθρο", "άρθρου"}
    pdfs = [declaration.render(sample_context("2", issued=False)), model1.render(sample_context("1α")),
            *(model3.render(sample_context(c)) for c in ("1β", "1δ", "2"))]
    checked = 0
    for pdf in pdfs:
        for words in word_boxes(pdf, tmp_path):
            for (word, *_box, y1), (following, *_next, next_y1) in zip(words, words[1:]):
                if word in abbreviations and following[:1].isdigit():
                    checked += 1
                    assert abs(y1 - next_y1) < 1, f"«{word}» and «{following}» on different lines"
    assert checked > 10


def test_model1_names_the_elta_receipt_once():
    text = pages_text(model1.render(sample_context("1α")))[0]
    assert "Απόδειξη πληρωμής ΕΛΤΑ, αρ. 5512 0088 7711" in text and "Απόδειξη ΕΛΤΑ" not in text


def test_pdf_author_names_the_correspondent_once():
    reader = PdfReader(io.BytesIO(model3.render(sample_context("1β"))))
    assert reader.metadata.author == "Ανταποκριτής ΟΓΑ – Κοινότητα Αγίου Αθανασίου"
