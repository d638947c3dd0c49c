"""Printing off the UI thread: one certificate's copies, and batches of certificates, with Cancel."""

import io
import threading
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.ui import pdf as pdf_module
from correspondent_app.ui.printing import running_print_tasks

from .conftest import issue_through_review, tick_documents, button_texts, error_dialogs, person, shot, wait_for_printing, when_modal

FACTS = {"provision": "par10", "oga_status": "never", "works_in_agriculture": True}


def issued_cases(registry, count: int) -> list[int]:
    ids = []
    for i in range(count):
        p = person(registry, surname_lat=f"HOXHA{i}", passport=f"BA12345{i:02d}")
        case = registry.cases.open(p.id, FACTS)
        registry.cases.move(case.id, "awaiting_payment")
        registry.payments.record_ate(case.id, f"0623/300605/12900{i}", Decimal("2040.72"))
        assert settle_for_issue(registry, case.id) == []
        issue_certificate(registry, case.id)
        ids.append(case.id)
    return ids


@pytest.fixture()
def issued_queue(qtbot, window, registry):
    ids = issued_cases(registry, 3)
    window.nav.setCurrentRow(1)  # the clerk opens Cases
    section = window.stack.currentWidget()
    assert section.objectName() == "casesSection"
    section.queue.setCurrentIndex(section.queue.findData("issued"))
    return section, ids


@pytest.fixture()
def painting_threads(monkeypatch):
    """The threads in which pages are painted (the real painting still happens)."""
    seen = []
    original = pdf_module.paint_pdfs

    def spy(*args, **kwargs):
        seen.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "paint_pdfs", spy)
    return seen


