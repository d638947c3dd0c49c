"""Child process: the application as started by `correspondent-app`, driven by timers.

Print a certificate through the print panel (to a PDF file), preview it,
print again from the preview, close the preview, the case and the main
window; the process must end with 0 (it once aborted with
"Fatal Python error: bool_dealloc"). Prints the status line at the end.
"""

import argparse
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.registry import Registry
from correspondent_app.ui.app import create_app, run
from correspondent_app.ui.main_window import MainWindow
from correspondent_app.ui.print_panel import PrintPanel
from correspondent_app.ui.printing import running_print_tasks


def issued_case(path: Path) -> int:
    with Registry.open(path, actor="clerk") as registry:
        registry.profile.save(community="Κοινότητα", municipality="Δήμος", prefecture="Νομός",
                              correspondent_name="Μαρία", oga_branch="ΟΓΑ")
        person = registry.persons.add({
            "surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA", "name_lat": "ARBEN",
            "father_name": "Ιλίρ", "birth_date": date(1975, 3, 14), "nationality": "AL",
            "passport_no": "BA1234567", "residence_doc": "complete_dossier"}, allow_duplicate=True)
        case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "never",
                                               "works_in_agriculture": True})
        registry.cases.move(case.id, "awaiting_payment")
        registry.payments.record_ate(case.id, "0623/300605/129001", Decimal("2040.72"))
        settle_for_issue(registry, case.id)
        issue_certificate(registry, case.id)
        return case.id


def main() -> int:
    path = Path(sys.argv[1]) / "registry.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    case_id = issued_case(path)
    app = create_app()
    state = {}

    def later(ms, action):
        QTimer.singleShot(ms, action)

    def answer_panels():  # the clerk presses "Save the PDF" in each print panel
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PrintPanel):
            modal.go_button.click()
        elif isinstance(modal, QMessageBox):  # an error box is reported, and the run fails
            print("unexpected dialog:", type(modal).__name__, getattr(modal, "text", str)(), file=sys.stderr)
            state["unexpected"] = True
            modal.close()
        later(100, answer_panels)

    def when_idle(action):  # on a busy machine a page may still be painted: wait for the job
        if running_print_tasks():
            later(200, lambda: when_idle(action))
        else:
            action()

    def start():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        state["window"] = window
        case_window = window.open_case(case_id)
        step = next(s for s in case_window.steps if s.objectName() == "stepCertificate")
        case_window.go(case_window.steps.index(step))
        state["case"], state["step"] = case_window, step
        step.print_button.click()  # returns once the panel was answered and the job started
        later(300, lambda: when_idle(preview))

    def preview():
        state["step"].preview_button.click()
        later(500, print_from_preview)

    def print_from_preview():
        state["case"].preview.print_button.click()
        later(300, lambda: when_idle(close))

    def close():
        state["status"] = state["window"].statusBar().currentMessage()
        state["case"].preview.close()
        state["case"].close()
        state["window"].close()

    later(100, answer_panels)
    later(300, start)
    code = run(argparse.Namespace(demo=False, db=path))
    print(state.get("status"))
    return 3 if state.get("unexpected") else code


if __name__ == "__main__":
    sys.exit(main())
