"""Run by test_screens in a fresh process (Qt reads the screen set-up once per process): the main
window, the counter, the cases, and a case at every step, on one screen set-up (a 1366x768 or
1024x768 laptop, or a 1920x1080 screen at 150 % scaling), checked for what a clerk saw go wrong:

- sideways scroll bars in the person list, the case tables or the step list;
- passport numbers and step names cut short; date fields too narrow for «ηη/μμ/εεεε»;
- the left menu squeezed; headings wrapping to more than two lines.

``python -m tests.ui.hidpi_child SCREEN ARTIFACTS``: prints each problem, exits 1 if there is one.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QListWidget, QScrollArea, QTableWidget

from correspondent_app.i18n import set_language
from correspondent_app.registry import Registry
from correspondent_app.ui.app import create_app
from correspondent_app.ui.main_window import MainWindow
from correspondent_app.ui.widgets import WINDOW_FRAME, DateField
from tests.office import office

LONG = {"surname_el": "Παπαχριστοδουλόπουλος-Χότζα", "name_el": "Αρμπέν-Κωνσταντίνος", "father_name": "Ιλίρ",
        "surname_lat": "PAPACHRISTODOULOPOULOS-HOXHA", "name_lat": "ARBEN-KONSTANTINOS"}
PASSPORT = "AL3925944170"


def settle() -> None:
    for _ in range(3):  # a page shown anew lays out in queued events
        QApplication.processEvents()


def sideways(view: QAbstractScrollArea) -> bool:
    return view.horizontalScrollBar().maximum() > 0


def list_cut(view: QListWidget) -> list[str]:
    """Lines wider than the list shows, unless the list wraps them (Qt elides them: «Απόφ…», a passport
    without its end); a word wider than the list is cut even so."""
    room = view.viewport().width() - 12
    metrics = view.fontMetrics()
    lines = [line for r in range(view.count()) for line in view.item(r).text().splitlines()]
    # Qt wraps at spaces and after hyphens: "PAPACHRISTODOULOPOULOS-HOXHA" breaks in two
    pieces = [part for line in lines for part in re.split(r"\s+|(?<=-)", line)] if view.wordWrap() else lines
    return [piece for piece in pieces if metrics.horizontalAdvance(piece.strip()) > room]


def table_cut(table: QTableWidget) -> list[str]:
    """Cells whose text is wider than their column (drawn «…»)."""
    cut = []
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item and metrics.horizontalAdvance(item.text()) + 10 > table.columnWidth(col):
                cut.append(item.text())
    return cut


def squeezed_dates(widget) -> list[str]:
    """Date fields narrower than «ηη/μμ/εεεε» or a typed date."""
    out = []
    for field in widget.findChildren(DateField):
        if field.isVisible():
            need = max(field.fontMetrics().horizontalAdvance(t) for t in (field.placeholderText(), "28/02/2026"))
            if field.width() < need + 12:
                out.append(f"{field.objectName() or 'date'} {field.width()}<{need + 12}")
    return out


def tall_headings(widget, most: int = 3) -> list[str]:
    """Headings (bold, larger) wrapped to more lines than ``most`` (a long name in both scripts takes three)."""
    out = []
    for label in widget.findChildren(QLabel):
        font = label.font()
        if label.isVisible() and font.bold() and font.pointSize() > QApplication.font().pointSize() and label.text():
            lines = label.heightForWidth(label.contentsRect().width()) // max(label.fontMetrics().lineSpacing(), 1)
            if lines > most:
                out.append(f"{label.text()[:40]!r} {lines} lines")
    return out


def check_window(name: str, widget, room, problems: list[str]) -> None:
    size = widget.size()
    print(f"{name}: {size.width()}x{size.height()} logical on {room.width()}x{room.height()}")
    if size.width() > room.width() or size.height() + WINDOW_FRAME > room.height():
        problems.append(f"{name} window does not fit the screen")


def check_main(window: MainWindow, problems: list[str], shots: Path) -> None:
    dates = [0]
    nav = window.nav
    need = max(nav.fontMetrics().horizontalAdvance(nav.item(r).text()) for r in range(nav.count())) + 16
    for row in range(nav.count()):
        nav.setCurrentRow(row)
        settle()
        section = window.stack.currentWidget()
        if nav.width() < need or sideways(nav):
            problems.append(f"left menu squeezed to {nav.width()} px (needs {need}) on {section.objectName()}")
        for table in section.findChildren(QTableWidget):
            if table.isVisible() and sideways(table):
                problems.append(f"{section.objectName()} {table.objectName()}: sideways scroll bar")
        problems.extend(f"{section.objectName()}: {h}" for h in tall_headings(section))
        problems.extend(f"{section.objectName()}: date field {d}" for d in squeezed_dates(section))
        dates[0] += len(section.findChildren(DateField))
    nav.setCurrentRow(0)
    counter = window.stack.currentWidget()
    counter.search.box.setText("Χότζα")
    counter.search.search()
    counter.search.results.setCurrentRow(0)
    settle()
    results = counter.search.results
    if sideways(results):
        problems.append("person list: sideways scroll bar")
    problems.extend(f"person list cuts {t.strip()!r}" for t in list_cut(results))
    for table in counter.findChildren(QTableWidget):
        if sideways(table):
            problems.append(f"counter {table.objectName()}: sideways scroll bar")
        problems.extend(f"counter {table.objectName()} cuts {t!r}" for t in table_cut(table))
    problems.extend(f"counter: {h}" for h in tall_headings(counter))
    window.grab().save(str(shots / "counter.png"))
    check_person_form(window, problems, shots)
    print(f"date fields seen in the sections: {dates[0]}")


def check_person_form(window: MainWindow, problems: list[str], shots: Path) -> None:
    from correspondent_app.ui.person_form import PersonDialog  # noqa: PLC0415

    dialog = PersonDialog(window.registry, window.registry.persons.search("Παπαχριστοδουλόπουλος", limit=1)[0],
                          parent=window)
    dialog.show()
    settle()
    problems.extend(f"person form: date field {d}" for d in squeezed_dates(dialog))
    print(f"date fields seen in the person form: {len(dialog.findChildren(DateField))}")
    dialog.grab().save(str(shots / "person-form.png"))
    dialog.reject()


def check_case(window: MainWindow, state: str, case_id: int, problems: list[str], shots: Path) -> None:
    case_window = window.open_case(case_id)
    settle()
    steps = case_window.steps_list
    for index, step in enumerate(case_window.steps):
        case_window.go(index)
        settle()
        if case_window.index != index:
            continue  # not reachable in this state
        where = f"{state} {step.objectName()}"
        if sideways(steps):
            problems.append(f"{where}: step list has a sideways scroll bar")
        problems.extend(f"{where}: step list cuts {t!r}" for t in list_cut(steps))
        scroll = step.findChild(QScrollArea)
        if scroll is not None and sideways(scroll):
            problems.append(f"{where}: page scrolls sideways by {scroll.horizontalScrollBar().maximum()} px")
        problems.extend(f"{where}: date field {d}" for d in squeezed_dates(step))
        problems.extend(f"{where}: {h}" for h in tall_headings(step))
        if step.objectName() in ("stepDecision", "stepCertificate", "stepPayment"):
            case_window.grab().save(str(shots / f"{state}-{step.objectName()}.png"))
    case_window.reject()
    case_window.deleteLater()


def make_registry(folder: Path) -> tuple[Registry, dict[str, int]]:
    from tests.ui.test_keyboard import cases_in_every_state  # noqa: PLC0415 - after the QApplication

    registry = Registry.open(folder / "r.sqlite", actor="clerk")
    registry.profile.save(**office())
    ids = cases_in_every_state(registry)
    registry.persons.add({**LONG, "nationality": "AL", "passport_no": PASSPORT,
                          "birth_date": __import__("datetime").date(1975, 3, 14)}, allow_duplicate=True)
    return registry, ids


def main(screen: str, artifacts: Path) -> int:
    os.environ.setdefault("CORRESPONDENT_APP_SETTINGS", str(artifacts / f"settings-{screen}.ini"))
    Path(os.environ["CORRESPONDENT_APP_SETTINGS"]).unlink(missing_ok=True)  # no size remembered from a last run
    app = create_app(sys.argv[:1])
    if screen.startswith("hidpi") and app.primaryScreen().devicePixelRatio() != 1.5:
        print(f"not at 150 %: {app.primaryScreen().devicePixelRatio()}")
        return 1
    room = app.primaryScreen().availableGeometry()
    set_language("el")
    shots = artifacts / screen
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        registry, ids = make_registry(Path(folder))
        window = MainWindow(registry)
        window.show()
        settle()
        check_window("main", window, room, problems)
        check_main(window, problems, shots)
        for state, case_id in ids.items():
            check_case(window, state, case_id, problems, shots)
        case_window = window.open_case(ids["draft"])
        settle()
        check_window("case", case_window, room, problems)
        image = case_window.grab()
        if screen.startswith("hidpi") and image.width() != round(case_window.width() * 1.5):
            problems.append(f"case grabbed at {image.width()} px, not at 150 %")  # drawn sharp, not blown up
        case_window.reject()
        window.close()
        registry.close()
    for problem in dict.fromkeys(problems):
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
