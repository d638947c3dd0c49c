"""The counter workflow end to end, from the person search to the printed PDF."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from correspondent_app.ui.case.dialog import CERTIFICATE, DECISION, DOCUMENTS, NEXT, PAYMENT, SITUATION

from .conftest import issue_through_review, tick_documents, error_dialogs, person, shot, wait_for_printing, when_modal

CATEGORIES = {
    "1β": ({"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True}, "0623/300605/129009"),
    "1γ": ({"provision": "par10", "oga_status": "pending", "works_in_agriculture": True}, "0623/300605/129010"),
    "1δ": ({"provision": "par10", "oga_status": "never", "works_in_agriculture": True}, "0623/300605/129011"),
    "2": ({"provision": "par11", "works_in_agriculture": True}, "0623/300605/129012"),
}


def listed_person(registry, tmp_path, status: str, amount: str, reference: str):
    """HOXHA ARBEN, registered with OGA number 4480012345, on an imported HQ list with ``status`` and ``amount``."""
    registered = person(registry, oga_no="4480012345")
    csv = tmp_path / "list.csv"
    csv.write_text("oga_no,surname,name,father_name,birth_date,nationality,status,amount\n"
                   f"4480012345,HOXHA,ARBEN,,14/03/1975,AL,{status},\"{amount}\"\n", encoding="utf-8-sig")
    registry.hq_lists.import_file(csv, reference=reference)
    return registered


def find_person_and_start(qtbot, window, registry, query="hoxha"):
    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, query)
    qtbot.waitUntil(lambda: counter.search.results.count() > 0, timeout=3000)
    counter.search.results.setCurrentRow(0)
    if registry.cases.open_for_person(counter.page.person_id):  # asked whether to go on with it: start another
        from PySide6.QtWidgets import QMessageBox

        when_modal(QMessageBox, lambda box: next(b for b in box.buttons() if box.buttonRole(b)
                                                 == QMessageBox.ButtonRole.DestructiveRole).click())
    qtbot.mouseClick(counter.page.findChild(type(window.section("casesSection").send), "startCase"), Qt.MouseButton.LeftButton)
    case_window = window.case_window
    qtbot.waitExposed(case_window)
    return case_window


def answer(case_window, facts):
    step = case_window.steps[SITUATION]
    for name, value in facts.items():
        button = step.findChild(type(step.findChildren(type(step.buttons["provision"].button(0)))[0]), f"{name}_{value}")
        button.setChecked(True)


def press_next(qtbot, case_window):
    """Next, as the clerk presses it; on the decision page the clerk first answers
    that this is the competent correspondent (the box starts unticked)."""
    decision = case_window.steps[DECISION]
    if case_window.index == DECISION and decision.competence.isVisible():
        decision.competence.setChecked(True)
    if case_window.index == DOCUMENTS:
        tick_documents(case_window)
    qtbot.mouseClick(case_window.next_button, Qt.MouseButton.LeftButton)


def type_amount_paid(qtbot, case_window, amount: str | None = None):
    """The amount printed on the receipt, typed by the clerk (by default: the amount due)."""
    due = str(case_window.case.amount).replace(".", ",")
    qtbot.keyClicks(case_window.steps[PAYMENT].paid, amount or due)


def test_the_competence_question_must_be_answered_before_payment(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES["1δ"][0])
    press_next(qtbot, cw)
    decision = cw.steps[DECISION]
    assert not decision.competence.isChecked() and decision.competence_warning.text()  # asked, not assumed
    qtbot.mouseClick(cw.next_button, Qt.MouseButton.LeftButton)  # Enter/Next without answering
    assert cw.index == DECISION and decision.errors.messages()  # refused, with the reason beside the box
    decision.competence.setChecked(True)
    decision.competence.setChecked(False)  # the clerk answers: no, not here
    assert registry.cases.get(cw.case.id).competent_here is False
    assert "not the competent" in decision.competence_warning.text() or "αρμόδιος" in decision.competence_warning.text()
    shot(cw, "decision-not-competent")
    press_next(qtbot, cw)
    assert cw.index == DECISION + 1 and registry.cases.get(cw.case.id).competent_here is True


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_category_from_search_to_printed_certificate(qtbot, window, registry, printed, category):
    facts, code = CATEGORIES[category]
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    shot(cw, f"{category}-1-person")
    press_next(qtbot, cw)
    assert cw.index == SITUATION
    answer(cw, facts)
    shot(cw, f"{category}-2-situation")
    press_next(qtbot, cw)
    assert cw.index == DECISION, error_dialogs()
    assert f"Κατηγορία {category}" in cw.steps[DECISION].outcome.text() or category in cw.steps[DECISION].outcome.text()
    decision = cw.steps[DECISION]
    for check in decision.warning_checks.values():
        check.setChecked(True)
    if decision.proof.count():
        decision.proof.setCurrentIndex(1)
    shot(cw, f"{category}-3-decision")
    press_next(qtbot, cw)
    shot(cw, f"{category}-4-documents")
    press_next(qtbot, cw)  # the case now waits for the payment
    assert registry.cases.get(cw.case.id).state == "awaiting_payment"
    assert cw.index == PAYMENT
    payment = cw.steps[PAYMENT]
    qtbot.keyClicks(payment.receipt, code.replace("/", ""))
    assert "✓" in payment.receipt.explanation.text()
    assert payment.paid.text() == ""  # typed from the receipt, never assumed
    type_amount_paid(qtbot, cw)
    shot(cw, f"{category}-5-payment")
    press_next(qtbot, cw)
    assert cw.index == CERTIFICATE, payment.problem.text()
    issue_through_review(qtbot, cw.steps[CERTIFICATE])
    cert = registry.certificates.for_case(cw.case.id)[0]
    qtbot.mouseClick(cw.steps[CERTIFICATE].print_button, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    shot(cw, f"{category}-6-certificate")
    pdf = printed.files[-1].read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3  # the triplicate went to the printer
    assert registry.certificates.prints(cert.id)[0][1] == 3
    press_next(qtbot, cw)
    assert cw.index == NEXT
    nxt = cw.steps[NEXT]
    nxt.certified.setChecked(True)
    nxt.days.setText("200")
    if category == "1γ":  # no silent default: the start date waits for the situation and the first year
        assert not nxt.queue_button.isEnabled() and nxt.first_year.text() == "" and nxt.pending.currentIndex() == -1
        nxt.pending.setCurrentIndex(nxt.pending.findData("temporary_permit"))
        assert "first year" in nxt.result.text() or "πρώτο έτος" in nxt.result.text()
        qtbot.keyClicks(nxt.first_year, "2004")
        nxt.newer.setChecked(True)
        assert "01/01/2004" in nxt.result.text()
    assert "ασφάλισης" in nxt.result.text() or "insurance" in nxt.result.text()
    assert "31/05/2006" in nxt.booklet.text()  # health booklet: valid until 31-5-2006 (complete dossier)
    if category != "1β":  # the Δελτίο's section 7α carries the ATE receipt code (1β has no Δελτίο)
        assert code in nxt.result.text() and "7" in nxt.result.text()
    qtbot.mouseClick(nxt.queue_button, Qt.MouseButton.LeftButton)
    shot(cw, f"{category}-7-next")
    contents = dict(registry.transmittals.queue())[cw.case.id]
    assert len(contents) == len(set(contents)) and any("αρχείου" in item for item in contents)
    press_next(qtbot, cw)
    assert not cw.isVisible()


@pytest.mark.parametrize(("facts", "outcome"), [
    ({"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True, "changed_insurer": True},
     "other_insurer"),
    ({"provision": "par10", "oga_status": "never", "works_in_agriculture": False}, "not_oga"),
    ({"provision": "par11", "works_in_agriculture": False, "special_residence_reason_without_insurer": False},
     "not_oga"),
])
def test_not_oga_outcomes_end_at_the_decision(qtbot, window, registry, printed, facts, outcome):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, facts)
    press_next(qtbot, cw)
    assert cw.index == DECISION and cw.case.outcome == outcome
    qtbot.mouseClick(cw.steps[DECISION].print_note, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    assert printed.files and printed.files[-1].exists()
    shot(cw, f"{outcome}-decision")
    press_next(qtbot, cw)  # "Close the case (archive)"
    assert registry.cases.get(cw.case.id).state == "archived"


def test_1alpha_amount_from_hq_list_and_elta(qtbot, window, registry, printed, tmp_path):
    p = listed_person(registry, tmp_path, "active", "312,40", "ΟΓΑ 2005/1")
    cw = find_person_and_start(qtbot, window, registry)
    assert "312,40" in cw.steps[0].hq.text()
    press_next(qtbot, cw)
    assert cw.steps[SITUATION].buttons["oga_status"].checkedButton().objectName() == "oga_status_active"
    press_next(qtbot, cw)
    assert cw.case.category == "1α" and str(cw.case.amount) == "312.40"
    press_next(qtbot, cw)
    documents = cw.steps[cw.index]
    assert not documents.print_buttons["declaration"].isVisible()  # 1α declares nothing
    assert documents.print_buttons["bank-form"].isVisible()
    press_next(qtbot, cw)
    pay = cw.steps[PAYMENT]
    assert pay.elta_box.isVisible() and not pay.ate_box.isVisible()
    qtbot.keyClicks(pay.elta_reference, "5512 0088 7711")
    type_amount_paid(qtbot, cw)
    qtbot.keyClicks(pay.elta_date, "20/09/2005")
    press_next(qtbot, cw)
    assert registry.cases.get(cw.case.id).state == "paid"
    issue_through_review(qtbot, cw.steps[CERTIFICATE])
    assert registry.certificates.for_case(cw.case.id)[0].model == 1
    assert p.id == cw.case.person_id


def test_1alpha_paid_at_ate_with_the_older_form(qtbot, window, registry, printed, tmp_path):
    listed_person(registry, tmp_path, "active", "312,40", "ΟΓΑ 2005/1")
    cw = find_person_and_start(qtbot, window, registry)
    for _ in range(4):
        press_next(qtbot, cw)
    pay = cw.steps[PAYMENT]
    assert cw.case.category == "1α" and pay.where_box.isVisible() and pay.at_elta.isChecked()
    pay.at_ate.setChecked(True)
    assert pay.ate_box.isVisible() and not pay.elta_box.isVisible()
    qtbot.keyClicks(pay.receipt, "0623/200905/129010")
    type_amount_paid(qtbot, cw)
    shot(cw, "1α-5-payment-at-ate")
    press_next(qtbot, cw)
    payment = registry.payments.for_case(cw.case.id)
    assert registry.cases.get(cw.case.id).state == "paid"
    assert payment.kind != "elta" and payment.receipt_code == "0623/200905/129010"
    issue_through_review(qtbot, cw.steps[CERTIFICATE])
    certificate = registry.certificates.for_case(cw.case.id)[0]
    assert certificate.model == 1
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(registry.certificates.pdf(certificate.id))).pages)
    assert "0623/200905/129010" in text and "Κατάστημα ΑΤΕ 0623" in text


def case_at_payment(qtbot, window, registry, category="1δ", query="hoxha"):
    """A new case of ``category`` for the person found by ``query``, walked to the payment step."""
    cw = find_person_and_start(qtbot, window, registry, query=query)
    press_next(qtbot, cw)
    answer(cw, CATEGORIES[category][0])
    for _ in range(3):
        press_next(qtbot, cw)
    assert cw.index == PAYMENT, error_dialogs()
    return cw


def test_bad_receipt_is_explained_and_saves_nothing(qtbot, window, registry):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, "0623/310605/129009")
    assert "310605" in pay.receipt.explanation.text()
    shot(cw, "error-bad-receipt")
    press_next(qtbot, cw)
    assert cw.index == PAYMENT and registry.payments.for_case(cw.case.id) is None  # refused
    # said once, under the field as it was typed; not repeated below the amount
    assert "310605" in pay.receipt.explanation.text() and pay.problem.text() == ""


def test_duplicate_receipt_names_the_case(qtbot, window, registry):
    first = person(registry, passport="AA1111111")
    case = registry.cases.open(first.id, CATEGORIES["1δ"][0])
    registry.cases.move(case.id, "awaiting_payment")
    registry.payments.record_ate(case.id, "0623/300605/129009", case.amount)
    person(registry, surname_el="Μπερίσα", surname_lat="BERISHA", passport="BB2222222")
    cw = case_at_payment(qtbot, window, registry, "1δ", query="berisha")
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, "0623 300605 129009")
    said = pay.receipt.explanation.text()
    assert "✓" not in said and str(case.id) in said and "HOXHA" in said  # said as it is typed, before Record
    press_next(qtbot, cw)
    assert cw.index == PAYMENT and registry.payments.for_case(cw.case.id) is None  # refused
    assert str(case.id) in pay.receipt.explanation.text() and pay.problem.text() == ""  # said once, by the field
    shot(cw, "error-duplicate-receipt")


def test_leave_and_resume_at_the_payment(qtbot, window, registry):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1β")
    case_id = cw.case.id
    qtbot.keyClick(cw, Qt.Key.Key_Escape)  # backs out: everything is saved
    assert not cw.isVisible()
    again = window.open_case(case_id)
    qtbot.waitExposed(again)
    assert again.index == PAYMENT
    assert "798,48" in again.steps[PAYMENT].due.text()


def test_keyboard_enter_advances(qtbot, window, registry):
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    qtbot.keyClick(cw, Qt.Key.Key_Return)
    assert cw.index == SITUATION
    qtbot.keyClick(cw, Qt.Key.Key_Return)  # nothing answered: stays, says what to answer
    assert cw.index == SITUATION and cw.steps[SITUATION].problem.text()


def art7_case_with_oga_amount(qtbot, window, registry):
    """An art. 7 ν. 3232/2004 worker's case at the decision, with the amount OGA gave typed in."""
    person(registry)
    cw = find_person_and_start(qtbot, window, registry)
    press_next(qtbot, cw)
    answer(cw, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True, "art7_worker": True})
    press_next(qtbot, cw)
    decision = cw.steps[DECISION]
    assert cw.case.outcome == "ask_oga" and decision.amount_box.isVisible()
    qtbot.keyClicks(decision.amount, "450,00")
    decision.reference.setText("ΟΓΑ έγγρ. 1234/2005")  # QTest cannot type Greek keys
    return cw


