"""decide(): every row of DOMAIN.md's category table and every not-OGA case."""

from decimal import Decimal

import pytest

from correspondent_app.domain.rules import ContradictoryFacts, FactError, MissingFact, decide

PAR10 = {"provision": "par10", "works_in_agriculture": True}


def ids(items):
    return [item.id for item in items]


def test_issue_example_1beta():
    d = decide({"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True})
    assert d.outcome == "certificate"
    assert d.category == "1β"
    assert d.amount == Decimal("798.48")
    assert d.certificate_model == 3
    assert d.copies == 3
    assert d.years == 2
    assert d.competent == "registration"
    assert "002 §1β" in d.citations
    assert ids(d.documents) == ["labour_certificate", "solemn_declaration", "ate_receipt", "continuation_papers"]
    assert ids(d.declaration) == ["continues_agriculture"]
    assert d.warnings == ()


# DOMAIN.md "The categories": category, provision, amount, model, copies, years, kind, competent
CATEGORY_TABLE = [
    ({"oga_status": "active"}, "1α", "par10", None, 1, 1, None, None, "registration"),
    ({"oga_status": "interrupted"}, "1β", "par10", "798.48", 3, 3, 2, "contributions", "registration"),
    ({"oga_status": "pending"}, "1γ", "par10", "798.48", 3, 3, 2, "contributions", "application"),
    ({"oga_status": "never"}, "1δ", "par10", "2040.72", 3, 3, 2, "insurance_time", "residence"),
]


@pytest.mark.parametrize(("facts", "cat", "prov", "amount", "model", "copies", "years", "kind", "competent"), CATEGORY_TABLE)
def test_category_table_par10(facts, cat, prov, amount, model, copies, years, kind, competent):
    d = decide({**PAR10, **facts})
    assert (d.outcome, d.category, d.provision) == ("certificate", cat, prov)
    assert d.amount == (Decimal(amount) if amount else None)
    assert (d.certificate_model, d.copies, d.years, d.years_kind, d.competent) == (model, copies, years, kind, competent)
    assert f"002 §{cat[0]}{cat[1:]}" in d.citations or f"002 §{cat}" in d.citations


@pytest.mark.parametrize("basis", ["agriculture", "special_reason"])
def test_category_2_both_bases(basis):
    facts = {"provision": "par11", "works_in_agriculture": basis == "agriculture",
             "special_residence_reason_without_insurer": basis == "special_reason"}
    d = decide(facts)
    assert (d.outcome, d.category, d.basis, d.provision) == ("certificate", "2", basis, "par11")
    assert d.amount == Decimal("1020.36")
    assert (d.certificate_model, d.copies, d.years, d.years_kind, d.competent) == (3, 3, 1, "insurance_time", "residence")
    assert "002 §2" in d.citations


def test_amount_cross_checks_hold_in_the_data():
    amount = {c: decide({**PAR10, "oga_status": s}).amount for s, c in [("interrupted", "1β"), ("pending", "1γ"), ("never", "1δ")]}
    amount["2"] = decide({"provision": "par11", "works_in_agriculture": True}).amount
    assert amount["1δ"] == 2 * amount["2"]
    assert amount["1β"] == amount["1γ"] == 2 * Decimal("399.24")
    assert all(isinstance(a, Decimal) for a in amount.values())


def test_1alpha_amount_is_the_persons_own():
    d = decide({"provision": "par10", "oga_status": "active"})
    assert d.amount is None and d.amount_source == "hq_list"
    assert d.certificate.title("el") == "Βεβαίωση Ασφαλιστικής Ενημερότητας"
    assert d.payment.channel == "elta_notice"
    assert "30824" in d.payment.text("el")  # the older ATE form, not model 2
    assert ids(d.documents) == ["labour_certificate", "elta_receipt"]


def test_1alpha_needs_no_agriculture_answer():
    # An active OGA insured is in agriculture by definition: the question is not asked.
    assert decide({"provision": "par10", "oga_status": "active"}).category == "1α"


@pytest.mark.parametrize("status", ["interrupted", "pending", "never"])
def test_par10_outside_agriculture_is_not_oga(status):
    d = decide({"provision": "par10", "oga_status": status, "works_in_agriculture": False})
    assert d.outcome == "not_oga" and d.category is None and d.amount is None
    assert d.citations


@pytest.mark.parametrize(("status", "cite"), [("interrupted", "§1β"), ("pending", "§1γ")])
def test_changed_insurer_pays_the_other_insurer(status, cite):
    d = decide({**PAR10, "oga_status": status, "changed_insurer": True})
    assert d.outcome == "other_insurer"
    assert d.category is None and d.certificate is None
    assert any(cite in c for c in d.citations)


@pytest.mark.parametrize("facts", [
    {"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True, "art7_worker": True},
    {"provision": "par11", "art7_worker": True},
])
def test_art7_workers_wait_for_oga(facts):
    d = decide(facts)
    assert d.outcome == "ask_oga" and d.amount is None and d.amount_source == "oga"
    assert "002 πριν από §1" in d.citations


def test_par11_without_agriculture_or_special_reason_is_not_oga():
    d = decide({"provision": "par11", "works_in_agriculture": False})
    assert d.outcome == "not_oga"


def test_par11_warns_about_residence_proof_and_lists_the_documents():
    d = decide({"provision": "par11", "works_in_agriculture": True})
    warning = {w.id: w for w in d.warnings}["par11_residence_proof"]
    assert warning.acknowledge
    assert [o.id for o in warning.options] == ["entry_visa", "humanitarian_application", "tax_number",
                                                "insurer_certificate", "asylum_rejection"]
    assert "31-12-2004" in warning.text("el") and "επιστροφή" in warning.text("el")
    assert "par10_not_par11" in ids(d.warnings)


def test_par11_declaration_statements_follow_the_basis():
    farm = decide({"provision": "par11", "works_in_agriculture": True})
    special = decide({"provision": "par11", "works_in_agriculture": False, "special_residence_reason_without_insurer": True})
    assert ids(farm.declaration) == ["par11_not_par10", "par11_public_order_residence", "par11_agriculture"]
    assert ids(special.declaration) == ["par11_not_par10", "par11_public_order_residence", "par11_special_reason"]
    assert "no_registration_special_reason" in ids(special.warnings)
    assert "no_registration_special_reason" not in ids(farm.warnings)
    assert ids(farm.documents) == ["solemn_declaration", "ate_receipt"]  # no Labour Directorate paper for par. 11


def test_declarations_per_category():
    assert decide({**PAR10, "oga_status": "pending"}).declaration[0].text("el") == "Εξακολουθώ να απασχολούμαι στην αγροτική οικονομία."
    assert "συστηματικά" in decide({**PAR10, "oga_status": "never"}).declaration[0].text("el")


def test_1beta_not_on_hq_list_gets_a_warning():
    d = decide({**PAR10, "oga_status": "interrupted", "on_hq_list": False})
    assert ids(d.warnings) == ["not_on_hq_list"]
    assert ids(decide({**PAR10, "oga_status": "interrupted", "on_hq_list": True}).warnings) == []


def test_money_effect_wording_differs_by_category():
    words = {s: decide({**PAR10, "oga_status": s}).effect("el") for s in ("interrupted", "pending", "never")}
    assert "επανεγγραφή" in words["interrupted"]
    assert "μετά την εγγραφή" in words["pending"]
    assert "αναγνωρίζεται χρόνος ασφάλισης δύο ετών" in words["never"]
    assert "αναγνωρίζεται" not in words["interrupted"] + words["pending"]


def test_comprises_state_contribution_only_for_purchases():
    assert ids(decide({**PAR10, "oga_status": "interrupted"}).comprises) == ["individual", "health", "lae"]
    assert ids(decide({**PAR10, "oga_status": "never"}).comprises) == ["individual", "health", "lae", "state"]


@pytest.mark.parametrize(("facts", "missing"), [
    ({}, "provision"),
    ({"provision": "par10"}, "oga_status"),
    ({"provision": "par10", "oga_status": "interrupted"}, "works_in_agriculture"),
    ({"provision": "par11"}, "works_in_agriculture"),
])
def test_missing_facts_name_the_question(facts, missing):
    with pytest.raises(MissingFact) as err:
        decide(facts)
    assert err.value.fact == missing
    assert str(err.value).endswith("?")


@pytest.mark.parametrize("facts", [
    {"provision": "par11", "oga_status": "never", "works_in_agriculture": True},
    {"provision": "par10", "oga_status": "never", "works_in_agriculture": True, "changed_insurer": True},
    {"provision": "par10", "oga_status": "active", "changed_insurer": True},
    {"provision": "par10", "oga_status": "never", "works_in_agriculture": True, "special_residence_reason_without_insurer": True},
])
def test_contradictory_facts_are_refused(facts):
    with pytest.raises(ContradictoryFacts):
        decide(facts)


@pytest.mark.parametrize("facts", [
    {"provision": "par12"},
    {"provision": "par10", "oga_status": "retired"},
    {"provision": "par10", "oga_status": "never", "works_in_agriculture": "yes"},
    {"provision": "par10", "nationality": "AL"},
])
def test_bad_answers_are_refused(facts):
    with pytest.raises(FactError):
        decide(facts)


def test_every_certificate_decision_cites_a_source_for_every_part():
    d = decide({**PAR10, "oga_status": "never"})
    assert all(c.startswith("002") or c.startswith("[policy]") for c in d.citations)
    for item in (*d.documents, *d.declaration, *d.comprises):
        assert item.cite


# DOMAIN.md "The categories", column "what they pay", row by row.
@pytest.mark.parametrize(("facts", "components"), [
    ({**PAR10, "oga_status": "active"}, ["all_due"]),
    ({**PAR10, "oga_status": "interrupted"}, ["individual", "health", "lae"]),
    ({**PAR10, "oga_status": "pending"}, ["individual", "health", "lae"]),  # "same components as 1β"
    ({**PAR10, "oga_status": "never"}, ["individual", "health", "lae", "state"]),
    ({"provision": "par11", "works_in_agriculture": True}, ["individual", "health", "lae", "state"]),
])
def test_what_each_category_pays(facts, components):
    assert ids(decide(facts).comprises) == components


@pytest.mark.parametrize("facts", [{**PAR10, "oga_status": s} for s in ("interrupted", "pending", "never")]
                         + [{"provision": "par11", "works_in_agriculture": True}])
def test_model3_categories_pay_at_ate_with_model2(facts):
    d = decide(facts)
    assert d.certificate.title("el") == "Βεβαίωση καταβολής / εξαγοράς εισφορών"
    assert d.payment.channel == "ate_model2" and "υπόδειγμα 2" in d.payment.text("el")


def test_category_2_recognises_one_year_of_insurance_time():
    effect = decide({"provision": "par11", "works_in_agriculture": True}).effect("el")
    assert "αναγνωρίζεται χρόνος ασφάλισης ενός έτους" in effect


@pytest.mark.parametrize(("status", "documents"), [
    ("pending", ["labour_certificate", "solemn_declaration", "ate_receipt"]),
    ("never", ["labour_certificate", "solemn_declaration", "ate_receipt"]),
])
def test_documents_the_applicant_brings(status, documents):
    assert ids(decide({**PAR10, "oga_status": status}).documents) == documents


def test_1beta_continuation_papers_may_come_later_and_only_they():
    later = [item.id for item in decide({**PAR10, "oga_status": "interrupted"}).documents if item.later]
    assert later == ["continuation_papers"]


def test_changed_insurer_is_told_their_oga_time_is_ignored():
    d = decide({**PAR10, "oga_status": "interrupted", "changed_insurer": True})
    assert "δεν λαμβάνεται υπόψη" in d.reason("el") and "not taken into account" in d.reason("en")


def test_the_two_provisions_table():
    from correspondent_app.domain.programme import load_programme

    provisions = load_programme().provisions
    par10, par11 = provisions["par10"], provisions["par11"]
    assert "31-10-2005" in par10.deadline("el") and "Νομαρχιακή" in par10.deadline("el")
    assert "30-6-2004" in par10.who("el") and "31-12-2005" in par10.who("el")
    assert "Διεύθυνση Εργασίας" in par10.purpose("el")
    assert "1-10-2005" in par11.deadline("el") and "31-12-2005" in par11.deadline("el")
    assert "31-12-2004" in par11.who("el") and "Δήμο" in par11.purpose("el")
    assert decide({**PAR10, "oga_status": "never"}).years == 2
    assert decide({"provision": "par11", "works_in_agriculture": True}).years == 1
