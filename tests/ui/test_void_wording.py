"""Issue 16, item 6: "Ακύρωση…" voided the certificate, and the void dialog's cancel button said "Ακύρωση" too.

Voiding reads «Ακύρωση βεβαίωσης…»; a dialog's cancel button says «Άκυρο», the Greek standard for Cancel.
"""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox, QScrollArea

from correspondent_app.ui.widgets import translate_buttons

from .conftest import button_texts, shot, when_modal
from .test_printing import certificate_step, issued_cases


def test_the_void_action_says_it_voids_the_certificate(qtbot, window, registry):
    (case_id,) = issued_cases(registry, 1)
    cw, step = certificate_step(qtbot, window, case_id)
    assert step.void_button.text().replace("&", "") == "Ακύρωση βεβαίωσης…"
    shot(cw, "void-wording-certificate-step")
    cw.resize(1000, 700)  # a 1024x768 screen: the longer words do not push the page sideways
    qtbot.wait(50)
    assert not step.findChild(QScrollArea).horizontalScrollBar().isVisible()
    shot(cw, "void-wording-certificate-step-1024")


def test_the_void_dialogs_cancel_button_says_akyro(qtbot, window, registry):
    (case_id,) = issued_cases(registry, 1)
    cw, step = certificate_step(qtbot, window, case_id)
    seen = {}

    def look_and_cancel(dialog):
        box = dialog.findChild(QDialogButtonBox)
        seen["cancel"] = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
        seen["buttons"] = button_texts(dialog)
        seen["title"] = dialog.windowTitle()
        shot(dialog, "void-wording-dialog")
        dialog.reject()  # the clerk changes their mind: nothing is voided

    when_modal(QInputDialog, look_and_cancel)
    qtbot.mouseClick(step.void_button, Qt.MouseButton.LeftButton)
    assert seen["cancel"] == "Άκυρο"
    assert "Ακύρωση" not in seen["buttons"] and "Cancel" not in seen["buttons"], seen["buttons"]
    assert seen["title"] == "Ακύρωση βεβαίωσης"  # the title names the act; no button does
    assert registry.certificates.valid_for_case(case_id) is not None  # cancelled: still valid


def test_every_standard_cancel_button_says_akyro(window):
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, window)
    translate_buttons(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text().replace("&", "") == "Άκυρο"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    translate_buttons(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Άκυρο"
