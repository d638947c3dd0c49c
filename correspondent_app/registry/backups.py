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

import hashlib
import itertools
import os
import shutil
import sqlite3
import socket
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
                   not_written: str, before_replace: Callable[[], None] = lambda: None, *, sealed: bool = True) -> None:
    """``copy`` a registry into a new file beside ``destination``, seal it, check it, and only then put it in place.

    So a file that exists at ``destination`` is whole: a failure, a full disk
    or a Cancel leaves no half copy, and whatever was there stays. The
    temporary file's name is this process's own (two copies at once never
    share one), and :func:`remove_stale_parts` clears those of a killed one.
    """
    from correspondent_app.registry import seal  # noqa: PLC0415

    temporary = destination.with_name(f"{destination.name}.{_host()}.{os.getpid()}.{os.urandom(4).hex()}"
                                      f"{_PART}")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(str(temporary))
        try:
            copy(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if sealed:
            seal.seal(temporary)
        problems = check_backup(temporary) if sealed else check_file(temporary)
        if problems:
            raise StorageError(not_verified.format(problems="; ".join(problems)))
        before_replace()
        os.replace(temporary, destination)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)  # failed or cancelled: no half copy left beside the good ones
        _unclaim(destination)
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc, destination) from exc
        if isinstance(exc, OSError):
            raise StorageError(not_written.format(path=destination, error=exc.strerror or exc)) from exc
        raise


_PART = ".part"


def _unclaim(destination: Path) -> None:
    """Remove the empty name :func:`_stamped` claimed for a backup that was not made."""
    try:
        if destination.is_file() and destination.stat().st_size == 0:
            destination.unlink()
    except OSError:
        pass


def _host() -> str:
    return socket.gethostname().replace(".", "_")


def remove_stale_parts(registry_path: Path, backup_folder: Path | None = None) -> list[Path]:
    """Delete the half-written copies a killed backup or restore of this PC left behind.

    Only our own names are looked at (a restore's copy beside the registry,
    backups' copies in the backup folder). A copy being written by a live
    process (its PC and process id are in its name) is left alone; so is one
    of another PC, unless it is a day old.
    """
    removed = []
    host = _host()
    backup_folder = backup_folder or default_backup_dir(registry_path)
    for folder, pattern in ((registry_path.parent, f"{registry_path.name}.*{_PART}"),
                            (backup_folder, f"registry-*{_PART}")):
        try:
            parts = list(folder.glob(pattern))
        except OSError:
            continue
        for part in parts:
            if _writer_alive(part, host):
                continue
            try:
                part.unlink()
                removed.append(part)
            except OSError:
                pass
    return removed


def _writer_alive(part: Path, host: str) -> bool:
    from correspondent_app.registry.ownership import process_alive  # noqa: PLC0415

    pieces = part.name[: -len(_PART)].split(".")
    if len(pieces) >= 4 and pieces[-2].isdigit():
        if pieces[-3] == host:
            return process_alive(int(pieces[-2]))
    try:
        return datetime.now().timestamp() - part.stat().st_mtime < 86_400
    except OSError:
        return False


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
    """A new backup's name: the time, and a number when two are made in the same second (never overwritten)."""
    stamp = f"registry-{datetime.now():%Y%m%d-%H%M%S}"
    for n in itertools.count(1):
        candidate = folder / (f"{stamp}-{label}{_SUFFIX}" if n == 1 else f"{stamp}-{n}-{label}{_SUFFIX}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            candidate.touch(exist_ok=False)  # claimed: a backup made at the same moment takes the next number
        except FileExistsError:
            continue
        except OSError:
            return candidate  # the copy itself will say why the folder cannot be written
        return candidate
    raise AssertionError("unreachable")


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


def backup_before_migration(path: Path, folder: Path | None = None) -> Path:
    """Back up the file as last committed, from a connection of its own.

    Called while the migrating connection holds the write lock: in WAL a
    reader still sees the file as it was, and no other instance can migrate
    it in between (they wait, then find it migrated).
    """
    reader = sqlite_utils.Database(sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True),
                                   execute_plugins=False)
    try:
        made = backup_to(reader, _stamped(folder or default_backup_dir(path), "pre-migration"))
    finally:
        reader.conn.close()
    rotate(folder or default_backup_dir(path))
    return made


def restore(source: Path | str, registry_path: Path | str, folder: Path | None = None, *,
            actor: str = "correspondent", other_office: bool = False) -> Path | None:
    """Replace the registry at ``registry_path`` with the backup ``source``.

    Nothing is replaced unless the backup verifies (its seal, its integrity,
    its audit chain), nobody else has the registry open, and the backup is of
    this office (``other_office=True`` is the separate, named action of
    moving an office to this PC). The current registry is saved to the
    backup folder first; its path is returned. The restored file gets a new
    generation, so an instance that somehow still held the old one writes
    nothing into it.
    """
    source, registry_path = Path(source), Path(registry_path)
    if not source.is_file():
        raise RegistryError(_("The backup {path} does not exist.").format(path=source))
    problems = check_backup(source)
    if problems:
        raise RegistryError(_("The backup {path} cannot be restored: {problems}. Nothing was changed.").format(
            path=source, problems="; ".join(problems)))
    from correspondent_app.registry.ownership import hold_exclusive  # noqa: PLC0415

    hold = hold_exclusive(registry_path)
    try:
        if not other_office:
            refuse_other_office(source, registry_path)
        saved = _save_current(registry_path, folder or default_backup_dir(registry_path))
        _rebuild_from(source, registry_path, actor)
    finally:
        hold.release()
    return saved


