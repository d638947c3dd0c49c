"""HQ's storage on SQLite, the embedded default: every SQL statement HQ runs on a file is here.

The merge logic (``hq``) asks this store for the few things it needs (a
village's key, the end of its chain, rows another village holds) and hands it
verified packages to write; the report, the findings and the verification
read figures and rows through it. A second engine (PostgreSQL) implements the
same methods (``hq_store.HqStore``).

Layout (schema 4). Rows are rowid tables with ``UNIQUE (installation, uuid)``:
a package's rows are appended, and its index entries land side by side (one
village, one region of the index) instead of one random page per row, which
is what made COMMIT two thirds of the merge in schema 3 (WITHOUT ROWID
tables keyed by random UUIDs). Lookups by UUID alone (rows another village
sent too, references to another village's rows) use a small index on the
UUID's first 8 characters. The indexes only the checks across villages read
(receipt codes, passports, AMKA, names) can be dropped during a large merge
and rebuilt at its end (``large_merge``).

What the report reads is kept up to date by every merge, for the villages the
batch touched: ``agg_village`` (cases, certificates, amounts per installation
and category), ``agg_week`` (certificates per week) and ``cross_findings``
(the checks across villages, each a subject: a receipt code, a passport, a
village's protocol year). A village is marked in ``derived_pending`` inside
the transaction that changes its rows, and unmarked when its figures and
findings are recomputed, so an interrupted merge is finished by the next one.

An HQ database is marked with ``PRAGMA application_id`` and its schema
version is kept in ``hq_meta`` (``user_version`` stays 0, so the village
registry never mistakes it for one of its own files).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from correspondent_app.exchange.hq_aggregates import Aggregates, VillageFigures, WeekFigures
from correspondent_app.exchange.hq_figures import Figures, PackageFigures, Weeks, village_figures
from correspondent_app.exchange.hq_queries import SharedQueries
from correspondent_app.exchange.hq_sqlite_beside import FindingsBeside
from correspondent_app.exchange.hq_sqlite_checkpoint import Checkpointer
from correspondent_app.exchange.hq_sqlite_uuids import UuidBits
from correspondent_app.exchange.hq_store import BUSY, COLUMNS, HqBusyError, HqDatabaseError, name_key
from correspondent_app.registry.db import split_statements

#: ``PRAGMA application_id`` of an HQ database ("OGAH").
APPLICATION_ID = 0x4F474148
SCHEMA_VERSION = 4  # 1: unmarked; 3: rows owned by (uuid, installation); 4: rowid tables, figures kept by the merge
#: Villages whose figures are added up at once (their cases are held in memory meanwhile).
FIGURES_CHUNK = 500
#: Pages of write-ahead log after which a commit copies the log into the file (256 MiB, not SQLite's 4 MiB:
#: each checkpoint syncs the file); a large merge checkpoints in a thread instead (``hq_sqlite_checkpoint``).
AUTOCHECKPOINT = 65536
#: The writer's page cache (384 MiB, as a negative size in KiB): the indexes a merge updates stay in memory.
CACHE_KIB = -393216
#: The page cache while indexes are built (8 MiB): SQLite's sorter takes as much memory as the page cache, and
#: sorting it in runs of that size and merging them was a fifth faster than one sort of it all (14 indexes
#: over a million cases: 27 s against 33 s).
INDEX_BUILD_CACHE_KIB = -8192
#: How long a merge waits for another one before it says that the HQ database is busy.
BUSY_TIMEOUT_S = 30.0

# Version 1 (the first HQ merge): kept to upgrade its databases.
SCHEMA_1 = r"""
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
#: Version 2's tables (findings, HQ's key, the villages' first protocol numbers).
SCHEMA_2 = r"""
CREATE TABLE IF NOT EXISTS protocol_start (installation TEXT NOT NULL, year INTEGER NOT NULL,
    first_number INTEGER NOT NULL, PRIMARY KEY (installation, year)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, installation TEXT, package TEXT, kind TEXT NOT NULL,
    text TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (installation, package, kind, text));
CREATE TABLE IF NOT EXISTS hq_key (id INTEGER PRIMARY KEY CHECK (id = 1), private_key BLOB NOT NULL,
    public_key BLOB NOT NULL, created_at TEXT NOT NULL);
"""
#: Columns version 2 added to version 1's tables, each filled from the rows' JSON.
ADDED_COLUMNS = {("persons", "name_lat"): "json_extract(data, '$.name_lat')",
                 ("persons", "name_key"): ("hq_name_key(surname_lat, json_extract(data, '$.name_lat'), surname_el, "
                                           "json_extract(data, '$.name_el'), birth_date)"),
                 ("protocol", "entry_date"): "json_extract(data, '$.entry_date')"}
