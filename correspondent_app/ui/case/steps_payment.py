"""Steps 4–7: documents to collect, the payment, the certificate, the next steps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
    QVBoxLayout,
)

from correspondent_app.domain.formatting import format_date, format_decimal, format_eur, format_timestamp
from correspondent_app.domain.health import booklet_eligibility
from correspondent_app.domain.registration import forward_contents, insurance_start
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.registry.payments import AmountMismatch, DuplicateReceipt
from correspondent_app.ui.case.base import ANSWERS_OPEN, CLOSED_STATES, Step
from correspondent_app.ui.case.review import ProblemList
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import (
    ERROR_STYLE, OK_STYLE, DateField, ReceiptField, ask_text, cite_text, note, wrapped_check,
)


def lang() -> str:
    return current_language()


def parse_amount(text: str) -> Decimal:
    cleaned = text.strip().replace("€", "").replace(" ", "")
    if not cleaned:
        raise ValueError(_("Type the amount printed on the receipt."))
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Type the amount in euro, e.g. 798,48.")) from None


class DocumentsStep(Step):
    title = N_("4. Documents")
    object_name = "stepDocuments"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.checklist = QGroupBox(_("Collect from the applicant"))
        self.checks_layout = QVBoxLayout(self.checklist)
        self.add(self.checklist)
        self.checks: dict[str, QCheckBox] = {}
        self.rows: list = []
        self.declaration = self.text()
        row = QHBoxLayout()
        self.print_buttons: dict[str, QPushButton] = {}
        for name, label in (("declaration", _("Print the solemn &declaration")),
                            ("bank-form", _("Print the bank &payment form"))):
            button = QPushButton(label)
            button.setObjectName(f"print_{name}")
            button.clicked.connect(lambda _checked=False, n=name: self.workflow.print_document(n))
            row.addWidget(button)
            self.print_buttons[name] = button
        self.body.addLayout(row)
        self.body.addStretch()

    def load(self) -> None:
        for row in self.rows:
            row.setParent(None)
        self.rows.clear()
        self.checks.clear()
        d = self.case.decision
        paid = self.registry.payments.for_case(self.case.id) is not None
        for item in d.documents:
            label = item.text(lang()) + (_(" — may come later, never blocks the certificate") if item.later else "")
            if item.receipt:
                label += _(" — proven by recording its code on the Payment step") if not paid else _(" — recorded")
            row, check = wrapped_check(f"{label}  <i style='color:#555;'>({cite_text(item.cite)})</i>", f"doc_{item.id}")
            check.setChecked(item.id in self.case.documents_received or (item.receipt and paid))
            self.checks_layout.addWidget(row)
            self.rows.append(row)
            if item.receipt:  # not a tick: the receipt is the payment recorded, its code checked
                check.setEnabled(False)
                continue
            self.checks[item.id] = check
            # each tick is recorded as it is made (who and when, in the audit trail), whatever page comes next
            check.toggled.connect(lambda _on: self.case.state not in CLOSED_STATES and self._record())
        statements = "<br/>".join(f"• {s.text(lang())}" for s in d.declaration)
        self.declaration.setText(_("<b>The solemn declaration states:</b><br/>{s}").format(s=statements)
                                 if statements else "")
        self.print_buttons["declaration"].setVisible(bool(d.declaration))  # 1α declares nothing: nothing to print

    def next_label(self) -> str | None:
        return _("Wait for the &payment") if self.case.state == "draft" else None

    def widget_for(self, key: str):
        return self.checks.get(key) or self.first_input()

    def editable_widgets(self) -> list:
        return list(self.checks.values())

    def first_input(self):
        return next((check for check in self.checks.values() if not check.isChecked()),
                    next(iter(self.checks.values()), None))

    def _record(self) -> bool:
        received = [k for k, check in self.checks.items() if check.isChecked()]
        if sorted(received) == sorted(self.case.documents_received):
            return True
        return self.workflow.run(self.registry.cases.record_documents, self.case.id, received)

    def save_draft(self) -> None:
        if self.case.state not in CLOSED_STATES:
            self._record()

    def advance(self) -> bool:
        self._record()
        if self.case.state == "draft":
            return self.workflow.run(self.registry.cases.move, self.case.id, "awaiting_payment")
        return True


class PaymentStep(Step):
    title = N_("5. Payment")
    object_name = "stepPayment"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.due = self.text()
        self.due.setObjectName("amountDue")
        # 1α pays at ΕΛΤΑ with OGA's notice, or at ATE with the older ATE
        # form (not model 2): the receipt differs, so ask where.
        self.where_box = QGroupBox(_("Where did the person pay? (1α)"))
        where = QVBoxLayout(self.where_box)
        self.at_elta = QRadioButton(_("At &ΕΛΤΑ, with OGA's notice"))
        self.at_elta.setObjectName("paidAtElta")
        self.at_ate = QRadioButton(_("At &ATE, with the older ATE form (Γραμμάτιο Είσπραξης)"))
        self.at_ate.setObjectName("paidAtAte")
        for button in (self.at_elta, self.at_ate):
            where.addWidget(button)
            button.toggled.connect(self._show_receipt_fields)
        self.add(self.where_box)
        self.ate_box = QGroupBox(_("ATE receipt (Γραμμάτιο Είσπραξης)"))
        form = QFormLayout(self.ate_box)
        self.receipt = ReceiptField()
        self.receipt.in_use = self._receipt_in_use
        self.receipt.textEdited.connect(self._clear_problem)
        form.addRow(_("Receipt &code"), self.receipt)
        form.addRow("", self.receipt.explanation)
        self.add(self.ate_box)
        self.elta_box = QGroupBox(_("ΕΛΤΑ receipt (1α)"))
        elta = QFormLayout(self.elta_box)
        self.elta_reference = QLineEdit()
        self.elta_reference.setObjectName("eltaReference")
        self.elta_date = DateField()
        self.elta_date.setObjectName("eltaDate")
        elta.addRow(_("Receipt number"), self.elta_reference)
        elta.addRow(_("Paid on"), self.elta_date)
        self.add(self.elta_box)
        self.amounts = amounts = QFormLayout()
        self.paid = QLineEdit()
        self.paid.setObjectName("amountPaid")
        self.paid.textChanged.connect(self._amount_changed)
        self.paid.textEdited.connect(self._clear_problem)
        self.reason = QLineEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setPlaceholderText(_("only if the receipt's amount differs: why it is accepted (e.g. OGA document)"))
        amounts.addRow(_("Amount on the receipt (€)"), self.paid)
        amounts.addRow(_("Reason for a different amount"), self.reason)
        self.body.addLayout(amounts)
        self.elta_reference.textEdited.connect(self._clear_problem)
        self.elta_date.textEdited.connect(self._clear_problem)
        self.reason.textEdited.connect(self._clear_problem)
        self.problem = self.text(style=ERROR_STYLE)
        self.problem.setObjectName("paymentProblem")
        self.recorded = self.text(style=OK_STYLE)
        self.body.addStretch()

    def _clear_problem(self, *_args) -> None:
        """What was wrong at the last Record is stale once the clerk types again."""
        self.problem.setText("")

    def editable_widgets(self) -> list:
        return [self.receipt, self.paid, self.reason, self.elta_reference, self.elta_date, self.at_elta, self.at_ate]

    def first_input(self):
        if self.case.state != "awaiting_payment":
            return None
        return self.elta_reference if self._paid_at_elta() else self.receipt

    def load(self) -> None:
        case = self.case
        self.due.setText(_("<b>Amount due: {amount}</b>").format(
            amount=format_eur(case.amount, lang()) if case.amount is not None else "—"))
        self.due.setStyleSheet("font-size: 15pt;")
        payment = self.registry.payments.for_case(case.id)
        self.where_box.setVisible(case.category == "1α")
        (self.at_ate if payment and payment.kind != "elta" else self.at_elta).setChecked(True)
        self._show_receipt_fields()
        editable = case.state == "awaiting_payment"
        for widget in (self.receipt, self.paid, self.reason, self.elta_reference, self.elta_date, self.at_elta,
                       self.at_ate):
            widget.setEnabled(editable)
        self.problem.setText("")
        if payment:
            self.receipt.setText(payment.receipt_code or "")
            self.elta_reference.setText(payment.elta_reference)
            self.paid.setText(format_eur(payment.amount, lang()))
            self.recorded.setText(_("Recorded: paid {amount} on {date}.").format(
                amount=format_eur(payment.amount, lang()), date=format_date(payment.paid_on, lang())))
        else:
            # Typed from the receipt, not pre-filled with the amount due: a
            # pre-filled field would make the check below always pass.
            self.paid.setText("")
            self.paid.setPlaceholderText(_("as printed on the receipt, e.g. {amount}").format(
                amount=format_decimal(case.amount, lang())) if case.amount is not None else "")
            self.recorded.setText("")
        self._amount_changed()

    def _receipt_in_use(self, code: str) -> str | None:
        duplicate = self.registry.payments.duplicate_of(code, self.case.id)
        return str(duplicate) if duplicate else None

    def _paid_at_elta(self) -> bool:
        return self.case.category == "1α" and self.at_elta.isChecked()

    def _show_receipt_fields(self) -> None:
        if self.case is None:
            return
        elta = self._paid_at_elta()
        self.ate_box.setVisible(not elta)
        self.elta_box.setVisible(elta)

    def _amount_changed(self) -> None:
        try:
            typed = self.paid.text().strip()
            differs = bool(typed) and self.case.amount is not None and parse_amount(typed) != self.case.amount
        except ValueError:
            differs = True
        self.amounts.setRowVisible(self.reason, differs)

    def next_label(self) -> str | None:
        return _("&Record the payment") if self.case.state == "awaiting_payment" else None

    def advance(self) -> bool:
        if self.case.state != "awaiting_payment":
            return True
        self.problem.setText("")  # only this attempt's problem is shown
        try:
            if not self._paid_at_elta():  # what is wrong with the code comes first
                duplicate = self.registry.payments.duplicate_of(str(self.receipt.receipt()), self.case.id)
                if duplicate:
                    raise duplicate
            amount = parse_amount(self.paid.text())
            if self._paid_at_elta():
                when = self.elta_date.value()
                if when is None:
                    raise ValueError(_("Type the date printed on the ΕΛΤΑ receipt."))
                self.registry.payments.record_elta(self.case.id, self.elta_reference.text(), when, amount,
                                                   override_reason=self.reason.text())
            else:
                self.registry.payments.record_ate(self.case.id, self.receipt.text(), amount,
                                                  override_reason=self.reason.text())
        except DuplicateReceipt as exc:
            # the field says it already, as typed: once on the page is enough
            self.problem.setText("" if self.receipt.explanation.text() == str(exc) else str(exc))
            self.receipt.setFocus()
            return False
        except (ValueError, AmountMismatch) as exc:
            # a malformed code is already explained under the field, as typed: not twice
            said = not self._paid_at_elta() and self.receipt.explanation.text() == str(exc)
            self.problem.setText("" if said else str(exc))
            if said:
                self.receipt.setFocus()
            elif isinstance(exc, AmountMismatch):
                (self.reason if self.reason.isVisible() else self.paid).setFocus()
            return False
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return False
        self.workflow.reload()
        return True


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
        self.void_button = QPushButton(_("&Void…"))
        self.void_button.clicked.connect(self._void)
        for button in (self.issue_button, self.preview_button, self.print_button, self.reprint_button, self.void_button):
            row.addWidget(button)
        self.body.addLayout(row)
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


ART7_DEFAULT_CONTENTS = "Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ"

PENDING_CHOICES = (("temporary_permit", N_("6-month temporary permit")),
                   ("region_permit", N_("later got a Region permit under par. 10")),
                   ("other", N_("pending for other reasons (left, changed job)")))


def typed_number(field: QLineEdit) -> int | None:
    """A whole number the validator let through, or None while the field is empty (unanswered)."""
    text = field.text().strip()
    return int(text) if text and field.hasAcceptableInput() else None


class NextStepsStep(Step):
    title = N_("7. Next steps")
    object_name = "stepNext"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        box = QGroupBox(_("Δελτίο Απογραφής"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long Greek labels: field below, not off-screen
        self.certified = QCheckBox(_("a certified copy of the certificate or permit was brought"))
        self.certified.setObjectName("certifiedCopy")
        # Legal facts that move the start date start empty (DOMAIN, no silent defaults): typed, never assumed.
        self.first_year = QLineEdit()
        self.first_year.setObjectName("firstDeclaredYear")
        self.first_year.setValidator(QIntValidator(1990, date.today().year, self.first_year))
        self.first_year.setPlaceholderText(_("year, e.g. 2004"))
        self.first_year.setMaximumWidth(160)
        self.newer = QCheckBox(_("newer employers' declarations for the years after the form was filled were brought"))
        self.newer.setObjectName("newerDeclarations")
        self.pending = QComboBox()
        self.pending.setObjectName("pendingSituation")
        self.pending.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pending.setMinimumContentsLength(24)  # may be narrower than its longest choice: the list shows it whole
        for key, label in PENDING_CHOICES:
            self.pending.addItem(_(label), key)
        self.pending.setPlaceholderText(_("— choose the situation —"))
        self.pending.setCurrentIndex(-1)
        self.days = QLineEdit()
        self.days.setObjectName("daysLastYear")
        self.days.setValidator(QIntValidator(0, 366, self.days))  # work days in a year: 0 to 366
        self.days.setPlaceholderText(_("days, 0 to 366"))
        self.days.setMaximumWidth(160)
        form.addRow(self.certified)
        form.addRow(_("First year covered by employers' declarations"), self.first_year)
        form.addRow(self.newer)
        form.addRow(_("Pending application"), self.pending)
        form.addRow(_("Days worked in the last year"), self.days)
        self.registration_form = form
        for widget in (self.certified, self.first_year, self.newer, self.pending, self.days):
            signal = (getattr(widget, "toggled", None) or getattr(widget, "textChanged", None)
                      or widget.currentIndexChanged)
            signal.connect(self._update)
        self.add(box)
        self.result = self.text()
        self.result.setObjectName("registrationResult")
        self.booklet = self.text()
        self.booklet.setObjectName("bookletResult")
        self.registration_box = box
        # Art. 7 ν. 3232/2004 cases have no certificate of the programme: what
        # goes to OGA is what OGA's instructions ask (typed here, in Greek:
        # it is listed on the transmittal).
        self.oga_contents = QLineEdit(ART7_DEFAULT_CONTENTS)
        self.oga_contents.setObjectName("ogaContents")
        self.oga_contents_label = QLabel(_("Sent to OGA, as its instructions ask (in Greek; separate with ;)"))
        self.oga_contents_label.setBuddy(self.oga_contents)
        self.add(self.oga_contents_label)
        self.add(self.oga_contents)
        row = QHBoxLayout()
        self.print_buttons = {}
        for name, label in (("registration-sheet", _("Print the Δελτίο &data sheet")),
                            ("applicant-note", _("Print the &applicant's note"))):
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, n=name: self.workflow.print_document(n, **self.inputs()))
            row.addWidget(button)
            self.print_buttons[name] = button
        self.queue_button = QPushButton(_("Add to the &transmittal queue"))
        self.queue_button.setObjectName("enqueue")
        self.queue_button.clicked.connect(self._enqueue)
        row.addStretch()
        self.body.addLayout(row)
        queue_row = QHBoxLayout()  # on its own row: three buttons side by side overflow a laptop's width
        queue_row.addWidget(self.queue_button)
        queue_row.addStretch()
        self.body.addLayout(queue_row)
        self.queued = self.text(style=OK_STYLE)
        self.body.addStretch()

    def inputs(self) -> dict:
        category = self.case.category
        facts = {"certified_copy": self.certified.isChecked()}
        if category == "1γ":
            facts["declarations_from_year"] = typed_number(self.first_year)
            facts["newer_declarations"] = self.newer.isChecked()
            facts["pending_situation"] = self.pending.currentData()
        if category == "2":
            facts["days_last_year"] = typed_number(self.days)
        return facts

    #: The answers each way of finding the insurance start reads (domain.registration): the others are hidden.
    ROWS_FOR_RULE = {
        "pending_application": ("certified", "first_year", "newer", "pending"),
        "fixed_date": ("certified",),
        "permit_start": ("days",),
    }

    def load(self) -> None:
        d = self.case.decision
        rule = d.registration.rule if d is not None and d.registration is not None else ""
        rows = self.ROWS_FOR_RULE.get(rule, ())
        for name in ("certified", "first_year", "newer", "pending", "days"):
            widget = getattr(self, name)
            self.registration_form.setRowVisible(widget, name in rows)
            widget.setEnabled(name in rows)
        self._rows = rows
        self.queue_button.setEnabled(True)
        self.queued.setText("")
        self._update()

    def editable_widgets(self) -> list:
        return [self.certified, self.first_year, self.newer, self.pending, self.days, self.oga_contents,
                self.queue_button]

    def first_input(self):
        for widget in (self.oga_contents, self.certified, self.first_year, self.days):
            if widget.isVisibleTo(self) and widget.isEnabled():
                return widget
        return None

    def _update(self, *_args) -> None:
        case = self.case
        art7 = case.outcome == "ask_oga"
        for widget in (self.oga_contents_label, self.oga_contents):
            widget.setVisible(art7)
        self.registration_box.setVisible(not art7 and bool(getattr(self, "_rows", ())))
        self.print_buttons["registration-sheet"].setVisible(not art7)
        if art7:
            self._show_oga_instructions()
            return
        if case.outcome != "certificate":
            self.result.setText("")
            self.queue_button.setEnabled(False)
            return
        person = self.registry.persons.get(case.person_id)
        # the booklet depends on the certificate and the residence document, not on this page's answers
        issued = bool(self.registry.certificates.for_case(case.id))
        booklet = booklet_eligibility(case.category, has_certificate=issued, residence_document=person.residence_doc)
        self.booklet.setText(_("<b>Health booklet:</b> ") + " ".join(booklet.reasons))
        try:
            reg = self._registration()
        except ValueError as exc:
            self.result.setText(str(exc))
            self.result.setStyleSheet(ERROR_STYLE)
            self.queue_button.setEnabled(False)
            return
        lines = [_("<b>Start of insurance: {date}</b>").format(date=format_date(reg.start, lang()) if reg.start else "—")]
        lines += reg.reasons
        payment = self.registry.payments.for_case(case.id)
        if reg.form and payment and payment.receipt_code:
            lines.append(_("Section 7 «ΜΕΤΑΒΟΛΕΣ – ΑΠΩΛΕΙΑ ΚΑΡΤΑΣ», position α: <b>{code}</b>").format(code=payment.receipt_code))
        if reg.form:
            lines.append(_("May be forwarded to OGA now.") if reg.may_forward else _("Not yet: stays in the archive."))
        self.result.setText("<br/>".join(lines))
        self.result.setStyleSheet("")
        self.queue_button.setEnabled(case.state == "issued")
        self._forward_contents = self._contents()

    def _show_oga_instructions(self) -> None:
        case = self.case
        self.result.setText(_("<b>Art. 7 ν. 3232/2004 worker: no certificate of the programme.</b><br/>"
                              "OGA gave the amount ({amount}; {reference}). Send OGA what its instructions ask "
                              "for, with a transmittal.").format(
            amount=format_eur(case.amount, lang()) if case.amount is not None else "—",
            reference=case.amount_reference or "—"))
        self.result.setStyleSheet("")
        self.booklet.setText("")
        self.queue_button.setEnabled(case.state == "paid")
        self._forward_contents = [item.strip() for item in self.oga_contents.text().split(";") if item.strip()]

    def _registration(self):
        """The Δελτίο Απογραφής data for the answers on this page (ValueError: what is missing)."""
        case = self.case
        if case.category == "1γ" and self.pending.currentData() is None:
            raise ValueError(_("Choose the situation of the pending application: it decides the start of insurance."))
        person = self.registry.persons.get(case.person_id)
        return insurance_start(case.category, residence_document=person.residence_doc,
                               permit_valid_from=person.residence_valid_from,
                               works_in_agriculture=case.facts.get("works_in_agriculture", True), **self.inputs())

    def _contents(self) -> list[str]:
        """What goes to OGA, in Greek whatever the screen's language: the transmittal is a Greek document."""
        from correspondent_app.i18n import language  # noqa: PLC0415

        with language("el"):
            return list(forward_contents(self._registration(), received=self.case.documents_received))

    def _enqueue(self) -> None:
        if self.case.outcome == "ask_oga":
            self._show_oga_instructions()  # what the clerk typed last
        if self.workflow.run(self.registry.transmittals.enqueue, self.case.id, self._forward_contents):
            queued = dict(self.registry.transmittals.queue()).get(self.case.id)
            if queued:
                self.queued.setText(_("In the transmittal queue:") + "".join(f"<br/>• {item}" for item in queued))

