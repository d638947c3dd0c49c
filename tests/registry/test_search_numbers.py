"""Issue 16, item 8: any part of a number finds the person, also typed on the Greek layout;
results come best match first, then by surname and name, with a capped count."""

from datetime import date

import pytest

from correspondent_app.domain.keyboard import latin_keys
from correspondent_app.registry import Registry


@pytest.fixture()
def hoxha(registry):
    return registry.persons.add({"surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA",
                                 "name_lat": "ARBEN", "passport_no": "AL392594417", "amka": "14037512345",
                                 "oga_no": "77-1234/5"})


@pytest.mark.parametrize("typed", ["AL392594", "392594", "ΑΛ392594417", "αλ3925", "2594417", "al 392 594",
                                   "0375123", "7712345", "1234"])
def test_any_run_of_four_or_more_finds_the_person(registry, hoxha, typed):
    assert [p.id for p in registry.persons.search(typed)] == [hoxha.id], typed


@pytest.mark.parametrize("typed", ["AL392594 Hoxha", "Χότζα 392594", "αρμπεν 2594417"])
def test_a_number_and_a_name_together(registry, hoxha, typed):
    registry.persons.add({"surname_lat": "IVANOV", "passport_no": "AL392594000"})
    assert [p.id for p in registry.persons.search(typed)] == [hoxha.id], typed


def test_fewer_than_four_characters_match_only_a_whole_number(registry, hoxha):
    assert registry.persons.search("392") == []
    short = registry.persons.add({"surname_lat": "SHORT", "oga_no": "392"})
    assert [p.id for p in registry.persons.search("392")] == [short.id]


def test_greek_layout_letters_are_the_latin_keys():
    assert latin_keys("ΑΛ392594417") == "AL392594417"
    assert latin_keys("ΡΨΘΩς;ξ") == "RCUVWQJ"  # letters that look otherwise, or have no look-alike


def test_a_greek_name_is_not_read_as_keys(registry, hoxha):
    registry.persons.add({"surname_lat": "ALBERT"})  # "Αλβ" on the Greek layout would be ALB
    assert registry.persons.search("Αλβ") == []


def test_best_match_first_then_surname_and_name(registry):
    add = registry.persons.add
    inside = add({"surname_el": "Άλφα", "name_el": "Β", "passport_no": "XX1234560"})
    begins_b = add({"surname_el": "Βήτα", "name_el": "Α", "passport_no": "1234560"})
    begins_a = add({"surname_el": "Άλφα", "name_el": "Α", "amka": "12345601234"})
    whole = add({"surname_el": "Ωμέγα", "name_el": "Ω", "oga_no": "123456"})
    assert [p.id for p in registry.persons.search("123456")] == [whole.id, begins_a.id, begins_b.id, inside.id]


def test_names_sorted_by_surname_then_name_with_exact_key_first(registry):
    add = registry.persons.add
    ids = {n: add({"surname_el": s, "name_el": n}).id for s, n in
           [("Παπάς", "Γιώργος"), ("Παπαδόπουλος", "Νίκος"), ("Παπαδόπουλος", "Αντώνης"), ("Παπαδάκης", "Ζωή")]}
    assert [p.name_el for p in registry.persons.search("παπαδοπουλος")] == ["Αντώνης", "Νίκος"]
    # a prefix of every surname: in Greek alphabetical order of surname, then name
    assert [p.name_el for p in registry.persons.search("Παπα")] == ["Ζωή", "Αντώνης", "Νίκος", "Γιώργος"]
    # a whole key comes first: "papas" is all of Παπάς, only the start of nothing else here
    assert [p.name_el for p in registry.persons.search("papas")] == ["Γιώργος"]
    registry.persons.add({"surname_el": "Ζαφείρης", "name_el": "Παπάς"})  # the whole key, as a given name
    assert [p.surname_el for p in registry.persons.search("papas")] == ["Ζαφείρης", "Παπάς"]
    assert ids


@pytest.mark.parametrize("typed", ["Χότζα Αρ", "αρμπεν χοτζα", "Ar Hoxha", "chot arb", "hoxha", "ARBEN"])
def test_two_words_in_either_order_whole_or_cut(registry, hoxha, typed):
    registry.persons.add({"surname_el": "Χότζα", "name_el": "Ιλίρ"})
    registry.persons.add({"surname_el": "Αρμπένι", "name_el": "Νίκος"})
    found = [p.id for p in registry.persons.search(typed)]
    assert hoxha.id in found and (len(found) == 1 or " " not in typed), typed


def test_count_is_capped(tmp_path):
    with Registry.open(tmp_path / "r.sqlite") as reg:
        stamp = "2026-01-01T00:00:00"
        with reg.write():
            reg.db.conn.executemany(
                "INSERT INTO persons (uuid, surname_lat, search_keys, sort_name, amka, created_at, updated_at)"
                " VALUES (?, 'MANOS', 'manos', 'MANOS', ?, ?, ?)",
                [(f"u{i}", f"{i:011d}", stamp, stamp) for i in range(1200)])
        found = reg.persons.find("mano", limit=50)
        assert len(found.persons) == 50 and found.count == 1001 and found.more
        few = reg.persons.find("0000000011")  # begins 00000000110..119, inside 00000000011
        assert few.count == 11 and not few.more
        assert [p.amka for p in few.persons][::10] == ["00000000110", "00000000011"]


def test_a_registry_from_before_v8_is_indexed_on_open(tmp_path):
    from correspondent_app.registry.db import connect
    from correspondent_app.registry.registry import migrate

    path = tmp_path / "v7.sqlite"
    db = connect(path)
    migrate(db, target=7)
    db.execute("INSERT INTO persons (uuid, surname_el, surname_lat, passport_no, search_keys, created_at, updated_at)"
               " VALUES ('u1', 'Χότζα', 'HOXHA', 'AL392594417', 'chotza', '2005-07-01', '2005-07-01')")
    db.conn.commit()
    db.conn.close()
    with Registry.open(path, backup_dir=tmp_path / "bk") as reg:
        assert [p.surname_el for p in reg.persons.search("392594")] == ["Χότζα"]
        assert [p.surname_el for p in reg.persons.search("Χότ")] == ["Χότζα"]
        assert reg.db.execute("SELECT DISTINCT sort_name FROM person_name_keys").fetchall() == [("ΧΟΤΖΑ",)]


def test_changed_numbers_and_names_are_refiled(registry, hoxha):
    registry.persons.update(hoxha.id, {"passport_no": "BB5550001", "surname_el": "Μπέρισα"})
    assert registry.persons.search("392594") == []
    assert [p.id for p in registry.persons.search("5550001")] == [hoxha.id]
    assert registry.db.execute("SELECT DISTINCT sort_name FROM person_number_parts").fetchall() == [("ΜΠΕΡΙΣΑ ΑΡΜΠΕΝ",)]


def test_recent_persons_newest_first(registry, hoxha):
    other = registry.persons.add({"surname_lat": "IVANOV", "birth_date": date(1980, 1, 1)})
    assert [p.id for p in registry.persons.recent()][:2] == [other.id, hoxha.id]
