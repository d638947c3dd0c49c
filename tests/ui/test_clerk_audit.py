"""What a clerk's audit of the windows found, each driven as the clerk met it."""

import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QRadioButton

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.ui.case import dialog as case_dialog
from correspondent_app.ui.case.dialog import CERTIFICATE, DECISION, DOCUMENTS, NEXT, PAYMENT, PERSON, SITUATION

from .conftest import issue_through_review, tick_documents, button_texts, error_dialogs, person, shot, wait_for_printing, when_modal
from .test_workflow import CATEGORIES, answer, case_at_payment, find_person_and_start, press_next

CHANGED_INSURER = {"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True,
                   "changed_insurer": True}


def plain(html: str) -> str:
    """What a label shows, without its markup (whose styles have semicolons of their own)."""
    return re.sub(r"<[^>]+>", "", html)


def paid_case(registry, facts=CATEGORIES["1δ"][0], code="0623/300605/129009"):
    case = registry.cases.open(person(registry).id, facts)
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, code, case.amount)
    registry.cases.record_documents(case.id, ["labour_certificate", "solemn_declaration"])
    registry.cases.set_competence(case.id, True)
    return case.id


def par11_case_at_decision(qtbot, window, registry):
    """A category 2 case opened on its Decision step: (case, case window, the step)."""
    case = registry.cases.open(person(registry).id, CATEGORIES["2"][0])
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    cw.go(DECISION)
    return case, cw, cw.steps[DECISION]


# -- 1. a not-OGA case ends at the decision -------------------------------------------------------
def test_a_not_oga_case_cannot_go_past_the_decision(qtbot, window, registry):
    case = registry.cases.open(person(registry).id, CHANGED_INSURER)
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    assert cw.index == DECISION
    cw.steps_list.setCurrentRow(DOCUMENTS)  # the clerk clicks "4. Documents" in the list
    assert cw.index == DECISION
    assert not cw.steps_list.item(DOCUMENTS).flags() & Qt.ItemFlag.ItemIsEnabled
    cw.go(PAYMENT)
    assert cw.index == DECISION and not error_dialogs()
    decision = cw.steps[DECISION]
    assert decision.print_note.isVisible() and "αρχειοθ" in cw.next_button.text()
    shot(cw, "audit-01-not-oga-ends-at-decision")


# -- 2. the competence answer does not survive a change of category -------------------------------
def test_a_new_competent_correspondent_is_asked_again(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES["1δ"][0])  # 1δ: the correspondent of the place of residence
    press_next(qtbot, cw)
    press_next(qtbot, cw)  # "yes, the person lives here", and on to the documents
    assert cw.index == DOCUMENTS and registry.cases.get(cw.case.id).competent_here is True
    cw.go(SITUATION)
    answer(cw, {"oga_status": "pending"})  # 1γ: the correspondent where the application was submitted
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    decision = cw.steps[DECISION]
    assert cw.index == DECISION and cw.case.category == "1γ"
    assert not decision.competence.isChecked() and "αίτηση" in decision.competence.text()
    assert decision.competence_warning.text()
    shot(cw, "audit-02-competence-asked-again")
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    assert cw.index == DECISION and decision.errors.messages()  # refused until answered for 1γ, said beside the box


# -- 3. the certificate page shows the certificate once issued ------------------------------------
def test_issuing_refreshes_the_certificate_page(qtbot, window, registry):
    case_id = paid_case(registry)
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    step = cw.steps[CERTIFICATE]
    assert cw.index == CERTIFICATE and step.issue_button.isVisible()
    issue_through_review(qtbot, step)
    cert = registry.certificates.valid_for_case(case_id)
    assert cert.protocol in step.status.text()
    assert not step.issue_button.isVisible()  # no second Issue with a misleading refusal
    assert step.print_button.isVisible() and step.preview_button.isVisible()
    shot(cw, "audit-03-certificate-after-issue")


