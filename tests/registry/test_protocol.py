"""The protocol book: gapless per year, no reuse, first number set once."""

import sqlite3
from datetime import date

import pytest

from correspondent_app.registry import RegistryError


def enter(registry, on, subject="test"):
    with registry.write():
        return registry.protocol.enter("other", subject, on=on)


def test_numbers_run_1_2_3_per_year(registry):
    numbers = [enter(registry, date(2005, 10, d)).number for d in (1, 2, 3)]
    assert numbers == [1, 2, 3]
    assert enter(registry, date(2005, 12, 31)).number == 4
    assert enter(registry, date(2006, 1, 2)).number == 1


def test_paper_book_continues_at_38(registry):
    registry.protocol.set_first_number(2005, 38)
    assert registry.protocol.next_number(2005) == 38
    assert enter(registry, date(2005, 11, 1)).number == 38
    assert enter(registry, date(2005, 11, 1)).number == 39


def test_first_number_only_before_the_first_entry_and_only_once(registry):
    registry.protocol.set_first_number(2006, 10)
    with pytest.raises(RegistryError):
        registry.protocol.set_first_number(2006, 20)
    enter(registry, date(2005, 1, 1))
    with pytest.raises(RegistryError, match="already in use"):
        registry.protocol.set_first_number(2005, 5)


def test_database_refuses_gaps_changes_and_deletions(registry):
    enter(registry, date(2005, 10, 1))
    db = registry.db
    with pytest.raises(sqlite3.IntegrityError, match="gapless"):
        db.execute("INSERT INTO protocol (year, number, uuid, entry_date, kind, subject, created_at) "
                   "VALUES (2005, 5, 'x', '2005-10-01', 'other', 's', 'now')")
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        db.execute("UPDATE protocol SET subject = 'edited'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM protocol")
    with pytest.raises(sqlite3.IntegrityError, match="set before any number"):
        db.execute("INSERT INTO protocol_start (year, first_number, set_at) VALUES (2005, 50, 'now')")


def test_numbers_outside_a_transaction_are_refused(registry):
    with pytest.raises(RuntimeError):
        registry.protocol.enter("other", "loose")


def test_rolled_back_number_is_reused_not_skipped(registry):
    with pytest.raises(ZeroDivisionError):
        with registry.write():
            registry.protocol.enter("other", "fails", on=date(2005, 10, 1))
            1 / 0
    assert enter(registry, date(2005, 10, 1)).number == 1
    assert registry.protocol.gaps() == []


def test_entries_search(registry):
    enter(registry, date(2005, 10, 1), "Βεβαίωση Χότζα")
    enter(registry, date(2005, 10, 2), "Διαβιβαστικό")
    assert [e.subject for e in registry.protocol.entries(text="Χότζα")] == ["Βεβαίωση Χότζα"]
    assert len(registry.protocol.entries(year=2005, since=date(2005, 10, 2))) == 1


def test_a_new_entry_is_never_dated_before_the_last(registry):
    with registry.write():
        registry.protocol.enter("other", "first", on=date(2005, 12, 15))
    with pytest.raises(RegistryError, match="date order"):
        with registry.write():
            registry.protocol.enter("other", "backdated", on=date(2005, 10, 7))
    with registry.write():
        assert registry.protocol.enter("other", "same day", on=date(2005, 12, 15)).number == 2
    assert [e.subject for e in registry.protocol.entries()] == ["same day", "first"]


def test_a_future_date_is_refused(registry):
    from datetime import timedelta

    with pytest.raises(RegistryError, match="future"):
        enter(registry, date.today() + timedelta(days=1))
    assert registry.protocol.entries() == []


def test_a_clock_that_ran_ahead_never_stops_the_counter_and_check_reports_it(registry):
    from datetime import timedelta

    from correspondent_app.registry.checks import check_registry

    enter(registry, None)
    # as if the previous entry was made while the computer's clock showed a date two weeks on:
    registry.db.execute("DROP TRIGGER protocol_no_update")
    registry.db.execute("UPDATE protocol SET entry_date = ?", [(date.today() + timedelta(days=14)).isoformat()])
    assert enter(registry, None, "today, after the clock was put right").number == 2  # not refused
    assert any("is dated" in p and "before 1/" in p for p in check_registry(registry))
