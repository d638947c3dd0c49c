"""Our own print panel: printer or PDF file, copies, both sides — in the clerk's language.

Qt's print dialog was entirely English (Qt ships no Greek catalog: there is
no qtbase_el.qm), and with no printer configured it offered to print to
"/root/Βεβαίωση 1/2026.pdf", a folder that did not exist. This panel lists
the printers QPrinterInfo knows, offers "Save as PDF file" with a safe,
meaningful name in a remembered folder, and remembers the clerk's printer
and choices for the next time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from correspondent_app.i18n import _
from correspondent_app.ui import remember
from correspondent_app.ui.file_names import document_file_name, safe_stem, unused_path
from correspondent_app.ui.widgets import ERROR_STYLE, heading, translate_buttons

TO_FILE = ""  # the remembered destination "a PDF file" (no printer has an empty name)


@dataclass(frozen=True)
class Printer:
    """A printer as the panel lists it."""

    name: str
    duplex: bool = False
    default: bool = False


def system_printers() -> list[Printer]:
    """The printers the system knows (none on a machine where no printer was set up)."""
    default = QPrinterInfo.defaultPrinterName()
    long_side = QPrinter.DuplexMode.DuplexLongSide
    return [Printer(info.printerName(), long_side in info.supportedDuplexModes(), info.printerName() == default)
            for info in QPrinterInfo.availablePrinters()]


@dataclass(frozen=True)
class PrintChoice:
    """Where a job goes: a printer by name, or a PDF file (``printer`` None)."""

    printer: str | None
    path: Path | None = None
    copies: int = 1
    duplex: bool = False

    @classmethod
    def of(cls, printer: QPrinter) -> PrintChoice:
        """What a ready-made printer (a test's PDF printer) does with the job."""
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return cls(None, Path(printer.outputFileName()), printer.copyCount())
        return cls(printer.printerName(), None, printer.copyCount())

    def make_printer(self, title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        if self.printer is None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.path))
            return printer
        printer.setPrinterName(self.printer)
        printer.setCopyCount(self.copies)
        if self.duplex:
            printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        return printer


class PrintPanel(QDialog):
    """Choose the printer or a PDF file for ``title``; ``choice`` holds the answer once accepted."""

    def __init__(self, title: str, file_name: str, parent: QWidget | None = None,
                 printers: list[Printer] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPanel")
        self.setWindowTitle(_("Print {title}").format(title=title))
        self.printers = system_printers() if printers is None else printers
        self.choice: PrintChoice | None = None
        self.folder = remember.folder(remember.PRINT_FOLDER)
        self._build(title, file_name)
        self._restore()
        self._destination_changed()

    def _build(self, title: str, file_name: str) -> None:
        self.destination = QComboBox(objectName="printDestination")
        for printer in self.printers:
            self.destination.addItem(printer.name, printer.name)
        self.destination.addItem(_("Save as a PDF file"), TO_FILE)
        self.copies = QSpinBox(objectName="printCopies", minimum=1, maximum=99)
        self.duplex = QCheckBox(_("On both sides of the paper"), objectName="printDuplex")
        # A long path wrapped mid-name over two lines: one line, read-only, ending on the folder's own name.
        self.folder_label = QLineEdit(str(self.folder), objectName="printFolder", readOnly=True)
        self.change_folder = QPushButton(_("Change folder…"), objectName="printChangeFolder")
        self.change_folder.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.change_folder)
        self.file_name = QLineEdit(unused_path(self.folder, file_name).name, objectName="printFileName")
        self.problem = QLabel(objectName="printProblem", wordWrap=True, visible=False)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.form = QFormLayout()
        self.form.addRow(_("Printer:"), self.destination)
        self.form.addRow(_("Copies:"), self.copies)
        self.form.addRow("", self.duplex)
        self.form.addRow(_("Folder:"), folder_row)
        self.form.addRow(_("File name:"), self.file_name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        translate_buttons(buttons)
        self.go_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.go_button.setObjectName("printGo")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.destination.currentIndexChanged.connect(self._destination_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _restore(self) -> None:
        """The printer and choices of the last job; else the system's default printer; else a PDF file."""
        names = [p.name for p in self.printers]
        last = remember.value("print/destination")
        default = next((p.name for p in self.printers if p.default), names[0] if names else TO_FILE)
        wanted = last if last == TO_FILE or last in names else default
        self.destination.setCurrentIndex(self.destination.findData(wanted))
        self.copies.setValue(remember.value("print/copies", 1, int))
        self.duplex.setChecked(remember.value("print/duplex", False, bool))

    def to_file(self) -> bool:
        return self.destination.currentData() == TO_FILE

    def _destination_changed(self) -> None:
        to_file = self.to_file()
        printer = next((p for p in self.printers if p.name == self.destination.currentData()), None)
        for row, shown in ((self.copies, not to_file), (self.duplex, bool(printer and printer.duplex)),
                           (self.folder_label, to_file), (self.file_name, to_file)):
            self.form.setRowVisible(self._row_of(row), shown)
        self.go_button.setText(_("Save the PDF") if to_file else _("Print"))
        self.problem.setVisible(False)

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item and (item.widget() is widget or (item.layout() and item.layout().indexOf(widget) >= 0)):
                return row
        raise LookupError(widget)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the PDF files"), str(self.folder))
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(chosen)
            self.problem.setVisible(False)

    def _file_problem(self, path: Path) -> str | None:
        """What stops the PDF being written there, in words the clerk can act on."""
        if not self.folder.is_dir():
            return _("The folder {folder} does not exist: choose another with “Change folder…”.").format(
                folder=self.folder)
        if not os.access(self.folder, os.W_OK):
            return _("Files cannot be saved in the folder {folder}: choose another with “Change folder…”.").format(
                folder=self.folder)
        if path.exists():
            return _("A file named {name} is already there: give another name.").format(name=path.name)
        return None

    def accept(self) -> None:
        if self.to_file():
            typed = self.file_name.text().strip()
            stem = typed[:-4] if typed.lower().endswith(".pdf") else typed
            path = self.folder / (safe_stem(stem) + ".pdf")
            problem = self._file_problem(path)
            if problem:
                self.problem.setText(problem)
                self.problem.setVisible(True)
                self.file_name.setFocus()
                return
            self.choice = PrintChoice(None, path)
            remember.remember_folder(remember.PRINT_FOLDER, self.folder)
        else:
            self.choice = PrintChoice(self.destination.currentData(), None, self.copies.value(),
                                      self.duplex.isVisibleTo(self) and self.duplex.isChecked())
            remember.remember("print/copies", self.copies.value())
            remember.remember("print/duplex", self.duplex.isChecked())
        remember.remember("print/destination", self.destination.currentData())
        super().accept()


def choose_destination(parent: QWidget | None, title: str, who: str | None = None) -> PrintChoice | None:
    """Ask where ``title`` goes (the panel); None if the clerk cancelled."""
    panel = PrintPanel(title, document_file_name(title, who), parent)
    return panel.choice if panel.exec() == QDialog.DialogCode.Accepted else None
