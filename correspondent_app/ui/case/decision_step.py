"""Step 3: what the answers decide, with its sources; the competence question; the warnings told.

Pressing Next with things missing shows them all at once, each beside its field, and puts the cursor
on the first: never one OK box after another.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_eur
from correspondent_app.domain.guards import HQ_CONTRADICTION, settled
from correspondent_app.domain.programme import load_programme
from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import ANSWERS_OPEN, NOT_OGA, Step
from correspondent_app.ui.case.decision_warnings import WarningsPanel
from correspondent_app.ui.case.intake_shared import InlineErrors, lang, source
from correspondent_app.ui.case.review import ProblemList
from correspondent_app.ui.widgets import ERROR_STYLE, ask_text, cite_texts

OUTCOME_TITLES = {
    "other_insurer": N_("Not OGA's: pays the last insurer"),
    "not_oga": N_("Not OGA's"),
    "ask_oga": N_("Ask OGA: instructions and amount come from OGA"),
}
COMPETENCE_QUESTION = {
    "registration": N_("Is the person registered in this community's registry (Μητρώο)?"),
    "application": N_("Was the OGA application submitted here?"),
    "residence": N_("Does the person live in this community?"),
}
#: States in which competence and the warnings told may still be confirmed (before the certificate).
CONFIRMABLE = frozenset({*ANSWERS_OPEN, "paid"})


def decision_complete(case) -> bool:
    """The decision step was answered (competence, warnings told, proof, amount): a reopened draft goes past it."""
    d = case.decision
    if d is None or d.outcome in NOT_OGA:
        return False
    if d.outcome == "certificate" and case.competent_here is not True:
        return False
    required = [w for w in d.warnings if w.acknowledge]
    if any(w.id not in case.warnings_given for w in required):
        return False
    if any(w.options for w in required) and not case.residence_proof:
        return False
    return case.amount is not None



class DecisionStep(Step):
    """What the answers decide, each point with its legal source; the competence question; the warnings told."""

    title = N_("3. Decision")
    object_name = "stepDecision"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.errors = InlineErrors(self)
        self.outcome = self.text()
        self.outcome.setObjectName("decisionOutcome")
        self.details = self.text()
        self.details.setObjectName("decisionDetails")
        # HQ's list against the category: a contradiction to correct or explain, warnings to acknowledge.
        self.hq_review = ProblemList()
        self.hq_review.setObjectName("hqListReview")
        self.hq_review.acknowledge.connect(self._acknowledge)
        self.add(self.hq_review)
        self.add(self.errors.label("contradiction"))
        self.hq_recorded = self.text(style="color: #555;")
        self.hq_recorded.setObjectName("hqListRecorded")
        self.competence = QCheckBox()
        self.competence.setObjectName("competenceCheck")
        self.competence.toggled.connect(self._competence_changed)
        self.add(self.competence)
        self.competence_warning = self.text(style=ERROR_STYLE)
        self.competence_warning.setObjectName("competenceWarning")
        self.add(self.errors.label("competence"))
        # Not the competent correspondent: the case ends here, with the reason.
        self.referral = QWidget()
        referral = QVBoxLayout(self.referral)  # one under the other: side by side they overflow a laptop's width
        referral.setContentsMargins(0, 0, 0, 0)
        self.cancel_button = QPushButton(_("&Cancel the case: the person is sent to the competent correspondent…"))
        self.cancel_button.setObjectName("cancelNotCompetent")
        self.cancel_button.clicked.connect(lambda: self.cancel_not_competent())
        referral.addWidget(self.cancel_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.referral_note = QPushButton(_("Print a note of where to &go"))
        self.referral_note.setObjectName("printReferral")
        self.referral_note.clicked.connect(lambda: self.workflow.print_document("applicant-note"))
        referral.addWidget(self.referral_note, alignment=Qt.AlignmentFlag.AlignLeft)
        self.add(self.referral)
        self.amount_box = QGroupBox(_("The person's own amount"))
        form = QFormLayout(self.amount_box)
        self.amount = QLineEdit()
        self.amount.setObjectName("ownAmount")
        self.reference = QLineEdit()
        self.reference.setObjectName("ownAmountReference")
        self.amount.textEdited.connect(lambda _text: self.errors.clear("amount"))
        form.addRow(_("Amount (€)"), self.amount)
        form.addRow("", self.errors.label("amount"))
        form.addRow(_("From (HQ list or OGA's instruction)"), self.reference)
        self.add(self.amount_box)
        self.warnings_box = WarningsPanel(self.errors)
        self.add(self.warnings_box)
        self.print_note = QPushButton(_("Print an &explanation for the person"))
        self.print_note.setObjectName("printExplanation")
        self.print_note.clicked.connect(lambda: self.workflow.print_document("applicant-note"))
        self.add(self.print_note)
        self.body.addStretch()

    @property
    def warning_checks(self) -> dict[str, QCheckBox]:
        return self.warnings_box.checks

    @property
    def proof(self):
        return self.warnings_box.proof

    @property
    def no_proof(self):
        return self.warnings_box.no_proof

    def load(self) -> None:
        case = self.case
        d = case.decision
        if d is None:
            return
        self.errors.clear_all()
        programme = load_programme(case.programme)
        if d.outcome == "certificate":
            cat = programme.categories[d.category]
            self.outcome.setText(_("<b>Category {category}</b> — {situation}").format(
                category=d.category, situation=cat.situation(lang())) + source(cat.situation_cite))
            self.details.setText(self._details(case, d))
        else:
            self.outcome.setText(f"<b>{_(OUTCOME_TITLES[d.outcome])}</b>")
            self.details.setText(f"{d.reason(lang())}<br/><i style='color:#555;'>({cite_texts(d.citations)})</i>")
        self.outcome.setStyleSheet("font-size: 16pt;")
        self._load_hq_list(case)
        self._load_competence(case, d)
        self._load_amount(case, d)
        self.warnings_box.load(case, d)
        self.print_note.setVisible(d.outcome != "certificate")
        open_ = case.state in ANSWERS_OPEN
        for widget in self.editable_widgets():
            widget.setEnabled(open_)
        # Paid but not yet issued: the answers are fixed, but what the pre-issue review asks to confirm
        # (competence, warnings told, the proof named) can still be done here.
        for widget in (self.competence, self.proof, *self.warning_checks.values()):
            widget.setEnabled(case.state in CONFIRMABLE)

    def editable_widgets(self) -> list:
        return [self.competence, self.cancel_button, self.amount, self.reference, self.proof,
                *self.warning_checks.values(), *self.hq_review.notes.values(), *self.hq_review.ticks.values()]

    def widget_for(self, key: str):
        if key == "competence":
            return self.competence
        if key == "residence_proof":
            return self.proof
        return self.warning_checks.get(key) or self.first_input()

    def _load_hq_list(self, case) -> None:
        """What HQ's list says against the category: unsettled findings with their tick or reason, the rest as recorded."""
        findings = self.registry.cases.hq_findings(case.id)
        done = [f for f in findings if settled(f, case.acknowledgements)]
        self.hq_review.show_problems([f for f in findings if f not in done])
        self.hq_recorded.setText("<br/>".join(
            _("Recorded: {finding}").format(finding=f.message) + (
                _(" Reason: {reason}").format(reason=case.acknowledgements[f.key]) if f.needs_note else "")
            for f in done))
        self.hq_recorded.setVisible(bool(done))

    def _acknowledge(self, key: str, note_text: str) -> None:
        if self.workflow.run(self.registry.cases.acknowledge, self.case.id, key, note_text):
            self.load()

    def first_input(self):
        contradiction = self.hq_review.notes.get(HQ_CONTRADICTION)
        if contradiction is not None and contradiction.isEnabled():
            return contradiction
        if self.competence.isVisible() and self.competence.isEnabled() and not self.competence.isChecked():
            return self.competence
        if self.amount_box.isVisible() and self.amount.isEnabled() and not self.amount.text().strip():
            return self.amount
        for check in self.warning_checks.values():
            if check.isEnabled() and not check.isChecked():
                return check
        return None

    def _details(self, case, d) -> str:
        """One row per point, each with its own source."""
        cat = load_programme(case.programme).categories[d.category]
        programme = load_programme(case.programme)
        amount = format_eur(case.amount, lang()) if case.amount is not None else _("the person's own amount (below)")
        comprises = ", ".join(item.text(lang()) for item in d.comprises)
        rows = [
            _("Provision: {p}").format(p=programme.provisions[d.provision].label(lang())) + source(cat.provision.cite),
            "<span style='font-size:15pt'><b>" + _("Amount due: {amount}").format(amount=amount) + "</b></span>"
            + source(cat.amount_cite),
            _("Comprises: {c}").format(c=comprises) + source(cat.comprises_cite),
        ]
        if d.years and d.years_kind == "contributions":  # for a purchase the effect row says the years
            rows.append(_("Contributions for {n} years").format(n=d.years) + source(cat.years.cite))
        rows += [
            d.effect(lang()) + source(cat.effect_cite),
            _("Certificate: model {model}, {copies} copies").format(model=d.certificate_model, copies=d.copies)
            + source(cat.certificate.cite),
            _("Payment: {p}").format(p=d.payment.text(lang())) + source(cat.payment.cite),
            _("Competent correspondent: {who}").format(who=programme.competence[d.competent].text(lang()))
            + source(cat.competent.cite),
        ]
        return "<br/>".join(rows)

    def _answered_here(self, case) -> bool | None:
        """The stored answer to the competence question (None: not answered for this category)."""
        if getattr(self.workflow, "competence_unanswered", False):
            return None
        return case.competent_here

    def _load_competence(self, case, d) -> None:
        visible = d.outcome == "certificate"
        self.competence.setVisible(visible)
        if not visible:
            self.competence_warning.setText("")
            self.referral.setVisible(False)
            return
        self.competence.setText(_(COMPETENCE_QUESTION[d.competent]))
        self.competence.blockSignals(True)
        # Unticked until the clerk answers: a pre-ticked box is passed over by
        # Enter, and a person sent to the wrong correspondent pays for nothing.
        self.competence.setChecked(self._answered_here(case) is True)
        self.competence.blockSignals(False)
        self._show_competence()

    def _show_competence(self) -> None:
        case = self.case
        who = load_programme(case.programme).competence[case.decision.competent].text(lang())
        answer = self._answered_here(case)
        if answer is True:
            self.competence_warning.setText("")
        elif answer is None:
            self.competence_warning.setText(_("Tick the box if so; if not, refer the person. Competent: {who}.")
                                            .format(who=who))
        else:
            self.competence_warning.setText(_(
                "This correspondent is not the competent one for this category. Competent: {who}. Refer the person "
                "there and cancel this case.").format(who=who))
        self.referral.setVisible(answer is False and case.state in ANSWERS_OPEN)

    def _competence_changed(self, here: bool) -> None:
        if here:
            self.errors.clear("competence")
        self.workflow.competence_unanswered = False
        self.workflow.run(self.registry.cases.set_competence, self.case.id, here)
        self._show_competence()

    def cancel_not_competent(self, reason: str | None = None) -> bool:
        """Cancel the case with the reason (asked, with a suggestion naming the competent correspondent)."""
        who = load_programme(self.case.programme).competence[self.case.decision.competent].text(lang())
        if reason is None:
            reason = ask_text(self, _("Cancel the case"), _("Reason for cancelling (kept in the registry):"),
                              _("Not competent: sent to {who}").format(who=who))
        if not reason:
            return False
        if not self.workflow.run(self.registry.cases.cancel, self.case.id, reason):
            return False
        self.workflow.changed.emit()
        self.workflow.go(self.workflow.index)
        return True

    def _load_amount(self, case, d) -> None:
        own = d.outcome == "ask_oga" or (d.outcome == "certificate" and d.amount is None)
        self.amount_box.setVisible(own)
        if own:
            self.amount.setText(str(case.amount).replace(".", ",") if case.amount is not None else "")
            self.reference.setText(case.amount_reference)

    def next_label(self) -> str | None:
        d = self.case.decision
        if d is not None and d.outcome in NOT_OGA and self.case.state == "draft":
            return _("Close the case (&archive)")
        return None

    def advance(self) -> bool:
        d = self.case.decision
        if self.case.state == "paid" and d is not None and d.outcome == "certificate":
            self._save_warnings()  # confirmed after payment, for the pre-issue review
            return True
        if self.case.state not in ANSWERS_OPEN:
            return True  # shown as decided
        if d.outcome in NOT_OGA:
            self.workflow.run(self.registry.cases.move, self.case.id, "archived")
            self.workflow.finish()
            return False
        problems = self._problems(d)
        if problems:
            self.errors.show(problems)
            return False
        self.errors.clear_all()
        self._save_warnings()
        if self.amount_box.isVisible():
            return self._save_own_amount(d)
        return True

    def _problems(self, d) -> list[tuple[str, str, QWidget]]:
        """Everything that stops the case here, in the order of the page: (key, message, field to fix it in)."""
        problems = []
        contradiction = self.registry.cases.unresolved_contradiction(self.case)
        if contradiction is not None:
            field = self.hq_review.notes.get(HQ_CONTRADICTION) or self.hq_review
            problems.append(("contradiction", contradiction.message, field))
        if d.outcome == "certificate" and not self.competence.isChecked():
            problems.append(("competence", _("Not answered yet.")
                             if self._answered_here(self.case) is None else
                             _("The case cannot go on here: cancel it with the button below."), self.competence))
        if self.amount_box.isVisible() and self.amount.isEnabled():
            try:
                self._typed_amount()
            except InvalidOperation:
                problems.append(("amount", _("Type the amount in euro, e.g. 312,40."), self.amount))
        return problems + self.warnings_box.problems(d)

    def _save_warnings(self) -> None:
        """What the page shows ticked is what was told: a tick taken back is taken back in the registry too."""
        given = self.warnings_box.given()
        self.workflow.run(self.registry.cases.set_warnings_given, self.case.id, given,
                          residence_proof=self.proof.currentData() or "")

    def save_draft(self) -> None:
        """Closing keeps the warnings ticked, the proof chosen and a readable amount (the competence is saved as ticked)."""
        d = self.case.decision
        if d is None or self.case.state not in CONFIRMABLE or d.outcome in NOT_OGA:
            return
        self._save_warnings()
        if self.case.state not in ANSWERS_OPEN:
            return
        if self.amount_box.isVisible() and self.reference.text().strip():
            try:
                amount = self._typed_amount()
            except InvalidOperation:
                return  # asked for again when the clerk goes on
            if amount != self.case.amount:
                self.workflow.run(self.registry.cases.set_amount, self.case.id, amount,
                                  source="oga" if d.outcome == "ask_oga" else "hq_list",
                                  reference=self.reference.text())

    def _typed_amount(self) -> Decimal:
        text = self.amount.text().strip()
        return Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)

    def _save_own_amount(self, d) -> bool:
        try:
            amount = self._typed_amount()
        except InvalidOperation:
            self.errors.show([("amount", _("Type the amount in euro, e.g. 312,40."), self.amount)])
            return False
        source_ = "oga" if d.outcome == "ask_oga" else "hq_list"
        return self.workflow.run(self.registry.cases.set_amount, self.case.id, amount, source=source_,
                                 reference=self.reference.text())
