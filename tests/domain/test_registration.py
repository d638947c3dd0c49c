"""The Δελτίο Απογραφής table of DOMAIN.md (002 ch. 3), row by row."""

from datetime import date

import pytest

from correspondent_app.domain.registration import insurance_start


def test_1gamma_temporary_permit_declarations_from_2003_start_1_7_2003():
    r = insurance_start("1γ", pending_situation="temporary_permit", residence_document="complete_dossier", certified_copy=True, declarations_from_year=2003,
                        newer_declarations=True)
    assert r.form and r.may_forward
    assert r.start == date(2003, 7, 1)
    assert "002 ch. 3 §1α, §1β" in r.citations


def test_1gamma_declarations_from_2004_start_1_1_2004():
    # The source's own example: declarations for 2004 onwards -> 1-1-2004.
    r = insurance_start("1γ", pending_situation="temporary_permit", residence_document="permit", certified_copy=True, declarations_from_year=2004,
                        newer_declarations=True)
    assert r.start == date(2004, 1, 1) and r.may_forward


def test_1gamma_temporary_permit_waits_for_newer_employers_declarations():
    # ch. 3 §1α: «Απαραιτήτως ... νεότερες Υπεύθυνες Δηλώσεις Εργοδοτών»: the start date is known, the form waits.
    r = insurance_start("1γ", pending_situation="temporary_permit", residence_document="permit", certified_copy=True, declarations_from_year=2004)
    assert r.form and not r.may_forward and r.start == date(2004, 1, 1)
    assert any("newer employers' declarations" in reason for reason in r.reasons)


def test_1gamma_declarations_before_2003_still_start_1_7_2003():
    assert insurance_start("1γ", pending_situation="temporary_permit", residence_document="permit", certified_copy=True,
                           declarations_from_year=2001).start == date(2003, 7, 1)


@pytest.mark.parametrize("doc", ["incomplete_dossier", "none"])
def test_1gamma_incomplete_dossier_never_forwards(doc):
    r = insurance_start("1γ", pending_situation="temporary_permit", residence_document=doc, certified_copy=True, declarations_from_year=2003,
                        newer_declarations=True)
    assert not r.may_forward
    assert any("complete-dossier" in reason for reason in r.reasons)


def test_1gamma_needs_the_certified_copy_before_forwarding():
    r = insurance_start("1γ", pending_situation="temporary_permit", residence_document="complete_dossier", certified_copy=False, declarations_from_year=2003,
                        newer_declarations=True)
    assert not r.may_forward and r.start == date(2003, 7, 1)


def test_1gamma_has_no_silent_default_situation_and_no_year_after_today():
    """DOMAIN Guards: answers that move a date start empty; a declared year is not after the day of entry."""
    with pytest.raises(ValueError, match="situation"):
        insurance_start("1γ", residence_document="permit", certified_copy=True, declarations_from_year=2004)
    with pytest.raises(ValueError, match="after"):
        insurance_start("1γ", pending_situation="temporary_permit", residence_document="permit",
                        certified_copy=True, declarations_from_year=date.today().year + 1)


@pytest.mark.parametrize("days", [-1, 367])
def test_work_days_of_a_year_are_0_to_366(days):
    with pytest.raises(ValueError, match="366"):
        insurance_start("2", residence_document="permit", permit_valid_from=date(2006, 1, 1), days_last_year=days)


def test_1gamma_needs_the_first_declared_year():
    with pytest.raises(ValueError, match="first year"):
        insurance_start("1γ", pending_situation="temporary_permit", residence_document="permit", certified_copy=True)


def test_1gamma_region_permit_starts_with_the_permit():
    r = insurance_start("1γ", residence_document="permit", pending_situation="region_permit",
                        permit_valid_from=date(2005, 11, 14), certified_copy=True)
    assert r.may_forward and r.start == date(2005, 11, 14)
    assert "002 ch. 3 §1β" in r.citations


def test_1gamma_region_permit_needs_its_date():
    with pytest.raises(ValueError):
        insurance_start("1γ", residence_document="permit", pending_situation="region_permit", certified_copy=True)


def test_1gamma_pending_for_other_reasons_stays_in_archive():
    r = insurance_start("1γ", residence_document="permit", pending_situation="other", certified_copy=True)
    assert r.form and not r.may_forward and r.start is None


