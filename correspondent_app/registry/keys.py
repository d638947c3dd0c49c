"""Where the installation's private signing key lives: never in the registry.

Whoever holds the private key can sign certificates and HQ packages as the
office, so it must not travel with the registry file or its backups (a
backup on a USB stick would be enough to forge). The registry keeps only the
public keys (certificates' QR codes are verified with them); the private key
is kept

* in the operating system's protected store when there is one (the
  ``keyring`` package: Windows Credential Locker, macOS Keychain, Secret
  Service), or
* otherwise in a file readable by the user only (0600), in a ``keys`` folder
  beside the registry (never in ``backups/``).

Both are looked up by the public key, so several registries on one machine,
a restored copy of the same office, or two instances making the first key at
once never mix keys up. ``CORRESPONDENT_KEY_STORE=file`` forces the file
store (tests, portable use): the developer's real key store is never touched.

A lost key is replaced by :func:`rekey`; HQ then registers the new public key
explicitly (``hq register --replace``). Certificates signed before keep
verifying: every public key the office used is recorded with the day it
took over (:func:`verifying_keys`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from correspondent_app.i18n import _
from correspondent_app.registry.db import RegistryError, StorageError
from correspondent_app.registry.records import now

#: ``file`` forces the 0600 file store; anything else uses the OS store when it has a real backend.
STORE_ENV = "CORRESPONDENT_KEY_STORE"
KEYRING_SERVICE = "correspondent-app"
KEY_FILE_KIND = "correspondent-app/installation-private-key"


class KeyStoreError(RegistryError):
    """The private key is missing, unreadable or does not belong to this registry; the message says what to do."""


class KeyLost(KeyStoreError):
    """The registry has a public key but this computer does not hold the private key."""


# ---------------------------------------------------------------- fingerprints


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def fingerprint(public_key: bytes) -> str:
    """32 hex digits (128 bits) of the SHA-256 of a raw public key: enough that no one can make a key to match."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:32].upper()


def grouped(fp: str) -> str:
    """``A1B2 C3D4 …``: groups of four that people can read out over the phone."""
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def normalise_fingerprint(text: str) -> str | None:
    """A fingerprint as typed (spaces, dashes, lower case) -> 32 upper-case hex digits, or None."""
    raw = "".join(ch for ch in (text or "") if ch not in " -:\t").upper()
    return raw if len(raw) == 32 and all(ch in "0123456789ABCDEF" for ch in raw) else None


# ---------------------------------------------------------------- the stores


def _keyring():
    """The ``keyring`` module when it has a real protected store here, else None (then the file store)."""
    if os.environ.get(STORE_ENV, "").lower() == "file":
        return None
    try:
        import keyring  # noqa: PLC0415 - optional at run time: a frozen build without it uses the file store
        from keyring.backends import fail  # noqa: PLC0415

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any trouble finding a backend means: no protected store
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    if type(backend).__module__.startswith("keyrings.alt"):  # plain-text "stores" protect nothing
        return None
    return keyring


def key_folder(registry) -> Path:
    """The file store: ``keys/`` beside the registry (the backups go to ``backups/``, never here)."""
    return Path(registry.path).resolve().parent / "keys"


def _key_file(registry, public_key: bytes) -> Path:
    return key_folder(registry) / f"{hashlib.sha256(bytes(public_key)).hexdigest()}.key"


def _keyring_name(public_key: bytes) -> str:
    return f"installation-key-{hashlib.sha256(bytes(public_key)).hexdigest()}"


def _write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the user only, whole or not at all."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _matches(private: bytes | None, public_key: bytes) -> Ed25519PrivateKey | None:
    try:
        key = Ed25519PrivateKey.from_private_bytes(bytes(private))
    except (TypeError, ValueError):
        return None
    return key if raw_public(key) == bytes(public_key) else None


