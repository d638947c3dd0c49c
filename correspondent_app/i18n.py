"""Message translation for everything the user reads.

Source strings are English and marked with ``_()``; the Greek (default) and
other catalogs live in ``translations/`` as gettext ``.po`` files compiled by
Babel. The core raises errors with already-translated messages so that the
GUI and the command line show them as they are.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

DOMAIN = "correspondent_app"
_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str, catalog_dir: Path | None = None) -> None:
    """Use ``language``'s catalog from now on (English source if none exists)."""
    global _active, _language
    catalog_dir = catalog_dir or _default_catalog_dir()
    _active = _gettext.translation(DOMAIN, localedir=str(catalog_dir), languages=[language], fallback=True)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def _default_catalog_dir() -> Path:
    from correspondent_app.paths import compiled_catalog_dir  # noqa: PLC0415 - avoid import cycle

    return compiled_catalog_dir()
