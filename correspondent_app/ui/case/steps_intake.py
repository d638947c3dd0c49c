"""Steps 1–3: the person, the questions that decide the case, the decision."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.domain.programme import load_programme
from correspondent_app.domain.rules import FactError, decide, resolve_facts
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.domain.guards import HQ_CONTRADICTION, settled
from correspondent_app.ui.case.base import ANSWERS_OPEN, NOT_OGA, Step
from correspondent_app.ui.case.review import ProblemList
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, OK_STYLE, ask_text, cite_text, cite_texts, note, wrapped_check

CHOICE_LABELS = {
    "par10": N_("Par. 10 — permit extended to 30-6-2004, or expired after that date and not renewed"),
    "par11": N_("Par. 11 — lived in Greece until 31-12-2004 without a permit"),
    "active": N_("Active OGA insured"),
    "interrupted": N_("Insurance interrupted (missing documents)"),
    "pending": N_("OGA application pending"),
    "never": N_("Never applied to OGA"),
}
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
#: What the clerk ticks for each warning told (two identical "Told the applicant" could not be told apart).
WARNING_TOLD = {
    "par11_residence_proof": N_("Told the applicant: pay only with a document proving residence until 31-12-2004"),
    "par10_not_par11": N_("Told the applicant: not par. 11 if their permit was extended to 30-6-2004 or expired after "
                          "it without renewal (par. 10)"),
    "not_on_hq_list": N_("Checked: the person is not on HQ's list"),
    "amount_from_hq_list": N_("Checked: the amount is the person's own"),
    "no_registration_special_reason": N_("Told the applicant: no Δελτίο Απογραφής for a special reason of residence"),
}
#: The residence proof the applicant said they hold: none of the documents named by law.
NO_PROOF = "none"
#: States in which competence and the warnings told may still be confirmed (before the certificate).
CONFIRMABLE = frozenset({*ANSWERS_OPEN, "paid"})
QUESTION_ERROR_STYLE = "QGroupBox { border: 2px solid #b71c1c; }"


def lang() -> str:
    return current_language()


def source(cite: str) -> str:
    """A row's legal source, after the row, in grey."""
    return f" <span style='color:#555;'><i>({cite_text(cite)})</i></span>" if cite else ""


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


class PersonStep(Step):
    title = N_("1. Person")
    object_name = "stepPerson"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.summary = self.text()
        self.hq = self.text()
        edit = QPushButton(_("&Edit person…"))
        edit.clicked.connect(self._edit)
        self.add(edit)
        self.body.addStretch()

    def load(self) -> None:
        p = self.registry.persons.get(self.case.person_id)
        lines = [f"<b>{p.display_name}</b>"]
        if p.birth_date:
            lines.append(_("Born {date}").format(date=format_date(p.birth_date, lang())))
        if p.passport_no:
            lines.append(_("Passport {no}").format(no=p.passport_no))
        if p.oga_no:
            lines.append(_("OGA registry number {no}").format(no=p.oga_no))
        self.summary.setText("<br/>".join(lines))
        entry = self.registry.hq_lists.entry_for_person(p.id)
        if entry:
            status = _("active insured") if entry.status == "active" else _("insurance interrupted")
            self.hq.setText(_("On HQ's list “{ref}”: {status}, amount {amount}. The answers and the amount are "
                              "pre-filled from it.").format(ref=entry.list_reference, status=status,
                                                            amount=format_eur(entry.amount, lang())))
            self.hq.setStyleSheet(OK_STYLE)
        else:
            self.hq.setText(_("Not on any imported HQ list."))
            self.hq.setStyleSheet("")

    def _edit(self) -> None:
        from correspondent_app.ui.person_form import PersonDialog  # noqa: PLC0415

        dialog = PersonDialog(self.registry, self.registry.persons.get(self.case.person_id), self)
        if dialog.exec():
            self.load()


