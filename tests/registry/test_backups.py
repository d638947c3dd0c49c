"""Backups through the backup API, verified restore, rotation, disk full."""

import sqlite3
from datetime import datetime, timedelta

import os
import pytest

from correspondent_app.registry import Registry, RegistryError, StorageError
from correspondent_app.registry.backups import auto_backup, backup_to, backups_in, check_file, restore, rotate

from .conftest import paid_case


def test_backup_is_a_verified_copy(registry, person, tmp_path):
    paid_case(registry, person.id)
    copy = backup_to(registry.db, tmp_path / "out" / "copy.sqlite")
    assert check_file(copy) == []
    with Registry.open(copy) as reg:
        assert reg.persons.get(person.id).surname_lat == "HOXHA"


def test_auto_backup_at_most_daily_and_rotation(registry, tmp_path):
    folder = tmp_path / "bk"
    assert auto_backup(registry, folder) is not None
    assert auto_backup(registry, folder) is None  # already one today
    old = backups_in(folder)[0]
    past = (datetime.now() - timedelta(days=2)).timestamp()
    os.utime(old, (past, past))
    assert auto_backup(registry, folder) is not None
    for i in range(5):
        (folder / f"registry-extra-{i}-daily.sqlite").write_bytes(b"x")
    (folder / "registry-20050101-000000-pre-migration.sqlite").write_bytes(b"x")
    rotate(folder, keep=3)
    kept = [p.name for p in backups_in(folder)]
    assert len(kept) == 4 and "registry-20050101-000000-pre-migration.sqlite" in kept  # never rotated away


def test_restore_replaces_after_verifying_and_keeps_the_current(registry, person, tmp_path):
    copy = backup_to(registry.db, tmp_path / "copy.sqlite")
    registry.persons.add({"surname_lat": "LATER"})
    path = registry.path
    registry.close()
    saved = restore(copy, path, folder=tmp_path / "bk")
    assert saved and saved.exists()
    with Registry.open(path) as reg:
        assert reg.persons.search("later") == []
        assert reg.persons.count() == 1
    with Registry.open(saved) as reg:
        assert reg.persons.count() == 2


def test_restore_refuses_a_damaged_file_and_changes_nothing(registry, person, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    path = registry.path
    registry.close()
    with pytest.raises(RegistryError, match="Nothing was changed"):
        restore(bad, path)
    with Registry.open(path) as reg:
        assert reg.persons.count() == 1


def test_restore_refuses_a_tampered_audit_trail(registry, person, tmp_path):
    copy = backup_to(registry.db, tmp_path / "copy.sqlite")
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'someone else'")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="not the backup that was made"):
        restore(copy, tmp_path / "new.sqlite")  # the seal sees the change first
    conn = sqlite3.connect(copy)
    conn.execute("DROP TABLE backup_seal")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="seal was removed"):
        restore(copy, tmp_path / "new.sqlite")  # the seal cannot simply be taken off
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA user_version = 7")  # as a backup made before backups were sealed
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="altered"):
        restore(copy, tmp_path / "new.sqlite")  # then the audit chain still tells


def test_disk_full_while_issuing_saves_nothing(registry, person):
    case = paid_case(registry, person.id)
    pages = registry.db.execute("PRAGMA page_count").fetchone()[0]
    registry.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL on growth
    with pytest.raises(StorageError, match="disk is full"):
        registry.certificates.issue(case.id, render=lambda reg, c: os.urandom(200_000))
    registry.db.execute("PRAGMA max_page_count = 1073741823")
    assert registry.protocol.entries() == []
    assert registry.cases.get(case.id).state == "paid"
    assert registry.certificates.issue(case.id).protocol_no == 1


def test_unwritable_location_gets_a_clear_message(tmp_path):
    with pytest.raises(StorageError, match="cannot be opened"):
        Registry.open(tmp_path / "missing-folder" / "registry.sqlite")


class Cancel(Exception):
    """What the app's progress raises when the clerk presses Cancel."""


def cancel_at(call: int):
    """A progress callback that cancels on its ``call``-th report; it records what it heard."""
    heard = []

    def progress(done, total):
        heard.append((done, total))
        if len(heard) == call:
            raise Cancel()

    progress.heard = heard
    return progress


def test_a_cancelled_backup_leaves_no_file(registry, person, tmp_path):
    target = tmp_path / "copies" / "copy.sqlite"
    with pytest.raises(Cancel):
        backup_to(registry.db, target, cancel_at(1))
    assert not target.exists() and list(target.parent.iterdir()) == []
    progress = cancel_at(0)  # never cancels
    backup_to(registry.db, target, progress)
    assert check_file(target) == [] and progress.heard[-1][0] == progress.heard[-1][1] > 0


@pytest.mark.parametrize("damage", ["pages", "not_sqlite"])
def test_restore_replaces_a_damaged_registry_and_keeps_the_damaged_file(registry, person, tmp_path, damage):
    copy = backup_to(registry.db, tmp_path / "copy.sqlite")
    path = registry.path
    registry.close()
    data = bytearray(path.read_bytes())
    if damage == "pages":
        data[4096 + 100:4096 * 3] = b"\xff" * (4096 * 2 - 100)  # the second and third pages: tables, not the header
    else:
        data[:] = b"this was overwritten by another program" * 200
    path.write_bytes(bytes(data))
    assert check_file(path, audit_chain=False)  # damaged: SQLite's own backup API could not copy it aside
    saved = restore(copy, path, folder=tmp_path / "bk")
    assert saved.read_bytes() == bytes(data)  # kept byte for byte for whoever investigates
    with Registry.open(path) as reg:
        assert reg.persons.get(person.id).surname_lat == "HOXHA"
    assert check_file(path) == []


def test_restore_refuses_while_another_window_holds_the_registry_busy(registry, person, tmp_path):
    copy = backup_to(registry.db, tmp_path / "copy.sqlite")
    path = registry.path
    registry.db.execute("PRAGMA locking_mode = EXCLUSIVE")  # another instance in the middle of writing
    registry.db.execute("BEGIN EXCLUSIVE")
    before = path.read_bytes()
    with pytest.raises(RegistryError, match="open in another window"):
        restore(copy, path, folder=tmp_path / "bk")
    assert path.read_bytes() == before and not list((tmp_path / "bk").glob("*damaged*"))
    registry.db.execute("ROLLBACK")
