"""The checks across villages on SQLite, kept up to date for the villages a merge touched.

Each finding has a subject: a receipt code, a certified person's passport,
AMKA or names-and-birth-date, a village's protocol year. For the villages in
``temp.touched`` the subjects their rows have now, and those they were part
of before, are recomputed whole (every village's rows with that value, found
by index), so a finding appears, changes or disappears exactly as a check of
the whole database would decide (``SqliteStore.rebuild_derived`` runs the same
code for every village; the tests compare the two).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from correspondent_app.exchange.hq_finding_texts import (PERSON_KEYS, POSITION, person_text, protocol_problems,
                                                         protocol_subject, protocol_text, receipt_text)

# Every query starts from temp.touched or temp.subjects with CROSS JOIN: the planner has no statistics for a
# temp table and would otherwise scan a million rows to join a few hundred.
#: Whether person ``p`` holds a certificate in force: its cases (by person), then their certificates (by case).
_CERTIFIED = ("EXISTS (SELECT 1 FROM cases k WHERE k.installation = p.installation AND k.person_uuid = p.uuid "
              "AND EXISTS (SELECT 1 FROM certificates x WHERE x.installation = k.installation "
              "AND x.case_uuid = k.uuid AND x.voided_at IS NULL))")
_SHOWN = ("COALESCE(NULLIF(p.surname_lat, ''), p.surname_el) || ' ' || "
          "COALESCE(NULLIF(p.name_lat, ''), json_extract(p.data, '$.name_el'), '')")

Name = Callable[[str], str]


def namer(names: dict[str, str]) -> Name:
    """A village's name as findings give it, from ``village_names``."""
    return lambda inst: names.get(inst, f"? ({inst[:8]})")


@dataclass(frozen=True)
class Redone:
    """One kind's findings made again: the subjects whose findings are replaced, and the findings they have now
    (kind, subject, position, installations, villages as shown, text)."""

    kind: str
    subjects: list[str]
    found: list[tuple[str, str, int, list[str], str, str]]


def refresh_findings(conn: sqlite3.Connection, names: dict[str, str]) -> None:
    """The findings about receipts and persons for the villages in ``temp.touched``."""
    apply_findings(conn, find(conn, names))


def find(conn: sqlite3.Connection, names: dict[str, str]) -> list[Redone]:
    """The findings about receipts and persons for the villages in ``temp.touched``, made by reading alone
    (``conn``'s temp tables aside): a large merge runs this on a connection of its own while its writer
    builds the indexes the checks do not read (``SqliteStore.finish_large_merge``)."""
    name = namer(names)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS subjects (subject TEXT PRIMARY KEY) WITHOUT ROWID")
    done = [_receipts(conn, name)]
    for column, label in PERSON_KEYS:
        done.append(_persons(conn, name, column, label, {r.kind: r for r in done}))
    return done


def apply_findings(conn: sqlite3.Connection, done: list[Redone]) -> None:
    """Replace the findings of each kind's subjects by those ``find`` made."""
    for redone in done:
        gone = [(redone.kind, subject) for subject in redone.subjects]
        conn.executemany("DELETE FROM cross_findings WHERE kind = ? AND subject = ?", gone)
        conn.executemany("DELETE FROM cross_finding_villages WHERE kind = ? AND subject = ?", gone)
        _add(conn, redone.found)


def refresh_protocol(conn: sqlite3.Connection, names: dict[str, str]) -> None:
    """The protocol-book findings of the villages in ``temp.touched``."""
    _protocol(conn, namer(names))


#: Above this share of the villages touched, the values shared by two villages are found by one scan of
#: the covering index instead of a lookup per value of the touched villages.
SCAN_SHARE = 0.2


