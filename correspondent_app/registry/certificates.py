"""Certificates: numbered in the protocol book in the same transaction, never deleted.

Issuing takes the next protocol number, records the certificate, renders
its PDF and keeps the exact bytes (a reprint is identical), and moves the
case to "issued" — all in one ``BEGIN IMMEDIATE`` transaction, so a crash
leaves either all of it or none. A wrong certificate is voided with a
reason; it keeps its number.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from correspondent_app.i18n import _, language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import dumps, new_uuid, now

# Crockford's base32: no I, L, O, U, so a code read aloud or typed is unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Certificate:
    id: int
    uuid: str
    case_id: int
    payment_id: int
    model: int
    protocol_year: int
    protocol_no: int
    issued_on: date
    verification_code: str
    pdf_sha256: str | None
    voided_at: str | None
    void_reason: str

    @property
    def protocol(self) -> str:
        return f"{self.protocol_no}/{self.protocol_year}"


#: Renders a certificate's PDF: (registry, certificate) -> bytes.
Renderer = Callable[[object, Certificate], bytes]

_COLUMNS = ("id, uuid, case_id, payment_id, model, protocol_year, protocol_no, issued_on, verification_code, "
            "pdf_sha256, voided_at, void_reason")


def new_verification_code() -> str:
    """12 random base32 characters as XXXX-XXXX-XXXX (60 bits)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class IssueRefused(RegistryError):
    """The pre-issue review is not empty: ``problems`` names each thing in the way."""

    def __init__(self, problems) -> None:
        lines = "\n".join(f"• {p.message}" for p in problems)
        super().__init__(_("The certificate cannot be issued yet:\n{problems}").format(problems=lines))
        self.problems = tuple(problems)


