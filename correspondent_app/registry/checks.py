"""Whole-registry checks for ``correspondent-app check`` and the crash tests."""

from __future__ import annotations

import hashlib

from correspondent_app.registry import audit

#: Each record's creation is an audit entry: (table, audit entity, action).
_CREATIONS = (("persons", "person", "add"), ("cases", "case", "open"), ("payments", "payment", "record"),
              ("certificates", "certificate", "issue"), ("protocol", "protocol", "enter"),
              ("transmittals", "transmittal", "send"))


def check_registry(registry) -> list[str]:
    """Every problem found (empty when the registry is sound).

    A registry of an older schema (opened read-only, not migrated) gets the
    checks that do not depend on the schema: file integrity and the audit chain.
    """
    from correspondent_app.registry.schema import SCHEMA_VERSION  # noqa: PLC0415

    db = registry.db
    problems = [f"integrity_check: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
    problems += audit.verify(db)
    if registry.schema_version < SCHEMA_VERSION:
        return problems
    problems += registry.protocol.gaps()
    problems += registry.protocol.out_of_order()
    problems += [f"certificate {r[0]} has no protocol entry" for r in db.execute(
        "SELECT c.id FROM certificates c LEFT JOIN protocol p ON p.year = c.protocol_year AND p.number = c.protocol_no "
        "WHERE p.number IS NULL")]
    problems += [f"certificate protocol entry {r[0]}/{r[1]} has no certificate" for r in db.execute(
        "SELECT p.number, p.year FROM protocol p LEFT JOIN certificates c ON c.protocol_year = p.year "
        "AND c.protocol_no = p.number WHERE p.kind = 'certificate' AND c.id IS NULL")]
    problems += [f"transmittal protocol entry {r[0]}/{r[1]} has no transmittal" for r in db.execute(
        "SELECT p.number, p.year FROM protocol p LEFT JOIN transmittals t ON t.protocol_year = p.year "
        "AND t.protocol_no = p.number WHERE p.kind = 'transmittal' AND t.id IS NULL")]
    problems += [f"case {r[0]} is issued without a valid certificate" for r in db.execute(
        "SELECT k.id FROM cases k WHERE (k.state = 'issued' OR (k.state = 'forwarded' AND k.outcome = 'certificate')) "
        "AND NOT EXISTS "
        "(SELECT 1 FROM certificates c WHERE c.case_id = k.id AND c.voided_at IS NULL)")]
    problems += [f"case {r[0]} is {r[1]} without a payment" for r in db.execute(
        "SELECT k.id, k.state FROM cases k WHERE k.state IN ('paid', 'issued', 'forwarded') AND NOT EXISTS "
        "(SELECT 1 FROM payments p WHERE p.case_id = k.id)")]
    problems += [f"case {r[0]} is cancelled but its certificate {r[1]}/{r[2]} is still valid" for r in db.execute(
        "SELECT k.id, c.protocol_no, c.protocol_year FROM cases k JOIN certificates c ON c.case_id = k.id "
        "WHERE k.state = 'cancelled' AND c.voided_at IS NULL")]
    problems += _printed_bytes(db)
    problems += _audit_coverage(db)
    return problems


def _printed_bytes(db) -> list[str]:
    """The kept PDF of every certificate is the one whose hash was recorded at issue."""
    return [f"certificate {cid} ({no}/{year}): its kept PDF is not the one issued"
            for cid, no, year, pdf, digest in db.execute(
                "SELECT id, protocol_no, protocol_year, pdf, pdf_sha256 FROM certificates WHERE pdf IS NOT NULL")
            if hashlib.sha256(pdf).hexdigest() != digest]


def _audit_coverage(db) -> list[str]:
    """A trail cut back or emptied: records without their creation, exports past its end.

    The hash chain alone cannot see entries removed from its end (with the
    sequence lowered) or a chain recomputed after an edit; the records and
    the exports (whose manifests HQ holds, signed) remember more.
    """
    problems = []
    for table, entity, action in _CREATIONS:
        # The subquery is materialised once (SQLite indexes it itself): no scan of the trail per record.
        missing = db.execute(
            f"SELECT COUNT(*) FROM {table} t LEFT JOIN (SELECT DISTINCT entity_uuid AS u FROM audit "
            f"WHERE entity = ? AND action = ?) a ON a.u = t.uuid WHERE a.u IS NULL", [entity, action]).fetchone()[0]
        if missing:
            problems.append(f"{missing} {table} have no entry of their creation in the audit trail "
                            "(entries were deleted)")
    for sequence, watermark, head in db.execute(
            "SELECT sequence, audit_watermark, audit_head_hash FROM exports WHERE audit_head_hash IS NOT NULL"):
        row = db.execute("SELECT hash FROM audit WHERE id = ?", [watermark]).fetchone()
        if row is None or row[0] != head:
            problems.append(f"export {sequence} reached audit entry {watermark}, which is "
                            + ("gone" if row is None else "not the one exported (the trail was rewritten)"))
    return problems
