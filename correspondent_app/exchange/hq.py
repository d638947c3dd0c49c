"""HQ side: register villages' keys, merge their packages, check across villages.

Every package is verified before anything is written: the manifest's shape,
its signature against the village's registered key (before any data member
is decompressed or parsed), member hashes, format, and its place in the
village's chain (sequence, previous hash, the acknowledged package it builds
on). A replay with other content or a fork is refused with the reason; a gap
is merged only when the package covers it (a full package, or an
incremental one built on a package HQ holds) and is then recorded as a
finding; the same package merged twice changes nothing. Every value of every
row is checked (``validate``) and one bad value refuses the package whole.
Rows are owned by (UUID, installation): a village sending UUIDs another
village sent too never overwrites that village's rows nor gets its genuine
packages refused; both are kept apart and HQ records the finding. A
reference to a row that only another village holds refuses the package. One
transaction per package; one package's failure, of whatever kind, never
stops the others. A merge waits (``BUSY_TIMEOUT_S``) for another one to
finish; still busy, it reports that, which is not a refusal.

An HQ database is marked with ``PRAGMA application_id`` and its schema
version is kept in ``hq_meta`` (``user_version`` stays 0, so the village
registry never mistakes it for one of its own files). Any other file is
refused untouched; reports open it read-only.
"""

from __future__ import annotations

import base64
import functools
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from correspondent_app.domain.identity import compact_number, normalize_digits
from correspondent_app.domain.transliteration import search_key
from correspondent_app.exchange.package import PackageError, read_package
from correspondent_app.registry.db import split_statements
from correspondent_app.registry.records import now

#: ``PRAGMA application_id`` of an HQ database ("OGAH").
APPLICATION_ID = 0x4F474148
SCHEMA_VERSION = 3  # 1: the unmarked databases of the first HQ merge; 3: rows owned by (uuid, installation)
#: How long a merge waits for another one (which holds the write lock for a whole package) before it says
#: that the HQ database is busy; as long as the village registry waits (registry.db).
BUSY_TIMEOUT_S = 15.0
BUSY = "the HQ database is busy (another merge is running); try again"

