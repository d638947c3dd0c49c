"""Issuing guarded, as the clerk meets it: the pre-issue review, HQ's list on the decision step (issue 14)."""

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.domain.guards import HQ_CONTRADICTION
from correspondent_app.ui.case.dialog import CERTIFICATE, DECISION, DOCUMENTS, PAYMENT
from correspondent_app.ui.setup_dialog import SetupDialog

from .conftest import error_dialogs, issue_through_review, person, shot, when_modal
from .test_workflow import CATEGORIES, answer, find_person_and_start, listed_person, press_next

FACTS_1D = CATEGORIES["1δ"][0]


def paid(registry, facts=FACTS_1D, amount=Decimal("2040.72"), **extra):
    case = registry.cases.open(person(registry, **extra).id, facts)
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, "0623/300605/129009", amount)
    return case.id


def open_at_certificate(qtbot, window, case_id):
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    assert cw.index == CERTIFICATE
    return cw, cw.steps[CERTIFICATE]


def test_an_unticked_checklist_lists_everything_missing_at_once_and_issue_stays_off(qtbot, window, registry):
    case_id = paid(registry)
    cw, step = open_at_certificate(qtbot, window, case_id)
    keys = [p.key for p in step.problems]
    assert keys == ["competence", "labour_certificate", "solemn_declaration", "window_issue"]
    assert not step.issue_button.isEnabled()
    assert set(step.review.links) == {("decision", "competence"), ("documents", "labour_certificate"),
                                      ("documents", "solemn_declaration")}
    assert "window_issue" in step.review.ticks
    shot(cw, "issue14-review-missing")
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)  # Enter/Next never issues on an open list
    assert registry.certificates.valid_for_case(case_id) is None and cw.index == CERTIFICATE


def test_a_review_line_is_a_link_to_where_it_is_fixed(qtbot, window, registry):
    case_id = paid(registry)
    cw, step = open_at_certificate(qtbot, window, case_id)
    step.review.links[("documents", "solemn_declaration")].linkActivated.emit("documents:solemn_declaration")
    assert cw.index == DOCUMENTS
    assert cw.focusWidget() is cw.steps[DOCUMENTS].checks["solemn_declaration"]
    for check in cw.steps[DOCUMENTS].checks.values():
        check.setChecked(True)
    cw.go(CERTIFICATE)
    step.review.links[("decision", "competence")].linkActivated.emit("decision:competence")
    assert cw.index == DECISION and cw.focusWidget() is cw.steps[DECISION].competence
    cw.steps[DECISION].competence.setChecked(True)
    cw.go(CERTIFICATE)
    assert [p.key for p in step.problems] == ["window_issue"]
    step.review.ticks["window_issue"].setChecked(True)  # acknowledged, with who and when in the audit trail
    qtbot.waitUntil(lambda: step.problems == ())
    assert step.issue_button.isEnabled()
    assert registry.db.execute("SELECT actor FROM audit WHERE action = 'acknowledge:window_issue'").fetchone()
    shot(cw, "issue14-review-ready")
    issue_through_review(qtbot, step)
    assert registry.certificates.valid_for_case(case_id) is not None


def test_an_office_field_that_prints_is_fixed_from_the_review(qtbot, window, registry):
    registry.db.execute("UPDATE profile SET correspondent_name = '' WHERE id = 1")  # an older, incomplete profile
    case_id = paid(registry)
    settle_for_issue(registry, case_id)
    cw, step = open_at_certificate(qtbot, window, case_id)
    assert [p.key for p in step.problems] == ["correspondent_name"]

    def fill(dialog: SetupDialog):
        assert dialog.focusWidget() is dialog.edits["correspondent_name"]
        assert dialog.edits["community"].text()  # the office as saved, not an empty form
        dialog.edits["correspondent_name"].setText("Μαρία Παπαδοπούλου")
        dialog.save()

    when_modal(SetupDialog, fill)
    step.review.links[("profile", "correspondent_name")].linkActivated.emit("profile:correspondent_name")
    assert registry.profile.get().correspondent_name == "Μαρία Παπαδοπούλου"
    assert step.problems == () and step.issue_button.isEnabled()


def test_a_listed_person_run_as_1d_is_shown_the_list_and_stops_until_answered(qtbot, window, registry, tmp_path):
    listed_person(registry, tmp_path, "interrupted", "798,48", "ΟΓΑ 2005/β")
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, FACTS_1D)  # the clerk overrides the list's pre-filled answers: never applied
    press_next(qtbot, cw)
    decision = cw.steps[DECISION]
    assert cw.case.category == "1δ"
    [finding] = decision.hq_review.notes and [p for p in registry.cases.hq_findings(cw.case.id)]
    assert finding.key == HQ_CONTRADICTION
    shown = " ".join(label.text() for label in decision.hq_review.findChildren(type(decision.details)))
    for part in ("HOXHA", "798,48", "ΟΓΑ 2005/β", "1β"):
        assert part in shown, part
    assert cw.focusWidget() is decision.hq_review.notes[HQ_CONTRADICTION]
    shot(cw, "issue14-decision-hq-contradiction")
    press_next(qtbot, cw)
    assert cw.index == DECISION and decision.errors.messages()  # 2.040,72 € would be paid instead of 798,48 €
    note = decision.hq_review.notes[HQ_CONTRADICTION]
    note.setText("Έγγραφο ΟΓΑ 55/2005: διαγράφηκε από την κατάσταση")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: HQ_CONTRADICTION in registry.cases.get(cw.case.id).acknowledgements)
    assert registry.cases.get(cw.case.id).acknowledgements[HQ_CONTRADICTION].startswith("Έγγραφο ΟΓΑ")
    assert "Έγγραφο ΟΓΑ 55/2005" in decision.hq_recorded.text()
    press_next(qtbot, cw)
    assert cw.index == DOCUMENTS


def test_a_receipt_of_2000_is_refused_at_the_counter(qtbot, window, registry):
    case = registry.cases.open(person(registry).id, FACTS_1D)
    registry.cases.move(case.id, "awaiting_payment")
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    assert cw.index == PAYMENT
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, "0623/150600/129009")
    assert "2005" in pay.receipt.explanation.text()
    qtbot.keyClicks(pay.paid, "2040,72")
    press_next(qtbot, cw)
    assert registry.payments.for_case(case.id) is None and cw.index == PAYMENT


def test_the_1gamma_first_year_starts_empty(qtbot, window, registry):
    case_id = paid(registry, facts=CATEGORIES["1γ"][0], amount=Decimal("798.48"))
    settle_for_issue(registry, case_id)
    from correspondent_app.documents.issuing import issue_certificate

    issue_certificate(registry, case_id, on=date.today())
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    nxt = cw.steps[cw.index]
    assert nxt.first_year.text() == "" and nxt.pending.currentIndex() == -1
    assert "1/7/2003" not in nxt.result.text() and "01/07/2003" not in nxt.result.text()
