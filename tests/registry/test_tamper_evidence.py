"""`check` finds each of the fifteen direct edits of issue 15 (item 6).

Each test takes a copy of one real village registry — certificates issued
and printed, one voided, a transmittal sent, a package exported and merged at
HQ, HQ's acknowledgement imported, more certificates issued after that — and
edits the file the way the attacker did: plain sqlite3, a defence trigger
dropped, the row edited, the trigger recreated exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.demo.generate import make_demo
from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.registry import Registry
from correspondent_app.registry.checks import check_registry
from tests.office import office

from .conftest import PERSON, paid_case


# ---------------------------------------------------------------- the village, once per module


def _acknowledged_export(registry, folder) -> None:
    """Export package 1, merge it at HQ, import HQ's signed acknowledgement."""
    from correspondent_app.exchange import ack
    from correspondent_app.exchange.export import export_package, public_key_file
    from correspondent_app.exchange.hq import merge, open_hq, register

    (folder / "village.pub").write_bytes(public_key_file(registry))
    export_package(registry, folder / "p1.zip")
    hq = open_hq(folder / "hq.sqlite")
    try:
        register(hq, folder / "village.pub")
        assert merge(hq, folder / "p1.zip").merged
        if hasattr(ack, "trust_hq"):  # HQ's key is set up at the office before any acknowledgement (item 9)
            key_file, _fingerprint = ack.hq_key_file(hq)
            (folder / "hq.key").write_bytes(key_file)
            ack.trust_hq(registry, folder / "hq.key")
        data, _fields = ack.write_acknowledgement(hq, folder / "village.pub")
        hq.commit()
    finally:
        hq.close()
    (folder / "ack.json").write_bytes(data)
    assert ack.import_acknowledgement(registry, folder / "ack.json").new


@pytest.fixture(scope="module")
def village(tmp_path_factory):
    folder = tmp_path_factory.mktemp("village")
    path = folder / "village.sqlite"
    with Registry.open(path, actor="clerk") as registry:
        registry.profile.save(**office())
        make_demo(registry, persons=14, seed=15, render=True)
        voided = registry.db.execute("SELECT id FROM certificates WHERE voided_at IS NULL ORDER BY id").fetchone()[0]
        registry.certificates.void(voided, "Λάθος στοιχεία")  # voided, not reissued
        _acknowledged_export(registry, folder)
        # work after the acknowledged export: certificates signed on a later head of the trail
        for n in range(2):
            person = registry.persons.add({**PERSON, "passport_no": f"ZX{n}0001"}, allow_duplicate=True)
            case = paid_case(registry, person.id, code=f"0623/300605/55000{n}")
            issue_certificate(registry, case.id)
        registry.hq_lists.add_manual("ΔΙΑΒ 12/2026", oga_no="7000123", surname="HOXHA", name="ARBEN",
                                     status="active", amount=Decimal("798.48"))
        registry.certificates.log_print(voided + 1, 3)
    return path


@pytest.fixture()
def path(village, tmp_path):
    copy = tmp_path / "village.sqlite"
    shutil.copy2(village, copy)
    return copy


def problems(path) -> list[str]:
    with Registry.open_read_only(path) as registry:
        return check_registry(registry)


def sql(path, *statements, params=()):
    """Plain sqlite3 on the file, as the attacker had it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return [conn.execute(s, params if i == len(statements) - 1 else ()).fetchall()
                for i, s in enumerate(statements)]
    finally:
        conn.close()


def one(path, query, params=()):
    """The first value of the first row."""
    return sql(path, query, params=params)[0][0][0]


def behind(path, triggers, statement, params=()):
    """Drop ``triggers``, run ``statement``, create the triggers again exactly as they were."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        saved = [conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [t]).fetchone()[0]
                 for t in triggers]
        for trigger in triggers:
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute(statement, params)
        for text in saved:
            conn.execute(text)
    finally:
        conn.close()


def found(path, *words) -> list[str]:
    """The problems that name every one of ``words`` (the test fails on none)."""
    listed = problems(path)
    hits = [p for p in listed if all(w in p for w in words)]
    assert hits, f"no problem naming {words}; check said {listed}"
    return hits


