"""Backups of the registry with SQLite's online backup API, and verified restore.

A backup is written to a temporary file beside its destination, checked with
``PRAGMA integrity_check`` and only then renamed into place, so a backup
that exists is whole. Automatic backups go to ``backups/`` next to the
registry: at most one a day (:func:`auto_backup`) and one before every
migration; the newest :data:`KEEP` are kept.

Restore verifies the file first (integrity, a registry schema this
application reads, an intact audit chain), saves the current registry
aside, then copies the backup *into* the registry through the backup API,
which SQLite keeps consistent with the WAL.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from correspondent_app.i18n import _
from correspondent_app.registry.db import RegistryError, StorageError, storage_error

KEEP = 30
AUTO_EVERY = timedelta(days=1)
_SUFFIX = ".sqlite"


def default_backup_dir(registry_path: Path) -> Path:
    return registry_path.parent / "backups"


BACKUP_STEP_PAGES = 1024  # 4 MiB a step: progress and Cancel every fraction of a second


def backup_to(db: sqlite_utils.Database, destination: Path | str,
              progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the open registry to ``destination`` (checked before it appears there).

    ``progress(done, total)`` hears of each step in pages; an exception it
    raises (the clerk cancelled) stops the copy and leaves no file behind.
    """
    def copy(target: sqlite3.Connection) -> None:
        if progress is None:
            db.conn.backup(target)
        else:
            db.conn.backup(target, pages=BACKUP_STEP_PAGES,
                           progress=lambda _status, remaining, total: progress(total - remaining, total))

    destination = Path(destination)
    _verified_copy(copy, destination, _("The backup copy did not verify: {problems}"),
                   _("The backup could not be written to {path}: {error}"))
    return destination


