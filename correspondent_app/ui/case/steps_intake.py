"""Steps 1–3: the person, the questions that decide the case, the decision."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QRadioButton,
    QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.domain.programme import load_programme
from correspondent_app.domain.rules import FactError, decide, resolve_facts
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.case.base import Step
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, OK_STYLE, note

CHOICE_LABELS = {
    "par10": N_("Par. 10 — had a residence permit (extended to 30-6-2004 or expired later)"),
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


def lang() -> str:
    return current_language()


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
        self.body.addStretch()

    def _question(self, fact) -> None:
        box = QGroupBox()  # a group box's title never wraps: the question is a wrapping label inside
        box.setObjectName(f"question_{fact.name}")
        layout = QVBoxLayout(box)
        question = note(f"<b>{fact.question(lang())}</b>")
        question.setObjectName(f"questionText_{fact.name}")
        layout.addWidget(question)
        why = note(f"{fact.why(lang())} ({fact.cite})", "color: #555;")
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
        if isinstance(row, QHBoxLayout):
            row.addStretch()
        layout.addLayout(row)
        self.groups[fact.name] = box
        self.buttons[fact.name] = group
        self.add(box)

    def set_facts(self, facts: dict) -> None:
        for name, group in self.buttons.items():
            value = facts.get(name, self.programme.facts[name].default)
            for button_id, option in self.values[name].items():
                if option == value and value is not None:
                    group.button(button_id).setChecked(True)
        self._refresh_visibility()

    def _answers(self) -> dict:
        return {name: self.values[name][g.checkedId()] for name, g in self.buttons.items() if g.checkedId() >= 0}

    def _refresh_visibility(self) -> None:
        answers = self._answers()
        for name, box in self.groups.items():
            when = self.programme.facts[name].only_when
            box.setVisible(all(answers.get(k) in v for k, v in when.items()))
        if answers.get("oga_status") == "active":
            self.groups["works_in_agriculture"].setVisible(False)  # an active insured is in agriculture

    def visible_facts(self) -> dict:
        answers = self._answers()
        return {name: value for name, value in answers.items() if not self.groups[name].isHidden()}

    def load(self) -> None:
        facts = dict(self.case.facts) if self.case.facts else {}
        if not facts:
            facts = self.workflow.prefill_facts()
        self.set_facts(facts)
        self.problem.setText("")

    def advance(self) -> bool:
        facts = self.visible_facts()
        if facts.get("oga_status") == "active":
            facts.pop("works_in_agriculture", None)
        entry = self.registry.hq_lists.entry_for_person(self.case.person_id)
        if facts.get("provision") == "par10" and facts.get("oga_status") == "interrupted":
            facts["on_hq_list"] = bool(entry and entry.status == "interrupted")
        try:
            resolve_facts(facts, self.programme)
            decide(facts, programme=self.programme)
        except FactError as exc:
            self.problem.setText(str(exc))
            box = self.groups.get(exc.fact)
            if box is not None:
                box.setStyleSheet("QGroupBox { border: 2px solid #b71c1c; }")
                box.setFocus()
            return False
        for box in self.groups.values():
            box.setStyleSheet("")
        self.workflow.run(self.registry.cases.decide, self.case.id, facts)
        if self.registry.cases.get(self.case.id).category == "1α" and entry and self.case.amount is None:
            self.workflow.run(self.registry.cases.set_amount, self.case.id, entry.amount, source="hq_list",
                              reference=entry.list_reference)
        return True


class DecisionStep(Step):
    title = N_("3. Decision")
    object_name = "stepDecision"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.outcome = self.text()
        self.outcome.setObjectName("decisionOutcome")
        self.details = self.text()
        self.details.setObjectName("decisionDetails")
        self.competence = QCheckBox()
        self.competence.setObjectName("competenceCheck")
        self.competence.toggled.connect(self._competence_changed)
        self.add(self.competence)
        self.competence_warning = self.text(style=ERROR_STYLE)
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
        self.sources = self.text(style="color: #555;")
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
        if d.outcome == "certificate":
            self.outcome.setText(_("<b>Category {category}</b> — {situation}").format(
                category=d.category, situation=load_programme().categories[d.category].situation(lang())))
            self.details.setText(self._details(case, d))
        else:
            self.outcome.setText(f"<b>{_(OUTCOME_TITLES[d.outcome])}</b>")
            self.details.setText(f"{d.reason(lang())}<br/><i>({', '.join(d.citations)})</i>")
        self.outcome.setStyleSheet("font-size: 16pt;")
        self._load_competence(case, d)
        self._load_amount(case, d)
        self._load_warnings(case, d)
        self.print_note.setVisible(d.outcome != "certificate")

    def _details(self, case, d) -> str:
        programme = load_programme()
        amount = format_eur(case.amount, lang()) if case.amount is not None else _("the person's own amount (below)")
        years = ""
        if d.years and d.years_kind == "contributions":  # for a purchase the effect line says the years
            years = "<br/>" + _("Contributions for {n} years").format(n=d.years)
        comprises = ", ".join(item.text(lang()) for item in d.comprises)
        rows = [
            _("Provision: {p}").format(p=programme.provisions[d.provision].label(lang())),
            "<span style='font-size:15pt'><b>" + _("Amount due: {amount}").format(amount=amount) + "</b></span>",
            _("Comprises: {c}").format(c=comprises) + years,
            d.effect(lang()),
            _("Certificate: model {model}, {copies} copies").format(model=d.certificate_model, copies=d.copies),
            _("Payment: {p}").format(p=d.payment.text(lang())),
            "<i>" + _("Sources: {list}").format(list=", ".join(d.citations)) + "</i>",
        ]
        return "<br/>".join(rows)

    def _load_competence(self, case, d) -> None:
        visible = d.outcome == "certificate"
        self.competence.setVisible(visible)
        if not visible:
            self.competence_warning.setText("")
            return
        competent = load_programme().competence[d.competent]
        self.competence.setText(_(COMPETENCE_QUESTION[d.competent]) + f"  ({competent.text(lang())}, {competent.cite})")
        self.competence.blockSignals(True)
        # Unticked until the clerk answers: a pre-ticked box is passed over by
        # Enter, and a person sent to the wrong correspondent pays for nothing.
        self.competence.setChecked(case.competent_here is True)
        self.competence.blockSignals(False)
        self._competence_changed(self.competence.isChecked(), save=False)

    def _competence_changed(self, here: bool, save: bool = True) -> None:
        who = load_programme().competence[self.case.decision.competent].text(lang())
        if here:
            self.competence_warning.setText("")
        elif self.case.competent_here is None and not save:
            self.competence_warning.setText(_("Tick the box if so; if not, send the person to {who}.").format(who=who))
        else:
            self.competence_warning.setText(_(
                "This correspondent is not the competent one for this category: send the person to {who}.").format(who=who))
        if save:
            self.workflow.run(self.registry.cases.set_competence, self.case.id, here)

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
        self.warnings_box.setVisible(bool(d.warnings))
        for warning in d.warnings:
            text = note(f"{warning.text(lang())} <i>({warning.cite})</i>")
            if warning.acknowledge:
                text.setStyleSheet("font-weight: bold;")
            check = QCheckBox(_("Told the applicant"))
            check.setObjectName(f"warning_{warning.id}")
            check.setChecked(warning.id in case.warnings_given)
            layout.addWidget(text)
            layout.addWidget(check)
            self.warning_checks[warning.id] = check
            if warning.options:
                self.proof.addItem(_("— which proof of residence does the applicant hold? —"), "")
                for option in warning.options:
                    self.proof.addItem(option.text(lang()), option.id)
                self.proof.setCurrentIndex(max(self.proof.findData(case.residence_proof), 0))
                layout.addWidget(self.proof)

    def next_label(self) -> str | None:
        d = self.case.decision
        if d is not None and d.outcome in ("not_oga", "other_insurer"):
            return _("Close the case (&archive)")
        return None

    def advance(self) -> bool:
        d = self.case.decision
        if d.outcome in ("not_oga", "other_insurer"):
            self.workflow.run(self.registry.cases.move, self.case.id, "archived")
            self.workflow.finish()
            return False
        if d.outcome == "certificate" and not self.competence.isChecked():
            show_error(self, ValueError(self.competence_warning.text()))
            return False
        required = [w for w in d.warnings if w.acknowledge]
        missing = [w for w in required if not self.warning_checks[w.id].isChecked()]
        if missing or (any(w.options for w in required) and not self.proof.currentData()):
            show_error(self, ValueError(_("Tick that you told the applicant the warnings, and choose the proof of "
                                          "residence they hold: the registry records both.")))
            return False
        given = [wid for wid, check in self.warning_checks.items() if check.isChecked()]
        self.workflow.run(self.registry.cases.acknowledge_warnings, self.case.id, given,
                          residence_proof=self.proof.currentData() or "")
        if self.amount_box.isVisible():
            return self._save_own_amount(d)
        return True

    def _save_own_amount(self, d) -> bool:
        try:
            amount = Decimal(self.amount.text().strip().replace(".", "").replace(",", ".")
                             if "," in self.amount.text() else self.amount.text().strip())
        except InvalidOperation:
            show_error(self, ValueError(_("Type the amount in euro, e.g. 312,40.")))
            return False
        source = "oga" if d.outcome == "ask_oga" else "hq_list"
        return self.workflow.run(self.registry.cases.set_amount, self.case.id, amount, source=source,
                                 reference=self.reference.text())