def check_backup(path: Path) -> list[str]:
    """What makes ``path`` unfit to restore: a broken seal, a damaged file, a broken audit chain."""
    from correspondent_app.registry import seal  # noqa: PLC0415

    try:
        seal.verify(path)  # an older backup has no seal: it gets the checks below only
    except (seal.SealBroken, OSError) as exc:
        return [_("it is not the backup that was made: it was changed or cut short ({error})").format(error=exc)]
    return check_file(path)


def _save_current(registry_path: Path, folder: Path) -> Path | None:
    """Keep the registry about to be replaced: a verified backup, or a plain copy when it is damaged."""
    if not registry_path.is_file() or registry_path.stat().st_size == 0:
        return None
    if _damaged(registry_path):
        # Damaged (or not SQLite at all): SQLite cannot copy it, so it is kept aside byte for byte.
        return _set_aside(registry_path, folder)
    reader = sqlite_utils.Database(sqlite3.connect(f"file:{registry_path.as_posix()}?mode=ro", uri=True),
                                   execute_plugins=False)
    try:
        if reader.execute("PRAGMA user_version").fetchone()[0] == 0:
            return None  # a new, empty registry: nothing to keep
        return backup_to(reader, _stamped(folder, "before-restore"))
    except sqlite3.Error as exc:
        raise storage_error(exc, registry_path) from exc
    finally:
        reader.conn.close()


def office_of(path: Path) -> dict | None:
    """The office a registry or backup belongs to (installation id, community, key), or ``None`` if not set up."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT uuid, community, municipality FROM profile WHERE id = 1").fetchone()
        key = conn.execute("SELECT public_key FROM installation_key WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    fingerprint = hashlib.sha256(bytes(key[0])).hexdigest()[:16] if key else ""
    return {"installation": row[0], "community": row[1], "municipality": row[2], "key": fingerprint}


def describe_office(office: dict) -> str:
    text = _("{community} ({municipality}), installation {installation}").format(**office)
    return text + (_(", key {key}").format(key=office["key"]) if office["key"] else "")


def refuse_other_office(source: Path, registry_path: Path) -> None:
    """A backup of another office is not restored over this one (it would take over its identity and key)."""
    if not registry_path.is_file():
        return
    ours, theirs = office_of(registry_path), office_of(source)
    if ours is None or theirs is None:
        return  # a registry not yet set up (a new PC) or a backup made before set-up: nobody is impersonated
    if ours["installation"] != theirs["installation"]:  # not the key: a re-keyed office is still the same office
        raise RegistryError(_(
            "This backup belongs to another office: {theirs}. This PC's registry is {ours}. Nothing was changed. "
            "To move that office to this PC, use «Move an office to this PC» (correspondent-app move-office), "
            "which shows both and replaces this office's registry.").format(
                theirs=describe_office(theirs), ours=describe_office(ours)))


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


def _rebuild_from(source: Path, registry_path: Path, actor: str) -> None:
    """Write the backup to a new file beside the registry, renew it, verify it, then put it in the registry's place.

    Nobody has the registry open (the caller holds it exclusively), so the
    file and its WAL are replaced whole instead of copied into.
    """
    def copy(target: sqlite3.Connection) -> None:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            src.backup(target)
        finally:
            src.close()
        _renew(target, source, actor)

    def drop_side_files() -> None:  # the old file's WAL must not be replayed into the restored one
        for suffix in _SIDE_FILES:
            Path(f"{registry_path}{suffix}").unlink(missing_ok=True)

    _verified_copy(copy, registry_path, _("The restored copy did not verify: {problems}"),
                   _("The registry could not be restored into {path}: {error}"), before_replace=drop_side_files,
                   sealed=False)


def _renew(target: sqlite3.Connection, source: Path, actor: str) -> None:
    """The restored copy: without the backup's seal, with a new generation, and the restore in its audit trail."""
    from correspondent_app.registry import audit, seal  # noqa: PLC0415

    target.isolation_level = None
    target.execute("BEGIN IMMEDIATE")
    target.execute(f"DROP TABLE IF EXISTS {seal.TABLE}")
    if target.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'generation'").fetchone():
        target.execute("UPDATE generation SET value = lower(hex(randomblob(16))) WHERE id = 1")
    audit.record(sqlite_utils.Database(target, execute_plugins=False), actor, "restore", "registry", "", None,
                 {"backup": source.name})
    target.execute("COMMIT")