def _verified_copy(copy: Callable[[sqlite3.Connection], None], destination: Path, not_verified: str,
                   not_written: str, before_replace: Callable[[], None] = lambda: None) -> None:
    """``copy`` a registry into a new file beside ``destination``, check it, and only then put it in place.

    So a file that exists at ``destination`` is whole: a failure, a full disk
    or a Cancel leaves no half copy, and whatever was there stays.
    """
    temporary = destination.with_name(destination.name + ".part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        target = sqlite3.connect(str(temporary))
        try:
            copy(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        problems = check_file(temporary)
        if problems:
            raise StorageError(not_verified.format(problems="; ".join(problems)))
        before_replace()
        os.replace(temporary, destination)
    except sqlite3.Error as exc:
        temporary.unlink(missing_ok=True)
        raise storage_error(exc, destination) from exc
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(not_written.format(path=destination, error=exc.strerror or exc)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)  # cancelled: no half copy left beside the good ones
        raise


def check_file(path: Path | str, *, audit_chain: bool = True) -> list[str]:
    """Problems that make ``path`` unusable as a registry (empty when fine)."""
    from correspondent_app.registry import audit  # noqa: PLC0415
    from correspondent_app.registry.schema import SCHEMA_VERSION  # noqa: PLC0415

    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            return [f"integrity_check: {r[0]}" for r in result[:5]]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not 1 <= version <= SCHEMA_VERSION:
            return [_("not a registry of this application (schema {v})").format(v=version)]
        return audit.verify(sqlite_utils.Database(conn, execute_plugins=False)) if audit_chain else []
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


def backups_in(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


def last_backup_time(folder: Path) -> datetime | None:
    found = backups_in(folder)
    return datetime.fromtimestamp(found[0].stat().st_mtime) if found else None


def _stamped(folder: Path, label: str) -> Path:
    return folder / f"registry-{datetime.now():%Y%m%d-%H%M%S}-{label}{_SUFFIX}"


def rotate(folder: Path, keep: int = KEEP) -> None:
    """Keep the newest ``keep`` daily backups; copies made before a migration or a restore are never rotated
    (they are few, and they are what a clerk needs when an update or a restore went wrong)."""
    for old in [p for p in backups_in(folder) if p.name.endswith(f"-daily{_SUFFIX}")][keep:]:
        old.unlink(missing_ok=True)


def auto_backup(registry, folder: Path | None = None, progress: Callable[[int, int], None] | None = None) -> Path | None:
    """Make the day's backup if the last one is older than a day."""
    folder = folder or default_backup_dir(registry.path)
    last = last_backup_time(folder)
    if last is not None and datetime.now() - last < AUTO_EVERY:
        return None
    made = backup_to(registry.db, _stamped(folder, "daily"), progress)
    rotate(folder)
    return made


def backup_before_migration(db: sqlite_utils.Database, path: Path, folder: Path | None = None) -> Path:
    made = backup_to(db, _stamped(folder or default_backup_dir(path), "pre-migration"))
    rotate(folder or default_backup_dir(path))
    return made


def restore(source: Path | str, registry_path: Path | str, folder: Path | None = None) -> Path | None:
    """Replace the registry at ``registry_path`` with the backup ``source``.

    Nothing is replaced unless the backup verifies. The current registry is
    saved to the backup folder first; its path is returned.
    """
    source, registry_path = Path(source), Path(registry_path)
    if not source.is_file():
        raise RegistryError(_("The backup {path} does not exist.").format(path=source))
    problems = check_file(source)
    if problems:
        raise RegistryError(_("The backup {path} cannot be restored: {problems}. Nothing was changed.").format(
            path=source, problems="; ".join(problems)))
    folder = folder or default_backup_dir(registry_path)
    if registry_path.is_file() and registry_path.stat().st_size > 0 and _damaged(registry_path):
        # Damaged (or not SQLite at all): SQLite cannot copy it, so it is kept aside
        # byte for byte, and the registry file is rebuilt from the backup.
        saved = _set_aside(registry_path, folder)
        _rebuild_from(source, registry_path)
        return saved
    from correspondent_app.registry.db import connect  # noqa: PLC0415

    saved = None
    target = connect(registry_path)
    try:
        if registry_path.stat().st_size > 0 and target.execute("PRAGMA user_version").fetchone()[0] > 0:
            saved = backup_to(target, _stamped(folder, "before-restore"))
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            src.backup(target.conn)
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise storage_error(exc, registry_path) from exc
    finally:
        target.conn.close()
    return saved


_SIDE_FILES = ("-wal", "-shm")


def _damaged(path: Path) -> bool:
    """Is the file damaged or not SQLite at all (so SQLite cannot copy it)?

    Busy, locked or unreadable is not damaged: that is said, and nothing is
    replaced under another window that has the registry open.
    """
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc).lower()
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
            return True
        raise storage_error(exc, path) from exc


def _set_aside(registry_path: Path, folder: Path) -> Path:
    """A plain copy of a damaged registry (and its WAL) in the backup folder, for whoever will look at it."""
    aside = _stamped(folder, "damaged-before-restore")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(registry_path, aside)
        for suffix in _SIDE_FILES:
            side = Path(f"{registry_path}{suffix}")
            if side.exists():
                shutil.copy2(side, Path(f"{aside}{suffix}"))
    except OSError as exc:
        raise StorageError(_("The damaged registry could not be saved aside in {path}: {error}. Nothing was "
                             "changed.").format(path=folder, error=exc.strerror or exc)) from exc
    return aside


def _rebuild_from(source: Path, registry_path: Path) -> None:
    """Write the backup to a new file beside the registry, verify it, then put it in the registry's place."""
    def copy(target: sqlite3.Connection) -> None:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            src.backup(target)
        finally:
            src.close()

    def drop_side_files() -> None:  # the damaged file's WAL must not be replayed into the restored one
        for suffix in _SIDE_FILES:
            Path(f"{registry_path}{suffix}").unlink(missing_ok=True)

    _verified_copy(copy, registry_path, _("The restored copy did not verify: {problems}"),
                   _("The registry could not be restored into {path}: {error}"), before_replace=drop_side_files)