def _load(registry, public_key: bytes) -> Ed25519PrivateKey | None:
    """The private half of ``public_key`` from the OS store or the key file, or None."""
    keyring = _keyring()
    if keyring is not None:
        with contextlib.suppress(Exception):  # a locked or broken store: try the file
            text = keyring.get_password(KEYRING_SERVICE, _keyring_name(public_key))
            if text and (key := _matches(base64.b64decode(text), public_key)):
                return key
    try:
        data = _key_file(registry, public_key).read_bytes()
        return _matches(base64.b64decode(data.strip()), public_key)
    except (OSError, ValueError):
        return None


def _save(registry, key: Ed25519PrivateKey) -> str:
    """Keep ``key`` outside the registry and read it back; returns where it went (for messages)."""
    public_key = raw_public(key)
    keyring = _keyring()
    if keyring is not None:
        with contextlib.suppress(Exception):  # the store refused: fall back to the file
            keyring.set_password(KEYRING_SERVICE, _keyring_name(public_key), base64.b64encode(raw_private(key)).decode())
            if _load(registry, public_key) is not None:
                return "keyring"
    path = _key_file(registry, public_key)
    try:
        _write_private_file(path, base64.b64encode(raw_private(key)) + b"\n")
    except OSError as exc:
        raise StorageError(_("The signing key could not be saved in {path}: {error}").format(
            path=path.parent, error=exc.strerror or exc)) from exc
    if _load(registry, public_key) is None:
        raise StorageError(_("The signing key could not be saved in {path}.").format(path=path.parent))
    return str(path)


def _forget(registry, public_key: bytes) -> None:
    """Remove a key that was never used (another instance's key won the race)."""
    keyring = _keyring()
    if keyring is not None:
        with contextlib.suppress(Exception):
            keyring.delete_password(KEYRING_SERVICE, _keyring_name(public_key))
    with contextlib.suppress(OSError):
        _key_file(registry, public_key).unlink()


# ---------------------------------------------------------------- the installation's key


