"""Message translation for everything the user reads.

Source strings are English and marked with ``_()`` (or ``N_()`` where they
are translated later); catalogs live in ``translations/<lang>/LC_MESSAGES``
as gettext ``.po`` files, extracted and updated with Babel (``make
translations``). They are compiled to ``.mo`` at build time (PyInstaller)
or on first use into the user's cache folder, never committed as binaries.

Official documents are always Greek: the documents package renders inside
``with language("el")`` whatever the UI language is.
"""

from __future__ import annotations

import gettext as _gettext
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "correspondent_app"
LANGUAGES = ("el", "en")
DEFAULT_LANGUAGE = "el"

_state = threading.local()
_catalogs: dict[str, _gettext.NullTranslations] = {}
_global = {"language": "en"}


def _translations(language: str) -> _gettext.NullTranslations:
    if language not in _catalogs:
        folder = compiled_catalogs(language)
        _catalogs[language] = (
            _gettext.translation(DOMAIN, localedir=str(folder), languages=[language], fallback=True)
            if folder else _gettext.NullTranslations()
        )
    return _catalogs[language]


def set_language(language: str) -> None:
    """Use ``language`` from now on (English source strings if it has no catalog)."""
    _global["language"] = language
    _translations(language)


def current_language() -> str:
    return getattr(_state, "language", None) or _global["language"]


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Temporarily translate into ``lang`` (this thread only)."""
    previous = getattr(_state, "language", None)
    _state.language = lang
    try:
        yield
    finally:
        _state.language = previous


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def compiled_catalogs(language: str) -> Path | None:
    """A folder with ``<language>/LC_MESSAGES/<domain>.mo``, compiling the .po if needed."""
    from correspondent_app.paths import resources_dir, translations_dir  # noqa: PLC0415 - avoid an import cycle

    po = translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    built = resources_dir() / "locale"
    mo = built / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return built  # compiled by the build (PyInstaller) or a previous run
    if not po.exists():
        return None
    cache = _cache_dir() / "locale"
    target = cache / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not target.exists() or target.stat().st_mtime < po.stat().st_mtime:
        compile_catalog(po, target)
    return cache


def compile_catalog(po: Path, mo: Path) -> None:
    """Compile one .po file with Babel (atomically, so a crash leaves no half file)."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with open(po, "rb") as fh:
        catalog = read_po(fh)
    mo.parent.mkdir(parents=True, exist_ok=True)
    partial = mo.with_suffix(".mo.part")
    with open(partial, "wb") as fh:
        write_mo(fh, catalog)
    partial.replace(mo)


def _cache_dir() -> Path:
    import os  # noqa: PLC0415

    import platformdirs  # noqa: PLC0415

    override = os.environ.get("CORRESPONDENT_APP_HOME")
    return Path(override) / "cache" if override else Path(platformdirs.user_cache_dir("correspondent-app", appauthor=False))
