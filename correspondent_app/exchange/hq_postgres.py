"""HQ's storage on PostgreSQL, the head office's engine: the same methods and results as ``hq_sqlite``.

A head office where several people merge, work findings and answer
verification requests at once keeps its registry on a PostgreSQL server:
``open_store("postgresql://user@host/db")``. The tables mean what SQLite's
mean (schema 4 there): rows unique by ``(installation, uuid)`` with the whole
row as sent in ``data``, the chain of packages, the findings, HQ's key, and
the figures and cross-village findings every merge keeps up to date for the
villages it touched (``agg_village``, ``agg_week``, ``cross_findings``,
``cross_finding_villages``, ``derived_pending``).

What PostgreSQL does better is used where it matters:

- a package's rows go in by ``COPY`` into a temporary table and one
  ``INSERT … ON CONFLICT (installation, uuid) DO UPDATE`` from it;
- a merge batch is one transaction with a SAVEPOINT per package (the same
  all-or-nothing guarantee as on SQLite), and holds a transaction-level
  advisory lock for the whole batch: two merges (two terminals, two
  machines) take turns package batch by package batch, each package is checked
  against the chain under that lock with what the other merge committed, so
  none is merged twice and nothing can deadlock; a merge that cannot get the
  lock within ``BUSY_TIMEOUT_S`` answers busy (:class:`HqBusyError`), as on
  SQLite;
- readers (report, verification, findings) never wait for a merge (MVCC);
- nothing is dropped during a large merge (on SQLite the checks' indexes are):
  dropping an index would lock out the readers.

Text columns use the "C" collation so that texts compare and sort as
SQLite's do (by code point), whatever the server's locale.
"""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from datetime import date

from correspondent_app.exchange.hq_aggregates import Aggregates, VillageFigures, WeekFigures
from correspondent_app.exchange.hq_queries import SharedQueries
from correspondent_app.exchange.hq_store import BUSY, COLUMNS, HqBusyError, HqDatabaseError

try:  # only a head office running PostgreSQL needs psycopg
    import psycopg
    from psycopg import errors as pg_errors
except ImportError:  # pragma: no cover - psycopg is a dependency
    psycopg = None
    pg_errors = None

#: What marks a PostgreSQL database as an HQ database (``hq_meta``'s "application").
APPLICATION = "correspondent-hq"
SCHEMA_VERSION = 1  # the meaning of SQLite's schema 4
#: How long a merge waits for another one before it says that the HQ database is busy (as on SQLite).
BUSY_TIMEOUT_S = 30.0
#: The advisory lock a writing transaction holds (per database): "OGAH", as SQLite's application_id.
LOCK_KEY = 0x4F474148

