"""NUL and bidirectional controls never reach names or office fields (issue 15, item 15)."""

import pytest

from correspondent_app.registry.persons import PersonInvalid
from correspondent_app.registry.profile import IncompleteProfile
from tests.office import OFFICE

HIDDEN = ["\x00", "\u202e", "\u202d", "\u2066", "\u200f", "\u200b", "\ufeff", "\x1b"]


@pytest.mark.parametrize("char", HIDDEN)
@pytest.mark.parametrize("field", ["surname_lat", "name_el", "father_name", "passport_no", "address"])
def test_a_person_with_a_hidden_character_is_refused(registry, field, char):
    data = {"surname_lat": "HOXHA", "name_lat": "ARBEN", field: f"AB{char}CD"}
    with pytest.raises(PersonInvalid) as refused:
        registry.persons.add(data)
    assert field in refused.value.errors and f"U+{ord(char):04X}" in refused.value.errors[field]
    assert registry.persons.count() == 0


def test_renaming_a_person_with_an_override_is_refused(registry, person):
    with pytest.raises(PersonInvalid):
        registry.persons.update(person.id, {"surname_lat": "HOX\u202eAH"})
    assert registry.persons.get(person.id).surname_lat == "HOXHA"


@pytest.mark.parametrize("char", HIDDEN)
@pytest.mark.parametrize("field", ["community", "correspondent_name", "oga_branch"])
def test_an_office_field_with_a_hidden_character_is_refused(registry, field, char):
    before = registry.profile.get()
    with pytest.raises(IncompleteProfile, match="invisible") as refused:
        registry.profile.save(**{**OFFICE, field: f"Κοινότητα{char} Τεστ"})
    assert refused.value.fields == [field]
    assert registry.profile.get() == before


def test_greek_latin_and_punctuation_are_welcome(registry):
    person = registry.persons.add({"surname_lat": "O'NEIL-ÇAKA", "surname_el": "Χότζα-Ντόκο", "address": "Οδός 3, Τ.Κ. 123"})
    assert person.surname_lat == "O'NEIL-ÇAKA"
