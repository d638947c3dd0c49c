"""Whole-registry checks for ``correspondent-app check`` and the crash tests.

Besides the file's integrity and the rules of the record, ``check`` looks for
edits made to the file behind the application's back (sqlite3 in hand,
triggers dropped and recreated):

- the schema (tables, indexes, and above all the triggers that defend the
  record) is compared with what the application's migrations create;
- every record is compared with what its audit entries say it became, and
  every audited record must still exist;
- every certificate's date with its protocol entry, and (from v8) its signed
  payload re-verified against the facts certified at issue;
- the audit chain's hashes with those signed into certificates (the head at
  each issue) and exports, and HQ's acknowledgements with the exports.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from correspondent_app.registry import audit
from correspondent_app.registry.records import dumps

#: Each record's creation is an audit entry: (table, audit entity, action).
_CREATIONS = (("persons", "person", "add"), ("cases", "case", "open"), ("payments", "payment", "record"),
              ("certificates", "certificate", "issue"), ("protocol", "protocol", "enter"),
              ("transmittals", "transmittal", "send"))


def check_registry(registry) -> list[str]:
    """Every problem found (empty when the registry is sound).

    A registry of an older schema (opened read-only, not migrated) gets the
    checks that do not depend on the schema: file integrity, its schema as
    that version made it, and the audit chain.
    """
    from correspondent_app.registry.schema import SCHEMA_VERSION  # noqa: PLC0415

    db = registry.db
    problems = [f"integrity_check: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
    problems += schema_problems(db, registry.schema_version)
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
    problems += _dates_of_numbered_papers(db)
    problems += _printed_bytes(db)
    problems += _audit_coverage(db)
    problems += records_against_audit(db)
    problems += _certificates_as_signed(registry)
    return problems


# ---------------------------------------------------------------- the schema


def schema_problems(db, version: int) -> list[str]:
    """Tables, indexes and triggers that differ from what the migrations up to ``version`` create.

    A defence trigger dropped (and not recreated), altered, or a trigger
    added by hand is found here; one dropped and recreated as it was leaves
    no trace in the schema, but the rows it let change are found by the
    comparisons with the audit trail and the signed facts.
    """
    expected = _expected_schema(version)
    found = {(kind, name): _normalised(sql) for kind, name, sql in db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%'")}
    problems = [f"the {kind} {name} that the application creates is missing (dropped by hand)"
                for (kind, name) in sorted(expected.keys() - found.keys())]
    problems += [f"the {kind} {name} is not the one the application creates (altered by hand)"
                 for (kind, name) in sorted(expected.keys() & found.keys()) if expected[kind, name] != found[kind, name]]
    problems += [f"the {kind} {name} is not one the application creates (added by hand)"
                 for (kind, name) in sorted(found.keys() - expected.keys())]
    return problems


@functools.lru_cache(maxsize=None)
def _expected_schema(version: int) -> dict[tuple[str, str], str]:
    """What the migrations up to ``version`` create, run on an empty database in memory (a few ms)."""
    from correspondent_app.registry.db import split_statements  # noqa: PLC0415
    from correspondent_app.registry.schema import MIGRATIONS  # noqa: PLC0415

    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            for statement in split_statements(script):
                conn.execute(statement)
        return {(kind, name): _normalised(sql) for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%'")}
    finally:
        conn.close()


_COMMENT = re.compile(r"--[^\n]*")
_SPACE = re.compile(r"\s+")
_SPACE_AT_PUNCTUATION = re.compile(r"\s*([(),;=])\s*")


def _normalised(sql: str | None) -> str:
    """SQL without comments, case or layout: what it does, not how it was typed."""
    text = _SPACE.sub(" ", _COMMENT.sub("", sql or "")).strip().lower()
    return _SPACE_AT_PUNCTUATION.sub(r"\1", text)


# ---------------------------------------------------------------- numbered papers


def _dates_of_numbered_papers(db) -> list[str]:
    """A certificate or transmittal carries the date of its protocol entry (a backdated row does not)."""
    problems = [f"certificate {no}/{year} is dated {day} but its protocol entry {entry}" for no, year, day, entry in db.execute(
        "SELECT c.protocol_no, c.protocol_year, c.issued_on, p.entry_date FROM certificates c JOIN protocol p "
        "ON p.year = c.protocol_year AND p.number = c.protocol_no WHERE c.issued_on != p.entry_date")]
    problems += [f"transmittal {no}/{year} is dated {day} but its protocol entry {entry}" for no, year, day, entry in db.execute(
        "SELECT t.protocol_no, t.protocol_year, t.sent_on, p.entry_date FROM transmittals t JOIN protocol p "
        "ON p.year = t.protocol_year AND p.number = t.protocol_no WHERE t.sent_on != p.entry_date")]
    return problems


def _printed_bytes(db) -> list[str]:
    """The kept PDF of every certificate is the one whose hash was recorded at issue."""
    return [f"certificate {cid} ({no}/{year}): its kept PDF is not the one issued"
            for cid, no, year, pdf, digest in db.execute(
                "SELECT id, protocol_no, protocol_year, pdf, pdf_sha256 FROM certificates WHERE pdf IS NOT NULL")
            if hashlib.sha256(pdf).hexdigest() != digest]


# ---------------------------------------------------------------- the audit trail's reach


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
    problems += [f"HQ acknowledged package {sequence} as {acked[:12]}…, but the registry records it as "
                 f"{exported[:12]}… (the export was rewritten)" for sequence, acked, exported in db.execute(
                     "SELECT a.sequence, a.manifest_sha256, e.manifest_sha256 FROM export_acks a JOIN exports e "
                     "ON e.sequence = a.sequence WHERE a.manifest_sha256 != e.manifest_sha256")]
    return problems


# ---------------------------------------------------------------- records against their audit entries


Fold = Callable[[dict, str, dict], None]


@dataclass(frozen=True)
class _Audited:
    """A kind of record and how its audit entries build what it must hold.

    ``rows``: SQL whose first column is the record's audit ``entity_uuid``,
    ordered by it, the other columns named as ``fold`` names the values.
    ``fold(state, action, after)`` applies one entry's after-image.
    """

    label: str
    entity: str
    rows: str
    fold: Fold
    actions: tuple[str, ...] | None = None  # only these actions of the entity concern these records
    name: Callable[[dict], str] = lambda row: ""  # how the clerk finds the record (its number, a name)
    key: str = "entity_uuid"  # what in an audit entry matches the rows' first column
    table: str = ""  # set: a row of this table without any audit entry is reported (else _audit_coverage counts)


def _take(state: dict, after: dict, names: dict[str, str], convert: dict[str, Callable] | None = None) -> None:
    """Copy the after-image's fields that are there into ``state`` under the record's column names.

    Older versions recorded fewer fields: what is not in the entry is not compared.
    """
    for key, column in names.items():
        if key in after:
            value = after[key]
            state[column] = (convert or {}).get(key, lambda v: v)(value)


def _fold_person(state: dict, action: str, after: dict) -> None:
    if action in ("add", "update"):
        state.update(after)


def _fold_case(state: dict, action: str, after: dict) -> None:
    if action == "open":
        state.update({"state": "draft", "outcome": None, "category": None, "amount_cents": None}, **after)
    elif action == "enqueue":
        state["forward_contents"] = dumps(list(after.get("forward") or []))
    else:
        state.update(after)  # with updated_at: even an entry that changed nothing else is missed if deleted
    if action in ("open", "enqueue"):
        state.pop("updated_at", None)  # set then but not recorded in the entry: not compared until the next change


def _cents(amount) -> int | None:
    try:
        cents = Decimal(str(amount)) * 100
    except InvalidOperation:
        return None
    return int(cents) if cents == cents.to_integral_value() else None


def _fold_payment(state: dict, action: str, after: dict) -> None:
    if action == "record":
        _take(state, after, {"case": "case", "kind": "kind", "receipt": "receipt_code", "elta": "elta_reference",
                             "paid_on": "paid_on", "amount": "amount_cents", "override_reason": "override_reason"},
              {"amount": _cents, "override_reason": lambda v: (v or "").strip()})


def _fold_certificate(state: dict, action: str, after: dict) -> None:
    if action == "issue":
        state.update(voided=0, prints=0, copies=0)
        _take(state, after, {"case": "case", "payment": "payment", "protocol": "protocol_no", "year": "protocol_year",
                             "model": "model", "code": "verification_code", "issued_on": "issued_on",
                             "pdf_sha256": "pdf_sha256"})
    elif action == "void":
        state["voided"] = 1
        _take(state, after, {"reason": "void_reason", "voided_at": "voided_at"})
    elif action in ("print", "reprint"):
        state["prints"] = state.get("prints", 0) + 1
        state["copies"] = state.get("copies", 0) + int(after.get("copies") or 0)


def _fold_protocol(state: dict, action: str, after: dict) -> None:
    _take(state, after, {"year": "year", "number": "number", "kind": "kind", "subject": "subject", "date": "entry_date"})


def _fold_transmittal(state: dict, action: str, after: dict) -> None:
    _take(state, after, {"protocol": "protocol_no", "year": "protocol_year", "cases": "cases"},
          {"cases": lambda v: dumps(sorted(v))})


def _fold_export(state: dict, action: str, after: dict) -> None:
    if action == "export":
        state.setdefault("acknowledged", None)
        _take(state, after, {"sha256": "manifest_sha256"})
    elif action == "acknowledge":
        _take(state, after, {"manifest_sha256": "acknowledged"})


def _fold_profile(state: dict, action: str, after: dict) -> None:
    """The installation's id is the first save's (two first starts at once: the second keeps the first's id)."""
    if action == "save":
        state.update({**after, "uuid": state.get("uuid", after.get("uuid"))})


def _fold_hq_key(state: dict, action: str, after: dict) -> None:
    _take(state, after, {"fingerprint": "fingerprint"})


def _fold_hq_list(state: dict, action: str, after: dict) -> None:
    """Lists imported under one reference (typed entries each make a list of one)."""
    if action == "import":
        state["lists"] = state.get("lists", 0) + 1
        state["entries"] = state.get("entries", 0) + int(after.get("rows") or 0)


def _fold_first_number(state: dict, action: str, after: dict) -> None:
    _take(state, after, {"first_number": "first_number"})


_AUDITED = (
    _Audited("person", "person", "SELECT uuid AS _uuid, * FROM persons ORDER BY uuid", _fold_person,
             name=lambda row: f"{row['id']} ({row['surname_el'] or row['surname_lat']}) "),
    _Audited("case", "case", "SELECT uuid AS _uuid, * FROM cases ORDER BY uuid", _fold_case,
             name=lambda row: f"{row['id']} "),
    _Audited("payment", "payment",
             "SELECT y.uuid, k.uuid AS \"case\", y.kind, y.receipt_code, y.elta_reference, y.paid_on, y.amount_cents, "
             "y.override_reason FROM payments y LEFT JOIN cases k ON k.id = y.case_id ORDER BY y.uuid", _fold_payment),
    _Audited("certificate", "certificate",
             "SELECT c.uuid, k.uuid AS \"case\", y.uuid AS payment, c.model, c.protocol_year, c.protocol_no, "
             "c.verification_code, c.issued_on, c.pdf_sha256, c.voided_at IS NOT NULL AS voided, c.voided_at, "
             "c.void_reason, (SELECT COUNT(*) FROM certificate_prints p WHERE p.certificate_id = c.id) AS prints, "
             "(SELECT COALESCE(SUM(copies), 0) FROM certificate_prints p WHERE p.certificate_id = c.id) AS copies "
             "FROM certificates c LEFT JOIN cases k ON k.id = c.case_id LEFT JOIN payments y ON y.id = c.payment_id "
             "ORDER BY c.uuid", _fold_certificate, name=lambda row: f"{row['protocol_no']}/{row['protocol_year']} "),
    _Audited("protocol entry", "protocol", "SELECT uuid, year, number, kind, subject, entry_date FROM protocol "
             "ORDER BY uuid", _fold_protocol, ("enter",), name=lambda row: f"{row['number']}/{row['year']} "),
    _Audited("first protocol number of", "protocol", "SELECT CAST(year AS TEXT) AS uuid, first_number "
             "FROM protocol_start ORDER BY 1", _fold_first_number, ("set_first_number",), table="protocol_start"),
    _Audited("transmittal", "transmittal",
             "SELECT t.uuid, t.protocol_year, t.protocol_no, (SELECT json_group_array(case_id) FROM (SELECT case_id "
             "FROM transmittal_items i WHERE i.transmittal_id = t.id ORDER BY case_id)) AS cases "
             "FROM transmittals t ORDER BY t.uuid", _fold_transmittal,
             name=lambda row: f"{row['protocol_no']}/{row['protocol_year']} "),
    _Audited("export", "export",
             "SELECT CAST(e.sequence AS TEXT) AS uuid, e.manifest_sha256, a.manifest_sha256 AS acknowledged "
             "FROM exports e LEFT JOIN export_acks a ON a.sequence = e.sequence ORDER BY 1", _fold_export,
             table="exports"),
    _Audited("profile", "profile", "SELECT 'profile' AS _key, * FROM profile", _fold_profile, ("save",),
             key="'profile'", table="profile"),
    _Audited("HQ list", "hq_list",
             "SELECT l.reference, COUNT(*) AS lists, SUM((SELECT COUNT(*) FROM hq_list_entries e "
             "WHERE e.list_id = l.id)) AS entries FROM hq_lists l GROUP BY l.reference ORDER BY 1",
             _fold_hq_list, ("import",), table="hq_lists"),
    # HQ's key as set up at the office: a key pinned by hand would make forged acknowledgements pass.
    _Audited("HQ key", "hq_key", "SELECT DISTINCT fingerprint AS _key, fingerprint FROM hq_trust ORDER BY 1",
             _fold_hq_key, ("trust-hq",), table="hq_trust"),
)


def records_against_audit(db) -> list[str]:
    """Every record as its audit entries say it became, and no audited record gone.

    An edit made without the application (a person renamed, an amount or a
    state changed, a void undone, a PDF swapped with its hash) leaves the
    record different from its last audit entry; hiding it means rewriting
    the trail, which the chain and the signed heads find. Records and
    entries are read side by side in UUID order (the audit_entity index), so
    memory stays flat however large the registry.
    """
    problems: list[str] = []
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for kind in _AUDITED:
        if not kind.table or kind.table in tables:
            problems += _compare(kind, _records(db, kind), _audited_states(db, kind))
    return problems


def _records(db, kind: _Audited) -> Iterator[tuple[str, dict]]:
    cursor = db.execute(kind.rows)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield str(row[0]), dict(zip(names, row, strict=True))


def _audited_states(db, kind: _Audited) -> Iterator[tuple[str, dict]]:
    """(entity uuid, the state its entries build), in UUID order."""
    sql = f"SELECT {kind.key}, action, after FROM audit WHERE entity = ?"
    params: list = [kind.entity]
    if kind.actions:
        sql += f" AND action IN ({', '.join('?' * len(kind.actions))})"
        params += kind.actions
    current, state = None, {}
    for uuid, action, after in db.execute(sql + f" ORDER BY {kind.key}, id", params):
        if uuid != current:
            if current is not None:
                yield current, state
            current, state = uuid, {}
        kind.fold(state, action, _after(after))
    if current is not None:
        yield current, state


def _after(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


_END = "\U0010ffff"  # after every UUID


def _compare(kind: _Audited, records: Iterator[tuple[str, dict]], states: Iterator[tuple[str, dict]]) -> list[str]:
    """Merge the two UUID-ordered streams: differences, and audited records that are gone."""
    problems = []
    record, state = next(records, (_END, {})), next(states, (_END, {}))
    while record[0] != _END or state[0] != _END:
        if state[0] < record[0]:
            problems.append(f"the audit trail records {kind.label} {state[0]}, which is no longer in the registry "
                            "(deleted by hand)")
            state = next(states, (_END, {}))
        elif record[0] < state[0]:
            if kind.table:  # else no audit entry at all: _audit_coverage counts these
                problems.append(f"{kind.label} {kind.name(record[1])}{record[0]} has no entry in the audit trail "
                                "(written by hand)")
            record = next(records, (_END, {}))
        else:
            problems += _differences(f"{kind.label} {kind.name(record[1])}{record[0]}", record[1], state[1])
            record, state = next(records, (_END, {})), next(states, (_END, {}))
    return problems


def _differences(record: str, row: dict, state: dict) -> list[str]:
    changed = [column for column, value in state.items() if column in row and row[column] != value]
    if not changed:
        return []
    shown = "; ".join(f"{c} is {_short(row[c])} but {_short(state[c])} in its last audit entry" for c in changed)
    return [f"{record} was changed without the application: {shown}"]


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# ---------------------------------------------------------------- certificates as signed at issue


def _certificates_as_signed(registry) -> list[str]:
    """Each certificate as signed at issue (its date, payment, code), and the trail's head it was signed on.

    A certificate signs (through its facts) the hash of the audit entry just
    before it: a trail recomputed after an edit no longer has that hash there.
    """
    from correspondent_app.documents.verification import tampered_certificates  # noqa: PLC0415 - the payload's format

    problems, heads = [], {}
    for protocol, problem, facts_json in tampered_certificates(registry):
        if problem:
            problems.append(problem)
        elif facts_json and (head := json.loads(facts_json).get("audit_head")):
            heads[head["id"]] = (head["hash"], protocol)
    return problems + _anchored_heads(registry.db, heads)


def _anchored_heads(db, heads: dict[int, tuple[str, str]]) -> list[str]:
    problems = []
    for audit_id, (signed, protocol) in sorted(heads.items()):
        row = db.execute("SELECT hash FROM audit WHERE id = ?", [audit_id]).fetchone()
        if row is None or row[0] != signed:
            problems.append(f"certificate {protocol} was signed on audit entry {audit_id}, which is "
                            + ("gone" if row is None else "no longer the one signed (the trail was rewritten)"))
    return problems
