"""Errors the user sees: a dialog in their language, never a traceback.

Expected errors (registry, validation, storage) carry a message that says
what to do. Anything else is logged with its traceback to a file in the
user's data folder and shown as a friendly message; the registry's
transactions make sure nothing half-written remains.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from correspondent_app.i18n import _
from correspondent_app.registry import RegistryError

log = logging.getLogger("correspondent_app")


class PrintingFailed(RuntimeError):
    """The printer could not take the job; the message says so in the user's language."""


EXPECTED = (RegistryError, ValueError, PrintingFailed)


LOG_MAX_BYTES = 2_000_000
LOG_KEEP = 3


def setup_logging(folder: Path) -> Path:
    """Log to a file in ``folder``; the file is opened on the first entry.

    The log is rotated at start (log, log.1 ... log.3) rather than by
    logging.handlers, whose import (sockets, pickling) costs more of the
    start-up than the few lines a day this log receives are worth.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "correspondent-app.log"
    _rotate(path)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _rotate(path: Path) -> None:
    try:
        if not path.exists() or path.stat().st_size < LOG_MAX_BYTES:
            return
        for n in range(LOG_KEEP - 1, 0, -1):
            older = path.with_name(f"{path.name}.{n}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{n + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        pass  # a log that cannot be rotated keeps growing; never stop the counter for it


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Explain ``exc`` to the user; log unexpected ones with their traceback."""
    if isinstance(exc, EXPECTED):
        message = str(exc)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        message = _("Something unexpected went wrong. Nothing was half-saved: what was saved before is intact. "
                    "The details were written to the log file; please tell OGA's support.")
    from correspondent_app.ui.widgets import message as message_box  # noqa: PLC0415 - widgets imports Qt widgets

    box = message_box(parent, title or _("Cannot do that"), message, QMessageBox.Icon.Warning)
    box.setObjectName("errorDialog")
    if getattr(show_error, "non_blocking", False):  # tests: shown, not waited for
        show_error.last = box  # a parentless box would be collected as soon as this returns
        box.show()
    else:
        box.exec()


def install_excepthook() -> None:
    """Unexpected exceptions in Qt slots become a friendly dialog, not a crash or a traceback."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, EXPECTED):  # show_error logs only the unexpected ones; this one escaped a slot
            log.warning("uncaught: %s", "".join(traceback.format_exception(exc_type, exc, tb)))
        show_error(None, exc)

    sys.excepthook = hook


def guarded(parent: QWidget, action, *args, **kwargs):
    """Run ``action``; on failure show the error and return None."""
    try:
        return action(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a dialog
        show_error(parent, exc)
        return None
