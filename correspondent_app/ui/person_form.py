"""Register or edit a person: Greek and passport names, identity, residence document.

Likely duplicates (same passport, or same surname and birth date) are shown
before saving, with the choice to open the existing record instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox, QLineEdit, QMessageBox, QVBoxLayout,
    QWidget,
)

from correspondent_app.domain import identity
from correspondent_app.domain.formatting import country_choices
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.registry.persons import LikelyDuplicate, Person, PersonInvalid
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, DateField, heading, note

RESIDENCE_CHOICES = (
    ("none", N_("none yet")),
    ("permit", N_("residence permit")),
    ("complete_dossier", N_("complete-dossier certificate (security paper)")),
    ("incomplete_dossier", N_("incomplete-dossier certificate (not accepted for registration)")),
)
TEXT_FIELDS = (
    ("surname_el", N_("Surname (Greek)")), ("name_el", N_("Name (Greek)")),
    ("surname_lat", N_("Surname (passport)")), ("name_lat", N_("Name (passport)")),
    ("father_name", N_("Father's name")), ("mother_name", N_("Mother's name")),
    ("birth_place", N_("Place of birth")), ("passport_no", N_("Passport number")),
    ("residence_doc_no", N_("Residence document number")), ("amka", N_("AMKA (optional)")),
    ("afm", N_("ΑΦΜ (tax number)")), ("oga_no", N_("OGA registry number")),
    ("address", N_("Address")), ("community", N_("Community of residence")), ("phone", N_("Phone")),
)
DATE_FIELDS = (("birth_date", N_("Date of birth")), ("residence_valid_from", N_("Valid from")),
               ("residence_valid_to", N_("Valid to")))


class PersonDialog(QDialog):
    """Add a new person (``person=None``) or edit one. ``result_person`` holds the saved record."""

    def __init__(self, registry, person: Person | None = None, parent: QWidget | None = None,
                 prefill: dict | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.registry = registry
        self.person = person
        self.result_person: Person | None = None
        self.opened_existing: Person | None = None
        self.setWindowTitle(_("Edit person") if person else _("New person"))
        self.fields: dict[str, QLineEdit] = {}
        self.dates: dict[str, DateField] = {}
        self.errors = note(style=ERROR_STYLE)
        self.warnings = note(style="color: #8a6d00;")

        names = QGroupBox(_("Names — Greek and as in the passport"))
        grid = QGridLayout(names)
        for i, (key, label) in enumerate(TEXT_FIELDS[:6]):
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(key)
            grid.addWidget(note(_(label)), i // 2 * 2, i % 2)
            grid.addWidget(self.fields[key], i // 2 * 2 + 1, i % 2)

        details = QGroupBox(_("Identity and residence"))
        form = QFormLayout(details)
        self.dates["birth_date"] = DateField()
        self.dates["birth_date"].setObjectName("birth_date")
        form.addRow(_("Date of birth"), self.dates["birth_date"])
        self.nationality = QComboBox()
        self.nationality.setObjectName("nationality")
        self.nationality.addItem("—", "")
        for code, name in country_choices(current_language()):
            self.nationality.addItem(f"{name} ({code})", code)
        self.nationality.setEditable(True)
        self.nationality.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        form.addRow(_("Nationality"), self.nationality)
        self.residence = QComboBox()
        self.residence.setObjectName("residence_doc")
        for key, label in RESIDENCE_CHOICES:
            self.residence.addItem(_(label), key)
        form.addRow(_("Residence document"), self.residence)
        for key, label in TEXT_FIELDS[6:]:
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(key)
            form.addRow(_(label), self.fields[key])
        for key, label in DATE_FIELDS[1:]:
            self.dates[key] = DateField()
            self.dates[key].setObjectName(key)
            form.addRow(_(label), self.dates[key])
        self.fields["amka"].editingFinished.connect(self._amka_warning)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.windowTitle()))
        layout.addWidget(names)
        layout.addWidget(details)
        layout.addWidget(self.errors)
        layout.addWidget(self.warnings)
        layout.addWidget(buttons)
        self._fill(person.__dict__ if person else (prefill or {}))

    def _fill(self, values: dict) -> None:
        for key, widget in self.fields.items():
            widget.setText(str(values.get(key) or ""))
        for key, widget in self.dates.items():
            widget.set_value(values.get(key))
        index = self.nationality.findData(values.get("nationality", ""))
        self.nationality.setCurrentIndex(max(index, 0))
        self.residence.setCurrentIndex(max(self.residence.findData(values.get("residence_doc", "none")), 0))

    def data(self) -> dict:
        values = {key: widget.text() for key, widget in self.fields.items()}
        for key, widget in self.dates.items():
            values[key] = widget.value()
        values["nationality"] = self.nationality.currentData() or ""
        values["residence_doc"] = self.residence.currentData()
        return values

    def _amka_warning(self) -> None:
        text = self.fields["amka"].text().strip()
        problems = identity.check_amka(text) if text else []
        self.warnings.setText(_("AMKA: {problem}").format(problem="; ".join(problems)) if problems else "")

    def save(self, allow_duplicate: bool = False) -> None:
        try:
            values = self.data()
            if self.person:
                self.result_person = self.registry.persons.update(self.person.id, values)
            else:
                self.result_person = self.registry.persons.add(values, allow_duplicate=allow_duplicate)
        except PersonInvalid as exc:
            self._show_invalid(exc)
            return
        except LikelyDuplicate as exc:
            self._ask_duplicate(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown, never raised to Qt
            show_error(self, exc)
            return
        self.accept()

    def _show_invalid(self, exc: PersonInvalid) -> None:
        self.errors.setText("\n".join(exc.errors.values()))
        for key in exc.errors:
            widget = self.fields.get(key) or self.dates.get(key)
            if widget is not None:
                widget.setStyleSheet("border: 2px solid #b71c1c;")
                widget.setFocus()

    def _ask_duplicate(self, exc: LikelyDuplicate) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _("Already registered?"), str(exc), parent=self)
        box.setObjectName("duplicateQuestion")
        open_button = box.addButton(_("Open the existing record"), QMessageBox.ButtonRole.AcceptRole)
        save_button = box.addButton(_("Save as a new person"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.opened_existing = exc.matches[0]
            self.result_person = exc.matches[0]
            self.accept()
        elif box.clickedButton() is save_button:
            self.save(allow_duplicate=True)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QComboBox):
            self.save()
            return
        super().keyPressEvent(event)
