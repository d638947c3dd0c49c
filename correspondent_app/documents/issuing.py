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
from correspondent_app.registry.transmittals import is_archive_copy

MODELS = {1: model1, 3: model3}
ART7_LABEL = {"ask_oga": "άρθ. 7"}  # art. 7 ν. 3232/2004 cases have no category of the programme


def render_certificate(registry, certificate) -> bytes:
    """The PDF of a just-numbered certificate (called inside the issuing transaction)."""
    ctx = context_for_case(registry, certificate.case_id, certificate, qr_payload=signed_payload(registry, certificate))
    return MODELS[certificate.model].render(ctx)


def issue_certificate(registry, case_id: int, *, on: date | None = None):
    return registry.certificates.issue(case_id, on=on, render=render_certificate)


class NoArchiveCopy(ValueError):
    """A model 1 certificate is printed once (002 §1α): no transmittal lists an archive copy of it."""


def itemised_contents(contents, certificate, decision) -> tuple[str, ...]:
    """The queued contents with the archive copy spelled out: which certificate, and each of its
    attachments (photocopy of the ATE receipt, the solemn declaration, for par. 10 the Labour
    Directorate's certificate) as a sub-item.

    Only a model 3 has an archive copy (the registry refuses to queue one of a model 1); should one
    reach here all the same, the transmittal is not printed rather than list a paper that does not exist.
    """
    out: list[str] = []
    for item in contents:
        if certificate is None or not is_archive_copy(item):
            out.append(item)
            continue
        if certificate.model != model3.MODEL:
            raise NoArchiveCopy(f"certificate {certificate.protocol} (model {certificate.model}) has no archive copy")
        out.append(f"Αντίγραφο αρχείου της βεβαίωσης {certificate.protocol}, με συνημμένα:")
        out += [f"{transmittal.SUB_ITEM}{a}" for a in model3.attachments_for(decision)]
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
            itemised_contents(contents, certificate, case.decision), payment.kind if payment else "ate"))
    profile = registry.profile.get()
    return transmittal.render(profile, protocol=sent.protocol, sent_on=sent.sent_on, recipient=sent.recipient,
                              lines=lines, specimen=profile.demo)


def send_transmittal(registry, case_ids: list[int], *, recipient: str, on: date | None = None):
    return registry.transmittals.send(case_ids, recipient=recipient, on=on, render=render_transmittal)
