"""HQ's lists of active and interrupted insured with each person's amount (002 §1).

[policy] format (DOMAIN.md): UTF-8 CSV (a BOM is fine) with a header row and
at least the columns below, named in English or Greek; comma or semicolon
separated, as Greek Excel writes it. Amounts as ``798,48``, ``1.020,36`` or
``798.48``; dates as ``30/06/1975`` or ``1975-06-30``. A malformed file is
refused whole, listing the line and column of every problem; nothing is
half-imported. HQ also mailed the lists on paper, so an amount can be typed
by hand with the list's reference (``add_manual``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from collections.abc import Callable
from pathlib import Path

from correspondent_app.domain.formatting import country_name
from correspondent_app.domain.identity import compact_number
from correspondent_app.domain.transliteration import search_tokens
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import from_cents, iso, new_uuid, now, to_cents

#: Column -> accepted header names (compared case- and accent-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "oga_no": ("oga_no", "oga registry number", "αμ ογα", "αριθμος μητρωου ογα", "αρ. μητρωου"),
    "surname": ("surname", "επωνυμο"),
    "name": ("name", "ονομα"),
    "father_name": ("father_name", "father's name", "πατρωνυμο", "ονομα πατρος"),
    "birth_date": ("birth_date", "date of birth", "ημερομηνια γεννησης", "ημ. γεννησης"),
    "nationality": ("nationality", "υπηκοοτητα"),
    "status": ("status", "κατασταση"),
    "amount": ("amount", "amount due", "ποσο", "οφειλομενο ποσο"),
}
#: How a column is named in a problem shown to the clerk.
COLUMN_LABELS = {"oga_no": N_("OGA registry number"), "surname": N_("surname"), "name": N_("name"),
                 "father_name": N_("father's name"), "birth_date": N_("date of birth"),
                 "nationality": N_("nationality"), "status": N_("status"), "amount": N_("amount"), "-": N_("whole line")}
#: [policy] a listed person was born after this year's start and not after today.
EARLIEST_BIRTH = date(1900, 1, 1)
STATUSES = {"active": "active", "ενεργος": "active", "εν ενεργεια": "active",
            "interrupted": "interrupted", "διακοπη": "interrupted", "διακοπεισα": "interrupted",
            "διακεκομμενη": "interrupted"}


@dataclass(frozen=True)
class HqEntry:
    list_reference: str
    line: int | None
    oga_no: str
    surname: str
    name: str
    father_name: str
    birth_date: date | None
    nationality: str
    status: str
    amount: Decimal
    person_id: int | None


class MalformedList(RegistryError):
    """The file was refused whole; ``problems`` lists (line, column, message)."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        joiner = " · " if current_language() == "el" else "; "  # «;» is the Greek question mark
        shown = joiner.join(_("line {line}, {column}: {problem}").format(
            line=line, column=_(COLUMN_LABELS.get(column, column)), problem=msg) for line, column, msg in problems[:20])
        more = len(problems) - 20
        super().__init__(_("The list was not imported; nothing was changed. Problems: {problems}").format(problems=shown)
                         + (f" (+{more})" if more > 0 else ""))
        self.problems = problems


def _fold(text: str) -> str:
    import unicodedata  # noqa: PLC0415

    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ς", "σ")


