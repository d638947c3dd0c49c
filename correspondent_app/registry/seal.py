"""A backup's seal: the SHA-256 of its whole file, kept inside the file.

``PRAGMA integrity_check`` sees a damaged b-tree, not a changed value, and a
backup file cut short by a byte can still pass it. So a backup carries the
digest of all its bytes in a one-row table ``backup_seal``. A file cannot
hold the hash of itself, so the digest is computed with its own 64
characters written as zeros, and with the two header counters that SQLite
bumps at every commit (the file change counter, bytes 24-27, and the
version-valid-for number, bytes 92-95) read as zeros. Writing the seal
changes nothing else: the row is updated in place with a value of the same
length, so the seal covers every other byte of the file.

A restore checks the seal first: a single changed or missing byte anywhere
refuses the backup. The restored registry does not keep the table.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

TABLE = "backup_seal"
#: Backups of this schema or later are made by versions that seal them: one without a seal lost it.
SEALED_SINCE_SCHEMA = 8
_PLACEHOLDER = "0" * 64
_COUNTERS = ((24, 28), (92, 96))


class SealBroken(Exception):
    """The file is not byte for byte the backup that was sealed."""


def seal(path: Path) -> str:
    """Write the seal into the (closed, rollback-journal) SQLite file at ``path``; return the digest."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")  # a backup put in a registry's place by hand, backed up again
        conn.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), sha256 TEXT NOT NULL)")
        conn.execute(f"INSERT INTO {TABLE} (id, sha256) VALUES (1, ?)", [_PLACEHOLDER])
    finally:
        conn.close()
    digest = _digest(path.read_bytes(), _PLACEHOLDER)
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"UPDATE {TABLE} SET sha256 = ? WHERE id = 1", [digest])
    finally:
        conn.close()
    return digest


def sealed_digest(path: Path) -> str | None:
    """The digest the file says it has, or ``None`` for a backup made by an older version (no seal)."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]).fetchone():
            if conn.execute("PRAGMA user_version").fetchone()[0] >= SEALED_SINCE_SCHEMA:
                raise SealBroken("its seal was removed")
            return None
        row = conn.execute(f"SELECT sha256 FROM {TABLE} WHERE id = 1").fetchone()
    finally:
        conn.close()
    if row is None or not isinstance(row[0], str) or len(row[0]) != 64:
        raise SealBroken("the seal is damaged")
    return row[0]


def verify(path: Path) -> bool:
    """Is ``path`` sealed and whole? False for a file without a seal; raises SealBroken when it does not match."""
    try:
        digest = sealed_digest(path)
    except sqlite3.Error as exc:
        raise SealBroken(str(exc)) from exc
    if digest is None:
        return False
    content = path.read_bytes()
    if content.count(digest.encode("ascii")) != 1 or _digest(content, digest) != digest:
        raise SealBroken("its content does not match its seal")
    return True


def _digest(content: bytes, written: str) -> str:
    data = bytearray(content.replace(written.encode("ascii"), _PLACEHOLDER.encode("ascii"), 1))
    for start, end in _COUNTERS:
        data[start:end] = bytes(end - start)
    return hashlib.sha256(data).hexdigest()
