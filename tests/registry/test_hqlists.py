"""HQ's lists: whole-file import with line/column errors, matching, manual entry."""

from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.registry import RegistryError
from correspondent_app.registry.hqlists import MalformedList

HEADER = "oga_no,surname,name,father_name,birth_date,nationality,status,amount\n"


def write(tmp_path, text, name="list.csv", bom=True):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_import_and_match_by_oga_number_and_by_name_and_birth(registry, person, tmp_path):
    registry.persons.update(person.id, {"oga_no": "555"})
    other = registry.persons.add({"surname_lat": "IVANOV", "name_lat": "PETAR", "birth_date": date(1980, 2, 3)})
    path = write(tmp_path, HEADER + '555,HOXHA,ARBEN,ILIR,14/03/1975,AL,interrupted,"798,48"\n'
                 "777,IVANOV,PETAR,,03/02/1980,BG,active,312.40\n"
                 "888,NOBODY,X,,01/01/1970,GE,active,100\n")
    assert registry.hq_lists.import_file(path, reference="ΟΓΑ 2005/1") == 3
    entry = registry.hq_lists.entry_for_person(person.id)
    assert (entry.status, entry.amount, entry.list_reference) == ("interrupted", Decimal("798.48"), "ΟΓΑ 2005/1")
    assert registry.hq_lists.entry_for_person(other.id).amount == Decimal("312.40")


def test_greek_headers_semicolons_and_greek_amounts(registry, tmp_path):
    path = write(tmp_path, "ΑΜ ΟΓΑ;Επώνυμο;Όνομα;Πατρώνυμο;Ημερομηνία γέννησης;Υπηκοότητα;Κατάσταση;Ποσό\n"
                           "12;Χότζα;Αρμπέν;Ιλίρ;14/03/1975;AL;Διακοπή;1.020,36\n")
    assert registry.hq_lists.import_file(path) == 1
    assert registry.hq_lists.entries_for_oga_no("12")[0].amount == Decimal("1020.36")


def test_malformed_list_is_refused_whole_with_line_and_column(registry, tmp_path):
    path = write(tmp_path, HEADER + "1,A,B,,01/01/1970,AL,active,10\n"
                                    "2,C,D,,31/02/1970,AL,active,abc\n"
                                    "3,E,F,,01/01/1970,AL,retired,10\n"
                                    "4,G\n")
    with pytest.raises(MalformedList) as err:
        registry.hq_lists.import_file(path)
    problems = {(line, column) for line, column, _ in err.value.problems}
    assert {(3, "birth_date"), (3, "amount"), (4, "status"), (5, "-")} <= problems
    assert registry.db.execute("SELECT COUNT(*) FROM hq_list_entries").fetchone()[0] == 0


def test_missing_column_and_bad_encoding(registry, tmp_path):
    with pytest.raises(MalformedList, match="amount"):
        registry.hq_lists.import_file(write(tmp_path, "oga_no,surname,name,father_name,birth_date,nationality,status\n"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(HEADER.encode() + "1,Χότζα,B,,,AL,active,10\n".encode("iso-8859-7"))
    with pytest.raises(MalformedList, match="UTF-8"):
        registry.hq_lists.import_file(latin1)


def test_same_file_twice_is_refused(registry, tmp_path):
    path = write(tmp_path, HEADER + "1,A,B,,,AL,active,10\n")
    registry.hq_lists.import_file(path)
    with pytest.raises(RegistryError, match="already imported"):
        registry.hq_lists.import_file(path)


def test_manual_entry_from_the_paper_list(registry, person):
    registry.persons.update(person.id, {"oga_no": "42"})
    entry = registry.hq_lists.add_manual("Κατάσταση 7/2005 σελ. 3", oga_no="42", surname="ΧΟΤΖΑ", name="ΑΡΜΠΕΝ",
                                         status="active", amount=Decimal("250.10"))
    assert entry.person_id == person.id
    assert registry.hq_lists.entry_for_person(person.id).amount == Decimal("250.10")


def test_a_cancelled_import_leaves_nothing(registry, tmp_path):
    from .test_backups import Cancel, cancel_at

    lines = "".join(f"{i},NAME{i},X,,01/01/1970,AL,active,100\n" for i in range(1, 451))
    path = write(tmp_path, HEADER + lines)
    with pytest.raises(Cancel):
        registry.hq_lists.import_file(path, progress=cancel_at(2))  # after 200 of 450 entries were stored
    assert registry.db.execute("SELECT COUNT(*) FROM hq_list_entries").fetchone()[0] == 0
    assert registry.db.execute("SELECT COUNT(*) FROM hq_lists").fetchone()[0] == 0
    assert registry.hq_lists.import_file(path) == 450  # and the same file imports afterwards


@pytest.mark.parametrize(("row", "column"), [
    ('1,A,B,,01/01/1970,AL,active,1e5', "amount"),
    ('1,A,B,,01/01/1970,AL,active,NaN', "amount"),
    ('1,A,B,,01/01/1970,AL,active,-5', "amount"),
    ('1,A,B,,01/01/1970,ZZ,active,10', "nationality"),
    ('1,A,B,,01/01/1800,AL,active,10', "birth_date"),
    ('1,A,B,,01/01/2999,AL,active,10', "birth_date"),
])
def test_values_that_cannot_be_right_are_refused(registry, tmp_path, row, column):
    with pytest.raises(MalformedList) as err:
        registry.hq_lists.import_file(write(tmp_path, HEADER + row + "\n"))
    assert (2, column) in {(line, col) for line, col, _ in err.value.problems}


def test_the_same_oga_number_twice_in_one_list_is_refused(registry, tmp_path):
    path = write(tmp_path, HEADER + "12-345,A,B,,,AL,active,10\n" "12345,C,D,,,AL,active,20\n")
    with pytest.raises(MalformedList) as err:
        registry.hq_lists.import_file(path)
    assert [(line, col) for line, col, _ in err.value.problems] == [(3, "oga_no")]
    assert "line 2" in err.value.problems[0][2]


@pytest.mark.parametrize("content", [
    HEADER.encode() + b"1,A,B,,,AL,active,10\x00\n",
    HEADER.encode() + b'1,A,"' + b"x" * 200_000 + b'",,,AL,active,10\n',  # beyond the csv module's field limit
])
def test_nul_bytes_and_huge_fields_are_a_clear_refusal(registry, tmp_path, content):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    with pytest.raises(MalformedList) as err:
        registry.hq_lists.import_file(path)
    assert err.value.problems[0][0] == 2
    assert registry.db.execute("SELECT COUNT(*) FROM hq_list_entries").fetchone()[0] == 0


def test_problems_name_the_column_in_the_clerks_language(registry, tmp_path):
    from correspondent_app.i18n import language

    with language("el"), pytest.raises(MalformedList) as err:
        registry.hq_lists.import_file(write(tmp_path, HEADER + "1,A,B,,,AL,retired,10\n"))
    assert "γραμμή 2" in str(err.value) and "status" not in str(err.value)
