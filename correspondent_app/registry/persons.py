"""Persons: the applicants, with Greek and Latin names, and how to find them.

Names are kept as written in both scripts. Search goes through normalised
keys (``domain.transliteration.search_tokens``) in an index (person_name_keys), so any part
of a surname or name, typed in Greek or Latin, with or without accents,
finds the person. Passport, AMKA and OGA numbers are found by any part of 4
or more characters, also typed with the Greek keyboard layout; ΑΦΜ exactly.
How (fast at a million persons, best match first): ``registry.person_search``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from correspondent_app.domain import identity
from correspondent_app.domain.formatting import country_name, format_date
from correspondent_app.domain.text import hidden_characters, hidden_message
from correspondent_app.domain.transliteration import KEYS_VERSION, search_tokens
from correspondent_app.i18n import _, current_language
from correspondent_app.registry import person_search
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import from_iso, iso, new_uuid, now

RESIDENCE_DOCS = ("permit", "complete_dossier", "incomplete_dossier", "none")
#: Numbers stored compact (identity.compact_number), so that however typed they are found and compared.
ID_NUMBERS = ("passport_no", "oga_no")
#: The version of how ID_NUMBERS are stored; a registry made with another recomputes them once (audited).
ID_FORMAT_VERSION = "compact-1"
_DATE_FIELDS = ("birth_date", "residence_valid_from", "residence_valid_to")


@dataclass(frozen=True)
class Person:
    id: int | None = None
    uuid: str = ""
    surname_el: str = ""
    name_el: str = ""
    surname_lat: str = ""
    name_lat: str = ""
    father_name: str = ""
    mother_name: str = ""
    birth_date: date | None = None
    birth_place: str = ""
    nationality: str = ""
    passport_no: str = ""
    residence_doc: str = "none"
    residence_doc_no: str = ""
    residence_valid_from: date | None = None
    residence_valid_to: date | None = None
    amka: str = ""
    afm: str = ""
    oga_no: str = ""
    address: str = ""
    community: str = ""
    phone: str = ""

    @property
    def display_name(self) -> str:
        """Greek name with the passport name beside it, as the clerk sees it."""
        greek = " ".join(p for p in (self.surname_el, self.name_el) if p)
        latin = " ".join(p for p in (self.surname_lat, self.name_lat) if p)
        if greek and latin:
            return f"{greek} ({latin})"
        return greek or latin


DATA_FIELDS = tuple(f.name for f in fields(Person) if f.name not in ("id", "uuid"))
_SELECT = ", ".join(("id", "uuid", *DATA_FIELDS))


class PersonInvalid(RegistryError, ValueError):
    """The data cannot be saved; ``errors`` maps each field to its problem."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class LikelyDuplicate(RegistryError):
    """A person who may already be registered; save again with ``allow_duplicate``."""

    def __init__(self, matches: list[Person]) -> None:
        names = ", ".join(f"{p.display_name} [{format_date(p.birth_date, current_language()) if p.birth_date else '?'}]"
                          for p in matches)
        super().__init__(_("This person may already be registered: {names}. Open that record, or save anyway.").format(names=names))
        self.matches = matches


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Trim text, upper-case codes; keep dates as dates."""
    out = {}
    for key, value in data.items():
        if key not in DATA_FIELDS:
            raise PersonInvalid({key: _("Unknown field “{name}”.").format(name=key)})
        if isinstance(value, str):
            value = " ".join(value.split())
        out[key] = value
    for key in ("nationality", "surname_lat", "name_lat"):
        if isinstance(out.get(key), str):
            out[key] = out[key].upper()
    for key in ID_NUMBERS:
        if isinstance(out.get(key), str):
            out[key] = identity.compact_number(out[key])
    for key in ("amka", "afm"):
        if isinstance(out.get(key), str):
            out[key] = re.sub(r"\s", "", out[key])
    return out


def validate(data: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """(errors that block saving, warnings to show)."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if not (data.get("surname_el") or data.get("surname_lat")):
        errors["surname_el"] = _("Enter the surname, in Greek or as in the passport.")
    birth = data.get("birth_date")
    if birth is not None and not isinstance(birth, date):
        errors["birth_date"] = _("The birth date is not a date.")
    elif birth and birth > date.today():
        errors["birth_date"] = _("The birth date is in the future.")
    if data.get("nationality"):
        try:
            country_name(data["nationality"], "en")
        except ValueError:
            errors["nationality"] = _("“{code}” is not an ISO 3166 country code.").format(code=data["nationality"])
    if data.get("residence_doc", "none") not in RESIDENCE_DOCS:
        errors["residence_doc"] = _("Unknown residence document.")
    start, end = data.get("residence_valid_from"), data.get("residence_valid_to")
    if start and end and end < start:
        errors["residence_valid_to"] = _("The residence document ends before it starts.")
    if isinstance(start, date) and start > date.today():  # plausibility (DOMAIN, Guards): not after the day of entry
        errors["residence_valid_from"] = _("The residence document's start is after today: type the date printed on it.")
    for key, value in data.items():
        hidden = hidden_characters(value) if isinstance(value, str) else []
        if hidden:
            errors[key] = hidden_message(hidden)
    if data.get("amka"):
        warnings += [_("AMKA: {problem}").format(problem=p) for p in identity.check_amka(data["amka"], birth if isinstance(birth, date) else None)]
    if data.get("afm"):
        problems = identity.check_afm(data["afm"])
        if problems:
            errors["afm"] = _("ΑΦΜ: {problem}").format(problem="; ".join(problems))
    return errors, warnings