def test_enter_on_the_certificate_step_shows_the_summary_and_a_second_enter_issues(qtbot, window, registry):
    case_id = paid_case(registry)
    settle_for_issue(registry, case_id)
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    step = cw.steps[CERTIFICATE]
    assert cw.focusWidget() is step.issue_button and step.issue_button.isEnabled()
    number = registry.protocol.next_number(date.today().year)
    qtbot.keyClick(cw, Qt.Key.Key_Return)  # Enter: the summary, never a number yet
    assert registry.certificates.valid_for_case(case_id) is None
    summary = plain(step.summary.text())
    assert step.confirm_box.isVisible() and f"{number}/{date.today().year}" in summary
    assert "2.040,72\xa0€" in summary and "1δ" in summary and "HOXHA" in summary.upper()
    assert cw.focusWidget() is step.confirm_button
    shot(cw, "audit-12-certificate-summary-before-issue")
    qtbot.keyClick(cw, Qt.Key.Key_Return)  # Enter confirms
    cert = registry.certificates.valid_for_case(case_id)
    assert cert is not None and cert.protocol_no == number


# -- 4. closing the window keeps the answers ------------------------------------------------------
def test_closing_on_the_questions_keeps_incomplete_answers(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, {"provision": "par10", "oga_status": "interrupted"})  # not yet decidable
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    assert not cw.isVisible()
    again = window.open_case(cw.case.id)
    qtbot.waitExposed(again)
    situation = again.steps[SITUATION]
    assert again.index == SITUATION
    assert situation.buttons["provision"].checkedButton().objectName() == "provision_par10"
    assert situation.buttons["oga_status"].checkedButton().objectName() == "oga_status_interrupted"
    shot(again, "audit-04-reopened-with-answers")
    # kept in the registry, not in this session: they survive a restart of the application
    stored = registry.cases.get(cw.case.id)
    assert (stored.facts["provision"], stored.facts["oga_status"], stored.outcome, stored.state) == (
        "par10", "interrupted", None, "draft")


def test_closing_saves_decidable_answers_and_reopens_where_left(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES["1δ"][0])
    qtbot.mouseClick(cw.close_button, Qt.MouseButton.LeftButton)  # "Close (saved)"
    case = registry.cases.get(cw.case.id)
    assert case.category == "1δ" and case.facts["oga_status"] == "never"  # in the registry, not only on screen
    again = window.open_case(case.id)
    qtbot.waitExposed(again)
    assert again.index == SITUATION  # where it was left
    press_next(qtbot, again)
    press_next(qtbot, again)
    documents = again.steps[DOCUMENTS]
    first = next(iter(documents.checks))
    documents.checks[first].setChecked(True)
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert first in registry.cases.get(case.id).documents_received
    case_dialog._left_at.clear()  # as after a restart: only the registry remembers
    third = window.open_case(case.id)
    qtbot.waitExposed(third)
    assert third.index == DOCUMENTS and third.steps[DOCUMENTS].checks[first].isChecked()


# -- 5. the dialogs fit a laptop: see test_screens -------------------------------------------------

