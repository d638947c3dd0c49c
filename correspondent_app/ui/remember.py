"""What the clerk chose last time: window size and place, splitters, folders, the printer.

Kept in QSettings under the application's organisation and name. Two
overrides keep a test (or a portable install) away from the user's real
settings: ``CORRESPONDENT_APP_SETTINGS`` names an ini file, and with
``CORRESPONDENT_APP_HOME`` (the data folder moved) the settings live
beside the data, in ``settings.ini``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QSplitter, QWidget

#: The folders remembered, by what they hold.
PRINT_FOLDER, EXPORT_FOLDER, IMPORT_FOLDER = "print-to-file", "export", "import-list"


def settings() -> QSettings:
    """The application's settings (a new object each time: it reads what another one wrote)."""
    own = os.environ.get("CORRESPONDENT_APP_SETTINGS")
    if own:
        return QSettings(own, QSettings.Format.IniFormat)
    home = os.environ.get("CORRESPONDENT_APP_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings("OGA", "correspondent-app")


def value(key: str, default=None, kind=None):
    """A remembered value; ``kind`` (int, bool, str) converts what an ini file stores as text."""
    stored = settings().value(key, default)
    if kind is None or stored is None or stored == default:
        return stored
    if kind is bool:
        return stored if isinstance(stored, bool) else str(stored).lower() in ("true", "1")
    try:
        return kind(stored)
    except (TypeError, ValueError):
        return default  # an edited or damaged file: what the program would choose itself


def remember(key: str, new_value) -> None:
    own = settings()
    own.setValue(key, new_value)
    own.sync()  # written now: a crash later keeps it


# -- folders ------------------------------------------------------------------
def documents_folder() -> Path:
    """The user's Documents folder, or the home folder where there is none (a bare Linux account)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def folder(kind: str) -> Path:
    """The folder last used for ``kind``, if it still exists; else the Documents folder."""
    last = value(f"folders/{kind}")
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(kind: str, path: str | Path) -> None:
    """Remember the folder of ``path`` (a file or a folder) for the next ``kind`` dialog."""
    path = Path(path)
    remember(f"folders/{kind}", str(path if path.is_dir() else path.parent))


# -- windows and splitters ----------------------------------------------------
def save_window(window: QWidget, key: str) -> None:
    remember(f"windows/{key}/geometry", window.saveGeometry())


def restore_window(window: QWidget, key: str) -> bool:
    """Put ``window`` where it was (Qt moves it onto a screen if that one is gone)."""
    geometry = settings().value(f"windows/{key}/geometry")
    return isinstance(geometry, QByteArray | bytes) and window.restoreGeometry(QByteArray(geometry))


def _splitter_key(splitter: QSplitter, root: QWidget) -> str:
    """The names of the widgets from ``root`` down to the splitter, and its place among its siblings."""
    names = []
    widget = splitter
    while widget is not None and widget is not root:
        if widget.objectName():
            names.append(widget.objectName())
        widget = widget.parentWidget()
    names.append(root.objectName() or type(root).__name__)
    place = root.findChildren(QSplitter).index(splitter)
    return "splitters/" + "/".join(reversed(names)) + f"/{place}"


def restore_splitters(root: QWidget) -> None:
    """Give every splitter under ``root`` its remembered sizes, and remember each move at once."""
    for splitter in root.findChildren(QSplitter):
        key = _splitter_key(splitter, root)
        sizes = value(key)
        if isinstance(sizes, list) and len(sizes) == splitter.count():
            try:
                splitter.setSizes([int(size) for size in sizes])
            except (TypeError, ValueError):
                pass  # a damaged entry: the section's own sizes stay
        splitter.splitterMoved.connect(lambda _pos, _index, s=splitter, k=key: remember(k, s.sizes()))
