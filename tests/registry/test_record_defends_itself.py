"""The legal record refuses what SQL could otherwise do behind the services' back.

Each test goes around the Python services on the real file, as a hand-made
SQL session would, and expects the schema (triggers) or `check` to stop it.
"""

import sqlite3
from datetime import date

import pytest

from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.documents.verification import verify
from correspondent_app.registry.cases import IllegalTransition
from correspondent_app.registry.checks import check_registry

from .conftest import paid_case


@pytest.fixture()
def issued(registry, person):
    case = paid_case(registry, person.id)
    return issue_certificate(registry, case.id, on=date(2005, 10, 7))


def columns(registry, table):
    return [r[1] for r in registry.db.execute(f"PRAGMA table_info({table})")]


def replace_row(registry, table, where, **changes):
    """INSERT OR REPLACE a copy of a row with some values changed: the bypass of UPDATE/DELETE triggers."""
    names = columns(registry, table)
    row = dict(zip(names, registry.db.execute(f"SELECT * FROM {table} WHERE {where}").fetchone(), strict=True))
    row.update(changes)
    registry.db.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values()))


@pytest.mark.parametrize(("table", "where", "changes"), [
    ("certificates", "1 = 1", {"issued_on": "2005-01-01"}),
    ("certificates", "1 = 1", {"pdf": b"%PDF-forged"}),
    ("protocol", "1 = 1", {"subject": "forged"}),
    ("audit", "id = 1", {"actor": "forger"}),
    ("installation_key", "1 = 1", {"created_at": "2000-01-01"}),
    ("payments", "1 = 1", {"amount_cents": 1}),
])
def test_insert_or_replace_cannot_rewrite_the_record(registry, issued, table, where, changes):
    before = registry.db.execute(f"SELECT * FROM {table} WHERE {where}").fetchall()
    with pytest.raises(sqlite3.IntegrityError):
        replace_row(registry, table, where, **changes)
    assert registry.db.execute(f"SELECT * FROM {table} WHERE {where}").fetchall() == before


def test_the_first_number_of_a_year_cannot_be_replaced(registry):
    registry.protocol.set_first_number(2006, 38)
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("INSERT OR REPLACE INTO protocol_start (year, first_number, set_at) VALUES (2006, 5, 'x')")
    assert registry.protocol.next_number(2006) == 38


def test_record_uuids_never_change(registry, issued):
    for table in ("persons", "cases", "payments"):
        with pytest.raises(sqlite3.IntegrityError, match="UUID"):
            registry.db.execute(f"UPDATE {table} SET uuid = 'other'")


def test_money_is_whole_cents_in_the_schema(registry, person):
    case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "interrupted",
                                           "works_in_agriculture": True})
    with pytest.raises(sqlite3.IntegrityError, match="whole cents"):
        registry.db.execute("UPDATE cases SET amount_cents = 798.48 WHERE id = ?", [case.id])
    with pytest.raises(sqlite3.IntegrityError, match="whole cents"):
        registry.db.execute("INSERT INTO cases (uuid, person_id, programme, amount_cents, created_at, updated_at) "
                            "VALUES ('u', ?, 'oga_2005', 798.48, 'x', 'x')", [person.id])


def test_print_log_is_append_only(registry, issued):
    registry.certificates.log_print(issued.id, 3)
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("DELETE FROM certificate_prints")
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("UPDATE certificate_prints SET copies = 1")


def test_cancelling_an_issued_case_voids_its_certificate(registry, issued):
    assert verify(registry, issued.verification_code).status == "valid"
    registry.cases.cancel(issued.case_id, "Λάθος πρόσωπο")
    certificate = registry.certificates.get(issued.id)
    assert certificate.voided_at and "Λάθος πρόσωπο" in certificate.void_reason
    assert verify(registry, issued.verification_code).status == "invalid"
    assert check_registry(registry) == []


def test_only_issuing_makes_a_case_issued_and_only_a_transmittal_forwards_it(registry, person):
    case = paid_case(registry, person.id)
    with pytest.raises(IllegalTransition):
        registry.cases.move(case.id, "issued")
    issue_certificate(registry, case.id, on=date(2005, 10, 7))
    with pytest.raises(IllegalTransition):
        registry.cases.move(case.id, "forwarded")
    assert registry.cases.get(case.id).state == "issued"


def test_a_cancelled_case_takes_no_more_answers(registry, person):
    case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "interrupted",
                                           "works_in_agriculture": True})
    registry.cases.cancel(case.id, "Διπλή καταχώριση")
    for change in (lambda: registry.cases.record_documents(case.id, ["ate_receipt"]),
                   lambda: registry.cases.set_competence(case.id, True),
                   lambda: registry.cases.acknowledge_warnings(case.id, ["x"])):
        with pytest.raises(IllegalTransition):
            change()


def test_a_new_competent_correspondent_asks_the_competence_question_again(registry, person):
    never = {"provision": "par10", "oga_status": "never", "works_in_agriculture": True}
    case = registry.cases.open(person.id, never)
    registry.cases.set_competence(case.id, True)
    assert registry.cases.decide(case.id, never).competent_here is True  # same question: the answer stays
    pending = registry.cases.decide(case.id, {**never, "oga_status": "pending"})
    assert (pending.competent, pending.competent_here) == ("application", None)


def drop(registry, *triggers):
    for trigger in triggers:
        registry.db.execute(f"DROP TRIGGER {trigger}")


def test_check_finds_a_kept_pdf_that_is_not_the_one_issued(registry, issued):
    drop(registry, "certificates_issued_fields")
    registry.db.execute("UPDATE certificates SET pdf = ?", [b"%PDF-forged"])
    assert any("not the one issued" in p for p in check_registry(registry))


def test_check_finds_an_emptied_audit_trail(registry, issued):
    drop(registry, "audit_no_delete")
    registry.db.execute("DELETE FROM audit")
    registry.db.execute("DELETE FROM sqlite_sequence WHERE name = 'audit'")  # hide the emptying from the chain check
    problems = check_registry(registry)
    assert any("persons have no entry of their creation" in p for p in problems), problems
    assert any("certificates have no entry of their creation" in p for p in problems)


def test_check_finds_a_trail_cut_back_past_an_export(registry, issued, tmp_path):
    from correspondent_app.exchange.export import export_package

    export_package(registry, tmp_path / "p1.zip")
    assert check_registry(registry) == []
    drop(registry, "audit_no_delete")
    reached = registry.db.execute("SELECT audit_watermark FROM exports").fetchone()[0]
    registry.db.execute("DELETE FROM audit WHERE id >= ?", [reached])  # the head HQ holds, and all after it
    registry.db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'", [reached - 1])
    problems = check_registry(registry)
    assert any("export 1 reached audit entry" in p for p in problems), problems
