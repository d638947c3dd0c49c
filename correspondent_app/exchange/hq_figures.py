"""A village's figures and protocol-book findings, added up in Python from its rows, wherever they come from:
from the database after a merge changed the village (``hq_sqlite``), or straight from a package whose village
HQ held nothing of before (the merge's readers, so that a national merge of first packages does not read a
million rows back at its end). Both feed the same functions here, so the two can never count differently.

Each function takes rows as the store reads them back: ``None`` where SQL has NULL.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from correspondent_app.exchange.hq_finding_texts import protocol_problems

Figures = dict[tuple[str, str], list[int]]  # (installation, category) -> [cases, certificates, voided, cents]
Weeks = dict[tuple[str, str, str], int]  # (installation, Monday, category) -> certificates in force


def village_figures(cases: Iterable[tuple], certificates: Iterable[tuple],
                    payments: Iterable[tuple]) -> tuple[Figures, Weeks]:
    """From ``cases`` (installation, uuid, category or outcome or ''), ``certificates`` (installation, case,
    voided, issued on) and ``payments`` (installation, case, cents; cents never None): a certificate or payment
    counts under its case's category, and only when its village's case is among ``cases``."""
    category = {(inst, uuid): cat for inst, uuid, cat in cases}
    figures: Figures = {}
    for (inst, _uuid), cat in category.items():
        figures.setdefault((inst, cat), [0, 0, 0, 0])[0] += 1
    weeks: Weeks = {}
    for inst, case, voided, issued in certificates:
        cat = category.get((inst, case))
        if cat is None:
            continue
        figures[(inst, cat)][2 if voided else 1] += 1
        week = None if voided else monday(issued)
        if week is not None:
            weeks[(inst, week, cat)] = weeks.get((inst, week, cat), 0) + 1
    for inst, case, cents in payments:
        cat = category.get((inst, case))
        if cat is not None:
            figures[(inst, cat)][3] += cents
    return figures, weeks


def monday(issued: str | None) -> str | None:
    """The Monday of the week of an ISO date (or date and time), or None for no date."""
    return _monday(str(issued)[:10])


@functools.lru_cache(maxsize=1 << 12)  # a village's certificates fall on a few hundred days
def _monday(issued: str) -> str | None:
    try:
        day = date.fromisoformat(issued)
    except ValueError:
        return None
    return (day - timedelta(days=day.weekday())).isoformat()


def protocol_book(installation: str, entries: list[tuple[int, int, str | None]],
                  certificates: Iterable[tuple[int, int]], starts: dict[int, int]) -> dict[tuple[str, int], str]:
    """What is wrong with a village's protocol books, as the database's three queries find it: ``entries``
    (year, number, date) of its protocol book, ``certificates`` (year, number) of its certificates with a
    number, ``starts`` the first number of each year. Years and numbers are whole numbers here (the caller
    leaves a village with a missing one to the database)."""
    low: dict[int, int] = {}
    for year, number, _day in entries:
        low[year] = min(low.get(year, number), number)
    late = [(installation, year, n, starts.get(year, 1)) for year, n in sorted(low.items())
            if n > starts.get(year, 1)]
    steps = []
    previous = None
    # ORDER BY year, number, date: SQL puts a missing date first
    for year, number, day in sorted(entries, key=lambda e: (e[0], e[1], e[2] is not None, e[2] or "")):
        if previous is not None and previous[0] == year:
            _y, prev, prev_day = previous
            back = day is not None and prev_day is not None and day < prev_day
            if number - prev > 1 or number == prev or back:
                steps.append((installation, year, prev, number, prev_day, day))
        previous = (year, number, day)
    listed = {(year, number) for year, number, _day in entries}
    unlisted = [(installation, year, number) for year, number in sorted(set(certificates))
                if (year, number) not in listed]
    return protocol_problems(late, steps, unlisted)


@dataclass(frozen=True)
class PackageFigures:
    """What a package says of its village's figures and protocol books, were it all HQ holds of the village."""

    figures: Figures
    weeks: Weeks
    protocol: dict[tuple[str, int], str]


def package_figures(installation: str, rows: dict[str, list[list]], starts: dict) -> PackageFigures | None:
    """From a package's rows as the store writes them (``[uuid, *COLUMNS[table], data]``), or None when the
    package has rows the database would count otherwise (a UUID twice in a table: the last one wins there; a
    protocol entry or certificate number without its year): the database then adds the village up."""
    cases, certificates = rows.get("cases", []), rows.get("certificates", [])
    payments, protocol = rows.get("payments", []), rows.get("protocol", [])
    for table in (cases, certificates, payments, protocol):
        if len({r[0] for r in table}) != len(table):
            return None
    entries = [(r[1], r[2], r[4]) for r in protocol]
    numbered = [(r[2], r[3]) for r in certificates if r[3] is not None]
    if any(type(y) is not int or type(n) is not int for y, n, _d in entries) \
            or any(type(y) is not int or type(n) is not int for y, n in numbered):
        return None
    try:
        starts = {int(year): first for year, first in starts.items()}
    except (TypeError, ValueError):
        return None
    if any(type(first) is not int for first in starts.values()):
        return None
    figures, weeks = village_figures(
        ((installation, r[0], r[3] if r[3] is not None else r[4] if r[4] is not None else "") for r in cases),
        ((installation, r[1], r[4] is not None, r[5]) for r in certificates),
        ((installation, r[1], r[3]) for r in payments if r[3] is not None))
    return PackageFigures(figures, weeks, protocol_book(installation, entries, numbered, starts))
