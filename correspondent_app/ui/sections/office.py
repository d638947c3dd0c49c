"""Cases queues, protocol book, HQ exchange and settings sections."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLineEdit,
    QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import format_date, format_eur, format_timestamp
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.people import OUTCOME_SHORT
from correspondent_app.ui.widgets import DateField, ask_yes, heading, inform, note

QUEUES = (
    ("awaiting_payment", N_("Awaiting payment")),
    ("paid", N_("Paid — certificate to issue")),
    ("to_forward", N_("To forward to OGA")),
    ("issued", N_("Issued")),
    ("forwarded", N_("Forwarded to OGA")),
    ("draft", N_("Drafts")),
    ("archived", N_("Archived")),
    ("cancelled", N_("Cancelled")),
)
PROTOCOL_KINDS = {"certificate": N_("certificate"), "transmittal": N_("transmittal to OGA"), "export": N_("export to HQ")}
CERTIFICATE_QUEUES = {"to_forward", "issued", "forwarded", "archived"}  # cases that may hold a certificate


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    # Widths follow the contents whenever they or the font change (the
    # app's larger font is applied after the first fill), the last column
    # takes the rest of the width.
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)  # row numbers next to case numbers would be misread
    table.setWordWrap(False)  # "25/11/2026 10:45" broken over two lines reads as two values
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class CasesSection(QWidget):
    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("casesSection")
        self.window_ = window
        self.registry = registry
        self.queue = QComboBox()
        self.queue.setObjectName("queueChoice")
        for key, label in QUEUES:
            self.queue.addItem(_(label), key)
        self.queue.currentIndexChanged.connect(self.refresh)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by name or category"))
        self.filter.textChanged.connect(self.refresh)
        self.table = _table([_("Case"), _("Person"), _("Category"), _("Amount"), _("Updated"), _("Certificate printed")],
                            "casesTable")
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)  # batch printing
        self.table.cellActivated.connect(self._open)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.send = QPushButton(_("&Send the queue to OGA (transmittal)…"))
        self.send.setObjectName("sendTransmittal")
        self.send.clicked.connect(self._send)
        self.print_selected = QPushButton(_("&Print the certificates of the selected cases…"))
        self.print_selected.setObjectName("printSelected")
        self.print_selected.setToolTip(_("Ctrl+A selects every case of the queue; Ctrl or Shift with a click adds cases."))
        self.print_selected.clicked.connect(self.print_selected_certificates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_selected)
        buttons.addWidget(self.send)
        top = QHBoxLayout()
        top.addWidget(self.queue)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Cases")))
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        key = self.queue.currentData()
        if key == "to_forward":
            cases = [self.registry.cases.get(case_id) for case_id, _items in self.registry.transmittals.queue()]
        else:
            cases = self.registry.cases.in_state(key)
        text = self.filter.text().strip().casefold()
        rows = []
        for case in cases:
            person = self.registry.persons.get(case.person_id).display_name
            if text and text not in person.casefold() and text != (case.category or "").casefold():
                continue
            rows.append([str(case.id), person, case.category or _(OUTCOME_SHORT.get(case.outcome, "—")),
                         format_eur(case.amount, current_language()) if case.amount is not None else "",
                         format_timestamp(case.updated_at, current_language()),
                         self._printed_text(case.id) if key in CERTIFICATE_QUEUES else ""])
        _fill(self.table, rows)
        self.table.setColumnHidden(5, key not in CERTIFICATE_QUEUES)
        self.send.setVisible(key == "to_forward")
        self.send.setEnabled(bool(rows))
        self.print_selected.setVisible(key in CERTIFICATE_QUEUES)
        self._selection_changed()

    def _printed_text(self, case_id: int) -> str:
        """When the certificate was last printed: a batch of never-printed ones stands out."""
        certificate = self.registry.certificates.valid_for_case(case_id)
        if certificate is None:
            return "—"
        prints = self.registry.certificates.prints(certificate.id)
        return format_timestamp(prints[-1][0], current_language()) if prints else _("not yet")

    def selected_case_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [int(self.table.item(row, 0).text()) for row in rows]

    def _selection_changed(self) -> None:
        count = sum(1 for case_id in self.selected_case_ids() if self.registry.certificates.valid_for_case(case_id))
        self.print_selected.setEnabled(count > 0)
        self.print_selected.setText(_("&Print the certificates of the selected cases ({n})…").format(n=count))

    def print_selected_certificates(self) -> None:
        """Every copy of every selected certificate as one print job, off the UI thread.

        For the day the printer was out of toner: certificates issued at the
        counter are printed together later. Each is logged once the printer
        has the whole job (as a reprint if it had been printed before).
        """
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        certificates = [c for c in map(self.registry.certificates.valid_for_case, self.selected_case_ids()) if c]
        if not certificates:
            return
        copies = {c.id: self.registry.cases.get(c.case_id).decision.copies for c in certificates}
        reprints = {c.id: bool(self.registry.certificates.prints(c.id)) for c in certificates}

        def printed(_pages: int) -> None:
            for certificate in certificates:
                self.registry.certificates.log_print(certificate.id, copies[certificate.id],
                                                     reprint=reprints[certificate.id], note="batch")
            self.window_.refresh()
            self.window_.statusBar().showMessage(_("{n} certificates printed.").format(n=len(certificates)), 10000)

        title = _("Certificates {first} – {last}").format(first=certificates[0].protocol, last=certificates[-1].protocol)
        print_in_background(self, [self.registry.certificates.pdf(c.id) for c in certificates], title,
                            printer_factory=self.window_.printer_factory, on_printed=printed)

    def _open(self, row: int, _column: int) -> None:
        self.window_.open_case(int(self.table.item(row, 0).text()))

    def _send(self) -> None:
        from correspondent_app.documents.issuing import send_transmittal  # noqa: PLC0415

        profile = self.registry.profile.get()
        ids = [case_id for case_id, _items in self.registry.transmittals.queue()]
        if not ask_yes(self, _("Send to OGA"), _("Number one transmittal for {n} cases to {to}?").format(
                n=len(ids), to=profile.oga_branch or "ΟΓΑ")):
            return
        try:
            sent = send_transmittal(self.registry, ids, recipient=profile.oga_branch or "ΟΓΑ")
            self.window_.print_pdf(self.registry.transmittals.pdf(sent.id), _("Transmittal {p}").format(p=sent.protocol))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.window_.refresh()


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
        self.table = _table([_("No."), _("Date"), _("Kind"), _("Subject")], "protocolTable")
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
        _fill(self.table, [[f"{e.number}/{e.year}", format_date(e.entry_date, current_language()),
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


class HqSection(QWidget):
    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("hqSection")
        self.window_ = window
        self.registry = registry
        self.reference = QLineEdit()
        self.reference.setObjectName("listReference")
        self.reference.setPlaceholderText(_("HQ's reference of the list (optional)"))
        button = QPushButton(_("&Import HQ's list (CSV)…"))
        button.setObjectName("importList")
        button.clicked.connect(self.import_list)
        self.status = note()
        self.status.setObjectName("importStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("HQ exchange")))
        layout.addWidget(note(_("HQ's lists of active and interrupted insured, with each person's amount. A list with "
                                "any error is refused whole, with the line and column of each problem.")))
        row = QHBoxLayout()
        row.addWidget(self.reference)
        row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        export_box = QGroupBox(_("Export to HQ"))
        export_layout = QVBoxLayout(export_box)  # the long choice above, the buttons under it: fits a laptop
        export_row = QHBoxLayout()
        self.full = QCheckBox(_("everything (full export), not only the changes since the last package HQ "
                                "acknowledged"))
        self.full.setObjectName("fullExport")
        export_button = QPushButton(_("&Export the registry for HQ…"))
        export_button.setObjectName("exportButton")
        export_button.clicked.connect(lambda: self.export())
        ack_button = QPushButton(_("Import HQ's ac&knowledgement…"))
        ack_button.setObjectName("importAck")
        ack_button.clicked.connect(lambda: self.import_ack())
        trust_button = QPushButton(_("Set up HQ's ke&y…"))  # once, before the first acknowledgement
        trust_button.setObjectName("trustHq")
        trust_button.clicked.connect(lambda: self.set_up_hq_key())
        export_layout.addWidget(self.full)
        export_row.addWidget(export_button)
        export_row.addWidget(ack_button)
        export_row.addWidget(trust_button)
        export_row.addStretch()
        export_layout.addLayout(export_row)
        layout.addWidget(export_box)
        hq_box = QGroupBox(_("At HQ: summary of a merged HQ database"))
        hq_layout = QVBoxLayout(hq_box)
        open_hq = QPushButton(_("&Open an HQ database…"))
        open_hq.clicked.connect(lambda: self.show_hq_summary())
        hq_layout.addWidget(open_hq)
        self.hq_status = note()
        self.hq_status.setObjectName("hqStatus")
        hq_layout.addWidget(self.hq_status)
        self.summary = _table([_("Prefecture"), _("Community"), _("Category"), _("Cases"), _("Certificates"),
                               _("Amount")], "hqSummary")
        hq_layout.addWidget(self.summary)
        layout.addWidget(hq_box)

    def export(self, path: str | None = None) -> None:
        """The next package for HQ, with its transmittal PDF beside it (off the UI thread)."""
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Export for HQ"), "export.zip", _("Packages (*.zip)"))
        if not path:
            return
        from correspondent_app.exchange.export import (  # noqa: PLC0415
            NothingToExport, export_package, export_transmittal_pdf,
        )
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        db_path, full = self.registry.path, self.full.isChecked()

        def work(progress):
            with Registry.open(db_path, actor=self.registry.actor) as own:
                result = export_package(own, path, full=full, progress=progress.report)
                Path(path).with_suffix(".pdf").write_bytes(export_transmittal_pdf(own, result))
                return result

        def done(result):
            kind = (_("full") if result.full else
                    _("changes since acknowledged package {n}").format(n=result.base) if result.base else _("changes"))
            self.status.setText(_("Package {n} written ({kind}): {rows} records, protocol {p}.").format(
                n=result.sequence, kind=kind, rows=sum(result.rows.values()), p=result.protocol))
            self.window_.refresh()

        def failed(exc):
            if isinstance(exc, NothingToExport):  # not an error: there is simply nothing to send
                self.status.setText(str(exc))
            else:
                show_error(self, exc)

        self.task = run_task(self, _("Exporting for HQ…"), work, done, failed,
                             on_cancel=lambda: self.status.setText(_("Export cancelled: nothing was written or recorded.")))

    def import_ack(self, path: str | None = None) -> None:
        """HQ's signed acknowledgement of a package: the next incremental export starts from it."""
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("HQ's acknowledgement"), "",
                                                        _("Acknowledgements (*.json);;All files (*)"))
        if not path:
            return
        from correspondent_app.exchange.ack import import_acknowledgement  # noqa: PLC0415
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        db_path = self.registry.path

        def work(_progress):
            with Registry.open(db_path, actor=self.registry.actor) as own:
                return import_acknowledgement(own, path)

        def done(acknowledged):
            self.status.setText(_("HQ acknowledged package {n}: the next export sends what changed after it.").format(
                n=acknowledged.sequence))

        def failed(exc):
            self.status.setText(str(exc))
            show_error(self, exc)

        self.task = run_task(self, _("Importing HQ's acknowledgement…"), work, done, failed)

    def set_up_hq_key(self, text: str | None = None) -> None:
        """HQ's key from the fingerprint HQ reads out (or its key file): only acknowledgements under it are taken."""
        if text is None:
            text, ok = QInputDialog.getText(self, _("HQ's key"), _("The fingerprint HQ read out to you (32 letters "
                                                                    "and digits), or the path of HQ's key file:"))
            if not ok or not text.strip():
                return
        from correspondent_app.exchange.ack import trust_hq  # noqa: PLC0415
        from correspondent_app.registry.keys import grouped  # noqa: PLC0415

        try:
            fingerprint = trust_hq(self.registry, text)
        except Exception as exc:  # noqa: BLE001 - said in a dialog, never a traceback
            show_error(self, exc)
            return
        self.status.setText(_("HQ's key is set up ({fingerprint}): only acknowledgements signed with it are "
                              "accepted.").format(fingerprint=grouped(fingerprint)))

    def show_hq_summary(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("HQ database"), "", _("SQLite files (*.sqlite);;All files (*)"))
        if not path:
            return
        from correspondent_app.exchange.hq import HqDatabaseError, open_hq_read_only  # noqa: PLC0415
        from correspondent_app.exchange.report import rows  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        def work(_progress):  # about 24 s over a million cases: never on the UI thread
            conn = open_hq_read_only(path)  # reading a summary changes nothing in the file
            try:
                return rows(conn)
            finally:
                conn.close()

        def done(data):
            _fill(self.summary, [[r["prefecture"], r["community"], r["category"], str(r["cases"]),
                                  str(r["certificates"]), format_eur(r["amount"], current_language())] for r in data])
            self.hq_status.setText(_("{n} lines from {path}.").format(n=len(data), path=path))

        def failed(exc):
            if isinstance(exc, HqDatabaseError):  # not an HQ database: said on the page, nothing changed
                self.hq_status.setText(str(exc))
            else:
                show_error(self, exc)

        self.task = run_task(self, _("Reading the HQ database…"), work, done, failed)

    def import_list(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("HQ's list"), "", _("CSV files (*.csv);;All files (*)"))
        if not path:
            return
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        db_path, reference = self.registry.path, self.reference.text()

        def work(progress):
            with Registry.open(db_path, actor=self.registry.actor) as own:  # its own connection in the worker thread
                return own.hq_lists.import_file(path, reference=reference, progress=progress.report)

        def done(count):
            self.status.setText(_("Imported {n} entries.").format(n=count))
            self.window_.refresh()

        def failed(exc):
            self.status.setText(str(exc))
            show_error(self, exc)

        self.task = run_task(self, _("Importing HQ's list…"), work, done, failed,
                             on_cancel=lambda: self.status.setText(_("Import cancelled: nothing was imported.")))


