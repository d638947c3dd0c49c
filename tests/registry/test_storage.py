"""Opening, pragmas, schema version and migrations of the registry file."""

import sqlite3

import pytest

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
