"""What the checks across villages say, whatever the engine that found it (``hq_sqlite_checks``,
``hq_postgres_checks`` run the queries; the texts, kinds, subjects and order are made here, once)."""

from __future__ import annotations

from collections.abc import Iterable

#: The order findings are reported in: receipts, persons by passport, AMKA, names, protocol books.
POSITION = {"receipt": 1, "passport_no": 2, "amka": 3, "name_key": 4, "protocol": 5}
PERSON_KEYS = (("passport_no", "passport"), ("amka", "AMKA"), ("name_key", "names and birth date"))
#: How many protocol problems of one village and year are listed before "… and N more".
PROTOCOL_LIMIT = 5


def ranges(pairs: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in pairs)


def receipt_text(code: str, where: str) -> str:
    return f"ATE receipt {code} used in {where}"


def person_text(column: str, label: str, value: str, shown: str, birth: str, where: str) -> str:
    if column == "name_key":
        return f"possibly the same person ({label}: {shown}, born {birth}) holds certificates in {where}"
    return f"same {label} {value} holds certificates in {where}"


def protocol_text(village: str, year, problems: str) -> str:
    return f"{village} protocol {year}: {problems}"


def protocol_subject(installation: str, year) -> str:
    return f"{installation}|{year:06d}" if isinstance(year, int) else f"{installation}|{year}"


def protocol_problems(late_starts: Iterable[tuple], steps: Iterable[tuple],
                      unlisted: Iterable[tuple]) -> dict[tuple[str, int], str]:
    """(installation, year) -> what is wrong with that protocol book, from the engine's three queries:
    ``late_starts`` (installation, year, lowest number, first number expected), ``steps`` (installation, year,
    previous number, number, previous date, date) where a number is skipped, repeated or dated back, and
    ``unlisted`` (installation, year, number) of certificates without an entry."""
    problems: dict[tuple[str, int], list[str]] = {}

    def add(installation, year, text):
        texts = problems.setdefault((installation, year), [])
        if text not in texts:
            texts.append(text)

    for installation, year, low, first in late_starts:
        add(installation, year, f"numbers {ranges([(first, low - 1)])} missing at the start of the year")
    for installation, year, prev, number, prev_date, entry_date in steps:
        if number == prev:
            add(installation, year, f"number {number} used twice")
        elif number - prev > 1:
            add(installation, year, f"numbers {ranges([(prev + 1, number - 1)])} missing")
        if entry_date is not None and prev_date is not None and entry_date < prev_date and number != prev:
            add(installation, year, f"no. {number} dated {entry_date}, before no. {prev} dated {prev_date}")
    for installation, year, number in unlisted:
        add(installation, year, f"certificate no. {number} has no entry in the protocol book HQ holds")
    return {key: "; ".join(texts[:PROTOCOL_LIMIT] + ([f"… and {len(texts) - PROTOCOL_LIMIT} more"]
                                                    if len(texts) > PROTOCOL_LIMIT else []))
            for key, texts in problems.items()}
