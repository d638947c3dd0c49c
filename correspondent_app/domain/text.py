"""Characters that must never reach the record: invisible controls that change what a text shows.

A NUL cuts a name short in some programs; a right-to-left override
(U+202E) makes «ABC‮FED» print as something else than what is stored; zero-width
and other format characters make two equal-looking names differ. They come
from copying out of e-mails and web pages, or from someone who wants a
document to read differently from the record. Names and office fields refuse
them; nothing is silently removed, so what is stored is what was typed.
"""

from __future__ import annotations

import unicodedata

from correspondent_app.i18n import _

#: Control, format (bidi, zero-width, BOM…), surrogate, private-use and unassigned code points.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn"}


def hidden_characters(text: str) -> list[str]:
    """The invisible characters in ``text``, each as «U+202E RIGHT-TO-LEFT OVERRIDE» (empty when clean)."""
    found = dict.fromkeys(ch for ch in text if unicodedata.category(ch) in _HIDDEN)
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}" for ch in found]


def hidden_message(hidden: list[str]) -> str:
    return _("Contains an invisible control character ({chars}): type the text again instead of pasting it.").format(
        chars=", ".join(hidden))
