"""Remembered across restarts (issue 16, item 14): window size and place, splitters, folders — in a test's own settings."""

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSplitter

from correspondent_app.ui import remember
from correspondent_app.ui.main_window import MainWindow


def reopen(qtbot, registry) -> MainWindow:
    """The application started again on the same registry."""
    window = MainWindow(registry)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def drag(handle, dx: int) -> None:
    """The clerk drags a splitter's handle ``dx`` pixels to the right with the mouse."""
    start = QPointF(handle.rect().center())
    left, no_button = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    events = [(QEvent.Type.MouseButtonPress, start, left, left),
              (QEvent.Type.MouseMove, start + QPointF(dx / 2, 0), no_button, left),
              (QEvent.Type.MouseMove, start + QPointF(dx, 0), no_button, left),
              (QEvent.Type.MouseButtonRelease, start + QPointF(dx, 0), left, no_button)]
    for kind, pos, button, buttons in events:
        global_pos = QPointF(handle.mapToGlobal(pos.toPoint()))
        QApplication.sendEvent(handle, QMouseEvent(kind, pos, global_pos, button, buttons,
                                                   Qt.KeyboardModifier.NoModifier))


def test_the_window_opens_where_and_as_large_as_it_was_left(qtbot, window, registry, own_settings):
    qtbot.waitExposed(window)
    window.resize(1000, 620)
    window.move(70, 40)
    qtbot.waitUntil(lambda: window.size().width() == 1000 and window.pos() == QPoint(70, 40))
    window.close()
    assert own_settings.exists()  # the test's own file: the clerk's real settings are untouched
    again = reopen(qtbot, registry)
    assert (again.size().width(), again.size().height()) == (1000, 620)
    assert again.pos() == QPoint(70, 40)


def test_a_moved_splitter_keeps_its_place(qtbot, window, registry):
    splitter = window.section("counterSection").findChild(QSplitter)
    qtbot.waitExposed(window)
    before = splitter.sizes()
    drag(splitter.handle(1), 120)
    moved = splitter.sizes()
    assert moved[0] > before[0] + 80, (before, moved)
    window.close()
    again = reopen(qtbot, registry)
    assert again.section("counterSection").findChild(QSplitter).sizes() == moved
    assert again.section("registrySection").findChild(QSplitter).sizes() != moved  # each splitter its own


def test_the_last_folders_are_remembered_and_a_lost_one_is_not_offered(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert remember.folder(remember.EXPORT_FOLDER) == home / "Documents"  # the first time: Documents
    usb = tmp_path / "usb"
    usb.mkdir()
    remember.remember_folder(remember.EXPORT_FOLDER, usb / "export-2026-12-05.zip")
    remember.remember_folder(remember.IMPORT_FOLDER, usb)
    assert remember.folder(remember.EXPORT_FOLDER) == usb and remember.folder(remember.IMPORT_FOLDER) == usb
    usb.rmdir()  # the stick is out
    assert remember.folder(remember.EXPORT_FOLDER) == home / "Documents"



def test_the_hq_list_dialog_opens_in_the_folder_of_the_last_list(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "lista.csv").write_text("not a list\n", encoding="utf-8")
    seen = []

    def file_dialog(_parent, _title, folder, _filter):  # the clerk picks the list on the stick
        seen.append(folder)
        return str(usb / "lista.csv"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_dialog))
    section = window.section("hqSection")
    for _time in range(2):
        qtbot.mouseClick(section.findChild(QPushButton, "importList"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not section.task.isRunning())
    assert seen == [str(home / "Documents"), str(usb)]
