"""A real registry file in a temporary folder for every test."""

from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import Registry

TODAY = date.today()


@pytest.fixture()
def registry(tmp_path):
    reg = Registry.open(tmp_path / "registry.sqlite", actor="tester")
    reg.profile.save(community="Κοινότητα Αγίου Νικολάου", municipality="Δήμος Τεστ", prefecture="Ν. Τεστ",
                     correspondent_name="Μαρία Παπαδοπούλου", oga_branch="Π.Υ. ΟΓΑ Τεστ")
    yield reg
    reg.close()


PERSON = {
    "surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA", "name_lat": "ARBEN",
    "father_name": "Ιλίρ", "birth_date": date(1975, 3, 14), "nationality": "AL", "passport_no": "AB1234567",
    "residence_doc": "complete_dossier",
}


@pytest.fixture()
def person(registry):
    return registry.persons.add(dict(PERSON))


FACTS_1B = {"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True}


def paid_case(registry, person_id, code="0623/300605/129009", facts=FACTS_1B, amount=Decimal("798.48"), *,
              settle=True, override_reason=""):
    """A paid case; ``settle``: with what the pre-issue review asks recorded, so that it may issue."""
    case = registry.cases.open(person_id, facts)
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, code, amount, override_reason=override_reason)
    if settle:
        assert settle_for_issue(registry, case.id) == []
    return registry.cases.get(case.id)
