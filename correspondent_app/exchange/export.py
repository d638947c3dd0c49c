"""Village side: export the registry to HQ as a signed package.

Incremental by default: everything whose audit entries are newer than the
watermark of the last package HQ *acknowledged* (``import-ack``), so a
package lost on the way is covered by the next one; before any
acknowledgement, everything. ``full=True`` sends everything. Each export
takes the next sequence number, chains to the previous package's manifest
hash, names the acknowledged package it builds on, is entered in the
protocol book and gets a transmittal PDF listing what was sent. An
incremental export with nothing new is refused before it takes a number.
Personal data leaves only in these packages.
"""

from __future__ import annotations

import base64
import os
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


class NothingToExport(RegistryError):
    """An incremental export found nothing new since the acknowledged package: nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    rows: dict[str, int]
    manifest_sha256: str
    protocol: str
    full: bool = True
    base: int | None = None  # the acknowledged package an incremental export builds on
    previous: str | None = None  # the previous package's manifest hash
    created_on: date | None = None


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
    if out.suffix.lower() == ".pdf":
        raise RegistryError(_("A package is written as a .zip file; {name} is the name of its transmittal.").format(
            name=out.name))
    profile = registry.profile.get()
    if profile is None:
        raise RegistryError(_("Set up the correspondent profile before exporting."))
    key = signing_key(registry)
    staged = _staged(out)
    with registry.write():
        _remove_unsent(out.parent)  # under the write lock: no other export of this registry is writing one
        last = registry.db.execute(
            "SELECT sequence, audit_watermark, manifest_sha256 FROM exports ORDER BY sequence DESC LIMIT 1").fetchone()
        sequence = (last[0] + 1) if last else 1
        acked = last_acknowledged(registry)
        since = None if full or acked is None else acked[1]
        head = registry.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        watermark, head_hash = head if head else (0, None)
        tables = {}
        for done, name in enumerate(TABLES):
            report(done, len(TABLES) + 1)
            tables[name] = _rows(registry, name, since)
        report(len(TABLES), len(TABLES) + 1)  # the last chance to cancel: from here on it is quick
        if since is not None and not _anything_new(tables):
            raise NothingToExport(_("Nothing new to export since package {n}: no package was written and no "
                                    "protocol number taken.").format(n=acked[0]))
        base = {
            "installation": profile.uuid, "community": profile.community, "municipality": profile.municipality,
            "prefecture": profile.prefecture, "sequence": sequence, "previous": last[2] if last else None,
            "created_at": now(), "full": since is None,
            # The acknowledged package this one adds to: HQ merges it even after a lost package.
            "base": None if since is None else {"sequence": acked[0], "manifest_sha256": acked[2]},
            # Where each year's numbering starts (a paper book continued): HQ checks the first numbers.
            "protocol_start": {str(y): n for y, n in registry.db.execute(
                "SELECT year, first_number FROM protocol_start ORDER BY year")},
            "public_key": base64.b64encode(public_key_bytes(registry)).decode("ascii"),
            # The audit trail's head, signed with the manifest: HQ keeps it, and the
            # village's `check` finds a trail later cut back or rewritten before it.
            "audit_head": {"id": watermark, "hash": head_hash},
        }
        try:
            manifest_bytes = write_package(staged, base, tables, key.sign)
        except OSError as exc:
            raise RegistryError(_("The package could not be written to {path}: {error}").format(
                path=out, error=exc.strerror or exc)) from exc
        counts = {name: len(rows) for name, (_c, rows) in tables.items()}
        with language("el"):
            subject = _("Export to HQ no. {n}: {rows} records").format(n=sequence, rows=sum(counts.values()))
        try:
            entry = registry.protocol.enter("export", subject, on=on)
        except BaseException:
            staged.unlink(missing_ok=True)  # not recorded: no package either
            raise
        digest = sha256(manifest_bytes)
        registry.db.execute(
            "INSERT INTO exports (sequence, created_at, full, audit_watermark, audit_head_hash, manifest_sha256, "
            "protocol_year, protocol_no, file_name, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sequence, now(), int(base["full"]), watermark, head_hash, digest, entry.year, entry.number, out.name,
             sum(counts.values())])
        registry.audit("export", "export", str(sequence), None, {"sequence": sequence, "rows": counts, "sha256": digest})
    _put_in_place(staged, out)
    return ExportResult(out, sequence, counts, digest, str(entry), full=base["full"],
                        base=None if since is None else acked[0], previous=base["previous"], created_on=entry.entry_date)


# Recorded first, put in place last. A package appears under its name only
# after the registry committed its record, so no signed package exists that
# the registry does not know (a re-export would reuse its number and HQ would
# see two packages under one number: a fork it refuses for good). Killed
# between the commit and the rename, the village has recorded a package that
# never left: it is as if lost on the way, and the next package, built on the
# last one HQ acknowledged, covers it.
def _staged(out: Path) -> Path:
    return out.with_name(out.name + ".unsent")


def _remove_unsent(folder: Path) -> None:
    """Packages left unsent by interrupted exports (recorded or not, they are never sent now)."""
    try:
        leftovers = [*folder.glob("*.zip.unsent"), *folder.glob("*.zip.unsent.part")]
    except OSError:
        return
    for leftover in leftovers:
        try:
            leftover.unlink()
        except OSError:
            pass


def _put_in_place(staged: Path, out: Path) -> None:
    try:
        os.replace(staged, out)
    except OSError as exc:
        raise RegistryError(_("Package recorded, but it could not be put in {path}: {error}. Export again: the next "
                              "package covers this one.").format(path=out, error=exc.strerror or exc)) from exc


def last_acknowledged(registry) -> tuple[int, int, str] | None:
    """(sequence, audit watermark, manifest hash) of the last package HQ acknowledged, or None."""
    return registry.db.execute(
        "SELECT a.sequence, e.audit_watermark, e.manifest_sha256 FROM export_acks a "
        "JOIN exports e ON e.sequence = a.sequence ORDER BY a.sequence DESC LIMIT 1").fetchone()


def _anything_new(tables: dict[str, tuple[list[str], list[dict]]]) -> bool:
    """Rows other than the protocol entries of earlier exports (each export enters one after it is written)."""
    return any(rows for name, (_c, rows) in tables.items() if name != "protocol") or any(
        r["kind"] != "export" for r in tables["protocol"][1])


def export_transmittal_pdf(registry, result: ExportResult) -> bytes:
    """The transmittal that goes with the package: package number, full or incremental, rows per table,
    the manifest's SHA-256, under the export's protocol number."""
    from correspondent_app.exchange.transmittal import render_export_transmittal  # noqa: PLC0415

    return render_export_transmittal(registry.profile.get(), result)


def public_key_file(registry) -> bytes:
    """What HQ registers: installation UUID, community and the public key."""
    import json  # noqa: PLC0415

    from correspondent_app.documents.verification import public_key_bytes  # noqa: PLC0415

    profile = registry.profile.get()
    return json.dumps({"installation": profile.uuid, "community": profile.community,
                       "municipality": profile.municipality, "prefecture": profile.prefecture,
                       "public_key": base64.b64encode(public_key_bytes(registry)).decode("ascii")},
                      ensure_ascii=False, indent=1).encode("utf-8")
