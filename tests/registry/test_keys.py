"""Issue 15 item 8: the signing key is never in the registry file or its backups.

The attack: a backup copied to a USB stick held the installation's private
key, so whoever had the stick could sign certificates and HQ packages as the
office. Now the key lives outside (OS key store or a 0600 file in ``keys/``
beside the registry), a registry from before v8 gives it up on first open,
a lost key is refused with what to do, and a re-key keeps old signatures
verifying.
"""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from correspondent_app.exchange.export import export_package
from correspondent_app.registry import Registry, RegistryError
from correspondent_app.registry import keys
from correspondent_app.registry.backups import backup_to, backups_in, check_file, default_backup_dir
from correspondent_app.registry.db import connect
from correspondent_app.registry.registry import migrate
from tests.office import office


def private_bytes(registry) -> bytes:
    return keys.raw_private(keys.signing_key(registry))


def seal_holds(path) -> bool:
    """A sealed backup still matches its seal (backups made before seals have none to check)."""
    try:
        from correspondent_app.registry import seal
    except ImportError:
        return True
    return seal.sealed_digest(path) is None or seal.verify(path)


def raw_files(path) -> bytes:
    """Every byte of the registry on disk: the file and its WAL."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_tests_never_touch_the_real_key_store():
    assert os.environ.get(keys.STORE_ENV) == "file" and keys._keyring() is None


def test_a_backup_on_a_usb_stick_lets_nobody_sign(registry, tmp_path):
    secret = private_bytes(registry)  # the key is made on first use, as at the first certificate
    usb = tmp_path / "usb-stick"
    backup = backup_to(registry.db, usb / "registry-backup.sqlite")
    assert secret not in backup.read_bytes()  # not anywhere in the file, not only not in the column
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT length(private_key) FROM installation_key").fetchone() == (0,)
    conn.close()
    assert secret not in raw_files(registry.path)
    with Registry.open(backup) as stolen:  # whoever finds the stick opens it on their own PC
        with pytest.raises(keys.KeyLost, match="rekey"):
            keys.signing_key(stolen)
        with pytest.raises(RegistryError, match="not on this computer"):
            export_package(stolen, usb / "forged.zip")
    assert not (usb / "forged.zip").exists()


def test_the_key_file_is_readable_by_the_user_only(registry):
    keys.signing_key(registry)
    files = list(keys.key_folder(registry).glob("*.key"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert keys.key_folder(registry) != default_backup_dir(registry.path)


def test_two_registries_in_one_folder_keep_their_own_keys(tmp_path):
    with Registry.open(tmp_path / "a.sqlite") as a, Registry.open(tmp_path / "b.sqlite") as b:
        assert private_bytes(a) != private_bytes(b)
        assert len(list(keys.key_folder(a).glob("*.key"))) == 2


def test_two_instances_making_the_first_key_at_once_leave_one_key(tmp_path):
    path = tmp_path / "r.sqlite"
    with Registry.open(path) as first, Registry.open(path) as second:
        real_execute = second.db.execute
        raced = []

        def execute(sql, *args):
            if "FROM installation_key WHERE id = 1" in sql and not raced:
                raced.append(sql)
                keys.signing_key(first)  # the other instance wins right now
                return real_execute("SELECT NULL WHERE 0")
            return real_execute(sql, *args)

        second.db.execute = execute
        assert private_bytes(second) == private_bytes(first) and raced
        assert len(list(keys.key_folder(first).glob("*.key"))) == 1  # the loser's key was not left behind


def v7_registry_with_its_key(path):
    """A registry as the previous release wrote it: schema 7, the private key in the column."""
    db = connect(path)
    migrate(db, target=7)
    key = Ed25519PrivateKey.generate()
    db.execute("INSERT INTO installation_key (id, private_key, public_key, created_at) VALUES (1, ?, ?, ?)",
               [keys.raw_private(key), keys.raw_public(key), "2024-05-01T10:00:00"])
    db.conn.close()
    return keys.raw_private(key)


def test_upgrade_moves_the_key_out_of_the_registry_and_its_backups(tmp_path):
    path = tmp_path / "registry.sqlite"
    secret = v7_registry_with_its_key(path)
    db = connect(path)
    old_daily = backup_to(db, default_backup_dir(path) / "registry-20240501-000000-daily.sqlite")
    db.conn.close()
    assert secret in old_daily.read_bytes()  # what the previous release left in backups/
    with Registry.open(path) as registry:
        assert registry.schema_version >= 8
        assert private_bytes(registry) == secret  # the same key, now from outside
        assert registry.db.execute("SELECT length(private_key) FROM installation_key").fetchone() == (0,)
        assert secret not in raw_files(path)
        backups = backups_in(default_backup_dir(path))
        assert any("pre-migration" in p.name for p in backups)  # the copy made just before the upgrade
        for backup in backups:
            assert secret not in backup.read_bytes(), backup.name
            assert check_file(backup) == [] and seal_holds(backup), backup.name  # still a good backup
        assert backups_in(default_backup_dir(path))[-1] == old_daily  # it kept its date, so its place
        assert backup_to(registry.db, tmp_path / "after.sqlite").read_bytes().find(secret) == -1
        with pytest.raises(sqlite3.IntegrityError):  # and the registry never takes a private key back
            registry.db.execute("UPDATE installation_key SET private_key = ?", [secret])
    with Registry.open(path) as again:  # the next start finds nothing to move
        assert private_bytes(again) == secret


def test_a_lost_key_refuses_signing_on_the_command_line_with_what_to_do(tmp_path):
    path = tmp_path / "registry.sqlite"
    with Registry.open(path) as registry:
        registry.profile.save(**office())
        keys.signing_key(registry)
        folder = keys.key_folder(registry)
    for file in folder.glob("*.key"):
        file.unlink()  # the PC broke; only the registry (restored from a backup) is left
    result = subprocess.run([sys.executable, "-m", "correspondent_app", "--db", str(path), "export",
                             "--out", str(tmp_path / "p.zip")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not on this computer" in result.stderr and "rekey" in result.stderr


def test_rekey_records_the_change_and_old_signatures_still_verify(registry):
    old_key = keys.signing_key(registry)
    old_signature = old_key.sign(b"certificate issued before the re-key")
    keys._key_file(registry, keys.raw_public(old_key)).unlink()  # lost
    with pytest.raises(keys.KeyLost):
        keys.signing_key(registry)
    before, after = keys.rekey(registry, "old PC broke")
    assert before == keys.fingerprint(keys.raw_public(old_key)) and after != before
    new_key = keys.signing_key(registry)
    assert keys.fingerprint(keys.raw_public(new_key)) == after
    today, tomorrow, last_year = date.today(), date.today() + timedelta(days=1), date.today() - timedelta(days=365)
    assert keys.verify_signature(registry, old_signature, b"certificate issued before the re-key", last_year)
    assert keys.verify_signature(registry, old_signature, b"certificate issued before the re-key", today)
    # the lost key signs nothing dated after the re-key, the new one nothing before it
    assert not keys.verify_signature(registry, old_signature, b"certificate issued before the re-key", tomorrow)
    assert not keys.verify_signature(registry, new_key.sign(b"x"), b"x", last_year)
    assert [k.fingerprint for k in keys.recorded_keys(registry)] == [before, after]
    entry = registry.db.execute("SELECT before, after FROM audit WHERE action = 'rekey'").fetchone()
    assert before in entry[0] and after in entry[1] and "old PC broke" in entry[1]
    with pytest.raises(sqlite3.IntegrityError):  # a key change that is not recorded is refused by the schema
        registry.db.execute("UPDATE installation_key SET public_key = ?", [keys.raw_public(old_key)])


def test_moving_the_key_to_a_new_pc(registry, tmp_path):
    secret = private_bytes(registry)
    carried = keys.export_private_key(registry, tmp_path / "stick" / "office.key")
    assert stat.S_IMODE(carried.stat().st_mode) == 0o600
    new_pc = tmp_path / "new-pc"
    copy = backup_to(registry.db, new_pc / "registry.sqlite")
    with Registry.open(copy) as moved:
        with pytest.raises(keys.KeyLost):
            keys.signing_key(moved)
        assert keys.import_private_key(moved, carried) == keys.fingerprint(keys.current_public_key(moved))
        assert private_bytes(moved) == secret
    other = Registry.open(tmp_path / "other.sqlite")
    keys.signing_key(other)
    with pytest.raises(keys.KeyStoreError, match="not this registry's signing key"):
        keys.import_private_key(other, carried)
    (tmp_path / "junk.key").write_text(json.dumps({"kind": "something else"}))
    with pytest.raises(keys.KeyStoreError, match="not a key file"):
        keys.import_private_key(other, tmp_path / "junk.key")
    other.close()


def test_fingerprints_read_over_the_phone():
    fp = keys.fingerprint(bytes(32))
    assert len(fp) == 32 and keys.grouped(fp).count(" ") == 7
    assert keys.normalise_fingerprint(keys.grouped(fp).lower().replace(" ", "-")) == fp
    assert keys.normalise_fingerprint("1234") is None
