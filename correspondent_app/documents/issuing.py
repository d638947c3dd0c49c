"""Issuing a certificate: the registry numbers it, this module prints it.

``issue_certificate`` is what the counter calls: protocol number, record,
signed QR payload, PDF bytes kept in the registry, case moved to "issued",
all in the registry's one transaction.
"""

from __future__ import annotations

from datetime import date

from correspondent_app.documents import model1, model3, transmittal
from correspondent_app.documents.context import context_for_case
from correspondent_app.documents.verification import signed_payload

MODELS = {1: model1, 3: model3}
ART7_LABEL = {"ask_oga": "άρθ. 7"}  # art. 7 ν. 3232/2004 cases have no category of the programme


def render_certificate(registry, certificate) -> bytes:
    """The PDF of a just-numbered certificate (called inside the issuing transaction)."""
    ctx = context_for_case(registry, certificate.case_id, certificate, qr_payload=signed_payload(registry, certificate))
    return MODELS[certificate.model].render(ctx)


def issue_certificate(registry, case_id: int, *, on: date | None = None):
    return registry.certificates.issue(case_id, on=on, render=render_certificate)


#: How the queue names the archive copy of a certificate (domain.registration.forward_contents in Greek or
#: English, or older free text): it is itemised on the transmittal with what it carries.
ARCHIVE_COPY = ("αντίγραφο αρχείου", "archive copy")
MODEL1_ATTACHMENTS = ["Φωτοαντίγραφο της απόδειξης πληρωμής (ΕΛΤΑ ή ΑΤΕ)",
                      "Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)"]


def itemised_contents(contents, certificate, decision) -> tuple[str, ...]:
    """The queued contents with the archive copy spelled out: which certificate, and each of its
    attachments (photocopy of the ATE receipt, the solemn declaration, for par. 10 the Labour
    Directorate's certificate) as a sub-item."""
    out: list[str] = []
    for item in contents:
        if certificate is None or not any(marker in item.casefold() for marker in ARCHIVE_COPY):
            out.append(item)
            continue
        out.append(f"Αντίγραφο αρχείου της βεβαίωσης {certificate.protocol}, με συνημμένα:")
        attached = MODEL1_ATTACHMENTS if certificate.model == 1 else model3.attachments_for(decision)
        out += [f"{transmittal.SUB_ITEM}{a}" for a in attached]
    return tuple(out)


def render_transmittal(registry, sent) -> bytes:
    """The PDF of a just-numbered transmittal (called inside its transaction)."""
    lines = []
    for case_id, contents in sent.items:
        case = registry.cases.get(case_id)
        person = registry.persons.get(case.person_id)
        certificate = registry.certificates.valid_for_case(case_id)
        payment = registry.payments.for_case(case_id)
        lines.append(transmittal.TransmittalLine(
            person.display_name, case.category or ART7_LABEL.get(case.outcome, ""), certificate.protocol if certificate else "",
            (payment.receipt_code or payment.elta_reference) if payment else "",
            itemised_contents(contents, certificate, case.decision)))
    profile = registry.profile.get()
    return transmittal.render(profile, protocol=sent.protocol, sent_on=sent.sent_on, recipient=sent.recipient,
                              lines=lines, specimen=profile.demo)


def send_transmittal(registry, case_ids: list[int], *, recipient: str, on: date | None = None):
    return registry.transmittals.send(case_ids, recipient=recipient, on=on, render=render_transmittal)
