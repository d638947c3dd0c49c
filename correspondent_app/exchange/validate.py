"""Every value of a package's rows, checked before HQ merges anything of it.

A village's key proves where a package comes from, not that its values are
sane: a signed package with an amount of ``1e400`` once made ``hq report``
fail for every village. So each row is checked here, field by field, against
what the village registry itself can hold (its CHECK constraints, the
programme's categories, ISO dates, canonical UUIDs, bounded lengths); a
field the export never writes is refused too. One bad value refuses the
package whole, with the table, row and field named.

The check is one cheap function per row, without SQL, so that any way of
merging (one package at a time, batched, in threads) can call it on each row
as it is parsed. A field may be absent (packages made by other tools carry
fewer columns); only ``uuid`` is required, and the reader checks that.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

#: A canonical UUID as ``str(uuid.uuid4())`` writes it: HQ compares UUIDs as text, so "ABC…" and "abc…"
#: must not be two rows.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
#: Dates and times, their fields' ranges in the pattern (years 1890-2100): only a 29th, 30th or 31st
#: needs the calendar asked (2005-02-30), so the common case is one match.
_YMD = r"(?:189[0-9]|19[0-9][0-9]|20[0-9][0-9]|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_DATE = re.compile(_YMD).fullmatch
_TIMESTAMP = re.compile(_YMD + r"[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
                        r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?").fullmatch
_SHA256 = re.compile(r"[0-9a-f]{64}").fullmatch
#: Amounts in cents: positive, as the registry's CHECK has it, and at most EUR 1,000,000 a row, so that
#: the report's sums over millions of rows stay far inside SQLite's 64-bit integers.
MAX_CENTS = 100_000_000
#: Years of dates and protocol books: the programme is of 2005; birth dates go back a century before it
#: (the date patterns above spell the same range out).
FIRST_YEAR, LAST_YEAR = 1890, 2100
#: Text lengths: names and codes are short; facts (JSON), subjects and reasons are longer.
SHORT, LONG, FACTS = 200, 2_000, 20_000


class RowError(ValueError):
    """A bad value: ``field`` and the one-line ``reason``."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field


# ---------------------------------------------------------------- what each kind of value may be
# Each check returns True for a good value; the slower explanation is made only for a bad one.


def _text(limit: int):
    return lambda v: type(v) is str and len(v) <= limit and "\x00" not in v


def _nullable(check):
    return lambda v: v is None or check(v)


def _uuid(v) -> bool:
    return type(v) is str and len(v) == 36 and _UUID(v) is not None


def _real_day(v: str) -> bool:
    """The 29th to 31st of a month that has it."""
    try:
        date.fromisoformat(v[:10])
    except ValueError:
        return False
    return True


def _date(v) -> bool:
    return type(v) is str and len(v) == 10 and _DATE(v) is not None and (v[8] < "3" and v[8:] != "29"
                                                                       or _real_day(v))


def _timestamp(v) -> bool:
    return type(v) is str and len(v) <= 40 and _TIMESTAMP(v) is not None and (v[8] < "3" and v[8:10] != "29"
                                                                             or _real_day(v))


def _cents(v) -> bool:
    return type(v) is int and 0 < v <= MAX_CENTS  # type() is int: True, 1.5, "1" and 1e400 (a float) are not


def _integer(low: int, high: int):
    return lambda v: type(v) is int and low <= v <= high


def _one_of(values):
    values = frozenset(values)
    return lambda v: type(v) is str and v in values


def _sha256(v) -> bool:
    return type(v) is str and len(v) == 64 and _SHA256(v) is not None


# ---------------------------------------------------------------- the fields of each table


@cache
def _programmes() -> dict[str, frozenset]:
    """What the shipped programmes define: their names, categories, provisions and grounds of competence."""
    from correspondent_app.domain.programme import load_programme_file  # noqa: PLC0415 - only when merging
    from correspondent_app.paths import resource  # noqa: PLC0415

    paths = sorted(resource("rules").glob("*.toml"))
    loaded = [load_programme_file(path) for path in paths]
    return {"programme": frozenset(path.stem for path in paths),  # a case names its rules file, as load_programme does
            "category": frozenset(c for p in loaded for c in p.categories),
            "provision": frozenset(v for p in loaded for v in p.provisions),
            "competent": frozenset(c for p in loaded for c in p.competence)}


def _expect(check, description: str, *, nullable: bool = False):
    return (_nullable(check) if nullable else check), description + (" or null" if nullable else "")


