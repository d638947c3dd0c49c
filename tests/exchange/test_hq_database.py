"""An HQ database is marked; any other file is refused untouched; reports never write."""

import hashlib
import sqlite3

import pytest

from correspondent_app.exchange.hq_sqlite import SCHEMA_1
from correspondent_app.registry.db import split_statements
from correspondent_app.exchange.hq import APPLICATION_ID, HqDatabaseError, SCHEMA_VERSION, open_hq, open_hq_read_only
from tests.exchange.helpers import first_merge, run, village

pytestmark = pytest.mark.sqlite_only  # the HQ file itself: its mark, other files, read-only opening, old layouts


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_hq_database_is_marked(tmp_path):
    open_hq(tmp_path / "hq.sqlite").close()
    conn = sqlite3.connect(tmp_path / "hq.sqlite")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0  # never taken for a village registry


def test_a_village_registry_is_not_an_hq_database(tmp_path):
    reg, _key = village(tmp_path, "alpha", 1)
    path = reg.path
    reg.close()
    before = digest(path)
    for args in (("hq", "report", "--from", path, "--out", tmp_path / "rep"),
                 ("hq", "merge", "--into", path, tmp_path / "x.zip"),
                 ("hq", "register", "--into", path, tmp_path / "alpha.pub")):
        result = run(*args)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0 and "village registry, not an HQ database" in result.stderr
    assert digest(path) == before
    assert not (tmp_path / "rep").exists()


def test_another_programs_file_is_refused_untouched(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    text = tmp_path / "notes.sqlite"
    text.write_bytes(b"just some text, not a database at all" * 50)
    for path in (other, text):
        before = digest(path)
        with pytest.raises(HqDatabaseError, match="not an HQ database"):
            open_hq(path)
        with pytest.raises(HqDatabaseError, match="not an HQ database"):
            open_hq_read_only(path)
        assert digest(path) == before


def test_a_report_changes_nothing_in_the_hq_database(tmp_path):
    reg, key, conn = first_merge(tmp_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(tmp_path / "hq.sqlite")
    result = run("hq", "report", "--from", tmp_path / "hq.sqlite", "--out", tmp_path / "rep")
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path / "hq.sqlite") == before
    ro = open_hq_read_only(tmp_path / "hq.sqlite")
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM villages")
    missing = run("hq", "report", "--from", tmp_path / "nowhere.sqlite", "--out", tmp_path / "rep2")
    assert missing.returncode == 1 and "no HQ database" in missing.stderr and not (tmp_path / "nowhere.sqlite").exists()


def test_an_hq_database_of_the_first_merge_is_upgraded_with_its_data(tmp_path):
    """The unmarked HQ databases written before the mark: upgraded on the next register or merge."""
    reg, key, conn = first_merge(tmp_path)
    persons = conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0]
    # back to the first layout: no mark, no meta, no added columns, tables keyed by UUID alone
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                                 "('villages', 'packages', 'persons', 'cases', 'payments', 'certificates', "
                                 "'protocol')").fetchall():
        conn.execute(f"DROP TABLE {table}")
    for statement in split_statements(SCHEMA_1):
        table = statement.split("EXISTS ")[1].split(" ")[0]
        if table in ("hq_meta", "villages", "packages"):
            continue
        conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        conn.execute(statement)
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        conn.execute(f"INSERT INTO {table} SELECT {', '.join(columns)} FROM old_{table}")
        conn.execute(f"DROP TABLE old_{table}")
    for statement in ("CREATE INDEX protocol_number ON protocol (installation, year, number)",
                      "CREATE INDEX payments_receipt ON payments (receipt_code)", "PRAGMA application_id = 0"):
        conn.execute(statement)
    conn.close()
    with pytest.raises(HqDatabaseError, match="earlier version"):
        open_hq_read_only(tmp_path / "hq.sqlite")
    upgraded = open_hq(tmp_path / "hq.sqlite")
    assert upgraded.execute("SELECT value FROM hq_meta WHERE key = 'schema'").fetchone()[0] == str(SCHEMA_VERSION)
    assert upgraded.execute("SELECT COUNT(*) FROM persons WHERE name_key IS NOT NULL").fetchone()[0] == persons
    assert upgraded.execute("SELECT COUNT(*) FROM protocol WHERE entry_date IS NULL").fetchone()[0] == 0
    indexes = {r[0]: r[1] for r in upgraded.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    assert "payments_case" in indexes and "entry_date" in indexes["protocol_number"]
    # the figures the report reads were made from the rows the old database held
    assert sum(v.cases for v in upgraded.aggregates().villages) == upgraded.execute(
        "SELECT COUNT(*) FROM cases").fetchone()[0] > 0
    upgraded.close()
    open_hq_read_only(tmp_path / "hq.sqlite").close()
