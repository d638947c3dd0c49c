"""Sample documents with a visible ΔΕΙΓΜΑ / SPECIMEN mark, for training and review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from correspondent_app.documents.context import DocumentContext, PaymentInfo
from correspondent_app.domain.programme import load_programme
from correspondent_app.domain.rules import decide
from correspondent_app.registry.persons import Person
from correspondent_app.registry.profile import Profile

OFFICE = Profile(uuid="00000000-0000-4000-8000-000000000000", community="Κοινότητα Αγίου Αθανασίου",
                 municipality="Δήμος Μυγδονίας", prefecture="Ν. Θεσσαλονίκης", correspondent_name="Μαρία Παπαδοπούλου",
                 oga_branch="Περιφερειακό Υποκατάστημα ΟΓΑ Θεσσαλονίκης")
PERSON = Person(surname_el="Χότζα", name_el="Αρμπέν", surname_lat="HOXHA", name_lat="ARBEN", father_name="Ιλίρ",
                birth_date=date(1975, 3, 14), nationality="AL", passport_no="BA1234567", residence_doc="complete_dossier",
                residence_doc_no="ΘΕΣ-2005/118734", amka="", oga_no="")
FACTS = {
    "1α": {"provision": "par10", "oga_status": "active"},
    "1β": {"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True},
    "1γ": {"provision": "par10", "oga_status": "pending", "works_in_agriculture": True},
    "1δ": {"provision": "par10", "oga_status": "never", "works_in_agriculture": True},
    "2": {"provision": "par11", "works_in_agriculture": True},
}


def sample_context(category: str = "1β", *, issued: bool = True) -> DocumentContext:
    decision = decide(FACTS[category])
    amount = decision.amount or Decimal("312.40")
    payment = (PaymentInfo("elta", None, "5512 0088 7711", date(2005, 9, 20), amount) if category == "1α"
               else PaymentInfo("ate", "0623/300605/129009", "", date(2005, 6, 30), amount))
    person = PERSON if category != "1α" else Person(**{**PERSON.__dict__, "oga_no": "4480012345"})
    return DocumentContext(
        office=OFFICE, person=person, decision=decision, programme=load_programme(), amount=amount,
        amount_reference="Κατάσταση Διοίκησης ΟΓΑ 2005" if category == "1α" else "",
        payment=payment if issued else None,
        protocol_no=38 if issued else None, protocol_year=2005 if issued else None,
        issued_on=date(2005, 10, 7), verification_code="7K2M-Q9XD-4HTA" if issued else "",
        qr_payload="OGA1|2005|38|SPECIMEN" if issued else "", specimen=True, prepared_on=date(2005, 10, 7),
    )
