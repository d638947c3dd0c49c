"""Child process of the start-up benchmark: show a window, report when it is on screen."""

import resource
import sys
import time

START = time.perf_counter()


def report() -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    print(f"shown {time.perf_counter() - START:.4f} {peak:.1f}", flush=True)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 760)
    window.show()
    app.processEvents()
    report()


def ours(db: str) -> None:
    from pathlib import Path

    from correspondent_app.i18n import set_language
    from correspondent_app.registry import Registry
    from correspondent_app.ui.app import create_app
    from correspondent_app.ui.main_window import MainWindow

    app = create_app()
    set_language("el")
    registry = Registry.open(Path(db))
    window = MainWindow(registry)
    window.show()
    app.processEvents()
    report()


if __name__ == "__main__":
    bare() if sys.argv[1] == "bare" else ours(sys.argv[2])
