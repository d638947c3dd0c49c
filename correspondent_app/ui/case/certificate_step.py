"""Step 6: the pre-issue review, the certificate, its printing and voiding."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from correspondent_app.domain.formatting import format_date, format_eur, format_timestamp
from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import Step
from correspondent_app.ui.case.helpers import lang
from correspondent_app.ui.case.review import ProblemList
from correspondent_app.ui.widgets import ERROR_STYLE, ask_text, note


class CertificateStep(Step):
    """The pre-issue review, then the certificate: issued only when nothing is missing, after a summary."""

    title = N_("6. Certificate")
    object_name = "stepCertificate"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.status = self.text()
        self.status.setObjectName("certificateStatus")
        self.review = ProblemList()
        self.review.setObjectName("preIssueReview")
        self.review.fix.connect(self.workflow.fix_problem)
        self.review.acknowledge.connect(self._acknowledge)
        self.add(self.review)
        self.confirm_box = QGroupBox(_("Issue this certificate?"))
        self.confirm_box.setObjectName("confirmIssue")
        confirm = QVBoxLayout(self.confirm_box)
        self.summary = note()
        self.summary.setObjectName("issueSummary")
        confirm.addWidget(self.summary)
        confirm_row = QHBoxLayout()
        self.confirm_button = QPushButton(_("&Confirm: take the number and issue (Enter)"))
        self.confirm_button.setObjectName("confirmIssueButton")
        self.confirm_button.clicked.connect(self._issue)
        self.dismiss_button = QPushButton(_("Not now"))
        self.dismiss_button.setObjectName("dismissIssue")
        self.dismiss_button.clicked.connect(self._dismiss)
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.dismiss_button)
        confirm_row.addStretch()
        confirm.addLayout(confirm_row)
        self.add(self.confirm_box)
        row = QHBoxLayout()
        self.issue_button = QPushButton(_("&Issue the certificate…"))
        self.issue_button.setObjectName("issueCertificate")
        self.issue_button.clicked.connect(self._ask_to_confirm)
        self.preview_button = QPushButton(_("Previe&w"))
        self.preview_button.clicked.connect(lambda: self.workflow.preview_certificate())
        self.print_button = QPushButton(_("&Print all copies"))
        self.print_button.setObjectName("printCertificate")
        self.print_button.clicked.connect(lambda: self.workflow.print_certificate(reprint=False))
        self.reprint_button = QPushButton(_("&Reprint"))
        self.reprint_button.clicked.connect(lambda: self.workflow.print_certificate(reprint=True))
        self.void_button = QPushButton(_("&Void certificate…"))  # not a bare "Ακύρωση…": that is Cancel
        self.void_button.setObjectName("voidCertificate")
        self.void_button.clicked.connect(self._void)
        for button in (self.issue_button, self.preview_button, self.print_button, self.reprint_button):
            row.addWidget(button)
        row.addStretch()
        self.body.addLayout(row)
        # On a row of its own: apart from the printing buttons it is not pressed for one of them, and
        # five buttons side by side made the page scroll sideways on a 1024 px screen.
        void_row = QHBoxLayout()
        void_row.addWidget(self.void_button)
        void_row.addStretch()
        self.body.addLayout(void_row)
        self.problem = self.text(style=ERROR_STYLE)
        self.problem.setObjectName("certificateProblem")
        self.history = self.text(style="color: #555;")
        self.body.addStretch()
        self.problems: tuple = ()

    def editable_widgets(self) -> list:
        return [self.issue_button, self.void_button, self.confirm_button]

    def first_input(self):
        if self.confirm_box.isVisibleTo(self):
            return self.confirm_button
        if self.problems:
            return self.review.first_input()
        if self.issue_button.isVisibleTo(self) and self.issue_button.isEnabled():
            return self.issue_button
        return None

    def advance(self) -> bool:
        if (self.issue_button.isVisibleTo(self) or self.confirm_box.isVisibleTo(self)) and self.current() is None:
            if self.confirm_box.isVisibleTo(self):  # Enter on the summary confirms
                self._issue()
                return False
            if self.problems:
                self.problem.setText(_("Not yet: the list above says what is still missing."))
                target = self.review.first_input()
                if target is not None:
                    target.setFocus()
                return False
            self._ask_to_confirm()
            return False
        return True

    def current(self):
        return self.registry.certificates.valid_for_case(self.case.id)

    def load(self) -> None:
        cert = self.current()
        issued = cert is not None
        self.problem.setText("")
        self.confirm_box.setVisible(False)
        for button in (self.issue_button, self.void_button):
            button.setEnabled(True)
        to_issue = not issued and self.case.state == "paid" and self.case.outcome == "certificate"
        self.issue_button.setVisible(to_issue)
        for button in (self.preview_button, self.print_button, self.reprint_button, self.void_button):
            button.setVisible(issued)
        self.problems = self.registry.certificates.review(self.case.id) if to_issue else ()
        self.review.show_problems(self.problems)
        self.issue_button.setEnabled(not self.problems)
        if issued:
            copies = self.case.decision.copies
            status = (_("<b>Certificate model {model}, protocol {protocol}, issued {date}.</b><br/>"
                        "Verification code {code}. Print the {copies} copies: original and one copy for "
                        "the applicant, one for the archive.") if copies != 1 else
                      _("<b>Certificate model {model}, protocol {protocol}, issued {date}.</b><br/>"
                        "Verification code {code}. It is printed once, for the applicant."))
            self.status.setText(status.format(model=cert.model, protocol=cert.protocol, copies=copies,
                                              date=format_date(cert.issued_on, lang()), code=cert.verification_code))
            prints = self.registry.certificates.prints(cert.id)
            self.history.setText("<br/>".join(
                _("{at}: {copies} copies{reprint}").format(at=format_timestamp(at, lang()), copies=copies,
                                                           reprint=_(" (reprint)") if reprint else "")
                for at, copies, reprint, _n in prints))
        elif self.case.outcome != "certificate":
            self.status.setText(_("This case has no certificate of the programme: follow OGA's instructions."))
        else:
            voided = [c for c in self.registry.certificates.for_case(self.case.id) if c.voided_at]
            ready = (_("<b>Nothing is missing.</b> Issue the certificate: it takes the next protocol number.")
                     if not self.problems else
                     _("<b>Before issuing, {n} thing(s) are missing:</b> each line says where it is fixed.").format(
                         n=len(self.problems)))
            self.status.setText("<br/>".join([
                *(_("Certificate {protocol} was voided: {reason}").format(protocol=c.protocol, reason=c.void_reason)
                  for c in voided), ready]))
            self.history.setText("")

    def _acknowledge(self, key: str, note_text: str) -> None:
        if self.workflow.run(self.registry.cases.acknowledge, self.case.id, key, note_text):
            self.workflow.changed.emit()
            self.load()
            self.workflow.focus_step()

    def _ask_to_confirm(self) -> None:
        """The summary of what is about to be issued; Enter (or the focused button) confirms."""
        self.load()
        if self.problems:
            return
        case = self.case
        person = self.registry.persons.get(case.person_id)
        payment = self.registry.payments.for_case(case.id)
        today = date.today()
        number = self.registry.protocol.next_number(today.year)
        receipt = payment.receipt_code or payment.elta_reference
        lines = [
            _("Protocol number to be taken: <b>{number}/{year}</b>, dated {date}").format(
                number=number, year=today.year, date=format_date(today, lang())),
            _("Person: <b>{name}</b>").format(name=person.display_name),
            _("Category {category}: certificate model {model}, {copies} copies").format(
                category=case.category, model=case.decision.certificate_model, copies=case.decision.copies),
            _("Amount paid: <b>{paid}</b> (receipt {receipt} of {date})").format(
                paid=format_eur(payment.amount, lang()), receipt=receipt, date=format_date(payment.paid_on, lang())),
        ]
        if case.amount is not None and payment.amount != case.amount:
            lines.append(_("Differs from the {due} due: {reason}").format(
                due=format_eur(case.amount, lang()), reason=payment.override_reason))
        self.summary.setText("<br/>".join(lines))
        self.confirm_box.setVisible(True)
        self.issue_button.setVisible(False)  # one way on from here: confirm, or "Not now"
        self.confirm_button.setFocus()  # Enter here, or anywhere on the page, confirms (CaseWindow.next)

    def _dismiss(self) -> None:
        self.confirm_box.setVisible(False)
        self.issue_button.setVisible(True)
        self.issue_button.setFocus()

    def _issue(self) -> None:
        from correspondent_app.documents.issuing import issue_certificate  # noqa: PLC0415

        self.confirm_box.setVisible(False)
        if self.workflow.run(issue_certificate, self.registry, self.case.id):
            self.workflow.changed.emit()
            self.workflow.go(self.workflow.index)  # issued: its number, Print and Preview; no second Issue
            if self.workflow.printer_factory is None:  # tests print straight to a file
                self.workflow.preview_certificate()
        else:
            self.load()  # what changed meanwhile is listed again

    def _void(self) -> None:
        cert = self.current()
        reason = ask_text(self, _("Void the certificate"),
                          _("Why is certificate {p} void? (It keeps its number.)").format(p=cert.protocol))
        if reason:
            self.workflow.run(self.registry.certificates.void, cert.id, reason)
            self.workflow.changed.emit()
            self.workflow.go(self.workflow.index)  # the case is "paid" again: the step offers to issue