def test_art7_worker_waits_for_oga_with_the_amount_oga_gave(qtbot, window, registry):
    cw = art7_case_with_oga_amount(qtbot, window, registry)
    shot(cw, "ask-oga-decision")
    press_next(qtbot, cw)
    case = registry.cases.get(cw.case.id)
    assert str(case.amount) == "450.00" and case.amount_source == "oga" and "1234" in case.amount_reference


def test_art7_worker_after_payment_is_forwarded_to_oga_as_instructed(qtbot, window, registry):
    from correspondent_app.registry.checks import check_registry

    cw = art7_case_with_oga_amount(qtbot, window, registry)
    press_next(qtbot, cw)  # documents
    press_next(qtbot, cw)  # awaiting payment
    qtbot.keyClicks(cw.steps[PAYMENT].receipt, "0623/300605/129020")
    type_amount_paid(qtbot, cw)
    press_next(qtbot, cw)
    assert cw.index == CERTIFICATE and registry.cases.get(cw.case.id).state == "paid", error_dialogs()
    assert not cw.steps[CERTIFICATE].issue_button.isVisible()  # nothing of the programme to issue
    press_next(qtbot, cw)
    nxt = cw.steps[NEXT]
    assert nxt.oga_contents.isVisible() and not nxt.registration_box.isVisible()
    assert "1234/2005" in nxt.result.text() and "450,00" in nxt.result.text()
    nxt.oga_contents.setText("Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ; Αίτηση εγγραφής")
    shot(cw, "ask-oga-7-next")
    qtbot.mouseClick(nxt.queue_button, Qt.MouseButton.LeftButton)
    assert dict(registry.transmittals.queue())[cw.case.id] == ("Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ",
                                                                "Αίτηση εγγραφής")
    press_next(qtbot, cw)
    cases = window.section("casesSection")
    cases.queue.setCurrentIndex(cases.queue.findData("to_forward"))
    assert cases.table.rowCount() == 1 and cases.table.item(0, 2).text() == "άρθρο 7: οδηγίες ΟΓΑ"
    from correspondent_app.documents.issuing import send_transmittal

    send_transmittal(registry, [cw.case.id], recipient="ΟΓΑ")
    assert registry.cases.get(cw.case.id).state == "forwarded"
    assert check_registry(registry) == []