# Data tables are WITHOUT ROWID: rows are found and replaced by (uuid, installation),
# so one B-tree per table instead of a rowid table plus an index; lookups by UUID alone use its prefix.
SCHEMA = r"""
CREATE TABLE IF NOT EXISTS hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS villages (
    installation TEXT PRIMARY KEY, public_key BLOB NOT NULL, community TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '', prefecture TEXT NOT NULL DEFAULT '', registered_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages (
    manifest_sha256 TEXT PRIMARY KEY, installation TEXT NOT NULL REFERENCES villages (installation),
    sequence INTEGER NOT NULL, previous TEXT, full INTEGER NOT NULL, rows INTEGER NOT NULL, merged_at TEXT NOT NULL,
    UNIQUE (installation, sequence));
CREATE TABLE IF NOT EXISTS persons (uuid TEXT NOT NULL, installation TEXT NOT NULL, passport_no TEXT,
    amka TEXT, surname_lat TEXT, surname_el TEXT, birth_date TEXT, data TEXT NOT NULL,
    PRIMARY KEY (uuid, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (uuid TEXT NOT NULL, installation TEXT NOT NULL, person_uuid TEXT,
    state TEXT, category TEXT, outcome TEXT, amount_cents INTEGER, data TEXT NOT NULL,
    PRIMARY KEY (uuid, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payments (uuid TEXT NOT NULL, installation TEXT NOT NULL, case_uuid TEXT,
    receipt_code TEXT, amount_cents INTEGER, data TEXT NOT NULL,
    PRIMARY KEY (uuid, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS certificates (uuid TEXT NOT NULL, installation TEXT NOT NULL, case_uuid TEXT,
    protocol_year INTEGER, protocol_no INTEGER, voided_at TEXT, data TEXT NOT NULL,
    PRIMARY KEY (uuid, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS protocol (uuid TEXT NOT NULL, installation TEXT NOT NULL, year INTEGER,
    number INTEGER, kind TEXT, data TEXT NOT NULL,
    PRIMARY KEY (uuid, installation)) WITHOUT ROWID;
"""
#: Version 2: the columns the same-person and protocol checks need, the villages' first protocol
#: numbers, the findings made while merging, HQ's own key (it signs acknowledgements), the index
#: the report finds payments by, and indexes that cover the receipt and protocol checks.
SCHEMA_2 = r"""
CREATE TABLE IF NOT EXISTS protocol_start (installation TEXT NOT NULL, year INTEGER NOT NULL,
    first_number INTEGER NOT NULL, PRIMARY KEY (installation, year)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, installation TEXT, package TEXT, kind TEXT NOT NULL,
    text TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (installation, package, kind, text));
CREATE TABLE IF NOT EXISTS hq_key (id INTEGER PRIMARY KEY CHECK (id = 1), private_key BLOB NOT NULL,
    public_key BLOB NOT NULL, created_at TEXT NOT NULL);
DROP INDEX IF EXISTS payments_receipt;
CREATE INDEX payments_receipt ON payments (receipt_code, installation);
CREATE INDEX IF NOT EXISTS payments_case ON payments (case_uuid);
CREATE INDEX IF NOT EXISTS persons_passport ON persons (passport_no);
CREATE INDEX IF NOT EXISTS cases_person ON cases (person_uuid);
CREATE INDEX IF NOT EXISTS certificates_case ON certificates (case_uuid);
DROP INDEX IF EXISTS protocol_number;
CREATE INDEX protocol_number ON protocol (installation, year, number, entry_date);
"""
#: Columns added by version 2 (ALTER TABLE for an older database), each filled from the rows' JSON.
ADDED_COLUMNS = {("persons", "name_lat"): "json_extract(data, '$.name_lat')",
                 ("persons", "name_key"): ("hq_name_key(surname_lat, json_extract(data, '$.name_lat'), surname_el, "
                                           "json_extract(data, '$.name_el'), birth_date)"),
                 ("protocol", "entry_date"): "json_extract(data, '$.entry_date')"}
#: Columns kept as columns (for checks and reports); everything else goes to ``data`` as JSON.
COLUMNS = {
    "persons": ("passport_no", "amka", "surname_lat", "name_lat", "surname_el", "birth_date", "name_key"),
    "cases": ("person_uuid", "state", "category", "outcome", "amount_cents"),
    "payments": ("case_uuid", "receipt_code", "amount_cents"),
    "certificates": ("case_uuid", "protocol_year", "protocol_no", "voided_at"),
    "protocol": ("year", "number", "kind", "entry_date"),
}
#: UUID references between tables: (table, column) -> the table the UUID must be a row of.
REFERENCES = {("cases", "person_uuid"): "persons", ("payments", "case_uuid"): "cases",
              ("certificates", "case_uuid"): "cases", ("certificates", "payment_uuid"): "payments",
              ("protocol", "person_uuid"): "persons", ("protocol", "case_uuid"): "cases"}


class HqDatabaseError(ValueError):
    """A file that is not (or not yet) an HQ database; the message is the one-line reason."""


class HqBusyError(HqDatabaseError):
    """Another process (a merge) held the HQ database's write lock for longer than ``BUSY_TIMEOUT_S``."""


@dataclass(frozen=True)
class MergeResult:
    path: str
    merged: bool
    reason: str
    findings: tuple[str, ...] = ()
    busy: bool = False  # not merged because another merge held the database: not a refusal, try again


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": another connection held the lock past the busy timeout."""
    return isinstance(exc, sqlite3.OperationalError) and (
        getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        or "locked" in str(exc))


# ---------------------------------------------------------------- the database


@functools.lru_cache(maxsize=1 << 16)
def _name_part(text: str) -> str:
    return search_key(text)


