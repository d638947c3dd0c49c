"""HQ's checks: rows of another village, the same person in two villages, protocol books out of sequence."""

import json
from datetime import date

import pytest

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.exchange.export import QUERIES, export_package
from correspondent_app.exchange.hq import cross_checks, findings, merge, open_hq, register
from correspondent_app.exchange.package import TABLES, write_package
from tests.exchange.helpers import village


@pytest.fixture()
def two(tmp_path):
    """Two villages with certificates, both merged."""
    alpha, alpha_key = village(tmp_path, "alpha", 1, certificates=True)
    beta, beta_key = village(tmp_path, "beta", 2, certificates=True)
    hq = open_hq(tmp_path / "hq.sqlite")
    for reg, key, name in ((alpha, alpha_key, "a"), (beta, beta_key, "b")):
        register(hq, key)
        export_package(reg, tmp_path / f"{name}1.zip")
        assert merge(hq, tmp_path / f"{name}1.zip").merged
    yield alpha, beta, hq
    hq.close()


def signed_package(path, registry, rows_by_table, sequence, previous):
    """A package signed with ``registry``'s own key, holding exactly ``rows_by_table``."""
    from correspondent_app.documents.verification import signing_key

    columns = {t: [d[0] for d in registry.db.execute(QUERIES[t] + " LIMIT 0").description] for t in TABLES}
    tables = {t: (columns[t], rows_by_table.get(t, [])) for t in TABLES}
    profile = registry.profile.get()
    write_package(path, {"installation": profile.uuid, "community": profile.community, "sequence": sequence,
                         "previous": previous, "full": False}, tables, signing_key(registry).sign)
    return path


def last_package(hq, registry):
    return hq.execute("SELECT sequence, manifest_sha256 FROM packages WHERE installation = ? ORDER BY sequence DESC",
                      [registry.profile.get().uuid]).fetchone()


def test_a_row_with_another_villages_uuid_is_kept_apart_and_found(tmp_path, two):
    """Rows are owned by (uuid, installation): the other village's row is never overwritten, and HQ says so
    (issue 15, item 12: refusing the later package would let a village have another's refused)."""
    alpha, beta, hq = two
    alpha_id, beta_id = alpha.profile.get().uuid, beta.profile.get().uuid
    victim = hq.execute("SELECT uuid, data FROM persons WHERE installation = ? LIMIT 1", [alpha_id]).fetchone()
    row = {**json.loads(victim[1]), "surname_lat": "OVERWRITTEN"}
    sequence, previous = last_package(hq, beta)
    newcomer = {"uuid": "00000000-0000-4000-8000-000000000001", "surname_lat": "NEWCOMER"}
    hijack = signed_package(tmp_path / "hijack.zip", beta, {"persons": [newcomer, row]}, sequence + 1, previous)
    result = merge(hq, hijack)
    assert result.merged and any("Κοινότητα alpha" in note and "kept apart" in note for note in result.findings)
    assert json.loads(hq.execute("SELECT data FROM persons WHERE uuid = ? AND installation = ?",
                                 [victim[0], alpha_id]).fetchone()[0]) == json.loads(victim[1])  # alpha's untouched
    assert hq.execute("SELECT surname_lat FROM persons WHERE uuid = ? AND installation = ?",
                      [victim[0], beta_id]).fetchone()[0] == "OVERWRITTEN"  # beta's copy, kept apart
    assert any(f.kind == "foreign_rows" and "Κοινότητα beta" in f.text and "Κοινότητα alpha" in f.text
               for f in findings(hq))