def keys_for(data: dict[str, Any]) -> str:
    """The search keys stored for a person: every token of every name form."""
    tokens: list[str] = []
    for key in ("surname_el", "name_el", "surname_lat", "name_lat"):
        tokens += search_tokens(data.get(key) or "")
    return " ".join(dict.fromkeys(t for t in tokens if t))


_REKEY_BATCH = 10_000
#: The version of how persons.sort_name is made (person_search.sort_name); another is recomputed on open.
SORT_NAME_VERSION = "1"


def _sort_name(data: dict[str, Any]) -> str:
    return person_search.sort_name(*(data.get(k) or "" for k in ("surname_el", "name_el", "surname_lat", "name_lat")))


@dataclass(frozen=True)
class SearchResult:
    """One page of persons found, best match first, and how many matched (capped)."""

    persons: list[Person]
    count: int

    @property
    def more(self) -> bool:
        """More matched than were counted (``person_search.CAP``)."""
        return self.count > person_search.CAP


class Persons:
    def __init__(self, registry) -> None:
        self.registry = registry

    # -- search keys -------------------------------------------------------
    def refresh_search_keys(self) -> int:
        """Recompute the stored search keys if they were made by another version
        of ``search_tokens``; returns how many persons' keys changed.

        Keys are derived data: not audited, not exported. The FTS index
        follows through its update trigger, in the same transaction.
        """
        db = self.registry.db
        stored = db.execute("SELECT version FROM derived WHERE name = 'persons.search_keys'").fetchone()
        if stored and stored[0] == KEYS_VERSION:
            return 0
        changed = 0
        with self.registry.write():
            # In batches by id, so a registry of a million persons is not held
            # in memory at once.
            last_id = 0
            while True:
                rows = db.execute(
                    "SELECT id, surname_el, name_el, surname_lat, name_lat, search_keys FROM persons"
                    " WHERE id > ? ORDER BY id LIMIT ?", [last_id, _REKEY_BATCH]).fetchall()
                if not rows:
                    break
                last_id = rows[-1][0]
                updates = []
                for person_id, surname_el, name_el, surname_lat, name_lat, old in rows:
                    new = keys_for({"surname_el": surname_el, "name_el": name_el,
                                    "surname_lat": surname_lat, "name_lat": name_lat})
                    if new != old:
                        updates.append((new, person_id))
                db.conn.executemany("UPDATE persons SET search_keys = ? WHERE id = ?", updates)
                changed += len(updates)
            db.execute("INSERT OR REPLACE INTO derived (name, version) VALUES ('persons.search_keys', ?)", [KEYS_VERSION])
        return changed + self.refresh_sort_names()

    def refresh_sort_names(self) -> int:
        """Fill persons.sort_name (derived, not audited) if made by another version, or never (before v8).

        The search index triggers re-file each person under the new name.
        """
        db = self.registry.db
        stored = db.execute("SELECT version FROM derived WHERE name = 'persons.sort_name'").fetchone()
        if stored and stored[0] == SORT_NAME_VERSION:
            return 0
        changed = 0
        with self.registry.write():
            last_id = 0
            while rows := db.execute(
                    "SELECT id, surname_el, name_el, surname_lat, name_lat, sort_name FROM persons"
                    " WHERE id > ? ORDER BY id LIMIT ?", [last_id, _REKEY_BATCH]).fetchall():
                last_id = rows[-1][0]
                updates = [(new, pid) for pid, *names, old in rows
                           if (new := person_search.sort_name(*names)) != old]
                db.conn.executemany("UPDATE persons SET sort_name = ? WHERE id = ?", updates)
                changed += len(updates)
            db.execute("INSERT OR REPLACE INTO derived (name, version) VALUES ('persons.sort_name', ?)",
                       [SORT_NAME_VERSION])
        return changed

    def compact_id_numbers(self) -> int:
        """Store passport and OGA numbers compact in a registry made before they were (once, audited).

        Unlike search keys these are the person's data: each change is an
        audit entry, so the next export to HQ carries the corrected numbers.
        """
        db = self.registry.db
        stored = db.execute("SELECT version FROM derived WHERE name = 'persons.id_numbers'").fetchone()
        if stored and stored[0] == ID_FORMAT_VERSION:
            return 0
        changed = 0
        with self.registry.write():
            rows = db.execute("SELECT id, uuid, passport_no, oga_no FROM persons WHERE "
                              + " OR ".join(f"{k} GLOB '*[^A-Z0-9]*' AND {k} != ''" for k in ID_NUMBERS)).fetchall()
            for person_id, uuid, passport_no, oga_no in rows:
                before = {"passport_no": passport_no, "oga_no": oga_no}
                after = {k: identity.compact_number(v) for k, v in before.items()}
                if after == before:
                    continue
                db.execute("UPDATE persons SET passport_no = ?, oga_no = ?, updated_at = ? WHERE id = ?",
                           [after["passport_no"], after["oga_no"], now(), person_id])
                self.registry.audit("update", "person", uuid, before, after)
                changed += 1
            # HQ's lists imported before were kept as typed too: matched by OGA number, they must meet the
            # compact one. They are HQ's data, not the person's, and are not exported: no audit entry each.
            for entry_id, oga_no in db.execute(
                    "SELECT id, oga_no FROM hq_list_entries WHERE oga_no GLOB '*[^A-Z0-9]*'").fetchall():
                db.execute("UPDATE hq_list_entries SET oga_no = ? WHERE id = ?",
                           [identity.compact_number(oga_no), entry_id])
            db.execute("INSERT OR REPLACE INTO derived (name, version) VALUES ('persons.id_numbers', ?)",
                       [ID_FORMAT_VERSION])
        return changed

    # -- reading ---------------------------------------------------------
    def get(self, person_id: int) -> Person:
        row = self.registry.db.execute(f"SELECT {_SELECT} FROM persons WHERE id = ?", [person_id]).fetchone()
        if row is None:
            raise RegistryError(_("No person with number {id}.").format(id=person_id))
        return _person(row)

    def by_uuid(self, uuid: str) -> Person | None:
        row = self.registry.db.execute(f"SELECT {_SELECT} FROM persons WHERE uuid = ?", [uuid]).fetchone()
        return _person(row) if row else None

    def count(self) -> int:
        return self.registry.db.execute("SELECT COUNT(*) FROM persons").fetchone()[0]

    def likely_duplicates(self, data: dict[str, Any], exclude_id: int | None = None) -> list[Person]:
        """Same passport, or same surname key and birth date."""
        data = normalise(data)
        rows = []
        if data.get("passport_no"):
            rows += self.registry.db.execute(
                f"SELECT {_SELECT} FROM persons WHERE passport_no = ?", [data["passport_no"]]).fetchall()
        if data.get("birth_date"):
            surnames = _surname_keys(data.get("surname_el"), data.get("surname_lat"))
            for row in self.registry.db.execute(
                f"SELECT {_SELECT}, surname_el, surname_lat FROM persons WHERE birth_date = ?", [iso(data["birth_date"])]
            ):
                if surnames & _surname_keys(row[-2], row[-1]):  # a surname met as a given name is no duplicate
                    rows.append(row[:-2])
        found = {r[0]: _person(r) for r in rows if r[0] != exclude_id}
        return list(found.values())

    def search(self, text: str, limit: int = 50) -> list[Person]:
        """Find persons by any part of a name (Greek or Latin), AMKA, ΑΦΜ, passport or OGA number."""
        return self.find(text, limit).persons

    def find(self, text: str, limit: int = 50) -> SearchResult:
        """The first ``limit`` persons found, best match first then by surname and name, and how many matched."""
        found = person_search.find(self.registry.db, text, limit)
        return SearchResult(self._in_order(found.ids), found.count)

    def recent(self, limit: int = 50) -> list[Person]:
        """The persons added or changed last, newest first (the Registry before anything is typed)."""
        ids = [r[0] for r in self.registry.db.execute(
            "SELECT id FROM persons ORDER BY updated_at DESC, id DESC LIMIT ?", [limit])]
        return self._in_order(ids)

    def _in_order(self, ids: list[int]) -> list[Person]:
        if not ids:
            return []
        rows = self.registry.db.execute(
            f"SELECT {_SELECT} FROM persons WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()
        by_id = {r[0]: _person(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    # -- writing ---------------------------------------------------------
    def add(self, data: dict[str, Any], *, allow_duplicate: bool = False) -> Person:
        """Register a person. Raises ``PersonInvalid`` or ``LikelyDuplicate``."""
        data = normalise(data)
        errors, _warnings = validate(data)
        if errors:
            raise PersonInvalid(errors)
        if not allow_duplicate:
            matches = self.likely_duplicates(data)
            if matches:
                raise LikelyDuplicate(matches)
        row = {k: data.get(k, getattr(Person, k, None)) for k in DATA_FIELDS}
        row.update({k: iso(row[k]) for k in _DATE_FIELDS})
        uuid, stamp = new_uuid(), now()
        with self.registry.write():
            cursor = self.registry.db.execute(
                f"INSERT INTO persons (uuid, {', '.join(DATA_FIELDS)}, search_keys, sort_name, created_at, updated_at) "
                f"VALUES ({', '.join('?' * (len(DATA_FIELDS) + 5))})",
                [uuid, *row.values(), keys_for(data), _sort_name(data), stamp, stamp],
            )
            self.registry.audit("add", "person", uuid, None, row)
        return self.get(cursor.lastrowid)

    def update(self, person_id: int, changes: dict[str, Any]) -> Person:
        """Change some fields of a person (validated as a whole)."""
        before = self.get(person_id)
        merged = {**{k: getattr(before, k) for k in DATA_FIELDS}, **normalise(changes)}
        errors, _warnings = validate(merged)
        if errors:
            raise PersonInvalid(errors)
        row = {k: merged[k] for k in DATA_FIELDS}
        row.update({k: iso(row[k]) for k in _DATE_FIELDS})
        with self.registry.write():
            self.registry.db.execute(
                f"UPDATE persons SET {', '.join(f'{k} = ?' for k in DATA_FIELDS)}, search_keys = ?, sort_name = ?,"
                " updated_at = ? WHERE id = ?",
                [*row.values(), keys_for(merged), _sort_name(merged), now(), person_id],
            )
            before_row = {k: v for k, v in asdict(before).items() if k in DATA_FIELDS}
            self.registry.audit("update", "person", before.uuid, before_row, row)
        return self.get(person_id)


def _surname_keys(*surnames: str | None) -> set[str]:
    return {key for surname in surnames for key in search_tokens(surname or "")}


def _person(row) -> Person:
    values = dict(zip(("id", "uuid", *DATA_FIELDS), row, strict=True))
    for key in _DATE_FIELDS:
        values[key] = from_iso(values[key])
    return Person(**values)
