"""Counter and Registry sections: find a person as you type, start or open their cases."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter, QStackedWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import country_name, format_date, format_decimal, format_eur
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.registry.cases import STATE_LABELS
from correspondent_app.registry.person_search import CAP
from correspondent_app.ui.widgets import heading, note
from correspondent_app.ui.workdays_dialog import open_workdays

OUTCOME_SHORT = {  # the Category column of cases without a programme category
    "ask_oga": N_("art. 7: OGA's instructions"), "other_insurer": N_("other insurer"), "not_oga": N_("not OGA's"),
}
SEARCH_DELAY_MS = 150  # search as you type, but not on every keystroke of a fast typist


class PersonSearch(QWidget):
    """A search box and its results; emits ``chosen(person_id)``."""

    chosen = Signal(int)

    def __init__(self, registry, parent: QWidget | None = None, *, recent_when_empty: bool = False) -> None:
        super().__init__(parent)
        self.registry = registry
        self.recent_when_empty = recent_when_empty  # the Registry lists the latest persons before anything is typed
        self.box = QLineEdit()
        self.box.setObjectName("personSearch")
        # Short enough to be read whole in the box; the tooltip says all it finds.
        self.box.setPlaceholderText(_("Name, AMKA, passport or OGA no."))
        self.box.setToolTip(_("Search: surname or name in Greek or Latin, AMKA, passport, OGA number"))
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("personResults")
        self.results.setSpacing(2)
        # A long name wraps in a narrow list (1024 px, 150 %) instead of scrolling sideways and hiding
        # the passport number under it.
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = note()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self._choose_first)
        self.results.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.results.currentItemChanged.connect(
            lambda item, _prev: item and self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.count)
        layout.addWidget(self.results)

    def search(self) -> None:
        self.timer.stop()
        text = self.box.text().strip()
        if not text and self.recent_when_empty:
            self._show(self.registry.persons.recent(limit=50))
            self.count.setText(_("Latest registered or changed:") if self.results.count() else "")
            return
        result = self.registry.persons.find(text, limit=50)
        self._show(result.persons)
        self.count.setText("" if not text else (self._count_text(result) if result.persons else
                                                _("No one found: check the spelling, or register a new person.")))

    @staticmethod
    def _count_text(result) -> str:
        """How many matched, capped ("1.000+": counting a million exactly was the slow part)."""
        lang = current_language()
        n = format_decimal(CAP, lang, 0) + "+" if result.more else format_decimal(result.count, lang, 0)
        if result.count > len(result.persons):
            return _("{n} found, the best {shown} shown: type more to narrow").format(n=n, shown=len(result.persons))
        return _("{n} found").format(n=n)

    def _show(self, found) -> None:
        self.results.clear()
        for person in found:
            details = [format_date(person.birth_date, current_language()) if person.birth_date else "",
                       country_name(person.nationality, current_language()) if person.nationality else "",
                       person.passport_no]
            # Two lines: the name whole on the first, the birth date, nationality and passport under it,
            # so a narrow list never hides what tells two namesakes apart.
            item = QListWidgetItem(f"{person.display_name}\n      {' · '.join(d for d in details if d)}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.results.addItem(item)

    def _choose_first(self) -> None:
        self.search()
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()


class PersonPage(QWidget):
    """A person's details and all their cases; double-click a case to open it."""

    open_case = Signal(int)
    new_case = Signal(int)
    edit_person = Signal(int)
    shown = Signal(int)  # a person is on the page (the counter then puts it in front of the day's work)

    def __init__(self, registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.person_id: int | None = None
        self.title = heading("", 13)  # a long name in both scripts within three lines at 1024 px
        self.details = note()
        self.cases = QTableWidget(0, 5)
        self.cases.setObjectName("personCases")
        self.cases.setHorizontalHeaderLabels([_("Case"), _("Category"), _("State"), _("Amount"), _("Updated")])
        self.cases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cases.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cases.verticalHeader().setVisible(False)  # row numbers next to case numbers would be misread
        self.cases.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.cases.horizontalHeader().setStretchLastSection(True)
        self.cases.cellActivated.connect(lambda row, _c: self.open_case.emit(int(self.cases.item(row, 0).text())))
        start = QPushButton(_("&Start a new case") + "  (Ctrl+Shift+N)")
        start.setObjectName("startCase")
        start.clicked.connect(lambda: self.person_id and self.new_case.emit(self.person_id))
        edit = QPushButton(_("&Edit person"))
        edit.clicked.connect(lambda: self.person_id and self.edit_person.emit(self.person_id))
        workdays = QPushButton(_("&Work days for renewal…"))  # seed 001: the residence permit's renewal
        workdays.setObjectName("personWorkdays")
        workdays.clicked.connect(lambda: self.person_id and open_workdays(self, self.registry, self.person_id))
        buttons = QHBoxLayout()
        buttons.addWidget(start)
        buttons.addWidget(edit)
        buttons.addStretch()
        more = QHBoxLayout()  # on a row of its own: three buttons side by side squeeze the search column
        more.addWidget(workdays)
        more.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addLayout(more)
        layout.addWidget(self.cases)
        self.setEnabled(False)

    def show_person(self, person_id: int) -> None:
        self.person_id = person_id
        self.setEnabled(True)
        p = self.registry.persons.get(person_id)
        self.title.setText(p.display_name)
        lang = current_language()
        rows = [
            (_("Father's name"), p.father_name),
            (_("Born"), format_date(p.birth_date, lang) if p.birth_date else ""),
            (_("Nationality"), country_name(p.nationality, lang) if p.nationality else ""),
            (_("Passport"), p.passport_no), (_("AMKA"), p.amka), (_("OGA registry number"), p.oga_no),
        ]
        self.details.setText(" · ".join(f"{label}: <b>{value}</b>" for label, value in rows if value))
        cases = self.registry.cases.for_person(person_id)
        self.cases.setRowCount(len(cases))
        for row, case in enumerate(cases):
            values = [str(case.id), case.category or _(OUTCOME_SHORT.get(case.outcome, "—")), _(STATE_LABELS[case.state]),
                      format_eur(case.amount, lang) if case.amount is not None else "",
                      format_date(date.fromisoformat(case.updated_at[:10]), lang)]
            for col, value in enumerate(values):
                self.cases.setItem(row, col, QTableWidgetItem(value))
        self.shown.emit(person_id)


class PeopleSection(QWidget):
    """Search on the left, the person's page on the right (Counter and Registry sections)."""

    def __init__(self, window, registry, title: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.window_ = window
        self.registry = registry
        counter = object_name == "counterSection"
        self.search = PersonSearch(registry, recent_when_empty=not counter)
        self.page = PersonPage(registry)
        self.today = None
        right: QWidget = self.page
        if counter:  # the counter opens on the day's work; a person chosen takes its place
            from correspondent_app.ui.sections.today import TodayPanel  # noqa: PLC0415

            self.today = TodayPanel(registry)
            self.today.queue_chosen.connect(self.open_queue)
            right = QStackedWidget()
            right.addWidget(self.today)
            right.addWidget(self.page)
            self.search.box.textChanged.connect(lambda text: text.strip() or self.show_today())
            self.page.shown.connect(lambda _id: right.setCurrentWidget(self.page))
        self.right = right
        self.search.chosen.connect(self.show_person)
        new_person = QPushButton(_("&New person…") + "  (Ctrl+N)")
        new_person.setObjectName("newPerson")
        new_person.clicked.connect(self.add_person)
        # Alt+Greek letter reaches a button only with the Greek keyboard layout;
        # Ctrl shortcuts work with either. Active while the section has the focus
        # (the Counter and the Registry both have these buttons).
        for keys, slot, text in ((("Ctrl+N",), self.add_person, _("&New person…")),
                                 (("Ctrl+Shift+N", "Ctrl+Return", "Ctrl+Enter"), self.start_case,
                                  _("&Start a new case"))):
            action = QAction(text, self)  # the text names it on the Help's shortcuts page
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.page.open_case.connect(self.window_.open_case)
        self.page.new_case.connect(self.window_.start_case)
        self.page.edit_person.connect(self.edit_person)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(heading(title))
        left_layout.addWidget(self.search)
        left_layout.addWidget(new_person)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([450, 650])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_person(self, person_id: int) -> None:
        self.page.show_person(person_id)

    def show_today(self) -> None:
        """Back to the day's work (the search box emptied)."""
        if self.today is not None:
            self.today.refresh()
            self.right.setCurrentWidget(self.today)

    def open_queue(self, key: str) -> None:
        """The Cases section, on the queue chosen in the day's work."""
        from correspondent_app.ui.sections.today import CASES_QUEUE  # noqa: PLC0415

        names = [name for _label, name, _factory in self.window_.factories]
        cases = self.window_.section("casesSection")
        cases.queue.setCurrentIndex(max(cases.queue.findData(CASES_QUEUE.get(key, key)), 0))
        self.window_.nav.setCurrentRow(names.index("casesSection"))

    def start_case(self) -> None:
        """A new case for the person shown (Ctrl+Shift+N)."""
        if self.page.person_id:
            self.window_.start_case(self.page.person_id)

    def add_person(self) -> None:
        from correspondent_app.ui.person_form import PersonDialog  # noqa: PLC0415

        prefill = {}
        typed = self.search.box.text().strip()
        if typed and not any(ch.isdigit() for ch in typed):
            greek = any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in typed)
            parts = typed.split() if greek else typed.upper().split()  # passport names are in capitals
            prefill = {("surname_el" if greek else "surname_lat"): parts[0],
                       ("name_el" if greek else "name_lat"): " ".join(parts[1:])}
        dialog = PersonDialog(self.registry, parent=self, prefill=prefill)
        if dialog.exec() and dialog.result_person:
            self.show_person(dialog.result_person.id)
            self.search.search()

    def edit_person(self, person_id: int) -> None:
        from correspondent_app.ui.person_form import PersonDialog  # noqa: PLC0415

        dialog = PersonDialog(self.registry, self.registry.persons.get(person_id), parent=self)
        if dialog.exec():
            self.page.show_person(person_id)

    def refresh(self) -> None:
        if self.page.person_id:
            self.page.show_person(self.page.person_id)
        if self.today is not None and self.right.currentWidget() is self.today:
            self.today.refresh()
        if self.search.box.text() or self.search.recent_when_empty:
            self.search.search()
