"""Findings HQ can work: a stable id for each, stored in HQ's database, resolved with a note.

A finding's id is derived from its kind and its text (which names the villages
and the rows it is about: the receipt code, the passport, the protocol year...),
so the same finding recomputed by a later merge or report has the same id and
keeps the status HQ gave it. Findings are recomputed (``hq.findings``), not
stored by the merge; this module keeps only the ids seen and their resolutions,
in ``finding_status`` (created on first use, so the HQ schema version stays).
"""

from __future__ import annotations

import getpass
import hashlib
import sqlite3
from dataclasses import dataclass

from correspondent_app.exchange.hq import Finding, findings
from correspondent_app.registry.records import now

TABLE = """CREATE TABLE IF NOT EXISTS finding_status (id TEXT PRIMARY KEY, kind TEXT NOT NULL,
    villages TEXT NOT NULL, text TEXT NOT NULL, first_seen TEXT NOT NULL,
    resolved_at TEXT, resolved_by TEXT, note TEXT)"""


class FindingError(ValueError):
    """A resolution refused (unknown id, no note); the message is the one-line reason."""


@dataclass(frozen=True)
class WorkedFinding:
    id: str
    kind: str
    villages: str
    text: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    note: str | None = None

    @property
    def status(self) -> str:
        if self.resolved_at is None:
            return "open"
        return f"resolved {self.resolved_at} by {self.resolved_by}: {self.note}"


def finding_id(finding: Finding) -> str:
    """Kind and a hash of what the finding is about: the same finding always gets the same id."""
    digest = hashlib.sha256(f"{finding.kind}\n{finding.text}".encode()).hexdigest()[:10]
    return f"{finding.kind}-{digest}"


def _statuses(conn: sqlite3.Connection) -> dict[str, tuple]:
    """id -> (resolved_at, resolved_by, note); empty for a database no finding was ever worked in."""
    try:
        return {r[0]: r[1:] for r in conn.execute("SELECT id, resolved_at, resolved_by, note FROM finding_status")}
    except sqlite3.OperationalError:  # no table yet (a read-only connection cannot create it): all open
        return {}


def worked(conn: sqlite3.Connection, found: list[Finding] | None = None) -> list[WorkedFinding]:
    """The current findings with their ids and statuses (read only: works on a report's connection)."""
    statuses = _statuses(conn)
    out = []
    for f in findings(conn) if found is None else found:
        fid = finding_id(f)
        out.append(WorkedFinding(fid, f.kind, f.villages, f.text, *statuses.get(fid, (None, None, None))))
    return out


def sync(conn: sqlite3.Connection) -> list[WorkedFinding]:
    """Store the ids of today's findings (new ones open; resolved ones stay resolved); returns them."""
    current = worked(conn)
    conn.execute(TABLE)
    conn.executemany("INSERT OR IGNORE INTO finding_status (id, kind, villages, text, first_seen) "
                     "VALUES (?, ?, ?, ?, ?)", [(f.id, f.kind, f.villages, f.text, now()) for f in current])
    return current


def listing(conn: sqlite3.Connection, *, kind: str | None = None, open_only: bool = False) -> list[WorkedFinding]:
    return [f for f in sync(conn) if (kind is None or f.kind == kind) and not (open_only and f.resolved_at)]


def resolve(conn: sqlite3.Connection, fid: str, note: str, by: str | None = None) -> WorkedFinding:
    """Mark a finding resolved with a note (who and when recorded); refused without a note or for an unknown id."""
    if not note or not note.strip():
        raise FindingError("a finding is resolved with a note saying what was done (--note \"…\")")
    sync(conn)
    row = conn.execute("SELECT kind, villages, text FROM finding_status WHERE id = ?", [fid.strip()]).fetchone()
    if row is None:
        raise FindingError(f"no finding with id {fid} (see 'hq findings --list')")
    by = by or getpass.getuser()
    at = now()
    conn.execute("UPDATE finding_status SET resolved_at = ?, resolved_by = ?, note = ? WHERE id = ?",
                 [at, by, note.strip(), fid.strip()])
    return WorkedFinding(fid.strip(), *row, at, by, note.strip())
