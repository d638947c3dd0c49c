"""The checks across villages on PostgreSQL: ``hq_sqlite_checks`` in PostgreSQL's SQL, the same findings.

For the villages in ``pg_temp.touched`` the subjects (a receipt code, a
certified person's passport, AMKA or names-and-birth-date, a village's
protocol year) their rows have now, and those they were part of before, are
recomputed whole from every village's rows, exactly as on SQLite; the texts,
kinds, subjects and positions are the same (the tests compare both engines).
"""

from __future__ import annotations

from collections.abc import Callable

from correspondent_app.exchange.hq_finding_texts import (PERSON_KEYS, POSITION, person_text, protocol_problems,
                                                         protocol_subject, protocol_text, receipt_text)

_CERTIFIED = ("EXISTS (SELECT 1 FROM cases k WHERE k.installation = p.installation AND k.person_uuid = p.uuid "
              "AND EXISTS (SELECT 1 FROM certificates x WHERE x.installation = k.installation "
              "AND x.case_uuid = k.uuid AND x.voided_at IS NULL))")
_SHOWN = ("(COALESCE(NULLIF(p.surname_lat, ''), p.surname_el) || ' ' || "
          "COALESCE(NULLIF(p.name_lat, ''), p.data::json ->> 'name_el', '')) COLLATE \"C\"")

Name = Callable[[str], str]


class _Found:
    """The findings made, written at the end in two statements."""

    def __init__(self) -> None:
        self.findings: list[tuple] = []
        self.villages: list[tuple] = []

    def add(self, kind: str, subject: str, position: int, installations: list[str], where: str, text: str) -> None:
        self.findings.append((kind, subject, position, where, text))
        self.villages.extend((inst, kind, subject) for inst in installations)

    def write(self, conn) -> None:
        with conn.cursor() as cur:
            if self.findings:
                cur.executemany("INSERT INTO cross_findings (kind, subject, position, villages, text) "
                                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, subject) DO UPDATE SET "
                                "position = excluded.position, villages = excluded.villages, text = excluded.text",
                                self.findings)
            if self.villages:
                cur.executemany("INSERT INTO cross_finding_villages (installation, kind, subject) "
                                "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", self.villages)


def refresh_findings(conn, names: dict[str, str]) -> None:
    def name(inst: str) -> str:
        return names.get(inst, f"? ({inst[:8]})")

    _receipts(conn, name)
    for column, label in PERSON_KEYS:
        _persons(conn, name, column, label)
    _protocol(conn, name)


def _subjects(conn, kind: str, table: str, column: str) -> None:
    """pg_temp.subjects := the values of ``column`` the touched villages' rows have now that another village has
    too (only those can make a finding), and the subjects the touched villages were part of; the findings of
    those subjects are removed, to be made again from the whole database."""
    conn.execute("DELETE FROM pg_temp.subjects")
    conn.execute(f"INSERT INTO pg_temp.subjects SELECT DISTINCT p.{column} FROM pg_temp.touched t "
                 f"JOIN {table} p ON p.installation = t.value WHERE p.{column} IS NOT NULL AND p.{column} != '' "
                 f"AND EXISTS (SELECT 1 FROM {table} o WHERE o.{column} = p.{column} "
                 "AND o.installation != p.installation)")
    conn.execute("INSERT INTO pg_temp.subjects SELECT f.subject FROM pg_temp.touched t "
                 "JOIN cross_finding_villages f ON f.installation = t.value AND f.kind = %s ON CONFLICT DO NOTHING",
                 [kind])
    conn.execute("ANALYZE pg_temp.subjects")
    conn.execute("DELETE FROM cross_findings WHERE kind = %s AND subject IN (SELECT value FROM pg_temp.subjects)",
                 [kind])
    conn.execute("DELETE FROM cross_finding_villages WHERE kind = %s AND subject IN "
                 "(SELECT value FROM pg_temp.subjects)", [kind])


def _receipts(conn, name: Name) -> None:
    """An ATE receipt code recorded by two villages."""
    _subjects(conn, "receipt", "payments", "receipt_code")
    found = _Found()
    for code, installations in conn.execute(
            "SELECT p.receipt_code, array_agg(DISTINCT p.installation) FROM pg_temp.subjects s "
            "JOIN payments p ON p.receipt_code = s.value GROUP BY p.receipt_code "
            "HAVING COUNT(DISTINCT p.installation) > 1").fetchall():
        where = ", ".join(sorted(map(name, installations)))
        found.add("receipt", code, POSITION["receipt"], installations, where, receipt_text(code, where))
    found.write(conn)


