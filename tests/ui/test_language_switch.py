"""Switching the language in Settings takes effect at once, without a restart (issue 16, item 12)."""

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QPushButton

from correspondent_app.i18n import current_language

from .conftest import person

GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
ENGLISH_SECTIONS = ["Counter", "Cases", "Registry", "Protocol book", "HQ exchange", "Settings"]


def choose_language(qtbot, window, name: str) -> None:
    """As the clerk does it: Settings (Ctrl+6), the language box, Save."""
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    settings = window.stack.currentWidget()
    combo = settings.findChild(QComboBox, "languageChoice")
    combo.setFocus()
    while combo.currentText() != name:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)
    qtbot.mouseClick(settings.findChild(QPushButton, "saveSettings"), Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # the old sections are deleted later


def greek_chrome(widget, data: set[str]) -> list[str]:
    """Texts the program wrote (labels, buttons, box titles) that are in Greek, leaving out the office's data."""
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]
    texts += [box.title() for box in widget.findChildren(QGroupBox)]
    return [t for t in texts if GREEK.search(t) and not any(d in t for d in data)]


def test_english_in_settings_is_english_everywhere_at_once_and_greek_again(qtbot, window, registry):
    window.resize(1100, 700)
    choose_language(qtbot, window, "English")
    assert current_language() == "en"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ENGLISH_SECTIONS
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Help"]
    assert window.stack.currentWidget().objectName() == "settingsSection"  # the clerk stays where they were
    assert window.size().width() == 1100
    assert window.status_file.text().startswith("Registry:") and window.status_waiting.text().startswith("Awaiting")
    profile = registry.profile.get()
    data = {profile.community, profile.municipality, profile.prefecture, profile.correspondent_name, profile.oga_branch}
    for row in range(window.nav.count()):  # every section, as the clerk opens it
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        section = window.stack.currentWidget()
        assert greek_chrome(section, data) == [], section.objectName()
        section.grab().save(f"/tmp/shots/english-{section.objectName()}.png")
    for menu in (a.menu() for a in window.menuBar().actions()):
        assert not [a.text() for a in menu.actions() if GREEK.search(a.text())]

    choose_language(qtbot, window, "Ελληνικά")
    assert current_language() == "el"
    assert window.nav.item(0).text() == "Γκισέ"
    assert [a.text() for a in window.menuBar().actions()] == ["&Αρχείο", "&Βοήθεια"]
    assert window.status_file.text().startswith("Μητρώο")


def test_an_open_case_window_is_reopened_in_the_new_language_at_its_step(qtbot, window, registry):
    case_window = window.open_case(registry.cases.open(person(registry).id).id)
    qtbot.waitExposed(case_window)
    case_id = case_window.case.id
    window.set_language("en")
    qtbot.wait(10)
    reopened = [w for w in window.findChildren(type(case_window)) if w.isVisible()]
    assert [w.case.id for w in reopened] == [case_id]
    assert reopened[0].steps_list.item(0).text() == "1. Person"
    assert reopened[0].close_button.text() == "Close (saved)"


def untranslated_greek(widget) -> list[str]:
    """Greek the English screen shows with no English beside it: a Greek-only text, or a «quoted» Greek
    heading not followed by its translation in brackets."""
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton) if w.isVisible()]
    texts += [box.title() for box in widget.findChildren(QGroupBox) if box.isVisible()]
    bare = [t for t in texts if GREEK.search(t) and not re.search(r"[A-Za-z]{3,}", t)]
    quoted = [t for t in texts for q in re.finditer(r"«([^»]*)»\s*(\(?)", t) if GREEK.search(q[1]) and not q[2]]
    return bare + quoted


def test_english_case_steps_show_greek_only_in_quoted_headings_translated_beside(qtbot, window, registry):
    from .test_keyboard import cases_in_every_state

    window.set_language("en")
    found = {}
    for state, case_id in cases_in_every_state(registry).items():
        case_window = window.open_case(case_id)
        qtbot.waitExposed(case_window)
        for index, step in enumerate(case_window.steps):
            case_window.go(index)
            qtbot.wait(1)
            for text in untranslated_greek(step):
                found.setdefault(text, f"{state} {step.objectName()}")
        case_window.reject()
    assert found == {}
