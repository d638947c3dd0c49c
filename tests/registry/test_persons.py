"""Persons: validation, duplicates, search by any name form or number."""

from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.registry.persons import LikelyDuplicate, PersonInvalid



def test_add_and_read_back(registry, person):
    again = registry.persons.get(person.id)
    assert again == person
    assert again.birth_date == date(1975, 3, 14) and again.nationality == "AL"
    assert len(again.uuid) == 36


def test_surname_is_required(registry):
    with pytest.raises(PersonInvalid) as err:
        registry.persons.add({"name_el": "Αρμπέν"})
    assert "surname_el" in err.value.errors


@pytest.mark.parametrize(("field", "value"), [
    ("nationality", "XX"), ("birth_date", date(2999, 1, 1)), ("afm", "123456789"), ("residence_doc", "visa"),
])
def test_invalid_fields_are_named(registry, field, value):
    with pytest.raises(PersonInvalid) as err:
        registry.persons.add({"surname_lat": "TEST", field: value})
    assert field in err.value.errors


def test_same_passport_is_a_likely_duplicate(registry, person):
    with pytest.raises(LikelyDuplicate) as err:
        registry.persons.add({"surname_lat": "OTHER", "passport_no": "ab1234567"})
    assert [p.id for p in err.value.matches] == [person.id]


def test_same_surname_and_birth_date_is_a_likely_duplicate_across_scripts(registry, person):
    with pytest.raises(LikelyDuplicate):
        registry.persons.add({"surname_el": "Χότζα", "birth_date": date(1975, 3, 14)})
    saved = registry.persons.add({"surname_el": "Χότζα", "birth_date": date(1975, 3, 14)}, allow_duplicate=True)
    assert saved.id != person.id


@pytest.mark.parametrize("query", ["Χότζα", "ΧΟΤΖΑ", "χοτζα", "Hoxha"[:0] + "Chotza", "Αρμπ", "arben", "ARB", "χότ αρμ"])
def test_search_by_any_name_form(registry, person, query):
    assert person.id in [p.id for p in registry.persons.search(query)]


@pytest.mark.parametrize("query", ["AB1234567", "ab 1234567"])
def test_search_by_passport(registry, person, query):
    assert [p.id for p in registry.persons.search(query)] == [person.id]


def test_search_by_amka_and_oga_number(registry):
    p = registry.persons.add({"surname_lat": "IVANOV", "amka": "", "oga_no": "1234567890"})
    assert [x.id for x in registry.persons.search("1234567890")] == [p.id]


def test_search_does_not_match_others(registry, person):
    registry.persons.add({"surname_lat": "IVANOV", "name_lat": "PETAR"})
    assert [p.surname_lat for p in registry.persons.search("ivan")] == ["IVANOV"]
    assert registry.persons.search("zzz") == []
    assert registry.persons.search("") == []


def test_update_reindexes_the_name(registry, person):
    registry.persons.update(person.id, {"surname_el": "Μπέρισα", "surname_lat": "BERISHA"})
    assert registry.persons.search("Χότζα") == []
    assert [p.id for p in registry.persons.search("berisha")] == [person.id]


def test_changes_are_in_the_audit_trail(registry, person):
    registry.persons.update(person.id, {"phone": "2310 000000"})
    actions = [r[0] for r in registry.db.execute("SELECT action FROM audit WHERE entity = 'person'")]
    assert actions == ["add", "update"]


def test_keys_made_by_an_older_version_are_recomputed_on_open(tmp_path):
    """A registry written before the search folds changed still finds everyone."""
    from correspondent_app.registry import Registry
    from correspondent_app.registry.db import connect
    from correspondent_app.registry.registry import migrate

    path = tmp_path / "v3.sqlite"
    db = connect(path)
    migrate(db, target=3)  # before the `derived` table existed
    db.execute("INSERT INTO persons (uuid, surname_el, surname_lat, name_lat, search_keys, created_at, updated_at) "
               "VALUES ('u1', 'Μπερίσα', 'BERISHA', 'ILIR', 'berisa ilir', '2005-07-01', '2005-07-01')")
    db.conn.commit()
    db.conn.close()
    with Registry.open(path, backup_dir=tmp_path / "bk") as reg:
        assert [p.surname_el for p in reg.persons.search("Μπερ")] == ["Μπερίσα"]  # typed Greek, stale key was "berisa"
        assert [p.surname_el for p in reg.persons.search("Berisha")] == ["Μπερίσα"]
        assert reg.persons.refresh_search_keys() == 0, "the keys are current now"
        assert reg.db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'person'").fetchone()[0] == 0, \
            "derived keys are not changes of the person"


def test_passport_and_oga_numbers_are_found_however_typed(registry):
    person = registry.persons.add({"surname_lat": "HOXHA", "name_lat": "ARBEN", "passport_no": "ab 123-4567",
                                   "oga_no": "12-345/6"})
    assert (person.passport_no, person.oga_no) == ("AB1234567", "123456")
    for typed in ("AB1234567", "AB 123 4567", "ab-123-4567", "12-345/6", "123456"):
        assert [p.id for p in registry.persons.search(typed)] == [person.id], typed
    from correspondent_app.registry.persons import LikelyDuplicate

    with pytest.raises(LikelyDuplicate):
        registry.persons.add({"surname_lat": "OTHER", "passport_no": "AB-1234567"})


def test_a_registry_with_numbers_stored_as_typed_compacts_them_once_and_audits_it(tmp_path):
    from correspondent_app.registry import Registry

    path = tmp_path / "r.sqlite"
    with Registry.open(path) as reg:
        person = reg.persons.add({"surname_lat": "HOXHA", "passport_no": "AB1234567"})
        reg.db.execute("UPDATE persons SET passport_no = 'AB 123 4567', oga_no = '12-345'")  # as an older release kept them
        reg.hq_lists.add_manual("ΟΓΑ 2005/1", oga_no="12345", surname="HOXHA", name="X", status="interrupted",
                                amount=Decimal("798.48"))
        reg.db.execute("UPDATE hq_list_entries SET oga_no = '12-345', person_id = NULL")  # imported before, unmatched
        reg.db.execute("DELETE FROM derived WHERE name = 'persons.id_numbers'")
    with Registry.open(path) as reg:
        assert (reg.persons.get(person.id).passport_no, reg.persons.get(person.id).oga_no) == ("AB1234567", "12345")
        entry = reg.db.execute("SELECT before, after FROM audit WHERE action = 'update' ORDER BY id DESC").fetchone()
        assert "AB 123 4567" in entry[0] and "AB1234567" in entry[1]
        assert reg.persons.compact_id_numbers() == 0  # once
        assert reg.hq_lists.entry_for_person(person.id).status == "interrupted"  # the old list still finds them


def test_a_surname_that_is_someone_elses_given_name_is_no_duplicate(registry):
    registry.persons.add({"surname_lat": "PETROV", "name_lat": "IVAN", "birth_date": date(1980, 1, 1)})
    registry.persons.add({"surname_lat": "IVAN", "name_lat": "PETRU", "birth_date": date(1980, 1, 1)})  # no warning


def test_duplicate_warning_shows_the_birth_date_day_first(registry):
    from correspondent_app.i18n import language
    from correspondent_app.registry.persons import LikelyDuplicate

    registry.persons.add({"surname_lat": "HOXHA", "birth_date": date(1975, 3, 14)})
    with language("el"), pytest.raises(LikelyDuplicate) as err:
        registry.persons.add({"surname_el": "Χότζα", "birth_date": date(1975, 3, 14)})
    assert "14/03/1975" in str(err.value)
