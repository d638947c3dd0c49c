"""What the steps after the decision share: the screen's language, the amount as typed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from correspondent_app.i18n import _, current_language


def lang() -> str:
    return current_language()


def parse_amount(text: str) -> Decimal:
    cleaned = text.strip().replace("€", "").replace(" ", "")
    if not cleaned:
        raise ValueError(_("Type the amount printed on the receipt."))
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Type the amount in euro, e.g. 798,48.")) from None