def test_malformed_hq_list_is_refused_with_line_and_column(qtbot, window, registry, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("oga_no,surname,name,father_name,birth_date,nationality,status,amount\n"
                   "1,A,B,,31/02/1970,AL,active,abc\n", encoding="utf-8")
    hq = window.section("hqSection")
    window.nav.setCurrentRow(4)
    hq.import_list(str(bad))
    qtbot.waitUntil(lambda: hq.status.text() != "", timeout=10000)
    assert "2" in hq.status.text() and "ποσό" in hq.status.text()  # the column, named in Greek
    assert "line" not in hq.status.text()
    assert registry.db.execute("SELECT COUNT(*) FROM hq_list_entries").fetchone()[0] == 0
    shot(window, "hq-import-refused")


def test_unexpected_error_is_logged_and_shown_kindly(qtbot, window, tmp_path, monkeypatch):
    import logging

    from correspondent_app.ui import errors
    from correspondent_app.ui.errors import setup_logging, show_error

    log_file = setup_logging(tmp_path / "logs")
    try:
        raise KeyError("boom inside a slot")
    except KeyError as exc:
        show_error(window, exc)
    dialogs = error_dialogs()
    assert dialogs and "Traceback" not in dialogs[-1].text() and "boom" not in dialogs[-1].text()
    for handler in logging.getLogger("correspondent_app").handlers:
        handler.flush()
    assert "boom inside a slot" in log_file.read_text(encoding="utf-8")
    assert errors.log.handlers


@pytest.mark.qt_no_exception_capture
def test_an_exception_escaping_a_slot_becomes_a_kind_dialog_and_one_log_entry(qtbot, window, tmp_path):
    import logging
    import sys

    from PySide6.QtCore import QTimer

    from correspondent_app.ui.errors import install_excepthook, setup_logging

    log_file = setup_logging(tmp_path / "logs")
    handler = logging.getLogger("correspondent_app").handlers[-1]
    before = sys.excepthook
    install_excepthook()
    try:
        def slot():
            raise ZeroDivisionError("a bug in a slot")

        QTimer.singleShot(0, slot)  # Qt calls it: the exception has nowhere to go but the hook
        qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=3000)
    finally:
        sys.excepthook = before
        logging.getLogger("correspondent_app").removeHandler(handler)
        handler.close()
    assert "Traceback" not in error_dialogs()[-1].text() and "ZeroDivision" not in error_dialogs()[-1].text()
    assert log_file.read_text(encoding="utf-8").count("ZeroDivisionError: a bug in a slot") == 1  # logged once, with its traceback