class SettingsSection(QWidget):
    FIELDS = (("community", N_("Community / municipal department")), ("municipality", N_("Municipality")),
              ("prefecture", N_("Prefecture")), ("correspondent_name", N_("Correspondent's name")),
              ("oga_branch", N_("OGA regional branch")))

    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("settingsSection")
        self.window_ = window
        self.registry = registry
        profile = registry.profile.get()
        box = QGroupBox(_("Correspondent profile (printed on every document)"))
        form = QFormLayout(box)
        self.edits = {}
        for key, label in self.FIELDS:
            self.edits[key] = QLineEdit(getattr(profile, key) if profile else "")
            self.edits[key].setObjectName(f"profile_{key}")
            form.addRow(_(label), self.edits[key])
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.addItem("Ελληνικά", "el")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(profile.language if profile else "el"), 0))
        form.addRow(_("Language"), self.language)
        save = QPushButton(_("&Save"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)
        protocol = QGroupBox(_("Continuing a paper protocol book"))
        pform = QFormLayout(protocol)
        self.first_number = QSpinBox()
        self.first_number.setRange(1, 999_999)
        set_first = QPushButton(_("Set the first number of this year"))
        set_first.clicked.connect(self._set_first)
        pform.addRow(_("First number"), self.first_number)
        pform.addRow(set_first)
        backups = QGroupBox(_("Backups"))
        brow = QHBoxLayout(backups)
        backup = QPushButton(_("&Back up now…"))
        backup.clicked.connect(self.window_.backup_now)
        brow.addWidget(backup)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Settings")))
        layout.addWidget(box)
        layout.addWidget(save)
        layout.addWidget(protocol)
        layout.addWidget(backups)
        layout.addStretch()

    def save(self) -> None:
        try:
            values = {key: edit.text() for key, edit in self.edits.items()}
            self.registry.profile.save(**values, language=self.language.currentData())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            fields = getattr(exc, "fields", None)  # IncompleteProfile: the first empty field printed takes the focus
            if fields:
                self.edits[fields[0]].setFocus()
            return
        self.window_.set_language(self.language.currentData())

    def _set_first(self) -> None:
        try:
            self.registry.protocol.set_first_number(date.today().year, self.first_number.value())
            inform(self, _("Protocol book"), _("The numbering of {y} continues at {n}.").format(
                y=date.today().year, n=self.first_number.value()))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
