"""Identifiers typed with the Greek keyboard layout, read as the Latin keys pressed.

A clerk who left the keyboard on Greek and copies the passport "AL392594417"
types "ΑΛ392594417": the letters look alike (or not: Ρ is the R key, Θ the U
key) but are other characters. Passport, AMKA and OGA numbers are Latin
letters and digits only, so in an identifier each Greek letter stands for
the key it sits on in the standard Greek layout (ΕΛΟΤ 1000 / Windows "Greek").
Names are never mapped: "Αλβ" typed in a name is Greek.
"""

from __future__ import annotations

import unicodedata

#: Greek layout: the Latin letter on each key. ";" is the Q key, "ς" the W key.
_KEYS = {
    "Α": "A", "Β": "B", "Ψ": "C", "Δ": "D", "Ε": "E", "Φ": "F", "Γ": "G", "Η": "H", "Ι": "I", "Ξ": "J",
    "Κ": "K", "Λ": "L", "Μ": "M", "Ν": "N", "Ο": "O", "Π": "P", ";": "Q", "Ρ": "R", "Σ": "S", "Τ": "T",
    "Θ": "U", "Ω": "V", "ς": "W", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}
_TABLE = str.maketrans({**_KEYS, **{greek.lower(): latin for greek, latin in _KEYS.items() if greek != "ς"}})


def latin_keys(text: str) -> str:
    """``"ΑΛ392594417"`` -> ``"AL392594417"``: Greek letters become the Latin keys they are typed with.

    Accents go first (ά is the A key with the accent key before it); the final
    sigma keeps its own key (W), unlike the other lower-case letters.
    """
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text or "") if not unicodedata.combining(ch))
    return plain.translate(_TABLE)
