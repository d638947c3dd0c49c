"""Issuing a certificate: the registry numbers it, this module prints it.

``issue_certificate`` is what the counter calls: protocol number, record,
signed QR payload, PDF bytes kept in the registry, case moved to "issued",
all in the registry's one transaction.
"""

from __future__ import annotations

from datetime import date

from correspondent_app.documents import model1, model3
from correspondent_app.documents.context import context_for_case
from correspondent_app.documents.verification import signed_payload

MODELS = {1: model1, 3: model3}


def render_certificate(registry, certificate) -> bytes:
    """The PDF of a just-numbered certificate (called inside the issuing transaction)."""
    ctx = context_for_case(registry, certificate.case_id, certificate, qr_payload=signed_payload(registry, certificate))
    return MODELS[certificate.model].render(ctx)


def issue_certificate(registry, case_id: int, *, on: date | None = None):
    return registry.certificates.issue(case_id, on=on, render=render_certificate)
