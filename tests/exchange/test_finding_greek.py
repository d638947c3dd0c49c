"""The report PDF says the findings in Greek: every text the checks make (hq_finding_texts) is read back and
said again with its values, dates as a Greek reader writes them; anything else is shown as stored, whole."""

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from correspondent_app.exchange.finding_greek import in_greek
from correspondent_app.exchange.hq_finding_texts import (PERSON_KEYS, person_text, protocol_problems, protocol_text,
                                                         receipt_text)

WHERE = "Κοινότητα Αγίου Νικολάου (4ecc92bd), Κοινότητα 3634 (e2b4c39c)"
#: Words of the English templates: none may be left in a Greek text.
ENGLISH = re.compile(r"\b(receipt|used in|possibly|same|born|holds|certificates? in|protocol|numbers?|missing|"
                     r"twice|dated|before|entry|more)\b")


def test_a_receipt_used_by_two_villages():
    said = in_greek(receipt_text("0623/300605/129009", WHERE))
    assert said == f"Το γραμμάτιο ΑΤΕ 0623/300605/129009 καταχωρίστηκε σε: {WHERE}"


def test_the_same_person_by_names_and_birth_date_with_a_greek_date():
    column, label = PERSON_KEYS[2]
    said = in_greek(person_text(column, label, "KEY", "AHMED ALI", "1950-03-18", WHERE))
    assert said == ("Πιθανώς το ίδιο πρόσωπο (ονοματεπώνυμο και ημερομηνία γέννησης: AHMED ALI, γεν. 18/03/1950) "
                    f"έχει βεβαιώσεις σε: {WHERE}")


def test_the_same_passport_and_the_same_amka():
    (passport, p_label), (amka, a_label), _names = PERSON_KEYS
    assert in_greek(person_text(passport, p_label, "BA1234567", "X", "1950-03-18", WHERE)) == \
        f"Ίδιο διαβατήριο BA1234567 με βεβαιώσεις σε: {WHERE}"
    assert in_greek(person_text(amka, a_label, "18035012345", "X", None, WHERE)) == \
        f"Ίδιος ΑΜΚΑ 18035012345 με βεβαιώσεις σε: {WHERE}"


def test_every_problem_of_a_protocol_book():
    problems = protocol_problems(
        [("v", 2005, 4, 1)],
        [("v", 2005, 7, 7, "2005-10-01", "2005-10-01"), ("v", 2005, 9, 12, "2005-10-02", "2005-10-03"),
         ("v", 2005, 12, 13, "2005-10-05", "2005-10-04"), ("v", 2005, 13, 15, "2005-10-06", "2005-10-07")],
        [("v", 2005, 40)])
    text = protocol_text("Κοινότητα 5 (abc12345)", 2005, problems[("v", 2005)])
    said = in_greek(text)
    assert said.startswith("Κοινότητα 5 (abc12345), πρωτόκολλο 2005: λείπουν οι αριθμοί 1–3 στην αρχή του έτους")
    assert "ο αριθμός 7 δόθηκε δύο φορές" in said
    assert "λείπουν οι αριθμοί 10–11" in said and "λείπει ο αριθμός 14" in said
    assert "ο αρ. 13 έχει ημερομηνία 04/10/2005, πριν από τον αρ. 12 (05/10/2005)" in said
    assert "… και 1 ακόμη" in said  # six problems: five listed, then how many more
    assert not ENGLISH.search(said), said


def test_the_last_problem_listed_and_a_certificate_without_its_entry():
    problems = protocol_problems([], [], [("v", 2006, 40)])
    said = in_greek(protocol_text("Κοινότητα 5 (abc12345)", 2006, problems[("v", 2006)]))
    assert said == ("Κοινότητα 5 (abc12345), πρωτόκολλο 2006: η βεβαίωση αρ. 40 δεν έχει εγγραφή στο πρωτόκολλο "
                    "που έχει η Διοίκηση")


def test_a_text_of_no_template_or_a_problem_unknown_is_shown_whole_as_stored():
    for text in ("package refused: 1 reference(s) to rows of another village",
                 "Κοινότητα 5 protocol 2005: numbers 1–3 missing; a problem of a later version"):
        assert in_greek(text) == text


@given(code=st.from_regex(r"[0-9]{4}/[0-9]{6}/[0-9]{6}", fullmatch=True),
       shown=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
       day=st.dates(date(1890, 1, 1), date(2100, 12, 31)), where=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_values_come_through_in_greek(code, shown, day, where):
    assert in_greek(receipt_text(code, where)).endswith(f"{code} καταχωρίστηκε σε: {where}")
    column, label = PERSON_KEYS[2]
    said = in_greek(person_text(column, label, "KEY", shown, day.isoformat(), where))
    assert said.startswith("Πιθανώς") and day.strftime("%d/%m/%Y") in said and said.endswith(where)
