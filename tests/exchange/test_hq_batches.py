"""Merging in batches (issue 17): a refused package inside a batch leaves the others merged and itself absent;
the same packages merged twice change nothing; what the merges keep for the report equals a recomputation;
a large merge (check indexes dropped, readers in other processes) ends with every index and figure in place."""

import json
import sqlite3

import pytest

from correspondent_app.exchange import hq as hq_module
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import cross_checks, merge_many, open_hq, register
from correspondent_app.exchange.hq_sqlite import CHECK_INDEXES
from tests.exchange.helpers import resign, village

TABLES = ("persons", "cases", "payments", "certificates", "protocol", "packages")


@pytest.fixture(scope="module")
def five(tmp_path_factory):
    """Five villages, each with its package and key; the third village's package is also made hostile
    (re-signed by the village, with a case pointing nowhere valid: refused when its rows are checked)."""
    folder = tmp_path_factory.mktemp("five")
    out = []
    for n in range(5):
        reg, key = village(folder, f"v{n}", n + 11, persons=12)
        export_package(reg, folder / f"v{n}.zip")
        out.append((reg, key, folder / f"v{n}.zip"))
    bad = resign(out[2][0], out[2][2], folder / "v2-bad.zip", change_members=lambda m: {
        **m, "data/cases.jsonl": m["data/cases.jsonl"].replace(b'"state": "', b'"state": "no such state ', 1)})
    return folder, out, bad


