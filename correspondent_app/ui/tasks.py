"""Long work off the UI thread, with a progress dialog that can be cancelled.

A task receives a ``Progress`` to report (done, total) and to ask whether the
user cancelled; it opens its own registry connection in the worker thread
(SQLite connections are per thread; WAL lets the UI keep reading).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from correspondent_app.i18n import _


class Cancelled(Exception):
    """The user cancelled the task."""


class Progress:
    def __init__(self, worker: "_Worker") -> None:
        self._worker = worker
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self._worker.progressed.emit(done, total)


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], object]) -> None:
        super().__init__()
        self.work = work
        self.progress = Progress(self)

    def run(self) -> None:
        try:
            self.finished.emit(self.work(self.progress))
        except Exception as exc:  # noqa: BLE001 - reported to the UI thread
            self.failed.emit(exc)
        finally:
            # The thread ends itself when the work is done: nothing in the UI
            # thread needs to run for it (at exit the UI loop is gone, and
            # waiting for the thread must still end).
            QThread.currentThread().quit()


class _Relay(QObject):
    """Lives in the UI thread, so the worker's signals reach it queued, there.

    Plain functions connected to a worker's signal would run in the worker's
    thread and touch widgets from it (Qt forbids that; it warns, or crashes).
    """

    def __init__(self, parent: QWidget, progressed, finished, failed) -> None:
        super().__init__(parent)
        self._progressed, self._finished, self._failed = progressed, finished, failed

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        self._progressed(done, total)

    @Slot(object)
    def finished(self, result: object) -> None:
        self._finished(result)

    @Slot(object)
    def failed(self, exc: object) -> None:
        self._failed(exc)


def run_task(parent: QWidget, label: str, work: Callable[[Progress], object],
             on_done: Callable[[object], None], on_error: Callable[[BaseException], None],
             on_cancel: Callable[[], None] | None = None, modal: bool = False) -> QThread:
    """Start ``work`` in a thread with a cancellable progress dialog; the callbacks run in the UI thread.

    ``modal``: the window waits (a print job), though it still repaints and
    Cancel works; otherwise the clerk goes on working (a backup).
    """
    thread = QThread(parent)
    worker = _Worker(work)
    worker.moveToThread(thread)
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(True)
    if modal:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.canceled.connect(lambda: setattr(worker.progress, "cancelled", True))

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finish(result) -> None:
        dialog.reset()
        on_done(result)

    def fail(exc) -> None:
        dialog.reset()
        if not isinstance(exc, Cancelled):
            on_error(exc)
        elif on_cancel is not None:
            on_cancel()

    relay = _Relay(parent, progressed, finish, fail)
    worker.progressed.connect(relay.progressed)
    worker.finished.connect(relay.finished)
    worker.failed.connect(relay.failed)
    thread.started.connect(worker.run)
    thread.finished.connect(worker.deleteLater)
    thread._worker, thread._relay = worker, relay  # keep them alive as long as the thread
    thread.start()
    return thread
