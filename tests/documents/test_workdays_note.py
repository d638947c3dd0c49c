"""Issue 14 item 10: the printed note of the renewal work-days calculation (seed 001), one page in Greek."""

from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.documents import workdays_note
from correspondent_app.domain.workdays import required_days

from .conftest import check_with_clients, font_names, pages_text


@pytest.fixture()
def applicant(registry):
    return registry.persons.add({"surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA",
                                 "name_lat": "ARBEN", "father_name": "Ιλίρ", "birth_date": date(1975, 3, 14),
                                 "nationality": "AL", "passport_no": "BA1234567",
                                 "residence_doc": "complete_dossier"}, allow_duplicate=True)


def test_the_circular_example_with_the_person_inputs_formula_result_and_citation(registry, applicant, tmp_path):
    pdf = workdays_note.render(registry.profile.get(), required_days(200, months_abroad=2), applicant,
                               prepared_on=date(2026, 12, 5))
    pages = pages_text(pdf)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("ΥΠΟΛΟΓΙΣΜΟΣ ΑΠΑΙΤΟΥΜΕΝΩΝ ΗΜΕΡΩΝ ΕΡΓΑΣΙΑΣ", "Κοινότητα Αγίου Αθανασίου", "05/12/2026",
                     "Χότζα Αρμπέν", "HOXHA ARBEN", "BA1234567",
                     "Βάση (ημέρες ανά έτος) 200 ημέρες (Κ.Υ.Α. 160/2006 (ΦΕΚ 6/Β/4.1.2006))",
                     "Ταξίδι στο εξωτερικό 2 μήνες", "Ανεργία —", "Ημέρες απουσίας 2 × 25 = 50 ημέρες",
                     "Βάση × (300 − ημέρες απουσίας) / 300",
                     "200 × (300 − 50) / 300 = 200 × 250 / 300 = 166,67",
                     "Ελάχιστες ημέρες εργασίας ανά έτος: 167", "ακριβής τιμή 166,67",
                     "Εγκύκλιος αριθ. 17/2006", "Α.Π. 10433/6-6-2006", "ΦΕΚ 6/Β/4.1.2006",
                     "αντίγραφο διαβατηρίου", "ΟΑΕΔ", "όχι βεβαίωση"):
        assert expected in text, expected
    assert "Αρ. Πρωτ." not in text  # a note, not a certificate
    assert not any(bad in f for f in font_names(pdf) for bad in ("Symbol", "ZapfDingbats", "Helvetica"))
    check_with_clients(pdf, tmp_path)


def test_without_a_person_no_name_is_printed(registry):
    text = pages_text(workdays_note.render(registry.profile.get(), required_days(200, months_unemployed=1)))[0]
    assert "Ενδιαφερόμενος" not in text and "Χότζα" not in text
    assert "Ανεργία 1 μήνας" in text and "200 × (300 − 25) / 300 = 200 × 275 / 300 = 183,33" in text
    assert "Ελάχιστες ημέρες εργασίας ανά έτος: 184" in text


def test_the_150_base_says_first_renewal_and_every_later_one(registry, applicant):
    text = pages_text(workdays_note.render(registry.profile.get(), required_days(150, months_unemployed=3),
                                           applicant))[0]
    assert "150 ημέρες (προηγούμενο καθεστώς, ν. 2910/2001)" in text
    assert "κατά την πρώτη ανανέωση και εφεξής" in text and "91 παρ. 10" in text and "ΙΚΑ-ΕΤΑΜ" in text
    assert "150 × (300 − 75) / 300 = 150 × 225 / 300 = 112,50" in text and "ανά έτος: 113" in text


def test_an_entered_kya_figure_and_half_months(registry):
    text = pages_text(workdays_note.render(registry.profile.get(),
                                           required_days(120, months_unemployed=Decimal("2.5"))))[0]
    assert "120 ημέρες (αριθμός της Κ.Υ.Α. 160/2006" in text and "Ανεργία 2,5 μήνες" in text
    assert "2,5 × 25 = 62,5 ημέρες" in text and "120 × (300 − 62,5) / 300 = 120 × 237,5 / 300 = 95,00" in text


def test_illness_abroad_and_the_twelve_month_cap_stay_on_one_page(registry, applicant):
    result = required_days(150, months_abroad=6, months_unemployed=8, illness_abroad=True)
    pdf = workdays_note.render(registry.profile.get(), result, applicant)
    pages = pages_text(pdf)
    assert len(pages) == 1
    assert "6 μήνες – ασθένεια ή νοσηλεία στην αλλοδαπή" in pages[0]
    assert "14 μήνες, υπολογίζονται έως 12: 12 × 25 = 300 ημέρες" in pages[0]
    assert "ανά έτος: 0" in pages[0] and "έγγραφα της ασθένειας ή νοσηλείας" in pages[0]


def test_a_demo_registry_marks_the_note_as_a_specimen(registry):
    registry.profile.save(demo=True)
    text = pages_text(workdays_note.render(registry.profile.get(), required_days(200)))[0]
    assert "ΔΕΙΓΜΑ" in text
