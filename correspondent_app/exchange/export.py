"""Village side: export the registry to HQ as a signed package.

Incremental by default: everything whose audit entries are newer than the
last export's watermark (the audit trail records every change with the
record's UUID). ``full=True`` sends everything. Each export takes the next
sequence number, chains to the previous package's manifest hash, is entered
in the protocol book and gets a transmittal PDF listing what was sent.
Personal data leaves only in these packages.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from collections.abc import Callable
from pathlib import Path

from correspondent_app.exchange.package import TABLES, sha256, write_package
from correspondent_app.i18n import _, language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import now

#: Exported columns per table; local ids are replaced by UUIDs.
QUERIES = {
    "persons": ("SELECT p.uuid, p.surname_el, p.name_el, p.surname_lat, p.name_lat, p.father_name, p.mother_name, "
                "p.birth_date, p.birth_place, p.nationality, p.passport_no, p.residence_doc, p.residence_doc_no, "
                "p.residence_valid_from, p.residence_valid_to, p.amka, p.afm, p.oga_no, p.community, p.updated_at "
                "FROM persons p"),
    "cases": ("SELECT k.uuid, p.uuid AS person_uuid, k.programme, k.state, k.facts, k.outcome, k.category, k.provision, "
              "k.amount_cents, k.amount_source, k.amount_reference, k.competent, k.competent_here, k.cancel_reason, "
              "k.forwarded_on, k.created_at, k.updated_at FROM cases k JOIN persons p ON p.id = k.person_id"),
    "payments": ("SELECT y.uuid, k.uuid AS case_uuid, y.kind, y.receipt_code, y.elta_reference, y.paid_on, "
                 "y.amount_cents, y.override_reason, y.recorded_at FROM payments y JOIN cases k ON k.id = y.case_id"),
    "certificates": ("SELECT c.uuid, k.uuid AS case_uuid, y.uuid AS payment_uuid, c.model, c.protocol_year, "
                     "c.protocol_no, c.issued_on, c.verification_code, c.pdf_sha256, c.voided_at, c.void_reason "
                     "FROM certificates c JOIN cases k ON k.id = c.case_id JOIN payments y ON y.id = c.payment_id"),
    "protocol": ("SELECT r.uuid, r.year, r.number, r.entry_date, r.kind, r.subject, p.uuid AS person_uuid, "
                 "k.uuid AS case_uuid FROM protocol r LEFT JOIN persons p ON p.id = r.person_id "
                 "LEFT JOIN cases k ON k.id = r.case_id"),
}
#: Which audit entities touch which exported table (a case change re-sends the case).
AUDIT_ENTITIES = {"persons": ("person",), "cases": ("case",), "payments": ("payment",),
                  "certificates": ("certificate",), "protocol": ("protocol",)}
TABLE_LABELS = {"persons": "Πρόσωπα", "cases": "Υποθέσεις", "payments": "Πληρωμές",
                "certificates": "Βεβαιώσεις", "protocol": "Εγγραφές πρωτοκόλλου"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    rows: dict[str, int]
    manifest_sha256: str
    protocol: str


def _rows(registry, table: str, since_audit: int | None) -> tuple[list[str], list[dict]]:
    cursor = registry.db.execute(QUERIES[table] + " LIMIT 0")
    columns = [d[0] for d in cursor.description]
    sql = QUERIES[table]
    params: list = []
    if since_audit is not None:
        entities = AUDIT_ENTITIES[table]
        alias = sql.split("FROM ")[1].split()[1]
        sql += (f" WHERE {alias}.uuid IN (SELECT entity_uuid FROM audit WHERE id > ? AND entity IN "
                f"({', '.join('?' * len(entities))}))")
        params = [since_audit, *entities]
    rows = [dict(zip(columns, r, strict=True)) for r in registry.db.execute(sql, params)]
    return columns, rows


def export_package(registry, out: Path | str, *, full: bool = False, on: date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write the next package to ``out`` and record it (protocol book, exports chain).

    ``progress(done, total)`` hears of each table read; an exception it raises
    (the clerk cancelled) records nothing and writes no file.
    """
    report = progress or (lambda _done, _total: None)
    from correspondent_app.documents.verification import public_key_bytes, signing_key  # noqa: PLC0415

    out = Path(out)
    profile = registry.profile.get()
    if profile is None:
        raise RegistryError(_("Set up the correspondent profile before exporting."))
    key = signing_key(registry)
    with registry.write():
        last = registry.db.execute(
            "SELECT sequence, audit_watermark, manifest_sha256 FROM exports ORDER BY sequence DESC LIMIT 1").fetchone()
        sequence = (last[0] + 1) if last else 1
        since = None if full or last is None else last[1]
        head = registry.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        watermark, head_hash = head if head else (0, None)
        tables = {}
        for done, name in enumerate(TABLES):
            report(done, len(TABLES) + 1)
            tables[name] = _rows(registry, name, since)
        report(len(TABLES), len(TABLES) + 1)  # the last chance to cancel: from here on it is quick
        base = {
            "installation": profile.uuid, "community": profile.community, "municipality": profile.municipality,
            "prefecture": profile.prefecture, "sequence": sequence, "previous": last[2] if last else None,
            "created_at": now(), "full": full or last is None,
            "public_key": base64.b64encode(public_key_bytes(registry)).decode("ascii"),
            # The audit trail's head, signed with the manifest: HQ keeps it, and the
            # village's `check` finds a trail later cut back or rewritten before it.
            "audit_head": {"id": watermark, "hash": head_hash},
        }
        try:
            manifest_bytes = write_package(out, base, tables, key.sign)
        except OSError as exc:
            raise RegistryError(_("The package could not be written to {path}: {error}").format(
                path=out, error=exc.strerror or exc)) from exc
        counts = {name: len(rows) for name, (_c, rows) in tables.items()}
        with language("el"):
            subject = _("Export to HQ no. {n}: {rows} records").format(n=sequence, rows=sum(counts.values()))
        entry = registry.protocol.enter("export", subject, on=on)
        digest = sha256(manifest_bytes)
        registry.db.execute(
            "INSERT INTO exports (sequence, created_at, full, audit_watermark, audit_head_hash, manifest_sha256, "
            "protocol_year, protocol_no, file_name, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sequence, now(), int(base["full"]), watermark, head_hash, digest, entry.year, entry.number, out.name,
             sum(counts.values())])
        registry.audit("export", "export", str(sequence), None, {"sequence": sequence, "rows": counts, "sha256": digest})
    return ExportResult(out, sequence, counts, digest, str(entry))


