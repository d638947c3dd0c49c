"""First run (the office's set-up), --db and --demo, as the program starts them."""

import argparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from correspondent_app.registry import Registry
from correspondent_app.registry.cases import STATE_LABELS
from correspondent_app.ui.app import open_registry
from correspondent_app.ui.main_window import MainWindow
from correspondent_app.ui.setup_dialog import SetupDialog

from .conftest import error_dialogs, shot


def test_first_run_asks_for_the_office_and_refuses_it_without_a_community(qtbot, tmp_path):
    registry = Registry.open(tmp_path / "new.sqlite", actor="clerk")
    assert registry.profile.get() is None  # what makes the program show the dialog
    dialog = SetupDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert error_dialogs() and registry.profile.get() is None and dialog.isVisible()  # said why, saved nothing
    dialog.edits["community"].setText("Κοινότητα Αγίου Αθανασίου")  # QTest cannot type Greek keys
    dialog.edits["municipality"].setText("Δήμος Μυγδονίας")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # 2 of the 5 fields that print: refused, all three named
    assert registry.profile.get() is None and dialog.isVisible()
    for key in ("prefecture", "correspondent_name", "oga_branch"):
        assert dialog.edits[key].styleSheet(), key  # marked
    assert dialog.focusWidget() is dialog.edits["prefecture"]
    assert "Νομός" in dialog.problem.text() or "Prefecture" in dialog.problem.text()
    shot(dialog, "first-run-setup-incomplete")
    dialog.edits["prefecture"].setText("Ν. Θεσσαλονίκης")
    dialog.edits["correspondent_name"].setText("Μαρία Παπαδοπούλου")
    dialog.edits["oga_branch"].setText("Π.Υ. ΟΓΑ Θεσσαλονίκης")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    shot(dialog, "first-run-setup")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    profile = registry.profile.get()
    assert profile.community == "Κοινότητα Αγίου Αθανασίου" and profile.language == "en" and not dialog.isVisible()
    registry.close()


def test_db_opens_the_file_it_names(tmp_path):
    path = tmp_path / "elsewhere" / "village.sqlite"
    registry = open_registry(argparse.Namespace(demo=False, db=path))
    assert registry.path == path and path.exists()
    registry.close()


def test_demo_is_a_marked_registry_with_cases_in_every_state(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRESPONDENT_APP_HOME", str(tmp_path))  # the user's data folder
    registry = open_registry(argparse.Namespace(demo=True, db=None))
    assert registry.path.parent == tmp_path and registry.profile.get().demo
    states = {state for (state,) in registry.db.execute("SELECT DISTINCT state FROM cases")}
    assert states == set(STATE_LABELS)
    window = MainWindow(registry)
    qtbot.addWidget(window)
    assert window.status_file.text().startswith("ΜΗΤΡΩΟ ΕΠΙΔΕΙΞΗΣ")  # never mistaken for the real registry
    assert window.windowTitle().startswith("ΜΗΤΡΩΟ ΕΠΙΔΕΙΞΗΣ")
    assert window.status_file.toolTip() == str(registry.path)
    window.show()
    labels = (window.status_file, window.status_backup, window.status_waiting)
    for left, right in zip(labels, labels[1:]):  # side by side, none drawn over another
        assert left.geometry().right() < right.geometry().left(), (left.text(), right.text())
    shot(window, "demo-main-window")
    registry.close()