def test_selected_certificates_print_as_one_job_off_the_ui_thread(qtbot, issued_queue, registry, printed,
                                                                   painting_threads):
    section, ids = issued_queue
    assert section.table.rowCount() == 3 and section.print_selected.isVisible()
    assert not section.print_selected.isEnabled()  # nothing selected yet
    assert section.table.item(0, 5).text() == "όχι ακόμη"  # never printed: stands out
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert "(3)" in section.print_selected.text() and section.print_selected.isEnabled()
    shot(section, "cases-batch-print")
    qtbot.mouseClick(section.print_selected, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    assert painting_threads and painting_threads[0] != threading.get_ident()
    assert len(PdfReader(io.BytesIO(printed.files[-1].read_bytes())).pages) == 9  # 3 certificates x 3 copies
    for case_id in ids:
        certificate = registry.certificates.valid_for_case(case_id)
        assert [(copies, reprint, note) for _at, copies, reprint, note in registry.certificates.prints(certificate.id)] \
            == [(3, False, "batch")]
    assert section.table.item(0, 5).text() != "όχι ακόμη"
    assert not error_dialogs()

    section.table.selectAll()
    qtbot.mouseClick(section.print_selected, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    certificate = registry.certificates.valid_for_case(ids[0])
    assert [reprint for _at, _c, reprint, _n in registry.certificates.prints(certificate.id)] == [False, True]


def test_cancel_drops_the_whole_job_and_logs_nothing(qtbot, issued_queue, registry):
    section, ids = issued_queue
    section.table.selectAll()
    qtbot.mouseClick(section.print_selected, Qt.MouseButton.LeftButton)
    dialog = section.findChildren(QProgressDialog)[-1]
    dialog.findChild(QPushButton).click()  # the clerk presses Cancel while the first page is painted
    wait_for_printing(qtbot)
    for case_id in ids:
        assert registry.certificates.prints(registry.certificates.valid_for_case(case_id).id) == []
    assert not error_dialogs()  # cancelling is not an error


def test_the_copies_of_one_certificate_print_in_the_background(qtbot, window, registry, printed, painting_threads):
    (case_id,) = issued_cases(registry, 1)
    cw = window.open_case(case_id)
    qtbot.waitUntil(lambda: cw.isVisible())
    step = next(s for s in cw.steps if s.objectName() == "stepCertificate")
    cw.go(cw.steps.index(step))
    qtbot.mouseClick(step.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(step.print_button, Qt.MouseButton.LeftButton)  # a second click while painting: ignored
    wait_for_printing(qtbot)
    assert len(painting_threads) == 1 and painting_threads[0] != threading.get_ident()
    certificate = registry.certificates.valid_for_case(case_id)
    assert [copies for _at, copies, _r, _n in registry.certificates.prints(certificate.id)] == [3]
    assert "3" in step.history.text()  # the step shows the print once it is logged


def test_closing_the_app_waits_for_a_print_job_and_logs_it(qtbot, issued_queue, registry):
    section, ids = issued_queue
    section.table.selectAll()
    qtbot.mouseClick(section.print_selected, Qt.MouseButton.LeftButton)
    assert running_print_tasks()
    section.window_.wait_for_background_work()  # as at exit: no UI loop runs any more
    assert not running_print_tasks()
    assert all(registry.certificates.prints(registry.certificates.valid_for_case(i).id) for i in ids)


def certificate_step(qtbot, window, case_id):
    cw = window.open_case(case_id)
    qtbot.waitUntil(lambda: cw.isVisible())
    step = next(s for s in cw.steps if s.objectName() == "stepCertificate")
    cw.go(cw.steps.index(step))
    return cw, step


def test_printing_from_the_preview_is_logged(qtbot, window, registry, printed):
    (case_id,) = issued_cases(registry, 1)
    cw, step = certificate_step(qtbot, window, case_id)
    qtbot.mouseClick(step.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(cw.preview.print_button, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    certificate = registry.certificates.valid_for_case(case_id)
    assert [(copies, reprint) for _at, copies, reprint, _n in registry.certificates.prints(certificate.id)] == [(3, False)]
    assert len(PdfReader(io.BytesIO(printed.files[-1].read_bytes())).pages) == 3


def test_a_voided_certificate_is_issued_again_with_the_next_number(qtbot, window, registry, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    (case_id,) = issued_cases(registry, 1)
    first = registry.certificates.valid_for_case(case_id)
    cw, step = certificate_step(qtbot, window, case_id)
    seen = {}

    def type_reason(dialog):  # the clerk types the reason in the input dialog
        seen["buttons"] = button_texts(dialog)
        dialog.setTextValue("Λάθος στο όνομα")
        dialog.accept()

    when_modal(QInputDialog, type_reason)
    qtbot.mouseClick(step.void_button, Qt.MouseButton.LeftButton)
    assert "Άκυρο" in seen["buttons"] and "Cancel" not in seen["buttons"]  # Qt's words, in Greek
    assert registry.certificates.get(first.id).voided_at and registry.cases.get(case_id).state == "paid"
    assert step.issue_button.isVisible(), "after a void the corrected certificate must be issuable"
    assert f"{first.protocol}" in step.status.text() and "Λάθος στο όνομα" in step.status.text()
    shot(cw, "certificate-voided-reissue")
    issue_through_review(qtbot, step)
    second = registry.certificates.valid_for_case(case_id)
    assert second.id != first.id and second.protocol_no == first.protocol_no + 1
    assert registry.cases.get(case_id).state == "issued" and not error_dialogs()


def test_protocol_book_lists_entries_by_kind_and_prints_the_days_summary(qtbot, window, registry, printed):
    issued_cases(registry, 2)
    window.nav.setCurrentRow(3)  # the clerk opens the protocol book
    book = window.stack.currentWidget()
    assert book.objectName() == "protocolSection" and book.table.rowCount() == 2
    assert {book.table.item(r, 2).text() for r in range(2)} == {"βεβαίωση"}  # not the internal key
    qtbot.mouseClick(book.findChild(QPushButton, "printToday"), Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    assert len(PdfReader(io.BytesIO(printed.files[-1].read_bytes())).pages) >= 1
    shot(window, "protocol-book")
