"""Help: F1 opens the counter's manual in the interface language; the shortcuts page lists the
program's own shortcuts (issue 16, item 15)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from .conftest import person


def press_f1(qtbot, window, target):
    """F1 where the clerk is; the help window the main window opened."""
    window.help_window = None
    qtbot.keyClick(target, Qt.Key.Key_F1)
    assert window.help_window is not None, "F1 opened nothing"
    return window.help_window


def test_f1_opens_the_manual_in_greek_then_in_english(qtbot, window):
    help_window = press_f1(qtbot, window, window.stack.currentWidget().search.box)
    assert help_window.tabs.currentWidget().objectName() == "helpManualPage"
    text = help_window.manual.toPlainText()
    assert "Εγχειρίδιο του γκισέ" in text
    for task in ("Νέο πρόσωπο", "Απόφαση", "Δικαιολογητικά", "Εκτύπωση εντύπου ΑΤΕ", "Γραμματίου Είσπραξης",
                 "τρία αντίτυπα", "Δελτίου Απογραφής", "Εξαγωγή μητρώου"):
        assert task in text, task
    help_window.grab().save("/tmp/shots/help-manual-el.png")
    window.set_language("en")
    help_window = press_f1(qtbot, window, window.stack.currentWidget())
    assert "The counter's manual" in help_window.manual.toPlainText()
    assert help_window.windowTitle() == "Help"


def test_f1_from_a_case_window(qtbot, window, registry):
    case_window = window.open_case(registry.cases.open(person(registry).id).id)
    qtbot.waitExposed(case_window)
    case_window.activateWindow()  # as the window manager does with a new window
    qtbot.waitUntil(case_window.isActiveWindow)
    help_window = press_f1(qtbot, window, case_window.focusWidget() or case_window)
    assert help_window.isVisible() and "Εγχειρίδιο του γκισέ" in help_window.manual.toPlainText()


def test_the_shortcuts_page_lists_every_shortcut_the_window_defines(qtbot, window):
    help_menu = window.menuBar().actions()[-1].menu()
    shortcuts_item = next(a for a in help_menu.actions() if a.objectName() == "helpShortcuts")
    shortcuts_item.trigger()
    help_window = window.help_window
    assert help_window.tabs.currentWidget().objectName() == "helpShortcutsPage"
    page = help_window.shortcuts.toPlainText()
    help_window.tabs.grab().save("/tmp/shots/help-shortcuts-el.png")
    defined = {k.toString(QKeySequence.SequenceFormat.NativeText)
               for action in window.findChildren(QAction) for k in action.shortcuts() if not k.isEmpty()}
    assert {"Ctrl+N", "Ctrl+Shift+N", "Ctrl+Return", "Ctrl+1", "Ctrl+6", "F1", "Ctrl+Q"} <= defined
    for keys in defined:
        assert keys in page, keys
    assert "Ctrl+N\nΝέο πρόσωπο" in page  # each key beside what it does (a table row)
    assert "Ctrl+1\nΓκισέ" in page


def test_the_shortcuts_page_follows_the_language(qtbot, window):
    """After a switch to English the page lists each key once, in English (the Greek menus are gone)."""
    import re

    window.set_language("en")
    next(a for a in window.menuBar().actions()[-1].menu().actions() if a.objectName() == "helpShortcuts").trigger()
    page = window.help_window.shortcuts.toPlainText()
    assert "Ctrl+N\nNew person" in page and "F1\nManual" in page
    assert not re.search(r"[\u0370-\u03ff\u1f00-\u1fff]", page), page
    assert page.count("F1\n") == 1
