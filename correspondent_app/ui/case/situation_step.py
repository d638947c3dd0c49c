"""Step 2: the programme's questions that decide the case; every one still to answer is marked at once."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QRadioButton, QVBoxLayout

from correspondent_app.domain.programme import load_programme
from correspondent_app.domain.rules import FactError, MissingFact, decide, resolve_facts
from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import ANSWERS_OPEN, Step
from correspondent_app.ui.case.intake_shared import QUESTION_ERROR_STYLE, InlineErrors, lang
from correspondent_app.ui.widgets import cite_text, note

CHOICE_LABELS = {
    "par10": N_("Par. 10 — permit extended to 30-6-2004, or expired after that date and not renewed"),
    "par11": N_("Par. 11 — lived in Greece until 31-12-2004 without a permit"),
    "active": N_("Active OGA insured"),
    "interrupted": N_("Insurance interrupted (missing documents)"),
    "pending": N_("OGA application pending"),
    "never": N_("Never applied to OGA"),
}


class SituationStep(Step):
    """The programme's questions, each with why it is asked; only those that apply are shown."""

    title = N_("2. Provision and situation")
    object_name = "stepSituation"

    def __init__(self, workflow) -> None:
        super().__init__(workflow)
        self.heading.setText(_(self.title))
        self.errors = InlineErrors(self)
        self.read_only_note = self.text(style="color: #555;")
        self.read_only_note.setObjectName("situationReadOnly")
        self.programme = load_programme()
        self.groups: dict[str, QGroupBox] = {}
        self.buttons: dict[str, QButtonGroup] = {}
        self.values: dict[str, dict[int, object]] = {}
        for fact in self.programme.facts.values():
            if fact.name == "on_hq_list":
                continue  # known from the imported lists, not asked
            self._question(fact)
        self.body.addStretch()

    @property
    def problem(self):
        """The line above the questions that counts what is still to answer (empty: nothing)."""
        return self.errors.summary

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
        layout.addWidget(self.errors.label(fact.name))  # what is wrong with this answer, in the question itself
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
        """An answer given: that question is no longer marked as one to answer."""
        self.groups[name].setStyleSheet("")
        self.errors.clear(name)

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
        facts = dict(self.case.facts) if self.case.facts else {}
        if not facts:
            facts = self.workflow.prefill_facts()
        self.set_facts(facts)
        self.errors.clear_all()
        for box in self.groups.values():
            box.setStyleSheet("")
        open_ = self.case.state in ANSWERS_OPEN
        for widget in self.editable_widgets():
            widget.setEnabled(open_)
        self.read_only_note.setText("" if open_ else
                                    _("The answers of a paid case cannot change: they are shown as decided."))
        self.read_only_note.setVisible(not open_)

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
            self._show_problems(exc)
            return False
        for box in self.groups.values():
            box.setStyleSheet("")
        return self._save(facts)

    def _show_problems(self, exc: FactError) -> None:
        """The question the rules stopped at, and every other one shown still unanswered, all at once."""
        answers = self._answers()
        problems = []
        for name, box in self.groups.items():
            if box.isHidden():
                continue
            if name == exc.fact and not isinstance(exc, MissingFact):
                message = str(exc)  # two answers that contradict: which, and why
            elif name == exc.fact or (name not in answers and not self.programme.facts[name].has_default):
                message = _("Answer this question.")  # a missing answer's message is the question, shown above
            else:
                continue
            box.setStyleSheet(QUESTION_ERROR_STYLE)
            first = next((b for b in self.buttons[name].buttons() if not b.isHidden()), box)
            problems.append((name, message, first))
        placed = any(name == exc.fact for name, _message, _field in problems)
        self.errors.show(problems, unplaced="" if placed else str(exc))

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
