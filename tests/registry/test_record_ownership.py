"""The record cannot be lost under a running window: restore, replaced files, simultaneous starts,
backups that are byte for byte what was made (issue 15, items 1, 4, 5). Real processes, real files."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from correspondent_app.registry import Registry, RegistryError
from correspondent_app.registry.backups import backup_to, default_backup_dir, restore
from correspondent_app.registry.db import RegistryReplaced, connect
from correspondent_app.registry.registry import migrate
from correspondent_app.registry.schema import SCHEMA_VERSION
from tests.registry.test_crash_and_concurrency import ROOT, assert_sound, start_issuer

CLI = [sys.executable, "-m", "correspondent_app"]


def surnames(registry):
    return [r[0] for r in registry.db.execute("SELECT surname_lat FROM persons ORDER BY id")]


def issued_numbers(path):
    with Registry.open_read_only(path) as registry:
        return {r[0] for r in registry.db.execute("SELECT protocol_no FROM certificates")}


# --- 1. restore while another instance writes ---------------------------------------------------------------

def test_restore_under_a_running_issuer_is_refused_and_loses_no_certificate(tmp_path):
    path = tmp_path / "R.sqlite"
    Registry.open(path).close()
    issuer = start_issuer(path, 100_000, 1)
    printed = []
    try:
        while len(printed) < 5:  # the issuer is really writing
            printed.append(int(issuer.stdout.readline()))
        old = tmp_path / "old.sqlite"
        with Registry.open_read_only(path) as registry:
            backup_to(registry.db, old)
        for _ in range(3):
            result = subprocess.run([*CLI, "--db", str(path), "restore", str(old)], cwd=ROOT,
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 1, result.stdout
            assert "open in another window" in result.stderr and "Traceback" not in result.stderr
            assert "PC " in result.stderr  # names where it is open
    finally:
        issuer.send_signal(signal.SIGTERM)
        out, _err = issuer.communicate(timeout=60)
    printed += [int(n) for n in out.split()]
    lost = set(printed) - issued_numbers(path)
    assert lost == set(), f"{len(lost)} certificates lost"
    assert_sound(path)
    # Once the issuer is gone, the same restore goes through and the registry is the backup again.
    result = subprocess.run([*CLI, "--db", str(path), "restore", str(old)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert issued_numbers(path) < set(printed)


def test_an_instance_whose_file_was_replaced_stops_writing(tmp_path):
    path = tmp_path / "R.sqlite"
    running = Registry.open(path)
    running.persons.add({"surname_lat": "FIRST"})
    old = backup_to(running.db, tmp_path / "old.sqlite")
    running.persons.add({"surname_lat": "SECOND"})
    # The old, unguarded way: the backup copied into the file under the running window.
    from correspondent_app.registry.backups import _renew  # the restored copy's new generation

    intruder = sqlite3.connect(path, isolation_level=None)
    source = sqlite3.connect(old)
    source.backup(intruder)
    source.close()
    _renew(intruder, old, "intruder")
    intruder.close()
    with pytest.raises(RegistryReplaced, match="replaced"):
        running.persons.add({"surname_lat": "THIRD"})
    running.close()
    with Registry.open(path) as reopened:
        assert surnames(reopened) == ["FIRST"]  # nothing written into it


def test_a_file_copied_over_a_running_window_is_noticed(tmp_path):
    path = tmp_path / "R.sqlite"
    running = Registry.open(path)
    running.persons.add({"surname_lat": "FIRST"})
    other = tmp_path / "other.sqlite"
    backup_to(running.db, other)
    os.replace(other, path)  # a file manager's copy: a new file in its place
    with pytest.raises(RegistryReplaced):
        running.persons.add({"surname_lat": "LOST"})
    running.close()


def test_an_opening_window_waits_for_a_restore_in_progress(tmp_path):
    from correspondent_app.registry.ownership import hold_exclusive

    path = tmp_path / "R.sqlite"
    Registry.open(path).close()
    hold = hold_exclusive(path)
    try:
        opener = subprocess.Popen([sys.executable, "-c", f"from correspondent_app.registry import Registry; "
                                   f"Registry.open({str(path)!r}).close(); print('opened')"], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert opener.poll() is None  # waiting, not writing into a file being replaced
    finally:
        hold.release()
    assert opener.communicate(timeout=30)[0].strip() == "opened"


# --- 4. a backup is checked byte for byte -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def office_of_300(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    with Registry.open(folder / "registry.sqlite") as registry:
        with registry.write():
            for i in range(300):
                registry.persons.add({"surname_lat": f"PERSON{i}", "name_lat": "X", "address": "Y" * 100},
                                     allow_duplicate=True)
        backup_to(registry.db, folder / "backup.sqlite")
        backup_to(registry.db, folder / "registry-copy.sqlite")
    return folder


@pytest.fixture()
def made_backup(office_of_300, tmp_path):
    """A backup of an office of 300 persons, and that office's registry (each test its own copy)."""
    shutil.copy(office_of_300 / "registry-copy.sqlite", tmp_path / "registry.sqlite")
    return office_of_300 / "backup.sqlite", tmp_path / "registry.sqlite"


