"""Printing that works (issue 16, item 7): our own print panel, safe file names, a status line, a crash trace."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QLabel

from correspondent_app.ui import remember
from correspondent_app.ui.file_names import document_file_name
from correspondent_app.ui.print_panel import Printer, PrintChoice, PrintPanel
from correspondent_app.ui.printing import done_message

from .conftest import button_texts, error_dialogs, shot, wait_for_printing, when_modal
from .test_printing import certificate_step, issued_cases

ROOT = Path(__file__).resolve().parents[2]
PRINTERS = [Printer("Canon LBP", default=True), Printer("HP LaserJet", duplex=True)]


@pytest.fixture()
def documents(tmp_path, monkeypatch):
    """The clerk's Documents folder (a temporary home: no test writes into the real one)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home / "Documents"


@pytest.fixture()
def counter(qtbot, registry):
    """The main window as the clerk has it: no printer factory, so printing goes through the panel."""
    from correspondent_app.ui.main_window import MainWindow

    window = MainWindow(registry)
    qtbot.addWidget(window)
    window.show()
    return window


def test_file_names_are_safe_and_meaningful():
    assert document_file_name("Βεβαίωση 1/2026", "Χότζα") == "Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf"
    assert document_file_name('Δια<βι>βα:σ"τι\\κό|?* 3/2026\x07\n') == "Διαβιβαστι-κό 3-2026.pdf"
    assert document_file_name("CON") == "_CON.pdf" and document_file_name("...") == "document.pdf"


def test_with_no_printer_the_certificate_is_saved_as_a_named_pdf_in_documents(qtbot, counter, registry, documents):
    (case_id,) = issued_cases(registry, 1)
    cw, step = certificate_step(qtbot, counter, case_id)
    seen = {}

    def look_and_save(panel):
        seen["destination"] = panel.destination.currentText()
        seen["folder"] = panel.folder_label.text()
        seen["file"] = panel.file_name.text()
        seen["buttons"] = button_texts(panel)
        seen["labels"] = [label.text() for label in panel.findChildren(QLabel) if label.isVisible()]
        seen["qt dialog"] = any(isinstance(w, QPrintDialog) for w in QApplication.topLevelWidgets())
        shot(panel, "print-panel")
        qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)

    when_modal(PrintPanel, look_and_save)
    qtbot.mouseClick(step.print_button, Qt.MouseButton.LeftButton)
    wait_for_printing(qtbot)
    assert seen["destination"] == "Αποθήκευση ως αρχείο PDF" and seen["folder"] == str(documents)
    surname = registry.persons.get(registry.cases.get(case_id).person_id).surname_el
    from correspondent_app.ui.file_names import capitals

    expected = f"Βεβαίωση {registry.certificates.valid_for_case(case_id).protocol.replace('/', '-')} {capitals(surname)}.pdf"
    assert seen["file"] == expected
    assert "Αποθήκευση PDF" in seen["buttons"] and "Print" not in seen["buttons"] and not seen["qt dialog"]
    assert {"Εκτυπωτής:", "Φάκελος:", "Όνομα αρχείου:"} <= set(seen["labels"])
    saved = documents / expected
    assert len(PdfReader(io.BytesIO(saved.read_bytes())).pages) == 3
    assert counter.statusBar().currentMessage() == f"3 αντίγραφα → αρχείο …/{expected}"
    certificate = registry.certificates.valid_for_case(case_id)
    assert [copies for _at, copies, _r, _n in registry.certificates.prints(certificate.id)] == [3]
    shot(counter, "print-status-line")
    assert not error_dialogs()


def test_the_panel_offers_the_folder_last_used_and_never_overwrites(qtbot, tmp_path, documents):
    last = tmp_path / "Βεβαιώσεις 2026"
    last.mkdir()
    (last / "Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf").write_bytes(b"%PDF-")  # printed before
    remember.remember_folder(remember.PRINT_FOLDER, last / "Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf")
    panel = PrintPanel("Βεβαίωση 1/2026", "Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf", printers=[])
    qtbot.addWidget(panel)
    assert panel.folder_label.text() == str(last) and panel.file_name.text() == "Βεβαίωση 1-2026 ΧΟΤΖΑ (2).pdf"
    last.rename(tmp_path / "gone")  # the USB stick was pulled out meanwhile
    panel.show()
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and panel.choice is None  # the panel stays, and says why in Greek
    assert panel.problem.isVisible() and "δεν υπάρχει" in panel.problem.text()
    later = PrintPanel("Βεβαίωση 1/2026", "x.pdf", printers=[])
    qtbot.addWidget(later)
    assert later.folder_label.text() == str(documents)  # a folder that is gone falls back to Documents


