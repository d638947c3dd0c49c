"""Previewing and printing the PDFs the documents package makes.

The PDF bytes are what was kept in the registry, so what is printed is
exactly what was issued. Preview uses QtPdf; printing renders each page
with QPdfDocument onto a QPrinter (a real printer, or a PDF file in tests).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from correspondent_app.i18n import _

PRINT_DPI = 300


def load_pdf(pdf: bytes, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    document._buffer = buffer  # the document reads from it lazily
    return document


def print_pdf(parent: QWidget | None, pdf: bytes, title: str, printer: QPrinter | None = None) -> bool:
    """Print every page of ``pdf``; asks for the printer unless one is given. True if printed."""
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    document = load_pdf(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started."))
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = painter.viewport()
            size = document.pagePointSize(index)
            pixels = QSize(int(size.width() / 72 * PRINT_DPI), int(size.height() / 72 * PRINT_DPI))
            image: QImage = document.render(index, pixels)
            scaled = pixels.scaled(target.size(), _keep_aspect())
            painter.drawImage(QRect(QPoint(0, 0), scaled), image)
    finally:
        painter.end()
    return True


def _keep_aspect():
    from PySide6.QtCore import Qt  # noqa: PLC0415

    return Qt.AspectRatioMode.KeepAspectRatio


class PdfPreview(QDialog):
    """A document on screen before it is printed."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        self.pdf = pdf
        self.document = load_pdf(pdf, self)
        view = QPdfView(self)
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        print_button = buttons.addButton(_("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        print_button.clicked.connect(lambda: print_pdf(self, self.pdf, title))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(900, 1000)