# -- 6. one Enter does not register a stranger -----------------------------------------------------
def test_one_enter_does_not_save_a_half_typed_person(qtbot, window, registry):
    from correspondent_app.ui.person_form import PersonDialog

    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, "hoxhan")
    dialogs = []

    def on_person_dialog(dialog):
        dialogs.append(dialog)
        assert dialog.fields["surname_lat"].text() == "HOXHAN"  # passport names are in capitals
        shot(dialog, "audit-06-new-person-prefilled")
        asked = []

        def go_back(box):
            asked.append(box.text())
            assert box.defaultButton().text().replace("&", "").startswith("Επιστροφή")
            shot(box, "audit-06-incomplete-question")
            box.defaultButton().click()  # Enter on the question: back to the form
            dialog.reject()

        when_modal(QMessageBox, go_back)
        qtbot.keyClick(dialog.fields["surname_lat"], Qt.Key.Key_Return)
        assert asked and "όνομα" in asked[0] and "γέννησης" in asked[0]

    when_modal(PersonDialog, on_person_dialog)
    qtbot.keyClick(counter.search.box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N, any layout
    assert dialogs and registry.persons.search("hoxhan") == []  # nothing saved
    qtbot.waitUntil(lambda: not counter.search.timer.isActive())  # the search as typed is done


def test_a_new_person_without_a_birth_date_is_saved_once_confirmed(qtbot, registry):
    from correspondent_app.ui.person_form import PersonDialog

    dialog = PersonDialog(registry, prefill={"surname_lat": "BERISHA", "name_lat": "DRITON"})
    qtbot.addWidget(dialog)
    dialog.show()
    when_modal(QMessageBox, lambda box: next(b for b in box.buttons() if "ως έχει" in b.text().replace("&", "")).click())
    dialog.save()
    assert dialog.result_person is not None and dialog.result_person.surname_lat == "BERISHA"


# -- 7. Qt's own buttons speak Greek ---------------------------------------------------------------
def test_standard_buttons_are_in_greek(qtbot, registry):
    from correspondent_app.documents.catalog import specimen
    from correspondent_app.ui.errors import show_error
    from correspondent_app.ui.pdf import PdfPreview
    from correspondent_app.ui.person_form import PersonDialog
    from correspondent_app.ui.setup_dialog import SetupDialog

    english = {"OK", "Cancel", "Save", "Close", "Yes", "No"} - {"OK"}  # «OK» is said in Greek offices too
    windows = {"person": PersonDialog(registry), "setup": SetupDialog(registry),
               "preview": PdfPreview(specimen("model3"), "model3")}
    for name, widget in windows.items():
        qtbot.addWidget(widget)
        widget.show()
    texts = {name: button_texts(widget) for name, widget in windows.items()}
    assert "Αποθήκευση" in texts["person"] and "Άκυρο" in texts["person"]
    assert "Άκυρο" in texts["setup"] and "Κλείσιμο" in texts["preview"]
    show_error(None, ValueError("x"))
    texts["error"] = button_texts(error_dialogs()[-1])
    assert not {name: english & set(t) for name, t in texts.items() if english & set(t)}


def test_the_duplicate_question_is_in_greek(qtbot, registry):
    from correspondent_app.ui.person_form import PersonDialog

    person(registry)
    dialog = PersonDialog(registry, prefill={"surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA",
                                             "name_lat": "ARBEN"})
    qtbot.addWidget(dialog)
    dialog.dates["birth_date"].set_value(date(1975, 3, 14))
    seen = []

    def look(box):
        seen.append(button_texts(box))
        shot(box, "audit-07-duplicate-question")
        box.reject()

    when_modal(QMessageBox, look)
    dialog.save()
    assert seen and "Άκυρο" in seen[0] and "Cancel" not in seen[0]


# -- 8, 9. sources as readers name them, one per point -------------------------------------------
def test_every_point_of_the_decision_names_its_own_source(qtbot, window, registry):
    case, cw, decision = par11_case_at_decision(qtbot, window, registry)
    details = decision.details.text()
    rows = details.split("<br/>")
    assert len(rows) >= 7 and all("εγκ. ΟΓΑ 7/2005" in row or "κανόνας" in row for row in rows), rows
    shown = " ".join([decision.outcome.text(), details, *(label.text() for label in decision.findChildren(
        type(decision.details)) if label.isVisibleTo(decision))])
    for internal in ("002", "[policy]", " ch. ", "Πηγές"):
        assert internal not in shown
    situation = cw.steps[SITUATION]
    cw.go(SITUATION)
    whys = " ".join(label.text() for label in situation.findChildren(type(decision.details)))
    assert "002" not in whys and "εγκ. ΟΓΑ 7/2005" in whys
    shot(cw, "audit-09-decision-sources")


def test_lists_are_not_joined_with_a_greek_question_mark(qtbot, window, registry, printed):
    from correspondent_app.documents.issuing import issue_certificate

    case_id = paid_case(registry)
    settle_for_issue(registry, case_id)
    issue_certificate(registry, case_id)
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    nxt = cw.steps[NEXT]
    nxt.certified.setChecked(True)
    qtbot.mouseClick(nxt.queue_button, Qt.MouseButton.LeftButton)
    assert "•" in nxt.queued.text() and ";" not in plain(nxt.queued.text())
    cw.go(DOCUMENTS)
    assert ";" not in plain(" ".join(label.text() for label in cw.steps[DOCUMENTS].findChildren(type(nxt.queued))))


def test_the_competence_warning_reads_well_in_english(qtbot, window, registry):
    from correspondent_app.i18n import set_language

    set_language("en")
    case = registry.cases.open(person(registry).id, CATEGORIES["1δ"][0])
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    cw.go(DECISION)
    text = cw.steps[DECISION].competence_warning.text()
    assert "to The" not in text and "Competent: The correspondent of the place of residence." in text


# -- 10. par. 11: the documents that prove residence, and "none" ---------------------------------
def test_par11_lists_the_proofs_and_can_record_none(qtbot, window, registry):
    case, cw, decision = par11_case_at_decision(qtbot, window, registry)
    QApplication.processEvents()  # the warnings are laid out anew for each case
    documents = decision.findChild(type(decision.details), "residenceDocuments")
    assert documents.isVisibleTo(decision)
    for shown in ("Θεώρηση εισόδου", "ανθρωπιστικούς", "Α.Φ.Μ.", "ασφαλιστικού φορέα", "ασύλου"):
        assert shown in documents.text()
    labels = [check.accessibleName() for check in decision.warning_checks.values()]
    assert len(labels) == len(set(labels)) == 2  # which warning each tick acknowledges
    decision.competence.setChecked(True)
    for check in decision.warning_checks.values():
        check.setChecked(True)
    decision.proof.setCurrentIndex(decision.proof.findData("none"))
    assert decision.no_proof.isVisibleTo(decision) and decision.no_proof.text()
    shot(cw, "audit-10-par11-no-proof")
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)
    assert cw.index == DOCUMENTS and not error_dialogs()
    assert registry.cases.get(case.id).residence_proof == "none"
    cw.go(DECISION)  # a tick taken back, then the window closed: the registry no longer says it was given
    first = next(iter(decision.warning_checks))
    decision.warning_checks[first].setChecked(False)
    qtbot.keyClick(cw, Qt.Key.Key_Escape)
    assert first not in registry.cases.get(case.id).warnings_given