def cli(*args):
    return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_the_untouched_village_passes(path):
    assert problems(path) == []


def certified_payment(path) -> int:
    return one(path, "SELECT payment_id FROM certificates WHERE voided_at IS NULL ORDER BY id LIMIT 1")


# ---------------------------------------------------------------- 1-6: the issued record


def test_1_a_certified_payments_amount_changed(path):
    payment = certified_payment(path)
    behind(path, ["payments_fixed_when_certified"], "UPDATE payments SET amount_cents = 29848 WHERE id = ?", [payment])
    found(path, "payment", "amount_cents is 29848")
    found(path, "payment is not as signed at issue")


def test_2_a_certified_payments_receipt_code_changed(path):
    payment = certified_payment(path)
    behind(path, ["payments_fixed_when_certified"], "UPDATE payments SET receipt_code = '0623/300605/999999' "
           "WHERE id = ?", [payment])
    found(path, "payment", "receipt_code is '0623/300605/999999'")


def test_3_issued_on_backdated(path):
    code = one(path, "SELECT verification_code FROM certificates WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1")
    behind(path, ["certificates_issued_fields"], "UPDATE certificates SET issued_on = '2005-01-01' "
           "WHERE verification_code = ?", [code])
    found(path, "is dated 2005-01-01 but its protocol entry")
    found(path, "issued_on is '2005-01-01'")
    result = cli("--db", path, "verify", code)  # no longer "valid … issued 01/01/2005"
    assert result.returncode == 1 and result.stdout.startswith("invalid"), result.stdout + result.stderr


def test_3b_issued_on_backdated_with_its_protocol_entry(path):
    """The careful version: the protocol entry backdated too, so the two dates agree."""
    cid, year, number = sql(path, "SELECT id, protocol_year, protocol_no FROM certificates WHERE voided_at IS NULL "
                                  "ORDER BY id DESC LIMIT 1")[0][0]
    behind(path, ["certificates_issued_fields"], "UPDATE certificates SET issued_on = '2005-01-01' WHERE id = ?", [cid])
    behind(path, ["protocol_no_update"], "UPDATE protocol SET entry_date = '2005-01-01' WHERE year = ? AND number = ?",
           [year, number])
    found(path, "issue date is not as signed at issue")
    found(path, "protocol entry", "entry_date is '2005-01-01'")


def test_4_a_void_certificate_unvoided(path):
    cid = one(path, "SELECT id FROM certificates WHERE voided_at IS NOT NULL AND void_reason = 'Λάθος στοιχεία'")
    behind(path, ["certificates_void_once"], "UPDATE certificates SET voided_at = NULL, void_reason = '' WHERE id = ?",
           [cid])
    found(path, "certificate", "voided is 0 but 1 in its last audit entry")


def test_5_a_verification_code_replaced(path):
    cid = one(path, "SELECT id FROM certificates WHERE voided_at IS NULL ORDER BY id LIMIT 1")
    behind(path, ["certificates_issued_fields"], "UPDATE certificates SET verification_code = 'ZZZZ-ZZZZ-ZZZZ' "
           "WHERE id = ?", [cid])
    found(path, "verification_code is 'ZZZZ-ZZZZ-ZZZZ'")
    found(path, "verification code is not as signed at issue")


def test_6_a_kept_pdf_swapped_with_its_hash(path):
    first, second = [r[0] for r in sql(path, "SELECT id FROM certificates WHERE pdf IS NOT NULL ORDER BY id DESC "
                                             "LIMIT 2")[0]]
    forged = one(path, "SELECT pdf FROM certificates WHERE id = ?", [second])  # a genuine PDF of another person
    behind(path, ["certificates_issued_fields"], "UPDATE certificates SET pdf = ?, pdf_sha256 = ? WHERE id = ?",
           [forged, hashlib.sha256(forged).hexdigest(), first])
    found(path, "certificate", "pdf_sha256 is")


# ---------------------------------------------------------------- 7-12: the defence triggers


@pytest.mark.parametrize("trigger", ["payments_fixed_when_certified", "certificates_issued_fields",
                                     "certificates_void_once", "protocol_no_update", "audit_no_update",
                                     "audit_no_delete"])