_COLUMN_TYPES = {
    "persons": "passport_no TEXT, amka TEXT, surname_lat TEXT, name_lat TEXT, surname_el TEXT, birth_date TEXT, "
               "name_key TEXT",
    "cases": "person_uuid TEXT, state TEXT, category TEXT, outcome TEXT, amount_cents BIGINT",
    "payments": "case_uuid TEXT, receipt_code TEXT, amount_cents BIGINT",
    "certificates": "case_uuid TEXT, protocol_year BIGINT, protocol_no BIGINT, voided_at TEXT, issued_on TEXT, "
                    "verification_code TEXT",
    "protocol": "year BIGINT, number BIGINT, kind TEXT, entry_date TEXT",
}
_TABLES = [
    "CREATE TABLE IF NOT EXISTS hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS villages (installation TEXT PRIMARY KEY, public_key BYTEA NOT NULL, "
    "community TEXT NOT NULL, municipality TEXT NOT NULL DEFAULT '', prefecture TEXT NOT NULL DEFAULT '', "
    "registered_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS packages (manifest_sha256 TEXT PRIMARY KEY, "
    "installation TEXT NOT NULL REFERENCES villages (installation), sequence BIGINT NOT NULL, previous TEXT, "
    '"full" INTEGER NOT NULL, rows BIGINT NOT NULL, merged_at TEXT NOT NULL, UNIQUE (installation, sequence))',
    *(f"CREATE TABLE IF NOT EXISTS {t} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, uuid TEXT NOT NULL, "
      f"installation TEXT NOT NULL, {columns}, data TEXT NOT NULL, UNIQUE (installation, uuid))"
      for t, columns in _COLUMN_TYPES.items()),
    "CREATE TABLE IF NOT EXISTS protocol_start (installation TEXT NOT NULL, year BIGINT NOT NULL, "
    "first_number BIGINT NOT NULL, PRIMARY KEY (installation, year))",
    "CREATE TABLE IF NOT EXISTS findings (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, installation TEXT, "
    "package TEXT, kind TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL, "
    "UNIQUE (installation, package, kind, text))",
    "CREATE TABLE IF NOT EXISTS hq_key (id INTEGER PRIMARY KEY CHECK (id = 1), private_key BYTEA NOT NULL, "
    "public_key BYTEA NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS agg_village (installation TEXT NOT NULL, category TEXT NOT NULL, "
    "cases BIGINT NOT NULL, certificates BIGINT NOT NULL, voided BIGINT NOT NULL, amount_cents BIGINT NOT NULL, "
    "PRIMARY KEY (installation, category))",
    "CREATE TABLE IF NOT EXISTS agg_week (installation TEXT NOT NULL, week TEXT NOT NULL, category TEXT NOT NULL, "
    "certificates BIGINT NOT NULL, PRIMARY KEY (installation, week, category))",
    "CREATE TABLE IF NOT EXISTS cross_findings (kind TEXT NOT NULL, subject TEXT NOT NULL, position INTEGER NOT NULL, "
    "villages TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (kind, subject))",
    "CREATE TABLE IF NOT EXISTS cross_finding_villages (installation TEXT NOT NULL, kind TEXT NOT NULL, "
    "subject TEXT NOT NULL, PRIMARY KEY (installation, kind, subject))",
    "CREATE TABLE IF NOT EXISTS derived_pending (installation TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS finding_status (id TEXT PRIMARY KEY, kind TEXT NOT NULL, villages TEXT NOT NULL, "
    "text TEXT NOT NULL, first_seen TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT, note TEXT)",
    "CREATE TABLE IF NOT EXISTS village_key_changes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    "installation TEXT NOT NULL, old_public_key BYTEA NOT NULL, new_public_key BYTEA NOT NULL, "
    "changed_at TEXT NOT NULL)",
]
#: Every text column compares by code point, as SQLite's do.
SCHEMA = [re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', s) for s in _TABLES]
INDEXES = {
    **{f"{t}_uuid": f"CREATE INDEX IF NOT EXISTS {t}_uuid ON {t} (uuid)" for t in COLUMNS},
    "cases_person": "CREATE INDEX IF NOT EXISTS cases_person ON cases (installation, person_uuid)",
    "payments_case": "CREATE INDEX IF NOT EXISTS payments_case ON payments (installation, case_uuid)",
    "certificates_case": "CREATE INDEX IF NOT EXISTS certificates_case ON certificates (installation, case_uuid)",
    "protocol_number": "CREATE INDEX IF NOT EXISTS protocol_number ON protocol (installation, year, number, "
                       "entry_date)",
    "payments_receipt": "CREATE INDEX IF NOT EXISTS payments_receipt ON payments (receipt_code, installation)",
    "persons_passport": "CREATE INDEX IF NOT EXISTS persons_passport ON persons (passport_no, installation)",
    "persons_amka": "CREATE INDEX IF NOT EXISTS persons_amka ON persons (amka, installation)",
    "persons_name_key": "CREATE INDEX IF NOT EXISTS persons_name_key ON persons (name_key, installation)",
    "certificates_code": "CREATE INDEX IF NOT EXISTS certificates_code ON certificates (verification_code)",
    "cross_finding_subject": "CREATE INDEX IF NOT EXISTS cross_finding_subject ON cross_finding_villages "
                             "(kind, subject)",
}
#: ANALYZE of the data tables a batch has grown, for the role that merges (which does not own them): inside the
#: batch's transaction, so the figures and findings recomputed at its end are planned on what it wrote.
ANALYZE_FUNCTION = """
CREATE OR REPLACE FUNCTION hq_analyze(tables text[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        IF t IN ('persons', 'cases', 'payments', 'certificates', 'protocol') THEN
            EXECUTE format('ANALYZE %I.%I', {schema}, t);
        END IF;
    END LOOP;
END $$"""
#: A batch that adds more than this share of a table's rows (and at least ANALYZE_ROWS) analyzes it.
ANALYZE_SHARE = 0.25
ANALYZE_ROWS = 2000
#: The tables of an HQ database (what ``hq init-postgres`` grants on).
TABLES = [re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", s).group(1) for s in _TABLES]


def shown(dsn: str) -> str:
    """The address without its password (for messages and ``location``)."""
    parts = urllib.parse.urlsplit(dsn)
    if parts.password is None:
        return dsn
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def is_busy(exc: BaseException) -> bool:
    """A lock PostgreSQL did not grant within ``lock_timeout`` (or a deadlock it broke)."""
    return pg_errors is not None and isinstance(exc, (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected))


def _connect(dsn: str):
    if psycopg is None:  # pragma: no cover
        raise HqDatabaseError("PostgreSQL needs the Python package psycopg (pip install 'psycopg[binary]')")
    try:
        # prepare_threshold=None: every statement planned for its values and the tables as they are now; a
        # prepared plan made when a batch began (tables nearly empty: scans) would be kept as they grow
        return psycopg.connect(dsn, autocommit=True, prepare_threshold=None)
    except psycopg.Error as exc:
        raise HqDatabaseError(f"cannot connect to {shown(dsn)}: {str(exc).strip().splitlines()[0]}") from None


def _inspect(conn, where: str) -> tuple[str, int]:
    """('new' | 'hq', schema version), or raises HqDatabaseError for a database of another program."""
    if conn.execute("SELECT to_regclass('hq_meta')").fetchone()[0] is None:
        others = conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]
        if others:
            raise HqDatabaseError(f"{where} is not an HQ database (another program's tables): nothing was changed")
        return "new", 0
    meta = dict(conn.execute("SELECT key, value FROM hq_meta").fetchall())
    if meta.get("application") != APPLICATION:
        raise HqDatabaseError(f"{where} is not an HQ database (another program's tables): nothing was changed")
    return "hq", int(meta.get("schema", 0))


class PostgresStore(SharedQueries):
    """One HQ database on a PostgreSQL server (see the module's docstring); ``execute`` is for tests and tools."""

    engine = "postgresql"

    def __init__(self, conn, dsn: str, read_only: bool) -> None:
        self.conn, self.dsn, self.read_only = conn, dsn, read_only
        self.location = shown(dsn)
        self._upserts = 0  # upsert calls since the staging tables were last emptied
        self._grown: dict[str, int] = {}  # rows written per table by the open batch

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, dsn: str) -> PostgresStore:
        """Open an HQ database to write to it, creating its tables in an empty database (idempotent; two
        processes opening a new database at once create them once)."""
        conn = _connect(dsn)
        try:
            kind, version = _inspect(conn, shown(dsn))
            if version > SCHEMA_VERSION:
                raise HqDatabaseError(f"{shown(dsn)} was written by a newer version of the application "
                                      f"(HQ schema {version} on PostgreSQL)")
            # A merge runs many small statements whose estimated cost, on tables without statistics yet, can
            # exceed jit_above_cost: compiling them costs more than running them.
            conn.execute("SET jit = off")
            store = cls(conn, dsn, read_only=False)
            if kind == "new" or version < SCHEMA_VERSION or store._objects_missing():
                store._create()
            store._temporary_tables()
            store._finish_pending()
            return store
        except BaseException:
            conn.close()
            raise

    @classmethod
    def open_read_only(cls, dsn: str) -> PostgresStore:
        """Open an HQ database to read it only: every transaction of the session is read-only."""
        conn = _connect(dsn)
        try:
            conn.execute("SET default_transaction_read_only = on")
            kind, version = _inspect(conn, shown(dsn))
            if kind == "new":
                raise HqDatabaseError(f"no HQ database at {shown(dsn)}")
            if version != SCHEMA_VERSION:
                raise HqDatabaseError(f"{shown(dsn)} has HQ schema {version} on PostgreSQL, this application reads "
                                      f"{SCHEMA_VERSION}: " + ("merge into it once to bring it up to date "
                                                               "(nothing was changed)" if version < SCHEMA_VERSION
                                                               else "nothing was changed"))
            return cls(conn, dsn, read_only=True)
        except BaseException:
            conn.close()
            raise

    def _create(self) -> None:
        with self.transaction():
            for statement in [*SCHEMA, *INDEXES.values()]:
                self.conn.execute(statement)
            schema = self.conn.execute("SELECT quote_literal(current_schema())").fetchone()[0]
            self.conn.execute(ANALYZE_FUNCTION.replace("{schema}", schema))  # its tables, whoever calls it
            self.conn.execute("INSERT INTO hq_meta (key, value) VALUES ('application', %s), ('schema', %s) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              [APPLICATION, str(SCHEMA_VERSION)])

    def _temporary_tables(self) -> None:
        """This session's working tables (made outside any transaction: a rolled-back batch keeps them)."""
        for table, columns in _COLUMN_TYPES.items():  # the packages' rows on their way in, by upsert call
            self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS stage_{table} (k INTEGER NOT NULL, "
                              f"pos INTEGER NOT NULL, uuid TEXT, {columns}, data TEXT)")
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS stage_{table}_k ON pg_temp.stage_{table} (k)")
        for name in ("touched", "subjects"):  # the villages a batch touched; the findings' subjects to recompute
            self.conn.execute(f'CREATE TEMP TABLE IF NOT EXISTS {name} (value TEXT COLLATE "C" PRIMARY KEY)')

    def _objects_missing(self) -> bool:
        have = {r[0] for r in self.conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = "
                                                "current_schema()")}
        return not set(INDEXES) <= have or self.conn.execute("SELECT to_regproc('hq_analyze')").fetchone()[0] is None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def execute(self, sql: str, params: Iterable = ()):
        """Raw SQL, for tests and tools (``?`` placeholders, as on SQLite); HQ's own code uses the methods."""
        params = list(params)
        if not params:
            return self.conn.execute(sql)
        return self.conn.execute(sql.replace("%", "%%").replace("?", "%s"), params)

    # ------------------------------------------------------------ villages and keys

    def village_names(self) -> dict[str, str]:
        return {inst: f"{community or '?'} ({inst[:8]})"
                for inst, community in self.conn.execute("SELECT installation, community FROM villages")}

    def find_villages(self, prefix: str) -> list[str]:
        # SQLite's LIKE: ASCII letters in either case
        return [r[0] for r in self.conn.execute("SELECT installation FROM villages WHERE installation ILIKE %s || '%%'",
                                                [prefix])]

    def add_village(self, installation: str, key: bytes, community: str, municipality: str, prefecture: str,
                    at: str) -> None:
        self.conn.execute("INSERT INTO villages (installation, public_key, community, municipality, prefecture, "
                          "registered_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (installation) DO NOTHING",
                          [installation, key, community, municipality, prefecture, at])

    # ------------------------------------------------------------ the chain of packages

    # ------------------------------------------------------------ writing

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def _lock(self) -> None:
        """Inside a new transaction: HQ's write lock, waited for ``BUSY_TIMEOUT_S`` at most."""
        self.conn.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
        try:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        except psycopg.Error as exc:
            self.conn.execute("ROLLBACK")
            if is_busy(exc):
                raise HqBusyError(BUSY) from None
            raise
        self.conn.execute("SET LOCAL lock_timeout = 0")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction holding HQ's write lock: committed whole or not at all."""
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.conn.execute("COMMIT")

    def begin(self) -> None:
        """A merge batch's transaction, holding HQ's write lock until its commit; :class:`HqBusyError` when
        another merge held it for ``BUSY_TIMEOUT_S``."""
        self.conn.execute("BEGIN")
        self._lock()

    def commit(self) -> None:
        """Bring the touched villages' figures and findings up to date, then commit."""
        if not self.in_transaction:
            return
        try:
            self._analyze_grown()
            self._refresh_pending()
            self._empty_stage()
        except BaseException:
            self.rollback()
            raise
        self.conn.execute("COMMIT")

    def _analyze_grown(self) -> None:
        """Statistics for the tables this batch grew by a good share (a first, large merge: without them the
        figures and findings of its end would be planned blind)."""
        grown, self._grown = self._grown, {}
        if not grown:
            return
        known = dict(self.conn.execute("SELECT relname, reltuples FROM pg_class WHERE relnamespace = "
                                       "current_schema()::regnamespace AND relname = ANY(%s)", [list(grown)]))
        stale = [t for t, n in grown.items() if n >= ANALYZE_ROWS and n > ANALYZE_SHARE * max(known.get(t, -1), 0)]
        if stale:
            self.conn.execute("SELECT hq_analyze(%s)", [stale])

    def _empty_stage(self) -> None:
        if self._upserts:
            self.conn.execute("TRUNCATE " + ", ".join(f"pg_temp.stage_{t}" for t in _COLUMN_TYPES))
            self._upserts = 0

    def rollback(self) -> None:
        self._grown = {}
        if self.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def package_scope(self) -> Iterator[None]:
        """A SAVEPOINT: a package refused halfway leaves nothing of itself in the batch."""
        self.conn.execute("SAVEPOINT package")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO SAVEPOINT package")
            self.conn.execute("RELEASE SAVEPOINT package")
            raise
        self.conn.execute("RELEASE SAVEPOINT package")

    # Each UUID looked up in the index on its own (a LATERAL subquery kept apart by OFFSET 0): during a large
    # first merge the tables have no statistics yet and a join with the list would be planned as a scan of the
    # whole table per package; the rows come back in the order of the UUIDs given, as SQLite's json_each gives
    # (UUIDs are passed as one comma-separated text: cheaper to send than an array, and a UUID has no comma)
    def held_elsewhere(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]:
        """(uuid, owner) of the given UUIDs that HQ holds for another village and not for this one."""
        return self.conn.execute(
            "SELECT x.uuid, x.installation FROM unnest(string_to_array(%(u)s, ',')) WITH ORDINALITY AS j (uuid, n) "
            f"CROSS JOIN LATERAL (SELECT t.id, t.uuid, t.installation FROM {table} AS t WHERE t.uuid = j.uuid "
            f"AND t.installation != %(i)s AND NOT EXISTS (SELECT 1 FROM {table} AS o WHERE o.installation = %(i)s "
            "AND o.uuid = t.uuid) OFFSET 0) AS x ORDER BY j.n, x.id",
            {"u": ",".join(uuids), "i": installation}).fetchall()

    def shared_uuids(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]:
        """(uuid, owner) of the given UUIDs that another village sent too."""
        return self.conn.execute(
            "SELECT x.uuid, x.installation FROM unnest(string_to_array(%(u)s, ',')) WITH ORDINALITY AS j (uuid, n) "
            f"CROSS JOIN LATERAL (SELECT t.id, t.uuid, t.installation FROM {table} AS t WHERE t.uuid = j.uuid "
            "AND t.installation != %(i)s OFFSET 0) AS x ORDER BY j.n, x.id",
            {"u": ",".join(uuids), "i": installation}).fetchall()

    def upsert(self, table: str, installation: str, values: Iterable[list], *, new: bool = False) -> None:
        """Insert or replace this village's rows: each ``[uuid, *COLUMNS[table], data]`` (COPY into a temporary
        table, then one INSERT … ON CONFLICT; a UUID sent twice in one package: the last row counts, as on
        SQLite)."""
        columns = COLUMNS[table]
        stage = f"pg_temp.stage_{table}"
        # The staging tables are emptied once per batch (``commit``): emptying them per package costs more
        # (TRUNCATE makes a new file each time; DELETE leaves rows nothing vacuums in a temporary table).
        self._upserts += 1
        k = self._upserts
        listed = ", ".join(columns)
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {stage} (k, pos, uuid, {listed}, data) FROM STDIN") as copy:
                for pos, row in enumerate(values):
                    copy.write_row((k, pos, *row))
            cur.execute(
                f"INSERT INTO {table} (uuid, installation, {listed}, data) "
                f"SELECT DISTINCT ON (uuid) uuid, %s, {listed}, data FROM {stage} WHERE k = %s "
                "ORDER BY uuid, pos DESC ON CONFLICT (installation, uuid) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in (*columns, "data")), [installation, k])
            self._grown[table] = self._grown.get(table, 0) + max(cur.rowcount, 0)

    def set_protocol_start(self, installation: str, year: int, first: int) -> None:
        self.conn.execute("INSERT INTO protocol_start (installation, year, first_number) VALUES (%s, %s, %s) "
                          "ON CONFLICT (installation, year) DO UPDATE SET first_number = excluded.first_number",
                          [installation, year, first])

    def add_package(self, digest: str, installation: str, sequence: int, previous: str | None, full: bool,
                    rows: int, at: str) -> None:
        self.conn.execute('INSERT INTO packages (manifest_sha256, installation, sequence, previous, "full", rows, '
                          "merged_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                          [digest, installation, sequence, previous, int(full), rows, at])
        self.conn.execute("INSERT INTO derived_pending (installation) VALUES (%s) ON CONFLICT DO NOTHING",
                          [installation])

    def record_finding(self, installation: str, package: str, kind: str, text: str, at: str) -> None:
        self.conn.execute("INSERT INTO findings (installation, package, kind, text, at) VALUES (%s, %s, %s, %s, %s) "
                          "ON CONFLICT DO NOTHING", [installation, package, kind, text, at])

    # ------------------------------------------------------------ large merges

    def start_large_merge(self, packages: int) -> None:
        """Nothing on PostgreSQL: dropping an index would lock the readers out, and its upkeep is cheap here."""

    def finish_large_merge(self) -> None:
        """After a large merge: the figures of villages a stopped merge left pending (indexes are never dropped)."""
        self._finish_pending()

    def keep_package_figures(self, installation: str, kept) -> None:
        """Nothing: each batch adds up its villages' figures in SQL on the server (``_refresh_figures``), which
        is where PostgreSQL's time goes anyway; the reader's sums are SQLite's shortcut."""

    def _finish_pending(self) -> None:
        if self.conn.execute("SELECT 1 FROM derived_pending LIMIT 1").fetchone():
            with self.transaction():
                self._refresh_pending()

    # ------------------------------------------------------------ figures and findings kept by the merge

    def _refresh_pending(self) -> None:
        """Recompute the figures and findings of the villages marked in ``derived_pending``, inside the caller's
        transaction (which holds the write lock)."""
        conn = self.conn
        touched = [r[0] for r in conn.execute("SELECT installation FROM derived_pending")]
        if not touched:
            return
        conn.execute("DELETE FROM pg_temp.touched")
        conn.execute("INSERT INTO pg_temp.touched SELECT unnest(%s::text[])", [touched])
        conn.execute("ANALYZE pg_temp.touched")
        _refresh_figures(conn)
        from correspondent_app.exchange.hq_postgres_checks import refresh_findings  # noqa: PLC0415

        refresh_findings(conn, self.village_names())
        conn.execute("DELETE FROM derived_pending")

    def rebuild_derived(self) -> None:
        """Recompute every village's figures and findings."""
        with self.transaction():
            self.conn.execute("INSERT INTO derived_pending SELECT installation FROM villages ON CONFLICT DO NOTHING")
            self.conn.execute("INSERT INTO derived_pending SELECT DISTINCT installation FROM cases "
                              "ON CONFLICT DO NOTHING")
            self._refresh_pending()

    def aggregates(self) -> Aggregates:
        villages = [VillageFigures(inst, community or "", municipality or "", prefecture or "", category, *figures)
                    for inst, community, municipality, prefecture, category, *figures in self.conn.execute(
                        "SELECT a.installation, v.community, v.municipality, v.prefecture, a.category, a.cases, "
                        "a.certificates, a.voided, a.amount_cents FROM agg_village a "
                        "LEFT JOIN villages v ON v.installation = a.installation "
                        "ORDER BY v.prefecture NULLS FIRST, v.community NULLS FIRST, a.installation, a.category")]
        weeks = [WeekFigures(date.fromisoformat(week), category, n) for week, category, n in self.conn.execute(
            "SELECT week, category, SUM(certificates)::bigint FROM agg_week GROUP BY week, category "
            "ORDER BY week, category")]
        return Aggregates(villages, weeks)

    # ------------------------------------------------------------ worked findings

    def note_findings(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany("INSERT INTO finding_status (id, kind, villages, text, first_seen) "
                                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING", rows)

    # ------------------------------------------------------------ verification

    def voided_certificates(self) -> list[tuple[str, str, str]]:
        return self.conn.execute("SELECT installation, verification_code, protocol_no || '/' || protocol_year "
                                 "FROM certificates WHERE voided_at IS NOT NULL "
                                 "ORDER BY installation, protocol_year NULLS FIRST, protocol_no NULLS FIRST").fetchall()



def _refresh_figures(conn) -> None:
    """agg_village and agg_week of the villages in pg_temp.touched, from their rows."""
    conn.execute("DELETE FROM agg_village WHERE installation IN (SELECT value FROM pg_temp.touched)")
    conn.execute("DELETE FROM agg_week WHERE installation IN (SELECT value FROM pg_temp.touched)")
    conn.execute(
        "INSERT INTO agg_village (installation, category, cases, certificates, voided, amount_cents) "
        "SELECT k.installation, COALESCE(k.category, k.outcome, ''), COUNT(*), COALESCE(SUM(x.live), 0), "
        " COALESCE(SUM(x.voided), 0), COALESCE(SUM(y.amount), 0) "
        "FROM pg_temp.touched t JOIN cases k ON k.installation = t.value "
        "LEFT JOIN (SELECT c.installation, c.case_uuid, COUNT(*) FILTER (WHERE c.voided_at IS NULL) AS live, "
        "  COUNT(*) FILTER (WHERE c.voided_at IS NOT NULL) AS voided "
        "  FROM pg_temp.touched t2 JOIN certificates c ON c.installation = t2.value GROUP BY 1, 2) x "
        " ON x.installation = k.installation AND x.case_uuid = k.uuid "
        "LEFT JOIN (SELECT p.installation, p.case_uuid, SUM(p.amount_cents) AS amount "
        "  FROM pg_temp.touched t3 JOIN payments p ON p.installation = t3.value GROUP BY 1, 2) y "
        " ON y.installation = k.installation AND y.case_uuid = k.uuid "
        "GROUP BY 1, 2")
    conn.execute(
        "INSERT INTO agg_week (installation, week, category, certificates) "
        "SELECT x.installation, to_char(date_trunc('week', x.issued_on::date), 'YYYY-MM-DD'), "
        " COALESCE(k.category, k.outcome, ''), COUNT(*) FROM pg_temp.touched t "
        "JOIN certificates x ON x.installation = t.value "
        "JOIN cases k ON k.installation = x.installation AND k.uuid = x.case_uuid "
        r"WHERE x.voided_at IS NULL AND x.issued_on ~ '^\d{4}-\d{2}-\d{2}$' GROUP BY 1, 2, 3")


def init_postgres(dsn: str, merge_role: str = "hq_merge", read_role: str = "hq_read") -> list[str]:
    """``hq init-postgres``: the HQ tables (as the role of ``dsn``, which owns them), a login role that merges
    (reads and writes the rows, no DDL) and a read-only login role (report, verify); idempotent. Their
    passwords (or other authentication) are the server administrator's (``ALTER ROLE … PASSWORD``,
    pg_hba.conf). Returns what was done, one line each."""
    from psycopg import sql  # noqa: PLC0415

    for role in (merge_role, read_role):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise HqDatabaseError(f"{role!r} is not a role name this command makes (lower-case letters, digits, _)")
    if merge_role == read_role:
        raise HqDatabaseError("the merge role and the read-only role must be two roles")
    PostgresStore.open(dsn).close()  # the tables, once
    done = []
    conn = _connect(dsn)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            database, schema = conn.execute("SELECT current_database(), current_schema()").fetchone()
            for role in (merge_role, read_role):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is None:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
                                 .format(sql.Identifier(role)))
                    done.append(f"role {role} created")
                else:
                    done.append(f"role {role} already there")
                conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}")
                             .format(sql.Identifier(database), sql.Identifier(role)))
                conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema),
                                                                              sql.Identifier(role)))
            tables = sql.SQL(", ").join(sql.Identifier(schema, t) for t in TABLES)
            conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}")
                         .format(tables, sql.Identifier(merge_role)))
            conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(tables, sql.Identifier(read_role)))
            # a read-only role's sessions are read-only whatever its client asks
            conn.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} SET default_transaction_read_only = on")
                         .format(sql.Identifier(read_role), sql.Identifier(database)))
            done.append(f"{merge_role} may read and write the HQ tables of {database}; {read_role} may only read them")
    finally:
        conn.close()
    return done