def current_public_key(registry) -> bytes | None:
    row = registry.db.execute("SELECT public_key FROM installation_key WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None


def _lost_message(registry) -> str:
    return _("This office's signing key is not on this computer (it is never kept in the registry or its "
             "backups; it was in the system's key store or in {folder}). Nothing can be signed until it is back: "
             "bring the key file from the old computer, or make a new key with \"correspondent-app rekey\" and "
             "have HQ register the new key file (export-key) with \"hq register --replace\".").format(
                 folder=key_folder(registry))


def signing_key(registry) -> Ed25519PrivateKey:
    """The installation's private key, made on first use; :class:`KeyLost` if this computer does not hold it."""
    row = registry.db.execute("SELECT public_key, private_key FROM installation_key WHERE id = 1").fetchone()
    if row is None:
        return _make_first_key(registry)
    public_key, legacy = bytes(row[0]), bytes(row[1])
    key = _load(registry, public_key) or (_matches(legacy, public_key) if legacy else None)
    if key is None:
        raise KeyLost(_lost_message(registry))
    return key


def _make_first_key(registry) -> Ed25519PrivateKey:
    """A new key pair: the private half saved outside first, then the public half recorded."""
    key = Ed25519PrivateKey.generate()
    _save(registry, key)
    with registry.write():
        # Not INSERT OR IGNORE: the schema's no-replace trigger fires before OR IGNORE would apply.
        registry.db.execute("INSERT INTO installation_key (id, private_key, public_key, created_at) "
                            "SELECT 1, X'', ?, ? WHERE NOT EXISTS (SELECT 1 FROM installation_key)",
                            [raw_public(key), now()])
    stored = current_public_key(registry)
    if stored != raw_public(key):
        _forget(registry, raw_public(key))  # another instance won the race: its key is the office's
    return signing_key(registry)


@dataclass(frozen=True)
class RecordedKey:
    public_key: bytes
    valid_from: date | None  # None: from the start
    valid_to: date | None  # None: still in use; else the day the next key took over (both valid that day)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def recorded_keys(registry) -> list[RecordedKey]:
    """Every public key the office has signed with, oldest first."""
    try:
        rows = [(bytes(k), date.fromisoformat(v) if v else None)
                for k, v in registry.db.execute("SELECT public_key, valid_from FROM installation_keys ORDER BY id")]
    except sqlite3.OperationalError:
        rows = []  # a registry from before v8, looked at read-only
    current = current_public_key(registry)
    if current is not None and current not in {k for k, _v in rows}:
        rows.append((current, None))  # a registry not yet migrated (read-only check): its one key
    return [RecordedKey(k, v, rows[i + 1][1] if i + 1 < len(rows) else None) for i, (k, v) in enumerate(rows)]


def verifying_keys(registry, issued_on: date | None = None) -> list[Ed25519PublicKey]:
    """The office's public keys that may have signed a certificate issued on ``issued_on`` (any day: all)."""
    return [Ed25519PublicKey.from_public_bytes(k.public_key) for k in recorded_keys(registry) if k.valid_on(issued_on)]


def verify_signature(registry, signature: bytes, data: bytes, issued_on: date | None = None) -> bool:
    """Did one of the office's keys valid on ``issued_on`` sign ``data``?"""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    for key in verifying_keys(registry, issued_on):
        try:
            key.verify(signature, data)
            return True
        except InvalidSignature:
            continue
    return False


# ---------------------------------------------------------------- moving the key out (v8)


def move_out_of_registry(registry) -> bool:
    """A registry from before v8 holds its private key: save it outside, blank the column, scrub the backups.

    Called by ``Registry.open`` after the migration; does nothing once done.
    A registry whose key cannot be saved elsewhere (read-only medium) keeps
    it for now: losing the key would be worse. Returns True when it moved.
    """
    row = registry.db.execute("SELECT public_key, private_key FROM installation_key WHERE id = 1").fetchone()
    if row is None or not row[1]:
        return False
    public_key, private = bytes(row[0]), bytes(row[1])
    key = _matches(private, public_key)
    if key is None or registry.path is None or str(registry.path) == ":memory:":
        return False
    try:
        _save(registry, key)
        _blank(registry)
    except RegistryError:
        return False
    scrub_backups(registry, private)
    return True


@contextlib.contextmanager
def _secure_delete(conn: sqlite3.Connection):
    """SQLite overwrites deleted content with zeros meanwhile (else the old bytes stay in the page)."""
    before = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(before)}")


def _blank(registry) -> None:
    with _secure_delete(registry.db.conn):
        with registry.write():
            registry.db.execute("UPDATE installation_key SET private_key = X'' WHERE id = 1")
            registry.audit("move-key-out", "installation_key", "", None,
                           {"public_key": fingerprint(current_public_key(registry))})
    with contextlib.suppress(sqlite3.Error):  # the WAL still holds the page as it was: fold it in now
        registry.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def scrub_backups(registry, private: bytes) -> list[Path]:
    """Blank this key in the automatic backups beside the registry (the copy made before the upgrade included).

    Each backup is rewritten through ``backup_to`` (verified, then put in
    place) and keeps its date, so its place among the backups is unchanged.
    Copies elsewhere (USB sticks) cannot be reached: a re-key retires them.
    """
    from correspondent_app.registry.backups import backups_in, default_backup_dir  # noqa: PLC0415

    scrubbed = []
    for path in backups_in(default_backup_dir(Path(registry.path))):
        with contextlib.suppress(sqlite3.Error, OSError, RegistryError):  # one bad backup must not stop the start
            if _holds(path, private):
                _scrub(path)
                scrubbed.append(path)
    return scrubbed


def _holds(path: Path, private: bytes) -> bool:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT private_key FROM installation_key WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return False  # a backup from before the key existed
    finally:
        conn.close()
    return bool(row and bytes(row[0]) == private)


