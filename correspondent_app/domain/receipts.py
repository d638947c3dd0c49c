"""The ATE receipt code (Γραμμάτιο Είσπραξης ΑΤΕ), 002 ch. 3 §1α.

The correspondent copies it from the bank receipt as 4/6/6 digits: the ATE
branch (4), the payment date as DDMMYY (6) and the transaction number (6),
e.g. ``0623/300605/129009``. It is written on the certificate and in section
7α of the Δελτίο Απογραφής, so it is always stored and printed in that
canonical form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import current_language, N_, _

CITATION = "002 ch. 3 §1α"
#: [policy] the two-digit year of the receipt is 20YY (the programme is 2005-).
CENTURY = 2000

_PARTS = (("branch", 4), ("date", 6), ("transaction", 6))
# Clerks type the code as printed, run together, or with spaces or dashes.
_SEPARATORS = re.compile(r"[\s/\-.]+")


class InvalidReceipt(ValueError):
    """A receipt code that cannot be right; ``part`` names the faulty part.

    ``part`` is one of ``"format"``, ``"branch"``, ``"date"``,
    ``"transaction"``, so that a form can point at the field to correct.
    """

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


@dataclass(frozen=True, order=True)
class AteReceipt:
    """A checked ATE receipt code."""

    branch: str
    paid_on: date
    transaction: str

    def __str__(self) -> str:
        return f"{self.branch}/{self.paid_on:%d%m%y}/{self.transaction}"

    @property
    def code(self) -> str:
        """The canonical ``NNNN/DDMMYY/NNNNNN`` form."""
        return str(self)


def parse_ate_receipt(text: str, *, today: date | None = None, earliest: date | None = None) -> AteReceipt:
    """Check a receipt code as typed and return it in canonical form.

    Accepts ``0623/300605/129009``, ``0623300605129009``,
    ``0623 300605 129009`` and ``0623-300605-129009``. Refuses wrong
    lengths, non-digits, impossible dates and payment dates after ``today``
    (default: the real today) with an :class:`InvalidReceipt` naming the part,
    and dates before ``earliest`` (default: the programme's earliest receipt,
    1-1-2005), which no payment of the programme can carry.
    """
    today = today or date.today()
    branch, day, transaction = _split(text)
    paid_on = _payment_date(day)
    check_payment_date(paid_on, earliest=earliest)
    if paid_on > today:
        raise InvalidReceipt(
            "date",
            _("The payment date {paid} on the receipt is after today: check the 6 middle digits (DDMMYY).").format(
                paid=format_date(paid_on, current_language())
            ),
        )
    return AteReceipt(branch=branch, paid_on=paid_on, transaction=transaction)


def earliest_payment() -> date | None:
    """The programme's earliest plausible payment date (a policy in the rules file)."""
    from correspondent_app.domain.programme import load_programme  # noqa: PLC0415 - programme is data, loaded once

    cited = load_programme().earliest_receipt
    return cited.value if cited else None


def check_payment_date(paid_on: date, *, earliest: date | None = None) -> None:
    """A payment of the programme is not dated before its earliest plausible day (InvalidReceipt)."""
    earliest = earliest or earliest_payment()
    if earliest is not None and paid_on < earliest:
        raise InvalidReceipt(
            "date",
            _("The payment date {paid} is before {earliest}: no payment of the programme can carry it. Check the "
              "6 middle digits (DDMMYY).").format(paid=format_date(paid_on, current_language()),
                                                  earliest=format_date(earliest, current_language())),
        )


def _split(text: str) -> tuple[str, str, str]:
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidReceipt("format", _("Type the receipt code: 4 digits branch, 6 digits date, 6 digits transaction."))
    groups = [g for g in _SEPARATORS.split(cleaned) if g]
    if len(groups) == 1:
        groups = _split_run_together(groups[0])
    if len(groups) != 3:
        raise InvalidReceipt(
            "format",
            _("A receipt code has three parts (branch/date/transaction), e.g. 0623/300605/129009; found {n}.").format(
                n=len(groups)
            ),
        )
    for (part, length), group in zip(_PARTS, groups, strict=True):
        _check_part(part, length, group)
    return groups[0], groups[1], groups[2]


def _split_run_together(run: str) -> list[str]:
    if len(run) != 16:
        raise InvalidReceipt(
            "format",
            _("A receipt code typed without separators has 16 digits (4+6+6); found {n} characters.").format(n=len(run)),
        )
    return [run[:4], run[4:10], run[10:]]


_PART_NAMES = {
    "branch": N_("branch number"),
    "date": N_("payment date"),
    "transaction": N_("transaction number"),
}


def _check_part(part: str, length: int, group: str) -> None:
    name = _(_PART_NAMES[part])
    if not group.isascii() or not group.isdigit():
        raise InvalidReceipt(part, _("The {name} must contain digits only; found “{value}”.").format(name=name, value=group))
    if len(group) != length:
        raise InvalidReceipt(
            part,
            _("The {name} must have {length} digits; found {n} (“{value}”).").format(
                name=name, length=length, n=len(group), value=group
            ),
        )


def _payment_date(ddmmyy: str) -> date:
    day, month, year = int(ddmmyy[:2]), int(ddmmyy[2:4]), CENTURY + int(ddmmyy[4:])
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidReceipt(
            "date",
            _("The payment date “{value}” is not a real date: the 6 middle digits are day, month, year (DDMMYY).").format(
                value=ddmmyy
            ),
        ) from None