def test_a_backup_cut_short_by_one_byte_is_refused(made_backup, tmp_path):
    backup, path = made_backup
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(backup.read_bytes()[:-1])
    with pytest.raises(RegistryError, match="not the backup that was made"):
        restore(cut, path)


@pytest.mark.parametrize("seed", range(6))
def test_a_backup_with_five_flipped_bytes_is_refused(made_backup, tmp_path, seed):
    backup, path = made_backup
    conn = sqlite3.connect(backup)
    pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'persons' AND pagetype = 'leaf'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(backup.read_bytes())
    rng = random.Random(seed)
    # In the persons' addresses: values no b-tree check or audit chain covers, as in the attack.
    addresses = [i for n in pages for i in range((n - 1) * page_size, n * page_size - 100, 50)
                 if data.find(b"Y" * 100, i, i + 100) == i]
    for at in rng.sample(addresses, 5):
        data[at + rng.randrange(100)] ^= 1 << rng.randrange(8)
    flipped = tmp_path / "flipped.sqlite"
    flipped.write_bytes(bytes(data))
    with pytest.raises(RegistryError, match="cannot be restored"):
        restore(flipped, path)
    with Registry.open(path) as registry:
        assert registry.persons.count() == 300  # nothing changed


def test_a_whole_backup_restores_without_its_seal_and_with_a_new_generation(made_backup):
    backup, path = made_backup
    with Registry.open(path) as registry:
        before = registry.db.execute("SELECT value FROM generation").fetchone()[0]
        registry.persons.add({"surname_lat": "AFTER"})
    restore(backup, path)
    with Registry.open(path) as registry:
        assert registry.persons.count() == 300
        assert registry.db.execute("SELECT value FROM generation").fetchone()[0] != before
        assert not registry.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'backup_seal'").fetchone()
        assert registry.db.execute("SELECT action, entity FROM audit ORDER BY id DESC LIMIT 1").fetchone() == (
            "restore", "registry")


KILLED_RESTORE = """
import os, signal, sys
from correspondent_app.registry import backups
real = backups.check_file
def die(path, **kw):
    if str(path).endswith('.part') and 'R.sqlite' in str(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, **kw)
backups.check_file = die
backups.restore(sys.argv[1], sys.argv[2])
"""


def test_a_killed_restore_leaves_no_part_file_after_the_next_start(made_backup, tmp_path):
    backup, _ = made_backup
    path = tmp_path / "R.sqlite"
    with Registry.open(path) as registry:
        registry.persons.add({"surname_lat": "KEPT"})
    killed = subprocess.run([sys.executable, "-c", KILLED_RESTORE, str(backup), str(path)], cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    left = list(tmp_path.glob("R.sqlite.*.part"))
    assert left and left[0].stat().st_size > 100_000  # the killed copy, as the attack saw it
    with Registry.open(path) as registry:
        assert surnames(registry) == ["KEPT"]  # not replaced
    assert list(tmp_path.glob("*.part")) == [] and list(default_backup_dir(path).glob("*.part")) == []


# --- 5. simultaneous starts -------------------------------------------------------------------------------------

def start_together(path, go, count=3):
    procs = [subprocess.Popen([sys.executable, "-m", "tests.registry.opener", str(path), str(go)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(count)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    go.touch()
    return [proc.communicate(timeout=120) for proc in procs]


def test_three_instances_creating_a_new_file_at_once(tmp_path):
    failures = []
    for trial in range(6):
        path, go = tmp_path / f"new{trial}.sqlite", tmp_path / f"go{trial}"
        results = start_together(path, go)
        failures += [out + err for out, err in results if out.strip() != "ok"]
        assert failures == [], "\n".join(failures)
        with Registry.open(path) as registry:
            assert registry.persons.count() == 3 and registry.schema_version == SCHEMA_VERSION


def test_three_instances_upgrading_an_older_file_at_once(tmp_path):
    failures = []
    for trial in range(6):
        path, go = tmp_path / f"old{trial}.sqlite", tmp_path / f"go{trial}"
        db = connect(path)
        migrate(db, target=5)
        db.conn.close()
        results = start_together(path, go)
        failures += [out + err for out, err in results if out.strip() != "ok"]
        assert failures == [], "\n".join(failures)
        with Registry.open(path) as registry:
            assert registry.persons.count() == 3 and registry.schema_version == SCHEMA_VERSION
    names = [p.name for p in default_backup_dir(tmp_path / "x").glob("*pre-migration*")]
    assert len(names) == len(set(names)) >= 6  # one per upgraded file at least, none overwritten


def test_backups_made_in_the_same_second_never_share_a_name(tmp_path):
    from correspondent_app.registry.backups import _stamped

    names = {_stamped(tmp_path, "daily") for _ in range(5)}
    assert len(names) == 5
