"""The registry's SQLite connection: pragmas, transactions, errors.

The registry is the correspondent's legal record, so the connection is set
up for durability over speed: WAL journal, ``synchronous=FULL``, foreign
keys on. Python's sqlite3 runs in autocommit mode (``isolation_level=None``)
and every write goes through :func:`write`, which opens ``BEGIN IMMEDIATE``:
the write lock is taken at the start, so two app instances on one file
queue up instead of failing half-way with "database is locked" (a deferred
BEGIN would only take it at the first write). Nested calls become
savepoints.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from correspondent_app.i18n import _

#: How long a writer waits for another instance's transaction (ms).
BUSY_TIMEOUT_MS = 15_000


class RegistryError(Exception):
    """A registry operation failed; the message tells the user what to do."""


class StorageError(RegistryError):
    """The file cannot be written: disk full, read-only folder, damaged file."""


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) the registry file with the registry's pragmas."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = _switch_to_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    if str(path) != ":memory:" and mode.lower() != "wal":
        raise StorageError(_("The registry {path} could not be opened for safe writing.").format(path=path))
    # No sqlite-utils plugins: whatever happens to be installed must not
    # change how the legal record's connection behaves (and looking them up
    # scans every installed package's metadata, a tenth of start-up).
    return sqlite_utils.Database(conn, execute_plugins=False)


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """Put the file in WAL mode, waiting like any writer for another instance that is creating it.

    Changing the journal mode does not go through the busy handler: three
    instances starting on a new file at once would otherwise have two of them
    fail at once with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements, to run them inside one transaction
    (``executescript`` would COMMIT on its own first)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


_savepoints = itertools.count(1)


@contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT``.

    Inside an open transaction it nests as a savepoint, so a service may call
    another service's write and still commit once.
    """
    conn = db.conn
    savepoint = f"sp{next(_savepoints)}" if conn.in_transaction else None
    try:
        conn.execute(f"SAVEPOINT {savepoint}" if savepoint else "BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc) from exc
    try:
        if savepoint is None:
            _still_the_same_file(db, conn)
        yield conn
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        _rollback(conn, savepoint)  # rule violations and our own bugs keep their own type
        raise
    except sqlite3.Error as exc:
        # Disk full, I/O error, read-only file...: roll back and say what to do.
        _rollback(conn, savepoint)
        raise storage_error(exc) from exc
    except BaseException:
        _rollback(conn, savepoint)
        raise
    try:
        conn.execute(f"RELEASE {savepoint}" if savepoint else "COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn, savepoint)
        raise storage_error(exc) from exc


class RegistryReplaced(StorageError):
    """The file this window opened was replaced (a restore elsewhere): it must not write on."""


def _still_the_same_file(db: sqlite_utils.Database, conn: sqlite3.Connection) -> None:
    """Refuse to write into a registry replaced since it was opened.

    ``db.identity`` (set by the registry when it opens the file) is the
    file's generation (a random id every restore replaces) and the file's
    identity on disk (a copy put in its place is another file). Checked under
    the write lock, so no restore can slip in between the check and the write.
    """
    identity = getattr(db, "identity", None)
    if identity is not None and identity() is not True:
        raise RegistryReplaced(_("The registry file was replaced (restored from a backup or copied over) since "
                                 "this window opened it; nothing was saved. Close the application and open it "
                                 "again to work on the registry as it is now."))


def _rollback(conn: sqlite3.Connection, savepoint: str | None) -> None:
    try:
        if savepoint:
            conn.execute(f"ROLLBACK TO {savepoint}")
            conn.execute(f"RELEASE {savepoint}")
        elif conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        # SQLite may already have rolled back (e.g. after SQLITE_FULL): nothing left to undo.
        pass


def storage_error(exc: sqlite3.Error, path: Path | str | None = None) -> RegistryError:
    """Turn a low-level SQLite error into a message the user can act on."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    where = f" ({path})" if path else ""
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or "database or disk is full" in text:
        return StorageError(_("The disk is full: nothing was saved. Free some space and try again.") + where)
    if code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return StorageError(_("The registry file cannot be written (read-only folder or file): nothing was saved.") + where)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return StorageError(_("The registry is busy in another window; try again in a moment.") + where)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return StorageError(_("The registry file is damaged or is not a registry: restore it from a backup.") + where)
    if code == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return StorageError(_("The registry file cannot be opened: check that its folder exists and is writable.") + where)
    return StorageError(_("The registry could not be saved: {error}").format(error=exc) + where)
