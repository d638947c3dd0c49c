"""Identity numbers: AMKA and ΑΦΜ checks (general Greek administrative rules).

These are not from the seeds. AMKA was rare in 2005, so it is optional and a
failed check only warns ([policy], DOMAIN.md); a wrong ΑΦΜ is refused by the
registry because it cannot be a real tax number.
"""

from __future__ import annotations

import re
from datetime import date

from correspondent_app.i18n import _


def normalize_digits(value: str) -> str:
    """Drop spaces and dashes that clerks type between groups of digits."""
    return re.sub(r"[\s\-]", "", value or "")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def check_amka(value: str, birth_date: date | None = None) -> list[str]:
    """Problems with an AMKA: 11 digits, DDMMYY birth date first, Luhn check digit."""
    amka = normalize_digits(value)
    if not amka.isascii() or not amka.isdigit() or len(amka) != 11:
        return [_("an AMKA has 11 digits")]
    problems = []
    day, month, year = int(amka[:2]), int(amka[2:4]), int(amka[4:6])
    try:
        date(2000 + year, month, day)
    except ValueError:
        problems.append(_("the first six digits are not a date (DDMMYY)"))
    else:
        if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, year):
            problems.append(_("the first six digits do not match the birth date"))
    if not _luhn_ok(amka):
        problems.append(_("the check digit is wrong (typing error?)"))
    return problems


def is_valid_amka(value: str, birth_date: date | None = None) -> bool:
    return not check_amka(value, birth_date)


def afm_check_digit(first_eight: str) -> int:
    """The ninth digit of an ΑΦΜ: weighted sum by powers of 2, mod 11, mod 10."""
    total = sum(int(d) * 2 ** (8 - i) for i, d in enumerate(first_eight))
    return total % 11 % 10


def check_afm(value: str) -> list[str]:
    """Problems with an ΑΦΜ: 9 digits with a mod-11 check digit, not all zeros."""
    afm = normalize_digits(value)
    if not afm.isascii() or not afm.isdigit() or len(afm) != 9:
        return [_("an ΑΦΜ has 9 digits")]
    if afm == "0" * 9:
        return [_("an ΑΦΜ cannot be all zeros")]
    if afm_check_digit(afm[:8]) != int(afm[8]):
        return [_("the check digit is wrong (typing error?)")]
    return []


def is_valid_afm(value: str) -> bool:
    return not check_afm(value)
