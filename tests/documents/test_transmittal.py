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


def test_the_archive_copy_is_itemised_with_its_attachments(registry):
    par10 = paid_case(registry, "1γ")
    par11 = paid_case(registry, "2", code="0623/300605/129012", surname="Ιβάνοφ")
    certificates = [issue_certificate(registry, case.id) for case in (par10, par11)]
    for case in (par10, par11):
        registry.transmittals.enqueue(case.id, ["Δελτίο Απογραφής", "Αντίγραφο αρχείου της βεβαίωσης με τα συνημμένα του"])
    sent = send_transmittal(registry, [par10.id, par11.id], recipient="Π.Υ. ΟΓΑ Θεσσαλονίκης")
    text = " ".join(pages_text(registry.transmittals.pdf(sent.id)))
    for cert in certificates:
        assert f"Αντίγραφο αρχείου της βεβαίωσης {cert.protocol}, με συνημμένα:" in text
    assert text.count("Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ") == 2
    assert text.count("Υπεύθυνη Δήλωση του ν. 1599/86") == 2
    assert text.count("βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)") == 1  # par. 11 has no Labour Directorate paper
    assert "με τα συνημμένα του " not in text  # the queued wording, replaced (not «…τους:» of the intro)


def long_transmittal(count=25):
    from datetime import date

    from correspondent_app.documents import transmittal
    from correspondent_app.documents.specimens import OFFICE

    lines = [transmittal.TransmittalLine(f"Παπαδόπουλος-Χότζα Αρμπέν (PAPADOPOULOS-HOXHA ARBEN)", "1δ", f"{i}/2005",
                                         "0623/300605/129009", ("Δελτίο Απογραφής", "Αντίγραφο αρχείου",
                                                                "– Υπεύθυνη Δήλωση του ν. 1599/86"))
             for i in range(1, count + 1)]
    return transmittal.render(OFFICE, protocol="52/2005", sent_on=date(2005, 11, 3), recipient=OFFICE.oga_branch,
                              lines=lines)


def test_a_long_transmittal_is_numbered_and_signed_once_at_the_end():
    pages = pages_text(long_transmittal())
    assert len(pages) > 2
    for number, text in enumerate(pages, 1):
        assert f"Σελίδα {number} από {len(pages)}" in text
        assert "Αρ. Πρωτ.: 52/2005" in text  # every page says which transmittal it belongs to
    assert ["Ο/Η Ανταποκριτής ΟΓΑ" in text for text in pages] == [False] * (len(pages) - 1) + [True]
    assert "Μαρία Παπαδοπούλου" in pages[-1] and "Σύνολο: 25 υποθέσεις." in pages[-1]


def test_names_break_at_their_hyphen_never_inside_a_word(tmp_path):
    from .conftest import word_boxes

    allowed = {"Παπαδόπουλος-Χότζα", "Παπαδόπουλος-", "Χότζα", "(PAPADOPOULOS-HOXHA", "(PAPADOPOULOS-", "HOXHA"}
    pieces = {w for page in word_boxes(long_transmittal(3), tmp_path) for w, *_ in page if "Χότζ" in w or "Παπαδ" in w
              or "PAPADOP" in w or "HOXH" in w} - {"Παπαδοπούλου"}  # (the correspondent)
    assert pieces and pieces <= allowed, pieces


def test_the_branch_is_the_addressee_not_part_of_the_sender():
    (text,) = pages_text(long_transmittal(1))
    assert text.count("Περιφερειακό Υποκατάστημα ΟΓΑ Θεσσαλονίκης") == 1
    assert "Προς: Περιφερειακό Υποκατάστημα ΟΓΑ Θεσσαλονίκης" in text