def counts(store):
    return {t: store.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def snapshot(store):
    rows = {t: sorted(map(tuple, store.execute(f"SELECT * FROM {t}" if t == "packages" else
                                                  f"SELECT uuid, installation, data FROM {t}")))
            for t in TABLES}
    return rows, store.aggregates(), cross_checks(store)


def test_a_refused_package_inside_a_batch_leaves_the_others_merged_and_itself_absent(tmp_path, five):
    _folder, villages, bad = five
    store = open_hq(tmp_path / "hq.sqlite")
    for _reg, key, _pkg in villages:
        register(store, key)
    paths = [villages[0][2], villages[1][2], bad, villages[3][2], villages[4][2]]
    results = merge_many(store, paths, batch=500)  # one batch, one transaction
    assert [r.merged for r in results] == [True, True, False, True, True], [r.reason for r in results]
    assert "state" in results[2].reason and "nothing merged" in results[2].reason
    bad_installation = villages[2][0].profile.get().uuid
    for table in TABLES:
        assert store.execute(f"SELECT COUNT(*) FROM {table} WHERE installation = ?",
                             [bad_installation]).fetchone()[0] == 0, table
    merged = {r[0] for r in store.execute("SELECT DISTINCT installation FROM cases")}
    assert merged == {v[0].profile.get().uuid for i, v in enumerate(villages) if i != 2}
    assert bad_installation not in {v.installation for v in store.aggregates().villages}
    # its genuine package merges afterwards, as the next one in its chain would
    assert merge_many(store, [villages[2][2]])[0].merged


def test_merging_the_same_packages_twice_changes_nothing(tmp_path, five):
    _folder, villages, _bad = five
    store = open_hq(tmp_path / "hq.sqlite")
    for _reg, key, _pkg in villages:
        register(store, key)
    first = merge_many(store, [v[2] for v in villages], batch=2)  # three batches
    assert all(r.merged for r in first)
    before = snapshot(store)
    again = merge_many(store, [v[2] for v in villages], batch=2)
    assert [r.reason for r in again] == ["already merged (nothing changed)"] * 5
    assert snapshot(store) == before


def test_a_large_merge_rebuilds_its_indexes_and_keeps_the_same_figures(tmp_path, five, monkeypatch):
    """With the threshold lowered, five packages are a 'large' merge: the check indexes are dropped, the
    packages read in other processes, and everything is in place at the end, equal to a small merge's."""
    _folder, villages, _bad = five
    small = open_hq(tmp_path / "small.sqlite")
    for _reg, key, _pkg in villages:
        register(small, key)
    assert all(r.merged for r in merge_many(small, [v[2] for v in villages]))
    monkeypatch.setattr(hq_module, "LARGE_MERGE", 2)
    large = open_hq(tmp_path / "large.sqlite")
    for _reg, key, _pkg in villages:
        register(large, key)
    monkeypatch.setattr(hq_module, "_pool", lambda count: hq_module.concurrent.futures.ProcessPoolExecutor(
        2, mp_context=hq_module.multiprocessing.get_context("fork")))
    assert all(r.merged for r in merge_many(large, [v[2] for v in villages], batch=2))
    names = {r[0] for r in large.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                         if large.engine == "sqlite" else
                                         "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    assert set(CHECK_INDEXES) <= names
    assert large.pending_villages() == 0
    assert snapshot(large)[1:] == snapshot(small)[1:]
    assert counts(large) == counts(small)


def test_the_figures_and_findings_kept_per_batch_equal_a_recomputation(tmp_path, five):
    """Villages sharing a receipt and a certified person, merged in batches of one: the findings and figures
    the batches kept are those a recomputation over every row gives."""
    folder, villages, _bad = five
    store = open_hq(tmp_path / "hq.sqlite")
    for _reg, key, _pkg in villages:
        register(store, key)
    shared, code = receipt_shared(folder, villages)
    results = merge_many(store, [v[2] for v in villages[:4]] + [shared], batch=1)
    assert all(r.merged for r in results), [r.reason for r in results]
    kept = (store.aggregates(), cross_checks(store))
    assert any(code in text for text in kept[1])
    store.rebuild_derived()
    assert (store.aggregates(), cross_checks(store)) == kept


def receipt_shared(folder, villages):
    """Village 4's package with village 0's first receipt code on its first payment (a copy), and the code."""
    reg0, reg4 = villages[0][0], villages[4][0]
    code = reg0.db.execute("SELECT receipt_code FROM payments WHERE receipt_code IS NOT NULL LIMIT 1").fetchone()[0]
    with zip_members(villages[4][2]) as members:
        payments = [json.loads(line) for line in members["data/payments.jsonl"].splitlines()]
        payments[0]["receipt_code"] = code
        members["data/payments.jsonl"] = "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n"
                                                 for p in payments).encode()
    shared = resign(reg4, villages[4][2], folder / "v4-shared.zip",
                    change_members=lambda m: {**m, "data/payments.jsonl": members["data/payments.jsonl"]})
    return shared, code


class zip_members:  # noqa: N801 - used as a context manager that hands out the members as a dict
    def __init__(self, path):
        import zipfile

        with zipfile.ZipFile(path) as z:
            self.members = {n: z.read(n) for n in z.namelist()}

    def __enter__(self):
        return self.members

    def __exit__(self, *exc):
        return False


@pytest.mark.sqlite_only
def test_an_hq_database_file_is_sqlite_with_rowid_tables(tmp_path):
    open_hq(tmp_path / "hq.sqlite").close()
    conn = sqlite3.connect(tmp_path / "hq.sqlite")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'persons'").fetchone()[0]
    assert "WITHOUT ROWID" not in sql and "UNIQUE (installation, uuid)" in sql


def test_a_large_merge_finds_shared_uuids_and_references_to_other_villages_as_a_small_one(tmp_path, five,
                                                                                          monkeypatch):
    """A large merge into an HQ holding fewer packages looks UUIDs up only where its bitmap says HQ may hold
    them: a village re-sending another's persons and one pointing at another's person are found and refused
    exactly as in a small merge."""
    folder, villages, _bad = five
    with zip_members(villages[0][2]) as members0:
        persons0 = members0["data/persons.jsonl"]
    copy = resign(villages[4][0], villages[4][2], folder / "v4-copy.zip",
                  change_members=lambda m: {**m, "data/persons.jsonl": persons0})
    stranger = json.loads(persons0.splitlines()[0])["uuid"]

    def point(members):
        lines = members["data/cases.jsonl"].decode().splitlines()
        case = json.loads(lines[0])
        case["person_uuid"] = stranger
        members["data/cases.jsonl"] = ("\n".join([json.dumps(case, ensure_ascii=False), *lines[1:]]) + "\n").encode()
        return members

    pointing = resign(villages[3][0], villages[3][2], folder / "v3-pointing.zip", change_members=point)
    later = [villages[1][2], villages[2][2], pointing, copy]
    outcome = {}
    for kind in ("small", "large"):
        if kind == "large":
            monkeypatch.setattr(hq_module, "LARGE_MERGE", 2)
            monkeypatch.setattr(hq_module, "_pool", lambda count: hq_module.concurrent.futures.ProcessPoolExecutor(
                2, mp_context=hq_module.multiprocessing.get_context("fork")))
        store = open_hq(tmp_path / f"{kind}.sqlite")
        for _reg, key, _pkg in villages:
            register(store, key)
        assert merge_many(store, [villages[0][2]])[0].merged
        results = merge_many(store, later, batch=2)
        outcome[kind] = ([(r.merged, r.reason, r.findings) for r in results], cross_checks(store))
    assert outcome["large"][0] == outcome["small"][0]
    assert outcome["large"][1] == outcome["small"][1]
    results, found = outcome["large"]
    assert [merged for merged, _reason, _notes in results] == [True, True, False, True]
    assert "reference(s) to rows of another village" in results[2][1]
    assert any("sent too" in note for note in results[3][2]) and any("sent too" in text for text in found)


@pytest.mark.sqlite_only
def test_the_uuid_bitmap_is_built_again_when_another_merge_wrote_between_two_batches(tmp_path, five):
    folder, villages, _bad = five
    path = tmp_path / "hq.sqlite"
    store = open_hq(path)
    for _reg, key, _pkg in villages:
        register(store, key)
    assert merge_many(store, [villages[0][2]])[0].merged
    store.start_large_merge(10)
    other = open_hq(path)
    assert merge_many(other, [villages[1][2]])[0].merged  # another process, between two batches
    other.close()
    with zip_members(villages[1][2]) as members:
        uuids = [json.loads(line)["uuid"] for line in members["data/persons.jsonl"].splitlines()]
    store.begin()
    assert len(store.shared_uuids("persons", uuids, villages[2][0].profile.get().uuid)) == len(uuids)
    store.rollback()
    store.finish_large_merge()


def stale_findings(store, villages):
    """Every village marked to be checked again, its findings gone but for one no longer true (each statement
    committed alone: a batch's commit would check the villages at once)."""
    store.execute("DELETE FROM cross_findings")
    store.execute("DELETE FROM cross_finding_villages")
    stale = villages[1][0].profile.get().uuid
    store.execute("INSERT INTO cross_findings VALUES ('receipt', '9999/999999/999999', 1, 'x', 'no longer true')")
    store.execute("INSERT INTO cross_finding_villages VALUES (?, 'receipt', '9999/999999/999999')", [stale])
    store.execute("INSERT OR IGNORE INTO derived_pending SELECT installation FROM villages")
    assert "no longer true" in " ".join(cross_checks(store))


@pytest.mark.sqlite_only
def test_the_end_of_a_large_merge_makes_the_findings_beside_its_index_builds_as_a_batch_would(tmp_path, five):
    """At the end of a large merge the findings are made on a connection of their own while the other indexes
    are built: a finding no longer true goes, the true ones come back, as a recomputation has them."""
    folder, villages, _bad = five
    store = open_hq(tmp_path / "hq.sqlite")
    for _reg, key, _pkg in villages:
        register(store, key)
    shared, code = receipt_shared(folder, villages)
    assert all(r.merged for r in merge_many(store, [v[2] for v in villages[:4]] + [shared]))
    store.rebuild_derived()
    truth = cross_checks(store)
    assert any(code in text for text in truth)
    stale_findings(store, villages)
    store.start_large_merge(1)  # the indexes go, as at a large merge's start
    store.finish_large_merge()
    assert cross_checks(store) == truth and store.pending_villages() == 0


@pytest.mark.sqlite_only
def test_findings_that_fail_beside_the_index_builds_leave_the_villages_to_check_for_the_next_open(tmp_path, five,
                                                                                                   monkeypatch):
    from correspondent_app.exchange import hq_sqlite_beside

    folder, villages, _bad = five
    path = tmp_path / "hq.sqlite"
    store = open_hq(path)
    for _reg, key, _pkg in villages:
        register(store, key)
    shared, _code = receipt_shared(folder, villages)
    assert all(r.merged for r in merge_many(store, [v[2] for v in villages[:4]] + [shared]))
    truth = cross_checks(store)
    stale_findings(store, villages)
    store.start_large_merge(1)

    def broken(conn, names):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(hq_sqlite_beside, "find", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        store.finish_large_merge()
    assert store.pending_villages() == len(villages)  # nothing of the last transaction was kept
    assert "no longer true" in " ".join(cross_checks(store))
    store.close()
    monkeypatch.undo()
    store = open_hq(path)  # the next open finishes it
    assert cross_checks(store) == truth and store.pending_villages() == 0


@pytest.mark.sqlite_only
def test_no_other_merge_can_commit_between_the_findings_snapshot_and_the_last_transaction(tmp_path, five,
                                                                                          monkeypatch):
    """The findings thread takes its snapshot while the merge holds the write lock: a merge of another
    process in between would leave villages it marked unchecked (the last transaction clears every mark)."""
    from correspondent_app.exchange import hq_sqlite, hq_sqlite_beside

    folder, villages, _bad = five
    path = tmp_path / "hq.sqlite"
    store = open_hq(path)
    for _reg, key, _pkg in villages:
        register(store, key)
    assert all(r.merged for r in merge_many(store, [v[2] for v in villages[:3]]))
    store.execute("INSERT OR IGNORE INTO derived_pending SELECT installation FROM villages")
    store.start_large_merge(1)
    attempts = []
    original = hq_sqlite_beside.FindingsBeside.__init__

    def then_another_writer(self, *args):
        original(self, *args)
        other = sqlite3.connect(path, timeout=0.2)
        try:
            other.execute("INSERT OR IGNORE INTO derived_pending VALUES ('another merge')")
            other.commit()
            attempts.append("committed")
        except sqlite3.OperationalError as exc:
            attempts.append(str(exc))
        finally:
            other.close()

    monkeypatch.setattr(hq_sqlite.FindingsBeside, "__init__", then_another_writer)
    store.finish_large_merge()
    assert attempts == ["database is locked"]
    assert store.pending_villages() == 0
