"""The case workflow window: seven steps, saved as it goes, resumable.

Every step saves to the registry when the clerk moves on, and what the
current step holds is saved when the window closes (Esc, "Close (saved)"), so
closing loses nothing: reopening the case resumes where it was left. Enter
moves on (Enter on a focused Back or Close button does what it says); the
step list on the left shows where one is. A closed case (archived,
cancelled, forwarded) is shown read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QListWidget, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from correspondent_app.documents.context import context_for_case
from correspondent_app.i18n import _
from correspondent_app.registry.cases import STATE_LABELS
from correspondent_app.ui.case.base import CLOSED_STATES, NOT_OGA
from correspondent_app.ui.case.decision_step import DecisionStep, decision_complete
from correspondent_app.ui.case.person_step import PersonStep
from correspondent_app.ui.case.situation_step import SituationStep
from correspondent_app.ui.case.certificate_step import CertificateStep
from correspondent_app.ui.case.documents_step import DocumentsStep
from correspondent_app.ui.case.drafts import CaseDrafts
from correspondent_app.ui.case.next_steps_step import NextStepsStep
from correspondent_app.ui.case.open_windows import raise_open_window, register_open_window  # noqa: F401 - main window
from correspondent_app.ui.case.payment_step import PaymentStep
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import fit_list_width, fit_to_screen, note

#: The workflow, in order (as Picard's setup wizard lists its pages in one tuple).
STEPS = (PersonStep, SituationStep, DecisionStep, DocumentsStep, PaymentStep, CertificateStep, NextStepsStep)
PERSON, SITUATION, DECISION, DOCUMENTS, PAYMENT, CERTIFICATE, NEXT = range(len(STEPS))
#: Where a reopened case resumes.
RESUME_AT = {"draft": SITUATION, "awaiting_payment": PAYMENT, "paid": CERTIFICATE, "issued": NEXT,
             "forwarded": NEXT, "archived": DECISION, "cancelled": DECISION}
#: The furthest step a case in each state may show.
REACHABLE = {"draft": DOCUMENTS, "awaiting_payment": PAYMENT, "paid": CERTIFICATE, "issued": NEXT,
             "forwarded": NEXT, "archived": NEXT, "cancelled": DECISION}

#: What this session knows of drafts beyond the registry: the step each was
#: left at (answers, even too few to decide on, are in the registry).
#: Keyed by (registry file, case id).
_left_at: dict[tuple[str, int], int] = {}


def reachable(case) -> int:
    """The furthest step the case may show."""
    if case.outcome in NOT_OGA:
        return DECISION  # not OGA's: explained and archived there; nothing to collect, pay or issue
    if case.state == "paid" and case.outcome == "ask_oga":
        return NEXT  # no certificate of the programme: forwarded to OGA as its instructions ask
    return REACHABLE[case.state]


def resume_at(case, left_at: int | None = None) -> int:
    """The step a reopened case shows: where a draft was left, or what its state calls for."""
    if case.state != "draft":
        return RESUME_AT[case.state]
    if left_at is not None:
        return left_at
    if case.outcome is None:
        return SITUATION if case.facts else PERSON
    if case.outcome in NOT_OGA:
        return DECISION
    return DOCUMENTS if decision_complete(case) else DECISION


class CaseWindow(CaseDrafts, QDialog):
    """One case from the person to the next steps. ``printer_factory`` lets tests print to a file."""

    changed = Signal()

    def __init__(self, registry, case_id: int, parent: QWidget | None = None, printer_factory=None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWindow")
        self.registry = registry
        self.printer_factory = printer_factory
        self.case = registry.cases.get(case_id)
        #: What was typed on each page and left unsaved, as the registry keeps it (the case's draft).
        self.drafts = registry.cases.drafts(case_id)
        self._loaded: dict[str, str] | None = None  # the current page's fields as loaded, before any typing
        self.draft_note = note(style="background: #e3f2fd; padding: 4px;")
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setVisible(False)
        #: The competent correspondent changed with the answers: the old "yes, here" answered another question.
        self.competence_unanswered = False
        self.steps_list = QListWidget()
        self.steps_list.setObjectName("stepList")
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.read_only = note(style="background: #fff3cd; padding: 4px;")
        self.read_only.setObjectName("readOnlyNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.read_only)
        right.addWidget(self.draft_note)
        right.addWidget(self.stack)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        fit_list_width(self.steps_list)  # every step's name whole, on a 1024 px screen too
        layout.addWidget(self.steps_list)
        layout.addLayout(right, 4)
        fit_to_screen(self, 1100, 700)
        self.go(resume_at(self.case, _left_at.get(self.session_key)))
        register_open_window(self, parent)

    @property
    def session_key(self) -> tuple[str, int]:
        return (str(self.registry.path), self.case.id)

    @property
    def closed(self) -> bool:
        """Archived, cancelled or forwarded: shown, never changed here."""
        return self.case.state in CLOSED_STATES

    # -- navigation ------------------------------------------------------
    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    def go(self, index: int) -> None:
        self.keep_draft()  # the page left (or shown anew) keeps what is typed on it
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
        last = index >= reachable(self.case)
        if self.closed:
            self.read_only.setText(_("This case is closed ({state}): it is shown as it was recorded and cannot be "
                                     "changed.").format(state=_(STATE_LABELS[self.case.state])))
            self.next_button.setText(_("&Finish") if last else _("&Next"))
        else:
            self.next_button.setText(step.next_label() or (_("&Finish") if index == NEXT else _("&Next")))
        self.read_only.setVisible(self.closed)
        step.set_read_only(self.closed)
        self._show_draft(step)  # after the Next button's text: the draft's note names it
        for button in self.stack.findChildren(QPushButton):
            # Enter on a focused page button moves on (Space presses it); only
            # Back and Close, when focused, take Enter for themselves.
            button.setAutoDefault(False)
        self.focus_step()

    def focus_step(self) -> None:
        """The page's first input takes the focus (the Next button on a page without one), not the scroll area."""
        step = self.steps[self.index]
        target = step.first_input() or (self.next_button if self.next_button.isEnabled() else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.focus_step()  # the focus given while the window was being built is not kept

    def _jump(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.go(row)

    def next(self) -> None:
        step = self.steps[self.index]
        if self.closed:  # read-only: Next only turns the pages
            if self.index >= reachable(self.case):
                self.accept()
            else:
                self.go(self.index + 1)
            return
        try:
            moved_on = step.advance()
        except Exception as exc:  # noqa: BLE001 - a dialog, never a traceback
            show_error(self, exc)
            return
        self.changed.emit()
        if moved_on and step.advance_saves:
            self.drop_draft(step)  # saved by moving on (a recorded payment): no longer a draft
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

    def accept(self) -> None:
        """Finish: what the page shows typed and nothing saved (the Δελτίο answers) stays the case's draft."""
        self.keep_draft()
        super().accept()

    def reject(self) -> None:
        """Esc, "Close (saved)" or the window's close box: what the page holds is saved first."""
        self.save_page()
        super().reject()

    def save_page(self) -> None:
        """Save what the current step holds without moving on (answers, ticks, the documents received)."""
        self.keep_draft()
        if not self.closed:
            try:
                self.steps[self.index].save_draft()
            except Exception as exc:  # noqa: BLE001 - shown; the window still closes, the rest is saved
                show_error(self, exc)
            self.reload()
        if self.case.state == "draft":
            _left_at[self.session_key] = self.index
        else:
            _left_at.pop(self.session_key, None)
        self.changed.emit()

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

    def fix_problem(self, area: str, key: str) -> None:
        """A line of the pre-issue review was followed: go where it is fixed and put the focus on it."""
        if area == "profile":
            from correspondent_app.ui.setup_dialog import SetupDialog  # noqa: PLC0415

            dialog = SetupDialog(self.registry, self, focus_field=key)
            dialog.exec()
            self.go(self.index)
            return
        target_step = {"documents": DOCUMENTS, "decision": DECISION, "payment": PAYMENT}.get(area)
        if target_step is None:
            return
        self.go(target_step)
        widget = self.steps[target_step].widget_for(key)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

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
                                  self, printer_factory=self.printer_factory, on_printed=self._log_print(cert, reprint),
                                  who=self._surname(), copies=self.case.decision.copies)
        self.preview.open()

    def print_certificate(self, reprint: bool) -> None:
        """All copies as one job; logged (as a reprint or not) once the printer has it."""
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        cert = self.registry.certificates.valid_for_case(self.case.id)
        if cert is None:
            return
        print_in_background(self, [self.registry.certificates.pdf(cert.id)], _("Certificate {p}").format(p=cert.protocol),
                            printer_factory=self.printer_factory, on_printed=self._log_print(cert, reprint),
                            who=self._surname(), copies=self.case.decision.copies)

    def _surname(self) -> str:
        """The applicant's surname, for the name of a PDF file (Βεβαίωση 1-2026 ΧΟΤΖΑ.pdf)."""
        return self.registry.persons.get(self.case.person_id).surname_el

    def _log_print(self, cert, reprint: bool):
        copies = self.case.decision.copies

        def printed(_pages: int) -> None:
            self.registry.certificates.log_print(cert.id, copies, reprint=reprint)
            self.go(self.index)

        return printed
