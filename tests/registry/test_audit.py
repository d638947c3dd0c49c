"""The audit trail is append-only and hash-chained: tampering is detected."""

import sqlite3

import pytest

from correspondent_app.registry import audit

from .conftest import paid_case


def drop_guards(registry):
    registry.db.execute("DROP TRIGGER audit_no_update")
    registry.db.execute("DROP TRIGGER audit_no_delete")


def test_intact_chain_verifies(registry, person):
    paid_case(registry, person.id)
    assert registry.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] >= 4
    assert audit.verify(registry.db) == []


def test_updates_and_deletes_are_refused(registry, person):
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("UPDATE audit SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        registry.db.execute("DELETE FROM audit")


def test_edited_entry_is_detected(registry, person):
    paid_case(registry, person.id)
    drop_guards(registry)
    registry.db.execute("UPDATE audit SET after = replace(after, '798.48', '100.00') WHERE action = 'record'")
    problems = audit.verify(registry.db)
    assert any("altered" in p for p in problems)


def test_deleted_middle_entry_is_detected(registry, person):
    paid_case(registry, person.id)
    drop_guards(registry)
    registry.db.execute("DELETE FROM audit WHERE id = 2")
    assert audit.verify(registry.db)


def test_deleted_last_entry_is_detected(registry, person):
    paid_case(registry, person.id)
    drop_guards(registry)
    registry.db.execute("DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
    assert any("last audit entries" in p for p in audit.verify(registry.db))
