"""What every step of the case workflow shares."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QScrollArea, QVBoxLayout, QWidget

from correspondent_app.ui.widgets import heading, note

#: Cases that are over: shown read-only.
CLOSED_STATES = frozenset({"archived", "cancelled", "forwarded"})
#: Outcomes that are not OGA's: they end at the decision.
NOT_OGA = frozenset({"not_oga", "other_insurer"})
#: States in which the answers, the warnings and the amount may still change.
ANSWERS_OPEN = frozenset({"draft", "awaiting_payment"})


class Step(QWidget):
    """One page of the case. ``load`` fills it from the case; ``advance`` saves and
    says whether the workflow may go on (returning False keeps the user here)."""

    title = ""
    object_name = ""
    #: Moving on saves what the page's fields hold: its draft is dropped then. A page
    #: whose answers are kept nowhere else (the next steps' Δελτίο answers) says False.
    advance_saves = True

    def __init__(self, workflow) -> None:
        super().__init__()
        self.workflow = workflow
        self.setObjectName(self.object_name)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        scroll.setWidget(inner)
        self.heading = heading(self.title)
        outer.addWidget(self.heading)
        outer.addWidget(scroll)

    @property
    def registry(self):
        return self.workflow.registry

    @property
    def case(self):
        return self.workflow.case

    def load(self) -> None:
        """Fill the page from the current case."""

    def advance(self) -> bool:
        return True

    def save_draft(self) -> None:
        """Save what the page holds when the window closes, without moving on (nothing by default)."""

    def draft_fields(self) -> dict[str, QLineEdit]:
        """The page's typed fields, by name, that are kept as the case's draft when the page is left unsaved.

        Every named text field the clerk may type in (Qt's own inner fields
        excluded): a step adds nothing to be covered.
        """
        return {field.objectName(): field for field in self.findChildren(QLineEdit)
                if field.objectName() and not field.objectName().startswith("qt_")
                and field.isEnabled() and not field.isReadOnly()}

    def typed(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.draft_fields().items()}

    def restore(self, draft: dict[str, str]) -> None:
        """Show a draft typed again, as if typed now (the live checks of each field run)."""
        fields = self.draft_fields()
        for name, text in draft.items():
            if name in fields and fields[name].text() != text:
                fields[name].setText(text)

    def first_input(self):
        """The widget that takes the focus when the page opens (None: the Next button)."""
        return None

    def widget_for(self, key: str):
        """Where the pre-issue review's item ``key`` is fixed on this page (None: the page's first input)."""
        return self.first_input()

    def editable_widgets(self) -> list:
        """The widgets that change the case (disabled while it is read-only)."""
        return []

    def set_read_only(self, read_only: bool) -> None:
        """A closed case: nothing on the page changes it (``load`` enables what an open case may change)."""
        if read_only:
            for widget in self.editable_widgets():
                widget.setEnabled(False)

    def next_label(self) -> str | None:
        """Text of the Next button here (None: the default)."""
        return None

    def add(self, widget) -> None:
        self.body.addWidget(widget)

    def text(self, text: str = "", style: str = ""):
        label = note(text, style)
        self.body.addWidget(label)
        return label
