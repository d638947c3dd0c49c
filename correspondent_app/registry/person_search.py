"""Finding persons in a large registry: any part of a name or a number, best match first.

Reads the index tables the v8 schema keeps in step with ``persons`` by
triggers: ``person_name_keys`` (one row per name key) and
``person_number_parts`` (every suffix of 4+ characters of a passport, AMKA
or OGA number). Both are ordered by (key, sort_name, person), so the best
page of a query is read from index ranges in order and never sorts the
whole registry; how many matched is counted only up to ``CAP`` + 1, since
an exact count of a common name at a million persons is what was slow.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from dataclasses import dataclass

from correspondent_app.domain import identity
from correspondent_app.domain.keyboard import latin_keys
from correspondent_app.domain.transliteration import search_tokens

#: Counts stop here: "1.000+" is all a clerk needs to know to type more.
CAP = 1000
#: The shortest part of a number that is searched for inside numbers.
MIN_PART = 4
#: Distinct name keys read one by one for a one-word query; more (a one-letter
#: query at a large registry) and the page is read from the range at once.
_MAX_KEYS = 200
_NUMBERS = ("afm", "passport_no", "amka", "oga_no")


@dataclass(frozen=True)
class Found:
    """Person ids of one page, best first, and how many matched (``CAP`` + 1 means more)."""

    ids: list[int]
    count: int

    @property
    def more(self) -> bool:
        return self.count > CAP


def sort_name(surname_el: str, name_el: str, surname_lat: str, name_lat: str) -> str:
    """What the list sorts by: surname then name, Greek where known, in capitals without accents."""
    parts = [surname_el or surname_lat, name_el or name_lat]
    text = " ".join(p for p in parts if p).upper()
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def number_query(text: str) -> str | None:
    """The identifier the clerk typed, as stored (compact, Latin keys), or None if it is no number."""
    compact = identity.compact_number(latin_keys(text))
    return compact if re.fullmatch(r"[A-Z0-9]*\d[A-Z0-9]*", compact) else None


def find(db, text: str, limit: int = 50) -> Found:
    text = (text or "").strip()
    if not text:
        return Found([], 0)
    number = number_query(text)
    words = text.split()
    if number is not None:  # "AB 123 4567" as printed is one number
        found = _by_number(db, number, limit)
        if found.ids or len(words) == 1:
            return found
        # else words of a name and a number: "AL392594 Hoxha"
    numbers = [n for n in map(number_query, words) if n]
    names = list(dict.fromkeys(search_tokens(" ".join(w for w in words if not number_query(w)))))
    if numbers:  # a number and a name: the number narrows, the name filters
        found = _by_number(db, max(numbers, key=len), CAP + 1)
        return _filtered(db, found.ids, names, limit)
    if not names:
        return Found([], 0)
    if len(names) == 1:
        return _by_prefix(db, _KEYS, names[0], limit)
    if len(names) == 2:
        return _by_two_names(db, *names, limit)
    return _by_names(db, names, limit)


def _upper(prefix: str) -> str:
    """The least string after every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _by_number(db, number: str, limit: int) -> Found:
    exact = [r[0] for r in db.execute(
        # each "!= ''" lets SQLite use that number's partial index (a bound value might be '')
        " UNION ".join(f"SELECT id FROM persons WHERE {k} = :v AND {k} != ''" for k in _NUMBERS) + " LIMIT 20",
        {"v": number})]
    if len(number) < MIN_PART:
        return Found(exact, len(exact))
    bounds = {"lo": number, "hi": _upper(number), "v": number, "n": limit}
    # rank 0: the whole number; 1: its beginning; 2: a part inside it
    # No GROUP BY: a top-N sort of the range is cheaper, and a person appears twice only when two of their
    # numbers share the part, so three times the page is plenty to keep ``limit`` persons after dropping repeats.
    page = [r[0] for r in db.execute(
        "SELECT person_id FROM person_number_parts WHERE part >= :lo AND part < :hi"
        " ORDER BY CASE WHEN whole AND part = :v THEN 0 WHEN whole THEN 1 ELSE 2 END, sort_name, person_id"
        " LIMIT :n", {**bounds, "n": limit * 3})]
    count = db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT person_id FROM person_number_parts"
                       " WHERE part >= :lo AND part < :hi LIMIT :cap)", {**bounds, "cap": CAP + 1}).fetchone()[0]
    ids = list(dict.fromkeys([*exact, *page]))  # an AFM has no parts: it comes first if it is the one
    return Found(ids[:limit], max(count, len(ids)))


_KEYS = ("person_name_keys", "key")
_PAIRS = ("person_name_pairs", "pair")


