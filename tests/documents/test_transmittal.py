"""The transmittal queue and its numbered PDF."""

import pytest

from correspondent_app.documents.issuing import issue_certificate, send_transmittal
from correspondent_app.registry import RegistryError
from correspondent_app.registry.checks import check_registry

from .conftest import paid_case, pages_text


def test_queue_send_and_number(registry):
    first = paid_case(registry, "1γ")
    second = paid_case(registry, "1δ", code="0623/300605/129011", surname="Ιβάνοφ")
    for case in (first, second):
        issue_certificate(registry, case.id)
    registry.transmittals.enqueue(first.id, ["Δελτίο Απογραφής", "Αντίγραφο αρχείου βεβαίωσης με συνημμένα"])
    registry.transmittals.enqueue(second.id, ["Δελτίο Απογραφής"])
    assert [c for c, _ in registry.transmittals.queue()] == [first.id, second.id]
    sent = send_transmittal(registry, [first.id, second.id], recipient="Π.Υ. ΟΓΑ Θεσσαλονίκης")
    assert sent.protocol_no == 3  # after the two certificates
    assert registry.cases.get(first.id).state == "forwarded"
    assert registry.transmittals.queue() == []
    (text,) = pages_text(registry.transmittals.pdf(sent.id))
    assert "ΔΙΑΒΙΒΑΣΤΙΚΟ" in text and f"Αρ. Πρωτ.: {sent.protocol}" in text and "Ιβάνοφ" in text
    assert "0623/300605/129011" in text
    assert check_registry(registry) == []


def test_only_issued_cases_are_queued(registry):
    case = paid_case(registry, "1β")
    with pytest.raises(RegistryError):
        registry.transmittals.enqueue(case.id, ["x"])
    with pytest.raises(RegistryError):
        send_transmittal(registry, [case.id], recipient="ΟΓΑ")
    assert registry.protocol.entries() == []


def test_a_paid_art7_case_is_forwarded_as_oga_instructs_without_a_certificate(registry):
    from decimal import Decimal

    from correspondent_app.registry.cases import IllegalTransition

    certificate_case = paid_case(registry, "1δ")
    with pytest.raises(IllegalTransition):
        registry.cases.move(certificate_case.id, "forwarded")  # its certificate first
    person_id = certificate_case.person_id
    case = registry.cases.open(person_id, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True,
                                           "art7_worker": True})
    registry.cases.set_amount(case.id, Decimal("450.00"), source="oga", reference="ΟΓΑ έγγρ. 1234/2005")
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, "0623/300605/129030", Decimal("450.00"))
    registry.transmittals.enqueue(case.id, ["Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ"])
    sent = send_transmittal(registry, [case.id], recipient="Π.Υ. ΟΓΑ Θεσσαλονίκης")
    assert registry.cases.get(case.id).state == "forwarded"
    (text,) = pages_text(registry.transmittals.pdf(sent.id))
    assert "0623/300605/129030" in text and "Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ" in text
    assert check_registry(registry) == []
