"""A village's figures and protocol findings added up from its first package (by the merge's readers) equal
those the database adds up from the same rows, whatever the rows hold: cases of every category or none,
certificates of no case or another village's, voided ones, missing dates, protocol books with gaps, repeats,
late starts and dates going back. And a second package of the village makes the database add it up again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from correspondent_app.exchange.hq import cross_checks, open_hq
from correspondent_app.exchange.hq_figures import package_figures
from correspondent_app.exchange.hq_store import COLUMNS

VILLAGE = "0000aaaa-0000-4000-8000-000000000001"
DAYS = (None, "2005-09-05", "2005-09-11", "2005-09-12", "2005-10-31", "2006-01-02")


def uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def line(table: str, values: list) -> list:
    return [values[0], *values[1:], f'{{"table": "{table}"}}']


@st.composite
def village_rows(draw, first=0):
    """A village's rows as the store writes them (``[uuid, *COLUMNS[table], data]``), UUIDs from ``first``."""
    n = iter(range(first, first + 1000))
    cases = [line("cases", [uuid(next(n)), None, "issued", draw(st.sampled_from(["1α", "1β", "2", "", None])),
                            draw(st.sampled_from([None, "certificate", "not_oga"])), None])
             for _ in range(draw(st.integers(0, 6)))]
    refs = [c[0] for c in cases] + [None, uuid(999_999)]  # no case, a case HQ does not hold
    certificates = [line("certificates", [uuid(next(n)), draw(st.sampled_from(refs)),
                                          draw(st.sampled_from([2005, 2006])),
                                          draw(st.one_of(st.none(), st.integers(1, 6))),
                                          draw(st.sampled_from([None, None, "2005-10-01T12:00:00"])),
                                          draw(st.sampled_from(DAYS)), None])
                    for _ in range(draw(st.integers(0, 6)))]
    payments = [line("payments", [uuid(next(n)), draw(st.sampled_from(refs)), None,
                                  draw(st.one_of(st.none(), st.integers(1, 204072)))])
                for _ in range(draw(st.integers(0, 6)))]
    protocol = [line("protocol", [uuid(next(n)), draw(st.sampled_from([2005, 2006])), draw(st.integers(1, 7)),
                                  "certificate", draw(st.sampled_from(DAYS))])
                for _ in range(draw(st.integers(0, 8)))]
    starts = draw(st.dictionaries(st.sampled_from(["2005", "2006"]), st.integers(1, 3), max_size=2))
    return {"cases": cases, "certificates": certificates, "payments": payments, "protocol": protocol}, starts


def kept(store):
    return store.aggregates(), sorted(cross_checks(store))


@pytest.fixture
def store(tmp_path):
    store = open_hq(tmp_path / "hq.sqlite")
    store.add_village(VILLAGE, b"k" * 32, "Κοινότητα", "Δήμος", "Ν. Τεστ", "2005-01-01T00:00:00")
    yield store
    store.close()


def write(store, rows, starts, sequence):
    for table, values in rows.items():
        store.upsert(table, VILLAGE, values)
    for year, first in starts.items():
        store.set_protocol_start(VILLAGE, int(year), first)
    store.add_package(f"{sequence:064d}", VILLAGE, sequence, None, True, 0, "2005-01-01T00:00:00")


def clear(store):
    for table in (*COLUMNS, "packages", "protocol_start", "agg_village", "agg_week", "cross_findings",
                  "cross_finding_villages", "derived_pending", "derived_kept"):
        store.execute(f"DELETE FROM {table}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(village_rows())
def test_a_first_package_adds_up_as_the_database_does(store, drawn):
    rows, starts = drawn
    clear(store)
    figures = package_figures(VILLAGE, rows, starts)
    assert figures is not None
    store.begin()
    write(store, rows, starts, 1)
    store.keep_package_figures(VILLAGE, figures)
    store.commit()
    assert store.execute("SELECT COUNT(*) FROM derived_kept").fetchone()[0] == 0  # done with at commit
    from_package = kept(store)
    store.rebuild_derived()
    assert kept(store) == from_package


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(village_rows(), village_rows(first=5000))
def test_a_second_package_in_the_same_batch_has_the_database_add_the_village_up_again(store, one, two):
    clear(store)
    store.begin()
    write(store, *one, 1)
    store.keep_package_figures(VILLAGE, package_figures(VILLAGE, *one))
    write(store, *two, 2)  # not the village's first: nothing kept from it
    store.commit()
    merged = kept(store)
    store.rebuild_derived()
    assert kept(store) == merged


def test_a_package_the_database_would_count_otherwise_is_left_to_the_database():
    row = line("cases", [uuid(1), None, "issued", "2", None, None])
    assert package_figures(VILLAGE, {"cases": [row, row]}, {}) is None  # the same UUID twice: the last one wins
    entry = line("protocol", [uuid(2), None, 1, "certificate", None])
    assert package_figures(VILLAGE, {"protocol": [entry]}, {}) is None  # a protocol entry without its year
    assert package_figures(VILLAGE, {}, {"2005": "1"}) is None  # a first number that is not a number
