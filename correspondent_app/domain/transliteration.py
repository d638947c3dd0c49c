"""Greek to Latin by ELOT 743 (as in Greek passports), and name search keys.

``elot743`` follows ELOT 743:2001 / ISO 843 as Greek passports print it:
letter by letter, with ου -> ou; αυ/ευ/ηυ -> av/ev/iv before a vowel or a
voiced consonant and af/ef/if before a voiceless one or at the end;
γγ -> ng, γξ -> nx, γχ -> nch. μπ, ντ, γκ stay mp, nt, gk in every position
(ΜΠΑΚΟΓΙΑΝΝΗΣ -> MPAKOGIANNIS, ΝΤΟΚΑ -> NTOKA), as on the passports; the
older UN/BGN forms with b, d, g at the start or ng inside a word are not
printed here but are joined by ``search_key``. A diaeresis keeps two vowels
apart (Καΐρης -> Kairis, προϋπόθεση -> proypothesi).

``search_key`` is for finding people, not for printing: the same name
written in Greek, in ELOT Latin, or as the passport of another country
spells it should give the same key. It transliterates Greek, strips the
remaining accents and case, then applies the phonetic folds listed in
``FOLDS``, which rewrite foreign spellings towards the Greek one (so a key
reads like the ELOT form of the name as Greek would write it: Berisha ->
"mperisa"). Each fold says which spellings it joins and carries an example
that the tests check it is needed for.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import NamedTuple

_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
_PAIRS = {"ου": "ou", "γγ": "ng", "γξ": "nx", "γχ": "nch", "γκ": "gk", "μπ": "mp", "ντ": "nt"}
_U_DIGRAPH = {"α": "a", "ε": "e", "η": "i"}  # αυ, ευ, ηυ
_VOICED = set("αεηιουωβγδζλμνρ")  # vowels and voiced consonants: υ sounds v before them
_DIAERESIS = "\u0308"


class _Letter(NamedTuple):
    base: str  # lower case, without accents
    diaeresis: bool  # ϊ, ϋ: not part of a digraph with the letter before
    upper: bool


def _letters(word: str) -> list[_Letter]:
    """Each character of ``word`` without its accents, keeping the diaeresis and the case."""
    out: list[_Letter] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            if ch == _DIAERESIS and out:
                out[-1] = out[-1]._replace(diaeresis=True)
            continue  # tonos and any other accent: ELOT 743 does not write them
        out.append(_Letter(ch.lower(), False, ch.isupper()))
    return out


def _transliterate(letters: list[_Letter]) -> list[tuple[str, bool]]:
    """Latin pieces, each with whether its Greek source was upper case."""
    pieces = []
    i = 0
    while i < len(letters):
        letter = letters[i]
        nxt = letters[i + 1] if i + 1 < len(letters) else None
        if letter.base in _U_DIGRAPH and nxt and nxt.base == "υ" and not nxt.diaeresis:
            after = letters[i + 2].base if i + 2 < len(letters) else ""
            pieces.append((_U_DIGRAPH[letter.base] + ("v" if after in _VOICED else "f"), letter.upper))
            i += 2
        elif nxt and letter.base + nxt.base in _PAIRS and not nxt.diaeresis:
            pieces.append((_PAIRS[letter.base + nxt.base], letter.upper))
            i += 2
        else:
            pieces.append((_LETTERS.get(letter.base, letter.base), letter.upper))
            i += 1
    return pieces


def _cased(letters: list[_Letter]) -> list[bool]:
    """Upper-case flags of the letters that have a case (digits and marks have none)."""
    return [letter.upper for letter in letters if letter.base.upper() != letter.base.lower()]


# Runs of characters between words. Combining accents are not separators: after
# NFC some remain (ΐ in capitals has no precomposed form) and belong to their letter.
_SEPARATORS = re.compile(r"((?:(?![\u0300-\u036f])\W)+)")


def elot743(text: str) -> str:
    """Transliterate Greek text to Latin (ELOT 743); other characters pass through without accents.

    Case follows the source: ``ΠΑΠΑΔΟΠΟΥΛΟΣ`` -> ``PAPADOPOULOS``,
    ``Θεσσαλονίκη`` -> ``Thessaloniki``. A Greek capital that becomes two
    Latin letters is written ``Th``, ``Ch``, ``Ps`` in a word in title case
    and ``TH``, ``CH``, ``PS`` in a word in capitals.
    """
    # NFC first: in decomposed text a separate accent would split a word in two.
    text = unicodedata.normalize("NFC", text or "")
    # A one-letter word (an initial, "Ο") has no case style of its own: it
    # follows the text, so "ΠΑΠΑΔΟΠΟΥΛΟΣ Θ." gives "PAPADOPOULOS TH.".
    text_cased = _cased(_letters(text))
    text_in_capitals = len(text_cased) > 1 and all(text_cased)
    return "".join(_word(part, text_in_capitals) for part in _SEPARATORS.split(text))


def _word(word: str, text_in_capitals: bool) -> str:
    if not word or _SEPARATORS.fullmatch(word):
        return word
    letters = _letters(word)
    pieces = _transliterate(letters)
    cased = _cased(letters)
    in_capitals = all(cased) and (len(cased) > 1 or text_in_capitals) if cased else False
    if in_capitals:
        return "".join(latin for latin, _upper in pieces).upper()
    return "".join(latin[:1].upper() + latin[1:] if upper else latin for latin, upper in pieces)


# -- search keys ------------------------------------------------------------------
class Fold(NamedTuple):
    """One phonetic fold of ``search_key``: a regex replacement on a lower-case Latin word."""

    pattern: str
    replacement: str
    why: str
    example: tuple[str, str]  # two spellings of one name that this fold makes meet


#: Applied in order to each transliterated, lower-case word, repeatedly until
#: nothing changes. Each one rewrites another Latin spelling *towards the way
#: Greek writes the name* (its ELOT form), never the other way: then every
#: letter a clerk types in Greek keeps the key a prefix of the stored one
#: (Μ, Μπ, Μπε... all find Μπερίσα, stored as "mperisa"), which matters
#: because the people search runs as the clerk types. Each fold joins only
#: spellings that Greek writes alike.
FOLDS: tuple[Fold, ...] = (
    Fold(r"ph", "f", "ph and f are one sound, Φ (Philippos / Φίλιππος)", ("Φίλιππος", "Philippos")),
    Fold(r"kh", "ch", "kh is Greek Χ (Mikhail / Μιχαήλ)", ("Μιχαήλ", "Mikhail")),
    Fold(r"xh", "tz", "Albanian xh is Greek ΤΖ (Hoxha / Χότζα)", ("Χότζα", "Hoxha")),
    Fold(r"dj", "tz", "dj (Serbian đ without its stroke, French-style Arabic dj) is Greek ΤΖ "
         "(Djordje / Τζόρτζε, Djamila / Τζαμίλα)", ("Τζαμίλα", "Djamila")),
    Fold(r"c(?!h)", "ts", "c not in ch is ts in Albanian and Slavic names, Greek ΤΣ (Cani / Τσάνι; "
         "JOVANOVIC, -ić printed without its accent / Γιοβάνοβιτς). Romance and English names with c = k "
         "did not meet their Greek form before this fold either", ("Τσάνι", "Cani")),
    Fold(r"sh", "s", "Greek has no sh: Σ (Shehu / Σέχου)", ("Σέχου", "Shehu")),
    Fold(r"zh", "z", "Greek has no zh: Ζ (Zhivkov / Ζίβκοφ)", ("Ζίβκοφ", "Zhivkov")),
    Fold(r"dh", "d", "Albanian dh is Greek Δ (Dhimitri / Δημήτρη)", ("Δημήτρη", "Dhimitri")),
    Fold(r"(?<![ct])h", "ch", "Greek writes h as Χ, ch in ELOT (Hasan / Χασάν); th (Θ) stays",
         ("Χασάν", "Hasan")),
    Fold(r"ks", "x", "Greek writes ks as Ξ (Maksim / Μαξίμ)", ("Μαξίμ", "Maksim")),
    Fold(r"b", "mp", "Greek writes b as ΜΠ (Berisha / Μπερίσα, Lambros / Λάμπρος)", ("Μπερίσα", "Berisha")),
    Fold(r"^d", "nt", "Greek writes a word-initial d as ΝΤ (Doka / Ντόκα); Δώρα and Ντόρα meet, "
         "as both are Dora in Latin", ("Ντόκα", "Doka")),
    Fold(r"nd", "nt", "Greek writes nd as ΝΤ (Andrea / Αντρέα); Andon and Anton meet, as in Greek (Αντόν)",
         ("Αντρέα", "Andrea")),
    Fold(r"(?<!o)u", "ou", "Greek writes u as ΟΥ (Dumitru / Ντουμίτρου)", ("Ντουμίτρου", "Dumitru")),
    Fold(r"(^|[aeiou])[yj](?=[aeiou])", r"\1gi", "a y sound before a vowel is Greek ΓΙ "
         "(Yannis / Γιάννης, Stoyanov / Στογιάνοφ, Jovan / Γιοβάν)", ("Στογιάνοφ", "Stoyanov")),
    Fold(r"[yj]", "i", "Greek Ι, Η and Υ all sound i (Spiros / Σπύρος, Gjoni / Γκιόνι)", ("Σπύρος", "Spiros")),
    Fold(r"^g(?!k)", "gk", "Greek writes a word-initial g as ΓΚ (Gertsi / Γκέρτσι); Γ and ΓΚ meet there",
         ("Γκέρτσι", "Gertsi")),
    Fold(r"(?<=.)gk", "g", "inside a word Greek writes a foreign g as ΓΚ too (Georgiev / Γκεόργκιεφ; "
         "Angelov / Ανγκέλοφ)", ("Γκεόργκιεφ", "Georgiev")),
    Fold(r"f$", "v", "a final Φ stands for v in Slavic names (Ivanov / Ιβάνοφ)", ("Ιβάνοφ", "Ivanov")),
    Fold(r"(.)\1+", r"\1", "double letters are written single in Greek (Balla / Μπάλα)", ("Μπάλα", "Balla")),
)
_Compiled = tuple[tuple[re.Pattern[str], str], ...]
_COMPILED: _Compiled = tuple((re.compile(fold.pattern), fold.replacement) for fold in FOLDS)

# Latin letters whose mark changes the sound Greek writes, or that have no
# accent to strip; replaced (in lower case) before elot743, which drops every
# accent (ç would become c, and c alone is ts).
_BEFORE_TRANSLITERATION = str.maketrans({
    "ç": "ts",  # Albanian and Turkish ç is Greek ΤΣ (Çela / Τσέλα)
    "č": "ts", "ć": "ts",  # the same sounds in Serbian, Croatian, Bosnian (Jovanović / Γιοβάνοβιτς)
    "đ": "tz",  # Serbian đ is Greek ΤΖ (Đorđević / Τζόρτζεβιτς); it has no accent to strip
    "ı": "i",  # Turkish dotless i (Yılmaz / Γιλμάζ); no accent to strip either
})


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def fold_word(word: str, *, folds: _Compiled = _COMPILED) -> str:
    """Apply the folds to one lower-case Latin word until nothing changes."""
    # Repeat so that a key is its own key: a fold can make text that an
    # earlier one applies to (yusuf -> yousouf -> giousouf -> gkiousouf).
    while True:
        folded = word
        for pattern, replacement in folds:
            folded = pattern.sub(replacement, folded)
        if folded == word:
            return word
        word = folded


def search_tokens(text: str, *, folds: _Compiled = _COMPILED) -> list[str]:
    """Search keys of each word of ``text`` (split on spaces, hyphens, dots...).

    The registry stores these for every name form and matches what the clerk
    types as prefixes of them, so any part of a name finds the person.
    ``folds`` is for the tests, which check that each fold is needed.

    Greek is transliterated *before* the accents are stripped, because the
    diaeresis changes the transliteration (ΑΫ is ay, ΑΥ is av/af): that way a
    Greek name and its ELOT Latin form always give the same keys.
    """
    if folds is _COMPILED:
        return list(_default_tokens(text or ""))
    return _tokens(text, folds)


# Names repeat a great deal (a village has a few hundred distinct names), so
# remembering the keys of recent names makes rekeying a large registry
# several times faster; only for the real folds, which never change at run time.
@functools.lru_cache(maxsize=1 << 16)
def _default_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text, _COMPILED))


def _tokens(text: str, folds: _Compiled) -> list[str]:
    # Case first (keys ignore it), then the special letters, then Greek to Latin.
    text = unicodedata.normalize("NFC", (text or "").casefold()).translate(_BEFORE_TRANSLITERATION)
    latin = _strip_accents(elot743(text))
    tokens = []
    for word in re.split(r"[\W_]+", latin):
        word = "".join(ch for ch in word if ch.isalnum())
        if word:
            tokens.append(fold_word(word, folds=folds))
    return tokens


def search_key(text: str) -> str:
    """One key for a whole name: ``Παπαδόπουλος``, ``ΠΑΠΑΔΟΠΟΥΛΟΣ`` and ``Papadopoulos`` meet."""
    return " ".join(search_tokens(text))


#: Bump when ``elot743`` changes what it writes for some name (the folds and
#: the letters replaced before transliteration are hashed in on their own).
_TRANSLITERATION_REVISION = 2


def _keys_version() -> str:
    recipe = repr((_TRANSLITERATION_REVISION, [(f.pattern, f.replacement) for f in FOLDS],
                   sorted(_BEFORE_TRANSLITERATION.items())))
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


#: Identifies how ``search_tokens`` makes keys. The registry stores it beside
#: the keys and recomputes them when it differs, so a registry written by an
#: older version still finds everyone after an update.
KEYS_VERSION = _keys_version()