def _scrub(path: Path) -> None:
    import sqlite_utils  # noqa: PLC0415

    from correspondent_app.registry.backups import backup_to  # noqa: PLC0415

    stat = path.stat()
    work = path.with_name(path.name + ".scrub")
    work.write_bytes(path.read_bytes())
    try:
        conn = sqlite3.connect(str(work), isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete = ON")
            trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name = 'installation_key_fixed'").fetchone()
            conn.execute("BEGIN")
            conn.execute("DROP TRIGGER IF EXISTS installation_key_fixed")  # the backup's schema forbids the edit
            conn.execute("UPDATE installation_key SET private_key = X''")
            if trigger:
                conn.execute(trigger[0])
            conn.execute(f"DROP TABLE IF EXISTS {_seal_table()}")  # backup_to seals the scrubbed copy anew
            conn.execute("COMMIT")
            conn.execute("VACUUM")  # no page of the file keeps the old bytes
            backup_to(sqlite_utils.Database(conn, execute_plugins=False), path)
        finally:
            conn.close()
        os.utime(path, (stat.st_atime, stat.st_mtime))
    finally:
        work.unlink(missing_ok=True)
        Path(f"{work}-journal").unlink(missing_ok=True)


def _seal_table() -> str:
    try:
        from correspondent_app.registry.seal import TABLE  # noqa: PLC0415
    except ImportError:
        return "backup_seal"
    return TABLE


# ---------------------------------------------------------------- re-key


def rekey(registry, reason: str = "") -> tuple[str | None, str]:
    """A new key pair for a lost (or exposed) one: (old fingerprint, new fingerprint).

    The new private key is saved outside first; the registry records the new
    public key, from today, next to the old ones (certificates signed before
    still verify) and an audit entry with both fingerprints. HQ refuses this
    office's packages until it registers the new key file (``hq register
    --replace``).
    """
    old = current_public_key(registry)
    if old is None:
        return None, fingerprint(raw_public(signing_key(registry)))
    key = Ed25519PrivateKey.generate()
    public_key, at = raw_public(key), now()
    _save(registry, key)
    with registry.write():
        registry.db.execute("INSERT INTO installation_keys (public_key, valid_from, created_at, reason) "
                            "VALUES (?, ?, ?, ?)", [public_key, date.today().isoformat(), at, reason])
        registry.db.execute("UPDATE installation_key SET public_key = ?, private_key = X'', created_at = ? WHERE id = 1",
                            [public_key, at])
        registry.audit("rekey", "installation_key", "", {"public_key": fingerprint(old)},
                       {"public_key": fingerprint(public_key), "reason": reason})
    return fingerprint(old), fingerprint(public_key)


# ---------------------------------------------------------------- moving an office to another PC


def export_private_key(registry, path: Path | str) -> Path:
    """Write the private key to ``path`` (0600) for the clerk to carry to the new PC; keep that file safe."""
    key = signing_key(registry)
    profile = registry.profile.get()
    document = {"kind": KEY_FILE_KIND, "format": 1, "installation": profile.uuid if profile else None,
                "community": profile.community if profile else "",
                "public_key": base64.b64encode(raw_public(key)).decode("ascii"),
                "private_key": base64.b64encode(raw_private(key)).decode("ascii"), "written_at": now()}
    path = Path(path)
    try:
        _write_private_file(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise StorageError(_("The key file could not be written to {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    return path


def import_private_key(registry, path: Path | str) -> str:
    """Keep on this computer the private key from ``path``, only if it is this registry's key; its fingerprint."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if document.get("kind") != KEY_FILE_KIND:
            raise ValueError("not a key file")
        private = base64.b64decode(document["private_key"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyStoreError(_("{path} is not a key file of this application ({error}).").format(
            path=path, error=getattr(exc, "strerror", None) or exc)) from None
    public_key = current_public_key(registry)
    key = _matches(private, public_key) if public_key else None
    if key is None:
        raise KeyStoreError(_("The key in {path} is not this registry's signing key (another office, or a key "
                          "replaced since): it was not installed.").format(path=path))
    _save(registry, key)
    with registry.write():
        registry.audit("import-key", "installation_key", "", None, {"public_key": fingerprint(public_key)})
    return fingerprint(public_key)
