"""Locale formatting through Babel (money, dates, countries) and amounts in Greek words.

Documents are Greek; the UI follows the user's language. Everything here
goes through Babel's CLDR data rather than hand-made patterns, except the
amount in words, which CLDR does not provide for Greek.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_date, format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal as _babel_decimal

#: One unambiguous day-first pattern for every language (documents are Greek).
DATE_PATTERN = "dd/MM/yyyy"
#: Two-letter codes in CLDR's territory list that are not ISO 3166 countries a
#: passport names: groupings (EU, EZ, UN, QO), unknown (ZZ), pseudo-locales
#: (XA, XB), Kosovo's user-assigned XK, and the codes ISO only "exceptionally
#: reserves" for islands and enclaves that issue no passports (AC, CP, CQ, DG,
#: EA, IC, TA).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK",
                            "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})
_CENT = Decimal("0.01")


class UnknownCountry(ValueError):
    """A nationality code that is not an ISO 3166 alpha-2 country code."""


class AmountNotWritable(ValueError):
    """An amount that cannot be written in words on a certificate."""


def _money(amount: Decimal) -> Decimal:
    """``amount`` itself, if it is a finite Decimal; money is never float."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money is Decimal, never {type(amount).__name__} ({amount!r})")
    if not amount.is_finite():
        raise ValueError(f"“{amount}” is not an amount of money")
    return amount


def format_eur(amount: Decimal, locale: str = "el") -> str:
    """``Decimal("2040.72")`` -> ``2.040,72 €`` (with a no-break space) in Greek.

    Babel's own output. Amounts are in cents already; a longer one is rounded
    half up first (Babel would round half to even: 0,125 -> 0,12).
    """
    return format_currency(_money(amount).quantize(_CENT, ROUND_HALF_UP), "EUR", locale=locale)


def format_decimal(value: Decimal | int, locale: str = "el", digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals, rounded half up, e.g. ``166,67``."""
    if isinstance(value, float) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"format_decimal takes a Decimal or an int, not {type(value).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"the number of decimals must be 0 or more, not {digits!r}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"“{value}” is not a number")
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return _babel_decimal(value.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP), format=pattern, locale=locale)


def format_date(value: date, locale: str = "el") -> str:
    """``30/06/2005`` in every language: documents are Greek and day-first is unambiguous there."""
    return _babel_date(value, DATE_PATTERN, locale=locale)


def format_timestamp(value: datetime | str, locale: str = "el") -> str:
    """``25/11/2026 10:02``: a moment the registry recorded (ISO text or datetime), as the clerk's clock said it."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return _babel_datetime(moment, DATE_PATTERN + " HH:mm", tzinfo=moment.tzinfo, locale=locale)


def format_date_long(value: date, locale: str = "el") -> str:
    """CLDR's long date: ``30 Ιουνίου 2005`` in Greek, ``June 30, 2005`` in English."""
    return _babel_date(value, "long", locale=locale)


def country_name(code: str, locale: str = "el") -> str:
    """The localized name of an ISO 3166 alpha-2 country code (any case), from CLDR."""
    code = (code or "").strip().upper()
    names = _countries(locale)
    if code not in names:
        raise UnknownCountry(f"“{code}” is not an ISO 3166 country code")
    return names[code]


def country_choices(locale: str = "el") -> list[tuple[str, str]]:
    """(code, localized name) for every country, sorted by name ignoring accents and case."""
    return sorted(_countries(locale).items(), key=lambda item: (_sort_key(item[1]), item[0]))


@cache
def _countries(locale: str) -> dict[str, str]:
    # Numeric codes are UN M.49 regions (001 World, 150 Europe), not countries.
    territories = Locale.parse(locale).territories
    return {code: name for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


def _sort_key(text: str) -> str:
    """Accents and case ignored, so Άγιος sorts with Α and not after Ω."""
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
    """Words for 0..999; ``feminine`` for the count of χιλιάδες (τρεις, διακόσιες)."""
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
    """0 to 999.999 in Greek words, neuter (as for ευρώ and λεπτά)."""
    if not 0 <= n < 1_000_000:
        raise AmountNotWritable(f"only 0 to 999.999 can be written in words, not {n}")
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
    """``Decimal("798.48")`` -> ``επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά``.

    As printed on certificates: 0 to 999.999,99 euros; no cents, no "και ... λεπτά";
    no euros, only the cents ("ένα λεπτό").
    """
    amount = _money(amount)
    if amount < 0:
        raise AmountNotWritable(f"a negative amount ({amount}) cannot be written in words")
    if amount >= 1_000_000:  # checked before quantize(), which fails on huge numbers
        raise AmountNotWritable(f"only amounts below 1.000.000 euros are written in words, not {amount}")
    if amount != amount.quantize(_CENT):  # 1.500 is fine, 1.005 is not
        raise AmountNotWritable(f"an amount in words has whole cents, not {amount}")
    euros = int(amount)
    cents = int((amount - euros) * 100)
    parts = []
    if euros or not cents:
        parts.append(f"{number_in_greek_words(euros)} ευρώ")
    if cents:
        parts.append("ένα λεπτό" if cents == 1 else f"{number_in_greek_words(cents)} λεπτά")
    return " και ".join(parts)