def test_1delta_starts_1_9_2005_by_choice_with_certified_copy():
    r = insurance_start("1δ", residence_document="complete_dossier", certified_copy=True)
    assert (r.start, r.may_forward, r.optional) == (date(2005, 9, 1), True, True)
    assert not insurance_start("1δ", residence_document="complete_dossier", certified_copy=False).may_forward
    assert not insurance_start("1δ", residence_document="incomplete_dossier", certified_copy=True).may_forward


def test_2_starts_with_the_permit_and_needs_150_days():
    ok = insurance_start("2", residence_document="permit", permit_valid_from=date(2006, 2, 1), days_last_year=150)
    assert ok.may_forward and ok.start == date(2006, 2, 1)
    short = insurance_start("2", residence_document="permit", permit_valid_from=date(2006, 2, 1), days_last_year=149)
    assert not short.may_forward
    no_permit = insurance_start("2", residence_document="complete_dossier", days_last_year=200)
    assert not no_permit.may_forward and no_permit.start is None


def test_2_with_a_permit_but_no_start_date_asks_for_the_date_not_the_permit():
    from correspondent_app.i18n import language

    with language("en"):
        r = insurance_start("2", residence_document="permit", days_last_year=200)
    assert not r.may_forward and r.start is None
    assert any("Enter the date the Region's permit is valid from" in reason for reason in r.reasons)
    assert not any("Wait for the Region's permit" in reason for reason in r.reasons)
    with language("en"):
        waiting = insurance_start("2", residence_document="complete_dossier", days_last_year=200)
    assert any("Wait for the Region's permit" in reason for reason in waiting.reasons)


def test_2_special_reason_gets_no_form():
    r = insurance_start("2", residence_document="permit", permit_valid_from=date(2006, 2, 1), days_last_year=200,
                        works_in_agriculture=False)
    assert not r.form and not r.may_forward


@pytest.mark.parametrize("cat", ["1α", "1β"])
def test_already_insured_categories_fill_no_form(cat):
    r = insurance_start(cat, residence_document="permit")
    assert not r.form and r.start is None


def test_unknown_inputs_are_refused():
    with pytest.raises(ValueError):
        insurance_start("3", residence_document="permit")
    with pytest.raises(ValueError):
        insurance_start("1δ", residence_document="visa")


@pytest.mark.parametrize("category", ["1β", "1γ", "1δ", "2"])
def test_what_goes_to_oga_lists_the_archive_copy_once_in_greek(category):
    from correspondent_app.domain.registration import forward_contents
    from correspondent_app.i18n import language

    with language("el"):
        reg = insurance_start(category, residence_document="complete_dossier", certified_copy=True,
                              permit_valid_from=date(2005, 11, 1), declarations_from_year=2003, newer_declarations=True,
                              days_last_year=200, pending_situation="temporary_permit")
        contents = forward_contents(reg)
    assert len(contents) == len(set(contents))
    assert sum("αρχείου" in item for item in contents) == 1  # 1β listed it twice, in two wordings
    assert all(any("α" <= ch <= "ω" for ch in item.lower()) for item in contents), contents  # Greek, not English
    assert ("Δελτίο Απογραφής" in contents) == (reg.form and reg.may_forward)


def test_a_1beta_archive_copy_goes_only_with_the_continuation_papers():
    """002 §1β: the archive copy goes to OGA with the continuation papers; otherwise it stays in the archive."""
    from correspondent_app.domain.registration import forward_contents
    from correspondent_app.i18n import language

    with language("el"):
        reg = insurance_start("1β", residence_document="permit")
        assert forward_contents(reg, received=["labour_certificate", "solemn_declaration", "ate_receipt"]) == ()
        both = forward_contents(reg, received=["continuation_papers"])
        unknown = forward_contents(reg)  # the queue checks what was received
    assert sum("αρχείου" in item for item in both) == 1 and any("συνέχισ" in item for item in both), both
    assert unknown == both


def test_a_model1_has_no_archive_copy_to_forward():
    from correspondent_app.domain.registration import forward_contents

    reg = insurance_start("1α", residence_document="permit")
    assert not reg.archive_copy
    assert forward_contents(reg) == () and forward_contents(reg, received=[]) == ()