class SituationStep(Step):
    """The programme's questions, each with why it is asked; only those that apply are shown."""

    title = N_("2. Provision and situation")
    object_name = "stepSituation"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.programme = load_programme()
        self.groups: dict[str, QGroupBox] = {}
        self.buttons: dict[str, QButtonGroup] = {}
        self.values: dict[str, dict[int, object]] = {}
        for fact in self.programme.facts.values():
            if fact.name == "on_hq_list":
                continue  # known from the imported lists, not asked
            self._question(fact)
        self.problem = self.text(style=ERROR_STYLE)
        self.problem.setObjectName("situationProblem")
        self.problem_fact: str | None = None
        self.body.addStretch()

    def _question(self, fact) -> None:
        box = QGroupBox()  # a group box's title never wraps: the question is a wrapping label inside
        box.setObjectName(f"question_{fact.name}")
        layout = QVBoxLayout(box)
        question = note(f"<b>{fact.question(lang())}</b>")
        question.setObjectName(f"questionText_{fact.name}")
        layout.addWidget(question)
        why = note(f"{fact.why(lang())} ({cite_text(fact.cite)})", "color: #555;")
        layout.addWidget(why)
        group = QButtonGroup(box)
        options = fact.choices if fact.type == "choice" else (True, False)
        row = QVBoxLayout() if fact.type == "choice" else QHBoxLayout()
        self.values[fact.name] = {}
        for i, value in enumerate(options):
            label = _(CHOICE_LABELS[value]) if value in CHOICE_LABELS else (_("&Yes") if value is True else _("&No"))
            button = QRadioButton(label)
            button.setObjectName(f"{fact.name}_{value}")
            group.addButton(button, i)
            self.values[fact.name][i] = value
            row.addWidget(button)
            button.toggled.connect(self._refresh_visibility)
            button.toggled.connect(lambda on, name=fact.name: on and self._answered(name))
        if isinstance(row, QHBoxLayout):
            row.addStretch()
        layout.addLayout(row)
        self.groups[fact.name] = box
        self.buttons[fact.name] = group
        self.add(box)

    def set_facts(self, facts: dict) -> None:
        for name, group in self.buttons.items():
            value = facts.get(name, self.programme.facts[name].default)
            group.setExclusive(False)  # an answer of another case, or of before, is not left ticked
            for button_id, option in self.values[name].items():
                group.button(button_id).setChecked(option == value and value is not None)
            group.setExclusive(True)
        self._refresh_visibility()

    def _answers(self) -> dict:
        return {name: self.values[name][g.checkedId()] for name, g in self.buttons.items() if g.checkedId() >= 0}

    def _answered(self, name: str) -> None:
        """An answer given: that question is no longer marked as the one to answer."""
        self.groups[name].setStyleSheet("")
        if self.problem_fact == name:
            self.problem.setText("")
            self.problem_fact = None

    def _refresh_visibility(self) -> None:
        answers = self._answers()
        applies = {}
        for name in self.groups:
            when = self.programme.facts[name].only_when
            applies[name] = all(answers.get(k) in v for k, v in when.items())
        shown = {name: value for name, value in answers.items() if applies[name]}
        for name, box in self.groups.items():
            box.setVisible(applies[name] and not self._cannot_matter(name, shown))

    def _cannot_matter(self, name: str, answers: dict) -> bool:
        """Every answer to ``name`` leads to the same decision, given the others (e.g. the special reason of
        residence once the person works in agriculture, or agriculture for an active insured): not asked."""
        fact = self.programme.facts[name]
        others = {k: v for k, v in answers.items() if k != name}
        decisions = []
        for value in (fact.choices if fact.type == "choice" else (True, False)):
            try:
                decisions.append(dataclasses.replace(decide({**others, name: value}, programme=self.programme),
                                                     facts={}))
            except FactError:
                return False
        return all(d == decisions[0] for d in decisions)

    def visible_facts(self) -> dict:
        answers = self._answers()
        return {name: value for name, value in answers.items() if not self.groups[name].isHidden()}

    def load(self) -> None:
        self.problem_fact = None
        facts = dict(self.case.facts) if self.case.facts else {}
        if not facts:
            facts = self.workflow.prefill_facts()
        self.set_facts(facts)
        self.problem.setText("")
        for box in self.groups.values():
            box.setStyleSheet("")
        open_ = self.case.state in ANSWERS_OPEN
        for widget in self.editable_widgets():
            widget.setEnabled(open_)
        if not open_:
            self.problem.setText(_("The answers of a paid case cannot change: they are shown as decided."))
            self.problem.setStyleSheet("color: #555;")
        else:
            self.problem.setStyleSheet(ERROR_STYLE)

    def editable_widgets(self) -> list:
        return [button for group in self.buttons.values() for button in group.buttons()]

    def first_input(self):
        """The first question still to answer, else the first one shown."""
        shown = [name for name, box in self.groups.items() if not box.isHidden()]
        for name in shown:
            group = self.buttons[name]
            if group.checkedId() < 0:
                return next((b for b in group.buttons() if b.isEnabled()), None)
        if shown:
            button = self.buttons[shown[0]].checkedButton()
            return button if button is not None and button.isEnabled() else None
        return None

    def _facts(self) -> dict:
        facts = self.visible_facts()
        if facts.get("oga_status") == "active":
            facts.pop("works_in_agriculture", None)
        entry = self.registry.hq_lists.entry_for_person(self.case.person_id)
        if facts.get("provision") == "par10" and facts.get("oga_status") == "interrupted":
            facts["on_hq_list"] = bool(entry and entry.status == "interrupted")
        return facts

    def advance(self) -> bool:
        if self.case.state not in ANSWERS_OPEN:
            return True  # shown as decided; nothing to save
        facts = self._facts()
        try:
            resolve_facts(facts, self.programme)
            decide(facts, programme=self.programme)
        except FactError as exc:
            self.problem.setText(str(exc))
            self.problem_fact = exc.fact
            box = self.groups.get(exc.fact)
            if box is not None:
                box.setStyleSheet(QUESTION_ERROR_STYLE)
                target = next((b for b in self.buttons[exc.fact].buttons() if b.isVisible()), box)
                target.setFocus()
            return False
        for box in self.groups.values():
            box.setStyleSheet("")
        return self._save(facts)

    def save_draft(self) -> None:
        """Closing the window keeps the answers: decided if they suffice, else saved undecided."""
        if self.case.state != "draft":
            return  # a case waiting for payment changes its answers only with Next, on purpose
        facts = self._facts()
        if facts == self.case.facts:
            return
        try:
            resolve_facts(facts, self.programme)
            decide(facts, programme=self.programme)
        except FactError:
            # Too few to decide on: the registry keeps them as they are, and the case is an undecided draft.
            self.workflow.run(self.registry.cases.save_answers, self.case.id, self.visible_facts())
            return
        self._save(facts)

    def _save(self, facts: dict) -> bool:
        """Decide the case on ``facts``; a new competent correspondent must be confirmed again."""
        before, answered = self.case.competent, self.case.competent_here
        if not self.workflow.run(self.registry.cases.decide, self.case.id, facts):
            return False
        case = self.workflow.case
        if before is not None and answered is not None and case.competent != before:
            # another category, another competent correspondent: the old answer was to another question
            self.workflow.competence_unanswered = True
        entry = self.registry.hq_lists.entry_for_person(case.person_id)
        if case.category == "1α" and entry and case.amount is None:
            self.workflow.run(self.registry.cases.set_amount, case.id, entry.amount, source="hq_list",
                              reference=entry.list_reference)
        return True


