"""The Protocol book section: the entries of a year, the summary of a period."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.tables import fill_table, make_table
from correspondent_app.ui.widgets import DateField, heading, note

PROTOCOL_KINDS = {"certificate": N_("certificate"), "transmittal": N_("transmittal to OGA"), "export": N_("export to HQ")}


class ProtocolSection(QWidget):
    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("protocolSection")
        self.window_ = window
        self.registry = registry
        self.year = QSpinBox()
        self.year.setObjectName("protocolYear")
        self.year.setRange(2000, 2100)
        # The newest year with entries (a book continued from 2005 is not empty
        # because the calendar says 2026); this year when there are none yet.
        newest = self.registry.protocol.entries(limit=1)
        self.year.setValue(newest[0].year if newest else date.today().year)
        self.year.valueChanged.connect(self.refresh)
        self.text = QLineEdit()
        self.text.setObjectName("protocolFilter")
        self.text.setPlaceholderText(_("Search the subject"))
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance(self.text.placeholderText()) + 24)
        self.text.textChanged.connect(self.refresh)
        self.empty = note()
        self.empty.setObjectName("protocolEmpty")
        self.since, self.until = DateField(), DateField()
        summary = QPushButton(_("&Print the summary of the period"))
        summary.setObjectName("printSummary")
        summary.clicked.connect(self._summary)
        today = QPushButton(_("&Today's summary"))
        today.setObjectName("printToday")
        today.clicked.connect(self.print_today)
        self.table = make_table([_("No."), _("Date"), _("Kind"), _("Subject")], "protocolTable")
        top = QHBoxLayout()
        for widget in (note(_("Year")), self.year, self.text, note(_("From")), self.since, note(_("to")), self.until,
                       summary, today):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Protocol book")))
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        year, text = self.year.value(), self.text.text().strip()
        entries = self.registry.protocol.entries(year, text=text)
        fill_table(self.table, [[f"{e.number}/{e.year}", format_date(e.entry_date, current_language()),
                            _(PROTOCOL_KINDS.get(e.kind, e.kind)), e.subject] for e in entries])
        self.empty.setText(self._empty_hint(year, text) if not entries else "")
        self.empty.setVisible(not entries)

    def _empty_hint(self, year: int, text: str) -> str:
        """Why the table is empty, and where the entries are."""
        if text:
            return _("No entry of {year} has “{text}” in its subject.").format(year=year, text=text)
        newest = self.registry.protocol.entries(limit=1)
        if not newest:
            return _("The protocol book has no entries yet.")
        return _("No entries in {year}; the newest entries are of {newest}.").format(year=year, newest=newest[0].year)

    def print_today(self) -> None:
        """The end-of-day summary: entries, certificates per category, amounts collected today."""
        today = date.today()
        self.year.setValue(today.year)
        self.since.set_value(today)
        self.until.set_value(today)
        self._summary()

    def _summary(self) -> None:
        from correspondent_app.documents.protocol_summary import render_summary  # noqa: PLC0415

        try:
            since = self.since.value() or date(self.year.value(), 1, 1)
            until = self.until.value() or date(self.year.value(), 12, 31)
            self.window_.print_pdf(render_summary(self.registry, since, until), _("Protocol summary"))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
