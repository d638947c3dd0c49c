"""The HQ exchange section: HQ's lists, the export for HQ, HQ's acknowledgement and key, HQ's summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QInputDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_eur
from correspondent_app.i18n import _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.tables import fill_table, make_table
from correspondent_app.ui.widgets import heading, note


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
        self.summary = make_table([_("Prefecture"), _("Community"), _("Category"), _("Cases"), _("Certificates"),
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
            fill_table(self.summary, [[r["prefecture"], r["community"], r["category"], str(r["cases"]),
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
