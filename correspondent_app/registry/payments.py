"""Payments: the ATE receipt (one receipt, one case) and ΕΛΤΑ receipts for 1α.

The receipt code is UNIQUE in the schema; the service checks first so that
the refusal names the case that already holds it. The amount paid must equal
the amount due unless the correspondent records why ([policy], DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from correspondent_app.domain.formatting import format_eur
from correspondent_app.domain.receipts import check_payment_date, parse_ate_receipt
from correspondent_app.i18n import _, current_language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import from_cents, iso, new_uuid, now, to_cents


@dataclass(frozen=True)
class Payment:
    id: int
    uuid: str
    case_id: int
    kind: str
    receipt_code: str | None
    elta_reference: str
    paid_on: date
    amount: Decimal
    override_reason: str


class DuplicateReceipt(RegistryError):
    """The receipt already pays another case (named in the message)."""

    def __init__(self, code: str, case_id: int, person_name: str) -> None:
        super().__init__(_("Receipt {code} is already recorded for case {case} ({person}): a receipt pays for one case only.").format(
            code=code, case=case_id, person=person_name))
        self.case_id = case_id


class AmountMismatch(RegistryError):
    """The amount paid differs from the amount due and no reason was recorded."""


_COLUMNS = "id, uuid, case_id, kind, receipt_code, elta_reference, paid_on, amount_cents, override_reason"


class Payments:
    def __init__(self, registry) -> None:
        self.registry = registry

    def for_case(self, case_id: int) -> Payment | None:
        row = self.registry.db.execute(f"SELECT {_COLUMNS} FROM payments WHERE case_id = ?", [case_id]).fetchone()
        return _payment(row) if row else None

    def holder_of(self, code: str) -> int | None:
        """The case that holds receipt ``code`` (canonical form), if any."""
        row = self.registry.db.execute("SELECT case_id FROM payments WHERE receipt_code = ?", [code]).fetchone()
        return row[0] if row else None

    def record_ate(self, case_id: int, code: str, amount: Decimal, *, today: date | None = None,
                   override_reason: str = "") -> Payment:
        """Record the ATE receipt of a case awaiting payment; the case becomes paid."""
        receipt = parse_ate_receipt(code, today=today)
        return self._record(case_id, "ate", str(receipt), "", receipt.paid_on, amount, override_reason)

    def record_elta(self, case_id: int, reference: str, paid_on: date, amount: Decimal, *,
                    override_reason: str = "") -> Payment:
        """1α: the ΕΛΤΑ notice receipt (ταχυπληρωμή)."""
        if not reference.strip():
            raise RegistryError(_("Enter the reference printed on the ΕΛΤΑ receipt."))
        if paid_on > date.today():
            raise RegistryError(_("The payment date is after today."))
        check_payment_date(paid_on)
        return self._record(case_id, "elta", None, reference.strip(), paid_on, amount, override_reason)

    def duplicate_of(self, code: str, case_id: int | None = None) -> DuplicateReceipt | None:
        """The refusal a second use of receipt ``code`` gets (None if it pays no other case).

        The counter asks as the code is typed; recording asks again in its
        transaction, and the schema's UNIQUE constraint has the last word.
        """
        holder = self.holder_of(code)
        if holder is None or holder == case_id:
            return None
        person = self.registry.persons.get(self.registry.cases.get(holder).person_id)
        return DuplicateReceipt(code, holder, person.display_name)

    def _record(self, case_id, kind, code, elta_reference, paid_on, amount, override_reason) -> Payment:
        with self.registry.write():
            case = self.registry.cases.get(case_id)
            if case.state != "awaiting_payment":
                raise RegistryError(_("Only a case awaiting payment takes a receipt."))
            if code and (duplicate := self.duplicate_of(code)) is not None:
                raise duplicate
            self._check_amount(case, amount, override_reason)
            uuid = new_uuid()
            row = [uuid, case_id, kind, code, elta_reference, iso(paid_on), to_cents(amount), override_reason.strip(), now()]
            self.registry.db.execute(
                "INSERT INTO payments (uuid, case_id, kind, receipt_code, elta_reference, paid_on, amount_cents, "
                "override_reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            self.registry.audit("record", "payment", uuid, None, {"case": case.uuid, "kind": kind, "receipt": code,
                                "elta": elta_reference, "paid_on": paid_on, "amount": amount,
                                "override_reason": override_reason})
            self.registry.cases.move(case_id, "paid")
        return self.for_case(case_id)

    def _check_amount(self, case, amount: Decimal, override_reason: str) -> None:
        if not isinstance(amount, Decimal):
            raise TypeError("money is Decimal, never float")
        if amount <= 0:
            raise AmountMismatch(_("The amount paid must be more than zero."))
        if case.amount is not None and amount != case.amount and not override_reason.strip():
            lang = current_language()
            raise AmountMismatch(_("The receipt says {paid} but {due} is due. Check the receipt, or record why "
                                   "a different amount is accepted (e.g. OGA's instruction).").format(
                paid=format_eur(amount, lang), due=format_eur(case.amount, lang)))


def _payment(row) -> Payment:
    id_, uuid, case_id, kind, code, elta, paid_on, cents, reason = row
    return Payment(id_, uuid, case_id, kind, code, elta, date.fromisoformat(paid_on), from_cents(cents), reason)
