"""HQ on PostgreSQL (issue 18): the same packages merged into a real PostgreSQL server and into a SQLite file
give the same rows, refusals, findings, figures and verification answers; two merges at once merge each
package once and never deadlock; readers never wait for a merge.

Real villages (demo data, real signatures), a real throw-away PostgreSQL server (tests/postgres_server.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

from pathlib import Path

import pytest

from correspondent_app.exchange import hq_postgres
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.findings import finding_id, resolve, sync
from correspondent_app.exchange.hq import (cross_checks, findings, merge, merge_many, open_hq, open_hq_read_only,
                                           register)
from correspondent_app.exchange.hq_postgres import PostgresStore
from correspondent_app.exchange.hq_store import HqBusyError, HqDatabaseError, is_busy, open_store
from correspondent_app.exchange.hq_verify import verify_at_hq
from tests.exchange.helpers import resign, rewrite, village

TABLES = ["villages", "packages", "persons", "cases", "payments", "certificates", "protocol", "protocol_start",
          "findings", "agg_village", "agg_week", "cross_findings", "cross_finding_villages", "derived_pending"]
TIMINGS: dict[str, float] = {}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def villages(tmp_path_factory):
    """Two villages with issued certificates, each with two packages in its chain (alpha's second voids a
    certificate). Built once: each test merges the same packages into its own HQ databases."""
    tmp = tmp_path_factory.mktemp("pgvillages")
    alpha, alpha_key = village(tmp, "alpha", 1, persons=14, certificates=True)
    beta, beta_key = village(tmp, "beta", 2, persons=14, certificates=True)
    export_package(alpha, tmp / "a1.zip")
    export_package(beta, tmp / "b1.zip")
    certificate = alpha.db.execute("SELECT id FROM certificates WHERE voided_at IS NULL ORDER BY id").fetchone()[0]
    alpha.certificates.void(certificate, "wrong amount")
    export_package(alpha, tmp / "a2.zip")
    export_package(beta, tmp / "b2.zip")
    yield {"tmp": tmp, "alpha": alpha, "beta": beta, "keys": (alpha_key, beta_key),
           "installations": (alpha.profile.get().uuid, beta.profile.get().uuid)}
    alpha.close()
    beta.close()


CERTIFIED = ("SELECT p.uuid, p.passport_no, p.amka, p.surname_lat, p.name_lat, p.surname_el, p.birth_date, p.name_key "
             "FROM persons p JOIN cases k ON k.installation = p.installation AND k.person_uuid = p.uuid "
             "JOIN certificates x ON x.installation = k.installation AND x.case_uuid = k.uuid "
             "WHERE x.voided_at IS NULL AND p.installation = ? ORDER BY p.uuid")


def make_findings(store, villages) -> str:
    """The same edits behind the merge's back on either engine (then recomputed, as ``rebuild_derived`` does):
    a receipt code, a passport and names-and-birth-date shared by the two villages, a protocol number missing.
    Returns the shared receipt code."""
    alpha, beta = villages["installations"]
    code = store.execute("SELECT receipt_code FROM payments WHERE receipt_code IS NOT NULL AND installation = ? "
                         "ORDER BY uuid LIMIT 1", [alpha]).fetchone()[0]
    store.execute("UPDATE payments SET receipt_code = ? WHERE installation = ? AND uuid = (SELECT uuid FROM payments "
                  "WHERE installation = ? AND receipt_code IS NOT NULL ORDER BY uuid LIMIT 1)", [code, beta, beta])
    ours, theirs = store.execute(CERTIFIED, [alpha]).fetchall(), store.execute(CERTIFIED, [beta]).fetchall()
    store.execute("UPDATE persons SET passport_no = ? WHERE installation = ? AND uuid = ?", [ours[0][1], beta,
                                                                                              theirs[0][0]])
    store.execute("UPDATE persons SET passport_no = 'RENEWED1', amka = '', surname_lat = ?, name_lat = ?, "
                  "surname_el = ?, birth_date = ?, name_key = ? WHERE installation = ? AND uuid = ?",
                  [*ours[1][3:8], beta, theirs[1][0]])
    store.execute("DELETE FROM protocol WHERE installation = ? AND number = 3", [alpha])
    store.rebuild_derived()
    return code


def counts(store) -> dict[str, int]:
    return {t: store.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def both(villages, tmp_path, postgres_db):
    """A SQLite HQ and a PostgreSQL HQ, both with the two villages registered."""
    stores = {"sqlite": open_store(tmp_path / "hq.sqlite"), "postgresql": open_store(postgres_db)}
    for store in stores.values():
        for key in villages["keys"]:
            register(store, key)
    return stores


def package(villages, name):
    return villages["tmp"] / f"{name}.zip"


def same_everything(stores) -> None:
    sqlite, pg = stores["sqlite"], stores["postgresql"]
    assert counts(sqlite) == counts(pg)
    assert set(cross_checks(sqlite)) == set(cross_checks(pg))
    assert [(f.kind, f.villages) for f in findings(sqlite)] == [(f.kind, f.villages) for f in findings(pg)]
    assert sqlite.aggregates().villages == pg.aggregates().villages  # and in the same order
    assert sqlite.aggregates().weeks == pg.aggregates().weeks
    assert sqlite.voided_certificates() == pg.voided_certificates()
    assert sqlite.villages() == pg.villages() and sqlite.village_keys() == pg.village_keys()
    for table in ("persons", "cases", "payments", "certificates", "protocol"):
        rows = "SELECT installation, uuid, data FROM {} ORDER BY installation, uuid"
        assert sqlite.execute(rows.format(table)).fetchall() == [tuple(r) for r in pg.execute(rows.format(table))]


def test_open_store_dispatches_addresses_to_postgresql(postgres_db, tmp_path):
    store = open_store(postgres_db)
    assert isinstance(store, PostgresStore) and store.engine == "postgresql"
    assert store.execute("SELECT value FROM hq_meta WHERE key = 'application'").fetchone()[0] == "correspondent-hq"
    store.close()
    again = open_store(postgres_db)  # idempotent: the schema is there, nothing made twice
    assert again.package_count() == 0
    again.close()
    reader = open_store(postgres_db, read_only=True)
    assert reader.read_only and reader.aggregates().villages == []
    with pytest.raises(Exception, match="read-only"):
        reader.execute("DELETE FROM villages")
    reader.close()
    assert open_store(tmp_path / "hq.sqlite").engine == "sqlite"
    assert open_store(postgres_db.replace("postgresql://", "postgres://", 1)).engine == "postgresql"


def test_another_programs_database_and_an_empty_one_are_refused(postgres_db):
    import psycopg

    with pytest.raises(HqDatabaseError, match="no HQ database"):
        open_store(postgres_db, read_only=True)
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (text text)")
    with pytest.raises(HqDatabaseError, match="not an HQ database"):
        open_store(postgres_db)
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('hq_meta')").fetchone()[0] is None  # nothing was changed


def test_the_same_packages_give_the_same_rows_findings_figures_and_answers(villages, tmp_path, postgres_db):
    stores = both(villages, tmp_path, postgres_db)
    first, later = [package(villages, n) for n in ("a1", "b1")], [package(villages, n) for n in ("a2", "b2")]
    for engine, store in stores.items():
        started = time.perf_counter()
        results = merge_many(store, first)
        TIMINGS[engine] = time.perf_counter() - started
        assert all(r.merged for r in results), [r.reason for r in results]
    same_everything(stores)
    codes = {engine: make_findings(store, villages) for engine, store in stores.items()}
    assert codes["sqlite"] == codes["postgresql"]
    same_everything(stores)
    texts = cross_checks(stores["postgresql"])
    assert texts == cross_checks(stores["sqlite"])  # the same texts in the same order
    shared = [t for t in texts if codes["sqlite"] in t]
    assert shared and "Κοινότητα alpha" in shared[0] and "Κοινότητα beta" in shared[0], texts
    assert {f.kind for f in findings(stores["postgresql"])} >= {"receipt", "person", "protocol"}, texts
    assert any("same passport" in t for t in texts) and any("possibly the same person" in t for t in texts), texts

    # alpha's full package 2 (a voided certificate) touches alpha: its protocol book is whole again, the
    # findings shared with beta stay; then beta's full package 2 undoes the edits of beta's rows
    for step, left in (("a2", {"receipt"}), ("b2", set())):
        for engine, store in stores.items():
            started = time.perf_counter()
            assert merge(store, package(villages, step)).merged
            TIMINGS[engine] += time.perf_counter() - started
        same_everything(stores)
        assert cross_checks(stores["postgresql"]) == cross_checks(stores["sqlite"])
        kinds = {f.kind for f in findings(stores["postgresql"])}
        assert left <= kinds and "protocol" not in kinds and (left or not kinds), kinds
    print("\nmerge of 4 packages: " + ", ".join(f"{e} {s:.2f} s" for e, s in TIMINGS.items()))
    assert stores["postgresql"].aggregates().weeks and stores["postgresql"].voided_certificates()

    # verification: every certificate code, and one HQ never received, answered alike
    codes = [r[0] for r in stores["sqlite"].execute("SELECT verification_code FROM certificates")]
    for code in [*codes, "ZZZZ-ZZZZ-ZZZZ"]:
        answers = [verify_at_hq(store, code) for store in stores.values()]
        assert answers[0] == answers[1], code
    assert {verify_at_hq(stores["postgresql"], c).status for c in codes} == {"valid", "void"}

    # the figures kept batch by batch are those of a recomputation of the whole database
    kept = stores["postgresql"].aggregates(), cross_checks(stores["postgresql"])
    stores["postgresql"].rebuild_derived()
    assert (stores["postgresql"].aggregates(), cross_checks(stores["postgresql"])) == kept

    # merging the same packages twice changes nothing, on either engine
    before = {e: counts(s) for e, s in stores.items()}
    for engine, store in stores.items():
        again = merge_many(store, [*first, *later])
        assert all(r.merged and r.reason.startswith("already") for r in again), engine
        assert counts(store) == before[engine]
    same_everything(stores)


def test_a_refused_package_inside_a_batch_of_three(villages, tmp_path, postgres_db):
    """b1 re-signed by beta with a case pointing to alpha's person (merged earlier in the same batch): refused
    whole inside its SAVEPOINT; the packages before and after it are merged; the same reasons on both engines."""
    import json

    alpha_id, beta_id = villages["installations"]
    alpha_person = json.loads(next(iter(_rows(package(villages, "a1"), "persons"))))["uuid"]

    def steal(members):
        lines = members["data/cases.jsonl"].decode().splitlines()
        case = json.loads(lines[-1])
        case["person_uuid"] = alpha_person
        members["data/cases.jsonl"] = ("\n".join([*lines[:-1], json.dumps(case, ensure_ascii=False)]) + "\n").encode()
        return members

    bad = resign(villages["beta"], package(villages, "b1"), tmp_path / "b1-bad.zip", change_members=steal)
    flipped = tmp_path / "a2-flipped.zip"
    rewrite(package(villages, "a2"), flipped,
            lambda n, d: d[:-2] + bytes([d[-2] ^ 1]) + d[-1:] if n == "data/persons.jsonl" else d)
    stores = both(villages, tmp_path, postgres_db)
    outcome = {}
    for engine, store in stores.items():
        results = merge_many(store, [package(villages, "a1"), bad, package(villages, "a2")])
        outcome[engine] = [(r.merged, r.reason.replace(str(tmp_path), "")) for r in results]
        assert [r.merged for r in results] == [True, False, True], outcome[engine]
        assert "reference(s) to rows of another village" in results[1].reason
        assert store.execute("SELECT COUNT(*) FROM persons WHERE installation = ?", [beta_id]).fetchone()[0] == 0
        assert store.execute("SELECT COUNT(*) FROM cases WHERE installation = ?", [beta_id]).fetchone()[0] == 0
        assert store.execute("SELECT COUNT(*) FROM packages").fetchone()[0] == 2
        refused = merge(store, flipped)
        assert not refused.merged and "altered" in refused.reason
    assert outcome["sqlite"] == outcome["postgresql"]
    same_everything(stores)
    assert [f.text for f in findings(stores["sqlite"])] == [f.text for f in findings(stores["postgresql"])]
    assert any(f.kind == "foreign_rows" for f in findings(stores["postgresql"]))


def _rows(path, table):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(f"data/{table}.jsonl").decode().splitlines()


def test_a_resolved_finding_stays_resolved_after_a_later_merge(villages, tmp_path, postgres_db):
    stores = both(villages, tmp_path, postgres_db)
    ids = {}
    for engine, store in stores.items():
        assert all(r.merged for r in merge_many(store, [package(villages, "a1"), package(villages, "b1")]))
        make_findings(store, villages)
        (receipt,) = [f for f in sync(store) if f.kind == "receipt"]
        resolve(store, receipt.id, "typing error, corrected", by="maria")
        ids[engine] = receipt.id
        assert merge(store, package(villages, "a2")).merged  # alpha's rows again, the receipt among them
        (again,) = [f for f in sync(store) if f.id == receipt.id]
        assert again.resolved_by == "maria" and again.note == "typing error, corrected"
    assert ids["sqlite"] == ids["postgresql"]
    assert [finding_id(f) for f in findings(stores["sqlite"])] == [finding_id(f)
                                                                   for f in findings(stores["postgresql"])]
    assert stores["sqlite"].finding_statuses().keys() == stores["postgresql"].finding_statuses().keys()


def test_two_merges_at_once_merge_each_package_once(villages, tmp_path, postgres_db):
    """Two terminals merging the same packages into one PostgreSQL database: one batch at a time (the write
    lock), each package merged by one of them, the other says "already merged"; nobody deadlocks."""
    paths = []
    for n in ("a1", "b1", "a2", "b2"):  # each merge its own copies (as two clerks with the same USB stick)
        paths.append(shutil.copy(package(villages, n), tmp_path / f"{n}.zip"))
    store = open_store(postgres_db)
    for key in villages["keys"]:
        register(store, key)
    store.close()
    results, errors = {}, []
    start = threading.Barrier(2)

    def work(name):
        try:
            mine = open_store(postgres_db)
            start.wait()
            results[name] = merge_many(mine, paths, batch=1)
            mine.close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads), errors
    for i, path in enumerate(paths):
        first, second = results["one"][i], results["two"][i]
        assert first.merged and second.merged, (first.reason, second.reason)
        fresh = [r for r in (first, second) if not r.reason.startswith("already")]
        assert len(fresh) == 1, (path, first.reason, second.reason)
    check = open_store(postgres_db)
    assert check.package_count() == 4 and check.pending_villages() == 0
    sqlite = open_store(tmp_path / "hq.sqlite")
    for key in villages["keys"]:
        register(sqlite, key)
    merge_many(sqlite, paths)
    same_everything({"sqlite": sqlite, "postgresql": check})


def test_a_merge_waiting_too_long_is_busy_and_readers_never_wait(villages, tmp_path, postgres_db, monkeypatch):
    writer = open_store(postgres_db)
    for key in villages["keys"]:
        register(writer, key)
    assert merge(writer, package(villages, "a1")).merged
    writer.begin()  # a batch under way: holds the write lock
    writer.upsert("persons", villages["installations"][0], [])
    other = open_store(postgres_db)
    patience = hq_postgres.BUSY_TIMEOUT_S
    monkeypatch.setattr(hq_postgres, "BUSY_TIMEOUT_S", 0.3)
    started = time.perf_counter()
    with pytest.raises(HqBusyError) as busy:
        other.begin()
    assert is_busy(busy.value) and time.perf_counter() - started < 5
    assert not other.in_transaction
    reader = open_hq_read_only(postgres_db)
    started = time.perf_counter()
    assert sum(v.cases for v in reader.aggregates().villages) > 0 and findings(reader) is not None
    code = reader.execute("SELECT verification_code FROM certificates LIMIT 1").fetchone()[0]
    assert verify_at_hq(reader, code).status in ("valid", "void")
    assert time.perf_counter() - started < 2  # a merge holding the lock does not hold readers
    writer.commit()
    monkeypatch.setattr(hq_postgres, "BUSY_TIMEOUT_S", patience)
    assert merge(other, package(villages, "b1")).merged
    for s in (writer, other, reader):
        s.close()


def test_open_hq_takes_an_address(villages, postgres_db):
    store = open_hq(postgres_db)
    register(store, villages["keys"][0])
    assert merge(store, package(villages, "a1")).merged
    store.close()
    reader = open_hq_read_only(postgres_db)
    assert reader.package_count() == 1 and reader.location == postgres_db
    reader.close()


def test_init_postgres_makes_a_merge_role_and_a_read_only_role_and_the_commands_take_addresses(
        villages, tmp_path, postgres_db):
    """``hq init-postgres`` (twice: idempotent) as the server's administrator; then every hq command with an
    address: the merge role registers, merges and works findings, the read-only role reports and verifies and
    can change nothing; neither can create tables."""
    import secrets

    import psycopg

    def run(*args):  # in the test's folder: hq.log of a PostgreSQL HQ goes into the current folder
        return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})

    merger, reader = f"m_{secrets.token_hex(4)}", f"r_{secrets.token_hex(4)}"
    for _ in range(2):
        done = run("hq", "init-postgres", postgres_db, "--merge-role", merger, "--read-role", reader)
        assert done.returncode == 0, done.stderr
    assert "already there" in done.stdout
    as_merger, as_reader = (postgres_db.replace("postgresql://postgres@", f"postgresql://{role}@", 1)
                            for role in (merger, reader))
    assert run("hq", "register", "--into", as_merger, *villages["keys"]).returncode == 0
    merged = run("hq", "merge", "--into", as_merger, package(villages, "a1"), package(villages, "b1"))
    assert merged.returncode == 0 and merged.stdout.count(": merged:") == 2, merged.stdout + merged.stderr
    assert "merge" in (tmp_path / "hq.log").read_text(encoding="utf-8")
    listed = run("hq", "findings", "--from", as_merger, "--list")
    assert listed.returncode == 0, listed.stderr
    key = run("hq", "key", "--from", as_merger, "--out", tmp_path / "hq.pub")
    assert key.returncode == 0 and (tmp_path / "hq.pub").is_file(), key.stderr

    report = run("hq", "report", "--from", as_reader, "--out", tmp_path / "report")
    assert report.returncode == 0 and (tmp_path / "report" / "report.csv").is_file(), report.stderr
    with psycopg.connect(as_reader) as conn:
        code = conn.execute("SELECT verification_code FROM certificates WHERE voided_at IS NULL "
                            "AND verification_code IS NOT NULL LIMIT 1").fetchone()[0]
    verified = run("hq", "verify", "--from", as_reader, code)
    assert verified.returncode == 0 and "valid" in verified.stdout, verified.stdout + verified.stderr
    refused = run("hq", "register", "--into", as_reader, villages["keys"][0])
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    for dsn, statement in ((as_reader, "DELETE FROM villages"), (as_reader, "SET default_transaction_read_only = off;"
                                                                             " DELETE FROM villages"),
                           (as_merger, "CREATE TABLE extra (x int)"), (as_merger, "DROP TABLE villages")):
        with psycopg.connect(dsn, autocommit=True) as conn, pytest.raises(psycopg.Error):
            for part in statement.split(";"):
                conn.execute(part)
    with psycopg.connect(as_merger, autocommit=True) as conn:  # statistics after a large batch: allowed to
        conn.execute("SELECT hq_analyze(%s)", [["persons", "villages"]])  # the merge role, HQ's tables only
        analyzed = conn.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL").fetchall()
    assert analyzed == [("persons",)]
    check = open_store(postgres_db, read_only=True)
    assert len(check.villages()) == 2 and check.package_count() == 2
    check.close()


def test_two_terminals_merging_the_same_packages_at_once(villages, tmp_path, postgres_db):
    """``hq merge --into postgresql://…`` in two processes at once, one package per batch: every package is
    merged by exactly one of them (the other says "already merged"), both finish, neither waits for ever."""
    store = open_store(postgres_db)
    for key in villages["keys"]:
        register(store, key)
    store.close()
    paths = [package(villages, n) for n in ("a1", "b1", "a2", "b2")]
    command = [sys.executable, "-m", "correspondent_app", "hq", "merge", "--into", postgres_db, "--batch", "1",
               *map(str, paths)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    terminals = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                  env=env) for _ in range(2)]
    outputs = [t.communicate(timeout=120) for t in terminals]
    assert [t.returncode for t in terminals] == [0, 0], outputs
    lines = [line for out, _err in outputs for line in out.splitlines()]
    for path in paths:
        mine = [line for line in lines if line.startswith(f"{path}: merged:")]
        assert len(mine) == 2, lines
        assert sum("already merged" not in line for line in mine) == 1, mine
    check = open_store(postgres_db, read_only=True)
    assert check.package_count() == 4 and check.pending_villages() == 0
    check.close()


def test_a_statement_failing_inside_a_package_leaves_the_batch_usable(villages, postgres_db):
    """On PostgreSQL a failed statement spoils its whole transaction unless rolled back to a savepoint: the
    package's SAVEPOINT takes it back alone and the batch goes on, as on SQLite."""
    import psycopg

    store = open_store(postgres_db)
    register(store, villages["keys"][0])
    installation = villages["installations"][0]
    good = ["00000000-0000-4000-8000-000000000001", None, "draft", None, None, 100, "{}"]
    bad = ["00000000-0000-4000-8000-000000000002", None, "draft", None, None, 10 ** 30, "{}"]  # beyond BIGINT
    store.begin()
    with pytest.raises(psycopg.Error), store.package_scope():
        store.upsert("cases", installation, [good, bad])
    with store.package_scope():
        store.upsert("cases", installation, [good])
        store.add_package("f" * 64, installation, 1, None, True, 1, "2005-01-01T00:00:00")
    store.commit()
    assert store.execute("SELECT uuid, amount_cents FROM cases").fetchall() == [(good[0], 100)]
    assert store.aggregates().villages[0].cases == 1 and store.pending_villages() == 0
    store.close()


