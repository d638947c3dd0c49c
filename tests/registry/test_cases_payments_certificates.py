"""Cases, payments and certificates as the counter uses them, on a real file."""

import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import RegistryError
from correspondent_app.registry.cases import IllegalTransition
from correspondent_app.registry.payments import AmountMismatch, DuplicateReceipt
from correspondent_app.domain.receipts import InvalidReceipt

from .conftest import FACTS_1B, paid_case


def test_case_decided_from_facts(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    assert (case.state, case.outcome, case.category, case.amount) == ("draft", "certificate", "1β", Decimal("798.48"))
    assert "002 §1β" in case.citations
    assert case.facts == FACTS_1B
    assert case.decision.copies == 3


def test_full_path_to_certificate(registry, person):
    case = paid_case(registry, person.id)
    assert case.state == "paid"
    cert = registry.certificates.issue(case.id, on=date(2005, 10, 7), render=lambda reg, c: b"%PDF-fake " + c.uuid.encode())
    assert cert.protocol == "1/2005" and cert.model == 3
    assert registry.cases.get(case.id).state == "issued"
    assert registry.certificates.pdf(cert.id).startswith(b"%PDF-fake")
    assert len(cert.verification_code) == 14
    entry = registry.protocol.entries(year=2005)[0]
    assert entry.case_id == case.id and entry.kind == "certificate"


def test_receipt_is_used_once_and_refusal_names_the_case(registry, person):
    first = paid_case(registry, person.id)
    other = registry.persons.add({"surname_lat": "IVANOV", "name_lat": "PETAR", "birth_date": date(1980, 1, 1)})
    case = registry.cases.open(other.id, FACTS_1B)
    registry.cases.move(case.id, "awaiting_payment")
    with pytest.raises(DuplicateReceipt) as err:
        registry.payments.record_ate(case.id, "0623-300605-129009", Decimal("798.48"))
    assert err.value.case_id == first.id
    assert "HOXHA" in str(err.value) and str(first.id) in str(err.value)
    assert registry.cases.get(case.id).state == "awaiting_payment"


def test_unique_receipt_is_enforced_by_the_schema_too(registry, person):
    paid_case(registry, person.id)
    other = registry.cases.open(person.id, FACTS_1B)  # a real second case: only the receipt's uniqueness can refuse
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: payments.receipt_code"):
        registry.db.execute("INSERT INTO payments (uuid, case_id, kind, receipt_code, paid_on, amount_cents, recorded_at) "
                            "VALUES ('u2', ?, 'ate', '0623/300605/129009', '2005-06-30', 100, 'now')", [other.id])


def test_wrong_receipt_code_changes_nothing(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    registry.cases.move(case.id, "awaiting_payment")
    with pytest.raises(InvalidReceipt):
        registry.payments.record_ate(case.id, "0623/310605/129009", Decimal("798.48"))
    assert registry.payments.for_case(case.id) is None


def test_amount_must_match_unless_a_reason_is_recorded(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    registry.cases.move(case.id, "awaiting_payment")
    with pytest.raises(AmountMismatch, match="798[.,]48"):
        registry.payments.record_ate(case.id, "0623/300605/129009", Decimal("700.00"))
    payment = registry.payments.record_ate(case.id, "0623/300605/129009", Decimal("700.00"),
                                           override_reason="OGA έγγραφο 1234/2005")
    assert payment.amount == Decimal("700.00") and payment.override_reason


def test_money_is_stored_as_exact_cents(registry, person):
    case = paid_case(registry, person.id)
    assert registry.db.execute("SELECT amount_cents FROM payments WHERE case_id = ?", [case.id]).fetchone()[0] == 79848


def test_1alpha_amount_from_hq_list_and_elta_receipt(registry, person):
    case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "active"})
    assert case.amount is None
    with pytest.raises(RegistryError):
        registry.cases.move(case.id, "awaiting_payment")  # amount not known yet
    registry.cases.set_amount(case.id, Decimal("312.40"), source="hq_list", reference="Κατάσταση ΟΓΑ 2005/α")
    registry.cases.move(case.id, "awaiting_payment")
    payment = registry.payments.record_elta(case.id, "ΕΛΤΑ 998877", date(2005, 9, 20), Decimal("312.40"))
    assert payment.kind == "elta" and payment.receipt_code is None
    assert settle_for_issue(registry, case.id) == []
    cert = registry.certificates.issue(case.id)
    assert cert.model == 1


@pytest.mark.parametrize(("start", "target"), [
    ("draft", "paid"), ("draft", "issued"), ("draft", "forwarded"),
])
def test_illegal_transitions_are_refused(registry, person, start, target):
    case = registry.cases.open(person.id, FACTS_1B)
    with pytest.raises(IllegalTransition):
        registry.cases.move(case.id, target)


def test_cancel_needs_a_reason_and_is_final(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    with pytest.raises(RegistryError):
        registry.cases.cancel(case.id, " ")
    cancelled = registry.cases.cancel(case.id, "Λάθος πρόσωπο")
    assert cancelled.state == "cancelled" and cancelled.cancel_reason == "Λάθος πρόσωπο"
    with pytest.raises(IllegalTransition):
        registry.cases.move(case.id, "draft")


def test_not_oga_case_is_archived_from_draft(registry, person):
    case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "never", "works_in_agriculture": False})
    assert case.outcome == "not_oga"
    assert registry.cases.move(case.id, "archived").state == "archived"


