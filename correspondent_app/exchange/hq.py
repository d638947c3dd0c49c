"""HQ side: register villages' keys, merge their packages, check across villages, report.

Every package is verified before anything is written: signature against
the village's registered key, member hashes, format, and its place in the
village's chain (sequence and previous hash). A gap, a replay with other
content or a fork is refused with the reason; the same package merged twice
changes nothing. Rows are upserted by UUID in one transaction per package.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from correspondent_app.exchange.package import PackageError, read_package
from correspondent_app.registry.records import now

# Data tables are WITHOUT ROWID: rows are found and replaced by their UUID,
# so one B-tree per table instead of a rowid table plus a UUID index.
SCHEMA = r"""
CREATE TABLE IF NOT EXISTS villages (
    installation TEXT PRIMARY KEY, public_key BLOB NOT NULL, community TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '', prefecture TEXT NOT NULL DEFAULT '', registered_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages (
    manifest_sha256 TEXT PRIMARY KEY, installation TEXT NOT NULL REFERENCES villages (installation),
    sequence INTEGER NOT NULL, previous TEXT, full INTEGER NOT NULL, rows INTEGER NOT NULL, merged_at TEXT NOT NULL,
    UNIQUE (installation, sequence));
CREATE TABLE IF NOT EXISTS persons (uuid TEXT PRIMARY KEY, installation TEXT NOT NULL, passport_no TEXT,
    amka TEXT, surname_lat TEXT, surname_el TEXT, birth_date TEXT, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (uuid TEXT PRIMARY KEY, installation TEXT NOT NULL, person_uuid TEXT,
    state TEXT, category TEXT, outcome TEXT, amount_cents INTEGER, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payments (uuid TEXT PRIMARY KEY, installation TEXT NOT NULL, case_uuid TEXT,
    receipt_code TEXT, amount_cents INTEGER, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS certificates (uuid TEXT PRIMARY KEY, installation TEXT NOT NULL, case_uuid TEXT,
    protocol_year INTEGER, protocol_no INTEGER, voided_at TEXT, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS protocol (uuid TEXT PRIMARY KEY, installation TEXT NOT NULL, year INTEGER,
    number INTEGER, kind TEXT, data TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS payments_receipt ON payments (receipt_code);
CREATE INDEX IF NOT EXISTS persons_passport ON persons (passport_no);
CREATE INDEX IF NOT EXISTS cases_person ON cases (person_uuid);
CREATE INDEX IF NOT EXISTS certificates_case ON certificates (case_uuid);
CREATE INDEX IF NOT EXISTS protocol_number ON protocol (installation, year, number);
"""
#: Columns kept as columns (for checks and reports); everything else goes to ``data`` as JSON.
COLUMNS = {
    "persons": ("passport_no", "amka", "surname_lat", "surname_el", "birth_date"),
    "cases": ("person_uuid", "state", "category", "outcome", "amount_cents"),
    "payments": ("case_uuid", "receipt_code", "amount_cents"),
    "certificates": ("case_uuid", "protocol_year", "protocol_no", "voided_at"),
    "protocol": ("year", "number", "kind"),
}


@dataclass(frozen=True)
class MergeResult:
    path: str
    merged: bool
    reason: str


def open_hq(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
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
    conn.executescript(SCHEMA)
    return conn


def register(conn: sqlite3.Connection, key_file: Path | str) -> str:
    """Register (or confirm) a village's public key; returns its installation id."""
    try:
        info = json.loads(Path(key_file).read_text(encoding="utf-8"))
        key = base64.b64decode(info["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(key)
        installation = info["installation"]
    except (OSError, ValueError, KeyError) as exc:
        raise PackageError(f"not a village key file ({exc})") from None
    row = conn.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
    if row and bytes(row[0]) != key:
        raise PackageError(f"installation {installation[:8]} is registered with another key")
    conn.execute("INSERT OR IGNORE INTO villages (installation, public_key, community, municipality, prefecture, "
                 "registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                 [installation, key, info.get("community", ""), info.get("municipality", ""),
                  info.get("prefecture", ""), now()])
    return installation


def merge(conn: sqlite3.Connection, path: Path | str) -> MergeResult:
    """Verify and merge one package; never raises for a bad package (the reason is returned)."""
    try:
        package = read_package(path)
        status = _check_chain(conn, package)
        if status == "already":
            return MergeResult(str(path), True, "already merged (nothing changed)")
        _store(conn, package)
    except PackageError as exc:
        return MergeResult(str(path), False, str(exc))
    return MergeResult(str(path), True, f"merged {sum(package.manifest['rows'].values())} rows")


def _check_chain(conn: sqlite3.Connection, package) -> str:
    manifest = package.manifest
    installation = manifest.get("installation")
    row = conn.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
    if row is None:
        raise PackageError(f"village {str(installation)[:8]} is not registered: register its public key first")
    try:
        Ed25519PublicKey.from_public_bytes(bytes(row[0])).verify(package.signature, package.manifest_bytes)
    except InvalidSignature:
        raise PackageError("signature does not match the village's key (altered manifest or wrong key)") from None
    if conn.execute("SELECT 1 FROM packages WHERE manifest_sha256 = ?", [package.digest]).fetchone():
        return "already"
    sequence = manifest["sequence"]
    last = conn.execute("SELECT sequence, manifest_sha256 FROM packages WHERE installation = ? "
                        "ORDER BY sequence DESC LIMIT 1", [installation]).fetchone()
    expected = (last[0] + 1) if last else 1
    if last and sequence <= last[0]:
        raise PackageError(f"replay or fork: sequence {sequence} was already merged with other content")
    if sequence != expected:
        raise PackageError(f"gap in the chain: package {expected} of this village is missing (this is {sequence})")
    if manifest.get("previous") != (last[1] if last else None):
        raise PackageError("fork: the previous-package hash does not match the last merged package")
    return "next"


def _store(conn: sqlite3.Connection, package) -> None:
    installation = package.manifest["installation"]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table, columns in COLUMNS.items():
            rows = package.tables.get(table, [])
            sql = (f"INSERT OR REPLACE INTO {table} (uuid, installation, {', '.join(columns)}, data) "
                   f"VALUES (?, ?, {', '.join('?' * len(columns))}, ?)")
            raw = package.raw_rows.get(table, [])  # the JSON line as sent: no need to serialise again
            conn.executemany(sql, ([r["uuid"], installation, *(r.get(c) for c in columns), line]
                                   for r, line in zip(rows, raw, strict=True)))
        m = package.manifest
        conn.execute("INSERT INTO packages (manifest_sha256, installation, sequence, previous, full, rows, merged_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [package.digest, installation, m["sequence"], m.get("previous"), int(m.get("full", False)),
                      sum(m["rows"].values()), now()])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def cross_checks(conn: sqlite3.Connection) -> list[str]:
    """Findings across villages: shared receipts, persons certified twice, protocol numbering gaps."""
    findings = []
    for code, villages in conn.execute(
        "SELECT receipt_code, GROUP_CONCAT(DISTINCT installation) FROM payments WHERE receipt_code IS NOT NULL "
        "GROUP BY receipt_code HAVING COUNT(DISTINCT installation) > 1"
    ):
        findings.append(f"receipt {code} used in villages {villages}")
    for passport, villages in conn.execute(
        "SELECT p.passport_no, GROUP_CONCAT(DISTINCT c.installation) FROM certificates c "
        "JOIN cases k ON k.uuid = c.case_uuid JOIN persons p ON p.uuid = k.person_uuid "
        "WHERE p.passport_no != '' AND c.voided_at IS NULL GROUP BY p.passport_no "
        "HAVING COUNT(DISTINCT c.installation) > 1"
    ):
        findings.append(f"passport {passport} holds certificates in villages {villages}")
    for installation, year, low, high, count in conn.execute(
        "SELECT installation, year, MIN(number), MAX(number), COUNT(*) FROM protocol GROUP BY installation, year"
    ):
        if high - low + 1 != count:
            findings.append(f"village {installation[:8]} protocol {year}: {count} numbers between {low} and {high}")
    return findings