def _by_prefix(db, index: tuple[str, str], prefix: str, limit: int, *, exact: str | None = None) -> Found:
    """Persons with a key (or pair of keys) starting with ``prefix``; the one equal to ``exact`` first.

    Each key's persons are in name order in the index, so the page is the
    merged heads of those lists: about 50 rows a key, however many match.
    """
    table, column = index
    exact = prefix if exact is None else exact
    bounds = {"lo": prefix, "hi": _upper(prefix)}
    keys = [r[0] for r in db.execute(  # the distinct keys in the range, one index seek each
        f"WITH RECURSIVE k(key) AS ("
        f" SELECT MIN({column}) FROM {table} WHERE {column} >= :lo AND {column} < :hi"
        f" UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > k.key AND {column} < :hi)"
        f" FROM k WHERE k.key IS NOT NULL LIMIT :most"
        f") SELECT key FROM k WHERE key IS NOT NULL", {**bounds, "most": _MAX_KEYS + 1})]
    if len(keys) > _MAX_KEYS:
        rows = db.execute(f"SELECT {column} != :t, sort_name, person_id FROM {table}"
                          f" WHERE {column} >= :lo AND {column} < :hi ORDER BY 1, 2, 3 LIMIT :n",
                          {**bounds, "t": exact, "n": limit * 4}).fetchall()
    else:
        rows = heapq.merge(*(
            [(0 if key == exact else 1, *r) for r in db.execute(
                f"SELECT sort_name, person_id FROM {table} WHERE {column} = ? ORDER BY sort_name, person_id LIMIT ?",
                [key, limit])]
            for key in keys))
    ids = list(dict.fromkeys(r[2] for r in sorted(rows)))[:limit]  # a person under two keys appears once
    count = db.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT person_id FROM {table}"
                       f" WHERE {column} >= :lo AND {column} < :hi LIMIT :cap)", {**bounds, "cap": CAP + 1}).fetchone()[0]
    return Found(ids, count)


def _by_two_names(db, first: str, second: str, limit: int) -> Found:
    """Two words: one range of the pairs table when either word is a whole key ("Χότζα Αρ", "Αρ Χότζα")."""
    whole = [w for w in (first, second) if db.execute(
        "SELECT 1 FROM person_name_keys WHERE key = ? LIMIT 1", [w]).fetchone()]
    if whole:
        head = whole[0]
        other = second if head == first else first
        return _by_prefix(db, _PAIRS, f"{head} {other}", limit, exact=f"{head} {other}")
    # Both cut short: the pairs whose first key starts with the longer word, read
    # from the index and filtered there (keys hold no spaces or wildcards).
    head, other = sorted((first, second), key=len, reverse=True)
    params = {"lo": head, "hi": _upper(head), "pattern": f"{_like(head)}% {_like(other)}%", "n": limit,
              "cap": CAP + 1}
    matches = "FROM person_name_pairs WHERE pair >= :lo AND pair < :hi AND pair LIKE :pattern"
    ids = [r[0] for r in db.execute(
        f"SELECT person_id FROM (SELECT DISTINCT sort_name, person_id {matches}) ORDER BY sort_name, person_id"
        " LIMIT :n", params)]
    count = db.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT person_id {matches} LIMIT :cap)", params).fetchone()[0]
    return Found(ids, count)


def _by_names(db, tokens: list[str], limit: int) -> Found:
    """Several words: every one must start a key of the person.

    The longest word drives (it matches the fewest), and the persons it finds
    are kept if their other keys match the other words, checked on the row.
    """
    tokens = sorted(dict.fromkeys(tokens), key=len, reverse=True)
    first, others = tokens[0], tokens[1:]
    where = " AND ".join(f"(' ' || p.search_keys) LIKE :w{i}" for i in range(len(others)))
    params = {"lo": first, "hi": _upper(first), "t": first, "n": limit, "cap": CAP + 1,
              **{f"w{i}": f"% {_like(w)}%" for i, w in enumerate(others)}}
    matches = ("FROM person_name_keys k JOIN persons p ON p.id = k.person_id"
               f" WHERE k.key >= :lo AND k.key < :hi AND {where}")
    ids = [r[0] for r in db.execute(
        f"SELECT k.person_id, MIN(CASE WHEN k.key = :t THEN 0 ELSE 1 END) AS rank, k.sort_name {matches}"
        " GROUP BY k.person_id ORDER BY rank, k.sort_name, k.person_id LIMIT :n", params)]
    count = db.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT k.person_id {matches} LIMIT :cap)", params).fetchone()[0]
    return Found(ids, count)


def _filtered(db, ids: list[int], names: list[str], limit: int) -> Found:
    """Of persons found by a number, those whose name keys also start with every name word."""
    if not ids:
        return Found([], 0)
    rows = db.execute(f"SELECT id, search_keys FROM persons WHERE id IN ({', '.join('?' * len(ids))})", ids)
    keys = {pid: search_keys.split() for pid, search_keys in rows}
    kept = [i for i in ids if all(any(k.startswith(n) for k in keys.get(i, ())) for n in names)]
    return Found(kept[:limit], len(kept))


def _like(text: str) -> str:
    """Keys are lower-case letters and digits: nothing in them is a LIKE wildcard, but be sure."""
    return re.sub(r"[%_\\]", "", text)