def test_7_to_12_a_defence_trigger_dropped(path, trigger):
    sql(path, f"DROP TRIGGER {trigger}")
    found(path, f"trigger {trigger}", "missing")


def test_a_defence_trigger_defused(path):
    """Recreated under its name with a condition that never holds: the schema is not the application's."""
    sql(path, "DROP TRIGGER payments_fixed_when_certified",
        "CREATE TRIGGER payments_fixed_when_certified BEFORE UPDATE ON payments WHEN 0 BEGIN SELECT 1; END")
    found(path, "trigger payments_fixed_when_certified", "altered")


# ---------------------------------------------------------------- 13-14: the audit trail


LAST_ACTIONS = {
    "a print": lambda registry: None,  # the village's own last entry
    "a person corrected": lambda registry: registry.persons.update(1, {"passport_no": "CD7654321"}),
    "a void": lambda registry: registry.certificates.void(
        registry.db.execute("SELECT MAX(id) FROM certificates").fetchone()[0], "Λάθος ποσό"),
    "an HQ list typed in": lambda registry: registry.hq_lists.add_manual(
        "ΔΙΑΒ 13/2026", oga_no="7000124", surname="DOKU", name="ILIR", status="active", amount=Decimal("298.48")),
    "a case's warnings given": lambda registry: registry.cases.acknowledge_warnings(
        registry.cases.in_state("awaiting_payment")[0].id, ["par11_residence"]),
}


