"""Help: the counter's manual (F1) and the keyboard shortcuts, in the interface language.

The manual is HTML under ``resources/help/<language>/manual.html``. The
shortcuts page is built from the window's own QActions each time it is
shown, so it can never list a key the program does not define, nor miss one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from correspondent_app.i18n import DEFAULT_LANGUAGE, _, current_language
from correspondent_app.paths import resource
from correspondent_app.ui.widgets import fit_to_screen, translate_buttons

MANUAL, SHORTCUTS = 0, 1


def add_help_menu(window) -> None:
    """The Help menu: manual (F1, from any window of the program), shortcuts, about."""
    menu = window.menuBar().addMenu(_("&Help"))
    manual = menu.addAction(_("&Manual"), lambda: show_help(window, MANUAL))
    manual.setObjectName("helpManual")
    manual.setShortcut(QKeySequence("F1"))  # also a dialog's own what's-this key: F1 for help, as in every program
    shortcuts = menu.addAction(_("&Keyboard shortcuts"), lambda: show_help(window, SHORTCUTS))
    shortcuts.setObjectName("helpShortcuts")
    menu.addSeparator()
    menu.addAction(_("&About"), window.about)


def add_help_key(dialog: QWidget, window) -> None:
    """F1 in a modal window of ours (a case): the main window's F1 is blocked while it is open."""
    action = QAction(_("&Manual"), dialog)
    action.setShortcut(QKeySequence("F1"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: show_help(window, MANUAL))
    dialog.addAction(action)


def manual_html(language: str | None = None) -> str:
    """The manual in ``language`` (the interface's), or in Greek if it has none."""
    for lang in (language or current_language(), DEFAULT_LANGUAGE):
        path = resource("help", lang, "manual.html")
        if path.exists():
            return path.read_text(encoding="utf-8")
    return ""


def _plain(text: str) -> str:
    """A menu or action text as read: without its mnemonic "&" and trailing "…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) of every QAction with a shortcut in the window and its open dialogs."""
    actions = list(window.findChildren(QAction))
    rows: dict[tuple[str, str], None] = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys and action.text():
            rows[(", ".join(keys), _plain(action.text()))] = None
    return sorted(rows, key=lambda row: (len(row[0].split("+")), row[0]))


def shortcuts_html(window: QWidget) -> str:
    lines = "".join(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>"
                    for keys, what in shortcut_rows(window))
    return (f"<h2>{escape(_('Keyboard shortcuts'))}</h2>"
            f"<table cellpadding='4'><tr><th align='left'>{escape(_('Keys'))}</th>"
            f"<th align='left'>{escape(_('Does'))}</th></tr>{lines}</table>"
            f"<p>{escape(_('Alt with an underlined letter presses that button or field; Enter goes to the next step; Esc closes a case window (what is typed is saved).'))}</p>")


class HelpWindow(QDialog):
    """The manual and the shortcuts side by side in tabs; not modal, so the clerk can read while working."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("helpWindow")
        self.setWindowTitle(_("Help"))
        self.tabs = QTabWidget()
        self.manual = QTextBrowser()
        self.manual.setObjectName("helpManualPage")
        self.manual.setOpenExternalLinks(False)
        self.manual.setHtml(manual_html())
        self.shortcuts = QTextBrowser()
        self.shortcuts.setObjectName("helpShortcutsPage")
        self.shortcuts.setHtml(shortcuts_html(window))
        self.tabs.addTab(self.manual, _("Manual"))
        self.tabs.addTab(self.shortcuts, _("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        translate_buttons(buttons)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 680)


def show_help(window: QWidget, page: int = MANUAL) -> HelpWindow:
    """Open (or raise) the help window at ``page``, over whichever window of ours is active."""
    old = getattr(window, "help_window", None)
    if old is not None:
        old.close()
        old.deleteLater()  # built again: the language or the open windows may have changed
    active = QApplication.activeWindow()
    parent = active if isinstance(active, QDialog) and active.isModal() else window
    help_window = HelpWindow(window, parent)
    help_window.tabs.setCurrentIndex(page)
    window.help_window = help_window
    help_window.show()
    help_window.raise_()
    return help_window
