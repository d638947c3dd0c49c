"""The office sections: Cases queues with their counts, the protocol book's year and period, the HQ section.

Issue 16, points 9 (Cases), 10 and 11. Remembered settings go to an ini file
in tmp_path, never the user's own.
"""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.ui.conftest import error_dialogs, shot

CASES, PROTOCOL, HQ, SETTINGS = 1, 3, 4, 5


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """The remembered settings in a file of this test (the clerk's own are never read or written)."""
    ini = tmp_path / "settings.ini"
    monkeypatch.setenv("CORRESPONDENT_APP_SETTINGS", str(ini))
    return ini


@pytest.fixture()
def demo(registry):
    from correspondent_app.demo.generate import make_demo

    make_demo(registry, persons=12, seed=3)  # its protocol book is of 2005 (certificates issued then)
    return registry


def open_section(qtbot, window, row):
    window.nav.setCurrentRow(row)  # as the clerk clicks the left menu
    return window.stack.currentWidget()


def queue_texts(section) -> dict[str, str]:
    return {section.queue.itemData(i): section.queue.itemText(i) for i in range(section.queue.count())}


# -- 9. Cases queues with their counts -----------------------------------------
def test_cases_queues_show_their_counts_and_follow_a_change(qtbot, window, demo):
    cases = open_section(qtbot, window, CASES)
    waiting = demo.cases.count_in_state("awaiting_payment")
    assert waiting > 0
    texts = queue_texts(cases)
    assert texts["awaiting_payment"] == f"Αναμένουν πληρωμή ({waiting})"
    assert texts["to_forward"].endswith(f"({len(demo.transmittals.queue())})")
    assert texts["cancelled"].endswith(f"({demo.cases.count_in_state('cancelled')})")
    cancelled = demo.cases.count_in_state("cancelled")
    demo.cases.cancel(demo.cases.in_state("awaiting_payment")[0].id, "Δεν ήρθε να πληρώσει")
    open_section(qtbot, window, PROTOCOL)  # elsewhere, then back to Cases
    open_section(qtbot, window, CASES)
    texts = queue_texts(cases)
    assert texts["awaiting_payment"] == f"Αναμένουν πληρωμή ({waiting - 1})"
    assert texts["cancelled"].endswith(f"({cancelled + 1})")
    shot(window, "cases-queue-counts")


# -- 10. Protocol book: the newest year with entries, a period that makes sense --
def test_protocol_book_opens_on_the_newest_year_that_has_entries(qtbot, window, demo):
    assert not demo.protocol.entries(date.today().year)  # the demo's book is of 2005 only
    book = open_section(qtbot, window, PROTOCOL)
    assert book.year.value() == 2005 and book.table.rowCount() == len(demo.protocol.entries(2005))
    assert not book.empty.isVisible()
    shot(window, "protocol-book-2005")


def type_period(qtbot, book, since: str, until: str) -> None:
    for field, text in ((book.since, since), (book.until, until)):
        field.clear()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_period_ending_before_it_starts_is_refused_on_the_page(qtbot, window, demo, printed):
    book = open_section(qtbot, window, PROTOCOL)
    type_period(qtbot, book, "10/12/2005", "31/12/2005")  # a period that makes sense: only its entries
    late = [e for e in demo.protocol.entries(2005) if e.entry_date >= date(2005, 12, 10)]
    assert 0 < len(late) < len(demo.protocol.entries(2005)) and book.table.rowCount() == len(late)
    type_period(qtbot, book, "31/12/2005", "01/10/2005")
    assert book.table.rowCount() == 0  # nothing listed
    qtbot.mouseClick(book.findChild(QPushButton, "printSummary"), Qt.MouseButton.LeftButton)
    assert printed.files == [] and not error_dialogs()  # nothing printed, no box to click away
    assert book.period_problem.isVisible() and "31/12/2005" in book.period_problem.text()
    assert QApplication.focusWidget() is book.until  # the clerk corrects the end
    shot(window, "protocol-period-refused")
    type_period(qtbot, book, "01/10/2005", "31/12/2005")
    assert not book.period_problem.isVisible() and book.table.rowCount() == len(demo.protocol.entries(2005))


def test_a_date_that_is_no_date_is_said_beside_the_period(qtbot, window, demo, printed):
    book = open_section(qtbot, window, PROTOCOL)
    type_period(qtbot, book, "31/02/2005", "")
    qtbot.mouseClick(book.findChild(QPushButton, "printSummary"), Qt.MouseButton.LeftButton)
    assert printed.files == [] and not error_dialogs()  # said beside the date, not in a box
    assert book.period_problem.isVisible() and "31/02/2005" in book.period_problem.text()
