"""Issue 16, point 1: the mouse wheel scrolls the page and never changes a value the clerk did not pick.

The guard is installed as the program installs it: ``create_app`` (the session fixture in conftest) calls
``install_input_guards`` on the application once; nothing here installs it per widget.
"""

from datetime import date

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from correspondent_app.ui.case.dialog import DECISION

from .conftest import person, shot
from .test_workflow import CATEGORIES, answer, find_person_and_start, press_next

DOWN = -120  # one notch of the wheel, towards the clerk: the page goes down


def wheel(widget: QWidget, notches: int = 1, delta: int = DOWN) -> None:
    """Turn the wheel over the middle of ``widget``, as a mouse does."""
    for _ in range(notches):
        centre = QPointF(widget.rect().center())
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)


def page_scroll(widget: QWidget) -> QScrollArea:
    area = widget.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    return area


def give_focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def decision_of_category_2(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES["2"][0])
    press_next(qtbot, cw)
    assert cw.index == DECISION
    return cw, cw.steps[DECISION]


def test_the_wheel_over_the_residence_document_scrolls_the_page_not_the_answer(qtbot, window, registry):
    cw, step = decision_of_category_2(qtbot, window, registry)
    proof = step.proof
    qtbot.waitUntil(proof.isVisible)  # the warnings are laid out anew for each decision
    assert not proof.hasFocus()
    proof.setCurrentIndex(1)  # the document the applicant holds, as the clerk chose it
    chosen = proof.currentData()
    scroll = page_scroll(proof).verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)  # the page is taller than the window at 1366x768
    scroll.setValue(0)
    wheel(proof, notches=2)
    assert proof.currentData() == chosen  # the legal answer stayed put
    assert scroll.value() > 0  # and the page went down under the pointer
    assert proof.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not hand it the focus either
    shot(cw, "issue16-wheel-over-proof")
    give_focus(qtbot, proof)
    wheel(proof)
    assert proof.currentIndex() == 2  # picked on purpose: focused, the wheel does change it


def test_the_protocol_year_stays_put_under_the_wheel(qtbot, window):
    book = window.section("protocolSection")
    window.stack.setCurrentWidget(book)  # the clerk opens the protocol book
    year = book.findChild(QSpinBox, "protocolYear")
    qtbot.waitUntil(year.isVisible)
    year.clearFocus()  # the clerk is reading the book, the cursor elsewhere
    assert not year.hasFocus()
    shown = year.value()
    wheel(year, notches=3, delta=120)
    assert year.value() == shown
    give_focus(qtbot, year)
    wheel(year, delta=120)
    assert year.value() == shown + 1


def test_a_date_field_in_a_scrolled_page_scrolls_the_page(qtbot):
    """Any date (or other) spin box shown later is guarded too: the rule is the application's, not the widget's."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    day = QDateEdit(date(2004, 12, 31))
    layout.addWidget(day)
    layout.addSpacing(2000)
    area.setWidget(inner)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    wheel(day, notches=2)
    assert day.date().toPython() == date(2004, 12, 31)
    assert area.verticalScrollBar().value() > 0
    assert day.focusPolicy() == Qt.FocusPolicy.StrongFocus
