"""Issuing guarded in the registry API: no path issues on an unproven fact (issue 14)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.domain.guards import HQ_CONTRADICTION, HQ_NOT_LISTED, WINDOW_ISSUE
from correspondent_app.domain.receipts import InvalidReceipt
from correspondent_app.registry import Registry, RegistryError
from correspondent_app.registry.certificates import IssueRefused
from correspondent_app.registry.profile import IncompleteProfile
from tests.office import OFFICE

from .conftest import FACTS_1B, paid_case

FACTS_1D = {"provision": "par10", "oga_status": "never", "works_in_agriculture": True}
FACTS_2 = {"provision": "par11", "works_in_agriculture": True}


def listed(registry, person, status="interrupted", amount="798.48"):
    registry.hq_lists.add_manual("Κατάσταση ΟΓΑ 2005/β", oga_no="", surname=person.surname_lat,
                                 name=person.name_lat, status=status, amount=Decimal(amount),
                                 birth_date=person.birth_date)


def test_an_unticked_checklist_is_refused_naming_each_missing_document(registry, person):
    case = paid_case(registry, person.id, facts=FACTS_1D, amount=Decimal("2040.72"), settle=False)
    with pytest.raises(IssueRefused) as refused:
        registry.certificates.issue(case.id)
    message = str(refused.value)
    assert "Labour Directorate certificate" in message and "Solemn declaration" in message
    assert registry.certificates.for_case(case.id) == []
    assert registry.protocol.entries(year=date.today().year) == []  # no number taken


def test_ticking_the_documents_is_in_the_audit_trail_with_who_and_when(registry, person):
    case = paid_case(registry, person.id, facts=FACTS_1D, amount=Decimal("2040.72"), settle=False)
    registry.cases.record_documents(case.id, ["labour_certificate", "solemn_declaration"])
    actor, at, after = registry.db.execute(
        "SELECT actor, at, after FROM audit WHERE action = 'documents' AND entity_uuid = ?", [case.uuid]).fetchone()
    assert actor == "tester" and at.startswith(date.today().isoformat())
    assert json.loads(json.loads(after)["documents_received"]) == ["labour_certificate", "solemn_declaration"]


def test_settled_case_issues_and_the_acknowledgements_are_audited(registry, person):
    case = paid_case(registry, person.id, facts=FACTS_1D, amount=Decimal("2040.72"))
    assert WINDOW_ISSUE in registry.cases.get(case.id).acknowledgements  # issued today, long after 31-10-2005
    assert registry.db.execute("SELECT COUNT(*) FROM audit WHERE action = ? AND entity_uuid = ?",
                               [f"acknowledge:{WINDOW_ISSUE}", case.uuid]).fetchone()[0] == 1
    assert registry.certificates.issue(case.id).model == 3


def test_a_listed_person_run_as_1d_cannot_even_wait_for_payment_until_the_list_is_answered(registry, person):
    listed(registry, person)
    case = registry.cases.open(person.id, FACTS_1D)
    with pytest.raises(RegistryError) as refused:
        registry.cases.move(case.id, "awaiting_payment")  # would pay 2.040,72 € instead of 798,48 €
    assert "1β" in str(refused.value) and "Κατάσταση ΟΓΑ 2005/β" in str(refused.value)
    with pytest.raises(RegistryError):
        registry.cases.acknowledge(case.id, HQ_CONTRADICTION, "   ")  # a reason is required
    registry.cases.acknowledge(case.id, HQ_CONTRADICTION, "Επιστολή ΟΓΑ 55/2005: διαγράφηκε από την κατάσταση")
    assert registry.cases.move(case.id, "awaiting_payment").state == "awaiting_payment"


def test_correcting_the_category_drops_what_was_acknowledged_of_the_list(registry, person):
    listed(registry, person)
    case = registry.cases.open(person.id, FACTS_2)
    registry.cases.acknowledge(case.id, HQ_CONTRADICTION, "λάθος κατάσταση")
    case = registry.cases.decide(case.id, FACTS_1B)
    assert HQ_CONTRADICTION not in case.acknowledgements
    assert registry.cases.hq_findings(case.id) == ()  # now it agrees with the list


def test_an_active_insured_not_on_the_list_is_refused_until_acknowledged(registry, person):
    case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "active"})
    registry.cases.set_amount(case.id, Decimal("312.40"), source="hq_list", reference="ειδοποίηση ΕΛΤΑ")
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_elta(case.id, "ΕΛΤΑ 1", date(2005, 9, 20), Decimal("312.40"))
    registry.cases.record_documents(case.id, ["labour_certificate"])
    registry.cases.set_competence(case.id, True)
    registry.cases.acknowledge(case.id, WINDOW_ISSUE)
    with pytest.raises(IssueRefused) as refused:
        registry.certificates.issue(case.id)
    assert [p.key for p in refused.value.problems] == [HQ_NOT_LISTED]
    registry.cases.acknowledge(case.id, HQ_NOT_LISTED)
    assert registry.certificates.issue(case.id).model == 1


def test_a_certificate_is_never_dated_before_its_receipt(registry, person):
    case = paid_case(registry, person.id)  # receipt of 30-06-2005
    with pytest.raises(IssueRefused) as refused:
        registry.certificates.issue(case.id, on=date(2005, 6, 29))
    assert [p.key for p in refused.value.problems] == ["date"]


def test_a_par11_certificate_on_15_02_2006_needs_its_window_acknowledged(registry, person):
    case = registry.cases.open(person.id, FACTS_2)
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, "0623/011205/129009", Decimal("1020.36"))
    registry.cases.record_documents(case.id, ["solemn_declaration"])
    registry.cases.set_competence(case.id, True)
    registry.cases.set_warnings_given(case.id, ["par11_residence_proof"], "tax_number")
    with pytest.raises(IssueRefused) as refused:
        registry.certificates.issue(case.id, on=date(2006, 2, 15))
    assert [p.key for p in refused.value.problems] == [WINDOW_ISSUE]
    assert "15/02/2006" in refused.value.problems[0].message or "15/2/2006" in str(refused.value)
    registry.cases.acknowledge(case.id, WINDOW_ISSUE)
    assert registry.certificates.issue(case.id, on=date(2006, 2, 15)).issued_on == date(2006, 2, 15)


def test_receipts_dated_2000_are_refused_for_1d(registry, person):
    case = registry.cases.open(person.id, FACTS_1D)
    registry.cases.move(case.id, "awaiting_payment")
    with pytest.raises(InvalidReceipt):
        registry.payments.record_ate(case.id, "0623/150600/129009", Decimal("2040.72"))
    with pytest.raises(InvalidReceipt):
        registry.payments.record_elta(case.id, "ΕΛΤΑ 2", date(2004, 12, 31), Decimal("2040.72"))
    assert registry.payments.for_case(case.id) is None


def test_an_office_profile_is_never_saved_without_the_fields_that_print(tmp_path):
    with Registry.open(tmp_path / "r.sqlite", actor="tester") as reg:
        with pytest.raises(IncompleteProfile) as refused:
            reg.profile.save(community="Κοινότητα Α", municipality="Δήμος Β")  # 2 of 5, as first-run allowed
        assert refused.value.fields == ["prefecture", "correspondent_name", "oga_branch"]
        assert reg.profile.get() is None
        reg.profile.save(**OFFICE)
        with pytest.raises(IncompleteProfile):
            reg.profile.save(correspondent_name=" ")
        assert reg.profile.get().correspondent_name == OFFICE["correspondent_name"]


def test_an_older_registry_with_an_incomplete_profile_opens_but_does_not_issue(registry, person):
    registry.db.execute("UPDATE profile SET correspondent_name = '' WHERE id = 1")
    case = paid_case(registry, person.id, facts=FACTS_1D, amount=Decimal("2040.72"), settle=False)
    assert settle_for_issue(registry, case.id) == [
        "The office's “Correspondent's name” is empty: it is printed on the certificate."]
    with pytest.raises(IssueRefused):
        registry.certificates.issue(case.id)


def test_a_permit_valid_from_after_the_day_of_entry_is_refused(registry):
    from datetime import timedelta

    from correspondent_app.registry.persons import validate

    errors, _warnings = validate({"surname_lat": "HOXHA", "residence_valid_from": date.today() + timedelta(days=1)})
    assert "residence_valid_from" in errors
    errors, _warnings = validate({"surname_lat": "HOXHA", "residence_valid_from": date.today()})
    assert "residence_valid_from" not in errors


def test_a_list_entry_without_an_oga_number_is_matched_by_name_and_birth_not_to_the_first_person(registry):
    """The list now decides contradictions: an entry typed without an OGA number once matched whichever
    registered person also had none (the first), putting another person's status against their case."""
    first = registry.persons.add({"surname_lat": "BERISHA", "name_lat": "ILIR", "birth_date": date(1980, 1, 1)})
    second = registry.persons.add({"surname_lat": "HOXHA", "name_lat": "ARBEN", "birth_date": date(1975, 3, 14)})
    registry.hq_lists.add_manual("Κατάσταση β", oga_no="", surname="HOXHA", name="ARBEN", status="interrupted",
                                 amount=Decimal("798.48"), birth_date=date(1975, 3, 14))
    assert registry.hq_lists.entry_for_person(first.id) is None
    assert registry.hq_lists.entry_for_person(second.id).surname == "HOXHA"
