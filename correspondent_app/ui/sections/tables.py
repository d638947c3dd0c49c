"""Read-only tables shared by the office sections (cases, protocol book, HQ summary)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

#: How numbers sit in a column: right, so that units stand under units and a larger number looks larger.
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def make_table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    # Widths follow the contents whenever they or the font change (the
    # app's larger font is applied after the first fill), the last column
    # takes the rest of the width.
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)  # row numbers next to case numbers would be misread
    table.setWordWrap(False)  # "25/11/2026 10:45" broken over two lines reads as two values
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], numbers: tuple[int, ...] = ()) -> None:
    """``numbers``: the columns that hold numbers (amounts, counts), right-aligned, their headers too."""
    table.setRowCount(len(rows))
    for c in numbers:
        header = table.horizontalHeaderItem(c)
        if header is not None:
            header.setTextAlignment(NUMBER)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole text where a narrow screen cuts the column short
            if c in numbers:
                item.setTextAlignment(NUMBER)
            table.setItem(r, c, item)
