"""What a document prints, gathered from the registry in one place.

Layouts receive a :class:`DocumentContext` and never query the registry, so
a specimen (sample data, no registry) and a real certificate go through the
same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from correspondent_app.domain.formatting import country_name, format_date
from correspondent_app.domain.programme import Programme, load_programme
from correspondent_app.domain.rules import Decision
from correspondent_app.registry.persons import Person
from correspondent_app.registry.profile import Profile

RESIDENCE_LABELS = {
    "permit": "Άδεια διαμονής",
    "complete_dossier": "Βεβαίωση κατάθεσης πλήρων δικαιολογητικών (ειδικό χαρτί ασφαλείας)",
    "incomplete_dossier": "Βεβαίωση κατάθεσης ελλιπών δικαιολογητικών",
    "none": "—",
}


@dataclass(frozen=True)
class PaymentInfo:
    kind: str  # "ate" | "elta"
    receipt_code: str | None
    elta_reference: str
    paid_on: date
    amount: Decimal
    #: why an amount other than the one due was accepted (recorded with the payment); "" when they agree
    override_reason: str = ""


@dataclass(frozen=True)
class DocumentContext:
    office: Profile
    person: Person
    decision: Decision
    programme: Programme
    amount: Decimal | None
    amount_reference: str = ""
    payment: PaymentInfo | None = None
    protocol_no: int | None = None
    protocol_year: int | None = None
    issued_on: date | None = None
    verification_code: str = ""
    qr_payload: str = ""
    specimen: bool = False
    case_uuid: str = ""
    extras: dict = field(default_factory=dict)
    #: protocol («N/YYYY») of the voided certificate this one replaces, if it is a reissue
    replaces: str = ""
    #: the day a paper prepared at the counter (bank form, note) is dated; None: the day it is printed
    prepared_on: date | None = None
    #: the clerk's answer to "is this correspondent the competent one?" (False: the person is referred)
    competent_here: bool | None = None

    @property
    def category(self) -> str | None:
        return self.decision.category

    @property
    def protocol(self) -> str:
        if self.protocol_no is None:
            return "……/……"
        return f"{self.protocol_no}/{self.protocol_year}"

    @property
    def date_text(self) -> str:
        return format_date(self.issued_on) if self.issued_on else "……/……/……"

    @property
    def prepared_text(self) -> str:
        """The date a paper handed over at the counter carries: the day it is prepared."""
        return format_date(self.prepared_on or date.today())

    @property
    def paid_amount(self) -> Decimal | None:
        """What the receipt says was paid (None before payment): the amount a certificate states."""
        return self.payment.amount if self.payment is not None else None

    @property
    def amount_differs(self) -> bool:
        """The receipt's amount is not the amount due (accepted only with a recorded reason)."""
        return self.payment is not None and self.amount is not None and self.payment.amount != self.amount

    @property
    def provision_label(self) -> str:
        return self.programme.provisions[self.decision.provision].label("el")

    def person_rows(self, *, residence: bool = True) -> list[tuple[str, str]]:
        """(label, value) lines identifying the person, as every document prints them.

        ``residence=False`` leaves out the residence document (the bank has no use for it); the OGA
        registry number, when the person has one, is always the last line.
        """
        p = self.person
        rows = [
            ("Επώνυμο – Όνομα", " ".join(x for x in (p.surname_el, p.name_el) if x) or "—"),
            ("Ονοματεπώνυμο στο διαβατήριο", " ".join(x for x in (p.surname_lat, p.name_lat) if x) or "—"),
            ("Πατρώνυμο", p.father_name or "—"),
            ("Ημερομηνία γέννησης", format_date(p.birth_date) if p.birth_date else "—"),
            ("Υπηκοότητα", country_name(p.nationality, "el") if p.nationality else "—"),
            ("Αριθμός διαβατηρίου", p.passport_no or "—"),
        ]
        if residence:
            rows.append(("Έγγραφο διαμονής", _residence(p)))
        if p.oga_no:
            rows.append(("Αριθμός Μητρώου ΟΓΑ", p.oga_no))
        return rows


def _residence(p: Person) -> str:
    label = RESIDENCE_LABELS.get(p.residence_doc, p.residence_doc)
    if p.residence_doc == "none":  # no document: a number or dates left over from an earlier answer mean nothing
        return label
    details = []
    if p.residence_doc_no:
        details.append(f"αρ. {p.residence_doc_no}")
    if p.residence_valid_from and p.residence_valid_to:
        details.append(f"ισχύς {format_date(p.residence_valid_from)} – {format_date(p.residence_valid_to)}")
    return label + (f" ({', '.join(details)})" if details else "")


def context_for_case(registry, case_id: int, certificate=None, qr_payload: str = "") -> DocumentContext:
    """Gather a case's document data from the registry (with its certificate if issued)."""
    case = registry.cases.get(case_id)
    payment = registry.payments.for_case(case_id)
    profile = registry.profile.get()
    return DocumentContext(
        office=profile,
        person=registry.persons.get(case.person_id),
        decision=case.decision,
        programme=load_programme(case.programme),
        amount=payment.amount if payment and case.amount is None else case.amount,
        amount_reference=case.amount_reference,
        payment=PaymentInfo(payment.kind, payment.receipt_code, payment.elta_reference, payment.paid_on,
                            payment.amount, payment.override_reason) if payment else None,
        protocol_no=certificate.protocol_no if certificate else None,
        protocol_year=certificate.protocol_year if certificate else None,
        issued_on=certificate.issued_on if certificate else None,
        verification_code=certificate.verification_code if certificate else "",
        qr_payload=qr_payload,
        specimen=bool(profile and profile.demo),
        case_uuid=case.uuid,
        replaces=_replaced(registry, case_id, certificate),
        competent_here=case.competent_here,
    )


def _replaced(registry, case_id: int, certificate) -> str:
    """The protocol of the certificate voided before ``certificate`` was issued for the same case."""
    if certificate is None:
        return ""
    voided = [c for c in registry.certificates.for_case(case_id) if c.voided_at and c.id < certificate.id]
    return voided[-1].protocol if voided else ""