def test_certificate_only_for_paid_case(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    with pytest.raises(RegistryError, match="paid"):
        registry.certificates.issue(case.id)
    assert registry.protocol.entries() == []


def test_certificates_are_never_deleted_nor_changed(registry, person):
    cert = registry.certificates.issue(paid_case(registry, person.id).id, render=lambda r, c: b"%PDF-1")
    db = registry.db
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM certificates")
    for column, value in [("protocol_no", 99), ("issued_on", "2001-01-01"), ("pdf", b"other"), ("verification_code", "X")]:
        with pytest.raises(sqlite3.IntegrityError, match="never change"):
            db.execute(f"UPDATE certificates SET {column} = ? WHERE id = ?", [value, cert.id])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM payments")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE payments SET amount_cents = 1")


def test_void_keeps_the_number_and_reissue_takes_the_next(registry, person):
    case = paid_case(registry, person.id)
    cert = registry.certificates.issue(case.id, on=date(2005, 10, 7))
    voided = registry.certificates.void(cert.id, "Λάθος στο όνομα")
    assert voided.voided_at and voided.protocol == "1/2005"
    with pytest.raises(RegistryError):
        registry.certificates.void(cert.id, "again")
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("UPDATE certificates SET voided_at = NULL, void_reason = '' WHERE id = ?", [cert.id])
    assert registry.cases.get(case.id).state == "paid"  # on the same payment, a corrected certificate
    again = registry.certificates.issue(case.id, on=date(2005, 10, 8))
    assert again.protocol == "2/2005" and registry.certificates.valid_for_case(case.id) == again
    assert registry.cases.get(case.id).state == "issued"
    with pytest.raises(RegistryError):
        registry.cases.move(case.id, "paid")  # only by voiding


def test_prints_and_reprints_are_logged(registry, person):
    cert = registry.certificates.issue(paid_case(registry, person.id).id, render=lambda r, c: b"%PDF-same")
    registry.certificates.log_print(cert.id, 3)
    registry.certificates.log_print(cert.id, 1, reprint=True, note="χάθηκε το αντίγραφο")
    prints = registry.certificates.prints(cert.id)
    assert [(p[1], p[2]) for p in prints] == [(3, False), (1, True)]
    assert registry.certificates.pdf(cert.id) == b"%PDF-same"


def test_renderer_failure_leaves_no_number_and_no_certificate(registry, person):
    case = paid_case(registry, person.id)

    def broken(reg, cert):
        raise OSError("printer driver crashed")

    with pytest.raises(OSError):
        registry.certificates.issue(case.id, render=broken)
    assert registry.protocol.entries() == []
    assert registry.certificates.for_case(case.id) == []
    assert registry.cases.get(case.id).state == "paid"


def test_answers_frozen_once_paid(registry, person):
    case = paid_case(registry, person.id)
    with pytest.raises(IllegalTransition):
        registry.cases.decide(case.id, {**FACTS_1B, "oga_status": "never"})


def test_warnings_and_residence_proof_are_recorded(registry, person):
    case = registry.cases.open(person.id, {"provision": "par11", "works_in_agriculture": True})
    case = registry.cases.acknowledge_warnings(case.id, ["par11_residence_proof"], residence_proof="tax_number")
    assert case.warnings_given == ("par11_residence_proof",) and case.residence_proof == "tax_number"


def test_future_receipt_date_is_refused(registry, person):
    case = registry.cases.open(person.id, FACTS_1B)
    registry.cases.move(case.id, "awaiting_payment")
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InvalidReceipt):
        registry.payments.record_ate(case.id, f"0623/{tomorrow:%d%m%y}/129009", Decimal("798.48"))


def test_a_draft_keeps_answers_too_few_to_decide_on(registry, person):
    from correspondent_app.domain.rules import FactError

    case = registry.cases.open(person.id, FACTS_1B)
    kept = registry.cases.save_answers(case.id, {"provision": "par10", "oga_status": "never"})
    assert (kept.facts, kept.outcome, kept.category, kept.amount, kept.state) == (
        {"provision": "par10", "oga_status": "never"}, None, None, None, "draft")  # the old decision went with its answers
    with pytest.raises(FactError):
        registry.cases.save_answers(case.id, {"oga_status": "retired"})
    registry.cases.decide(case.id, {**FACTS_1B, "oga_status": "never"})
    registry.cases.move(case.id, "awaiting_payment")
    with pytest.raises(IllegalTransition):
        registry.cases.save_answers(case.id, {"provision": "par10"})


def test_a_warning_tick_taken_back_is_taken_back(registry, person):
    case = registry.cases.open(person.id, {"provision": "par11", "works_in_agriculture": True})
    registry.cases.set_warnings_given(case.id, ["par11_residence_proof", "par10_not_par11"], "tax_number")
    cleared = registry.cases.set_warnings_given(case.id, ["par10_not_par11"], "")
    assert (cleared.warnings_given, cleared.residence_proof) == (("par10_not_par11",), "")
    entries = registry.db.execute("SELECT COUNT(*) FROM audit WHERE action = 'warnings'").fetchone()[0]
    registry.cases.set_warnings_given(case.id, ["par10_not_par11"], "")  # nothing changed: no audit entry
    assert registry.db.execute("SELECT COUNT(*) FROM audit WHERE action = 'warnings'").fetchone()[0] == entries
