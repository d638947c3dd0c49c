"""backup | restore | check | import-list as a user runs them (real subprocesses)."""

import sqlite3
import subprocess
import sys
from decimal import Decimal

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import Registry
from tests.office import office


def run(*args, home=None):
    env = None
    if home:
        import os

        env = {**os.environ, "CORRESPONDENT_APP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=env)


def make_registry(path):
    with Registry.open(path) as reg:
        reg.profile.save(**office(community="Τεστ"))
        person = reg.persons.add({"surname_lat": "HOXHA", "name_lat": "ARBEN"})
        case = reg.cases.open(person.id, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True})
        reg.cases.move(case.id, "awaiting_payment")
        reg.payments.record_ate(case.id, "0623/300605/129009", Decimal("2040.72"))
        assert settle_for_issue(reg, case.id) == []
        reg.certificates.issue(case.id)


def test_check_passes_then_finds_tampering(tmp_path):
    db = tmp_path / "r.sqlite"
    make_registry(db)
    ok = run("--db", db, "check")
    assert ok.returncode == 0 and "all checks passed" in ok.stdout
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'forger' WHERE id = 3")
    conn.commit()
    conn.close()
    bad = run("--db", db, "check")
    assert bad.returncode == 1 and "altered" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_backup_and_restore_round_trip(tmp_path):
    db = tmp_path / "r.sqlite"
    make_registry(db)
    out = tmp_path / "copy.sqlite"
    assert run("--db", db, "backup", "--out", out).returncode == 0
    with Registry.open(db) as reg:
        reg.persons.add({"surname_lat": "LATER"})
    result = run("--db", db, "restore", out)
    assert result.returncode == 0, result.stderr
    with Registry.open(db) as reg:
        assert reg.persons.count() == 1


def test_restore_of_garbage_is_refused_in_one_line(tmp_path):
    db = tmp_path / "r.sqlite"
    make_registry(db)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 50)
    result = run("--db", db, "restore", junk)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_import_list_and_its_errors(tmp_path):
    db = tmp_path / "r.sqlite"
    make_registry(db)
    good = tmp_path / "list.csv"
    good.write_text("oga_no,surname,name,father_name,birth_date,nationality,status,amount\n"
                    "1,HOXHA,ARBEN,,,AL,active,\"312,40\"\n", encoding="utf-8-sig")
    result = run("--db", db, "import-list", good, "--reference", "ΟΓΑ 1/2005")
    assert result.returncode == 0 and "imported 1" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("oga_no,surname\n1,X\n", encoding="utf-8")
    result = run("--db", db, "import-list", bad)
    assert result.returncode == 1 and "column missing" in result.stderr and "Traceback" not in result.stderr


def test_missing_registry_is_one_line(tmp_path):
    result = run("--db", tmp_path / "none.sqlite", "check")
    assert result.returncode == 1 and "no registry" in result.stderr.lower() and "Traceback" not in result.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_check_of_another_programs_database_changes_nothing(tmp_path):
    other = tmp_path / "contacts.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for command in (("check",), ("backup", "--out", tmp_path / "b.sqlite")):
        result = run("--db", other, *command)
        assert result.returncode == 1 and "another program" in result.stderr, result.stderr
    assert other.read_bytes() == before


def test_check_reads_an_older_registry_without_migrating_it(tmp_path):
    import shutil
    from pathlib import Path

    old = tmp_path / "v4.sqlite"
    shutil.copy(Path(__file__).parents[1] / "registry" / "fixtures" / "v4-demo.sqlite", old)
    result = run("--db", old, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 4


def test_check_of_an_empty_file_says_it_is_no_registry(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    result = run("--db", empty, "check")
    assert result.returncode == 1 and "not a registry" in result.stderr and "Traceback" not in result.stderr
    assert empty.read_bytes() == b""