def test_rows_with_another_villages_uuids_are_kept_apart_alike(villages, tmp_path, postgres_db):
    """beta's package carries three of alpha's persons (their UUIDs): merged, kept apart, the same finding (the
    rows named in the order the package has them) on both engines."""
    stolen = _rows(package(villages, "a1"), "persons")[:3]

    def add(members):
        members["data/persons.jsonl"] += ("\n".join(stolen) + "\n").encode()
        return members

    def count(manifest):
        manifest["rows"]["persons"] += len(stolen)
        return manifest

    copied = resign(villages["beta"], package(villages, "b1"), tmp_path / "b1-copied.zip", change_members=add,
                    change_manifest=count)
    stores = both(villages, tmp_path, postgres_db)
    notes = {}
    for engine, store in stores.items():
        results = merge_many(store, [package(villages, "a1"), copied])
        assert all(r.merged for r in results), [r.reason for r in results]
        notes[engine] = results[1].findings
        assert any("kept apart" in n for n in notes[engine]), notes[engine]
    assert notes["sqlite"] == notes["postgresql"]
    same_everything(stores)
    assert [f.text for f in findings(stores["sqlite"])] == [f.text for f in findings(stores["postgresql"])]


def test_the_report_is_the_same_on_both_engines(villages, tmp_path, postgres_db):
    """``hq report`` over the same packages and findings: the same CSVs byte for byte, a PDF of the same pages."""
    from datetime import date

    from pypdf import PdfReader

    from correspondent_app.exchange.report import write_report

    stores = both(villages, tmp_path, postgres_db)
    written = {}
    for engine, store in stores.items():
        assert all(r.merged for r in merge_many(store, [package(villages, n) for n in ("a1", "b1", "a2")]))
        make_findings(store, villages)
        written[engine] = write_report(store, tmp_path / engine, today=date(2006, 1, 1))
    for ours, theirs in zip(written["sqlite"], written["postgresql"], strict=True):
        if ours.suffix == ".csv":
            assert ours.read_bytes() == theirs.read_bytes(), ours.name
        else:
            assert [p.extract_text() for p in PdfReader(ours).pages] == [p.extract_text()
                                                                        for p in PdfReader(theirs).pages]


def test_a_batch_that_grows_a_table_by_a_good_share_analyzes_it(villages, postgres_db):
    """A large first merge leaves statistics behind (taken inside its transaction, before the figures and
    findings of its end are computed); a small batch does not pay for them."""
    store = open_store(postgres_db)
    register(store, villages["keys"][0])
    installation = villages["installations"][0]

    def cases(first, count):
        return [[f"00000000-0000-4000-8000-{n:012d}", None, "draft", "2", None, 100, "{}"]
                for n in range(first, first + count)]

    def analyzed():
        return store.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "  # not autovacuum's
                             "WHERE relname = 'cases'").fetchone()[0]

    for sequence, (first, count) in enumerate(((0, 100), (100, hq_postgres.ANALYZE_ROWS + 500)), 1):
        store.begin()
        with store.package_scope():
            store.upsert("cases", installation, cases(first, count))
            store.add_package(f"{sequence:064d}", installation, sequence, None, True, count, "2005-01-01T00:00:00")
        store.commit()
        assert analyzed() == (sequence == 2)
    assert store.aggregates().villages[0].cases == hq_postgres.ANALYZE_ROWS + 600
    store.close()