def test_a_case_pointing_to_another_villages_person_refuses_the_package(tmp_path, two):
    alpha, beta, hq = two
    person = hq.execute("SELECT uuid FROM persons WHERE installation = ? LIMIT 1",
                        [alpha.profile.get().uuid]).fetchone()[0]
    sequence, previous = last_package(hq, beta)
    case = {"uuid": "00000000-0000-4000-8000-0000000000be", "person_uuid": person, "state": "draft",
            "programme": "oga_2005"}
    result = merge(hq, signed_package(tmp_path / "ref.zip", beta, {"cases": [case]}, sequence + 1, previous))
    assert not result.merged and "refers to persons" in result.reason
    assert hq.execute("SELECT COUNT(*) FROM cases WHERE uuid = ?", [case["uuid"]]).fetchone()[0] == 0


def certified_person(registry):
    return registry.db.execute(
        "SELECT p.id, p.surname_lat, p.name_lat, p.birth_date, p.passport_no, p.amka FROM persons p "
        "JOIN cases k ON k.person_id = p.id JOIN certificates c ON c.case_id = k.id "
        "WHERE c.voided_at IS NULL ORDER BY p.id LIMIT 1").fetchone()


def copy_person_into(registry, other, **changes):
    """``other`` registers alpha's certified person (with changes) and certifies them."""
    from correspondent_app.documents.issuing import issue_certificate

    _pid, surname, name, birth, passport, amka = certified_person(registry)
    data = {"surname_lat": surname, "name_lat": name, "birth_date": date.fromisoformat(birth),
            "passport_no": passport, "amka": amka, **changes}
    person = other.persons.add(data, allow_duplicate=True)
    case = other.cases.open(person.id, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True})
    other.cases.move(case.id, "awaiting_payment")
    from decimal import Decimal

    other.payments.record_ate(case.id, "0999/011105/123456", Decimal("2040.72"), today=date(2005, 12, 31))
    assert settle_for_issue(other, case.id) == []
    issue_certificate(other, case.id)  # today: after the export already in its protocol book
    return surname, name, birth, passport


def remerge(tmp_path, hq, registry, name):
    export_package(registry, tmp_path / name)
    result = merge(hq, tmp_path / name)
    assert result.merged, result.reason


def test_the_same_person_is_found_by_passport(tmp_path, two):
    alpha, beta, hq = two
    _s, _n, _b, passport = copy_person_into(alpha, beta, surname_lat="DIFFERENT", amka="")
    remerge(tmp_path, hq, beta, "b2.zip")
    hits = [f for f in cross_checks(hq) if passport in f]
    assert hits and "passport" in hits[0] and "Κοινότητα alpha" in hits[0] and "Κοινότητα beta" in hits[0]


def test_the_same_person_is_found_by_amka_with_another_passport(tmp_path, two):
    alpha, beta, hq = two
    amka = "01018012345"
    person = certified_person(alpha)
    alpha.persons.update(person[0], {"amka": amka})
    remerge(tmp_path, hq, alpha, "a2.zip")
    copy_person_into(alpha, beta, passport_no="RENEWED123", surname_lat="OTHERNAME", amka=amka)
    remerge(tmp_path, hq, beta, "b2.zip")
    hits = [f for f in cross_checks(hq) if amka in f]
    assert hits and "same AMKA" in hits[0]


def test_the_same_person_is_found_by_names_and_birth_date_with_a_renewed_passport(tmp_path, two):
    alpha, beta, hq = two
    surname, name, birth, passport = copy_person_into(alpha, beta, passport_no="RENEWED123", amka="")
    remerge(tmp_path, hq, beta, "b2.zip")
    hits = [f for f in cross_checks(hq) if "names and birth date" in f]
    assert any(surname.upper() in f and birth in f for f in hits), cross_checks(hq)
    assert not any("RENEWED123" in f for f in cross_checks(hq))


def test_a_person_found_by_passport_is_not_reported_again_by_names(tmp_path, two):
    alpha, beta, hq = two
    _s, _n, _b, passport = copy_person_into(alpha, beta)
    remerge(tmp_path, hq, beta, "b2.zip")
    people = [f for f in findings(hq) if f.kind == "person"]
    assert len(people) == 1 and passport in people[0].text