def _fields() -> dict[str, dict[str, tuple]]:
    """table -> field -> (check, what a good value is)."""
    known = _programmes()
    uuid = _expect(_uuid, "a UUID (36 lowercase hexadecimal characters and dashes)")
    ref = _expect(_uuid, "a UUID (36 lowercase hexadecimal characters and dashes)", nullable=True)
    short = _expect(_text(SHORT), f"text of at most {SHORT} characters")
    long = _expect(_text(LONG), f"text of at most {LONG} characters")
    day = _expect(_date, f"a date YYYY-MM-DD between {FIRST_YEAR} and {LAST_YEAR}", nullable=True)
    stamp = _expect(_timestamp, "a date and time (ISO 8601)", nullable=True)
    cents = f"an amount in cents (a whole number from 1 to {MAX_CENTS:,})"
    year = _expect(_integer(FIRST_YEAR, LAST_YEAR), f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    number = _expect(_integer(1, 10_000_000), "a whole number from 1 to 10,000,000")

    def enum(values, nullable=False):
        return _expect(_one_of(values), "one of " + ", ".join(sorted(values)), nullable=nullable)

    return {
        "persons": {"uuid": uuid, **dict.fromkeys(("surname_el", "name_el", "surname_lat", "name_lat", "father_name",
                                                   "mother_name", "birth_place", "nationality", "passport_no",
                                                   "residence_doc_no", "amka", "afm", "oga_no", "community"), short),
                    "birth_date": day, "residence_valid_from": day, "residence_valid_to": day,
                    "residence_doc": enum({"permit", "complete_dossier", "incomplete_dossier", "none"}),
                    "updated_at": stamp},
        "cases": {"uuid": uuid, "person_uuid": ref, "programme": enum(known["programme"]),
                  "state": enum({"draft", "awaiting_payment", "paid", "issued", "forwarded", "archived", "cancelled"}),
                  "facts": _expect(_text(FACTS), f"text of at most {FACTS} characters"),
                  "outcome": enum({"certificate", "other_insurer", "ask_oga", "not_oga"}, nullable=True),
                  "category": enum(known["category"], nullable=True),
                  "provision": enum(known["provision"], nullable=True),
                  "amount_cents": _expect(_cents, cents, nullable=True),
                  "amount_source": enum({"fixed", "hq_list", "oga", "manual"}, nullable=True),
                  "amount_reference": long, "competent": enum(known["competent"], nullable=True),
                  "competent_here": _expect(_integer(0, 1), "0 or 1", nullable=True), "cancel_reason": long,
                  "forwarded_on": stamp, "created_at": stamp, "updated_at": stamp},  # forwarded_on: when sent
        "payments": {"uuid": uuid, "case_uuid": ref, "kind": enum({"ate", "elta"}),
                     "receipt_code": _expect(_text(SHORT), f"text of at most {SHORT} characters", nullable=True),
                     "elta_reference": short, "paid_on": day, "amount_cents": _expect(_cents, cents),
                     "override_reason": long, "recorded_at": stamp},
        "certificates": {"uuid": uuid, "case_uuid": ref, "payment_uuid": ref,
                         "model": _expect(_integer(1, 99), "a model number from 1 to 99"),
                         "protocol_year": year, "protocol_no": number, "issued_on": day,
                         "verification_code": short,
                         "pdf_sha256": _expect(_sha256, "a SHA-256 (64 lowercase hexadecimal characters)",
                                               nullable=True),
                         "voided_at": stamp, "void_reason": long},
        "protocol": {"uuid": uuid, "year": year, "number": number, "entry_date": day,
                     "kind": enum({"certificate", "transmittal", "export", "other"}), "subject": long,
                     "person_uuid": ref, "case_uuid": ref},
    }


@cache
def fields(table: str) -> dict[str, tuple]:
    """The fields a row of ``table`` may have: field -> (check, what a good value is)."""
    return _fields()[table]


_CHECKS: dict[str, dict] = {}  # table -> field -> check: the loop looks up one dict, no tuple


def check_row(table: str, row: dict) -> None:
    """Raise :class:`RowError` for the first field of ``row`` that is unknown or holds a bad value.

    A plain loop over the row's fields: grouping fields to check them with C loops (``map``) was measured
    slower than this, as was caching a plan per set of fields."""
    checks = _CHECKS.get(table)
    if checks is None:
        checks = _CHECKS[table] = {field: spec[0] for field, spec in fields(table).items()}
    for field, value in row.items():
        check = checks.get(field)
        if check is None or not check(value):
            raise RowError(field, _explain(fields(table).get(field), value))


def _explain(spec, value) -> str:
    if spec is None:
        return "a field this table does not have"
    shown = repr(value)
    shown = shown if len(shown) <= 40 else f"{shown[:30]}… ({len(value) if isinstance(value, str) else '?'} long)"
    if isinstance(value, (list, dict)):
        return f"a value of the wrong type ({type(value).__name__}) where {spec[1]} goes"
    return f"{shown} is not {spec[1]}"