class Certificates:
    def __init__(self, registry) -> None:
        self.registry = registry
        self.renderer: Renderer | None = None  # set by the documents package

    def get(self, certificate_id: int) -> Certificate:
        row = self.registry.db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE id = ?", [certificate_id]).fetchone()
        if row is None:
            raise RegistryError(_("No certificate with number {id}.").format(id=certificate_id))
        return _certificate(row)

    def for_case(self, case_id: int) -> list[Certificate]:
        rows = self.registry.db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE case_id = ? ORDER BY id", [case_id])
        return [_certificate(r) for r in rows]

    def valid_for_case(self, case_id: int) -> Certificate | None:
        """The case's certificate in force (the newest not voided), if any."""
        valid = [c for c in self.for_case(case_id) if not c.voided_at]
        return valid[-1] if valid else None

    def by_code(self, code: str) -> Certificate | None:
        row = self.registry.db.execute(f"SELECT {_COLUMNS} FROM certificates WHERE verification_code = ?",
                                       [code.strip().upper()]).fetchone()
        return _certificate(row) if row else None

    def review(self, case_id: int, *, on: date | None = None) -> tuple:
        """Everything still in the way of issuing the case's certificate on ``on`` (domain.guards.review).

        The counter shows this list before "Issue"; ``issue`` refuses while it is not empty.
        """
        from correspondent_app.domain.guards import Paid, review  # noqa: PLC0415
        from correspondent_app.domain.programme import load_programme  # noqa: PLC0415

        case = self.registry.cases.get(case_id)
        payment = self.registry.payments.for_case(case_id)
        profile = self.registry.profile.get()
        return review(
            case, case.decision, on=on or date.today(),
            profile=vars(profile) if profile else None,
            payment=Paid(payment.paid_on, payment.amount, payment.override_reason) if payment else None,
            listing=self.registry.cases.listing(case.person_id),
            windows=load_programme(case.programme).windows)

    def issue(self, case_id: int, *, on: date | None = None, render: Renderer | None = None) -> Certificate:
        """Number, record and (with a renderer) print-ready the certificate of a paid case.

        Refused (``IssueRefused``, naming each item) while the pre-issue review
        is not empty: documents not recorded as received, office fields that
        print left empty, warnings not given, HQ's list or the programme's
        window not acknowledged, a date before the receipt.
        """
        on = on or date.today()
        render = render or self.renderer
        with self.registry.write():
            case = self.registry.cases.get(case_id)
            if case.state != "paid":
                raise RegistryError(_("A certificate is issued only for a paid case."))
            if case.outcome != "certificate":
                raise RegistryError(_("This case has no certificate of the programme: follow OGA's instructions."))
            payment = self.registry.payments.for_case(case_id)
            if payment is None:
                raise RegistryError(_("Record the receipt before issuing the certificate."))
            problems = self.review(case_id, on=on)
            if problems:
                raise IssueRefused(problems)
            model = case.decision.certificate_model
            person = self.registry.persons.get(case.person_id)
            with language("el"):  # the protocol book is a Greek legal record
                subject = _("Certificate model {model}, case {category}: {person}").format(
                    model=model, category=case.category, person=person.display_name)
            entry = self.registry.protocol.enter("certificate", subject, on=on, person_id=person.id, case_id=case.id)
            uuid, code = new_uuid(), new_verification_code()
            facts = self._certified_facts(uuid, code, entry, on, model, case, person, payment)
            facts_json, payload = _sealed(self.registry, facts)
            cursor = self.registry.db.execute(
                "INSERT INTO certificates (uuid, case_id, payment_id, model, protocol_year, protocol_no, issued_on, "
                "verification_code, created_at, facts, qr_payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [uuid, case.id, payment.id, model, entry.year, entry.number, on.isoformat(), code, now(),
                 facts_json, payload])
            certificate = self.get(cursor.lastrowid)
            if render is not None:
                self._store_pdf(certificate, render(self.registry, certificate))
            # Every issued field is in the after-image, so `check` can compare the row with it.
            self.registry.audit("issue", "certificate", uuid, None, {
                "case": case.uuid, "payment": payment.uuid, "protocol": entry.number, "year": entry.year,
                "model": model, "code": code, "issued_on": on.isoformat(),
                "pdf_sha256": self.get(certificate.id).pdf_sha256, "facts_sha256": _sha256(facts_json)})
            self.registry.cases.move(case.id, "issued")
        return self.get(certificate.id)

    def _certified_facts(self, uuid, code, entry, on, model, case, person, payment) -> dict:
        """What the certificate certifies, as it stands at issue: signed (through its digest) in the QR.

        A later correction of the person (a passport number typed wrong) does
        not change what was certified; verification compares with these. The
        audit trail's head at this moment anchors the trail: a trail
        recomputed later no longer has this hash at this entry.
        """
        head = self.registry.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        profile = self.registry.profile.get()
        return {
            "format": 1, "installation": profile.uuid if profile else "", "certificate": uuid, "code": code,
            "protocol": {"year": entry.year, "number": entry.number}, "issued_on": on.isoformat(), "model": model,
            "case": case.uuid, "category": case.category, "provision": case.provision,
            "person": {"uuid": person.uuid, **{k: getattr(person, k) for k in CERTIFIED_PERSON_FIELDS}},
            "payment": {"uuid": payment.uuid, "kind": payment.kind, "receipt": payment.receipt_code,
                        "elta": payment.elta_reference, "paid_on": payment.paid_on,
                        "amount_cents": int(payment.amount * 100)},
            "audit_head": {"id": head[0], "hash": head[1]} if head else None,
        }

    def sealed(self, certificate_id: int) -> tuple[str | None, str | None]:
        """(facts as certified at issue, JSON; the signed QR payload); both None for a certificate before v8."""
        row = self.registry.db.execute("SELECT facts, qr_payload FROM certificates WHERE id = ?",
                                       [certificate_id]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def _store_pdf(self, certificate: Certificate, pdf: bytes) -> None:
        self.registry.db.execute("UPDATE certificates SET pdf = ?, pdf_sha256 = ? WHERE id = ?",
                                 [pdf, hashlib.sha256(pdf).hexdigest(), certificate.id])

    def pdf(self, certificate_id: int) -> bytes | None:
        """The exact bytes printed at issue."""
        row = self.registry.db.execute("SELECT pdf FROM certificates WHERE id = ?", [certificate_id]).fetchone()
        return row[0] if row else None

    def log_print(self, certificate_id: int, copies: int, *, reprint: bool = False, note: str = "") -> None:
        """Every printing is logged; a reprint is marked as such."""
        certificate = self.get(certificate_id)
        with self.registry.write():
            self.registry.db.execute(
                "INSERT INTO certificate_prints (certificate_id, printed_at, copies, reprint, note) VALUES (?, ?, ?, ?, ?)",
                [certificate_id, now(), copies, int(reprint), note])
            self.registry.audit("reprint" if reprint else "print", "certificate", certificate.uuid, None,
                                {"copies": copies, "note": note})

    def prints(self, certificate_id: int) -> list[tuple[str, int, bool, str]]:
        rows = self.registry.db.execute(
            "SELECT printed_at, copies, reprint, note FROM certificate_prints WHERE certificate_id = ? ORDER BY id",
            [certificate_id])
        return [(at, copies, bool(reprint), note) for at, copies, reprint, note in rows]

    def void(self, certificate_id: int, reason: str) -> Certificate:
        """Void a certificate with a reason; it keeps its protocol number for ever.

        An issued case goes back to "paid", so a corrected certificate can be
        issued (with the next number) on the same payment. A forwarded or
        archived case keeps its state: its papers have left the office.
        """
        if not reason.strip():
            raise RegistryError(_("Give the reason for voiding the certificate."))
        with self.registry.write():
            certificate = self.get(certificate_id)
            self.mark_void(certificate, reason)
            if self.registry.cases.get(certificate.case_id).state == "issued":
                self.registry.cases.move(certificate.case_id, "paid")
        return self.get(certificate_id)

    def mark_void(self, certificate: Certificate, reason: str) -> None:
        """Void the certificate and audit it (inside the caller's transaction); the case is the caller's."""
        if certificate.voided_at:
            raise RegistryError(_("This certificate is already void."))
        at = now()
        self.registry.db.execute("UPDATE certificates SET voided_at = ?, void_reason = ? WHERE id = ?",
                                 [at, reason.strip(), certificate.id])
        self.registry.audit("void", "certificate", certificate.uuid, None, {"reason": reason.strip(), "voided_at": at})


#: The person's facts a certificate certifies (with the person's UUID).
CERTIFIED_PERSON_FIELDS = ("surname_el", "name_el", "surname_lat", "name_lat", "father_name", "birth_date",
                           "nationality", "passport_no", "residence_doc", "residence_doc_no", "amka", "oga_no")


def _sealed(registry, facts: dict) -> tuple[str, str]:
    """The facts as stored (canonical JSON) and the signed QR payload over their digest."""
    from correspondent_app.documents.verification import seal  # noqa: PLC0415 - the payload's format lives there

    facts_json = dumps(facts)
    return facts_json, seal(registry, facts_json)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _certificate(row) -> Certificate:
    values = list(row)
    values[7] = date.fromisoformat(values[7])
    return Certificate(*values)