def test_the_printer_and_the_choices_are_remembered(qtbot):
    panel = PrintPanel("Βεβαίωση 1/2026", "x.pdf", printers=PRINTERS)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.destination.currentText() == "Canon LBP"  # the system's default printer, the first time
    assert not panel.duplex.isVisible()  # that printer has one side only
    panel.destination.setFocus()
    qtbot.keyClick(panel.destination, Qt.Key.Key_Down)
    assert panel.destination.currentText() == "HP LaserJet" and panel.duplex.isVisible()
    panel.copies.selectAll()
    qtbot.keyClicks(panel.copies, "2")
    qtbot.mouseClick(panel.duplex, Qt.MouseButton.LeftButton)
    shot(panel, "print-panel-printer")
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert panel.choice == PrintChoice("HP LaserJet", None, 2, True)
    printer = panel.choice.make_printer("Βεβαίωση 1/2026")
    assert printer.copyCount() == 2 and printer.docName() == "Βεβαίωση 1/2026"

    again = PrintPanel("Βεβαίωση 2/2026", "y.pdf", printers=PRINTERS)  # the next certificate, or after a restart
    qtbot.addWidget(again)
    again.show()
    assert again.destination.currentText() == "HP LaserJet" and again.copies.value() == 2
    assert again.duplex.isChecked() and again.go_button.text() == "Εκτύπωση"


def test_the_status_line_says_what_went_where():
    to_printer = PrintChoice("HP LaserJet")
    assert done_message(to_printer, "Βεβαίωση 1/2026", 3, copies=3) == "3 αντίγραφα → HP LaserJet (Βεβαίωση 1/2026)"
    assert done_message(PrintChoice("HP LaserJet", copies=2), "Διαβιβαστικό 4/2026", 1) \
        == "2 αντίγραφα → HP LaserJet (Διαβιβαστικό 4/2026)"
    assert done_message(to_printer, "Σύνοψη", 1) == "1 σελίδα → HP LaserJet (Σύνοψη)"


def run_child(script: Path, tmp_path: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "CORRESPONDENT_APP_HOME": str(tmp_path / "data"), "PYTHONFAULTHANDLER": ""}
    env.pop("CORRESPONDENT_APP_SETTINGS", None)  # the child keeps its settings in its data folder
    (tmp_path / "home").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, str(script), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_a_native_crash_leaves_a_trace_in_the_log_folder(tmp_path):
    child = tmp_path / "crash.py"
    child.write_text(
        "import argparse, faulthandler\n"
        "from PySide6.QtCore import QTimer\n"
        "from correspondent_app.registry import Registry\n"
        "from correspondent_app.settings import default_registry_path\n"
        "from correspondent_app.ui.app import create_app, run\n"
        "path = default_registry_path(); path.parent.mkdir(parents=True)\n"
        "with Registry.open(path, actor='clerk') as registry:\n"
        "    registry.profile.save(community='Κ', municipality='Δ', prefecture='Ν', correspondent_name='Μ',"
        " oga_branch='Π')\n"
        "create_app()\n"
        "QTimer.singleShot(300, faulthandler._sigsegv)  # a crash in C code, once the counter is up\n"
        "run(argparse.Namespace(demo=False, db=None))\n")
    result = run_child(child, tmp_path)
    assert result.returncode != 0
    trace = tmp_path / "data" / "logs" / "crash-trace.log"
    text = trace.read_text()
    assert "Fatal Python error: Segmentation fault" in text and "crash.py" in text, text


def test_print_preview_and_close_end_cleanly(tmp_path):
    """The clerk's evening: print a certificate, preview it, print from the preview, close (issue: bool_dealloc)."""
    for attempt in range(3):
        result = run_child(Path(__file__).with_name("print_and_close_child.py"), tmp_path, str(tmp_path / f"r{attempt}"))
        assert result.returncode == 0 and "Fatal" not in result.stderr, result.stderr
        assert "3 αντίγραφα → αρχείο …/Βεβαίωση 1-2026 ΧΟΤΖΑ" in result.stdout, result.stdout
