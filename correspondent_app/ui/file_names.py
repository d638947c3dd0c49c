"""File names a clerk can find again, and that every file system accepts.

A protocol number holds a slash ("1/2026"): used as it is, "Βεβαίωση 1/2026.pdf"
named a folder "Βεβαίωση 1" that did not exist. Windows also refuses
``<>:"/\\|?*`` and control characters, and names ending in a dot or a space.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_INVALID = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Names Windows keeps for devices, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120  # well under the 255 bytes a name may have, Greek letters taking two bytes each


def capitals(text: str) -> str:
    """Capitals without accents, as a surname is written on a file or a form (Χότζα -> ΧΟΤΖΑ)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).upper()


def safe_stem(text: str) -> str:
    """``text`` as a file name without extension: slashes become '-', what Windows refuses goes."""
    text = text.replace("/", "-").replace("\\", "-")
    text = _INVALID.sub("", text)
    text = " ".join(text.split())[:MAX_STEM].rstrip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text or "document"


def document_file_name(title: str, who: str | None = None, extension: str = ".pdf") -> str:
    """``Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf`` from the title «Βεβαίωση 1/2026» and the surname «Χότζα»."""
    stem = f"{title} {capitals(who)}" if who else title
    return safe_stem(stem) + extension


def unused_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``, ``(3)``… if a file of that name is there (never overwritten unasked)."""
    path = folder / name
    number = 2
    while path.exists():
        path = folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
        number += 1
    return path
