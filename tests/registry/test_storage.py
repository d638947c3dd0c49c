"""Opening, pragmas, schema version and migrations of the registry file."""

import sqlite3

import pytest

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import Registry, RegistryError
from correspondent_app.registry.registry import migrate
from correspondent_app.registry.schema import MIGRATIONS, SCHEMA_VERSION
from correspondent_app.registry.db import connect


def test_new_file_has_current_schema_and_safe_pragmas(registry):
    assert registry.schema_version == SCHEMA_VERSION
    assert registry.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert registry.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert registry.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_forward_migration_from_every_earlier_version(tmp_path, start):
    path = tmp_path / "old.sqlite"
    db = connect(path)
    migrate(db, target=start)
    assert db.execute("PRAGMA user_version").fetchone()[0] == start
    db.conn.close()
    with Registry.open(path, backup_dir=tmp_path / "bk") as reg:
        assert reg.schema_version == SCHEMA_VERSION
        assert reg.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if start > 0:
        assert list((tmp_path / "bk").glob("*pre-migration*.sqlite")), "a backup is made before migrating"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RegistryError, match="newer version"):
        Registry.open(path)


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RegistryError, match="damaged or is not a registry"):
        Registry.open(path)


def test_migrations_are_listed_in_order():
    assert len(MIGRATIONS) == SCHEMA_VERSION >= 1


def test_a_registry_written_by_the_previous_release_migrates_with_its_data(tmp_path):
    # fixtures/v4-demo.sqlite was made by `make-demo --persons 14 --seed 7` with the code of schema 4
    # (commit d1ad85a), so this is a real file of the previous release, not one rebuilt from today's scripts.
    import shutil
    from datetime import date

    from correspondent_app.documents.issuing import issue_certificate
    from correspondent_app.registry.checks import check_registry

    path = tmp_path / "v4.sqlite"
    shutil.copy(__file__.replace("test_storage.py", "fixtures/v4-demo.sqlite"), path)
    before = sqlite3.connect(path)
    counts = {t: before.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("persons", "cases", "payments", "certificates", "protocol", "audit")}
    pdfs = before.execute("SELECT id, pdf FROM certificates ORDER BY id").fetchall()
    assert before.execute("PRAGMA user_version").fetchone()[0] == 4
    before.close()
    with Registry.open(path, backup_dir=tmp_path / "bk") as reg:
        assert reg.schema_version == SCHEMA_VERSION
        assert {t: reg.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in counts if t != "audit"} == {
            t: n for t, n in counts.items() if t != "audit"}
        assert reg.db.execute("SELECT id, pdf FROM certificates ORDER BY id").fetchall() == pdfs  # identical reprints
        # That release's demo issued certificates with random dates, so its protocol book runs out of date order:
        # check now says so (and nothing else); the counter is not stopped by it.
        problems = check_registry(reg)
        assert problems and all(" is dated " in p for p in problems), problems
        # The counter goes on with the old cases: a payment, then the next protocol number of the year.
        waiting = next(c for c in reg.cases.in_state("awaiting_payment") if c.outcome == "certificate"
                       and c.category != "1α")
        reg.payments.record_ate(waiting.id, "0623/011205/999001", waiting.amount)
        last = max(e.number for e in reg.protocol.entries(year=2005))
        assert settle_for_issue(reg, waiting.id, on=date(2005, 12, 20)) == []
        certificate = issue_certificate(reg, waiting.id, on=date(2005, 12, 20))
        assert (certificate.protocol_year, certificate.protocol_no) == (2005, last + 1)
        assert check_registry(reg) == problems  # nothing new to report
