"""Real windows, offscreen, driven with qtbot; printing goes to PDF files."""

import os
from datetime import date
from pathlib import Path

import pytest

SCREENS = Path(__file__).parent / "screens"
# Every UI test runs on the smallest screen the app is made for, a 1366x768
# laptop: windows that do not fit, and what their screenshots show, are seen.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS / 'laptop-1366x768.json'}"

from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from correspondent_app.i18n import current_language, set_language  # noqa: E402
from correspondent_app.registry import Registry  # noqa: E402
from correspondent_app.ui import errors  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"


@pytest.fixture(autouse=True, scope="session")
def app_as_shipped(qapp):
    """The application as the program makes it (its larger counter font): what the screenshots show."""
    from correspondent_app.ui.app import create_app

    return create_app()


@pytest.fixture(autouse=True)
def greek_and_non_blocking_errors(monkeypatch):
    before = current_language()
    set_language("el")
    monkeypatch.setattr(errors.show_error, "non_blocking", True, raising=False)
    yield
    set_language(before)  # other packages' tests read English messages, whatever ran first
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """Each test its own QSettings file (ui/remember.py): never the user's, and no window size left to the next test."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("CORRESPONDENT_APP_SETTINGS", str(path))
    return path


@pytest.fixture()
def registry(tmp_path):
    reg = Registry.open(tmp_path / "registry.sqlite", actor="clerk")
    reg.profile.save(community="Κοινότητα Αγίου Αθανασίου", municipality="Δήμος Μυγδονίας",
                     prefecture="Ν. Θεσσαλονίκης", correspondent_name="Μαρία Παπαδοπούλου",
                     oga_branch="Π.Υ. ΟΓΑ Θεσσαλονίκης")
    yield reg
    reg.close()


@pytest.fixture()
def printed(tmp_path):
    """Printer factory writing each print job to a PDF file; the list of files printed."""
    files: list[Path] = []

    def factory(name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"print-{len(files) + 1}.pdf"
        printer.setOutputFileName(str(path))
        files.append(path)
        return printer

    factory.files = files
    return factory


@pytest.fixture()
def window(qtbot, registry, printed):
    from correspondent_app.ui.main_window import MainWindow

    win = MainWindow(registry, printer_factory=printed)
    qtbot.addWidget(win)
    win.show()
    return win


def person(registry, surname_el="Χότζα", surname_lat="HOXHA", passport="BA1234567", **extra):
    data = {"surname_el": surname_el, "name_el": "Αρμπέν", "surname_lat": surname_lat, "name_lat": "ARBEN",
            "father_name": "Ιλίρ", "birth_date": date(1975, 3, 14), "nationality": "AL", "passport_no": passport,
            "residence_doc": "complete_dossier", **extra}
    return registry.persons.add(data, allow_duplicate=True)


def shot(widget, name: str) -> Path:
    """Save a screenshot for a person to look at (test-artifacts/ui)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for _ in range(3):  # let layouts settle before the picture: a page shown anew lays out in queued events
        QApplication.processEvents()
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def wait_for_printing(qtbot, timeout: int = 30000) -> None:
    """Print jobs are painted in a worker: wait until each is done and reported back."""
    from correspondent_app.ui.printing import running_print_tasks

    qtbot.waitUntil(lambda: not running_print_tasks(), timeout=timeout)


def error_dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def when_modal(kind, callback, timeout_ms: int = 5000) -> None:
    """Run ``callback(dialog)`` once a modal dialog of type ``kind`` is up.

    A dialog's exec() blocks the test until it closes: this answers it as a
    clerk would, from inside its event loop.
    """
    from PySide6.QtCore import QTimer

    waited = [0]

    def tick():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal.isVisible():
            try:
                callback(modal)
            except BaseException:
                modal.reject()  # a failed check must not leave the test waiting on the dialog
                raise
            return
        waited[0] += 50
        if waited[0] < timeout_ms:
            QTimer.singleShot(50, tick)

    QTimer.singleShot(50, tick)


def button_texts(widget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton

    return [b.text().replace("&", "") for b in widget.findChildren(QAbstractButton) if b.isVisible()]


def tick_documents(case_window) -> None:
    """The clerk ticks every document the applicant brought (the receipt is proven by the payment)."""
    from correspondent_app.ui.case.dialog import DOCUMENTS

    for check in case_window.steps[DOCUMENTS].checks.values():
        check.setChecked(True)


def issue_through_review(qtbot, step) -> None:
    """On the certificate step: acknowledge what the review warns of, Issue…, then confirm the summary."""
    from PySide6.QtCore import Qt

    for _round in range(6):  # each tick reloads the list
        if not step.review.ticks:
            break
        next(iter(step.review.ticks.values())).setChecked(True)
        qtbot.waitUntil(lambda: not step.review.ticks or all(not t.isChecked() for t in step.review.ticks.values()))
    assert not step.problems, [p.message for p in step.problems]
    qtbot.mouseClick(step.issue_button, Qt.MouseButton.LeftButton)
    assert step.confirm_box.isVisible() and step.window().focusWidget() is step.confirm_button
    qtbot.mouseClick(step.confirm_button, Qt.MouseButton.LeftButton)
