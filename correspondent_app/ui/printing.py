"""Print jobs off the UI thread.

Rendering a page for the printer takes about half a second, so the three
copies of a certificate froze the window for over a second, and a batch of
certificates for many. The clerk chooses the printer in the UI thread; the
pages are painted in a worker with a progress dialog whose Cancel drops the
whole job. What must be recorded (the print log of a certificate) is
recorded in the UI thread once the printer has the complete job.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from correspondent_app.i18n import _
from correspondent_app.ui.errors import show_error

PrinterFactory = Callable[[str], QPrinter]

_running: list = []  # print tasks not yet reported back (kept alive; tests wait on them)


def print_in_background(parent: QWidget, pdfs: list[bytes], title: str, *,
                        printer_factory: PrinterFactory | None = None,
                        on_printed: Callable[[int], None] | None = None):
    """Print ``pdfs`` as one job; ``on_printed(pages)`` runs in the UI thread when it is complete.

    Returns the task's thread, or None if the clerk closed the print dialog.
    ``printer_factory`` replaces the dialog (tests print to PDF files).
    """
    from correspondent_app.ui.pdf import choose_printer, paint_pdfs  # noqa: PLC0415
    from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

    if any(task.parent() is parent for task in _running):
        return None  # a second click while the first job is painted would print it twice
    printer = printer_factory(title) if printer_factory else choose_printer(parent, title)
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

    def failed(exc: BaseException) -> None:
        _running.remove(task)
        show_error(parent, exc)

    task = run_task(parent, _("Printing {title}…").format(title=title),
                    lambda progress: paint_pdfs(printer, pdfs, progress), done, failed,
                    on_cancel=lambda: _running.remove(task), modal=True)
    _running.append(task)
    return task


def running_print_tasks() -> list:
    """Print jobs still being painted or reported (the app waits for them at exit)."""
    return list(_running)