@pytest.mark.sqlite_only  # passports typed in an HQ database of the first merge, compacted on upgrade
def test_passports_are_compared_compact(tmp_path, two):
    alpha, beta, hq = two
    _s, _n, _b, passport = copy_person_into(alpha, beta)
    remerge(tmp_path, hq, beta, "b2.zip")
    hq.execute("UPDATE persons SET passport_no = ? WHERE passport_no = ? AND installation = ?",
               [f"{passport[:2]} {passport[2:5]}-{passport[5:]}".lower(), passport, alpha.profile.get().uuid])
    hq.execute("DELETE FROM hq_meta")  # as if written by the first HQ merge: upgraded on open
    hq.close()
    again = open_hq(tmp_path / "hq.sqlite")
    assert any(passport in f for f in cross_checks(again))
    again.close()


def protocol_findings(hq):
    """The protocol findings, after the tests' direct edits of HQ's rows (behind the merge's back: the
    figures and findings a merge keeps are recomputed as a merge would)."""
    hq.rebuild_derived()
    return [f.text for f in findings(hq) if f.kind == "protocol"]


def alpha_protocol(hq, alpha, number):
    return hq.execute("SELECT uuid, data FROM protocol WHERE installation = ? AND year = 2005 AND number = ?",
                      [alpha.profile.get().uuid, number]).fetchone()


def test_no_protocol_findings_for_villages_in_order(two):
    _alpha, _beta, hq = two
    assert protocol_findings(hq) == []


def test_a_missing_first_protocol_number_is_found(two):
    alpha, _beta, hq = two
    hq.execute("DELETE FROM protocol WHERE uuid = ?", [alpha_protocol(hq, alpha, 1)[0]])
    hq.execute("DELETE FROM certificates WHERE protocol_no = 1 AND installation = ?", [alpha.profile.get().uuid])
    found = protocol_findings(hq)
    assert len(found) == 1 and "Κοινότητα alpha" in found[0] and "numbers 1 missing at the start" in found[0]


def test_a_book_continued_from_paper_starts_at_its_first_number(tmp_path):
    reg, key = village(tmp_path, "paper", 1, persons=0)
    reg.protocol.set_first_number(2005, 120)
    hq = open_hq(tmp_path / "hq.sqlite")
    register(hq, key)
    from correspondent_app.demo.generate import make_demo

    make_demo(reg, persons=12, seed=4, render=True)
    export_package(reg, tmp_path / "p1.zip", on=date(2005, 12, 31))
    assert merge(hq, tmp_path / "p1.zip").merged
    assert hq.execute("SELECT MIN(number) FROM protocol").fetchone()[0] == 120
    assert protocol_findings(hq) == []  # 1–119 are in the paper book
    hq.execute("DELETE FROM protocol WHERE number = 120")
    hq.execute("DELETE FROM certificates WHERE protocol_no = 120")
    assert any("numbers 120 missing at the start" in f for f in protocol_findings(hq))


def test_protocol_dates_going_back_and_numbers_used_twice_are_found(two):
    alpha, _beta, hq = two
    uuid, data = alpha_protocol(hq, alpha, 3)
    hq.execute("UPDATE protocol SET entry_date = '2004-01-01' WHERE uuid = ?", [uuid])
    uuid5 = alpha_protocol(hq, alpha, 5)[0]
    hq.execute("UPDATE protocol SET number = 4 WHERE uuid = ?", [uuid5])
    found = " ".join(protocol_findings(hq))
    assert "no. 3 dated 2004-01-01, before no. 2" in found
    assert "number 4 used twice" in found and "numbers 5 missing" in found


def test_a_gap_in_the_middle_is_found(two):
    alpha, _beta, hq = two
    hq.execute("DELETE FROM protocol WHERE uuid = ?", [alpha_protocol(hq, alpha, 4)[0]])
    assert any("numbers 4 missing" in f for f in protocol_findings(hq))
