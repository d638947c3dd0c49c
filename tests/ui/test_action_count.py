"""A category 2 case, from "person found" to "certificate issued": how many actions beyond the data itself.

Issue 16 counted 17 on a real display before its changes; the pre-issue review
is included here. Typing (receipt, amount) and answers to the legal questions
are the data; every click, tick and key that only moves the case on is an
action, and so is reopening the case days later when the receipt comes.
"""

from PySide6.QtCore import Qt

from correspondent_app.ui.case.dialog import CERTIFICATE, DECISION, DOCUMENTS, PAYMENT
from .conftest import person
from .test_workflow import CATEGORIES, answer, find_person_and_start, type_amount_paid

TODAY_COUNT = 17


def test_a_category_2_case_takes_no_more_actions_than_before(qtbot, window, registry, printed):
    facts, _code = CATEGORIES["2"]
    code = "0623/011105/129012"  # paid on 1-11-2005, inside par. 11's window
    person(registry)
    actions: dict[str, int] = {}

    def act(what, n=1):
        actions[what] = actions.get(what, 0) + n

    def next_(cw):
        qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
        act("Next")

    cw = find_person_and_start(qtbot, window, registry)
    act("New case")
    next_(cw)  # the person page
    answer(cw, facts)  # the legal answers are the data
    next_(cw)
    decision = cw.steps[DECISION]
    decision.competence.setChecked(True)
    act("competence tick")
    for check in decision.warning_checks.values():
        check.setChecked(True)
        act("told the applicant (ticks)")
    if decision.proof.count():
        decision.proof.setCurrentIndex(1)  # which document proves residence: data
    next_(cw)
    assert cw.index == DOCUMENTS
    for check in cw.steps[DOCUMENTS].checks.values():
        check.setChecked(True)
        act("documents received (ticks)")
    next_(cw)
    assert cw.index == PAYMENT
    case_id = cw.case.id
    cw.close()
    act("close until the receipt comes")
    cw = window.open_case(case_id)  # days later: the person found again, the case opened at its payment
    qtbot.waitExposed(cw)
    act("open the case")
    assert cw.index == PAYMENT
    qtbot.keyClicks(cw.steps[PAYMENT].receipt, code.replace("/", ""))
    type_amount_paid(qtbot, cw)
    next_(cw)
    assert cw.index == CERTIFICATE
    step = cw.steps[CERTIFICATE]
    for _round in range(6):  # each tick reloads the list
        if not step.review.ticks:
            break
        next(iter(step.review.ticks.values())).setChecked(True)
        act("review acknowledgements")
        qtbot.waitUntil(lambda: not step.review.ticks or all(not t.isChecked() for t in step.review.ticks.values()))
    assert not step.problems, [p.message for p in step.problems]
    qtbot.mouseClick(step.issue_button, Qt.MouseButton.LeftButton)
    act("Issue…")
    qtbot.mouseClick(step.confirm_button, Qt.MouseButton.LeftButton)
    act("confirm the summary")
    assert registry.certificates.for_case(case_id)
    total = sum(actions.values())
    print(f"\ncategory 2, person found -> certificate issued: {total} actions: {actions}")
    assert total <= TODAY_COUNT, actions
