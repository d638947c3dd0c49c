"""Where the application finds its shipped resources.

Resources live in the top-level ``resources/`` folder of the source tree; a
PyInstaller build copies that folder next to the package (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding rules data, fonts and icons."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one shipped resource, e.g. ``resource("rules", "oga_2005.toml")``."""
    return resources_dir().joinpath(*parts)


def translations_dir() -> Path:
    """The gettext catalogs (``<lang>/LC_MESSAGES/*.po``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"
