"""HQ side: a village's new public key after its re-key (``hq register --replace``).

A village that lost its private key makes a new one (``correspondent-app
rekey``); nothing signed with the lost key can vouch for the new one, so HQ
registers the new key file explicitly, after checking with the office by
other means (phone, letter) that the change is real. The change is recorded
in ``village_key_changes`` with both fingerprints; from then on only the new
key's packages are merged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


from correspondent_app.exchange.hq import read_village_key_file
from correspondent_app.exchange.package import PackageError
from correspondent_app.registry.keys import fingerprint
from correspondent_app.registry.records import now

CHANGES = """CREATE TABLE IF NOT EXISTS village_key_changes (
    id INTEGER PRIMARY KEY, installation TEXT NOT NULL, old_public_key BLOB NOT NULL,
    new_public_key BLOB NOT NULL, changed_at TEXT NOT NULL)"""


def replace_village_key(conn: sqlite3.Connection, key_file: Path | str) -> tuple[str, str, str]:
    """Register the new key of an already registered village: (installation, old fingerprint, new fingerprint)."""
    installation, key, _info = read_village_key_file(key_file)
    row = conn.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
    if row is None:
        raise PackageError(f"village {installation[:8]} is not registered yet: register it without --replace")
    old = bytes(row[0])
    if old != key:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(CHANGES)
            conn.execute("UPDATE villages SET public_key = ? WHERE installation = ?", [key, installation])
            conn.execute("INSERT INTO village_key_changes (installation, old_public_key, new_public_key, changed_at) "
                         "VALUES (?, ?, ?, ?)", [installation, old, key, now()])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return installation, fingerprint(old), fingerprint(key)


def key_changes(conn: sqlite3.Connection, installation: str) -> list[tuple[str, str, str]]:
    """(old fingerprint, new fingerprint, when) of a village's recorded key changes, oldest first."""
    try:
        rows = conn.execute("SELECT old_public_key, new_public_key, changed_at FROM village_key_changes "
                            "WHERE installation = ? ORDER BY id", [installation]).fetchall()
    except sqlite3.OperationalError:
        return []  # no village ever changed its key here
    return [(fingerprint(bytes(o)), fingerprint(bytes(n)), at) for o, n, at in rows]