def export_transmittal_pdf(registry, result: ExportResult) -> bytes:
    """The transmittal that goes with the package: what was sent, per table."""
    from correspondent_app.documents import transmittal  # noqa: PLC0415

    lines = [transmittal.TransmittalLine(TABLE_LABELS[name], "", "", "", (f"{count} εγγραφές",))
             for name, count in result.rows.items()]
    lines.append(transmittal.TransmittalLine(f"Αρχείο {result.path.name}", "", "", "",
                                             (f"SHA-256 manifest: {result.manifest_sha256[:16]}…",)))
    profile = registry.profile.get()
    return transmittal.render(profile, protocol=result.protocol, sent_on=date.today(),
                              recipient="ΟΓΑ – Διοίκηση, Πατησίων 30, Αθήνα", lines=lines, specimen=profile.demo)


def public_key_file(registry) -> bytes:
    """What HQ registers: installation UUID, community and the public key."""
    import json  # noqa: PLC0415

    from correspondent_app.documents.verification import public_key_bytes  # noqa: PLC0415

    profile = registry.profile.get()
    return json.dumps({"installation": profile.uuid, "community": profile.community,
                       "municipality": profile.municipality, "prefecture": profile.prefecture,
                       "public_key": base64.b64encode(public_key_bytes(registry)).decode("ascii")},
                      ensure_ascii=False, indent=1).encode("utf-8")
