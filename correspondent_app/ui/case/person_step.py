"""Step 1: the person the case is for, and what HQ's lists say of them."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.base import Step
from correspondent_app.ui.case.intake_shared import lang
from correspondent_app.ui.widgets import OK_STYLE


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

