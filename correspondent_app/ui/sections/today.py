"""The counter's day at a glance: the queues of cases with their counts, and today's certificates and takings.

Shown beside the search until a person is chosen, so the clerk who opens
the program sees what is waiting; each queue opens the Cases section on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_date_long, format_decimal, format_eur
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.widgets import heading, note

#: The queues of the counter's day, in the order the work flows.
DAY_QUEUES = (
    ("awaiting_payment", N_("Awaiting payment")),
    ("paid", N_("Paid")),
    ("to_issue", N_("Certificate to issue")),
    ("to_forward", N_("To forward to OGA")),
)
#: The Cases section's queue each one opens: the paid cases hold those to issue.
CASES_QUEUE = {"to_issue": "paid"}


@dataclass(frozen=True)
class Day:
    """What the day holds: cases per queue, certificates issued and money received on ``day``."""

    day: date
    queues: dict[str, int]
    issued: int
    received: Decimal


def day_figures(registry, day: date | None = None) -> Day:
    """The counts of the day (Qt-free: read straight from the registry)."""
    day = day or date.today()
    db = registry.db
    queues = {
        "awaiting_payment": registry.cases.count_in_state("awaiting_payment"),
        "paid": registry.cases.count_in_state("paid"),
        # paid with a category: the certificate can be issued now (cases decided art. 7 are forwarded instead)
        "to_issue": db.execute("SELECT COUNT(*) FROM cases WHERE state = 'paid' AND category IS NOT NULL"
                               " AND category != ''").fetchone()[0],
        "to_forward": len(registry.transmittals.queue()),
    }
    issued = db.execute("SELECT COUNT(*) FROM certificates WHERE issued_on = ? AND voided_at IS NULL",
                        [day.isoformat()]).fetchone()[0]
    cents = db.execute("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE substr(recorded_at, 1, 10) = ?",
                       [day.isoformat()]).fetchone()[0]
    return Day(day, queues, issued, Decimal(cents) / 100)


class TodayPanel(QWidget):
    """Today's work; ``queue_chosen(key)`` when the clerk opens a queue."""

    queue_chosen = Signal(str)

    def __init__(self, registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self.registry = registry
        self.title = heading("", 13)
        box = QGroupBox(_("Cases waiting"))
        grid = QGridLayout(box)
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, _label) in enumerate(DAY_QUEUES):
            button = QPushButton()
            button.setObjectName(f"today_{key}")
            button.setToolTip(_("Open this queue in the Cases section"))
            button.clicked.connect(lambda _c=False, k=key: self.queue_chosen.emit(k))
            grid.addWidget(button, i // 2, i % 2)  # two by two: readable at 1024 px beside the search
        self.done = note()
        self.done.setObjectName("todayDone")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(box)
        layout.addWidget(self.done)
        layout.addWidget(note(_("Type a name or number on the left to find a person.")))
        layout.addStretch()
        self.buttons = {key: grid.itemAt(i).widget() for i, (key, _l) in enumerate(DAY_QUEUES)}
        self.refresh()

    def refresh(self) -> None:
        lang = current_language()
        day = day_figures(self.registry)
        self.title.setText(_("Today, {date}").format(date=format_date_long(day.day, lang)))
        for key, label in DAY_QUEUES:
            self.buttons[key].setText(_("{queue}: {n}").format(queue=_(label),
                                                               n=format_decimal(day.queues[key], lang, 0)))
        # two lines: at 1024 px one line broke inside the amount's sentence
        self.done.setText(_("Certificates issued today: {n}").format(n=format_decimal(day.issued, lang, 0)) + "\n"
                          + _("Received today: {amount}").format(amount=format_eur(day.received, lang)))
