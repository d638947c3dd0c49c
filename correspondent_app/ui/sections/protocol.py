"""The Protocol book section: the entries of a year, the summary of a period."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.tables import fill_table, make_table
from correspondent_app.ui.widgets import ERROR_STYLE, DateField, heading, note

PROTOCOL_KINDS = {"certificate": N_("certificate"), "transmittal": N_("transmittal to OGA"), "export": N_("export to HQ")}


class PeriodError(ValueError):
    """A period that cannot be listed or printed; ``field`` is the date to correct."""

    def __init__(self, message: str, field: DateField) -> None:
        super().__init__(message)
        self.field = field


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
        self.year.valueChanged.connect(self._year_chosen)
        self.text = QLineEdit()
        self.text.setObjectName("protocolFilter")
        self.text.setPlaceholderText(_("Search the subject"))
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance(self.text.placeholderText()) + 24)
        self.text.textChanged.connect(self.refresh)
        self.empty = note()
        self.empty.setObjectName("protocolEmpty")
        self.since, self.until = DateField(), DateField()
        for field, name in ((self.since, "periodSince"), (self.until, "periodUntil")):
            field.setObjectName(name)
            field.editingFinished.connect(self.refresh)  # a whole date, not each keystroke of it
        self.period_problem = note(style=ERROR_STYLE)  # beside the dates, not a box to click away
        self.period_problem.setObjectName("periodProblem")
        self.period_problem.setVisible(False)
        summary = QPushButton(_("&Print the summary of the period"))
        summary.setObjectName("printSummary")
        summary.clicked.connect(self._summary)
        today = QPushButton(_("&Today's summary"))
        today.setObjectName("printToday")
        today.clicked.connect(self.print_today)
        self.table = make_table([_("No."), _("Date"), _("Kind"), _("Subject")], "protocolTable")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Protocol book")))
        # Two rows, the year's list and the period's summary: one row was wider than a 1024 px screen.
        for widgets in ((note(_("Year")), self.year, self.text),
                        (note(_("From")), self.since, note(_("to")), self.until, summary, today)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch()
            layout.addLayout(row)
        layout.addWidget(self.period_problem)  # under the dates it is about
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        year, text = self.year.value(), self.text.text().strip()
        try:
            period = self.period()
        except PeriodError as exc:
            self._refuse(exc)
            return
        self.period_problem.setVisible(False)
        if period:  # the entries the summary of the period prints
            entries = self.registry.protocol.entries(since=period[0], until=period[1], text=text)
        else:
            entries = self.registry.protocol.entries(year, text=text)
        fill_table(self.table, [[f"{e.number}/{e.year}", format_date(e.entry_date, current_language()),
                                 _(PROTOCOL_KINDS.get(e.kind, e.kind)), e.subject] for e in entries])
        self.empty.setText(self._empty_hint(year, text, period) if not entries else "")
        self.empty.setVisible(not entries)

    def period(self) -> tuple[date, date] | None:
        """The period typed, None when no date is; a missing end is the year's end of the other.

        Raises PeriodError for a date that is no date, or an end before the start.
        """
        since, until = self._date(self.since), self._date(self.until)
        if since is None and until is None:
            return None
        since = since or date(until.year, 1, 1)
        until = until or date(since.year, 12, 31)
        if until < since:
            lang = current_language()
            raise PeriodError(_("The period ends on {until}, before it starts ({since}): nothing is listed or "
                                "printed.").format(until=format_date(until, lang), since=format_date(since, lang)),
                              self.until)
        return since, until

    @staticmethod
    def _date(field: DateField) -> date | None:
        try:
            return field.value()
        except ValueError as exc:  # said in the field's own words: “31/02/2005” is not a date…
            raise PeriodError(str(exc), field) from None

    def _refuse(self, problem: PeriodError) -> None:
        """Nothing listed for a period that is not one, and why, beside the dates."""
        fill_table(self.table, [])
        self.empty.setVisible(False)
        self.period_problem.setText(str(problem))
        self.period_problem.setVisible(True)

    def _year_chosen(self) -> None:
        """Another year: its entries, not those of a period typed for an earlier one."""
        self.since.clear()
        self.until.clear()
        self.refresh()

    def _empty_hint(self, year: int, text: str, period: tuple[date, date] | None) -> str:
        """Why the table is empty, and where the entries are."""
        if period:
            lang = current_language()
            return _("No entry from {since} to {until}{matching}.").format(
                since=format_date(period[0], lang), until=format_date(period[1], lang),
                matching=_(" has “{text}” in its subject").format(text=text) if text else "")
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
        self.refresh()  # the list shows what is printed
        self._summary()

    def _summary(self) -> None:
        from correspondent_app.documents.protocol_summary import render_summary  # noqa: PLC0415

        try:
            period = self.period()
        except PeriodError as exc:  # nothing printed; the clerk corrects the date
            self._refuse(exc)
            exc.field.setFocus()
            return
        since, until = period or (date(self.year.value(), 1, 1), date(self.year.value(), 12, 31))
        try:
            self.window_.print_pdf(render_summary(self.registry, since, until), _("Protocol summary"))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
