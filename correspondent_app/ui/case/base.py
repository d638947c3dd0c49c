"""What every step of the case workflow shares."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from correspondent_app.ui.widgets import heading, note


class Step(QWidget):
    """One page of the case. ``load`` fills it from the case; ``advance`` saves and
    says whether the workflow may go on (returning False keeps the user here)."""

    title = ""
    object_name = ""

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

    def next_label(self) -> str | None:
        """Text of the Next button here (None: the default)."""
        return None

    def add(self, widget) -> None:
        self.body.addWidget(widget)

    def text(self, text: str = "", style: str = ""):
        label = note(text, style)
        self.body.addWidget(label)
        return label
