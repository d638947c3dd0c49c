"""The case workflow window: seven steps, saved as it goes, resumable.

Every step saves to the registry when the clerk moves on, so closing the
window (Esc) loses nothing: reopening the case resumes at the step its state
calls for. Enter moves on; the step list on the left shows where one is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QListWidget, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from correspondent_app.documents.context import context_for_case
from correspondent_app.i18n import _
from correspondent_app.ui.case.steps_intake import DecisionStep, PersonStep, SituationStep
from correspondent_app.ui.case.steps_payment import CertificateStep, DocumentsStep, NextStepsStep, PaymentStep
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import fit_to_screen

#: The workflow, in order (as Picard's setup wizard lists its pages in one tuple).
STEPS = (PersonStep, SituationStep, DecisionStep, DocumentsStep, PaymentStep, CertificateStep, NextStepsStep)
PERSON, SITUATION, DECISION, DOCUMENTS, PAYMENT, CERTIFICATE, NEXT = range(len(STEPS))
#: Where a reopened case resumes.
RESUME_AT = {"draft": SITUATION, "awaiting_payment": PAYMENT, "paid": CERTIFICATE, "issued": NEXT,
             "forwarded": NEXT, "archived": DECISION, "cancelled": DECISION}
#: The furthest step a case in each state may show.
REACHABLE = {"draft": DOCUMENTS, "awaiting_payment": PAYMENT, "paid": CERTIFICATE, "issued": NEXT,
             "forwarded": NEXT, "archived": NEXT, "cancelled": DECISION}


def reachable(case) -> int:
    """The furthest step the case may show."""
    if case.state == "paid" and case.outcome == "ask_oga":
        return NEXT  # no certificate of the programme: forwarded to OGA as its instructions ask
    return REACHABLE[case.state]


class CaseWindow(QDialog):
    """One case from the person to the next steps. ``printer_factory`` lets tests print to a file."""

    changed = Signal()

    def __init__(self, registry, case_id: int, parent: QWidget | None = None, printer_factory=None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWindow")
        self.registry = registry
        self.printer_factory = printer_factory
        self.case = registry.cases.get(case_id)
        self.steps_list = QListWidget()
        self.steps_list.setObjectName("stepList")
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        self.steps = [step(self) for step in STEPS]
        for step in self.steps:
            self.steps_list.addItem(_(step.title))
            self.stack.addWidget(step)
        self.steps_list.currentRowChanged.connect(self._jump)
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(_("&Next"))
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(_("Close (saved)"))
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.stack)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps_list, 1)
        layout.addLayout(right, 4)
        fit_to_screen(self, 1100, 700)
        self.go(RESUME_AT[self.case.state] if self.case.outcome or self.case.state != "draft" else PERSON)

    # -- navigation ------------------------------------------------------
    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    def go(self, index: int) -> None:
        self.reload()
        index = min(index, reachable(self.case))
        if self.case.outcome is None:
            index = min(index, SITUATION)
        self.stack.setCurrentIndex(index)
        self.steps_list.blockSignals(True)
        self.steps_list.setCurrentRow(index)
        self.steps_list.blockSignals(False)
        for row in range(self.steps_list.count()):
            item = self.steps_list.item(row)
            enabled = row <= reachable(self.case) and (self.case.outcome is not None or row <= SITUATION)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if enabled else Qt.ItemFlag.NoItemFlags)
        step = self.steps[index]
        step.load()
        self.setWindowTitle(_("Case {id} — {person}").format(
            id=self.case.id, person=self.registry.persons.get(self.case.person_id).display_name))
        self.back_button.setEnabled(index > 0)
        self.next_button.setText(step.next_label() or (_("&Finish") if index == NEXT else _("&Next")))
        self.next_button.setEnabled(self.case.state != "cancelled")

    def _jump(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.go(row)

    def next(self) -> None:
        step = self.steps[self.index]
        try:
            moved_on = step.advance()
        except Exception as exc:  # noqa: BLE001 - a dialog, never a traceback
            show_error(self, exc)
            return
        self.changed.emit()
        if not moved_on or not self.isVisible() and self.result():
            return
        if self.index == NEXT:
            self.accept()
            return
        self.go(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def finish(self) -> None:
        self.changed.emit()
        self.accept()

    def reload(self) -> None:
        self.case = self.registry.cases.get(self.case.id)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next()
            return
        super().keyPressEvent(event)  # Esc: reject (everything is already saved)

    # -- services for the steps ------------------------------------------
    def prefill_facts(self) -> dict:
        """Answers suggested by HQ's list: active -> 1α, interrupted -> 1β."""
        entry = self.registry.hq_lists.entry_for_person(self.case.person_id)
        if entry is None:
            return {}
        facts = {"provision": "par10", "oga_status": entry.status}
        if entry.status == "interrupted":
            facts["works_in_agriculture"] = True
        return facts

    def run(self, action, *args, **kwargs) -> bool:
        """Call a service; show its error and return False if it fails."""
        try:
            self.result_value = action(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return False
        self.reload()
        return True

    def document_pdf(self, name: str, **facts) -> bytes:
        from correspondent_app.documents import (  # noqa: PLC0415
            applicant_note, bank_form, declaration, registration_sheet,
        )

        cert = self.registry.certificates.valid_for_case(self.case.id)
        ctx = context_for_case(self.registry, self.case.id, cert)
        renderers = {"declaration": declaration.render, "bank-form": bank_form.render,
                     "applicant-note": applicant_note.render,
                     "registration-sheet": lambda c: registration_sheet.render(c, **facts)}
        return renderers[name](ctx)

    def print_document(self, name: str, **facts) -> None:
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        try:
            pdf = self.document_pdf(name, **facts)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        print_in_background(self, [pdf], name, printer_factory=self.printer_factory)

    def preview_certificate(self) -> None:
        """The issued certificate on screen; printing from here is logged like the Print button's."""
        from correspondent_app.ui.pdf import PdfPreview  # noqa: PLC0415

        cert = self.registry.certificates.valid_for_case(self.case.id)
        if cert is None:
            return
        reprint = bool(self.registry.certificates.prints(cert.id))
        self.preview = PdfPreview(self.registry.certificates.pdf(cert.id), _("Certificate {p}").format(p=cert.protocol),
                                  self, printer_factory=self.printer_factory, on_printed=self._log_print(cert, reprint))
        self.preview.open()

    def print_certificate(self, reprint: bool) -> None:
        """All copies as one job; logged (as a reprint or not) once the printer has it."""
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        cert = self.registry.certificates.valid_for_case(self.case.id)
        if cert is None:
            return
        print_in_background(self, [self.registry.certificates.pdf(cert.id)], cert.protocol,
                            printer_factory=self.printer_factory, on_printed=self._log_print(cert, reprint))

    def _log_print(self, cert, reprint: bool):
        copies = self.case.decision.copies

        def printed(_pages: int) -> None:
            self.registry.certificates.log_print(cert.id, copies, reprint=reprint)
            self.go(self.index)

        return printed