def name_key(surname_lat, name_lat, surname_el, name_el, birth_date) -> str | None:
    """Names (Latin as in the passport, else Greek, folded so both spellings meet) and birth date, or None."""
    surname, name = surname_lat or surname_el or "", name_lat or name_el or ""
    if not (surname and name and birth_date):
        return None
    return f"{_name_part(surname)}|{_name_part(name)}|{birth_date}"


def _inspect(path: Path) -> str:
    """'new', 'hq', 'legacy' (an HQ database from before the mark) or the reason it is not an HQ database."""
    if path.is_dir():
        return f"{path} is a folder, not an HQ database"
    if not path.exists() or path.stat().st_size == 0:
        return "new"
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"{path} is not an HQ database ({exc}): nothing was changed"
    if app_id == APPLICATION_ID:
        return "hq"
    if app_id == 0 and user_version == 0 and not tables:
        return "new"
    if app_id == 0 and user_version == 0 and {"villages", "packages", "persons"} <= tables:
        return "legacy"
    if "profile" in tables and "audit" in tables:
        return f"{path} is a village registry, not an HQ database: nothing was changed"
    return f"{path} is not an HQ database (another program's file): nothing was changed"


def open_hq(path: Path | str) -> sqlite3.Connection:
    """Open (or create) an HQ database to write to it; raises :class:`HqDatabaseError` for any other file."""
    path = Path(path)
    kind = _inspect(path)
    if kind not in ("new", "hq", "legacy"):
        raise HqDatabaseError(kind)
    try:
        return _open_for_writing(path, kind)
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise HqBusyError(BUSY) from None
        raise


def _open_for_writing(path: Path, kind: str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn.create_function("hq_name_key", 5, name_key, deterministic=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # HQ can re-merge from the packages; speed matters at its scale
    # Rows arrive keyed by random UUIDs: a large page cache (within the 1 GiB
    # HQ budget) keeps the B-tree
    # inserts from turning into random disk reads as the tables grow.
    conn.execute("PRAGMA cache_size = -524288")  # 512 MiB
    conn.execute("PRAGMA temp_store = MEMORY")
    # Checkpoint the WAL every 256 MiB instead of every 4 MiB: each checkpoint
    # syncs the whole file, which dominated the merge of thousands of packages.
    conn.execute("PRAGMA wal_autocheckpoint = 65536")
    version = _version(conn) if kind == "hq" else 0
    if version > SCHEMA_VERSION:
        conn.close()
        raise HqDatabaseError(f"{path} was written by a newer version of the application (HQ schema {version})")
    if version < SCHEMA_VERSION:
        _migrate(conn)
    return conn


def _version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM hq_meta WHERE key = 'schema'").fetchone()
    except sqlite3.OperationalError:
        return 1
    return int(row[0]) if row else 1


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in split_statements(SCHEMA):
            conn.execute(statement)
        for (table, column), source in ADDED_COLUMNS.items():
            if column not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
                conn.execute(f"UPDATE {table} SET {column} = {source}")
        # Older packages may carry passports as typed ("AB 123 4567"): compare them compact.
        conn.execute("UPDATE persons SET passport_no = upper(replace(replace(replace(replace(passport_no, ' ', ''), "
                     "'-', ''), '/', ''), '.', '')) WHERE passport_no GLOB '*[^A-Z0-9]*'")
        for table in COLUMNS:
            _own_by_village(conn, table)
        for statement in split_statements(SCHEMA_2):
            conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO hq_meta (key, value) VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _own_by_village(conn: sqlite3.Connection, table: str) -> None:
    """Version 3: rebuild a table keyed by UUID alone as keyed by (uuid, installation), its rows as they are
    (so a UUID another village also sends is kept apart instead of refusing one village's packages)."""
    info = list(conn.execute(f"PRAGMA table_info({table})"))
    if [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])] == ["uuid", "installation"]:
        return
    names = ", ".join(r[1] for r in info)
    columns = ", ".join(f"{r[1]} {r[2]}{' NOT NULL' if r[3] or r[1] == 'uuid' else ''}" for r in info)
    conn.execute(f"CREATE TABLE {table}_v3 ({columns}, PRIMARY KEY (uuid, installation)) WITHOUT ROWID")
    conn.execute(f"INSERT INTO {table}_v3 ({names}) SELECT {names} FROM {table}")
    conn.execute(f"DROP TABLE {table}")  # its indexes with it: SCHEMA_2 makes them again
    conn.execute(f"ALTER TABLE {table}_v3 RENAME TO {table}")