# -- 11. a printer that fails says so ----------------------------------------------------------------
def test_a_printer_that_fails_says_so(qtbot, window, registry, tmp_path):
    from correspondent_app.documents.issuing import issue_certificate

    case_id = paid_case(registry)
    settle_for_issue(registry, case_id)
    issue_certificate(registry, case_id)

    def broken(_name):
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no-such-folder" / "x.pdf"))
        return printer

    window.printer_factory = broken
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    cw.go(CERTIFICATE)
    qtbot.mouseClick(cw.steps[CERTIFICATE].print_button, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5000)
    assert "εκτυπωτής" in error_dialogs()[-1].text() and "απρόβλεπτο" not in error_dialogs()[-1].text()
    assert registry.certificates.prints(registry.certificates.valid_for_case(case_id).id) == []


# -- 12. no dead ends ------------------------------------------------------------------------------
def test_an_archived_case_is_shown_read_only(qtbot, window, registry):
    case = registry.cases.open(person(registry).id, CHANGED_INSURER)
    registry.cases.move(case.id, "archived")
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    assert cw.index == DECISION and cw.read_only.isVisible() and "αρχειοθ" in cw.read_only.text()
    assert "αρχειοθέτηση" not in cw.next_button.text()
    assert cw.steps[DECISION].print_note.isEnabled()  # the explanation can be printed again
    shot(cw, "audit-12-archived-read-only")
    qtbot.keyClick(cw, Qt.Key.Key_Return)
    assert not cw.isVisible() and not error_dialogs()


