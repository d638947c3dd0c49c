"""Who has a registry file open: shared holds for instances, an exclusive one for restore.

Every open registry holds a *shared* lock on ``<registry>.lock`` for as long
as it is open, and leaves a note ``<registry>.open/<PC>-<pid>`` saying which
PC and program hold it. A restore replaces the whole record, so it takes the
lock *exclusively*, without waiting: while any other window (on this PC or on
another one sharing the folder) has the registry open, the restore is refused
and the message names the PCs from the notes, instead of pulling the file
from under a running instance that would then write its stale record ids
into the restored one. The operating system drops a lock when its process
dies, so a crashed instance never blocks a restore; its note is only read
when a live lock is found.

POSIX ``flock`` locks belong to the open file, not to the process, so two
registries open in one process are two holders, as they must be. Windows has
``LockFileEx`` with shared and exclusive modes, reached through ctypes.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime
from pathlib import Path

from correspondent_app.i18n import _
from correspondent_app.registry.db import RegistryError

#: How long an opening instance waits for a restore in progress to end (s).
WAIT_FOR_RESTORE_S = 15.0


class RegistryInUse(RegistryError):
    """Another window has the registry open, so it cannot be replaced now."""


def lock_path(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".lock")


def notes_dir(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".open")


class Hold:
    """One holder's lock on a registry (shared for an instance, exclusive for a restore)."""

    def __init__(self, registry_path: Path, fd: int, note: Path | None) -> None:
        self.registry_path = registry_path
        self._fd: int | None = fd
        self._note = note

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._note is not None:
            try:
                self._note.unlink(missing_ok=True)
            except OSError:
                pass  # a note left behind only names a PC when a live lock is also found
        _unlock(fd)
        os.close(fd)


def hold_shared(registry_path: Path) -> Hold | None:
    """The hold of an open instance; waits out a restore in progress.

    ``None`` where no lock file can be made (a read-only medium): nobody
    can restore over such a file either.
    """
    fd = _open_lock_file(registry_path)
    if fd is None:
        return None
    deadline = time.monotonic() + WAIT_FOR_RESTORE_S
    while not _try_lock(fd, exclusive=False):
        if time.monotonic() > deadline:
            os.close(fd)
            raise RegistryInUse(_("The registry is being restored from a backup in another window; open it again "
                                  "when the restore has finished."))
        time.sleep(0.05)
    return Hold(registry_path, fd, _leave_note(registry_path))


def hold_exclusive(registry_path: Path) -> Hold:
    """The restore's hold: refused at once while any other window has the registry open."""
    fd = _open_lock_file(registry_path)
    if fd is None:
        raise RegistryError(_("The registry at {path} is on a medium that cannot be written: it cannot be "
                              "restored there.").format(path=registry_path))
    if not _try_lock(fd, exclusive=True):
        os.close(fd)
        where = ", ".join(holders(registry_path)) or _("another program")
        raise RegistryInUse(_("The registry is open in another window ({where}). Close the application there "
                              "and try again; nothing was changed.").format(where=where))
    return Hold(registry_path, fd, None)


def holders(registry_path: Path) -> list[str]:
    """The PCs and programs whose notes say they have the registry open (for the refusal message)."""
    folder = notes_dir(registry_path)
    found = []
    try:
        notes = sorted(folder.iterdir())
    except OSError:
        return []
    for note in notes:
        try:
            host, pid, started = note.read_text(encoding="utf-8").split("\n")[:3]
        except (OSError, ValueError):
            continue
        if host == socket.gethostname() and not process_alive(int(pid)):
            note.unlink(missing_ok=True)  # a crashed instance of this PC: its lock is gone with it
            continue
        found.append(_("PC {host}, since {started}").format(host=host, started=started))
    return found


def _open_lock_file(registry_path: Path) -> int | None:
    try:
        return os.open(lock_path(registry_path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


def _leave_note(registry_path: Path) -> Path | None:
    note = notes_dir(registry_path) / f"{socket.gethostname()}-{os.getpid()}-{id(object())}"
    try:
        note.parent.mkdir(exist_ok=True)
        note.write_text(f"{socket.gethostname()}\n{os.getpid()}\n{datetime.now():%d/%m/%Y %H:%M}\n",
                        encoding="utf-8")
    except OSError:
        return None
    return note


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                    ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD), ("hEvent", wintypes.HANDLE)]

    _LOCKFILE_FAIL_IMMEDIATELY, _LOCKFILE_EXCLUSIVE_LOCK = 0x1, 0x2
    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

    def _try_lock(fd: int, *, exclusive: bool) -> bool:
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (_LOCKFILE_EXCLUSIVE_LOCK if exclusive else 0)
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        return bool(_kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())))

    def _unlock(fd: int) -> None:
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped()))
else:
    import fcntl

    def _try_lock(fd: int, *, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
