"""Print jobs off the UI thread.

Rendering a page for the printer takes about half a second, so the three
copies of a certificate froze the window for over a second, and a batch of
certificates for many. The clerk chooses the printer in the UI thread (our
own print panel, in the clerk's language); the pages are painted in a worker
with a progress dialog whose Cancel drops the whole job. What must be
recorded (the print log of a certificate) is recorded in the UI thread once
the printer has the complete job, and the main window's status line then
says what went where.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from correspondent_app.i18n import _
from correspondent_app.ui.errors import show_error

PrinterFactory = Callable[[str], QPrinter]

_running: list = []  # print tasks not yet reported back (kept alive; tests wait on them)


def print_in_background(parent: QWidget, pdfs: list[bytes], title: str, *,
                        printer_factory: PrinterFactory | None = None,
                        on_printed: Callable[[int], None] | None = None,
                        who: str | None = None, copies: int | None = None):
    """Print ``pdfs`` as one job; ``on_printed(pages)`` runs in the UI thread when it is complete.

    Returns the task's thread, or None if the clerk cancelled the print panel.
    ``printer_factory`` replaces the panel (tests print to PDF files). ``who``
    (a surname) goes into a PDF file's name; ``copies`` is how many copies the
    PDFs hold (a certificate's three), for the status line.
    """
    from correspondent_app.ui.pdf import paint_pdfs  # noqa: PLC0415
    from correspondent_app.ui.print_panel import PrintChoice, choose_destination  # noqa: PLC0415
    from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

    if any(task.parent() is parent for task in _running):
        return None  # a second click while the first job is painted would print it twice
    if printer_factory:
        printer = printer_factory(title)
        choice = PrintChoice.of(printer) if printer is not None else None
    else:
        choice = choose_destination(parent, title, who)
        printer = choice.make_printer(title) if choice else None
    if printer is None:
        return None
    task = None

    def done(pages: int) -> None:
        _running.remove(task)
        if on_printed is not None:
            try:
                on_printed(pages)
            except Exception as exc:  # noqa: BLE001 - shown to the user
                show_error(parent, exc)
        report(parent, done_message(choice, title, pages, copies))

    def failed(exc: BaseException) -> None:
        _running.remove(task)
        show_error(parent, exc)

    task = run_task(parent, _("Printing {title}…").format(title=title),
                    lambda progress: paint_pdfs(printer, pdfs, progress), done, failed,
                    on_cancel=lambda: _running.remove(task), modal=True)
    _running.append(task)
    return task


def done_message(choice, title: str, pages: int, copies: int | None = None) -> str:
    """«3 αντίγραφα → HP LaserJet (Βεβαίωση 1/2026)» or «1 σελίδα → αρχείο …/Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf»."""
    if copies or choice.copies > 1:
        n = (copies or 1) * choice.copies
        what = _("1 copy") if n == 1 else _("{n} copies").format(n=n)
    else:
        what = _("1 page") if pages == 1 else _("{n} pages").format(n=pages)
    if choice.printer is None:
        return _("{what} → file …/{name}").format(what=what, name=choice.path.name)  # the name says what it is
    return _("{what} → {printer} ({title})").format(what=what, printer=choice.printer, title=title)


def main_window_of(widget: QWidget | None) -> QMainWindow | None:
    """The main window a dialog (a case, a preview) was opened from."""
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    if widget is None:
        widget = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)), None)
    return widget


def report(parent: QWidget, text: str) -> None:
    """The status line says what went where; it stays until the next message replaces it."""
    window = main_window_of(parent)
    if window is not None:
        window.statusBar().showMessage(text)


def running_print_tasks() -> list:
    """Print jobs still being painted or reported (the app waits for them at exit)."""
    return list(_running)
