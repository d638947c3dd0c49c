"""Small conversions shared by the registry's services."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def new_uuid() -> str:
    return str(uuid.uuid4())


def now() -> str:
    """Local time to the second, ISO 8601 with offset: what the clerk's clock said."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def to_cents(amount: Decimal) -> int:
    """Money is stored exactly, as integer cents."""
    if not isinstance(amount, Decimal):
        raise TypeError("money is Decimal, never float")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has more than 2 decimals")
    return int(cents)


def from_cents(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces): stable for hashing and diffing."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")