def open_hq_read_only(path: Path | str) -> sqlite3.Connection:
    """Open an HQ database to read it only (reports, the app's HQ summary): nothing is ever written."""
    path = Path(path)
    kind = _inspect(path)
    if kind == "new":
        raise HqDatabaseError(f"no HQ database at {path}")
    if kind == "legacy":
        raise HqDatabaseError(f"{path} is an HQ database of an earlier version: register or merge into it once "
                              "to bring it up to date (nothing was changed)")
    if kind != "hq":
        raise HqDatabaseError(kind)
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA cache_size = -262144")
    version = _version(conn)
    if version != SCHEMA_VERSION:
        conn.close()
        raise HqDatabaseError(f"{path} has HQ schema {version}, this application reads {SCHEMA_VERSION}: "
                              "nothing was changed")
    return conn


# ---------------------------------------------------------------- villages


def read_village_key_file(key_file: Path | str) -> tuple[str, bytes, dict]:
    """(installation id, public key, all it says) from a village's key file (``export-key``)."""
    try:
        info = json.loads(Path(key_file).read_text(encoding="utf-8"))
        key = base64.b64decode(info["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(key)
        installation = info["installation"]
        if not isinstance(installation, str) or not installation:
            raise ValueError("no installation id")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"not a village key file ({exc})") from None
    return installation, key, info


def register(conn: sqlite3.Connection, key_file: Path | str) -> str:
    """Register (or confirm) a village's public key; returns its installation id."""
    installation, key, info = read_village_key_file(key_file)
    row = conn.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
    if row and bytes(row[0]) != key:
        raise PackageError(f"installation {installation[:8]} is registered with another key")
    conn.execute("INSERT OR IGNORE INTO villages (installation, public_key, community, municipality, prefecture, "
                 "registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                 [installation, key, str(info.get("community", "")), str(info.get("municipality", "")),
                  str(info.get("prefecture", "")), now()])
    return installation


