"""Identity numbers: AMKA and ΑΦΜ checks (general Greek administrative rules).

These are not from the seeds. AMKA was rare in 2005, so it is optional and a
failed check only warns ([policy], DOMAIN.md): ``check_amka`` returns a list
of problems instead of raising. A wrong ΑΦΜ is refused by the registry
because it cannot be a real tax number; the check has the same shape so the
caller decides what blocks.

The problem texts are translated messages (``_``): the Greek catalog holds
them, so change them only together with the catalog.
"""

from __future__ import annotations

import re
from datetime import date

from correspondent_app.i18n import _

AMKA_LENGTH = 11
AFM_LENGTH = 9


def compact_number(value: str | None) -> str:
    """A passport or OGA registry number as stored and compared: no spaces, dashes, slashes or dots, upper case.

    Clerks copy "AB 123 4567" or "12-345" as printed; the same number must
    be found, and recognised as a duplicate, however it was typed.
    """
    return re.sub(r"[\s\-/.]", "", value or "").upper()


def normalize_digits(value: str | None) -> str:
    """Drop the spaces and dashes that clerks type between groups of digits."""
    return re.sub(r"[\s\-]", "", value or "")


def _only_ascii_digits(text: str, length: int) -> bool:
    # str.isdigit() alone accepts Arabic-Indic and superscript digits, which
    # int() may refuse or read differently: an identity number is ASCII.
    return len(text) == length and text.isascii() and text.isdigit()


def luhn_ok(digits: str) -> bool:
    """True if ``digits`` (ASCII digits) end with a correct Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:  # every second digit from the right is doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _amka_birth_date_problems(amka: str, birth_date: date | None) -> list[str]:
    """Problems with the DDMMYY birth date that opens an AMKA."""
    day, month, yy = int(amka[:2]), int(amka[2:4]), int(amka[4:6])
    # The AMKA has no century. Check the day against the person's own century
    # when it is known (29-02-00 exists in 2000, not in 1900); otherwise any
    # century in which the date exists will do, and 2000 + YY is the one
    # that accepts every 29 February a two-digit year can mean.
    year = birth_date.year - birth_date.year % 100 + yy if birth_date else 2000 + yy
    try:
        date(year, month, day)
    except ValueError:
        return [_("the first six digits are not a date (DDMMYY)")]
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
        return [_("the first six digits do not match the birth date")]
    return []


def check_amka(value: str | None, birth_date: date | None = None) -> list[str]:
    """Problems with an AMKA (empty list = valid).

    An AMKA has 11 digits; the first six are the date of birth as DDMMYY
    (and must equal ``birth_date`` when it is given); the last one is a Luhn
    check digit over all eleven.
    """
    amka = normalize_digits(value)
    if not _only_ascii_digits(amka, AMKA_LENGTH):
        return [_("an AMKA has 11 digits")]
    problems = _amka_birth_date_problems(amka, birth_date)
    if not luhn_ok(amka):
        problems.append(_("the check digit is wrong (typing error?)"))
    return problems


def is_valid_amka(value: str | None, birth_date: date | None = None) -> bool:
    """True if ``check_amka`` finds no problem."""
    return not check_amka(value, birth_date)


def afm_check_digit(first_eight: str) -> int:
    """The ninth digit of an ΑΦΜ: sum of digit × 2^(8 − position), mod 11, mod 10."""
    total = sum(int(d) * 2 ** (8 - i) for i, d in enumerate(first_eight))
    return total % 11 % 10


def check_afm(value: str | None) -> list[str]:
    """Problems with an ΑΦΜ (empty list = valid): 9 digits, mod-11 check digit, not all zeros."""
    afm = normalize_digits(value)
    if not _only_ascii_digits(afm, AFM_LENGTH):
        return [_("an ΑΦΜ has 9 digits")]
    if afm == "0" * AFM_LENGTH:
        # 000000000 passes the arithmetic (0 mod 11 = 0) but is no one's number.
        return [_("an ΑΦΜ cannot be all zeros")]
    if afm_check_digit(afm[:8]) != int(afm[8]):
        return [_("the check digit is wrong (typing error?)")]
    return []


def is_valid_afm(value: str | None) -> bool:
    """True if ``check_afm`` finds no problem."""
    return not check_afm(value)
