"""Another office's backup does not take over this office (issue 15, item 2); moving an office is its own action."""

import subprocess
import sys

import pytest

from correspondent_app.registry import Registry, RegistryError
from correspondent_app.registry.backups import backup_to, restore
from tests.office import office
from tests.registry.test_crash_and_concurrency import ROOT


def office_registry(path, community):
    with Registry.open(path) as registry:
        registry.profile.save(**office(community=community))
        registry.persons.add({"surname_lat": community.upper()})
        return registry.profile.get().uuid


def uuid_of(path):
    with Registry.open_read_only(path) as registry:
        return registry.profile.get().uuid


@pytest.fixture()
def two_offices(tmp_path):
    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    our_id, their_id = office_registry(ours, "Αγίου Νικολάου"), office_registry(theirs, "Καλαμπάκας")
    from correspondent_app.registry.keys import signing_key

    with Registry.open(theirs) as registry:
        signing_key(registry)  # an office at work has its key (made at its first certificate or export)
        backup = backup_to(registry.db, tmp_path / "their-backup.sqlite")
    return ours, our_id, backup, their_id


def test_restoring_another_offices_backup_is_refused_naming_both(two_offices):
    ours, our_id, backup, _their_id = two_offices
    with pytest.raises(RegistryError) as refused:
        restore(backup, ours)
    message = str(refused.value)
    assert "another office" in message and "Καλαμπάκας" in message and "Αγίου Νικολάου" in message
    assert "move-office" in message and "Nothing was changed" in message
    assert uuid_of(ours) == our_id


def test_a_new_pc_without_an_office_takes_a_backup(two_offices, tmp_path):
    _ours, _our_id, backup, their_id = two_offices
    fresh = tmp_path / "new-pc.sqlite"
    Registry.open(fresh).close()  # the application's first start on the new PC: no office set up yet
    restore(backup, fresh)
    assert uuid_of(fresh) == their_id


def cli(*args):
    return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_move_office_shows_both_and_changes_nothing_without_yes(two_offices):
    ours, our_id, backup, _their_id = two_offices
    refused = cli("--db", ours, "restore", backup)
    assert refused.returncode == 1 and "another office" in refused.stderr and "Traceback" not in refused.stderr
    shown = cli("--db", ours, "move-office", backup)
    assert shown.returncode == 2, shown.stderr
    assert "Καλαμπάκας" in shown.stdout and "Αγίου Νικολάου" in shown.stdout and "--yes" in shown.stdout
    assert uuid_of(ours) == our_id


def test_move_office_with_its_key_file_makes_this_pc_that_office(two_offices, tmp_path):
    from correspondent_app.registry.keys import export_private_key, signing_key

    ours, _our_id, backup, their_id = two_offices
    with Registry.open(tmp_path / "theirs.sqlite") as registry:
        key_file = export_private_key(registry, tmp_path / "office.key")
        their_public = signing_key(registry).public_key().public_bytes_raw()
    moved = cli("--db", ours, "move-office", backup, "--key", key_file, "--yes")
    assert moved.returncode == 0, moved.stderr
    assert uuid_of(ours) == their_id
    with Registry.open(ours) as registry:
        assert signing_key(registry).public_key().public_bytes_raw() == their_public
