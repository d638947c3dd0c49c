"""Step 7: the next steps: the Δελτίο Απογραφής, the health booklet, the transmittal to OGA."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.domain.health import booklet_eligibility
from correspondent_app.domain.registration import forward_contents, insurance_start
from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import Step
from correspondent_app.ui.case.helpers import lang
from correspondent_app.ui.widgets import ERROR_STYLE, OK_STYLE


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
    advance_saves = False  # Finish saves nothing of the page: its answers stay the case's draft

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        box = QGroupBox(_("Δελτίο Απογραφής (registration data sheet)"))  # the form's Greek name, translated beside
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
            lines.append(_("Section 7 «ΜΕΤΑΒΟΛΕΣ – ΑΠΩΛΕΙΑ ΚΑΡΤΑΣ» (changes – card lost), position α: <b>{code}</b>").format(code=payment.receipt_code))
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