class DecisionStep(Step):
    """What the answers decide, each point with its legal source; the competence question; the warnings told."""

    title = N_("3. Decision")
    object_name = "stepDecision"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.outcome = self.text()
        self.outcome.setObjectName("decisionOutcome")
        self.details = self.text()
        self.details.setObjectName("decisionDetails")
        # HQ's list against the category: a contradiction to correct or explain, warnings to acknowledge.
        self.hq_review = ProblemList()
        self.hq_review.setObjectName("hqListReview")
        self.hq_review.acknowledge.connect(self._acknowledge)
        self.add(self.hq_review)
        self.hq_recorded = self.text(style="color: #555;")
        self.hq_recorded.setObjectName("hqListRecorded")
        self.competence = QCheckBox()
        self.competence.setObjectName("competenceCheck")
        self.competence.toggled.connect(self._competence_changed)
        self.add(self.competence)
        self.competence_warning = self.text(style=ERROR_STYLE)
        self.competence_warning.setObjectName("competenceWarning")
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
        form.addRow(_("Amount (€)"), self.amount)
        form.addRow(_("From (HQ list or OGA's instruction)"), self.reference)
        self.add(self.amount_box)
        self.warnings_box = QGroupBox(_("Tell the applicant"))
        self.warnings_layout = QVBoxLayout(self.warnings_box)
        self.add(self.warnings_box)
        self.warning_checks: dict[str, QCheckBox] = {}
        self.warnings_container: QWidget | None = None
        self.proof = QComboBox()
        self.no_proof = note(style=ERROR_STYLE)
        self.print_note = QPushButton(_("Print an &explanation for the person"))
        self.print_note.setObjectName("printExplanation")
        self.print_note.clicked.connect(lambda: self.workflow.print_document("applicant-note"))
        self.add(self.print_note)
        self.body.addStretch()

    def load(self) -> None:
        case = self.case
        d = case.decision
        if d is None:
            return
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
        self._load_warnings(case, d)
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

    def _load_warnings(self, case, d) -> None:
        if self.warnings_container is not None:
            self.warnings_container.setParent(None)
        self.warnings_container = QWidget()
        layout = QVBoxLayout(self.warnings_container)
        layout.setContentsMargins(0, 0, 0, 0)
        self.warnings_layout.addWidget(self.warnings_container)
        self.warning_checks.clear()
        self.proof = QComboBox()
        self.proof.setObjectName("residenceProof")
        self.proof.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.proof.setMinimumContentsLength(30)
        self.no_proof = note(style=ERROR_STYLE)
        self.no_proof.setObjectName("noProofWarning")
        self.warnings_box.setVisible(bool(d.warnings))
        for warning in d.warnings:
            frame = QFrame()  # each warning with its own tick: which one was told is plain
            frame.setObjectName(f"warningFrame_{warning.id}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            text = note(f"{warning.text(lang())}{source(warning.cite)}")
            if warning.acknowledge:
                text.setStyleSheet("font-weight: bold;")
            inner.addWidget(text)
            if warning.options:
                self._add_proof(inner, case, warning)
            told = _(WARNING_TOLD.get(warning.id, N_("Told the applicant")))
            row, check = wrapped_check(told, f"warning_{warning.id}")  # a long tick text wraps, never scrolls sideways
            check.setAccessibleName(told)
            check.setChecked(warning.id in case.warnings_given)
            inner.addWidget(row)
            layout.addWidget(frame)
            self.warning_checks[warning.id] = check

    def _add_proof(self, layout, case, warning) -> None:
        """The documents that prove residence, listed; which one the applicant holds, or none."""
        cites = cite_texts(option.cite for option in warning.options)
        listed = "".join(f"<br/>• {option.text(lang())}" for option in warning.options)
        documents = note(_("<b>Documents that prove residence until 31-12-2004</b> ({source}):").format(source=cites)
                         + listed)
        documents.setObjectName("residenceDocuments")
        layout.addWidget(documents)
        self.proof.addItem(_("— which of these does the applicant hold? —"), "")
        for option in warning.options:
            self.proof.addItem(option.text(lang()), option.id)
        self.proof.addItem(_("none of these (told not to pay: they may pay and still be refused)"), NO_PROOF)
        self.proof.setCurrentIndex(max(self.proof.findData(case.residence_proof), 0))
        self.proof.currentIndexChanged.connect(self._proof_changed)
        layout.addWidget(self.proof)
        layout.addWidget(self.no_proof)
        self._proof_changed()

    def _proof_changed(self, *_args) -> None:
        none = self.proof.currentData() == NO_PROOF
        self.no_proof.setText(_("The applicant holds none of these documents: they were told that they may pay "
                                "and still be refused a permit. If they choose to pay all the same, the case goes on.")
                              if none else "")
        self.no_proof.setVisible(none)

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
        contradiction = self.registry.cases.unresolved_contradiction(self.case)
        if contradiction is not None:
            show_error(self, ValueError(contradiction.message))
            self.hq_review.notes[HQ_CONTRADICTION].setFocus()
            return False
        if d.outcome == "certificate" and not self.competence.isChecked():
            show_error(self, ValueError(self.competence_warning.text()))
            return False
        required = [w for w in d.warnings if w.acknowledge]
        missing = [w for w in required if not self.warning_checks[w.id].isChecked()]
        if missing or (any(w.options for w in required) and not self.proof.currentData()):
            show_error(self, ValueError(_("Tick that you told the applicant the warnings, and choose the proof of "
                                          "residence they hold (or none of them): the registry records both.")))
            return False
        self._save_warnings()
        if self.amount_box.isVisible():
            return self._save_own_amount(d)
        return True

    def _save_warnings(self) -> None:
        """What the page shows ticked is what was told: a tick taken back is taken back in the registry too."""
        given = [wid for wid, check in self.warning_checks.items() if check.isChecked()]
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
            show_error(self, ValueError(_("Type the amount in euro, e.g. 312,40.")))
            return False
        source_ = "oga" if d.outcome == "ask_oga" else "hq_list"
        return self.workflow.run(self.registry.cases.set_amount, self.case.id, amount, source=source_,
                                 reference=self.reference.text())