def village_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Each registered village as people name it: its community, with the short id that tells namesakes apart."""
    return {inst: f"{community or '?'} ({inst[:8]})"
            for inst, community in conn.execute("SELECT installation, community FROM villages")}


def village_name(conn: sqlite3.Connection, installation: str) -> str:
    row = conn.execute("SELECT community FROM villages WHERE installation = ?", [installation]).fetchone()
    return f"{row[0] if row else '?'} ({str(installation)[:8]})"


# ---------------------------------------------------------------- merging


def merge(conn: sqlite3.Connection, path: Path | str) -> MergeResult:
    """Verify and merge one package; never raises for a package (the reason is returned).

    A damaged package is a :class:`PackageError`; anything unforeseen that
    one package provokes is also reported as its refusal, so that the
    batch goes on with the next package.
    """
    try:
        package = read_package(path, verify=functools.partial(_verify_signature, conn))
        # The chain is checked inside the write that extends it: two merges at once cannot both take its end.
        conn.execute("BEGIN IMMEDIATE")
        status, notes = _check_chain(conn, package)
        if status == "already":
            conn.execute("ROLLBACK")
            return MergeResult(str(path), True, "already merged (nothing changed)")
        notes += _store(conn, package, notes)
    except PackageError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return MergeResult(str(path), False, str(exc))
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if is_busy(exc):  # another merge held the lock throughout: nothing of this package was looked at
            return MergeResult(str(path), False, BUSY, busy=True)
        return MergeResult(str(path), False, f"could not be merged ({type(exc).__name__}: {exc})")
    except Exception as exc:  # noqa: BLE001 - one bad package must not stop the batch
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return MergeResult(str(path), False, f"could not be merged ({type(exc).__name__}: {exc})")
    m = package.manifest
    kind = "full" if m.get("full") else "incremental"
    count = sum(m["rows"].values())
    return MergeResult(str(path), True, f"{count} row{'' if count == 1 else 's'}, {kind} package {m['sequence']} "
                                        f"of {village_name(conn, m['installation'])}", tuple(notes))


def _verify_signature(conn: sqlite3.Connection, manifest: dict, manifest_bytes: bytes, signature: bytes) -> None:
    installation = manifest["installation"]
    row = conn.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
    if row is None:
        raise PackageError(f"village {installation[:8]} is not registered: register its public key first")
    try:
        Ed25519PublicKey.from_public_bytes(bytes(row[0])).verify(signature, manifest_bytes)
    except InvalidSignature:
        raise PackageError("signature does not match the village's key (altered manifest or wrong key)") from None


def _check_chain(conn: sqlite3.Connection, package) -> tuple[str, list[str]]:
    """'already' or 'next' with the findings to record; raises PackageError for a package out of its chain."""
    manifest = package.manifest
    installation, sequence = manifest["installation"], manifest["sequence"]
    if conn.execute("SELECT 1 FROM packages WHERE manifest_sha256 = ?", [package.digest]).fetchone():
        return "already", []
    same = conn.execute("SELECT 1 FROM packages WHERE installation = ? AND sequence = ?",
                        [installation, sequence]).fetchone()
    if same:
        raise PackageError(f"replay or fork: package {sequence} of this village was already merged with other content")
    last = conn.execute("SELECT sequence, manifest_sha256 FROM packages WHERE installation = ? "
                        "ORDER BY sequence DESC LIMIT 1", [installation]).fetchone()
    if last and sequence < last[0]:
        raise PackageError(f"out of date: package {last[0]} of this village, already merged, is newer and covers it")
    expected = (last[0] + 1) if last else 1
    if sequence == expected:
        if manifest.get("previous") != (last[1] if last else None):
            raise PackageError("fork: the previous-package hash does not match the last merged package")
        return "next", []
    missing = f"{expected}" if sequence == expected + 1 else f"{expected}–{sequence - 1}"
    noun = "package" if sequence == expected + 1 else "packages"
    if manifest.get("full"):
        return "next", [f"gap in the chain: {noun} {missing} never arrived; full package {sequence} restarts it"]
    base = manifest.get("base")
    if base and conn.execute("SELECT 1 FROM packages WHERE installation = ? AND sequence = ? AND manifest_sha256 = ?",
                             [installation, base["sequence"], base["manifest_sha256"]]).fetchone():
        return "next", [f"gap in the chain: {noun} {missing} never arrived; package {sequence} holds every change "
                        f"since package {base['sequence']}, which HQ acknowledged"]
    raise PackageError(f"gap in the chain: {noun} {missing} of this village {'is' if noun == 'package' else 'are'} "
                       f"missing (this is {sequence}); send HQ's acknowledgement to the village and have it export "
                       "again, or ask for a full export")


def _persons_values(installation: str, row: dict, line: str) -> list:
    return [row["uuid"], installation, compact_number(row.get("passport_no")), normalize_digits(row.get("amka")),
            row.get("surname_lat"), row.get("name_lat"), row.get("surname_el"), row.get("birth_date"),
            name_key(row.get("surname_lat"), row.get("name_lat"), row.get("surname_el"), row.get("name_el"),
                     row.get("birth_date")), line]


def _foreign_references(conn: sqlite3.Connection, package, installation: str) -> list[str]:
    """References (a case's person, a certificate's payment...) to rows only another village holds: neither in
    this package nor sent by this village before."""
    own = {table: {r["uuid"] for r in rows} for table, rows in package.tables.items()}
    wanted: dict[str, set[str]] = {}
    for (table, column), target in REFERENCES.items():
        for r in package.tables.get(table, []):
            ref = r.get(column)
            if isinstance(ref, str) and ref and ref not in own.get(target, ()):
                wanted.setdefault(target, set()).add(ref)
    return [f"refers to {target} {uuid[:8]} of {village_name(conn, owner)}"
            for target, refs in wanted.items()
            for uuid, owner in _held_elsewhere(conn, target, sorted(refs), installation)]


def _shared_rows(conn: sqlite3.Connection, package, installation: str) -> list[str]:
    """The package's rows whose UUIDs another village sent too, one finding per village: kept apart. One
    statement per table (its UUIDs as one JSON array): the B-tree is searched in C, not from Python."""
    shared: dict[str, list[str]] = {}
    for table in COLUMNS:
        rows = package.tables.get(table)
        if rows:
            for uuid, owner in conn.execute(f"SELECT t.uuid, t.installation FROM json_each(?) AS j JOIN {table} AS t "
                                            "ON t.uuid = j.value WHERE t.installation != ?",
                                            [json.dumps([r["uuid"] for r in rows]), installation]):
                shared.setdefault(owner, []).append(f"{table} {uuid[:8]}")
    return [f"{len(rows)} row(s) with UUIDs that {village_name(conn, owner)} sent too ({', '.join(rows[:3])}"
            f"{', …' if len(rows) > 3 else ''}): kept apart, each village's rows as it sent them; one of the two "
            "registries is a copy of the other, or one village took the other's UUIDs"
            for owner, rows in shared.items()]


def _held_elsewhere(conn: sqlite3.Connection, table: str, uuids: list[str], installation: str):
    """(uuid, owner) of the given UUIDs that HQ holds for another village and not for this one; asked 500 at
    a time."""
    for i in range(0, len(uuids), 500):
        chunk = uuids[i:i + 500]
        yield from conn.execute(f"SELECT uuid, installation FROM {table} WHERE uuid IN ({', '.join('?' * len(chunk))})"
                                f" AND installation != ? AND NOT EXISTS (SELECT 1 FROM {table} AS o "
                                f"WHERE o.uuid = {table}.uuid AND o.installation = ?)",
                                [*chunk, installation, installation])


def _store(conn: sqlite3.Connection, package, notes: list[str]) -> list[str]:
    """Upsert the rows and commit the transaction the caller began; returns the findings about UUIDs another
    village sent too. A reference to a row of another village refuses the package whole (rolled back, and
    recorded as a finding).

    HQ keys every row by (uuid, installation): UUIDs are random, so two
    villages never draw the same one, and a UUID another village sent too
    means a copied registry or a village that took the other's UUIDs. HQ
    cannot tell which of the two is genuine, so it keeps both apart and
    records the finding: refusing the later package would let whoever sends
    first have the other village's genuine packages refused for good.
    """
    installation = package.manifest["installation"]
    try:
        problems = _foreign_references(conn, package, installation)
        if problems:
            raise PackageError(f"{len(problems)} reference(s) to rows of another village: {'; '.join(problems[:3])}"
                               f"{'; …' if len(problems) > 3 else ''}; nothing merged")
        shared = _shared_rows(conn, package, installation)
        for table, columns in COLUMNS.items():
            rows = package.tables.get(table, [])
            if rows:
                _upsert(conn, table, columns, installation, rows, package.raw_rows.get(table, []))
        m = package.manifest
        for year, first in m.get("protocol_start", {}).items():
            conn.execute("INSERT INTO protocol_start (installation, year, first_number) VALUES (?, ?, ?) "
                         "ON CONFLICT (installation, year) DO UPDATE SET first_number = excluded.first_number",
                         [installation, int(year), first])
        conn.execute("INSERT INTO packages (manifest_sha256, installation, sequence, previous, full, rows, merged_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [package.digest, installation, m["sequence"], m.get("previous"), int(m.get("full", False)),
                      sum(m["rows"].values()), now()])
        for note in notes:
            _record(conn, installation, package.digest, "chain", note)
        for note in shared:
            _record(conn, installation, package.digest, "foreign_rows", note)
        conn.execute("COMMIT")
    except PackageError as exc:
        conn.execute("ROLLBACK")
        if "another village" in str(exc):
            _record(conn, installation, package.digest, "foreign_rows", f"package refused: {exc}")
        raise
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return shared


def _upsert(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], installation: str, rows: list[dict],
            raw: list[str]) -> None:
    """Insert or replace this village's rows (the JSON line as sent goes to ``data``: no need to serialise again)."""
    sql = (f"INSERT INTO {table} (uuid, installation, {', '.join(columns)}, data) "
           f"VALUES (?, ?, {', '.join('?' * len(columns))}, ?) ON CONFLICT (uuid, installation) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in (*columns, "data")))
    if table == "persons":
        values = (_persons_values(installation, r, line) for r, line in zip(rows, raw, strict=True))
    else:
        values = ([r["uuid"], installation, *(r.get(c) for c in columns), line]
                  for r, line in zip(rows, raw, strict=True))
    try:
        conn.executemany(sql, values)
    except (sqlite3.InterfaceError, sqlite3.ProgrammingError, TypeError, AttributeError) as exc:
        # validate.check_row lets none through; kept so that a value it missed is a refusal, not a traceback
        raise PackageError(f"{table}: a value of the wrong type ({exc})") from None


def _record(conn: sqlite3.Connection, installation: str, package: str, kind: str, text: str) -> None:
    conn.execute("INSERT OR IGNORE INTO findings (installation, package, kind, text, at) VALUES (?, ?, ?, ?, ?)",
                 [installation, package, kind, text, now()])


# ---------------------------------------------------------------- checks across villages


@dataclass(frozen=True)
class Finding:
    kind: str  # receipt / person / protocol / chain / foreign_rows
    villages: str  # the villages concerned, by community
    text: str

    def __str__(self) -> str:
        return self.text


#: How many protocol problems of one village and year are listed before "… and N more".
PROTOCOL_LIMIT = 5


def findings(conn: sqlite3.Connection) -> list[Finding]:
    """Everything HQ should look at: shared receipts, the same person certified in two villages,
    protocol books out of sequence, and what merging found (chain gaps, rows of another village)."""
    names = village_names(conn)
    name = lambda inst: names.get(inst, f"? ({inst[:8]})")  # noqa: E731
    out: list[Finding] = []
    for code, villages in conn.execute(
        "SELECT receipt_code, GROUP_CONCAT(DISTINCT installation) FROM payments WHERE receipt_code IS NOT NULL "
        "GROUP BY receipt_code HAVING COUNT(DISTINCT installation) > 1"
    ):
        where = ", ".join(sorted(map(name, villages.split(","))))
        out.append(Finding("receipt", where, f"ATE receipt {code} used in {where}"))
    out += _same_person(conn, name)
    out += _protocol(conn, name)
    for installation, kind, text in conn.execute("SELECT installation, kind, text FROM findings ORDER BY id"):
        where = name(installation) if installation else ""
        out.append(Finding(kind, where, f"{where}: {text}"))
    return out


def cross_checks(conn: sqlite3.Connection) -> list[str]:
    """The findings as lines of text."""
    return [f.text for f in findings(conn)]


_PERSON_KEYS = (("passport_no", "passport"), ("amka", "AMKA"), ("name_key", "names and birth date"))


def _same_person(conn: sqlite3.Connection, name) -> list[Finding]:
    """A person (same passport, AMKA, or names and birth date) holding certificates in two villages.

    A group already reported by passport or AMKA is not reported again by names.
    """
    out: list[Finding] = []
    reported: dict[str, list[frozenset]] = {}
    certified = ("SELECT c.installation, p.uuid, p.passport_no, p.amka, p.name_key, "
                 "COALESCE(NULLIF(p.surname_lat, ''), p.surname_el) || ' ' || "
                 "COALESCE(NULLIF(p.name_lat, ''), json_extract(p.data, '$.name_el'), '') AS shown, p.birth_date "
                 "FROM certificates c JOIN cases k ON k.uuid = c.case_uuid AND k.installation = c.installation "
                 "JOIN persons p ON p.uuid = k.person_uuid AND p.installation = k.installation "
                 "WHERE c.voided_at IS NULL")
    union = " UNION ALL ".join(
        f"SELECT '{column}', {column}, GROUP_CONCAT(DISTINCT installation), GROUP_CONCAT(DISTINCT uuid), "
        f"MIN(shown), MIN(birth_date) FROM certified WHERE {column} IS NOT NULL AND {column} != '' "
        f"GROUP BY {column} HAVING COUNT(DISTINCT installation) > 1" for column, _label in _PERSON_KEYS)
    labels = dict(_PERSON_KEYS)
    for column, value, villages, persons, shown, birth in conn.execute(
            f"WITH certified AS MATERIALIZED ({certified}) {union}"):
        group = frozenset(persons.split(","))
        member = next(iter(group))
        if any(group <= seen for seen in reported.get(member, ())):
            continue
        for person in group:  # indexed by member: each check looks only at the groups sharing a person
            reported.setdefault(person, []).append(group)
        where = ", ".join(sorted(map(name, villages.split(","))))
        if column == "name_key":
            text = (f"possibly the same person ({labels[column]}: {shown}, born {birth}) holds certificates "
                    f"in {where}")
        else:
            text = f"same {labels[column]} {value} holds certificates in {where}"
        out.append(Finding("person", where, text))
    return out


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in numbers)


