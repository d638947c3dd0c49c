"""Long work runs off the UI thread; what it reports comes back on the UI thread."""

import threading

from PySide6.QtWidgets import QWidget

from correspondent_app.ui.tasks import run_task


def test_work_runs_in_a_worker_and_callbacks_in_the_ui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    ui = threading.get_ident()
    seen = {}

    def work(progress):
        seen["work"] = threading.get_ident()
        progress.report(1, 2)
        return 42

    def done(result):
        seen["done"] = (threading.get_ident(), result)

    thread = run_task(parent, "…", work, done, lambda exc: seen.setdefault("error", exc))
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    assert seen["work"] != ui
    assert seen["done"] == (ui, 42)  # widgets may be touched here
    assert "error" not in seen
    qtbot.waitUntil(thread.isFinished, timeout=5000)


def test_a_failure_reaches_the_ui_thread_and_the_thread_still_ends_without_a_ui_loop(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    errors = []

    def work(progress):
        raise OSError("disk full")

    thread = run_task(parent, "…", work, lambda _r: None, errors.append)
    assert thread.wait(5000)  # ends by itself, as at exit when nothing processes events
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], OSError)
