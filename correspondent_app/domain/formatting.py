"""Locale formatting through Babel (money, dates, countries) and amounts in Greek words.

Documents are Greek; the UI follows the user's language. Everything here
goes through Babel's CLDR data rather than hand-made patterns, except the
amount in words, which CLDR does not provide for Greek.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal as _babel_decimal

#: One unambiguous day-first pattern for every language (documents are Greek).
DATE_PATTERN = "dd/MM/yyyy"
#: Codes in CLDR's territory list that are not countries a passport names.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})


def _money(amount: Decimal) -> Decimal:
    if isinstance(amount, float) or not isinstance(amount, Decimal):
        raise TypeError("money is Decimal, never float")
    return amount


def format_eur(amount: Decimal, locale: str = "el") -> str:
    """``Decimal("2040.72")`` -> ``2.040,72 €`` (with a no-break space) in Greek."""
    return format_currency(_money(amount), "EUR", locale=locale)


def format_decimal(value: Decimal, locale: str = "el", digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals, e.g. ``166,67``."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return _babel_decimal(value, format=pattern, locale=locale)


def format_date(value: date, locale: str = "el") -> str:
    """``30/06/2005``."""
    return _babel_date(value, DATE_PATTERN, locale=locale)


def format_date_long(value: date, locale: str = "el") -> str:
    """``30 Ιουνίου 2005``."""
    return _babel_date(value, "long", locale=locale)


def country_name(code: str, locale: str = "el") -> str:
    """The localized name of an ISO 3166 alpha-2 country code."""
    code = (code or "").strip().upper()
    names = _countries(locale)
    if code not in names:
        raise ValueError(f"“{code}” is not an ISO 3166 country code")
    return names[code]


def country_choices(locale: str = "el") -> list[tuple[str, str]]:
    """(code, localized name) sorted by name, accent- and case-insensitively."""
    return sorted(_countries(locale).items(), key=lambda item: _sort_key(item[1]))


@cache
def _countries(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    return {code: name for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


def _sort_key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch))


# -- amounts in Greek words ---------------------------------------------------
_UNITS = ["", "ένα", "δύο", "τρία", "τέσσερα", "πέντε", "έξι", "επτά", "οκτώ", "εννέα"]
_TEENS = ["δέκα", "έντεκα", "δώδεκα", "δεκατρία", "δεκατέσσερα", "δεκαπέντε", "δεκαέξι", "δεκαεπτά", "δεκαοκτώ",
          "δεκαεννέα"]
_TENS = ["", "", "είκοσι", "τριάντα", "σαράντα", "πενήντα", "εξήντα", "εβδομήντα", "ογδόντα", "ενενήντα"]
_HUNDREDS = ["", "εκατό", "διακόσια", "τριακόσια", "τετρακόσια", "πεντακόσια", "εξακόσια", "επτακόσια",
             "οκτακόσια", "εννιακόσια"]
# "χιλιάδες" is feminine: τρεις, τέσσερις, διακόσιες ... χιλιάδες.
_FEMININE = {"ένα": "μία", "τρία": "τρεις", "τέσσερα": "τέσσερις", "δεκατρία": "δεκατρείς",
             "δεκατέσσερα": "δεκατέσσερις"}


def _below_thousand(n: int, feminine: bool = False) -> list[str]:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        word = _HUNDREDS[hundreds]
        if hundreds == 1 and rest:
            word = "εκατόν"
        elif feminine and hundreds > 1:
            word = word[:-1] + "ες"  # διακόσια -> διακόσιες
        words.append(word)
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(_TENS[tens])
        if units:
            words.append(_UNITS[units])
    if feminine:
        words = [_FEMININE.get(w, w) for w in words]
    return words


def number_in_greek_words(n: int) -> str:
    """0 to 999,999 in Greek words (neuter)."""
    if not 0 <= n < 1_000_000:
        raise ValueError("only 0 to 999.999 can be written in words")
    if n == 0:
        return "μηδέν"
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands == 1:
        words.append("χίλια")
    elif thousands:
        words += _below_thousand(thousands, feminine=True) + ["χιλιάδες"]
    words += _below_thousand(rest)
    return " ".join(words)


def amount_in_greek_words(amount: Decimal) -> str:
    """``Decimal("798.48")`` -> ``επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά``."""
    amount = _money(amount)
    if amount < 0 or amount.as_tuple().exponent < -2:
        raise ValueError("an amount in words is positive with at most 2 decimals")
    euros = int(amount)
    cents = int((amount - euros) * 100)
    parts = []
    if euros or not cents:
        parts.append(f"{number_in_greek_words(euros)} ευρώ")
    if cents:
        parts.append("ένα λεπτό" if cents == 1 else f"{number_in_greek_words(cents)} λεπτά")
    return " και ".join(parts)
