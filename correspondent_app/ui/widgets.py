"""Small widgets shared by the sections: date and receipt fields, headings, money."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

from correspondent_app.domain.citations import cite_label
from correspondent_app.domain.formatting import format_date, format_date_long
from correspondent_app.domain.receipts import InvalidReceipt, parse_ate_receipt
from correspondent_app.i18n import N_, _, current_language

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b71c1c;"


#: Qt's own button words. PySide6 ships no Greek catalog for Qt (no
#: qtbase_el.qm), so "Cancel", "Save", "OK" stayed English in a Greek window:
#: every standard button gets its text from our catalog.
STANDARD_BUTTONS = {
    "Ok": N_("OK"), "Cancel": N_("Cancel"), "Save": N_("&Save"), "Close": N_("&Close"),
    "Yes": N_("&Yes"), "No": N_("&No"),
}


def translate_buttons(box) -> None:
    """Our words on the standard buttons of a QDialogButtonBox or a QMessageBox."""
    enum = QMessageBox.StandardButton if isinstance(box, QMessageBox) else QDialogButtonBox.StandardButton
    for name, text in STANDARD_BUTTONS.items():
        button = box.button(getattr(enum, name))
        if button is not None:
            button.setText(_(text))


def message(parent: QWidget | None, title: str, text: str, icon=QMessageBox.Icon.Information,
            buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    """A message box with our button words (not yet shown)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    translate_buttons(box)
    return box


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, title, text).exec()


def ask_yes(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; No is the default."""
    box = message(parent, title, text, QMessageBox.Icon.Question,
                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text (a reason), with our button words; None if cancelled or left empty."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("textQuestion")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(_("OK"))
    dialog.setCancelButtonText(_("Cancel"))
    if not dialog.exec():
        return None
    return dialog.textValue().strip() or None


def cite_text(cite: str) -> str:
    """A citation as its reader names it («εγκ. ΟΓΑ 7/2005, §1β»); several are joined by a middle dot.

    (A «;» reads as a question mark in Greek.)
    """
    return " · ".join(cite_label(part.strip(), current_language()) for part in cite.split(";") if part.strip())


def cite_texts(cites) -> str:
    """Several citations, each once."""
    return " · ".join(dict.fromkeys(cite_text(c) for c in cites if c))


WINDOW_FRAME = 40  # title bar and borders the window manager adds, in logical pixels


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open at the preferred size, or at what the screen has room for.

    A village office's laptop may be 1366x768 with a task bar, or a larger
    screen at 125-150 % scaling (1280x720 logical pixels): a window taller
    than the screen hides its buttons. Sizes are logical (Qt scales them).
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    window.resize(min(width, room.width()), min(height, room.height() - WINDOW_FRAME))


def fit_list_width(view) -> None:
    """A list of names (sections, steps) fixed as wide as its longest item, in the font it is drawn in.

    Given a share of a narrow window (1024 px, 150 %) the list was squeezed,
    cutting names («2. Διάταξη και κατ…») or scrolling sideways; fixed, it
    keeps its width and the page beside it takes what is left.
    """
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(view.item(i).text()) for i in range(view.count())), default=0)
    view.setFixedWidth(widest + 2 * view.frameWidth() + 24)  # item padding and a little air


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    font = QFont()
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def note(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (empty allowed); ``value()`` is a date or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaxLength(10)

    def value(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(_("“{text}” is not a date: type it as dd/mm/yyyy.").format(text=text))

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value, current_language()) if value else "")


class ReceiptField(QLineEdit):
    """The ATE receipt code, 4/6/6 digits, checked as the clerk types.

    ``explanation`` shows the branch, date and transaction spelled out, or
    what is wrong; ``receipt()`` returns the parsed receipt or raises.
    ``in_use(code)``, when set, says why a well-formed code cannot be taken
    (it already pays another case), so no green tick appears for it.
    """

    in_use: Callable[[str], str | None] | None = None

    checked = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptField")
        self.setPlaceholderText("0623/300605/129009")
        self.setMaxLength(24)
        font = self.font()
        font.setFamily("monospace")
        font.setPointSize(font.pointSize() + 3)
        self.setFont(font)
        self.explanation = note()
        self.explanation.setObjectName("receiptExplanation")
        self.textChanged.connect(self._check)

    def receipt(self):
        return parse_ate_receipt(self.text())

    def _check(self, text: str) -> None:
        if not text.strip():
            self.explanation.setText(_("Copy the code from the ATE receipt: branch (4) / date DDMMYY (6) / transaction (6)."))
            self.explanation.setStyleSheet("")
            self.checked.emit(False)
            return
        try:
            receipt = parse_ate_receipt(text)
        except InvalidReceipt as exc:
            self.explanation.setText(str(exc))
            self.explanation.setStyleSheet(ERROR_STYLE)
            self.checked.emit(False)
            return
        refusal = self.in_use(str(receipt)) if self.in_use else None
        if refusal:
            self.explanation.setText(refusal)
            self.explanation.setStyleSheet(ERROR_STYLE)
            self.checked.emit(False)
            return
        self.explanation.setText(_("✓ {code} — ATE branch {branch}, paid on {date}, transaction {transaction}").format(
            code=receipt, branch=receipt.branch, date=format_date_long(receipt.paid_on, current_language()),
            transaction=receipt.transaction))
        self.explanation.setStyleSheet(OK_STYLE)
        self.checked.emit(True)


def wrapped_check(text: str, name: str, parent: QWidget | None = None):
    """A check box whose long text wraps (QCheckBox's own text never does).

    Returns (row widget, the QCheckBox); clicking the text toggles the box.
    """
    from PySide6.QtWidgets import QCheckBox, QHBoxLayout  # noqa: PLC0415

    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    check = QCheckBox()
    check.setObjectName(name)
    label = note(text)
    label.setBuddy(check)
    label.mousePressEvent = lambda _event: check.toggle()
    layout.addWidget(check, 0)
    layout.addWidget(label, 1)
    return row, check
