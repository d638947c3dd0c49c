"""Guards at the moment of issuing (DOMAIN.md): each worked rule of the section, on the domain alone."""

from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.domain.guards import (
    HQ_AMOUNT_DIFFERS, HQ_CONTRADICTION, HQ_NOT_LISTED, WINDOW_ISSUE, WINDOW_PAYMENT, CaseState, Listing, Paid,
    hq_list_findings, required_documents, review, window_problems,
)
from correspondent_app.documents.specimens import FACTS  # one sample case of each category
from correspondent_app.domain.programme import load_programme
from correspondent_app.domain.rules import decide
from correspondent_app.i18n import language

PROGRAMME = load_programme()
WINDOWS = PROGRAMME.windows
INTERRUPTED = Listing("ΧΟΤΖΑ ΑΡΜΠΕΝ", "interrupted", Decimal("798.48"), "Κατάσταση ΟΓΑ 2005/β")
ACTIVE = Listing("ΧΟΤΖΑ ΑΡΜΠΕΝ", "active", Decimal("312.40"), "Κατάσταση ΟΓΑ 2005/α")
OFFICE = {"community": "Κοινότητα Α", "municipality": "Δήμος Β", "prefecture": "Ν. Γ", "correspondent_name": "Μαρία",
          "oga_branch": "Π.Υ. ΟΓΑ"}


def keys(problems):
    return [p.key for p in problems]


# --- HQ's list decides between the par. 10 cases (002 §1 «Για τη διευκόλυνση») ----------------------

@pytest.mark.parametrize("category", ["1γ", "1δ", "2"])
def test_a_listed_person_claimed_as_another_case_is_a_contradiction_showing_the_entry(category):
    with language("el"):
        decision = decide(FACTS[category], hq_listing=INTERRUPTED)
    [finding] = decision.hq_findings
    assert finding.key == HQ_CONTRADICTION and finding.needs_note
    for shown in ("ΧΟΤΖΑ ΑΡΜΠΕΝ", "798,48", "Κατάσταση ΟΓΑ 2005/β", "1β"):
        assert shown in finding.message


def test_listed_as_active_but_claimed_interrupted_is_a_contradiction_too():
    assert keys(decide(FACTS["1β"], hq_listing=ACTIVE).hq_findings) == [HQ_CONTRADICTION]
    assert keys(decide(FACTS["1α"], hq_listing=INTERRUPTED).hq_findings) == [HQ_CONTRADICTION]


def test_the_list_agreeing_with_the_claim_says_nothing():
    assert decide(FACTS["1β"], hq_listing=INTERRUPTED).hq_findings == ()
    assert decide(FACTS["1α"], hq_listing=ACTIVE).hq_findings == ()
    assert decide(FACTS["1δ"], hq_listing=None).hq_findings == ()


def test_an_active_insured_not_on_the_list_is_warned():
    [finding] = decide(FACTS["1α"], hq_listing=None).hq_findings
    assert finding.key == HQ_NOT_LISTED and finding.acknowledge and not finding.needs_note


def test_a_listed_1b_amount_other_than_798_48_shows_both_and_warns():
    listing = Listing("ΧΟΤΖΑ ΑΡΜΠΕΝ", "interrupted", Decimal("912.30"), "Κατάσταση β")
    with language("el"):
        [finding] = decide(FACTS["1β"], hq_listing=listing).hq_findings
    assert finding.key == HQ_AMOUNT_DIFFERS
    assert "912,30" in finding.message and "798,48" in finding.message


def test_decide_without_the_list_checks_nothing():
    assert decide(FACTS["1δ"]).hq_findings == ()


def test_the_par10_question_asks_exactly_what_par10_covers():
    question = PROGRAMME.facts["provision"].question("el")
    assert "30-6-2004" in question and "ν. 3242/2004" in question and "δεν ανανεώθηκε" in question
    assert "ποτέ" not in question  # not "ever held a permit": par. 10 is narrower


# --- programme windows are data with their source -------------------------------------------------

def test_windows_come_from_the_programme_file_with_their_citation():
    assert WINDOWS["par10"].until == date(2005, 10, 31) and WINDOWS["par10"].start is None
    assert (WINDOWS["par11"].start, WINDOWS["par11"].until) == (date(2005, 10, 1), date(2005, 12, 31))
    assert all(w.cite.startswith("002") for w in WINDOWS.values())


def test_a_par11_certificate_on_15_02_2006_is_a_warning_naming_the_date_and_source():
    with language("el"):
        [problem] = window_problems("par11", WINDOWS, issued_on=date(2006, 2, 15), paid_on=date(2005, 12, 1))
    assert problem.key == WINDOW_ISSUE and problem.acknowledge
    assert "15/02/2006" in problem.message and "002 ΓΕΝΙΚΑ" in problem.message and "31-12-2005" in problem.message


