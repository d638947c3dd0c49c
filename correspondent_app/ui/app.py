"""Starting the desktop application."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from correspondent_app.i18n import DEFAULT_LANGUAGE, set_language
from correspondent_app.paths import resource
from correspondent_app.settings import default_registry_path, demo_registry_path, log_dir

#: Large, readable text at the counter.
BASE_POINT_SIZE = 11


def open_registry(args: argparse.Namespace):
    """The registry the command line asks for: --db, --demo, or the user's own."""
    from correspondent_app.registry import Registry  # noqa: PLC0415

    if args.demo:
        path = demo_registry_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists()
        registry = Registry.open(path)
        if fresh:
            from correspondent_app.demo.generate import make_demo  # noqa: PLC0415

            make_demo(registry, persons=80)
        return registry
    path = args.db or default_registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return Registry.open(path)


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own words (Close, Cancel, Yes, No…) in the user's language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator  # noqa: PLC0415

    old = getattr(app, "_qt_translator", None)
    if old is not None:
        app.removeTranslator(old)
    translator = QTranslator(app)
    if translator.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        app._qt_translator = translator


def install_input_guards(app: QApplication) -> None:
    """The mouse wheel changes no combo box, spin box or slider without the focus: it scrolls the page."""
    from correspondent_app.ui.input_guard import install  # noqa: PLC0415

    install(app)


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("correspondent-app")
    app.setOrganizationName("OGA")
    app.setWindowIcon(QIcon(str(resource("icons", "correspondent-app.png"))))  # every window and dialog
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    install_input_guards(app)  # once, for every window: a scrolled page never changes an answer
    return app


def run(args: argparse.Namespace) -> int:
    from correspondent_app.ui.errors import install_excepthook, setup_logging, show_error  # noqa: PLC0415
    from correspondent_app.ui.main_window import MainWindow  # noqa: PLC0415

    app = create_app()
    setup_logging(log_dir())
    from correspondent_app.ui.crash_trace import enable_crash_trace  # noqa: PLC0415

    enable_crash_trace(log_dir())  # a native crash leaves the Python stack in logs/, not an empty folder
    install_excepthook()
    set_language(DEFAULT_LANGUAGE)
    install_qt_translations(app, DEFAULT_LANGUAGE)  # before any dialog, so its buttons are in Greek too
    try:
        registry = open_registry(args)
    except Exception as exc:  # noqa: BLE001 - the message says what to do
        show_error(None, exc)
        return 1
    profile = registry.profile.get()
    if profile is None:
        from correspondent_app.ui.setup_dialog import SetupDialog  # noqa: PLC0415 - first run only

        if not SetupDialog(registry).exec():
            return 0
        profile = registry.profile.get()
    if profile.language != DEFAULT_LANGUAGE:
        set_language(profile.language)
        install_qt_translations(app, profile.language)
    window = MainWindow(registry)
    window.show()
    window.start_daily_backup()  # a failed backup is shown, and does not stop the counter
    if getattr(args, "quit_when_shown", False):
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        QTimer.singleShot(0, app.quit)  # measuring start-up: leave as soon as the window is up
    code = app.exec()
    window.wait_for_background_work()
    _destroy(window)
    registry.close()
    return code


def _destroy(window) -> None:
    """Delete the window and its dialogs (previews, cases) now, while Qt and Python are both whole.

    Left to the interpreter's exit, they were torn down in no set order,
    some after the QApplication: a Qt object deleted that late may release
    Python objects twice (the "bool_dealloc" crash at closing).
    """
    from PySide6.QtCore import QCoreApplication, QEvent  # noqa: PLC0415

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)



