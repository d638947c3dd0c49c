"""Work days required to renew a residence permit (seed 001: ΥΠΕΣ circular 17/2006).

The base is the minimum that ΚΥΑ 160/2006 sets for the person's category and
insurer: an input, not a constant. Justified absence lowers it:

    required = base × (300 − absence_days) / 300,  absence_days = 25 × months

with 300 working days a year and the months of every justified reason summed
("αθροιστικά"). Example from the circular: base 200, 2 months abroad ->
200 × 250 / 300 = 166,67 days.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal as _babel_decimal

from correspondent_app.domain.formatting import format_decimal
from correspondent_app.i18n import _, current_language

CITATION = "001"
WORKING_DAYS_PER_YEAR = Decimal(300)
DAYS_PER_MONTH = Decimal(25)
#: 001: travel abroad counts for at most 4 months unless illness or hospital abroad.
MAX_MONTHS_ABROAD = Decimal(4)
#: [policy] total justified absence is capped at a year, so the result never goes negative.
MAX_MONTHS_ABSENT = Decimal(12)
#: 001 names the ΚΥΑ 160/2006 minimum (200) and the older rule (150) for first renewals.
KYA_160_2006_BASE = 200
OLDER_RULE_BASE = 150
#: [policy] a base is 200, 150 or another ΚΥΑ figure: whole days, at most the 300 working days of a year.
MIN_BASE, MAX_BASE = 1, 300
#: [policy] the work days a person can have in a year (a leap year has 366 days).
MAX_DAYS_IN_YEAR = 366
#: 001: the ΚΥΑ applies to work permits that expire after this day.
RULES_FROM = date(2006, 1, 1)
#: 001 as printed on the note for the applicant (seed 001's heading).
CIRCULAR_EL = ("Εγκύκλιος αριθ. 17/2006 του Υπουργείου Εσωτερικών, Δημόσιας Διοίκησης και Αποκέντρωσης "
               "(Α.Π. 10433/6-6-2006, Δ/νση Αλλοδαπών & Μετανάστευσης)")
KYA_EL = "Κ.Υ.Α. 160/2006 (ΦΕΚ 6/Β/4.1.2006)"
#: a count typed at the counter: digits, with a decimal comma (or point), nothing else
_COUNT = re.compile(r"\d{1,4}(?:[.,]\d{1,2})?")


@dataclass(frozen=True)
class WorkDays:
    exact: Decimal  # the exact requirement (shown with 2 decimals)
    to_meet: int  # [policy] rounded up: the whole days the person must have
    absence_days: Decimal
    months_absent: Decimal  # what counted, after the 12-month cap
    citations: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # the inputs, as checked: what the screen and the printed note show beside the result
    base: int = KYA_160_2006_BASE
    months_abroad: Decimal = Decimal(0)
    months_unemployed: Decimal = Decimal(0)
    illness_abroad: bool = False

    def met_by(self, days_worked) -> bool:
        """Whether ``days_worked`` in a year (0–366) meet the requirement."""
        return work_days_in_year(days_worked) >= self.to_meet


def _number(value, message: str) -> Decimal:
    """``value`` as a Decimal: an int, a Decimal, or text typed at the counter («2», «2,5»).

    Anything else is a ValueError with ``message`` (``{v}``: what was given), never a
    ``decimal.InvalidOperation`` the clerk cannot read.
    """
    if isinstance(value, float) or isinstance(value, bool):
        raise TypeError(f"use an int, a Decimal or text, never {type(value).__name__} ({value!r})")
    if isinstance(value, str):
        text = value.strip()
        if not _COUNT.fullmatch(text):
            raise ValueError(message.format(v=value))
        return Decimal(text.replace(",", "."))
    if not isinstance(value, (int, Decimal)):
        raise ValueError(message.format(v=value))
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(message.format(v=value))
    return value


def parse_months(value) -> Decimal:
    """A month count: 0 or more, digits with an optional decimal comma («2», «2,5»)."""
    value = _number(value, _("“{v}” is not a number of months: type it in digits, e.g. 2 or 2,5."))
    if value < 0:
        raise ValueError(_("Months of absence cannot be negative."))
    return value


def check_base(value) -> int:
    """The base: 200 (ΚΥΑ 160/2006), 150 (the older rule) or another ΚΥΑ figure, whole days 1–300."""
    message = _("The base must be a whole number of days from 1 to 300: 200 (ΚΥΑ 160/2006), 150 (the older "
                "rule) or the ΚΥΑ figure for the person's category; “{v}” is not.")
    number = _number(value, message)
    if number != number.to_integral_value() or not MIN_BASE <= number <= MAX_BASE:
        raise ValueError(message.format(v=value))
    return int(number)


def work_days_in_year(value) -> int:
    """Days worked in a year: a whole number from 0 to 366."""
    message = _("Work days in a year are a whole number from 0 to 366; “{v}” is not.")
    number = _number(value, message)
    if number != number.to_integral_value() or not 0 <= number <= MAX_DAYS_IN_YEAR:
        raise ValueError(message.format(v=value))
    return int(number)


def required_days(base, months_abroad=0, months_unemployed=0, illness_abroad: bool = False) -> WorkDays:
    """Required work days after justified absence (seed 001)."""
    base = check_base(base)
    abroad = parse_months(months_abroad)
    unemployed = parse_months(months_unemployed)
    if abroad > MAX_MONTHS_ABROAD and not illness_abroad:
        raise ValueError(_("Travel abroad counts for at most 4 months unless for illness or hospital abroad: "
                           "enter 4 and note the rest."))
    months = abroad + unemployed
    notes = ()
    if months > MAX_MONTHS_ABSENT:  # capped, not refused: a long documented illness abroad is real
        notes = (_("Justified absence of {months} months counts as 12: the requirement cannot go below zero.").format(
            months=format_count(months, current_language())),)
        months = MAX_MONTHS_ABSENT
    absence_days = DAYS_PER_MONTH * months
    exact = base * (WORKING_DAYS_PER_YEAR - absence_days) / WORKING_DAYS_PER_YEAR
    return WorkDays(exact=exact, to_meet=math.ceil(exact), absence_days=absence_days, months_absent=months,
                    citations=(CITATION,), notes=notes, base=base, months_abroad=abroad,
                    months_unemployed=unemployed, illness_abroad=bool(illness_abroad))


def format_count(value: Decimal | int, locale: str = "el") -> str:
    """A count as few decimals as it has: «2», «2,5», «62,5» (Babel, decimal comma in Greek)."""
    return _babel_decimal(Decimal(value), format="#,##0.##", locale=locale)


def formula_text(result: WorkDays, locale: str = "el") -> str:
    """The formula with its numbers: «200 × (300 − 50) / 300 = 200 × 250 / 300 = 166,67»."""
    base, absence = format_count(result.base, locale), format_count(result.absence_days, locale)
    year = format_count(WORKING_DAYS_PER_YEAR, locale)
    remaining = format_count(WORKING_DAYS_PER_YEAR - result.absence_days, locale)
    return (f"{base} × ({year} − {absence}) / {year} = {base} × {remaining} / {year} = "
            f"{format_decimal(result.exact, locale)}")


def absence_text(result: WorkDays, locale: str = "el") -> str:
    """«2 × 25 = 50»: the months that counted and the days of absence they make."""
    return (f"{format_count(result.months_absent, locale)} × {format_count(DAYS_PER_MONTH, locale)} = "
            f"{format_count(result.absence_days, locale)}")


def renewal_rules_apply(permit_expires_on: date) -> bool:
    """001 concerns work permits expiring after 1-1-2006, renewed under ν. 3386/05."""
    return permit_expires_on > RULES_FROM


def first_renewal_base(kya_base: int = KYA_160_2006_BASE, older_base: int = OLDER_RULE_BASE, *,
                       former_art23: bool = False, ika_several_employers_par10: bool = False) -> tuple[int, str]:
    """The base at the first renewal: the more favourable provision, but only for those 001 names.

    They are former holders of an art. 23 ν. 2910/01 permit (independent
    services, e.g. contractors) and workers with several non-fixed employers
    insured at ΙΚΑ (builders, private nurses, domestic staff) who applied
    under art. 91 par. 10. Everyone else meets the ΚΥΑ 160/2006 figure.
    """
    if former_art23 or ika_several_employers_par10:
        return min(kya_base, older_base), "001: at the first renewal the more favourable provision applies"
    return kya_base, "001: the ΚΥΑ 160/2006 minimum for the category and insurer"


def renewal_base(*, first_renewal: bool, former_art23: bool = False, ika_several_employers_par10: bool = False,
                 kya_base: int = KYA_160_2006_BASE) -> int:
    """The base at a renewal under ν. 3386/05 (001).

    Former art. 23 ν. 2910/01 holders have the 150 days only at the first
    renewal; workers with several non-fixed employers insured at ΙΚΑ who
    applied under art. 91 par. 10 have them at the first renewal «και
    εφεξής», at every later one too. Everyone else: the ΚΥΑ figure.
    """
    kya_base = check_base(kya_base)
    if ika_several_employers_par10 or (former_art23 and first_renewal):
        return min(kya_base, OLDER_RULE_BASE)
    return kya_base