def test_a_payment_before_the_par11_window_is_a_warning_too():
    problems = window_problems("par11", WINDOWS, issued_on=date(2005, 10, 3), paid_on=date(2005, 9, 30))
    assert keys(problems) == [WINDOW_PAYMENT]


def test_inside_the_windows_nothing_is_said():
    assert window_problems("par11", WINDOWS, issued_on=date(2005, 12, 31), paid_on=date(2005, 10, 1)) == ()
    assert window_problems("par10", WINDOWS, issued_on=date(2005, 10, 31), paid_on=date(2005, 6, 30)) == ()
    assert keys(window_problems("par10", WINDOWS, issued_on=date(2005, 11, 1), paid_on=None)) == [WINDOW_ISSUE]


# --- the whole review --------------------------------------------------------------------------------

def state(category, **changes):
    decision = decide(FACTS[category])
    values = dict(category=category, provision=decision.provision, outcome="certificate", state="paid",
                  amount=decision.amount or Decimal("312.40"), documents_received=(), warnings_given=(),
                  residence_proof="", competent_here=True, acknowledgements={})
    values.update(changes)
    return CaseState(**values), decision


def full_review(case, decision, *, on=date(2005, 10, 20), profile=OFFICE, payment=None, listing=None):
    payment = payment or Paid(date(2005, 10, 5), case.amount, "")
    return review(case, decision, on=on, profile=profile, payment=payment, listing=listing, windows=WINDOWS)


def test_an_unticked_par10_checklist_names_the_labour_certificate_and_the_declaration():
    case, decision = state("1δ")
    assert keys(full_review(case, decision)) == ["labour_certificate", "solemn_declaration"]


def test_receipts_are_proven_by_the_payment_and_1b_continuation_papers_never_block():
    case, decision = state("1β")
    assert {d.id for d in required_documents(decision)} == {"labour_certificate", "solemn_declaration"}
    ticked, _ = state("1β", documents_received=("labour_certificate", "solemn_declaration"))
    assert full_review(ticked, decision, listing=INTERRUPTED) == ()


def test_category_2_needs_the_declaration_not_the_labour_certificate():
    case, decision = state("2")
    assert "labour_certificate" not in keys(full_review(case, decision))


def test_an_office_profile_with_2_of_5_fields_names_the_3_missing():
    case, decision = state("1δ", documents_received=("labour_certificate", "solemn_declaration"))
    problems = full_review(case, decision, profile={"community": "Κοινότητα Α", "municipality": "Δήμος Β"})
    assert keys(problems) == ["prefecture", "correspondent_name", "oga_branch"]
    assert all(p.area == "profile" for p in problems)


def test_a_certificate_is_never_dated_before_its_receipt():
    case, decision = state("1δ", documents_received=("labour_certificate", "solemn_declaration"))
    problems = full_review(case, decision, on=date(2005, 10, 4))
    assert keys(problems) == ["date"]


def test_a_different_amount_without_a_reason_is_in_the_way_with_one_it_is_not():
    case, decision = state("1δ", documents_received=("labour_certificate", "solemn_declaration"))
    assert keys(full_review(case, decision, payment=Paid(date(2005, 10, 5), Decimal("700.00"), ""))) == ["amount"]
    assert full_review(case, decision, payment=Paid(date(2005, 10, 5), Decimal("700.00"), "έγγραφο ΟΓΑ 1/2005")) == ()


def test_acknowledgements_settle_what_they_name_and_a_contradiction_needs_a_reason():
    case, decision = state("1δ", documents_received=("labour_certificate", "solemn_declaration"))
    assert keys(full_review(case, decision, listing=INTERRUPTED)) == [HQ_CONTRADICTION]
    blank = CaseState(**{**vars(case), "acknowledgements": {HQ_CONTRADICTION: "  "}})
    assert keys(full_review(blank, decision, listing=INTERRUPTED)) == [HQ_CONTRADICTION]
    noted = CaseState(**{**vars(case), "acknowledgements": {HQ_CONTRADICTION: "Επιστολή ΟΓΑ 55/2005"}})
    assert full_review(noted, decision, listing=INTERRUPTED) == ()


def test_warnings_not_given_and_competence_not_confirmed_are_listed():
    case, decision = state("2", documents_received=("solemn_declaration",), competent_here=None)
    listed = keys(full_review(case, decision, on=date(2005, 11, 2)))
    assert listed == ["competence", "par11_residence_proof", "residence_proof"]


def test_a_review_with_everything_in_place_is_empty():
    case, decision = state("2", documents_received=("solemn_declaration",),
                           warnings_given=("par11_residence_proof",), residence_proof="tax_number")
    assert full_review(case, decision, on=date(2005, 11, 2)) == ()