def test_backup_runs_off_the_ui_thread(qtbot, window, registry, tmp_path):
    target = tmp_path / "copy.sqlite"
    window.backup_now(str(target))
    qtbot.waitUntil(target.exists, timeout=10000)
    from correspondent_app.registry.backups import check_file

    assert check_file(target) == []


def test_daily_backup_is_made_after_the_window_is_up_and_waited_for_at_exit(qtbot, window, registry):
    from correspondent_app.registry.backups import backups_in, check_file, default_backup_dir

    folder = default_backup_dir(registry.path)
    assert not backups_in(folder)
    window.start_daily_backup()
    window.wait_for_background_work()  # returns although the UI loop is not running (as at exit)
    made = backups_in(folder)
    assert len(made) == 1 and check_file(made[0]) == []
    qtbot.waitUntil(lambda: "never" not in window.status_backup.text() and "ποτέ" not in window.status_backup.text())
    window.start_daily_backup()  # one a day: nothing new
    window.wait_for_background_work()
    assert backups_in(folder) == made


def test_a_full_log_is_rotated_at_start_keeping_three(tmp_path):
    from correspondent_app.ui.errors import LOG_KEEP, LOG_MAX_BYTES, setup_logging

    folder = tmp_path / "logs"
    folder.mkdir()
    log = folder / "correspondent-app.log"
    for n in range(1, LOG_KEEP + 1):
        (folder / f"correspondent-app.log.{n}").write_text(f"old {n}")
    log.write_bytes(b"x" * LOG_MAX_BYTES)
    assert setup_logging(folder) == log
    assert not log.exists()  # opened on the first entry
    assert (folder / "correspondent-app.log.1").stat().st_size == LOG_MAX_BYTES
    assert [(folder / f"correspondent-app.log.{n}").read_text() for n in (2, 3)] == ["old 1", "old 2"]
    assert not (folder / f"correspondent-app.log.{LOG_KEEP + 1}").exists()


