"""The mouse wheel scrolls the page; it never changes a value the clerk did not pick.

Scrolling a long step passed a combo box under the pointer and changed a legal
answer without anyone noticing. One filter on the application covers every
combo box, spin box (number, date, date-time) and slider, present and future:
without the keyboard focus such a widget lets the wheel scroll what holds it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget,
)

#: Widgets whose value the wheel would change.
GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def guarded(widget: QObject) -> bool:
    # A scroll bar's value is the page's position: the wheel is what it is for.
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


class InputGuard(QObject):
    """Installed on the QApplication: sees every event before its widget does."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if guarded(watched) and not watched.hasFocus():
                scroll_holder_instead(watched, event)
                return True
            return False
        if kind in (QEvent.Type.Polish, QEvent.Type.Show) and guarded(watched):
            # Wheel focus would let the wheel give the widget the focus, and with it the value.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def scroll_holder_instead(widget: QWidget, event: QWheelEvent) -> None:
    """Hand the wheel to the nearest scroll area around ``widget``, so the page scrolls on."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        event.ignore()  # nothing scrolls here: Qt offers a real wheel to the parents
        return
    viewport = area.viewport()
    forwarded = QWheelEvent(viewport.mapFromGlobal(event.globalPosition()), event.globalPosition(),
                            event.pixelDelta(), event.angleDelta(), event.buttons(), event.modifiers(),
                            event.phase(), event.inverted())
    QApplication.sendEvent(viewport, forwarded)
    event.accept()  # handled: not offered to the parents a second time


def install(app: QApplication) -> InputGuard:
    """Install the guard once; the application keeps it."""
    guard = getattr(app, "_input_guard", None)
    if guard is None:
        guard = InputGuard(app)
        app.installEventFilter(guard)
        app._input_guard = guard
    return guard
