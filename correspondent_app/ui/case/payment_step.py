"""Step 5: the payment, recorded from the receipt the person brings."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QRadioButton, QVBoxLayout

from correspondent_app.domain.formatting import format_date, format_decimal, format_eur
from correspondent_app.i18n import N_, _
from correspondent_app.registry.payments import AmountMismatch, DuplicateReceipt
from correspondent_app.ui.case.base import Step
from correspondent_app.ui.case.helpers import lang, parse_amount
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, OK_STYLE, DateField, ReceiptField


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
            # What the registry holds, nothing left from an earlier visit: what
            # was typed and not recorded comes back as the case's draft.
            for field in (self.receipt, self.elta_reference, self.elta_date, self.reason):
                field.setText("")
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
