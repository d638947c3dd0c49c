"""What HQ's report reads: figures kept up to date by every merge, thousands of rows rather than a million.

The storage (``hq_store``) maintains them inside each merge's transaction and
returns them as these plain values; the report (CSV and PDF) is made from them
alone, so it never scans the merged rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class VillageFigures:
    """One installation's cases of one category (or, for a case without one, its outcome)."""

    installation: str
    community: str
    municipality: str
    prefecture: str
    #: "1α" "1β" "1γ" "1δ" "2", or for a case without a category its outcome ("not_oga", "other_insurer",
    #: "ask_oga"), or "" for a case still undecided
    category: str
    cases: int
    certificates: int  # in force (not voided)
    voided: int  # certificates voided
    amount_cents: int  # sum of the payments recorded for these cases


@dataclass(frozen=True)
class WeekFigures:
    """Certificates in force issued in the week beginning ``week`` (a Monday), per category."""

    week: date
    category: str
    certificates: int


@dataclass(frozen=True)
class FindingSummary:
    """Findings of one kind: how many, how many still open, and the first few texts (for the PDF)."""

    kind: str
    count: int
    open: int
    first: tuple[str, ...] = ()


@dataclass(frozen=True)
class Aggregates:
    villages: list[VillageFigures]
    weeks: list[WeekFigures] = field(default_factory=list)
    findings: list[FindingSummary] = field(default_factory=list)
