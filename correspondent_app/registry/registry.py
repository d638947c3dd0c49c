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
import sqlite3
from pathlib import Path

import sqlite_utils

from correspondent_app.i18n import _
from correspondent_app.registry import audit
from correspondent_app.registry.db import RegistryError, StorageError, connect, split_statements, storage_error, write
from correspondent_app.registry.schema import MIGRATIONS, SCHEMA_VERSION


class Registry:
    """An open registry file and the services over it."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, actor: str) -> None:
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
        db = connect(path)
        version = schema_version(db)
        if version > SCHEMA_VERSION:
            db.conn.close()
            raise RegistryError(
                _("This registry was written by a newer version of the application (schema {v}); update the application.").format(v=version)
            )
        if 0 < version < SCHEMA_VERSION:
            from correspondent_app.registry.backups import backup_before_migration  # noqa: PLC0415

            backup_before_migration(db, path, backup_dir)
        migrate(db)
        registry = cls(db, path, actor or _default_actor())
        registry.persons.refresh_search_keys()
        registry.persons.compact_id_numbers()
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
        try:
            conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
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
        return cls(db, path, actor or _default_actor())

    def close(self) -> None:
        self.db.conn.close()

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
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
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


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> None:
    """Apply the missing migrations, each in one transaction with its version bump."""
    while (version := schema_version(db)) < target:
        with write(db) as conn:
            try:
                for statement in split_statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            except sqlite3.Error as exc:
                raise storage_error(exc) from exc


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "correspondent"