def _protocol(conn: sqlite3.Connection, name) -> list[Finding]:
    """Per village and year: numbers missing at the start or between, numbers used twice, dates going back."""
    problems: dict[tuple[str, int], list[str]] = {}

    def add(installation, year, text):
        texts = problems.setdefault((installation, year), [])
        if text not in texts:
            texts.append(text)

    for installation, year, low, first in conn.execute(
        "SELECT p.installation, p.year, MIN(p.number), COALESCE(s.first_number, 1) FROM protocol p "
        "LEFT JOIN protocol_start s ON s.installation = p.installation AND s.year = p.year "
        "GROUP BY p.installation, p.year HAVING MIN(p.number) > COALESCE(s.first_number, 1)"
    ):
        add(installation, year, f"numbers {_ranges([(first, low - 1)])} missing at the start of the year")
    for installation, year, prev, number, prev_date, entry_date in conn.execute(
        "SELECT installation, year, prev, number, prev_date, entry_date FROM ("
        " SELECT installation, year, number, entry_date,"
        "  LAG(number) OVER w AS prev, LAG(entry_date) OVER w AS prev_date FROM protocol"
        "  WINDOW w AS (PARTITION BY installation, year ORDER BY number, entry_date))"
        " WHERE number - prev > 1 OR number = prev OR entry_date < prev_date"
    ):
        if number == prev:
            add(installation, year, f"number {number} used twice")
        elif number - prev > 1:
            add(installation, year, f"numbers {_ranges([(prev + 1, number - 1)])} missing")
        if entry_date is not None and prev_date is not None and entry_date < prev_date and number != prev:
            add(installation, year, f"no. {number} dated {entry_date}, before no. {prev} dated {prev_date}")
    for installation, year, number in conn.execute(
        "SELECT c.installation, c.protocol_year, c.protocol_no FROM certificates c WHERE c.protocol_no IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM protocol p WHERE p.installation = c.installation AND p.year = c.protocol_year "
        "AND p.number = c.protocol_no)"
    ):
        add(installation, year, f"certificate no. {number} has no entry in the protocol book HQ holds")
    out = []
    for (installation, year), texts in sorted(problems.items()):
        shown = texts[:PROTOCOL_LIMIT] + ([f"… and {len(texts) - PROTOCOL_LIMIT} more"]
                                          if len(texts) > PROTOCOL_LIMIT else [])
        where = name(installation)
        out.append(Finding("protocol", where, f"{where} protocol {year}: {'; '.join(shown)}"))
    return out