def _subjects(conn: sqlite3.Connection, kind: str, table: str, column: str) -> list[str]:
    """temp.subjects := the values of ``column`` the touched villages' rows have now that another village has
    too (only those can make a finding), and the subjects the touched villages were part of; their findings
    are to be made again from the whole database. Returns them."""
    conn.execute("DELETE FROM temp.subjects")
    touched = conn.execute("SELECT COUNT(*) FROM temp.touched").fetchone()[0]
    villages = conn.execute("SELECT COUNT(*) FROM villages").fetchone()[0]
    if touched > SCAN_SHARE * villages:
        conn.execute(f"INSERT OR IGNORE INTO temp.subjects SELECT {column} FROM {table} WHERE {column} IS NOT NULL "
                     f"AND {column} != '' GROUP BY {column} HAVING COUNT(DISTINCT installation) > 1")
    else:
        conn.execute(f"INSERT OR IGNORE INTO temp.subjects SELECT DISTINCT p.{column} FROM temp.touched t "
                     f"CROSS JOIN {table} p ON p.installation = t.installation WHERE p.{column} IS NOT NULL "
                     f"AND p.{column} != '' AND EXISTS (SELECT 1 FROM {table} o WHERE o.{column} = p.{column} "
                     f"AND o.installation != p.installation)")
    conn.execute("INSERT OR IGNORE INTO temp.subjects SELECT f.subject FROM temp.touched t "
                 "CROSS JOIN cross_finding_villages f ON f.installation = t.installation AND f.kind = ?", [kind])
    return [r[0] for r in conn.execute("SELECT subject FROM temp.subjects")]


def _add(conn: sqlite3.Connection, found: list[tuple[str, str, int, list[str], str, str]]) -> None:
    """Findings (kind, subject, position, installations, villages as shown, text), written in two statements."""
    conn.executemany("INSERT OR REPLACE INTO cross_findings (kind, subject, position, villages, text) "
                     "VALUES (?, ?, ?, ?, ?)", [(kind, subject, position, where, text)
                                                for kind, subject, position, _inst, where, text in found])
    conn.executemany("INSERT OR IGNORE INTO cross_finding_villages (installation, kind, subject) VALUES (?, ?, ?)",
                     [(inst, kind, subject) for kind, subject, _pos, installations, _where, _text in found
                      for inst in installations])


def _receipts(conn: sqlite3.Connection, name: Name) -> Redone:
    """An ATE receipt code recorded by two villages."""
    subjects = _subjects(conn, "receipt", "payments", "receipt_code")
    found = []
    for code, villages in conn.execute(
            "SELECT p.receipt_code, GROUP_CONCAT(DISTINCT p.installation) FROM temp.subjects s "
            "CROSS JOIN payments p ON p.receipt_code = s.subject GROUP BY p.receipt_code "
            "HAVING COUNT(DISTINCT p.installation) > 1").fetchall():
        installations = villages.split(",")
        where = ", ".join(sorted(map(name, installations)))
        found.append(("receipt", code, POSITION["receipt"], installations, where, receipt_text(code, where)))
    return Redone("receipt", subjects, found)


def _group_sql(column: str, where: str) -> str:
    """A group's value, installations, persons, name and birth date as shown, and one member ("installation
    uuid")."""
    return (f"SELECT p.{column}, GROUP_CONCAT(DISTINCT p.installation), GROUP_CONCAT(DISTINCT p.uuid), "
            f"MIN({_SHOWN}), MIN(p.birth_date), MIN(p.installation || ' ' || p.uuid) FROM {where} AND {_CERTIFIED} "
            f"GROUP BY p.{column} HAVING COUNT(DISTINCT p.installation) > 1")


def _persons(conn: sqlite3.Connection, name: Name, column: str, label: str, done: dict[str, Redone]) -> Redone:
    """A certified person (same passport, AMKA, or names and birth date) holding certificates in two villages.
    A group already reported under an earlier key (passport before AMKA before names) is not reported again."""
    kind = f"person:{column}"
    subjects = _subjects(conn, kind, "persons", column)
    earlier = [c for c, _ in PERSON_KEYS[:[c for c, _ in PERSON_KEYS].index(column)]]
    reported = {other: _reported_persons(conn, other, done[f"person:{other}"]) for other in earlier}
    found = []
    for value, villages, persons, shown, birth, member in conn.execute(
            _group_sql(column, f"temp.subjects s CROSS JOIN persons p ON p.{column} = s.subject WHERE 1")).fetchall():
        group = set(persons.split(","))
        if any(member.rpartition(" ")[2] in reported[other] and _within_earlier_group(conn, group, other, member)
               for other in earlier):
            continue
        installations = villages.split(",")
        where = ", ".join(sorted(map(name, installations)))
        found.append((kind, value, POSITION[column], installations, where,
                      person_text(column, label, value, shown, birth, where)))
    return Redone(kind, subjects, found)


