"""Greek to Latin by ELOT 743 (as in Greek passports), and name search keys.

``elot743`` follows the passport transliteration: letter by letter, with
ου -> ou, αυ/ευ/ηυ -> av/ev/iv before a vowel or voiced consonant and
af/ef/if otherwise, γγ -> ng, γξ -> nx, γχ -> nch; μπ, ντ, γκ stay mp, nt,
gk (ΜΠΑΚΟΓΙΑΝΝΗΣ -> MPAKOGIANNIS). A diaeresis keeps two vowels apart.

``search_key`` is for finding people, not for printing: the same name
written in Greek, in ELOT Latin, or as the passport of another country
spells it should give the same key. It strips accents and case,
transliterates Greek, then applies the phonetic folds listed in ``FOLDS``
(each one says which spellings it joins).
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
_PAIRS = {"ου": "ou", "γγ": "ng", "γξ": "nx", "γχ": "nch", "γκ": "gk", "μπ": "mp", "ντ": "nt"}
_U_DIGRAPH = {"α": "a", "ε": "e", "η": "i"}  # αυ, ευ, ηυ
_VOICED = set("αεηιουωβγδζλμνρ")  # vowels and voiced consonants: υ sounds v before them
_DIAERESIS = "\u0308"


def _letters(text: str) -> list[tuple[str, bool, bool]]:
    """(lower-case base letter, had diaeresis, was upper case) for each character."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if ch == _DIAERESIS and out:
                base, _, upper = out[-1]
                out[-1] = (base, True, upper)
            continue
        out.append((ch.lower(), False, ch.isupper()))
    return out


def _transliterate(letters: list[tuple[str, bool, bool]]) -> list[tuple[str, bool]]:
    """Latin pieces, each with whether its Greek source was upper case."""
    pieces = []
    i = 0
    while i < len(letters):
        ch, _, upper = letters[i]
        nxt = letters[i + 1] if i + 1 < len(letters) else None
        pair = ch + nxt[0] if nxt else ""
        if ch in _U_DIGRAPH and nxt and nxt[0] == "υ" and not nxt[1]:
            after = letters[i + 2][0] if i + 2 < len(letters) else ""
            pieces.append((_U_DIGRAPH[ch] + ("v" if after in _VOICED else "f"), upper))
            i += 2
        elif pair in _PAIRS and not nxt[1]:
            pieces.append((_PAIRS[pair], upper))
            i += 2
        else:
            pieces.append((_LETTERS.get(ch, ch), upper))
            i += 1
    return pieces


def elot743(text: str) -> str:
    """Transliterate Greek text to Latin (ELOT 743); other characters pass through.

    Case follows the source: ``ΠΑΠΑΔΟΠΟΥΛΟΣ`` -> ``PAPADOPOULOS``,
    ``Θεσσαλονίκη`` -> ``Thessaloniki``.
    """
    return "".join(_word(part) for part in re.split(r"(\W+)", text))


def _word(word: str) -> str:
    if not word or not re.match(r"\w", word):
        return word
    letters = _letters(word)
    pieces = _transliterate(letters)
    cased = [c for _, _, c in letters if c is not None]
    all_upper = len(word) > 1 and all(cased)
    if all_upper:
        return "".join(p for p, _ in pieces).upper()
    out = []
    for latin, upper in pieces:
        out.append(latin[:1].upper() + latin[1:] if upper else latin)
    return "".join(out)


#: Folds applied to transliterated, lower-case text, in order: (pattern, replacement, why).
FOLDS: tuple[tuple[str, str, str], ...] = (
    (r"^mp", "b", "Greek writes a word-initial b as ΜΠ (Μπερίσα / Berisha)"),
    (r"^nt", "d", "Greek writes a word-initial d as ΝΤ (Ντόκα / Doka)"),
    (r"^gk", "g", "Greek writes a word-initial g as ΓΚ (Γκιόνι / Gjoni)"),
    (r"xh", "tz", "Albanian xh is Greek ΤΖ (Hoxha / Χότζα)"),
    (r"ch", "h", "Greek Χ is ch in ELOT, h in most passports (Χασάν / Hassan)"),
    (r"sh", "s", "Greek has no sh: Σ (Shehu / Σέχου)"),
    (r"ou", "u", "Greek ΟΥ is u elsewhere (Ντουμίτρου / Dumitru)"),
    (r"[yj]", "i", "Greek Ι, Η, Υ and ΓΙ sound i or y (Στογιάνοφ / Stoyanov, Gjoni)"),
    (r"([aeio])gi(?=[aeio])", r"\1i", "ΓΙ between vowels is a y sound (Στογιάνοφ / Stoyanov)"),
    (r"ph", "f", "ph and f are one sound"),
    (r"f$", "v", "a final Φ stands for v in Slavic names (Ιβάνοφ / Ivanov)"),
    (r"(.)\1+", r"\1", "double letters are written single in Greek (Balla / Μπάλα)"),
)
_COMPILED = tuple((re.compile(p), r) for p, r, _ in FOLDS)


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _fold_token(token: str) -> str:
    # Repeat until nothing changes, so that a key is its own key (a fold can
    # make text that another fold applies to, e.g. ξχ -> xch -> xh -> tz).
    while True:
        folded = token
        for pattern, replacement in _COMPILED:
            folded = pattern.sub(replacement, folded)
        if folded == token:
            return token
        token = folded


def search_tokens(text: str) -> list[str]:
    """Search keys of each word of ``text`` (split on spaces, hyphens, dots...)."""
    latin = elot743(_strip_accents(text or "")).casefold()
    tokens = []
    for word in re.split(r"[^\w]+|_", latin):
        word = "".join(ch for ch in word if ch.isalnum())
        if word:
            tokens.append(_fold_token(word))
    return tokens


def search_key(text: str) -> str:
    """One key for a whole name: ``Παπαδόπουλος``, ``ΠΑΠΑΔΟΠΟΥΛΟΣ`` and ``Papadopoulos`` meet."""
    return " ".join(search_tokens(text))
