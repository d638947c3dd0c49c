"""Issue 16, point 4: every problem at once, each beside its field, and the cursor on the first; no OK boxes."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from correspondent_app.ui.case.dialog import DECISION, SITUATION

from .conftest import error_dialogs, person, shot
from .test_input_guards import decision_of_category_2, page_scroll
from .test_workflow import answer, find_person_and_start


def inline_errors(step) -> list[QLabel]:
    """The red lines shown beside the fields of ``step``."""
    return [label for label in step.findChildren(QLabel) if label.objectName().startswith("error_")
            and label.isVisible()]


def summary(step) -> QLabel:
    return step.findChild(QLabel, f"{step.objectName()}Problems")


def test_three_problems_on_the_decision_step_are_shown_at_once_beside_their_fields(qtbot, window, registry):
    cw, step = decision_of_category_2(qtbot, window, registry)
    qtbot.waitUntil(step.proof.isVisible)
    # The clerk leaves three things undone: the competence question, the residence document and its tick.
    assert not step.competence.isChecked() and not step.proof.currentData()
    assert not step.warning_checks["par11_residence_proof"].isChecked()
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    assert cw.index == DECISION
    assert QApplication.activeModalWidget() in (None, cw) and not error_dialogs()  # no OK box over the case
    qtbot.waitUntil(lambda: len(inline_errors(step)) == 3)
    shown = {label.objectName() for label in inline_errors(step)}
    assert shown == {"error_competence", "error_residence_proof", "error_told_par11_residence_proof"}
    assert summary(step).isVisible() and "3" in summary(step).text()
    assert cw.focusWidget() is step.competence  # the first problem on the page
    shot(cw, "issue16-decision-inline-errors")
    page_scroll(step.proof).ensureWidgetVisible(step.warning_checks["par11_residence_proof"])
    shot(cw, "issue16-decision-inline-errors-below")
    # Each line goes as its problem is fixed; the count follows.
    qtbot.keyClick(step.competence, Qt.Key.Key_Space)
    assert step.competence.isChecked()
    qtbot.waitUntil(lambda: len(inline_errors(step)) == 2)
    assert "2" in summary(step).text()
    step.proof.setCurrentIndex(1)
    step.warning_checks["par11_residence_proof"].setChecked(True)
    qtbot.waitUntil(lambda: not inline_errors(step) and not summary(step).isVisible())
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    assert cw.index == DECISION + 1 and not error_dialogs()


def test_every_question_left_unanswered_is_marked_at_once(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    step = cw.steps[SITUATION]
    assert cw.index == SITUATION
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)  # nothing answered
    assert cw.index == SITUATION and not error_dialogs()
    qtbot.waitUntil(lambda: len(inline_errors(step)) == 2)
    assert {label.objectName() for label in inline_errors(step)} == {"error_provision", "error_works_in_agriculture"}
    assert step.groups["provision"].styleSheet() and step.groups["works_in_agriculture"].styleSheet()
    assert cw.focusWidget() in step.buttons["provision"].buttons()
    shot(cw, "issue16-situation-inline-errors")


def test_an_unreadable_amount_is_said_beside_it_and_the_cursor_goes_there(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    answer(cw, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True, "art7_worker": True})
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    step = cw.steps[DECISION]
    assert cw.case.outcome == "ask_oga" and step.amount_box.isVisible()
    qtbot.keyClicks(step.amount, "450 EUR")  # not a number the registry can keep
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    assert cw.index == DECISION and not error_dialogs()
    assert [label.objectName() for label in inline_errors(step)] == ["error_amount"]
    assert cw.focusWidget() is step.amount
    step.amount.selectAll()
    qtbot.keyClicks(step.amount, "450,00")  # typing again takes the line away
    assert not inline_errors(step) and not summary(step).isVisible()
