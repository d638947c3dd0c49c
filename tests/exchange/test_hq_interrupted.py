"""A large merge killed before its end (indexes dropped, figures not yet computed): nothing is lost, a report
says its figures are behind, and the next open for writing finishes the work."""

import pytest

from correspondent_app.exchange import hq as hq_module
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import cross_checks, merge_many, open_hq, open_hq_read_only, register
from correspondent_app.exchange.hq_sqlite import CHECK_INDEXES
from tests.exchange.helpers import run, village

pytestmark = pytest.mark.sqlite_only  # about SQLite's dropped indexes; PostgreSQL never drops them


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    out = []
    for n in range(3):
        reg, key = village(folder, f"v{n}", n + 31, persons=10)
        export_package(reg, folder / f"v{n}.zip")
        out.append((key, folder / f"v{n}.zip"))
    return out


def test_a_large_merge_killed_before_its_end_is_finished_by_the_next_open(tmp_path, three, monkeypatch):
    clean = open_hq(tmp_path / "clean.sqlite")
    for key, _pkg in three:
        register(clean, key)
    assert all(r.merged for r in merge_many(clean, [p for _k, p in three]))
    monkeypatch.setattr(hq_module, "LARGE_MERGE", 2)
    store = open_hq(tmp_path / "hq.sqlite")
    for key, _pkg in three:
        register(store, key)

    def killed():
        raise SystemExit("killed")  # as if the process died after the packages, before its indexes came back

    monkeypatch.setattr(store, "finish_large_merge", killed)
    with pytest.raises(SystemExit):
        merge_many(store, [p for _k, p in three])
    store.close()
    reader = open_hq_read_only(tmp_path / "hq.sqlite")
    assert reader.pending_villages() == 3  # the rows are there; their figures are behind, and that is known
    assert reader.execute("SELECT COUNT(*) FROM packages").fetchone()[0] == 3
    reader.close()
    report = run("hq", "report", "--from", tmp_path / "hq.sqlite", "--out", tmp_path / "rep")
    assert report.returncode == 0 and "not up to date" in report.stderr and "hq merge --into" in report.stderr
    finish = run("hq", "merge", "--into", tmp_path / "hq.sqlite")  # no packages: finishes what was left
    assert finish.returncode == 0, finish.stderr
    again = open_hq_read_only(tmp_path / "hq.sqlite")
    names = {r[0] for r in again.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(CHECK_INDEXES) <= names and again.pending_villages() == 0
    assert again.aggregates() == clean.aggregates() and cross_checks(again) == cross_checks(clean)
