"""Issue 14 item 10: the renewal work-days calculation (seed 001) at the counter, with its printed note."""

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton

from correspondent_app.ui.workdays_dialog import WorkdaysDialog

from .conftest import button_texts, person, shot, wait_for_printing

SHOTS = Path("/tmp/issue14")


def open_from_person_page(qtbot, window, registry):
    p = person(registry)
    section = window.section("counterSection")
    section.page.show_person(p.id)
    button = section.page.findChild(QPushButton, "personWorkdays")
    assert button is not None and button.isVisible() and button.text().replace("&", "") == \
        "Ημέρες εργασίας για ανανέωση…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, WorkdaysDialog) and w.isVisible())
    return p, dialog


def test_circular_example_live_from_the_person_page(qtbot, window, registry):
    p, dialog = open_from_person_page(qtbot, window, registry)
    assert dialog.findChild(type(dialog.to_meet), "workdaysPerson").text() == p.display_name
    assert dialog.base_200.isChecked() and dialog.result_text().startswith("Απαιτούνται: 200 ")
    dialog.abroad.setFocus()
    qtbot.keyClick(dialog.abroad, Qt.Key.Key_Up)  # 0,5
    qtbot.keyClick(dialog.abroad, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.abroad, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.abroad, Qt.Key.Key_Up)  # 2 months
    assert dialog.abroad.text() == "2,0 μήνες"
    assert dialog.absence_line.text() == "Ημέρες απουσίας (μήνες × 25): 2 × 25 = 50"
    assert dialog.formula_line.text() == "Υπολογισμός: 200 × (300 − 50) / 300 = 200 × 250 / 300 = 166,67"
    assert dialog.result_text() == "Απαιτούνται: 167 ημέρες εργασίας ανά έτος (166,67 με στρογγυλοποίηση προς τα πάνω)"
    assert "Εκτύπωση σημείωσης" in button_texts(dialog) and "Προεπισκόπηση…" in button_texts(dialog)
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    assert dialog.grab().save(str(SHOTS / "workdays_dialog.png"))
    shot(dialog, "workdays_dialog")


def test_the_150_base_says_first_renewal_and_every_later_one(qtbot, registry):
    dialog = WorkdaysDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.base_150, Qt.MouseButton.LeftButton)
    assert dialog.base_150.isChecked()
    text = dialog.base_explanation.text()
    assert "πρώτη ανανέωση" in text and "κάθε επόμενη" in text and "91 παρ. 10" in text
    dialog.unemployed.setValue(3)
    assert dialog.result_text().startswith("Απαιτούνται: 113 ")  # 150 × 225 / 300 = 112,50
    assert "112,50" in dialog.result_text()


def test_an_entered_kya_figure_from_1_to_300(qtbot, registry):
    dialog = WorkdaysDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.base_value.isEnabled()
    qtbot.mouseClick(dialog.base_other, Qt.MouseButton.LeftButton)
    assert dialog.base_value.isEnabled()
    assert (dialog.base_value.minimum(), dialog.base_value.maximum()) == (1, 300)
    dialog.base_value.setValue(120)
    dialog.unemployed.setValue(2)
    assert dialog.formula_line.text().endswith("120 × (300 − 50) / 300 = 120 × 250 / 300 = 100,00")
    assert dialog.result_text().startswith("Απαιτούνται: 100 ")


def test_more_than_four_months_abroad_needs_illness_and_blocks_printing(qtbot, registry):
    dialog = WorkdaysDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.abroad.setValue(5)
    assert "4" in dialog.message.text() and "ασθένεια" in dialog.message.text()
    assert not dialog.print_button.isEnabled() and not dialog.preview_button.isEnabled()
    assert dialog.formula_line.text() == ""
    qtbot.mouseClick(dialog.illness, Qt.MouseButton.LeftButton)
    assert dialog.print_button.isEnabled() and dialog.message.text() == ""
    assert dialog.result_text().startswith("Απαιτούνται: 117 ")  # 200 × 175 / 300 = 116,67
    dialog.unemployed.setValue(10)  # 15 months in all: capped at 12, never negative
    assert dialog.result_text().startswith("Απαιτούνται: 0 ") and "12" in dialog.message.text()


def test_the_wheel_does_not_change_an_unfocused_spin_box(qtbot, registry):
    dialog = WorkdaysDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.base_other, Qt.MouseButton.LeftButton)
    for spin in (dialog.base_value, dialog.abroad, dialog.unemployed):
        assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    dialog.illness.setFocus()
    before = dialog.unemployed.value()
    centre = dialog.unemployed.rect().center()
    event = QWheelEvent(centre, dialog.unemployed.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(dialog.unemployed, event)
    assert dialog.unemployed.value() == before
    dialog.unemployed.setFocus()  # once the clerk is in it, the wheel works as usual
    qtbot.waitUntil(dialog.unemployed.hasFocus)
    QApplication.sendEvent(dialog.unemployed, event)
    assert dialog.unemployed.value() > before


def test_print_and_preview_the_note_with_the_person_from_the_menu_too(qtbot, window, registry, printed):
    p, dialog = open_from_person_page(qtbot, window, registry)
    dialog.abroad.setValue(2)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    assert len(printed.files) == 1
    assert len(PdfReader(str(printed.files[0])).pages) == 1  # one page reached the printer
    pdf = dialog.note_pdf()
    from tests.documents.conftest import pages_text

    note = pages_text(pdf)[0]
    assert "Χότζα Αρμπέν" in note and "200 × (300 − 50) / 300 = 200 × 250 / 300 = 166,67" in note
    assert "Ελάχιστες ημέρες εργασίας ανά έτος: 167" in note and "17/2006" in note
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.preview_window.isVisible() and dialog.preview_window.windowTitle() == "Ημέρες εργασίας για ανανέωση"
    dialog.preview_window.close()
    dialog.close()
    # the menu opens it without a person: the note has no name
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == "menuWorkdays")
    assert action.text().replace("&", "") == "Ημέρες εργασίας για ανανέωση…"
    action.trigger()
    plain = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, WorkdaysDialog) and w.isVisible() and w.person is None)
    assert "Χότζα" not in pages_text(plain.note_pdf())[0]
    plain.close()


def test_note_pdf_is_read_from_its_bytes(qtbot, registry):
    dialog = WorkdaysDialog(registry)
    qtbot.addWidget(dialog)
    assert len(PdfReader(io.BytesIO(dialog.note_pdf())).pages) == 1