def test_not_competent_offers_to_cancel_the_case_with_the_reason(qtbot, window, registry):
    case = registry.cases.open(person(registry).id, CATEGORIES["1δ"][0])
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    decision = cw.steps[DECISION]
    assert cw.index == DECISION and not decision.cancel_button.isVisible()
    decision.competence.setChecked(True)
    decision.competence.setChecked(False)  # no: the person lives elsewhere
    assert decision.cancel_button.isVisible() and decision.referral_note.isVisible()
    QApplication.processEvents()
    from PySide6.QtWidgets import QScrollArea

    assert decision.findChild(QScrollArea).horizontalScrollBar().maximum() == 0  # nothing off to the side
    shot(cw, "audit-12-not-competent")
    jobs = len(window.printer_factory.files)
    qtbot.mouseClick(decision.referral_note, Qt.MouseButton.LeftButton)  # a paper that says where to go
    wait_for_printing(qtbot)
    assert len(window.printer_factory.files) == jobs + 1 and not error_dialogs()
    import io

    from pypdf import PdfReader

    note = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(cw.document_pdf("applicant-note"))).pages)
    assert "τόπου κατοικίας" in note and "δεν πληρώνετε" in note and "Ποσό που πρέπει" not in note
    suggested = []

    def confirm(dialog):
        suggested.append(dialog.textValue())
        dialog.accept()

    when_modal(QInputDialog, confirm)
    qtbot.mouseClick(decision.cancel_button, Qt.MouseButton.LeftButton)
    stored = registry.cases.get(case.id)
    assert stored.state == "cancelled" and stored.cancel_reason == suggested[0]
    assert "κατοικίας" in suggested[0]  # names the competent correspondent
    assert cw.read_only.isVisible() and not error_dialogs()


