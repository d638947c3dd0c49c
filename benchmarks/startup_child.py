"""Baseline of the start-up benchmark: a bare PySide6 window, shown, then the process exits."""

import sys


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 760)
    window.show()
    app.processEvents()


if __name__ == "__main__":
    bare()
