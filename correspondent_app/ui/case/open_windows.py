"""One window per case: a second open of a case shows the window already open.

A double click on a case row, or the same case opened from another list,
made a second window editing the same case. The owner (the main window)
keeps ``case_windows``, case id -> its open window, each dropped when it closes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def raise_open_window(owner: QWidget, case_id: int):
    """The case's window already open under ``owner``, raised and activated; None if there is none."""
    window = getattr(owner, "case_windows", {}).get(case_id)
    if window is None:
        return None
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def register_open_window(window, owner: QWidget | None) -> None:
    """List ``window`` as its case's open window under ``owner`` until it closes (Esc, Close, Finish)."""
    if owner is None:
        return
    windows = owner.__dict__.setdefault("case_windows", {})
    case_id = window.case.id
    windows[case_id] = window
    window.finished.connect(lambda _result: windows.get(case_id) is window and windows.pop(case_id))
