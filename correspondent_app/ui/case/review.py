"""The pre-issue review on screen: everything still missing at once, each a link to where it is fixed.

``ProblemList`` shows the ``domain.guards.Problem`` items the registry's
review returns. A problem fixed elsewhere (a document, an office field, the
payment, an answer) is a link: activating it emits ``fix(area, key)`` and
the case window moves the focus there. A problem settled by the clerk's
acknowledgement (HQ's list, the programme's window) carries its own tick,
and, when the list is contradicted, the field for the reason.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from correspondent_app.i18n import N_, _
from correspondent_app.ui.widgets import ERROR_STYLE, wrapped_check

#: What the link of each area says: where the clerk goes to fix it.
GO_TO = {
    "documents": N_("Tick it on the Documents step"),
    "profile": N_("Fill it in the office details"),
    "payment": N_("See the Payment step"),
    "decision": N_("Answer it on the Decision step"),
}


class ProblemList(QWidget):
    """A list of problems; ``fix(area, key)`` asks to go where one is fixed, ``acknowledge(key, note)`` records one."""

    fix = Signal(str, str)
    acknowledge = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QWidget] = []
        self.links: dict[tuple[str, str], QLabel] = {}
        self.ticks: dict[str, object] = {}
        self.notes: dict[str, QLineEdit] = {}

    def show_problems(self, problems) -> None:
        for row in self.rows:  # later, not now: the list is often rebuilt from a signal of one of its own rows
            row.hide()
            row.deleteLater()
        self.rows.clear()
        self.links.clear()
        self.ticks.clear()
        self.notes.clear()
        for problem in problems:
            row = self._row(problem)
            self.layout_.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(problems))

    def first_input(self):
        """The first thing to act on: a link, a reason to type or a tick."""
        for row in self.rows:
            for widget in row.findChildren(QWidget):
                if isinstance(widget, (QLabel, QLineEdit)) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    return widget
                if hasattr(widget, "isCheckable") and widget.isCheckable():
                    return widget
        return None

    def _row(self, problem) -> QWidget:
        frame = QFrame()
        frame.setObjectName(f"problem_{problem.key}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(6, 4, 6, 4)
        if problem.acknowledge:
            message = QLabel(f"⚠ {escape(problem.message)}")
            message.setWordWrap(True)
            layout.addWidget(message)
            layout.addWidget(self._acknowledgement(problem))
            return frame
        link = QLabel(f"✗ {escape(problem.message)} — <a href='{problem.area}:{problem.key}'>{_(GO_TO[problem.area])}</a>"
                      if problem.area in GO_TO else f"✗ {escape(problem.message)}")
        link.setObjectName(f"fix_{problem.key}")
        link.setWordWrap(True)
        link.setStyleSheet(ERROR_STYLE)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        link.linkActivated.connect(self._follow)
        layout.addWidget(link)
        self.links[(problem.area, problem.key)] = link
        return frame

    def _acknowledgement(self, problem) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        if problem.needs_note:
            reason = QLineEdit()
            reason.setObjectName(f"ackNote_{problem.key}")
            reason.setPlaceholderText(_("why the list is wrong for this person (e.g. OGA's letter, what the person showed)"))
            record = QPushButton(_("Record the reason"))
            record.setObjectName(f"ackRecord_{problem.key}")
            record.clicked.connect(lambda _c=False, k=problem.key, r=reason: self._record(k, r.text()))
            reason.returnPressed.connect(lambda k=problem.key, r=reason: self._record(k, r.text()))
            layout.addWidget(reason, 1)
            layout.addWidget(record)
            self.notes[problem.key] = reason
            return box
        row, check = wrapped_check(_("Checked: I have seen this and go on (recorded with my name and the time)"),
                                   f"ack_{problem.key}")
        check.toggled.connect(lambda on, k=problem.key: on and self._emit_later(k, ""))
        layout.addWidget(row)
        self.ticks[problem.key] = check
        return box

    def _record(self, key: str, note: str) -> None:
        if not note.strip():
            self.notes[key].setStyleSheet("border: 2px solid #b71c1c;")
            self.notes[key].setFocus()
            return
        self._emit_later(key, note)

    def _emit_later(self, key: str, note: str) -> None:
        """Recording rebuilds this list: emit once the row's own signal has returned."""
        QTimer.singleShot(0, lambda: self.acknowledge.emit(key, note))

    def _follow(self, href: str) -> None:
        area, _sep, key = href.partition(":")
        self.fix.emit(area, key)
