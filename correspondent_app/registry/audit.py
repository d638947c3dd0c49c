"""Append-only, hash-chained audit trail of every change.

Each entry's hash covers its content and the previous entry's hash, so
editing or deleting any past entry breaks the chain from there on;
``verify`` (run by ``correspondent-app check``) finds the first break.
Triggers in the schema refuse UPDATE and DELETE on the table as well.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from correspondent_app.registry.records import dumps, now

GENESIS = "0" * 64


#: records.dumps's canonical JSON for a list of strings, made once: ``check`` hashes every entry of the
#: trail, and json.dumps would build this encoder again for each (the bytes hashed are the same).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(prev_hash: str, at: str, actor: str, action: str, entity: str, entity_uuid: str,
            before: str | None, after: str | None) -> str:
    payload = _CANONICAL.encode([prev_hash, at, actor, action, entity, entity_uuid, before, after])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(db: sqlite_utils.Database, actor: str, action: str, entity: str, entity_uuid: str = "",
           before: Any = None, after: Any = None) -> None:
    """Append one entry; call inside the write transaction of the change."""
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = now()
    before_json = None if before is None else dumps(before)
    after_json = None if after is None else dumps(after)
    db.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_uuid, before, after, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, actor, action, entity, entity_uuid, before_json, after_json, prev,
         _digest(prev, at, actor, action, entity, entity_uuid, before_json, after_json)],
    )


def verify(db: sqlite_utils.Database) -> list[str]:
    """Problems in the chain (empty when intact)."""
    problems = []
    prev = GENESIS
    expected_id = None
    cursor = db.execute("SELECT id, at, actor, action, entity, entity_uuid, before, after, prev_hash, hash "
                        "FROM audit ORDER BY id")
    for id_, at, actor, action, entity, entity_uuid, before, after, prev_hash, hash_ in cursor:
        if expected_id is not None and id_ != expected_id:
            problems.append(f"audit entries {expected_id}–{id_ - 1} are missing")
        if prev_hash != prev:
            problems.append(f"audit entry {id_} does not follow the previous entry (deleted or altered before it)")
        if _digest(prev_hash, at, actor, action, entity, entity_uuid, before, after) != hash_:
            problems.append(f"audit entry {id_} was altered")
        prev, expected_id = hash_, id_ + 1
    seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if seq and expected_id is not None and seq[0] >= expected_id:
        problems.append(f"the last audit entries ({expected_id}–{seq[0]}) were deleted")
    elif seq and expected_id is None and seq[0] > 0:
        problems.append("the audit trail was emptied")
    return problems
