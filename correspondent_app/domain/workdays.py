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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from correspondent_app.i18n import _

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
#: 001: the ΚΥΑ applies to work permits that expire after this day.
RULES_FROM = date(2006, 1, 1)


@dataclass(frozen=True)
class WorkDays:
    exact: Decimal  # the exact requirement (shown with 2 decimals)
    to_meet: int  # [policy] rounded up: the whole days the person must have
    absence_days: Decimal
    months_absent: Decimal  # what counted, after the 12-month cap
    citations: tuple[str, ...]
    notes: tuple[str, ...] = ()


def _months(value, name: str) -> Decimal:
    if isinstance(value, float) or isinstance(value, bool):
        raise TypeError(f"{name}: use an int or Decimal, never float")
    value = Decimal(value)
    if value < 0:
        raise ValueError(_("Months of absence cannot be negative."))
    return value


def required_days(base, months_abroad=0, months_unemployed=0, illness_abroad: bool = False) -> WorkDays:
    """Required work days after justified absence (seed 001)."""
    if isinstance(base, float) or isinstance(base, bool):
        raise TypeError("base: use an int or Decimal, never float")
    base = Decimal(base)
    if base <= 0:
        raise ValueError(_("The base number of days must be more than zero."))
    abroad = _months(months_abroad, "months_abroad")
    unemployed = _months(months_unemployed, "months_unemployed")
    if abroad > MAX_MONTHS_ABROAD and not illness_abroad:
        raise ValueError(_("Travel abroad counts for at most 4 months unless for illness or hospital abroad: "
                           "enter 4 and note the rest."))
    months = abroad + unemployed
    notes = ()
    if months > MAX_MONTHS_ABSENT:  # capped, not refused: a long documented illness abroad is real
        notes = (_("Justified absence of {months} months counts as 12: the requirement cannot go below zero.").format(
            months=months),)
        months = MAX_MONTHS_ABSENT
    absence_days = DAYS_PER_MONTH * months
    exact = base * (WORKING_DAYS_PER_YEAR - absence_days) / WORKING_DAYS_PER_YEAR
    return WorkDays(exact=exact, to_meet=math.ceil(exact), absence_days=absence_days, months_absent=months,
                    citations=(CITATION,), notes=notes)


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