#: Version 4's columns of each data table, beyond uuid, installation and data; and how a column that version 3
#: did not have is filled from the row's JSON.
V4_COLUMNS = {
    "persons": "passport_no TEXT, amka TEXT, surname_lat TEXT, name_lat TEXT, surname_el TEXT, birth_date TEXT, "
               "name_key TEXT",
    "cases": "person_uuid TEXT, state TEXT, category TEXT, outcome TEXT, amount_cents INTEGER",
    "payments": "case_uuid TEXT, receipt_code TEXT, amount_cents INTEGER",
    "certificates": "case_uuid TEXT, protocol_year INTEGER, protocol_no INTEGER, voided_at TEXT, issued_on TEXT, "
                    "verification_code TEXT",
    "protocol": "year INTEGER, number INTEGER, kind TEXT, entry_date TEXT",
}
FROM_JSON = {("certificates", "issued_on"): "json_extract(data, '$.issued_on')",
             ("certificates", "verification_code"): "json_extract(data, '$.verification_code')"}
#: Indexes every merge needs: UUIDs by a short prefix (rows another village sent too, references to them).
MERGE_INDEXES = {f"{t}_uuid": f"CREATE INDEX IF NOT EXISTS {t}_uuid ON {t} (substr(uuid, 1, 8))" for t in COLUMNS}
#: Indexes the figures, the checks across villages and verification read. Those by (installation, …) carry
#: the columns the figures and checks read, so a village's figures come from the index alone; those by a
#: value from every village (receipt, passport…) put each row on a random page. A large merge drops them
#: all and rebuilds them once at its end, then computes the figures and checks of every village it touched.
CHECK_INDEXES = {
    "cases_person": "CREATE INDEX IF NOT EXISTS cases_person ON cases (installation, person_uuid, uuid)",
    "payments_case": "CREATE INDEX IF NOT EXISTS payments_case ON payments (installation, case_uuid, amount_cents)",
    "certificates_case": "CREATE INDEX IF NOT EXISTS certificates_case ON certificates (installation, case_uuid, "
                         "voided_at, issued_on)",
    "protocol_number": "CREATE INDEX IF NOT EXISTS protocol_number ON protocol (installation, year, number, "
                       "entry_date)",
    "payments_receipt": "CREATE INDEX IF NOT EXISTS payments_receipt ON payments (receipt_code, installation)",
    "persons_passport": "CREATE INDEX IF NOT EXISTS persons_passport ON persons (passport_no, installation)",
    "persons_amka": "CREATE INDEX IF NOT EXISTS persons_amka ON persons (amka, installation)",
    "persons_name_key": "CREATE INDEX IF NOT EXISTS persons_name_key ON persons (name_key, installation)",
    "certificates_code": "CREATE INDEX IF NOT EXISTS certificates_code ON certificates (verification_code)",
}
#: The indexes the findings across villages read (``hq_sqlite_checks``): the end of a large merge builds them
#: first, so that the findings are made while the others are built.
FINDINGS_READ = ("cases_person", "certificates_case", "payments_receipt", "persons_passport",
                 "persons_amka", "persons_name_key")
