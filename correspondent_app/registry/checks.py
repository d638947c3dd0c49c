"""Whole-registry checks for ``correspondent-app check`` and the crash tests."""

from __future__ import annotations

from correspondent_app.registry import audit


def check_registry(registry) -> list[str]:
    """Every problem found (empty when the registry is sound)."""
    db = registry.db
    problems = [f"integrity_check: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
    problems += audit.verify(db)
    problems += registry.protocol.gaps()
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
    return problems