def test_about_shows_version_schema_and_data_folder(window):
    from correspondent_app import __version__
    from correspondent_app.registry.schema import SCHEMA_VERSION
    from correspondent_app.ui.main_window import about_text

    text = about_text(window.registry.path)
    assert __version__ in text and str(SCHEMA_VERSION) in text and "correspondent-app" in text
    assert str(window.registry.path) in text  # the file --db opened, wherever it is


def test_pdf_preview_shows_the_issued_certificate(qtbot, registry):
    from correspondent_app.documents.catalog import specimen
    from correspondent_app.ui.pdf import PdfPreview

    preview = PdfPreview(specimen("model3"), "model3")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.document.pageCount() == 3, timeout=5000)
    qtbot.wait(1500)  # QPdfView renders pages in the background
    image = preview.grab().toImage()
    shot(preview, "pdf-preview")
    assert preview.document.status() == preview.document.Status.Ready
    dark = sum(1 for x in range(40, image.width() - 40, 7) for y in range(40, image.height() // 2, 7)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 200, "the page is blank: QtPdf did not render the certificate"


def test_export_for_hq_and_the_hq_summary(qtbot, window, registry, tmp_path):
    from correspondent_app.demo.generate import make_demo
    from correspondent_app.exchange.export import public_key_file
    from correspondent_app.exchange.hq import merge, open_hq, register

    make_demo(registry, persons=12, seed=3, render=False)
    hq = window.section("hqSection")
    window.nav.setCurrentRow(4)
    package = tmp_path / "export.zip"
    hq.export(str(package))
    qtbot.waitUntil(lambda: "1" in hq.export_status.text(), timeout=15000)
    assert package.exists() and package.with_suffix(".pdf").exists()
    key = tmp_path / "v.pub"
    key.write_bytes(public_key_file(registry))
    conn = open_hq(tmp_path / "hq.sqlite")
    register(conn, key)
    assert merge(conn, package).merged
    conn.close()
    before = (tmp_path / "hq.sqlite").read_bytes()
    hq.show_hq_summary(str(tmp_path / "hq.sqlite"))
    qtbot.waitUntil(lambda: hq.summary.rowCount() > 0, timeout=15000)  # read in a worker
    assert (tmp_path / "hq.sqlite").read_bytes() == before  # a summary changes nothing
    # a line per installation: its id's first characters tell apart two offices of one community name
    assert registry.profile.get().uuid[:8] in hq.summary.item(0, 1).text()
    # counts and amounts stand right-aligned under their right-aligned headers, in Greek figures
    for column in (3, 4, 5):
        assert hq.summary.item(0, column).textAlignment() & Qt.AlignmentFlag.AlignRight
        assert hq.summary.horizontalHeaderItem(column).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert hq.summary.item(0, 1).textAlignment() & Qt.AlignmentFlag.AlignRight == 0
    assert "€" in hq.summary.item(0, 5).text() and "," in hq.summary.item(0, 5).text()
    from correspondent_app.exchange.ack import write_acknowledgement

    conn = open_hq(tmp_path / "hq.sqlite")
    ack_bytes, _fields = write_acknowledgement(conn, key)
    conn.close()
    ack = tmp_path / "ack.json"
    ack.write_bytes(ack_bytes)
    hq.import_ack(str(ack))  # HQ's key is not set up yet: refused, and said so
    qtbot.waitUntil(lambda: hq.task.isFinished() and "trust" in hq.ack_status.text().lower(), timeout=15000)
    assert "Traceback" not in error_dialogs()[-1].text()
    for dialog in error_dialogs():
        dialog.close()
    from correspondent_app.exchange.ack import hq_key_file

    from correspondent_app.registry.keys import grouped

    conn = open_hq(tmp_path / "hq.sqlite")
    fingerprint = hq_key_file(conn)[1]
    conn.close()
    hq.set_up_hq_key(grouped(fingerprint).lower())  # the fingerprint as written down on the phone
    assert grouped(fingerprint) in hq.ack_status.text() and not error_dialogs()
    hq.import_ack(str(ack))
    qtbot.waitUntil(lambda: hq.task.isFinished() and "1" in hq.ack_status.text(), timeout=15000)
    assert registry.db.execute("SELECT COUNT(*) FROM export_acks").fetchone()[0] == 1 and not error_dialogs()
    hq.export(str(tmp_path / "again.zip"))  # nothing changed since the acknowledged package: said, not an error
    qtbot.waitUntil(lambda: not (tmp_path / "again.zip").exists() and hq.task.isFinished(), timeout=15000)
    assert not error_dialogs() and hq.export_status.text()
    hq.show_hq_summary(str(registry.path))  # a village registry is no HQ database: said on the page
    qtbot.waitUntil(lambda: bool(hq.hq_status.text()) and hq.task.isFinished(), timeout=15000)
    assert not error_dialogs()
    shot(window, "hq-exchange")


def test_the_amount_on_the_receipt_is_checked_against_the_amount_due(qtbot, window, registry):
    person(registry)
    cw = case_at_payment(qtbot, window, registry, "1δ")
    pay = cw.steps[PAYMENT]
    qtbot.keyClicks(pay.receipt, "0623/300605/129040")
    press_next(qtbot, cw)
    assert cw.index == PAYMENT and "ποσό" in pay.problem.text().lower()  # nothing typed: asked for, not assumed
    type_amount_paid(qtbot, cw, "2040,00")
    assert pay.reason.isVisible()  # differs from 2.040,72: the reason field appears
    press_next(qtbot, cw)
    assert cw.index == PAYMENT and registry.payments.for_case(cw.case.id) is None
    assert "2.040,72" in pay.problem.text() or "λόγο" in pay.problem.text(), pay.problem.text()  # why, on the page
    shot(cw, "payment-amount-differs")
    pay.reason.setText("Έγγραφο ΟΓΑ 55/2005")
    press_next(qtbot, cw)
    payment = registry.payments.for_case(cw.case.id)
    assert str(payment.amount) == "2040.00" and "55/2005" in payment.override_reason