@pytest.mark.parametrize("last", LAST_ACTIONS)
def test_13_the_last_audit_entry_deleted(path, last):
    """Whatever the last entry recorded, the record still shows it: the trail no longer does."""
    with Registry.open(path, actor="clerk") as registry:
        LAST_ACTIONS[last](registry)
    assert problems(path) == []
    behind(path, ["audit_no_delete"], "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
    sql(path, "UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM audit) WHERE name = 'audit'")
    listed = problems(path)
    assert any("without the application" in p or "no entry in the audit trail" in p for p in listed), listed


def _digest(prev, at, actor, action, entity, entity_uuid, before, after):
    """The chain's recipe, which the attacker read in the source."""
    payload = json.dumps([prev, at, actor, action, entity, entity_uuid, before, after], ensure_ascii=False,
                         sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _recompute_chain(conn, start: int) -> None:
    prev = conn.execute("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1", [start]).fetchone()[0]
    rows = conn.execute("SELECT id, at, actor, action, entity, entity_uuid, before, after FROM audit WHERE id >= ? "
                        "ORDER BY id", [start]).fetchall()
    for id_, *content in rows:
        new = _digest(prev, *content)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [prev, new, id_])
        prev = new


def rename_and_rewrite_the_trail(path, *, exports_too: bool):
    """Rename a person, rewrite their audit entry to match, recompute the chain (and the exports' heads)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        entry, after = conn.execute("SELECT id, after FROM audit WHERE entity = 'person' AND action = 'add' "
                                    "ORDER BY id LIMIT 1").fetchone()
        saved = {t: conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [t]).fetchone()[0]
                 for t in ("audit_no_update", "exports_no_update")}
        for trigger in saved:
            conn.execute(f"DROP TRIGGER {trigger}")
        image = json.loads(after)
        image["surname_el"] = "Πλαστός"
        conn.execute("UPDATE audit SET after = ? WHERE id = ?",
                     [json.dumps(image, ensure_ascii=False, sort_keys=True, separators=(",", ":")), entry])
        conn.execute("UPDATE persons SET surname_el = 'Πλαστός' WHERE uuid = (SELECT entity_uuid FROM audit "
                     "WHERE id = ?)", [entry])
        _recompute_chain(conn, entry)
        if exports_too:
            conn.execute("UPDATE exports SET audit_head_hash = (SELECT hash FROM audit WHERE id = audit_watermark)")
        for text in saved.values():
            conn.execute(text)
    finally:
        conn.close()


def test_14_the_audit_chain_recomputed_after_an_edit(path):
    rename_and_rewrite_the_trail(path, exports_too=True)
    listed = problems(path)
    assert not any("audit entry" in p and "altered" in p for p in listed)  # the chain itself holds
    found(path, "certificate", "was signed on audit entry", "the trail was rewritten")


def test_14b_the_recomputed_chain_no_longer_matches_the_exported_head(path):
    rename_and_rewrite_the_trail(path, exports_too=False)
    found(path, "export 1 reached audit entry", "the trail was rewritten")


# ---------------------------------------------------------------- 15: persons and cases


def test_15_a_person_renamed(path):
    sql(path, "UPDATE persons SET surname_el = 'Άλλος', name_el = 'Κάποιος' WHERE id = 1")
    found(path, "person", "surname_el is 'Άλλος'")


def test_15b_a_cases_state_changed(path):
    case = one(path, "SELECT id FROM cases WHERE state = 'awaiting_payment' ORDER BY id LIMIT 1")
    sql(path, f"UPDATE cases SET state = 'archived' WHERE id = {case}")
    found(path, "case", "state is 'archived'")


def test_15c_a_cases_amount_changed(path):
    case = one(path, "SELECT id FROM cases WHERE amount_cents IS NOT NULL AND state = 'awaiting_payment' "
                     "ORDER BY id LIMIT 1")
    sql(path, f"UPDATE cases SET amount_cents = 100 WHERE id = {case}")
    found(path, "case", "amount_cents is 100")


def test_a_deleted_person_is_found(path):
    person = one(path, "SELECT id FROM persons WHERE id NOT IN (SELECT person_id FROM cases) ORDER BY id LIMIT 1")
    sql(path, f"DELETE FROM persons WHERE id = {person}")
    found(path, "the audit trail records person", "no longer in the registry")


# ---------------------------------------------------------------- the command, and what stays quiet


def test_check_command_lists_the_edits_and_fails(path):
    sql(path, "UPDATE persons SET surname_el = 'Άλλος' WHERE id = 1", "DROP TRIGGER audit_no_delete")
    result = cli("--db", path, "check")
    assert result.returncode == 1
    assert "PROBLEM: person" in result.stdout and "trigger audit_no_delete" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_legal_work_after_the_checks_leaves_check_quiet(path):
    """Corrections, voiding, cancelling, printing through the application: nothing to report."""
    with Registry.open(path, actor="clerk") as registry:
        certificate = registry.db.execute("SELECT id, case_id FROM certificates WHERE voided_at IS NULL "
                                          "ORDER BY id LIMIT 1").fetchone()
        person = registry.cases.get(certificate[1]).person_id
        registry.persons.update(person, {"passport_no": "CD7654321"})
        registry.certificates.log_print(certificate[0], 1, reprint=True, note="φθαρμένο")
        registry.cases.cancel(certificate[1], "Διπλή καταχώριση")
        registry.protocol.set_first_number(date.today().year + 1, 40)
        waiting = registry.cases.in_state("awaiting_payment")[0]
        registry.payments.record_ate(waiting.id, "0623/300605/777777", waiting.amount or Decimal("798.48"),
                                     override_reason="" if waiting.amount else "OGA")
    assert problems(path) == []



def test_the_installation_id_taken_over(path):
    """Another office's id written into the profile (HQ would then merge this office as that village)."""
    sql(path, "UPDATE profile SET uuid = '00000000-0000-4000-8000-000000000000'")
    found(path, "profile", "uuid is '00000000-0000-4000-8000-000000000000'")


def test_hqs_key_pinned_by_hand(path):
    """Another key set up as HQ's without the application: acknowledgements signed with it would pass."""
    if not one(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'hq_trust'"):
        pytest.skip("HQ's key is set up at the office from v8 (item 9)")
    sql(path, "INSERT INTO hq_trust (fingerprint, public_key, trusted_at, source) "
              "VALUES ('0123456789ABCDEF0123456789ABCDEF', NULL, '2026-01-01T00:00:00+00:00', 'fingerprint')")
    found(path, "HQ key 0123456789ABCDEF0123456789ABCDEF", "no entry in the audit trail")


def test_an_hq_list_entry_removed(path):
    sql(path, "DELETE FROM hq_list_entries WHERE id = (SELECT MAX(id) FROM hq_list_entries)")
    found(path, "HQ list ΔΙΑΒ 12/2026", "entries is 0 but 1")
