"""The protocol book (πρωτόκολλο): numbers per calendar year, gapless, never reused.

A number is assigned only inside the write transaction that records what it
numbers (a certificate, a transmittal, an export), so a crash leaves either
both or neither. The schema's triggers refuse a number that is not the next
one, and any change or deletion of an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import _, current_language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import new_uuid, now


@dataclass(frozen=True)
class ProtocolEntry:
    year: int
    number: int
    uuid: str
    entry_date: date
    kind: str
    subject: str
    person_id: int | None
    case_id: int | None

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


_COLUMNS = "year, number, uuid, entry_date, kind, subject, person_id, case_id"


class ProtocolBook:
    def __init__(self, registry) -> None:
        self.registry = registry

    def next_number(self, year: int) -> int:
        """The number the next entry of ``year`` will get."""
        row = self.registry.db.execute(
            "SELECT COALESCE((SELECT MAX(number) + 1 FROM protocol WHERE year = :y), "
            "(SELECT first_number FROM protocol_start WHERE year = :y), 1)",
            {"y": year},
        ).fetchone()
        return row[0]

    def set_first_number(self, year: int, first_number: int) -> None:
        """Continue a paper book: the year's numbering starts at ``first_number``.

        Allowed once per year, before any number of that year is used.
        """
        if first_number < 1:
            raise RegistryError(_("The first protocol number must be 1 or more."))
        with self.registry.write():
            if self.registry.db.execute("SELECT 1 FROM protocol WHERE year = ?", [year]).fetchone():
                raise RegistryError(
                    _("Numbers of {year} are already in use: the first number can only be set before the first entry.").format(year=year)
                )
            if self.registry.db.execute("SELECT 1 FROM protocol_start WHERE year = ?", [year]).fetchone():
                raise RegistryError(_("The first protocol number of {year} was already set.").format(year=year))
            self.registry.db.execute(
                "INSERT INTO protocol_start (year, first_number, set_at) VALUES (?, ?, ?)", [year, first_number, now()]
            )
            self.registry.audit("set_first_number", "protocol", str(year), None, {"year": year, "first_number": first_number})

    def enter(self, kind: str, subject: str, *, on: date | None = None, person_id: int | None = None,
              case_id: int | None = None) -> ProtocolEntry:
        """Take the next number of the year. Call inside the transaction that records the numbered thing.

        An entry is dated today. A date given (``on``) may not be in the future,
        nor before the book's last entry: a book is written in date order, and
        backdating is what it must not allow. Today itself is never refused:
        if the computer's clock once ran ahead, an entry of today comes after
        a later-dated one, and ``check`` reports it instead of the counter
        stopping until the calendar catches up.
        """
        today = date.today()
        if not self.registry.db.conn.in_transaction:
            raise RuntimeError("protocol numbers are assigned inside the transaction of what they number")
        if on is not None and on > today:
            raise RegistryError(_("A protocol entry cannot be dated in the future ({date}).").format(
                date=format_date(on, current_language())))
        latest = self.registry.db.execute("SELECT MAX(entry_date) FROM protocol").fetchone()[0]
        if on is not None and on != today and latest and on.isoformat() < latest:
            raise RegistryError(_("The protocol book is in date order: its last entry is dated {date}, so a new "
                                  "entry cannot be dated earlier.").format(
                date=format_date(date.fromisoformat(latest), current_language())))
        on = on or today
        entry = ProtocolEntry(on.year, self.next_number(on.year), new_uuid(), on, kind, subject, person_id, case_id)
        self.registry.db.execute(
            f"INSERT INTO protocol ({_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [entry.year, entry.number, entry.uuid, on.isoformat(), kind, subject, person_id, case_id, now()],
        )
        self.registry.audit("enter", "protocol", entry.uuid, None,
                            {"year": entry.year, "number": entry.number, "kind": kind, "subject": subject,
                             "date": on.isoformat()})
        return entry

    def entries(self, year: int | None = None, *, since: date | None = None, until: date | None = None,
                text: str = "", limit: int = 1000) -> list[ProtocolEntry]:
        """Entries, newest first, filtered by year, date range and subject text."""
        where, params = ["1 = 1"], []
        if year is not None:
            where.append("year = ?")
            params.append(year)
        if since:
            where.append("entry_date >= ?")
            params.append(since.isoformat())
        if until:
            where.append("entry_date <= ?")
            params.append(until.isoformat())
        if text:
            where.append("subject LIKE ?")
            params.append(f"%{text}%")
        rows = self.registry.db.execute(
            f"SELECT {_COLUMNS} FROM protocol WHERE {' AND '.join(where)} ORDER BY year DESC, number DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [ProtocolEntry(r[0], r[1], r[2], date.fromisoformat(r[3]), *r[4:]) for r in rows]

    def out_of_order(self) -> list[str]:
        """Entries dated before the entry numbered just before them (a clock that ran ahead, or worse)."""
        return [f"protocol {number}/{year} is dated {day}, before {prev_number}/{year} ({prev_day})"
                for year, number, day, prev_number, prev_day in self.registry.db.execute(
                    "SELECT p.year, p.number, p.entry_date, q.number, q.entry_date FROM protocol p JOIN protocol q "
                    "ON q.year = p.year AND q.number = p.number - 1 WHERE p.entry_date < q.entry_date "
                    "ORDER BY p.year, p.number")]

    def gaps(self) -> list[str]:
        """Problems in the numbering (empty when every year runs without a gap)."""
        problems = []
        for year, first, last, count in self.registry.db.execute(
            "SELECT year, MIN(number), MAX(number), COUNT(*) FROM protocol GROUP BY year"
        ):
            start = self.registry.db.execute("SELECT first_number FROM protocol_start WHERE year = ?", [year]).fetchone()
            expected_first = start[0] if start else 1
            if first != expected_first or last - first + 1 != count:
                problems.append(f"protocol {year}: numbers {first}–{last} with {count} entries (expected to start at {expected_first}, no gaps)")
        return problems