DERIVED = r"""
CREATE TABLE IF NOT EXISTS agg_village (installation TEXT NOT NULL, category TEXT NOT NULL, cases INTEGER NOT NULL,
    certificates INTEGER NOT NULL, voided INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
    PRIMARY KEY (installation, category)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_week (installation TEXT NOT NULL, week TEXT NOT NULL, category TEXT NOT NULL,
    certificates INTEGER NOT NULL, PRIMARY KEY (installation, week, category)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cross_findings (kind TEXT NOT NULL, subject TEXT NOT NULL, position INTEGER NOT NULL,
    villages TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (kind, subject)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cross_finding_villages (installation TEXT NOT NULL, kind TEXT NOT NULL,
    subject TEXT NOT NULL, PRIMARY KEY (installation, kind, subject)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cross_finding_subject ON cross_finding_villages (kind, subject);
CREATE TABLE IF NOT EXISTS derived_pending (installation TEXT PRIMARY KEY) WITHOUT ROWID;
DERIVED_KEPT
CREATE TABLE IF NOT EXISTS finding_status (id TEXT PRIMARY KEY, kind TEXT NOT NULL,
    villages TEXT NOT NULL, text TEXT NOT NULL, first_seen TEXT NOT NULL,
    resolved_at TEXT, resolved_by TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS village_key_changes (
    id INTEGER PRIMARY KEY, installation TEXT NOT NULL, old_public_key BLOB NOT NULL,
    new_public_key BLOB NOT NULL, changed_at TEXT NOT NULL);
"""


#: Villages of ``derived_pending`` whose figures and protocol findings were written from their first package
#: (``keep_package_figures``): only the checks across villages are left to do for them.
DERIVED_KEPT = "CREATE TABLE IF NOT EXISTS derived_kept (installation TEXT PRIMARY KEY) WITHOUT ROWID"
DERIVED = DERIVED.replace("DERIVED_KEPT", DERIVED_KEPT + ";")


def _schema_4_tables() -> list[str]:
    return [f"CREATE TABLE IF NOT EXISTS {t} (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, installation TEXT NOT NULL, "
            f"{columns}, data TEXT NOT NULL, UNIQUE (installation, uuid))" for t, columns in V4_COLUMNS.items()]


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


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": another connection held the lock past the busy timeout."""
    return isinstance(exc, sqlite3.OperationalError) and (
        getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        or "locked" in str(exc))


def _version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM hq_meta WHERE key = 'schema'").fetchone()
    except sqlite3.OperationalError:
        return 1
    return int(row[0]) if row else 1


