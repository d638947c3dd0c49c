"""Issue 16, item 3: a double click opened two windows of the same case. One window per case."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from correspondent_app.ui.case.dialog import CaseWindow

from .conftest import person


def windows_of(window, case_id: int) -> list[CaseWindow]:
    return [w for w in window.findChildren(CaseWindow) if w.isVisible() and w.case.id == case_id]


def double_click_row(qtbot, table, row: int = 0) -> None:
    """A double click on the row's first cell, as the clerk's mouse makes it: a click, then the double click
    (Qt's item views act on a double click only where the press was)."""
    table.scrollToItem(table.item(row, 0))
    at = table.visualItemRect(table.item(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_double_click_on_a_persons_case_opens_one_window(qtbot, window, registry):
    found = person(registry)
    case = registry.cases.open(found.id)
    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, "hoxha")
    qtbot.waitUntil(lambda: counter.search.results.count() > 0, timeout=3000)
    counter.search.results.setCurrentRow(0)
    table = counter.page.cases
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    double_click_row(qtbot, table)
    qtbot.waitUntil(lambda: bool(windows_of(window, case.id)))
    QApplication.processEvents()
    assert len(windows_of(window, case.id)) == 1


def test_double_click_in_the_cases_section_opens_one_window(qtbot, window, registry):
    case = registry.cases.open(person(registry).id)
    window.nav.setCurrentRow(1)  # Cases
    section = window.section("casesSection")
    section.queue.setCurrentIndex(section.queue.findData("draft"))
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    double_click_row(qtbot, section.table)
    qtbot.waitUntil(lambda: bool(windows_of(window, case.id)))
    QApplication.processEvents()
    assert len(windows_of(window, case.id)) == 1


def test_enter_on_a_case_row_still_opens_it(qtbot, window, registry):
    case = registry.cases.open(person(registry).id)
    window.nav.setCurrentRow(1)
    section = window.section("casesSection")
    section.queue.setCurrentIndex(section.queue.findData("draft"))
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    section.table.setFocus()
    section.table.setCurrentCell(0, 0)
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(windows_of(window, case.id)) == 1)


def test_opening_an_open_case_again_raises_its_window(qtbot, window, registry):
    case = registry.cases.open(person(registry).id)
    first = window.open_case(case.id)
    qtbot.waitExposed(first)
    second = window.open_case(case.id)
    assert second is first and len(windows_of(window, case.id)) == 1
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)
    qtbot.keyClick(first, Qt.Key.Key_Escape)  # closed: the next open is a new window, resumed from the registry
    third = window.open_case(case.id)
    qtbot.waitExposed(third)
    assert third is not first and len(windows_of(window, case.id)) == 1
