"""What the documents say, word for word: Greek grammar and the facts of each case."""

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from correspondent_app.documents import applicant_note, bank_form, declaration, model1, model3
from correspondent_app.documents.context import PaymentInfo
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


# --- the applicant's note follows the case: before payment, after payment, after issue -----------------

def test_note_after_issue_says_where_and_how_it_was_paid_and_what_was_received():
    greek, english = pages_text(applicant_note.render(sample_context("1α")))
    assert "Πληρώσατε 312,40 € στα ΕΛΤΑ στις 20/09/2005 (απόδειξη 5512 0088 7711)" in greek
    assert "ΑΤΕ (Γραμμάτιο" not in greek and "γραμμάτιο 5512" not in greek
    assert "(ένα πρωτότυπο)" in greek and "ένα αντίγραφο" not in greek  # model 1 has one copy
    assert "Φυλάξτε την απόδειξη πληρωμής των ΕΛΤΑ" in greek and "γραμμάτιο της ΑΤΕ" not in greek
    assert "at the post office (ΕΛΤΑ)" in english and "one original" in english
    at_bank = replace(sample_context("1α"), payment=PaymentInfo("ate", "0623/200905/111222", "", date(2005, 9, 20),
                                                                 Decimal("312.40")))
    greek = pages_text(applicant_note.render(at_bank))[0]
    assert "στην Αγροτική Τράπεζα (ΑΤΕ) στις 20/09/2005 (Γραμμάτιο Είσπραξης 0623/200905/111222)" in greek
    greek = pages_text(applicant_note.render(sample_context("1δ")))[0]
    assert "το πρωτότυπο και ένα αντίγραφο" in greek and "Φυλάξτε το αντίγραφο μαζί με το Γραμμάτιο" in greek


def test_note_before_payment_says_how_to_pay_and_warns_first():
    greek, english = pages_text(applicant_note.render(sample_context("2", issued=False)))
    assert "Πληρώστε 1.020,36 € σε κατάστημα της Αγροτικής Τράπεζας (ΑΤΕ) με το έντυπο καταβολής (υπόδειγμα 2)" in greek
    assert "φέρτε στον Ανταποκριτή το Γραμμάτιο Είσπραξης της ΑΤΕ" in greek
    assert "Πληρώστε μόνο αν μπορείτε να αποδείξετε" in greek  # the par. 11 warning, before the money
    assert greek.index("Πληρώστε μόνο αν") < greek.index("Τι κάνετε τώρα")
    for after_issue in ("Καταθέστε το πρωτότυπο", "Φυλάξτε", "βιβλιάριο", "Πήρατε"):
        assert after_issue not in greek
    assert "payment form (model 2)" in english and "Pay only if" in english
    greek = pages_text(applicant_note.render(sample_context("1α", issued=False)))[0]
    assert "Πληρώστε στα ΕΛΤΑ με την ειδοποίηση" in greek and "30824/15-4-2005" in greek
    assert "υπόδειγμα 2)" in greek and "σε κατάστημα της Αγροτικής" not in greek


def test_note_after_issue_keeps_only_a_reminder_of_the_par11_risk():
    greek, english = pages_text(applicant_note.render(sample_context("2")))
    assert "Καταθέστε το πρωτότυπο στον Δήμο" in greek and "Πληρώστε μόνο αν" not in greek
    assert "δεν προβλέπει επιστροφή" in greek and "no refund" in english
    greek_1b, english_1b = pages_text(applicant_note.render(sample_context("1β")))
    assert "Φέρτε σύντομα στον Ανταποκριτή τα δικαιολογητικά" in greek_1b  # the 1β continuation step is there,
    assert "As soon as you can, bring" in english_1b and "Bring the correspondent soon" not in english_1b  # reworded


# --- the bank form is the paper handed over before payment ----------------------------------------------

def test_bank_form_is_dated_the_day_it_is_prepared():
    unpaid = replace(sample_context("1δ", issued=False), issued_on=None, prepared_on=None)
    assert f"Ημερομηνία: {date.today():%d/%m/%Y}" in pages_text(bank_form.render(unpaid))[0]


def test_bank_form_warns_a_par11_buyer_before_paying():
    text = pages_text(bank_form.render(sample_context("2", issued=False)))[0]
    assert "ΠΡΟΣΟΧΗ, πριν πληρώσετε: Ο Ανταποκριτής δεν ελέγχει αν ισχύει η παρ. 11" in text
    assert "31-12-2004" in text and "ΠΡΟΣΟΧΗ" not in pages_text(bank_form.render(sample_context("1δ", issued=False)))[0]


def test_bank_form_for_1alpha_keeps_the_oga_registry_number():
    text = pages_text(bank_form.render(sample_context("1α", issued=False)))[0]
    assert "Αριθμός Μητρώου ΟΓΑ 4480012345" in text


# --- the solemn declaration -------------------------------------------------------------------------

def test_declaration_keeps_an_eleven_character_passport_on_one_line(tmp_path):
    ctx = sample_context("2", issued=False)
    ctx = replace(ctx, person=replace(ctx.person, passport_no="AL192320801"))
    words = [w for w, *_ in word_boxes(declaration.render(ctx), tmp_path)[0]]
    assert "AL192320801" in words  # not «AL19232080» + «1» on the next line


