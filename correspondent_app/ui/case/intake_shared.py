"""What the intake steps share: the language, a row's legal source, and their problems shown in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget
from shiboken6 import isValid

from correspondent_app.i18n import _, current_language
from correspondent_app.ui.widgets import ERROR_STYLE, cite_text, note

QUESTION_ERROR_STYLE = "QGroupBox { border: 2px solid #b71c1c; }"


def lang() -> str:
    return current_language()


def source(cite: str) -> str:
    """A row's legal source, after the row, in grey."""
    return f" <span style='color:#555;'><i>({cite_text(cite)})</i></span>" if cite else ""


class InlineErrors:
    """Every problem of a step at once, each in red beside its field, a count above; the focus to the first.

    One OK box per problem, in turn, hid each message as soon as it was read and
    left the focus where it was: the clerk had to remember three messages and
    find three fields. Here each field keeps its own message until it is fixed.
    """

    def __init__(self, step: QWidget) -> None:
        self.summary = note(style=ERROR_STYLE + " font-weight: bold;")
        self.summary.setObjectName(f"{step.objectName()}Problems")
        self.summary.hide()
        step.layout().insertWidget(1, self.summary)  # under the heading, outside the scroll: always seen
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}  # the problems shown, by key: the field each is fixed in
        self.unplaced = ""

    def label(self, key: str) -> QLabel:
        """The red line for ``key``'s problem, to place beside its field (hidden while there is none)."""
        label = note(style=ERROR_STYLE)
        label.setObjectName(f"error_{key}")
        label.hide()
        self.labels[key] = label
        return label

    def show(self, problems: list[tuple[str, str, QWidget]], unplaced: str = "") -> None:
        """Show ``problems`` (key, message, field), in the order of the page; the first field takes the focus.

        ``unplaced``: a problem with no field on the page, said in the line above.
        """
        self.clear_all()
        self.unplaced = unplaced
        for key, message, field in problems:
            self.labels[key].setText(message)
            self.labels[key].show()
            self.fields[key] = field
        self._summarise()
        if problems:
            focus_on(problems[0][2])

    def clear(self, key: str) -> None:
        """``key``'s problem is fixed: its line goes, the count follows."""
        label = self.labels.get(key)
        if label is not None and isValid(label):
            label.hide()
        if self.fields.pop(key, None) is not None:
            self._summarise()

    def clear_all(self) -> None:
        for key in list(self.labels):
            if isValid(self.labels[key]):
                self.labels[key].hide()
            else:
                del self.labels[key]  # its part of the page was rebuilt
        self.fields.clear()
        self.unplaced = ""
        self._summarise()

    def messages(self) -> list[str]:
        """The problems shown, as the clerk reads them."""
        return [self.labels[key].text() for key in self.fields]

    def _summarise(self) -> None:
        count = len(self.fields)
        lines = [self.unplaced] if self.unplaced else []
        if count:
            lines.append(_("To correct before going on: {n}, marked in red below; the cursor is on "
                           "the first.").format(n=count))
        self.summary.setText("<br/>".join(lines))
        self.summary.setVisible(bool(lines))


def focus_on(field: QWidget) -> None:
    """Move the focus to ``field`` and scroll its page so that it is seen."""
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    area = field.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(field)
