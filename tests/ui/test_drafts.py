"""Issue 16, item 2: Esc never throws typed data away in a case window.

What is typed and not yet saved is kept as the case's draft, in the registry
(not in this session's memory): reopening the case, even after a restart,
shows it typed again. A draft is never a payment: only Record makes one.
"""
from PySide6.QtCore import Qt

from correspondent_app.registry import Registry
from correspondent_app.ui.case import dialog as case_dialog
from correspondent_app.ui.case.dialog import CERTIFICATE, DECISION, NEXT, PAYMENT, CaseWindow

from .conftest import issue_through_review, person, shot
from .test_workflow import CATEGORIES, answer, case_at_payment, find_person_and_start, press_next

RECEIPT = CATEGORIES["1δ"][1]


def type_receipt_and_amount(qtbot, cw) -> None:
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, RECEIPT)
    qtbot.keyClicks(pay.paid, str(cw.case.amount).replace(".", ","))


def test_esc_keeps_a_typed_receipt_and_amount_as_the_cases_draft(qtbot, window, registry, tmp_path):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    case_id, amount = cw.case.id, str(cw.case.amount).replace(".", ",")
    assert cw.close_button.text() == "Κλείσιμο (αποθηκευμένο)"
    type_receipt_and_amount(qtbot, cw)
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    assert not cw.isVisible()
    assert registry.payments.for_case(case_id) is None  # a draft is never a payment

    again = CaseWindow(registry, case_id, window)  # a new window of the case
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    pay = again.steps[PAYMENT]
    assert again.index == PAYMENT
    assert (pay.receipt.text(), pay.paid.text()) == (RECEIPT, amount)
    assert pay.recorded.text() == "" and "✓" in pay.receipt.explanation.text()  # typed again, checked live
    assert again.draft_note.isVisible() and "Καταχώριση πληρωμής" in again.draft_note.text()  # said: not recorded
    shot(again, "drafts-payment-reopened")
    again.reject()

    # a restart: the registry closed and opened again, the session forgotten
    path = registry.path
    registry.close()
    case_dialog._left_at.clear()
    reopened = Registry.open(path, actor="clerk")
    try:
        third = CaseWindow(reopened, case_id, window)
        qtbot.addWidget(third)
        third.show()
        pay = third.steps[PAYMENT]
        assert (pay.receipt.text(), pay.paid.text()) == (RECEIPT, amount)
        press_next(qtbot, third)  # Record the payment
        assert reopened.payments.for_case(case_id) is not None
        assert reopened.cases.drafts(case_id) == {}  # recorded: the draft is gone
        assert not third.draft_note.isVisible()
    finally:
        third.close()
        reopened.close()


def test_leaving_without_typing_keeps_no_draft(qtbot, window, registry):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    assert registry.cases.drafts(cw.case.id) == {}


def test_a_field_cleared_again_drops_its_draft(qtbot, window, registry):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    case_id = cw.case.id
    type_receipt_and_amount(qtbot, cw)
    qtbot.mouseClick(cw.back_button, Qt.MouseButton.LeftButton)  # leaving the page by Back keeps it too
    assert set(registry.cases.drafts(case_id)["stepPayment"]) == {"receiptField", "amountPaid"}
    press_next(qtbot, cw)
    pay = cw.steps[PAYMENT]
    assert pay.receipt.text() == RECEIPT
    pay.receipt.clear()
    pay.paid.clear()
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    assert registry.cases.drafts(case_id) == {}


def test_next_steps_answers_are_kept_when_the_window_closes(qtbot, window, registry, printed):
    """The answers of the Δελτίο page are saved nowhere else: closing keeps them typed."""
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES["2"][0])
    press_next(qtbot, cw)
    decision = cw.steps[DECISION]
    for check in decision.warning_checks.values():
        check.setChecked(True)
    if decision.proof.count():
        decision.proof.setCurrentIndex(1)
    press_next(qtbot, cw)
    press_next(qtbot, cw)
    assert cw.index == PAYMENT
    type_receipt_and_amount(qtbot, cw)
    press_next(qtbot, cw)
    assert cw.index == CERTIFICATE
    issue_through_review(qtbot, cw.steps[CERTIFICATE])
    press_next(qtbot, cw)
    assert cw.index == NEXT
    days = cw.steps[NEXT].days
    qtbot.keyClicks(days, "120")
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    again = window.open_case(cw.case.id)
    qtbot.waitExposed(again)
    assert again.index == NEXT and again.steps[NEXT].days.text() == "120"


def test_a_draft_is_no_record_and_the_registry_check_passes_with_one(registry):
    """Kept beside the case, not in it: no audit entry, no change of the case, nothing for `check` to find."""
    from correspondent_app.registry.checks import check_registry
    from correspondent_app.registry.db import RegistryError

    case = registry.cases.open(person(registry).id)
    audited = registry.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    registry.cases.keep_draft(case.id, "stepPayment", {"receiptField": RECEIPT})
    assert registry.cases.drafts(case.id) == {"stepPayment": {"receiptField": RECEIPT}}
    assert registry.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audited
    assert registry.cases.get(case.id) == case and registry.payments.for_case(case.id) is None
    assert check_registry(registry) == []
    try:
        registry.cases.keep_draft(case.id + 1, "stepPayment", {"receiptField": RECEIPT})
    except RegistryError as exc:
        assert str(case.id + 1) in str(exc)
    else:
        raise AssertionError("a draft for no case was kept")