# -- 13. keyboard ----------------------------------------------------------------------------------
def test_ctrl_shortcuts_start_a_case_whatever_the_keyboard_layout(qtbot, window, registry):
    person(registry)
    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, "hoxha")
    qtbot.keyClick(counter.search.box, Qt.Key.Key_Return)  # the first found is shown
    qtbot.keyClick(counter.search.results, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    cw = window.case_window
    qtbot.waitExposed(cw)
    assert cw.index == PERSON and cw.focusWidget() is cw.next_button


def test_each_step_opens_on_its_first_input_and_enter_moves_on(qtbot, window, registry):
    from PySide6.QtWidgets import QScrollArea

    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    focus = cw.focusWidget()
    assert focus is cw.steps[PAYMENT].receipt and not isinstance(focus, QScrollArea)
    cw.go(SITUATION)
    assert isinstance(cw.focusWidget(), QRadioButton)
    cw.go(DOCUMENTS)
    declaration = cw.steps[DOCUMENTS].findChild(type(cw.next_button), "print_declaration")
    declaration.setFocus()
    qtbot.keyClick(declaration, Qt.Key.Key_Return)  # Enter on a page button moves on; Space presses it
    assert cw.index == PAYMENT


# -- 14. smaller things ----------------------------------------------------------------------------
def test_the_protocol_book_opens_on_the_newest_year_with_entries(qtbot, window, registry):
    with registry.write():  # a book continued from 2005 (as the demo registry's)
        registry.protocol.enter("certificate", "Βεβαίωση 1δ", on=date(2005, 10, 20))
    window.nav.setCurrentRow(3)
    book = window.stack.currentWidget()
    assert book.year.value() == 2005 and book.table.rowCount() == 1
    book.year.setValue(2026)
    assert book.empty.isVisibleTo(book) and "2005" in book.empty.text()
    shot(window, "audit-14-protocol-empty-year")


def test_the_person_page_lists_cases_without_row_numbers_and_with_greek_dates(qtbot, window, registry):
    p = person(registry)
    registry.cases.open(p.id, CATEGORIES["1δ"][0])
    counter = window.section("counterSection")
    counter.page.show_person(p.id)
    table = counter.page.cases
    assert not table.verticalHeader().isVisible()
    updated = table.item(0, 4).text()
    assert updated.count("/") == 2 and "-" not in updated


def test_the_nationality_is_taken_as_a_code_or_a_name_in_either_language(qtbot, registry):
    from correspondent_app.ui.person_form import PersonDialog, country_code

    assert country_code("AL") == country_code("al") == country_code("Albania") == country_code("Αλβανια") == "AL"
    assert country_code("Αλβανία (AL)") == "AL" and country_code("") == ""
    dialog = PersonDialog(registry, prefill={"surname_lat": "KOLA", "name_lat": "ILIR"})
    qtbot.addWidget(dialog)
    dialog.dates["birth_date"].set_value(date(1980, 1, 2))
    dialog.nationality.setEditText("Atlantis")
    dialog.save()
    assert dialog.result_person is None and "Atlantis" in dialog.errors.text()  # said, not saved blank
    dialog.nationality.setEditText("Albania")
    dialog.save()
    assert dialog.result_person.nationality == "AL"


def test_next_steps_show_only_what_applies_to_the_category(qtbot, window, registry):
    from correspondent_app.documents.issuing import issue_certificate

    case_id = paid_case(registry)
    settle_for_issue(registry, case_id)
    issue_certificate(registry, case_id)
    cw = window.open_case(case_id)
    qtbot.waitExposed(cw)
    nxt = cw.steps[NEXT]
    assert cw.index == NEXT and nxt.certified.isVisible()
    assert not nxt.first_year.isVisible() and not nxt.pending.isVisible() and not nxt.days.isVisible()
    shot(cw, "audit-14-next-steps-1d")


def test_stale_error_marks_go_once_answered(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    situation = cw.steps[SITUATION]
    answer(cw, {"provision": "par10"})
    press_next(qtbot, cw)  # the standing with OGA is not answered: marked
    assert situation.groups["oga_status"].styleSheet() and situation.problem.text()
    answer(cw, {"oga_status": "never"})
    assert situation.groups["oga_status"].styleSheet() == "" and "oga_status" not in situation.errors.fields
    cw.close()
    cw = case_at_payment(qtbot, window, registry, "1δ")
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, "0623/300605/129050")
    press_next(qtbot, cw)
    assert pay.problem.text()  # no amount typed
    qtbot.keyClicks(pay.paid, "2")
    assert pay.problem.text() == ""


def test_the_special_reason_is_not_asked_of_someone_who_works_in_agriculture(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    situation = cw.steps[SITUATION]
    answer(cw, {"provision": "par11", "works_in_agriculture": False})
    assert situation.groups["special_residence_reason_without_insurer"].isVisible()
    answer(cw, {"works_in_agriculture": True})
    assert not situation.groups["special_residence_reason_without_insurer"].isVisible()
    shot(cw, "audit-14-par11-agriculture")


def test_search_hints_are_read_whole(qtbot, window, registry):
    counter = window.section("counterSection")
    box = counter.search.box
    assert box.fontMetrics().horizontalAdvance(box.placeholderText()) < box.width() - 30
    window.nav.setCurrentRow(3)
    book = window.stack.currentWidget()
    assert book.text.fontMetrics().horizontalAdvance(book.text.placeholderText()) < book.text.width()


def test_own_amount_payments_still_work(qtbot, window, registry):
    """(a guard for the decision step's rewrite) an art. 7 amount typed with a comma is kept"""
    case = registry.cases.open(person(registry).id, {"provision": "par10", "oga_status": "never",
                                                     "works_in_agriculture": True, "art7_worker": True})
    cw = window.open_case(case.id)
    qtbot.waitExposed(cw)
    decision = cw.steps[DECISION]
    qtbot.keyClicks(decision.amount, "450,00")
    decision.reference.setText("ΟΓΑ 12/2005")
    qtbot.keyClick(cw, Qt.Key.Key_Escape)  # closed: the amount is kept
    assert registry.cases.get(case.id).amount == Decimal("450.00")


def test_a_person_with_a_case_in_progress_is_offered_that_case_first(qtbot, window, registry):
    someone = person(registry)
    waiting = registry.cases.open(someone.id, CATEGORIES["1δ"][0])
    registry.cases.move(waiting.id, "awaiting_payment")

    def answer_with(role):
        def choose(box):
            assert box.objectName() == "caseInProgressQuestion" and str(waiting.id) in box.text()
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        return choose

    when_modal(QMessageBox, answer_with(QMessageBox.ButtonRole.AcceptRole))  # the default: go on with it
    window.start_case(someone.id)
    assert window.case_window.case.id == waiting.id and len(registry.cases.for_person(someone.id)) == 1
    window.case_window.close()
    when_modal(QMessageBox, answer_with(QMessageBox.ButtonRole.RejectRole))  # Cancel: nothing opened or made
    window.start_case(someone.id)
    assert len(registry.cases.for_person(someone.id)) == 1
    when_modal(QMessageBox, answer_with(QMessageBox.ButtonRole.DestructiveRole))  # another case, on purpose
    window.start_case(someone.id)
    assert len(registry.cases.for_person(someone.id)) == 2 and window.case_window.case.id != waiting.id