class SqliteStore(SharedQueries):
    """One HQ database file (see the module's docstring); ``execute`` is for tests and tools only."""

    engine = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self.conn, self.path, self.read_only = conn, path, read_only
        self.location = str(path)
        self._names: tuple | None = None
        self._bits: UuidBits | None = None  # during a large merge into a small HQ
        self._checkpoints: Checkpointer | None = None  # during a large merge

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str) -> SqliteStore:
        """Open (or create) an HQ database to write to it; :class:`HqDatabaseError` for any other file."""
        path = Path(path)
        kind = _inspect(path)
        if kind not in ("new", "hq", "legacy"):
            raise HqDatabaseError(kind)
        try:
            conn = cls._connect_for_writing(path)
            store = cls(conn, path, read_only=False)
            version = _version(conn) if kind == "hq" else (0 if kind == "new" else 1)
            if version > SCHEMA_VERSION:
                conn.close()
                raise HqDatabaseError(f"{path} was written by a newer version of the application (HQ schema {version})")
            if version < SCHEMA_VERSION:
                store._migrate(version)
            conn.execute(DERIVED_KEPT)  # added to schema 4 after its first release
            store._finish_pending()
            return store
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise HqBusyError(BUSY) from None
            raise

    @staticmethod
    def _connect_for_writing(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.create_function("hq_name_key", 5, name_key, deterministic=True)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # HQ can re-merge from the packages; speed matters at its scale
        conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")  # the indexes a merge updates stay in memory
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT}")
        return conn

    @classmethod
    def open_read_only(cls, path: Path | str) -> SqliteStore:
        """Open an HQ database to read it only (reports, verification, the app's HQ summary)."""
        path = Path(path)
        kind = _inspect(path)
        if kind == "new":
            raise HqDatabaseError(f"no HQ database at {path}")
        if kind == "legacy":
            raise HqDatabaseError(f"{path} is an HQ database of an earlier version: register or merge into it once "
                                  "to bring it up to date (nothing was changed)")
        if kind != "hq":
            raise HqDatabaseError(kind)
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cache_size = -262144")
        version = _version(conn)
        if version != SCHEMA_VERSION:
            conn.close()
            raise HqDatabaseError(f"{path} has HQ schema {version}, this application reads {SCHEMA_VERSION}: "
                                  + ("register or merge into it once to bring it up to date (nothing was changed)"
                                     if version < SCHEMA_VERSION else "nothing was changed"))
        return cls(conn, path, read_only=True)

    def close(self) -> None:
        self._stop_checkpoints()
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Raw SQL, for tests and tools; HQ's own code goes through the methods below."""
        return self.conn.execute(sql, list(params))

    # ------------------------------------------------------------ schema

    def _migrate(self, version: int) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version == 0:  # a new database: version 4 straight away
                for statement in split_statements(SCHEMA_1.split("CREATE TABLE IF NOT EXISTS persons")[0]):
                    conn.execute(statement)
                for statement in [*_schema_4_tables(), *split_statements(SCHEMA_2)]:
                    conn.execute(statement)
            else:
                if version < 3:
                    self._to_version_3()
                self._to_version_4()
            for statement in [*split_statements(DERIVED), *MERGE_INDEXES.values(), *CHECK_INDEXES.values()]:
                conn.execute(statement)
            if version:
                conn.execute("INSERT OR IGNORE INTO derived_pending SELECT installation FROM villages")
            conn.execute("INSERT OR REPLACE INTO hq_meta (key, value) VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _to_version_3(self) -> None:
        conn = self.conn
        for statement in split_statements(SCHEMA_1):
            conn.execute(statement)
        for (table, column), source in ADDED_COLUMNS.items():
            if column not in self._columns(table):
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
                conn.execute(f"UPDATE {table} SET {column} = {source}")
        # Older packages may carry passports as typed ("AB 123 4567"): compare them compact.
        conn.execute("UPDATE persons SET passport_no = upper(replace(replace(replace(replace(passport_no, ' ', ''), "
                     "'-', ''), '/', ''), '.', '')) WHERE passport_no GLOB '*[^A-Z0-9]*'")
        for statement in split_statements(SCHEMA_2):
            conn.execute(statement)

    def _to_version_4(self) -> None:
        """Each data table rebuilt as a rowid table with UNIQUE (installation, uuid), its rows as they are (a
        table still keyed by UUID alone keeps them too: each is a row of the village that sent it)."""
        conn = self.conn
        for table in V4_COLUMNS:
            existing = self._columns(table)
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v3")
            conn.execute(_schema_4_tables()[list(V4_COLUMNS).index(table)])
            wanted = ["uuid", "installation", *(c.split()[0] for c in V4_COLUMNS[table].split(", ")), "data"]
            sources = [c if c in existing else FROM_JSON.get((table, c), "NULL") for c in wanted]
            conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(wanted)}) "
                         f"SELECT {', '.join(sources)} FROM {table}_v3")
            conn.execute(f"DROP TABLE {table}_v3")  # its indexes with it: made again below

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}

    # ------------------------------------------------------------ villages and keys

    def find_villages(self, prefix: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT installation FROM villages WHERE installation LIKE ? || '%'",
                                                [prefix])]

    def add_village(self, installation: str, key: bytes, community: str, municipality: str, prefecture: str,
                    at: str) -> None:
        self._names = None
        self.conn.execute("INSERT OR IGNORE INTO villages (installation, public_key, community, municipality, "
                          "prefecture, registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                          [installation, key, community, municipality, prefecture, at])

    # ------------------------------------------------------------ the chain of packages

    # ------------------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (waiting ``BUSY_TIMEOUT_S`` for another writer): committed whole or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def begin(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.before_batch()
        self.conn.execute("BEGIN IMMEDIATE")
        self._names = None
        if self._bits is not None and self._bits.stale(self.conn):  # another merge wrote between two batches
            self._bits = UuidBits(self.conn)

    def commit(self) -> None:
        """Bring the touched villages' figures and findings up to date, then commit (nothing to do outside a
        transaction: every other write commits itself)."""
        if not self.conn.in_transaction:
            return
        if self.check_indexes_present():  # else a large merge: all is done once its indexes are rebuilt
            self._refresh_pending()
        self.conn.execute("COMMIT")
        if self._checkpoints is not None:
            self._checkpoints.committed()

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def package_scope(self) -> Iterator[None]:
        """A SAVEPOINT: a package refused halfway leaves nothing of itself in the batch."""
        self.conn.execute("SAVEPOINT package")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO package")
            self.conn.execute("RELEASE package")
            raise
        self.conn.execute("RELEASE package")

    def held_elsewhere(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]:
        """(uuid, owner) of the given UUIDs that HQ holds for another village and not for this one."""
        if self._bits is not None and not (uuids := self._bits.maybe(table, uuids)):
            return []
        return _in_order(uuids, self.conn.execute(
            f"SELECT t.uuid, t.installation FROM {self._owners(table)} WHERE t.installation != ? "
            f"AND NOT EXISTS (SELECT 1 FROM {table} AS o WHERE o.installation = ? AND o.uuid = t.uuid)",
            [json.dumps(uuids), installation, installation]))

    def shared_uuids(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]:
        """(uuid, owner) of the given UUIDs that another village sent too."""
        if self._bits is not None and not (uuids := self._bits.maybe(table, uuids)):
            return []
        return _in_order(uuids, self.conn.execute(
            f"SELECT t.uuid, t.installation FROM {self._owners(table)} WHERE t.installation != ?",
            [json.dumps(uuids), installation]))

    def _owners(self, table: str) -> str:
        """FROM the rows of ``table`` whose UUIDs are in a JSON list (the first parameter), as ``t``: by the
        UUID index; while a large merge has dropped it, village by village by (installation, uuid), a few
        thousand lookups for the rare UUID the bitmap lets through."""
        if self._bits is None or f"{table}_uuid" in self._index_names():
            return (f"json_each(?) AS j JOIN {table} AS t "
                    "ON substr(t.uuid, 1, 8) = substr(j.value, 1, 8) AND t.uuid = j.value")
        return (f"villages AS v CROSS JOIN {table} AS t ON t.installation = v.installation "
                "AND t.uuid IN (SELECT value FROM json_each(?))")

    def _index_names(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    def upsert(self, table: str, installation: str, values: Iterable[list], *, new: bool = False) -> None:
        """Insert or replace this village's rows: each ``[uuid, *COLUMNS[table], data]``. ``new``: the village
        holds none of them yet and their UUIDs are distinct (a plain insert, an eighth cheaper)."""
        columns = COLUMNS[table]
        sql = (f"INSERT INTO {table} (uuid, installation, {', '.join(columns)}, data) "
               f"VALUES (?, '{_quoted(installation)}', {', '.join('?' * len(columns))}, ?)")
        if not new:
            sql += " ON CONFLICT (installation, uuid) DO UPDATE SET " + ", ".join(
                f"{c} = excluded.{c}" for c in (*columns, "data"))
        self.conn.executemany(sql, values)
        if self._bits is not None:
            self._bits.add(table, [v[0] for v in values])

    def set_protocol_start(self, installation: str, year: int, first: int) -> None:
        self.conn.execute("INSERT INTO protocol_start (installation, year, first_number) VALUES (?, ?, ?) "
                          "ON CONFLICT (installation, year) DO UPDATE SET first_number = excluded.first_number",
                          [installation, year, first])

    def add_package(self, digest: str, installation: str, sequence: int, previous: str | None, full: bool,
                    rows: int, at: str) -> None:
        self.conn.execute("INSERT INTO packages (manifest_sha256, installation, sequence, previous, full, rows, "
                          "merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [digest, installation, sequence, previous, int(full), rows, at])
        self.conn.execute("INSERT OR IGNORE INTO derived_pending (installation) VALUES (?)", [installation])
        # a later package: the village's figures are added up again from all its rows
        self.conn.execute("DELETE FROM derived_kept WHERE installation = ?", [installation])

    def keep_package_figures(self, installation: str, kept: PackageFigures) -> None:
        """The figures and protocol findings of a village HQ held nothing of before this package, added up by the
        merge's reader from the package (call after ``add_package``): the batch's end only checks it against the
        other villages."""
        from correspondent_app.exchange.hq_sqlite_checks import add_protocol_findings, namer  # noqa: PLC0415

        for table in ("agg_village", "agg_week"):
            self.conn.execute(f"DELETE FROM {table} WHERE installation = ?", [installation])
        _insert_figures(self.conn, kept.figures, kept.weeks)
        add_protocol_findings(self.conn, namer(self.village_names()), kept.protocol)
        self.conn.execute("INSERT OR IGNORE INTO derived_kept (installation) VALUES (?)", [installation])

    def record_finding(self, installation: str, package: str, kind: str, text: str, at: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO findings (installation, package, kind, text, at) "
                          "VALUES (?, ?, ?, ?, ?)", [installation, package, kind, text, at])

    # ------------------------------------------------------------ large merges

    def check_indexes_present(self) -> bool:
        return set(CHECK_INDEXES) | set(MERGE_INDEXES) <= self._index_names()

    def start_large_merge(self, packages: int) -> None:
        """Before a large merge: the indexes only the checks read are dropped, to be rebuilt once at its end;
        merging four times the packages HQ holds or more, the UUIDs HQ holds are kept in memory too (``UuidBits``)."""
        # the bitmap is built from HQ's rows, about 4 µs a UUID (20 s for the 5 million UUIDs of a million
        # cases, several times that from a cold disk): worth it when HQ holds a fraction of what comes
        small = self.package_count() * 4 <= packages
        if small:
            self._bits = UuidBits(self.conn)
        with self.transaction():
            # into a small HQ the UUID indexes go too: with the bitmap, a UUID is looked up in one case in
            # thousands, village by village (``_owners``); kept, their random inserts and the page images
            # each package's SAVEPOINT keeps of them were a third of the writer's time
            for name in [*CHECK_INDEXES, *(MERGE_INDEXES if small else ())]:
                self.conn.execute(f"DROP INDEX IF EXISTS {name}")
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._checkpoints = Checkpointer(self.path, BUSY_TIMEOUT_S)

    def _stop_checkpoints(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.close()
            self._checkpoints = None
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT}")

    def finish_large_merge(self) -> None:
        """After a large merge (or what an interrupted one left): its indexes, then the figures and findings of
        the villages it touched.

        On one connection, at a million cases, that was 26 s of index builds and then 10 s of findings, on
        one core while the other stood idle. So the indexes the findings read are built and committed first;
        the findings are then made by reading alone on a connection of their own (``FindingsBeside``) while
        this one builds the other indexes, and are written with the figures in the last transaction. SQLite
        lets go of Python's lock while it steps a statement, so the two use both cores."""
        self._bits = None
        try:
            indexes = {**MERGE_INDEXES, **CHECK_INDEXES}
            with self.transaction():
                self._build_indexes(indexes[name] for name in FINDINGS_READ)
            if self._checkpoints is not None:  # the new indexes go into the file while the rest is done
                self._checkpoints.committed()
            beside = None
            try:
                with self.transaction():  # killed before this commits, the next open does it (derived_pending)
                    # begun inside the write transaction: no other merge commits between what the findings read
                    # and what this transaction reads (it waits for its snapshot)
                    beside = FindingsBeside(self.path, self.village_names()) if self._pending() else None
                    self._build_indexes(s for name, s in indexes.items() if name not in FINDINGS_READ)
                    self._refresh_pending(beside)
            finally:
                if beside is not None:
                    beside.close()
        finally:
            self._stop_checkpoints()

    def _build_indexes(self, statements: Iterable[str]) -> None:
        self.conn.execute(f"PRAGMA cache_size = {INDEX_BUILD_CACHE_KIB}")
        try:
            for statement in statements:
                self.conn.execute(statement)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")

    def _finish_pending(self) -> None:
        """What an interrupted merge left: its indexes, and the figures of the villages it touched."""
        if not self.check_indexes_present() or self._pending():
            self.finish_large_merge()

    # ------------------------------------------------------------ figures and findings kept by the merge

    def _pending(self) -> bool:
        return self.conn.execute("SELECT 1 FROM derived_pending").fetchone() is not None

    def _refresh_pending(self, beside: FindingsBeside | None = None) -> None:
        """Recompute the figures and findings of the villages marked in ``derived_pending``, inside the
        caller's transaction (after each batch; after a large merge, once, when its indexes are rebuilt, the
        findings made ``beside``)."""
        conn = self.conn
        if not self._pending():
            return
        from correspondent_app.exchange.hq_sqlite_checks import (apply_findings, refresh_findings,  # noqa: PLC0415
                                                                 refresh_protocol)

        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (installation TEXT PRIMARY KEY) WITHOUT ROWID")
        # the villages whose first package gave their figures and protocol findings are only checked across
        added_up = [r[0] for r in conn.execute("SELECT installation FROM derived_pending "
                                               "WHERE installation NOT IN (SELECT installation FROM derived_kept)")]
        for i in range(0, len(added_up), FIGURES_CHUNK):  # a chunk of villages at a time: memory stays flat
            conn.execute("DELETE FROM temp.touched")
            conn.executemany("INSERT INTO temp.touched VALUES (?)", [(p,) for p in added_up[i:i + FIGURES_CHUNK]])
            _refresh_figures(conn)
        conn.execute("DELETE FROM temp.touched")
        conn.executemany("INSERT INTO temp.touched VALUES (?)", [(p,) for p in added_up])
        refresh_protocol(conn, self.village_names())
        if beside is not None:
            apply_findings(conn, beside.result())
        else:
            conn.execute("DELETE FROM temp.touched")
            conn.execute("INSERT INTO temp.touched SELECT installation FROM derived_pending")
            refresh_findings(conn, self.village_names())
        conn.execute("DELETE FROM derived_pending")
        conn.execute("DELETE FROM derived_kept")

    def rebuild_derived(self) -> None:
        """Recompute every village's figures and findings (after the rows were changed behind the merge's back,
        or to compare with what the merges kept)."""
        with self.transaction():
            self.conn.execute("DELETE FROM derived_kept")
            self.conn.execute("INSERT OR IGNORE INTO derived_pending SELECT installation FROM villages")
            self.conn.execute("INSERT OR IGNORE INTO derived_pending SELECT DISTINCT installation FROM cases")
            self._build_indexes(CHECK_INDEXES.values())
            self._refresh_pending()

    def village_names(self) -> dict[str, str]:
        """installation -> "community (first 8 of its id)", read again after a registration and at each
        batch (another process may have registered villages)."""
        if self._names is None:
            self._names = {inst: f"{community or '?'} ({inst[:8]})" for inst, community in
                           self.conn.execute("SELECT installation, community FROM villages")}
        return self._names

    def aggregates(self) -> Aggregates:
        villages = [VillageFigures(inst, community or "", municipality or "", prefecture or "", category, *figures)
                    for inst, community, municipality, prefecture, category, *figures in self.conn.execute(
                        "SELECT a.installation, v.community, v.municipality, v.prefecture, a.category, a.cases, "
                        "a.certificates, a.voided, a.amount_cents FROM agg_village a "
                        "LEFT JOIN villages v ON v.installation = a.installation "
                        "ORDER BY v.prefecture, v.community, a.installation, a.category")]
        weeks = [WeekFigures(date.fromisoformat(week), category, n) for week, category, n in self.conn.execute(
            "SELECT week, category, SUM(certificates) FROM agg_week GROUP BY week, category ORDER BY week, category")]
        return Aggregates(villages, weeks)

    # ------------------------------------------------------------ worked findings

    def note_findings(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        """(id, kind, villages, text, first seen) of findings seen now; known ones keep their status."""
        self.conn.executemany("INSERT OR IGNORE INTO finding_status (id, kind, villages, text, first_seen) "
                              "VALUES (?, ?, ?, ?, ?)", rows)

    # ------------------------------------------------------------ verification

    def voided_certificates(self) -> list[tuple[str, str, str]]:
        """(installation, code, "no/year") of every voided certificate."""
        return self.conn.execute("SELECT installation, verification_code, protocol_no || '/' || protocol_year "
                                 "FROM certificates WHERE voided_at IS NOT NULL "
                                 "ORDER BY installation, protocol_year, protocol_no").fetchall()



def _in_order(uuids: list[str], found: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(uuid, owner) rows in the order of ``uuids`` (as the package has them), whichever way they were found."""
    position = {uuid: i for i, uuid in enumerate(uuids)}
    return sorted(found, key=lambda row: (position.get(row[0], len(position)), row[1]))


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _refresh_figures(conn: sqlite3.Connection) -> None:
    """agg_village and agg_week of the villages in temp.touched, from their rows: three reads of the
    (installation, …) covering indexes added up in Python (``hq_figures``), which is a tenth of what the same
    sums cost as joins in SQL over a million cases. CROSS JOIN keeps the touched villages the outer loop (no
    statistics on a temp table)."""
    figures, weeks = village_figures(
        conn.execute("SELECT k.installation, k.uuid, COALESCE(k.category, k.outcome, '') FROM temp.touched t "
                     "CROSS JOIN cases k ON k.installation = t.installation"),
        conn.execute("SELECT x.installation, x.case_uuid, x.voided_at IS NOT NULL, x.issued_on FROM temp.touched t "
                     "CROSS JOIN certificates x ON x.installation = t.installation"),
        conn.execute("SELECT y.installation, y.case_uuid, y.amount_cents FROM temp.touched t "
                     "CROSS JOIN payments y ON y.installation = t.installation WHERE y.amount_cents IS NOT NULL"))
    conn.execute("DELETE FROM agg_village WHERE installation IN (SELECT installation FROM temp.touched)")
    conn.execute("DELETE FROM agg_week WHERE installation IN (SELECT installation FROM temp.touched)")
    _insert_figures(conn, figures, weeks)


def _insert_figures(conn: sqlite3.Connection, figures: Figures, weeks: Weeks) -> None:
    conn.executemany("INSERT INTO agg_village (installation, category, cases, certificates, voided, amount_cents) "
                     "VALUES (?, ?, ?, ?, ?, ?)", [(*key, *values) for key, values in figures.items()])
    conn.executemany("INSERT INTO agg_week (installation, week, category, certificates) VALUES (?, ?, ?, ?)",
                     [(*key, n) for key, n in weeks.items()])
