"""Keyboard first: on every page, each Alt+letter reaches one thing, in Greek and in English."""

import unicodedata

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QRadioButton, QWidget

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.i18n import set_language

from .conftest import person


def mnemonic(text: str) -> str | None:
    """The letter after a single '&', as the Alt key reaches it (accents do not make another key)."""
    i = 0
    while (i := text.find("&", i)) != -1 and i + 1 < len(text):
        if text[i + 1] != "&":
            letter = unicodedata.normalize("NFD", text[i + 1])[0]
            return letter.upper()
        i += 2
    return None


def shown_mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt letters of the visible buttons, labels with a buddy, group boxes and the menu bar."""
    found: dict[str, list[str]] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or isinstance(widget, QRadioButton):
            continue  # Yes/No answers repeat in each question; Qt cycles through them
        if isinstance(widget, QAbstractButton | QGroupBox):
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if letter := mnemonic(action.text()):
                    found.setdefault(letter, []).append(action.text())
            continue
        else:
            continue
        if letter := mnemonic(text):
            found.setdefault(letter, []).append(text)
    return found


def clashes(root: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in shown_mnemonics(root).items() if len(texts) > 1}


def cases_in_every_state(registry) -> dict[str, int]:
    """A draft, a case awaiting payment, a paid one and an issued one (their pages show different buttons)."""
    from decimal import Decimal

    from correspondent_app.documents.issuing import issue_certificate

    ids = {}
    for i, state in enumerate(("draft", "awaiting_payment", "paid", "issued")):
        case = registry.cases.open(person(registry, passport=f"BA99{i}").id,
                                   {"provision": "par11", "works_in_agriculture": True})
        if state != "draft":
            registry.cases.move(case.id, "awaiting_payment")
        if state in ("paid", "issued"):
            registry.payments.record_ate(case.id, f"0623/300605/12905{i}", Decimal("1020.36"))
        if state == "issued":
            settle_for_issue(registry, case.id)
            issue_certificate(registry, case.id)
        ids[state] = case.id
    return ids


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_case_step_has_distinct_mnemonics(qtbot, window, registry, language):
    set_language(language)
    problems = {}
    for state, case_id in cases_in_every_state(registry).items():
        cw = window.open_case(case_id)
        for index, step in enumerate(cw.steps):
            cw.stack.setCurrentIndex(index)
            step.load()
            if found := clashes(cw):
                problems[f"{state} {step.objectName()}"] = found
        cw.close()
    assert problems == {}


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_section_has_distinct_mnemonics(qtbot, registry, language):
    from correspondent_app.ui.main_window import MainWindow

    set_language(language)
    window = MainWindow(registry)  # built in the language, as after a restart
    qtbot.addWidget(window)
    problems = {}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        if found := clashes(window):
            problems[window.stack.currentWidget().objectName()] = found
    assert problems == {}