def _reported_persons(conn: sqlite3.Connection, column: str, redone: Redone) -> set[str]:
    """The persons whose ``column`` is the subject of a finding once ``redone`` is applied: only they can be in
    a group reported under that key (a group left unreported under it lies within a group reported under a
    key before it, which is checked too), so the group query runs for them alone."""
    again = set(redone.subjects)
    kept = {uuid for subject, uuid in conn.execute(
        f"SELECT f.subject, p.uuid FROM cross_findings f CROSS JOIN persons p ON p.{column} = f.subject "
        f"WHERE f.kind = ?", [redone.kind]) if subject not in again}
    return kept | {r[0] for r in conn.execute(f"SELECT p.uuid FROM json_each(?) j CROSS JOIN persons p "
                                              f"ON p.{column} = j.value", [json.dumps([f[1] for f in redone.found])])}


def _within_earlier_group(conn: sqlite3.Connection, group: set[str], column: str, member: str) -> bool:
    """Whether the group's persons all share one value of ``column`` whose own group (two villages or more)
    holds them all: then that group's finding already names them. ``member``: one of them, "installation uuid"
    (found by the rows' own unique index: the UUID index is not there yet when a large merge's end makes the
    findings)."""
    installation, _space, uuid = member.rpartition(" ")  # a UUID has no space; an installation might
    row = conn.execute(f"SELECT {column} FROM persons WHERE installation = ? AND uuid = ? "
                       f"AND {column} IS NOT NULL AND {column} != ''", [installation, uuid]).fetchone()
    if row is None:
        return False
    found = conn.execute(_group_sql(column, f"persons p WHERE p.{column} = ?"), [row[0]]).fetchone()
    return found is not None and group <= set(found[2].split(","))


def _protocol(conn: sqlite3.Connection, name: Name) -> None:
    """Per touched village and year: numbers missing at the start or between, used twice, dates going back,
    certificates without an entry."""
    conn.execute("DELETE FROM cross_findings WHERE kind = 'protocol' AND subject IN (SELECT f.subject FROM "
                 "temp.touched t CROSS JOIN cross_finding_villages f ON f.installation = t.installation "
                 "AND f.kind = 'protocol')")
    conn.execute("DELETE FROM cross_finding_villages WHERE kind = 'protocol' AND installation IN "
                 "(SELECT installation FROM temp.touched)")
    problems = protocol_problems(conn.execute(
        "SELECT p.installation, p.year, MIN(p.number), COALESCE(s.first_number, 1) FROM temp.touched t "
        "CROSS JOIN protocol p ON p.installation = t.installation "
        "LEFT JOIN protocol_start s ON s.installation = p.installation AND s.year = p.year "
        "GROUP BY p.installation, p.year HAVING MIN(p.number) > COALESCE(s.first_number, 1)"
    ), conn.execute(
        "SELECT installation, year, prev, number, prev_date, entry_date FROM ("
        " SELECT p.installation, p.year, p.number, p.entry_date,"
        "  LAG(p.number) OVER w AS prev, LAG(p.entry_date) OVER w AS prev_date"
        "  FROM temp.touched t CROSS JOIN protocol p ON p.installation = t.installation"
        "  WINDOW w AS (PARTITION BY p.installation, p.year ORDER BY p.number, p.entry_date))"
        " WHERE number - prev > 1 OR number = prev OR entry_date < prev_date"
    ), conn.execute(
        "SELECT c.installation, c.protocol_year, c.protocol_no FROM temp.touched t "
        "CROSS JOIN certificates c ON c.installation = t.installation WHERE c.protocol_no IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM protocol p WHERE p.installation = c.installation AND p.year = c.protocol_year "
        "AND p.number = c.protocol_no) ORDER BY c.installation, c.protocol_year, c.protocol_no"
    ))
    add_protocol_findings(conn, name, problems)


def add_protocol_findings(conn: sqlite3.Connection, name: Name, problems: dict[tuple[str, int], str]) -> None:
    """One finding per village and year whose protocol book has problems (``protocol_problems``)."""
    _add(conn, [("protocol", protocol_subject(installation, year), POSITION["protocol"], [installation],
                  where, protocol_text(where, year, text))
                 for (installation, year), text in problems.items() for where in [name(installation)]])