def test_declaration_writes_the_birth_date_in_words_as_its_footnote_asks():
    text = pages_text(declaration.render(sample_context("2", issued=False)))[0]
    assert "Ημερομηνία γέννησης(2):" in text and "(2) Αναγράφεται ολογράφως." in text
    assert "14/03/1975 (δεκατέσσερις Μαρτίου χίλια εννιακόσια εβδομήντα πέντε)" in text


def test_date_in_words():
    from correspondent_app.documents.declaration import date_in_words

    assert date_in_words(date(1980, 7, 1)) == "01/07/1980 (πρώτη Ιουλίου χίλια εννιακόσια ογδόντα)"
    assert date_in_words(date(1963, 12, 21)) == "21/12/1963 (είκοσι μία Δεκεμβρίου χίλια εννιακόσια εξήντα τρία)"
    assert date_in_words(date(2001, 5, 3)) == "03/05/2001 (τρεις Μαΐου δύο χιλιάδες ένα)"


def test_no_declaration_is_printed_for_1alpha():
    import pytest

    from correspondent_app.documents.declaration import NoDeclaration

    with pytest.raises(NoDeclaration, match="1α"):
        declaration.render(sample_context("1α", issued=False))


# --- the Δελτίο Απογραφής data sheet ----------------------------------------------------------------

def test_registration_sheet_labels_the_certificate_number_and_names_its_sources_in_greek():
    from correspondent_app.documents import registration_sheet

    text = pages_text(registration_sheet.render(sample_context("1γ"), certified_copy=True, declarations_from_year=2004, pending_situation="temporary_permit",
                                                newer_declarations=True))[0]
    assert "Αρ. Πρωτ.:" not in text  # the sheet has no number of its own
    assert "Βεβαίωση υπόδειγμα 3, αρ. πρωτ. 38/2005 της 07/10/2005" in text
    assert "εγκ. ΟΓΑ 7/2005, κεφ. 3 §1α" in text and "(εγκ. ΟΓΑ 7/2005, κεφ. 4)" in text
    assert "002" not in text and " ch. " not in text


def test_registration_sheet_without_a_form_lists_no_section_7a_and_no_attachments():
    from correspondent_app.documents import registration_sheet
    from correspondent_app.domain.rules import decide

    special = decide({"provision": "par11", "works_in_agriculture": False,
                      "special_residence_reason_without_insurer": True})
    text = pages_text(registration_sheet.render(replace(sample_context("2"), decision=special), days_last_year=200))[0]
    assert "Δεν συμπληρώνεται Δελτίο Απογραφής" in text
    assert "Πεδίο 7" not in text and "0623/300605/129009" not in text and "Επισυνάπτονται" not in text


def test_registration_sheet_with_a_permit_but_no_start_date_asks_for_the_date():
    from correspondent_app.documents import registration_sheet

    ctx = sample_context("2")
    ctx = replace(ctx, person=replace(ctx.person, residence_doc="permit", residence_valid_from=None))
    text = pages_text(registration_sheet.render(ctx, days_last_year=200))[0]
    assert "Συμπληρώστε την ημερομηνία έναρξης ισχύος της άδειας της Περιφέρειας" in text
    assert "Αναμένεται η άδεια" not in text


def test_no_greek_text_uses_the_semicolon_which_reads_as_a_question_mark():
    from correspondent_app.documents import registration_sheet

    greek = [pages_text(applicant_note.render(sample_context(c, issued=False)))[0] for c in ("1β", "2", "1α")]
    greek.append(pages_text(registration_sheet.render(sample_context("1γ"), certified_copy=True, pending_situation="temporary_permit",
                                                      declarations_from_year=2004, newer_declarations=True))[0])
    for text in greek:
        assert ";" not in text


def test_a_case_that_is_not_ogas_names_its_source_as_readers_know_it():
    from correspondent_app.domain.rules import decide

    ctx = replace(sample_context("1δ", issued=False),
                  decision=decide({"provision": "par10", "oga_status": "never", "works_in_agriculture": False}))
    greek, english = pages_text(applicant_note.render(ctx))
    assert "εγκ. ΟΓΑ 7/2005" in greek and "OGA circular 7/2005" in english
    assert "002" not in greek + english


def test_a_referred_person_gets_a_note_of_where_to_go_not_of_what_to_pay():
    ctx = replace(sample_context("1γ", issued=False), payment=None, competent_here=False)
    greek, english = pages_text(applicant_note.render(ctx))
    assert "αρμόδιος είναι: ο Ανταποκριτής ΟΓΑ όπου υποβάλατε την αίτηση ασφάλισης" in greek
    assert "δεν πληρώνετε" in greek and "Ποσό που πρέπει" not in greek and "ΑΤΕ" not in greek
    assert "the OGA correspondent where you submitted your OGA application" in english
    here = pages_text(applicant_note.render(replace(ctx, competent_here=True)))[0]
    assert "Ποσό που πρέπει" in here and "αρμόδιος είναι" not in here
