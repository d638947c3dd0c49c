"""Step 4: the documents to collect, each tick recorded as it is made."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import CLOSED_STATES, Step
from correspondent_app.ui.case.helpers import lang
from correspondent_app.ui.widgets import cite_text, wrapped_check


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