def _group_sql(column: str, where: str) -> str:
    return (f"SELECT p.{column}, array_agg(DISTINCT p.installation), array_agg(DISTINCT p.uuid), "
            f"MIN({_SHOWN}), MIN(p.birth_date) FROM {where} AND {_CERTIFIED} "
            f"GROUP BY p.{column} HAVING COUNT(DISTINCT p.installation) > 1")


def _persons(conn, name: Name, column: str, label: str) -> None:
    """A certified person (same passport, AMKA, or names and birth date) holding certificates in two villages;
    a group already reported under an earlier key is not reported again."""
    kind = f"person:{column}"
    _subjects(conn, kind, "persons", column)
    earlier = [c for c, _ in PERSON_KEYS[:[c for c, _ in PERSON_KEYS].index(column)]]
    found = _Found()
    for value, installations, persons, shown, birth in conn.execute(
            _group_sql(column, f"pg_temp.subjects s JOIN persons p ON p.{column} = s.value WHERE true")).fetchall():
        group = set(persons)
        if any(_within_earlier_group(conn, group, other) for other in earlier):
            continue
        where = ", ".join(sorted(map(name, installations)))
        found.add(kind, value, POSITION[column], installations, where,
                  person_text(column, label, value, shown, birth, where))
    found.write(conn)


def _within_earlier_group(conn, group: set[str], column: str) -> bool:
    member = next(iter(group))
    # the first of the (one or few) rows with this UUID; OFFSET 0 keeps the planner from walking the whole
    # table in id order to find it
    row = conn.execute(f"SELECT value FROM (SELECT p.id, p.{column} AS value FROM persons p WHERE p.uuid = %s "
                       f"AND p.{column} IS NOT NULL AND p.{column} != '' OFFSET 0) AS found ORDER BY id LIMIT 1",
                       [member]).fetchone()
    if row is None:
        return False
    found = conn.execute(_group_sql(column, f"persons p WHERE p.{column} = %s"), [row[0]]).fetchone()
    return found is not None and group <= set(found[2])


def _protocol(conn, name: Name) -> None:
    """Per touched village and year: numbers missing at the start or between, used twice, dates going back,
    certificates without an entry."""
    conn.execute("DELETE FROM cross_findings WHERE kind = 'protocol' AND subject IN (SELECT f.subject FROM "
                 "pg_temp.touched t JOIN cross_finding_villages f ON f.installation = t.value "
                 "AND f.kind = 'protocol')")
    conn.execute("DELETE FROM cross_finding_villages WHERE kind = 'protocol' AND installation IN "
                 "(SELECT value FROM pg_temp.touched)")
    problems = protocol_problems(conn.execute(
        "SELECT p.installation, p.year, MIN(p.number), COALESCE(s.first_number, 1) FROM pg_temp.touched t "
        "JOIN protocol p ON p.installation = t.value "
        "LEFT JOIN protocol_start s ON s.installation = p.installation AND s.year = p.year "
        "GROUP BY p.installation, p.year, s.first_number HAVING MIN(p.number) > COALESCE(s.first_number, 1) "
        "ORDER BY p.installation, p.year NULLS FIRST"
    ).fetchall(), conn.execute(
        "SELECT installation, year, prev, number, prev_date, entry_date FROM ("
        " SELECT p.installation, p.year, p.number, p.entry_date,"
        "  LAG(p.number) OVER w AS prev, LAG(p.entry_date) OVER w AS prev_date"
        "  FROM pg_temp.touched t JOIN protocol p ON p.installation = t.value"
        "  WINDOW w AS (PARTITION BY p.installation, p.year ORDER BY p.number NULLS FIRST, p.entry_date NULLS FIRST)"
        " ) AS numbered WHERE number - prev > 1 OR number = prev OR entry_date < prev_date"
        " ORDER BY installation, year NULLS FIRST, number NULLS FIRST, entry_date NULLS FIRST"
    ).fetchall(), conn.execute(
        "SELECT c.installation, c.protocol_year, c.protocol_no FROM pg_temp.touched t "
        "JOIN certificates c ON c.installation = t.value WHERE c.protocol_no IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM protocol p WHERE p.installation = c.installation AND p.year = c.protocol_year "
        "AND p.number = c.protocol_no) ORDER BY c.installation, c.protocol_year NULLS FIRST, c.protocol_no"
    ).fetchall())
    found = _Found()
    for (installation, year), text in problems.items():
        where = name(installation)
        found.add("protocol", protocol_subject(installation, year), POSITION["protocol"], [installation], where,
                  protocol_text(where, year, text))
    found.write(conn)
