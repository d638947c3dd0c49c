"""The HQ exchange section: HQ's lists, the export for HQ, HQ's acknowledgement and key, HQ's summary."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import format_decimal, format_eur
from correspondent_app.i18n import _, current_language
from correspondent_app.ui import remember
from correspondent_app.ui.errors import EXPECTED, show_error
from correspondent_app.ui.file_names import safe_stem
from correspondent_app.ui.sections.tables import fill_table, make_table
from correspondent_app.ui.widgets import ERROR_STYLE, heading, note


#: Settings key: the HQ-only tools (reading a merged HQ database) are shown in this office.
HQ_TOOLS = "tools/hq"
#: Community names as offices write them, without the kind of community: the village's own name.
#: Accents optional: a name typed in capitals has none (ΚΟΙΝΟΤΗΤΑ ΑΓΙΟΥ ΝΙΚΟΛΑΟΥ).
_COMMUNITY_KIND = re.compile(r"^\s*((τοπ[ιί]κ[ηή]|δημοτ[ιί]κ[ηή])\s+κοιν[οό]τητα|κοιν[οό]τητα|δημοτ[ιί]κ[οό]\s+"
                             r"διαμ[εέ]ρισμα|[τδ]\.\s*κ\.)\s*", re.IGNORECASE)


def _buttons(actions) -> QHBoxLayout:
    """A row of buttons at their own width, from (text, object name, action) triples."""
    row = QHBoxLayout()
    for text, name, action in actions:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False, act=action: act())  # clicked's bool is no path
        row.addWidget(button)
    row.addStretch()
    return row


def hq_tools_enabled() -> bool:
    return bool(remember.value(HQ_TOOLS, False, bool))


def export_file_name(community: str, day: date, sequence: int) -> str:
    """«Εξαγωγή Αγίου Νικολάου 2026-12-05 αρ3.zip»: which village, which day, which package; safe on Windows."""
    village = _COMMUNITY_KIND.sub("", community or "").strip() or community or ""
    name = _("Export {village} {date} no{n}").format(village=village, date=day.isoformat(), n=sequence)
    return safe_stem(name) + ".zip"


def next_package_number(registry) -> int:
    """The sequence number the next package will take (for its file name; the export itself takes it)."""
    return registry.db.execute("SELECT COALESCE(MAX(sequence), 0) + 1 FROM exports").fetchone()[0]


def _result_line(name: str) -> QLabel:
    """The line under a button that says what it did: hidden, so no empty line, until there is something to say."""
    line = note()
    line.setObjectName(name)
    line.setVisible(False)
    return line


class HqSection(QWidget):
    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("hqSection")
        self.window_ = window
        self.registry = registry
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("HQ exchange")))
        self._build_import(layout)
        layout.addWidget(self._build_export())
        layout.addWidget(self._build_acknowledgement())
        self.hq_tools = self._build_hq_tools()
        layout.addWidget(self.hq_tools, 1)
        layout.addStretch()  # without HQ's tools, the boxes stay at the top
        self.refresh()

    def _build_import(self, layout: QVBoxLayout) -> None:
        self.reference = QLineEdit()
        self.reference.setObjectName("listReference")
        self.reference.setPlaceholderText(_("HQ's reference of the list (optional)"))
        button = QPushButton(_("&Import HQ's list (CSV)…"))
        button.setObjectName("importList")
        button.clicked.connect(self.import_list)
        self.status = _result_line("importStatus")
        layout.addWidget(note(_("HQ's lists of active and interrupted insured, with each person's amount. A list with "
                                "any error is refused whole, with the line and column of each problem.")))
        row = QHBoxLayout()
        row.addWidget(self.reference)
        row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def _build_export(self) -> QGroupBox:
        box = QGroupBox(_("Export to HQ"))
        box.setObjectName("exportBox")
        box_layout = QVBoxLayout(box)  # the long choice above, the button under it: fits a 1024 px screen
        self.full = QCheckBox(_("Full export:"))
        self.full.setObjectName("fullExport")
        choice = QHBoxLayout()  # a short box to tick, its meaning wrapped beside it (one line was 800 px wide)
        choice.addWidget(self.full)
        choice.addWidget(note(_("everything, not only the changes since the last package HQ acknowledged")), 1)
        self.export_status = _result_line("exportStatus")
        box_layout.addLayout(choice)
        box_layout.addLayout(_buttons([(_("&Export the registry for HQ…"), "exportButton", self.export)]))
        box_layout.addWidget(self.export_status)
        return box

    def _build_acknowledgement(self) -> QGroupBox:
        box = QGroupBox(_("HQ's acknowledgement"))
        box.setObjectName("ackBox")
        box_layout = QVBoxLayout(box)
        self.ack_status = _result_line("ackStatus")
        box_layout.addLayout(_buttons([(_("Import HQ's ac&knowledgement…"), "importAck", self.import_ack),
                                       # once, before the first acknowledgement
                                       (_("Set up HQ's ke&y…"), "trustHq", self.set_up_hq_key)]))
        box_layout.addWidget(self.ack_status)
        return box

    def _build_hq_tools(self) -> QGroupBox:
        """Reading a merged HQ database: HQ's work, shown to a village office only if enabled in Settings."""
        box = QGroupBox(_("At HQ: summary of a merged HQ database"))
        box.setObjectName("hqTools")
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(_buttons([(_("&Open an HQ database…"), "openHq", self.show_hq_summary)]))
        self.hq_status = _result_line("hqStatus")
        box_layout.addWidget(self.hq_status)
        self.summary = make_table([_("Prefecture"), _("Community"), _("Category"), _("Cases"), _("Certificates"),
                                   _("Amount")], "hqSummary")
        # the community takes the spare width, not the amount: a line's numbers stay side by side
        header = self.summary.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        box_layout.addWidget(self.summary)
        return box

    def refresh(self) -> None:
        self.hq_tools.setVisible(hq_tools_enabled())

    def _say(self, text: str, problem: bool = False, label=None) -> None:
        """A result under the button that asked for it (the export's unless ``label`` says otherwise)."""
        label = label or self.export_status
        label.setStyleSheet(ERROR_STYLE if problem else "")
        label.setText(text)
        label.setVisible(bool(text))

    def _export_path(self) -> str:
        """Asked with a named file in the folder used last (Documents the first time); that folder remembered."""
        profile = self.registry.profile.get()
        name = export_file_name(profile.community if profile else "", date.today(), next_package_number(self.registry))
        path, _filter = QFileDialog.getSaveFileName(self, _("Export for HQ"),
                                                    str(remember.folder(remember.EXPORT_FOLDER) / name),
                                                    _("Packages (*.zip)"))
        if path:
            remember.remember_folder(remember.EXPORT_FOLDER, path)
        return path

    def export(self, path: str | None = None) -> None:
        """The next package for HQ, with its transmittal PDF beside it (off the UI thread)."""
        path = path or self._export_path()
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
            self._say(_("Package {n} written ({kind}): {rows} records, protocol {p}.").format(
                n=result.sequence, kind=kind, rows=sum(result.rows.values()), p=result.protocol)
                + "\n" + _("File: {path}").format(path=path))
            self.window_.refresh()

        def failed(exc):
            if isinstance(exc, NothingToExport):  # not an error: there is simply nothing to send
                self._say(str(exc))
            elif isinstance(exc, EXPECTED):  # said where the clerk looks, under the button
                self._say(str(exc), problem=True)
            else:
                show_error(self, exc)

        self.task = run_task(self, _("Exporting for HQ…"), work, done, failed,
                             on_cancel=lambda: self._say(_("Export cancelled: nothing was written or recorded.")))

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
            self._say(_("HQ acknowledged package {n}: the next export sends what changed after it.").format(
                n=acknowledged.sequence), label=self.ack_status)

        def failed(exc):
            self._say(str(exc), problem=True, label=self.ack_status)
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
        self._say(_("HQ's key is set up ({fingerprint}): only acknowledgements signed with it are "
                    "accepted.").format(fingerprint=grouped(fingerprint)), label=self.ack_status)

    def show_hq_summary(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("HQ database"), "", _("SQLite files (*.sqlite);;All files (*)"))
        if not path:
            return
        from correspondent_app.exchange.hq import HqDatabaseError, open_hq_read_only  # noqa: PLC0415
        from correspondent_app.exchange.report import rows  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        def work(_progress):  # the figures the merges keep: about a second at a million cases, still off the UI thread
            conn = open_hq_read_only(path)  # reading a summary changes nothing in the file
            try:
                return rows(conn)
            finally:
                conn.close()

        def done(data):
            # an installation's first 8 characters tell apart two offices of the same community name
            language = current_language()
            fill_table(self.summary, [[r["prefecture"], f"{r['community']} ({r['installation'][:8]})", r["category"],
                                       format_decimal(r["cases"], language, 0),
                                       format_decimal(r["certificates"], language, 0),
                                       format_eur(r["amount"], language)] for r in data], numbers=(3, 4, 5))
            self._say(_("{n} lines from {path}.").format(n=len(data), path=path), label=self.hq_status)

        def failed(exc):
            if isinstance(exc, HqDatabaseError):  # not an HQ database: said on the page, nothing changed
                self._say(str(exc), problem=True, label=self.hq_status)
            else:
                show_error(self, exc)

        self.task = run_task(self, _("Reading the HQ database…"), work, done, failed)

    def import_list(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("HQ's list"), str(remember.folder(remember.IMPORT_FOLDER)),
                                                        _("CSV files (*.csv);;All files (*)"))
        if not path:
            return
        remember.remember_folder(remember.IMPORT_FOLDER, path)  # the next list comes from the same place
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        db_path, reference = self.registry.path, self.reference.text()

        def work(progress):
            with Registry.open(db_path, actor=self.registry.actor) as own:  # its own connection in the worker thread
                return own.hq_lists.import_file(path, reference=reference, progress=progress.report)

        def done(count):
            self._say(_("Imported {n} entries.").format(n=count), label=self.status)
            self.window_.refresh()

        def failed(exc):
            self._say(str(exc), problem=True, label=self.status)
            show_error(self, exc)

        self.task = run_task(self, _("Importing HQ's list…"), work, done, failed,
                             on_cancel=lambda: self._say(_("Import cancelled: nothing was imported."), label=self.status))
