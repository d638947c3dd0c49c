"""The office sections: Cases queues with their counts, the protocol book's year and period, the HQ section.

Issue 16, points 9 (Cases), 10 and 11. Remembered settings go to an ini file
in tmp_path, never the user's own.
"""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QGroupBox, QPushButton

from tests.ui.conftest import error_dialogs, person, shot, when_modal

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


# -- 11. Export: a named file in a remembered folder, the result under the button --
def answer_save_dialog(seen: dict, folder: Path):
    def answer(dialog: QFileDialog) -> None:
        seen["offered"] = Path(dialog.selectedFiles()[0])
        dialog.selectFile(str(folder / seen["offered"].name))
        dialog.accept()

    return answer


def test_export_offers_a_named_file_in_the_remembered_folder(qtbot, window, registry, tmp_path, own_settings):
    from correspondent_app.ui import remember
    person(registry)
    hq = open_section(qtbot, window, HQ)
    button = hq.findChild(QPushButton, "exportButton")
    seen: dict = {}
    usb = tmp_path / "usb"
    usb.mkdir()
    when_modal(QFileDialog, answer_save_dialog(seen, usb))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    name = f"Εξαγωγή Αγίου Αθανασίου {date.today():%Y-%m-%d} αρ1.zip"
    assert seen["offered"] == remember.documents_folder() / name  # not export.zip in the program's folder
    qtbot.waitUntil(lambda: hq.task.isFinished() and "1" in hq.export_status.text(), timeout=15000)
    assert (usb / name).exists() and (usb / name).with_suffix(".pdf").exists()
    assert remember.folder(remember.EXPORT_FOLDER) == usb and own_settings.exists()
    assert not error_dialogs()
    # the result sits right under the export button, inside its box
    box = hq.findChild(QGroupBox, "exportBox")
    assert hq.export_status.parentWidget() is box and hq.export_status.isVisible()
    below = hq.export_status.mapTo(hq, hq.export_status.rect().topLeft()).y()
    assert 0 < below - button.mapTo(hq, button.rect().bottomLeft()).y() < 40
    shot(window, "hq-export-done")
    person(registry, surname_el="Μπερίσα", surname_lat="BERISHA", passport="BA7654321")  # something new to send
    seen.clear()
    when_modal(QFileDialog, answer_save_dialog(seen, usb))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen["offered"].parent == usb and seen["offered"].name.endswith("αρ2.zip")  # the folder remembered
    qtbot.waitUntil(lambda: hq.task.isFinished() and "2" in hq.export_status.text(), timeout=15000)
    from correspondent_app.ui.sections.hq import export_file_name

    assert export_file_name("Τ.Κ. Άγιος: Νικόλαος/Κάτω", date(2026, 12, 5), 3) == \
        "Εξαγωγή Άγιος Νικόλαος-Κάτω 2026-12-05 αρ3.zip"  # safe on Windows
    assert export_file_name("ΤΟΠΙΚΗ ΚΟΙΝΟΤΗΤΑ ΑΓΙΟΥ ΝΙΚΟΛΑΟΥ", date(2026, 12, 5), 3) == \
        "Εξαγωγή ΑΓΙΟΥ ΝΙΚΟΛΑΟΥ 2026-12-05 αρ3.zip"


def test_hq_tools_are_shown_only_when_enabled_in_settings(qtbot, window, registry, printed, own_settings):
    from correspondent_app.ui.main_window import MainWindow

    hq = open_section(qtbot, window, HQ)
    tools = hq.findChild(QGroupBox, "hqTools")
    assert not tools.isVisible()  # a village office does not read merged HQ databases
    shot(window, "hq-village")
    settings = open_section(qtbot, window, SETTINGS)
    check = settings.findChild(QCheckBox, "hqToolsEnabled")
    assert check.text() == "Εργαλεία κεντρικής υπηρεσίας (ΟΓΑ)" and not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    open_section(qtbot, window, HQ)
    assert tools.isVisible()
    shot(window, "hq-with-hq-tools")
    again = MainWindow(registry, printer_factory=printed)  # the next start remembers it
    qtbot.addWidget(again)
    again.show()
    again.nav.setCurrentRow(HQ)
    assert again.stack.currentWidget().findChild(QGroupBox, "hqTools").isVisible()
    assert own_settings.exists()
