"""Findings HQ can work: a stable id for each, stored in HQ's database, resolved with a note.

A finding's id is derived from its kind and its text (which names the villages
and the rows it is about: the receipt code, the passport, the protocol year...),
so the same finding recomputed by a later merge or report has the same id and
keeps the status HQ gave it. Findings are recomputed (``hq.findings``), not
stored by the merge; this module keeps only the ids seen and their resolutions,
in the store's ``finding_status``.
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass

from correspondent_app.exchange.hq import Finding, findings
from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.registry.records import now


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


def worked(conn: HqStore, found: list[Finding] | None = None) -> list[WorkedFinding]:
    """The current findings with their ids and statuses (read only: works on a report's connection)."""
    statuses = conn.finding_statuses()
    out = []
    for f in findings(conn) if found is None else found:
        fid = finding_id(f)
        out.append(WorkedFinding(fid, f.kind, f.villages, f.text, *statuses.get(fid, (None, None, None))))
    return out


def sync(conn: HqStore) -> list[WorkedFinding]:
    """Store the ids of today's findings (new ones open; resolved ones stay resolved); returns them."""
    current = worked(conn)
    conn.note_findings([(f.id, f.kind, f.villages, f.text, now()) for f in current])
    return current


def listing(conn: HqStore, *, kind: str | None = None, open_only: bool = False) -> list[WorkedFinding]:
    return [f for f in sync(conn) if (kind is None or f.kind == kind) and not (open_only and f.resolved_at)]


def resolve(conn: HqStore, fid: str, note: str, by: str | None = None) -> WorkedFinding:
    """Mark a finding resolved with a note (who and when recorded); refused without a note or for an unknown id."""
    if not note or not note.strip():
        raise FindingError("a finding is resolved with a note saying what was done (--note \"…\")")
    sync(conn)
    row = conn.finding(fid.strip())
    if row is None:
        raise FindingError(f"no finding with id {fid} (see 'hq findings --list')")
    by = by or getpass.getuser()
    at = now()
    conn.resolve_finding(fid.strip(), at, by, note.strip())
    return WorkedFinding(fid.strip(), *row, at, by, note.strip())
