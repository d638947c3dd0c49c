"""Previewing and printing the PDFs the documents package makes.

The PDF bytes are what was kept in the registry, so what is printed is
exactly what was issued. Preview uses QtPdf; printing renders each page
with QPdfDocument onto a QPrinter (a real printer, or a PDF file in tests),
in a worker thread with a progress dialog that can cancel the job. Where it
goes is chosen in our own print panel (ui/print_panel.py), not Qt's dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from correspondent_app.i18n import _
from correspondent_app.ui.errors import PrintingFailed
from correspondent_app.ui.printing import print_in_background
from correspondent_app.ui.widgets import fit_to_screen, translate_buttons

PRINT_DPI = 300


def load_pdf(pdf: bytes, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    document._buffer = buffer  # the document reads from it lazily
    return document


def page_count(pdfs: list[bytes]) -> int:
    return sum(load_pdf(pdf).pageCount() for pdf in pdfs)


def paint_pdfs(printer: QPrinter, pdfs: list[bytes], progress=None) -> int:
    """Paint every page of every PDF onto ``printer`` as one print job; the number of pages.

    Qt allows painting on a QPrinter outside the UI thread, and this takes
    about half a second a page: the caller runs it in a worker. ``progress``
    (tasks.Progress) hears of each page and raises ``Cancelled`` when the
    clerk cancels: the job is then aborted and nothing reaches the printer.
    """
    total = page_count(pdfs)
    dpi = min(printer.resolution(), PRINT_DPI)  # no finer than the printer prints
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingFailed(_("The printer could not be started."))
    done = 0
    try:
        for pdf in pdfs:
            document = load_pdf(pdf)
            for index in range(document.pageCount()):
                if done:
                    printer.newPage()
                size = document.pagePointSize(index)
                pixels = QSize(int(size.width() / 72 * dpi), int(size.height() / 72 * dpi))
                image: QImage = document.render(index, pixels)
                painter.drawImage(QRect(QPoint(0, 0), pixels.scaled(painter.viewport().size(), _keep_aspect())), image)
                done += 1
                if progress is not None:
                    progress.report(done, total)
    except BaseException:
        printer.abort()  # a half-painted job is dropped, not printed
        raise
    finally:
        painter.end()
    return done


def _keep_aspect():
    from PySide6.QtCore import Qt  # noqa: PLC0415

    return Qt.AspectRatioMode.KeepAspectRatio


class PdfPreview(QDialog):
    """A document on screen before it is printed."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, *, printer_factory=None,
                 on_printed=None, who: str | None = None, copies: int | None = None) -> None:
        """``on_printed(pages)`` runs once the printer has the job (a certificate's print is logged).

        ``who`` and ``copies`` as for ``print_in_background`` (the file's name, the status line).
        """
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
        translate_buttons(buttons)
        self.print_button = buttons.addButton(_("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: print_in_background(
            self, [self.pdf], title, printer_factory=printer_factory, on_printed=on_printed, who=who, copies=copies))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 1000)