_HEADER = {_fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
_STATUS = {_fold(word): status for word, status in STATUSES.items()}


def parse_amount(text: str) -> Decimal:
    """``798,48`` / ``1.020,36`` / ``798.48`` / ``1020.36 €`` -> Decimal."""
    cleaned = re.sub(r"[\s€]", "", text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", cleaned):  # Decimal() would also take 1e5, NaN, _ and signs
        raise InvalidOperation
    amount = Decimal(cleaned)
    if amount <= 0:
        raise InvalidOperation
    return amount


def parse_date(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_list(content: bytes) -> list[dict]:
    """Check a whole file; return its rows or raise :class:`MalformedList`."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise MalformedList([(line, "-", _("not UTF-8 text: save the file as “CSV UTF-8”"))]) from None
    if not text.strip():
        raise MalformedList([(1, "-", _("the file is empty"))])
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise MalformedList([(line, "-", _("contains NUL characters: this is not a text CSV file"))])
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    # Universal newlines: a list saved with old Mac line ends (a bare CR) reads like any other.
    return _read_rows(_records(csv.reader(io.StringIO(text, newline=None), delimiter=dialect, strict=True)))


def _records(reader):
    """(line where the record starts, its cells); a CSV error said in the clerk's words, at the line it starts."""
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise MalformedList([(start, "-", _csv_problem(str(exc)))]) from None
        yield start, record


def _csv_problem(error: str) -> str:
    if "end of data" in error or "EOF" in error:
        return _("a quotation mark (\") opened on this line is never closed")
    if "field larger than field limit" in error:
        return _("a field is longer than {n} characters").format(n=csv.field_size_limit())
    # Strict reading: a quote that is not closed where a field should end, or a stray one inside a field.
    return _("a quotation mark (\") on this line is not closed where the field ends: check the quotation marks "
             "and separators")


def _read_rows(records) -> list[dict]:
    _line, header = next(records, (1, []))
    columns = [_HEADER.get(_fold(h)) for h in header]
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise MalformedList([(1, c, _("column missing from the header")) for c in missing])
    problems: list[tuple[int, str, str]] = []
    rows = []
    seen: dict[str, int] = {}  # OGA number -> first line: one person, one entry per list
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append((line, "-", _("{n} fields instead of {m}").format(n=len(record), m=len(header))))
            continue
        raw = {col: cell.strip() for col, cell in zip(columns, record, strict=True) if col}
        row = _check_row(raw, line, problems)
        if row["oga_no"] in seen:
            problems.append((line, "oga_no", _("“{v}” is also on line {other}").format(v=raw["oga_no"],
                                                                                    other=seen[row["oga_no"]])))
        seen.setdefault(row["oga_no"], line)
        rows.append(row)
    if not rows and not problems:
        problems.append((2, "-", _("the list has no rows")))
    if problems:
        raise MalformedList(problems)
    return rows


def _check_row(raw: dict[str, str], line: int, problems: list) -> dict:
    row = dict(raw, line=line, oga_no=compact_number(raw["oga_no"]))
    for column in ("oga_no", "surname", "name"):
        if not raw[column]:
            problems.append((line, column, _("empty")))
    try:
        row["amount"] = parse_amount(raw["amount"])
    except (InvalidOperation, ValueError):
        problems.append((line, "amount", _("“{v}” is not an amount in euro").format(v=raw["amount"])))
    status = _STATUS.get(_fold(raw["status"]))
    if status is None:
        problems.append((line, "status", _("“{v}” is neither active nor interrupted").format(v=raw["status"])))
    row["status"] = status
    row["birth_date"] = None
    if raw["birth_date"]:
        try:
            row["birth_date"] = parse_date(raw["birth_date"])
        except ValueError:
            problems.append((line, "birth_date", _("“{v}” is not a date (dd/mm/yyyy)").format(v=raw["birth_date"])))
        else:
            if not EARLIEST_BIRTH <= row["birth_date"] <= date.today():
                problems.append((line, "birth_date", _("“{v}” cannot be a date of birth").format(v=raw["birth_date"])))
    row["nationality"] = raw["nationality"].upper()
    if row["nationality"]:
        try:
            country_name(row["nationality"], "en")
        except ValueError:
            problems.append((line, "nationality", _("“{v}” is not an ISO 3166 country code (e.g. AL)").format(
                v=raw["nationality"])))
    return row


class HqLists:
    def __init__(self, registry) -> None:
        self.registry = registry

    def import_file(self, path: Path | str, reference: str = "",
                    progress: Callable[[int, int], None] | None = None) -> int:
        """Import a list file whole; returns the number of entries. Matches entries to persons.

        ``progress(done, total)`` hears of the entries stored; an exception it
        raises (the clerk cancelled) rolls the whole import back.
        """
        path = Path(path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise RegistryError(_("The file {path} cannot be read: {error}").format(path=path, error=exc.strerror)) from None
        rows = parse_list(content)
        digest = hashlib.sha256(content).hexdigest()
        if self.registry.db.execute("SELECT 1 FROM hq_lists WHERE sha256 = ?", [digest]).fetchone():
            raise RegistryError(_("This list was already imported."))
        return self._store(reference or path.name, path.name, digest, rows, progress)

    def add_manual(self, reference: str, *, oga_no: str, surname: str, name: str, status: str, amount: Decimal,
                   father_name: str = "", birth_date: date | None = None, nationality: str = "") -> HqEntry:
        """One entry typed from the paper list, with the list's reference."""
        if not reference.strip():
            raise RegistryError(_("Enter the reference of HQ's list."))
        if status not in ("active", "interrupted"):
            raise ValueError(status)
        row = {"oga_no": compact_number(oga_no), "surname": surname.strip(), "name": name.strip(), "father_name": father_name,
               "birth_date": birth_date, "nationality": nationality, "status": status, "amount": amount, "line": None}
        self._store(reference.strip(), "manual", None, [row])
        return self.entries_for_oga_no(row["oga_no"])[0]

    def _store(self, reference: str, source: str, digest: str | None, rows: list[dict],
               progress: Callable[[int, int], None] | None = None) -> int:
        with self.registry.write():
            cursor = self.registry.db.execute(
                "INSERT INTO hq_lists (uuid, reference, source, sha256, imported_at) VALUES (?, ?, ?, ?, ?)",
                [new_uuid(), reference, source, digest, now()])
            list_id = cursor.lastrowid
            for done, row in enumerate(rows):
                if progress is not None and done % 200 == 0:
                    progress(done, len(rows))
                self.registry.db.execute(
                    "INSERT INTO hq_list_entries (list_id, line, oga_no, surname, name, father_name, birth_date, "
                    "nationality, status, amount_cents, person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [list_id, row["line"], row["oga_no"], row["surname"], row["name"], row.get("father_name", ""),
                     iso(row["birth_date"]), row.get("nationality", ""), row["status"], to_cents(row["amount"]),
                     self._match(row)])
            self.registry.audit("import", "hq_list", reference, None, {"source": source, "rows": len(rows)})
        return len(rows)

    def _match(self, row: dict) -> int | None:
        """The registered person an entry is about: OGA number, else surname + birth date."""
        # An entry without an OGA number must not match every person without one (the first of them won).
        hit = row["oga_no"] and self.registry.db.execute(
            "SELECT id FROM persons WHERE oga_no = ?", [row["oga_no"]]).fetchone()
        if hit:
            return hit[0]
        if row["birth_date"]:
            keys = set(search_tokens(row["surname"]))
            for person_id, person_keys in self.registry.db.execute(
                "SELECT id, search_keys FROM persons WHERE birth_date = ?", [iso(row["birth_date"])]
            ):
                if keys & set(person_keys.split()):
                    return person_id
        return None

    def entries_for_oga_no(self, oga_no: str) -> list[HqEntry]:
        return self._entries("e.oga_no = ?", [compact_number(oga_no)])

    def entry_for_person(self, person_id: int) -> HqEntry | None:
        """The newest list entry about a person (by match or by their OGA number)."""
        person = self.registry.persons.get(person_id)
        entries = self._entries("e.person_id = ? OR (e.oga_no != '' AND e.oga_no = ?)", [person_id, person.oga_no])
        return entries[0] if entries else None

    def _entries(self, where: str, params: list) -> list[HqEntry]:
        rows = self.registry.db.execute(
            "SELECT l.reference, e.line, e.oga_no, e.surname, e.name, e.father_name, e.birth_date, e.nationality, "
            f"e.status, e.amount_cents, e.person_id FROM hq_list_entries e JOIN hq_lists l ON l.id = e.list_id "
            f"WHERE {where} ORDER BY l.id DESC, e.id DESC", params)
        return [HqEntry(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]) if r[6] else None, r[7], r[8],
                        from_cents(r[9]), r[10]) for r in rows]
