"""The registry facade: one SQLite file, its services, its migrations.

    registry = Registry.open(path)
    person = registry.persons.add({...})
    case = registry.cases.open(person.id, facts)
    registry.payments.record_ate(case.id, "0623/300605/129009", Decimal("798.48"))
    cert = registry.certificates.issue(case.id)
"""

from __future__ import annotations

import functools
import getpass
import os
import sqlite3
from pathlib import Path

import sqlite_utils

from correspondent_app.i18n import _
from correspondent_app.registry import audit
from correspondent_app.registry.db import RegistryError, StorageError, connect, split_statements, storage_error, write
from correspondent_app.registry.ownership import hold_shared
from correspondent_app.registry.schema import MIGRATIONS, SCHEMA_VERSION


class Registry:
    """An open registry file and the services over it."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, actor: str, hold=None) -> None:
        from correspondent_app.registry.cases import Cases  # noqa: PLC0415 - services import this module
        from correspondent_app.registry.certificates import Certificates  # noqa: PLC0415
        from correspondent_app.registry.payments import Payments  # noqa: PLC0415
        from correspondent_app.registry.persons import Persons  # noqa: PLC0415
        from correspondent_app.registry.profile import Profiles  # noqa: PLC0415
        from correspondent_app.registry.protocol import ProtocolBook  # noqa: PLC0415
        from correspondent_app.registry.transmittals import Transmittals  # noqa: PLC0415

        self.db = db
        self.path = path
        self.actor = actor
        self._hold = hold  # this window's share of the file: a restore waits until it is released
        self.profile = Profiles(self)
        self.persons = Persons(self)
        self.cases = Cases(self)
        self.payments = Payments(self)
        self.protocol = ProtocolBook(self)
        self.certificates = Certificates(self)
        self.transmittals = Transmittals(self)

    @functools.cached_property
    def hq_lists(self):
        """HQ's lists: imported when first used, not at every start."""
        from correspondent_app.registry.hqlists import HqLists  # noqa: PLC0415

        return HqLists(self)

    @classmethod
    def open(cls, path: Path | str, *, actor: str | None = None, backup_dir: Path | None = None) -> Registry:
        """Open or create the registry at ``path``, migrating it to the current schema.

        A file of an older schema is backed up before it is migrated.
        """
        path = Path(path)
        if path.exists() and path.is_dir():
            raise StorageError(_("{path} is a folder, not a registry file.").format(path=path))
        _refuse_foreign_database(path)
        hold = None if str(path) == ":memory:" else hold_shared(path)
        try:
            db = connect(path)
            try:
                migrate(db, backup=lambda: _backup_before_migration(path, backup_dir))
                db.identity = _identity_check(db, path)
            except BaseException:
                db.conn.close()
                raise
        except BaseException:
            if hold is not None:
                hold.release()
            raise
        registry = cls(db, path, actor or _default_actor(), hold)
        if hold is not None:
            from correspondent_app.registry.backups import remove_stale_parts  # noqa: PLC0415

            remove_stale_parts(path, backup_dir)
        registry.persons.refresh_search_keys()
        registry.persons.compact_id_numbers()
        from correspondent_app.registry.keys import move_out_of_registry  # noqa: PLC0415 - v8: the key leaves the file

        move_out_of_registry(registry)
        return registry

    @classmethod
    def open_read_only(cls, path: Path | str, *, actor: str | None = None) -> Registry:
        """Open an existing registry to read it only: no migration, no write of any kind.

        For ``check``: looking at a file must not change it (not even its
        schema), and an older registry is looked at as it is.
        """
        path = Path(path)
        if not path.is_file():
            raise RegistryError(_("No registry at {path}.").format(path=path))
        _refuse_foreign_database(path)
        hold = hold_shared(path)  # None on a read-only medium, where nobody can restore over it either
        try:
            db = _connect_read_only(path)
        except BaseException:
            if hold is not None:
                hold.release()
            raise
        return cls(db, path, actor or _default_actor(), hold)

    def close(self) -> None:
        self.db.conn.close()
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self):
        """``with registry.write():`` one all-or-nothing change (BEGIN IMMEDIATE)."""
        return write(self.db)

    def audit(self, action: str, entity: str, entity_uuid: str = "", before=None, after=None) -> None:
        audit.record(self.db, self.actor, action, entity, entity_uuid, before, after)

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection, also to a file on a read-only medium (a CD, a write-protected stick).

    SQLite reads a WAL-mode file through its ``-shm`` index, which it must be
    able to create; where the medium cannot be written, nobody can change the
    file either, so it is opened as immutable.
    """
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)


def _connect_read_only(path: Path) -> sqlite_utils.Database:
    """A connection that cannot write, to a registry of a schema this application reads."""
    try:
        conn = open_for_reading(path)
        conn.execute("PRAGMA query_only = ON")
        db = sqlite_utils.Database(conn, execute_plugins=False)
        version = schema_version(db)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise RegistryError(
            _("This registry was written by a newer version of the application (schema {v}); update the application.").format(v=version)
        )
    if version == 0:  # an empty file, or SQLite with nothing of ours in it
        conn.close()
        raise RegistryError(_("{path} is not a registry (it holds no registry data).").format(path=path))
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise storage_error(exc) from exc


def _refuse_foreign_database(path: Path) -> None:
    """An SQLite file of another program (schema version 0 but tables) is never turned into a registry."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        conn = open_for_reading(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    if version == 0 and tables:
        raise RegistryError(_("{path} is a database of another program, not a registry: nothing was changed.").format(
            path=path))


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION, backup=lambda: None) -> None:
    """Apply the missing migrations in one transaction with the version bump.

    The version is read under the write lock, so instances started at the same
    moment on one file migrate it once: the others find it done. ``backup()``
    runs first, under the same lock, for a file of an older schema.
    """
    if schema_version(db) == target:
        return  # the usual start: no write lock taken just to find nothing to do
    with write(db) as conn:
        version = schema_version(db)
        if version > target:
            raise RegistryError(_("This registry was written by a newer version of the application (schema {v}); "
                                  "update the application.").format(v=version))
        if version == target:
            return
        if version > 0:
            backup()
        try:
            for step in range(version, target):
                for statement in split_statements(MIGRATIONS[step]):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        except sqlite3.Error as exc:
            raise storage_error(exc) from exc


def _backup_before_migration(path: Path, folder: Path | None) -> None:
    from correspondent_app.registry.backups import backup_before_migration  # noqa: PLC0415

    backup_before_migration(path, folder)


def generation(db: sqlite_utils.Database) -> str | None:
    """The file's generation: a random id that every restore replaces."""
    row = db.execute("SELECT value FROM generation WHERE id = 1").fetchone()
    return row[0] if row else None


def _identity_check(db: sqlite_utils.Database, path: Path):
    """A check, run under each write lock, that this is still the file (and generation) that was opened."""
    if str(path) == ":memory:":
        return None
    opened_generation, opened_file = generation(db), _file_id(path)

    def same() -> bool:
        return _file_id(path) == opened_file and generation(db) == opened_generation
    return same


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone (moved or deleted under us): not the file that was opened
    return st.st_dev, st.st_ino


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "correspondent"
