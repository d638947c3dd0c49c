"""The windows fit a 1366x768 laptop and a 150 %-scaled screen (1280x720 logical)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from correspondent_app.ui.pdf import PdfPreview
from correspondent_app.ui.widgets import WINDOW_FRAME

from .conftest import ARTIFACTS, SCREENS, person, shot

ROOT = Path(__file__).resolve().parents[2]


def fits(widget) -> bool:
    room = QApplication.primaryScreen().availableGeometry()
    size = widget.size()
    return size.width() <= room.width() and size.height() + WINDOW_FRAME <= room.height()


def test_every_window_fits_a_1366x768_laptop(qtbot, window, registry):
    from correspondent_app.documents.catalog import specimen

    assert QApplication.primaryScreen().geometry().height() == 768  # the conftest's laptop screen
    assert fits(window)
    room = QApplication.primaryScreen().availableGeometry()
    for row in range(window.nav.count()):  # sections are built on first visit: each must fit as it is shown
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= room.width(), window.nav.item(row).text()
        assert fits(window), window.nav.item(row).text()
    case_window = window.open_case(registry.cases.open(person(registry).id).id)
    assert fits(case_window)
    preview = PdfPreview(specimen("model3"), "model3")
    qtbot.addWidget(preview)
    assert fits(preview)  # it asked for 1000 px of height


def test_the_person_and_setup_dialogs_fit_with_their_buttons_in_view(qtbot, registry):
    """The person form was 832 px tall and could not shrink: Save and Cancel were below a 768 px screen."""
    from correspondent_app.ui.person_form import PersonDialog
    from correspondent_app.ui.setup_dialog import SetupDialog

    room = QApplication.primaryScreen().availableGeometry()
    for dialog in (PersonDialog(registry, person(registry)), PersonDialog(registry), SetupDialog(registry)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert fits(dialog), (dialog.objectName(), dialog.size())
        assert dialog.minimumSizeHint().height() + WINDOW_FRAME <= room.height(), dialog.objectName()
        buttons = dialog.findChild(QDialogButtonBox)
        bottom = buttons.mapTo(dialog, buttons.rect().bottomLeft()).y()
        assert buttons.isVisible() and bottom <= dialog.height(), dialog.objectName()
        shot(dialog, f"fit-{dialog.objectName()}")


@pytest.mark.parametrize("screen", ["laptop-1366x768", "laptop-1024x768", "hidpi-150"])
def test_counter_cases_and_steps_read_whole_on_each_screen(screen, tmp_path):
    """At 1366x768, 1024x768 and 150 % (1920x1080, 1280x720 logical): no sideways scroll bar in the person
    list, case tables or step list; passports, step names and dates whole; the left menu keeps its width;
    no heading over three lines (issue 16, item 13). Each screen needs its own process: Qt reads it once."""
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={SCREENS / (screen + '.json')}",
           "CORRESPONDENT_APP_SETTINGS": str(tmp_path / "settings.ini")}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "tests.ui.hidpi_child", screen, str(ARTIFACTS)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    if screen == "hidpi-150":
        assert "main: 1280x" in result.stdout  # shrunk to the 1280 logical pixels the screen has


def test_no_case_step_needs_sideways_scrolling_on_a_laptop(qtbot, window, registry):
    """Every page of the case window, in the app's font, fits the width of a 1366x768 screen."""
    from PySide6.QtWidgets import QScrollArea

    from .test_keyboard import cases_in_every_state

    wide = {}
    for state, case_id in cases_in_every_state(registry).items():
        cw = window.open_case(case_id)
        qtbot.waitExposed(cw)
        for index, step in enumerate(cw.steps):
            cw.go(index)
            QApplication.processEvents()  # widgets added to a shown page are shown by a queued event
            QApplication.processEvents()
            scroll = step.findChild(QScrollArea)
            if scroll.horizontalScrollBar().maximum() > 0:
                wide[f"{state} {step.objectName()}"] = scroll.horizontalScrollBar().maximum()
        cw.close()
    assert wide == {}
