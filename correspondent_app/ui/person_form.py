"""Register or edit a person: Greek and passport names, identity, residence document.

Likely duplicates (same passport, or same surname and birth date) are shown
before saving, with the choice to open the existing record instead. A new
person without a given name or a date of birth is saved only once the clerk
confirms it: one Enter on a half-typed form must not register a stranger.
The form fits a 1366x768 laptop: two columns, in a scroll area, with the
buttons always in view.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QMessageBox, QScrollArea, QVBoxLayout, QWidget,
)

from correspondent_app.domain import identity
from correspondent_app.domain.formatting import country_choices
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.registry.persons import LikelyDuplicate, Person, PersonInvalid
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, DateField, fit_to_screen, heading, note, translate_buttons

FIELD_ERROR_STYLE = "border: 2px solid #b71c1c;"


def _plain(text: str) -> str:
    """Accents and case ignored (Αλβανία = αλβανια = ALBANIA's Greek name typed without accents)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch)).strip()


def country_code(text: str) -> str:
    """The ISO code for what was typed in the nationality box: a code (AL), a name in Greek or English,
    or the start of one name only ("Αλβ", "alb": Albania alone starts so).

    "" for an empty box; ValueError (in the clerk's language) for what is not recognised or could be several.
    """
    typed = text.strip()
    if not typed:
        return ""
    names = {language: dict(country_choices(language)) for language in ("el", "en")}
    if typed.endswith(")") and "(" in typed:  # an entry of the list: "Αλβανία (AL)"
        code = typed[typed.rindex("(") + 1:-1].strip().upper()
        if code in names["en"]:
            return code
    if typed.upper() in names["en"]:
        return typed.upper()
    wanted = _plain(typed)
    for language in ("el", "en"):
        for code, name in names[language].items():
            if _plain(name) == wanted:
                return code
    starting = {code for language in ("el", "en") for code, name in names[language].items()
                if _plain(name).startswith(wanted)}
    if len(starting) == 1:
        return starting.pop()
    if starting:
        lang = current_language()
        raise ValueError(_("Nationality “{text}” could be {names}: type more of the name, or choose it from the "
                           "list.").format(text=typed, names=", ".join(sorted(names[lang][c] for c in starting)[:5])))
    raise ValueError(_("Nationality “{text}” is not recognised: choose it from the list, or type its name "
                       "(Greek or English) or its two-letter code, e.g. AL.").format(text=typed))


RESIDENCE_CHOICES = (
    ("none", N_("none yet")),
    ("permit", N_("residence permit")),
    ("complete_dossier", N_("complete-dossier certificate (security paper)")),
    ("incomplete_dossier", N_("incomplete-dossier certificate (not accepted for registration)")),
)


@dataclass(frozen=True)
class Field:
    """One row of the form: the person's field, its label (an English msgid) and the kind of widget."""

    key: str
    label: str
    kind: str = "text"  # text, date, nationality, residence


#: The form, group by group: (title, fields). The names are a two-column grid; the other two groups stand
#: side by side, since one column of 15 rows was 832 px tall and pushed Save off a 768 px screen.
NAMES = (N_("Names — Greek and as in the passport"), (
    Field("surname_el", N_("Surname (Greek)")), Field("name_el", N_("Name (Greek)")),
    Field("surname_lat", N_("Surname (passport)")), Field("name_lat", N_("Name (passport)")),
    Field("father_name", N_("Father's name")), Field("mother_name", N_("Mother's name")),
))
COLUMNS = (
    (N_("Identity and residence"), (
        Field("birth_date", N_("Date of birth"), "date"), Field("nationality", N_("Nationality"), "nationality"),
        Field("birth_place", N_("Place of birth")), Field("passport_no", N_("Passport number")),
        Field("residence_doc", N_("Residence document"), "residence"),
        Field("residence_doc_no", N_("Residence document number")),
        Field("residence_valid_from", N_("Valid from"), "date"), Field("residence_valid_to", N_("Valid to"), "date"),
    )),
    (N_("Numbers and contact"), (
        Field("amka", N_("AMKA (optional)")), Field("afm", N_("ΑΦΜ (tax number)")),
        Field("oga_no", N_("OGA registry number")), Field("address", N_("Address")),
        Field("community", N_("Community of residence")), Field("phone", N_("Phone")),
    )),
)


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
        columns = QHBoxLayout()
        for title, fields in COLUMNS:
            columns.addWidget(self._group(title, fields), 1)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self._names_group())
        inner.addLayout(columns)
        inner.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("personScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        translate_buttons(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.windowTitle()))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        self.fields["amka"].editingFinished.connect(self._amka_warning)
        for widget in (*self.fields.values(), *self.dates.values()):
            widget.textEdited.connect(lambda _t, w=widget: w.setStyleSheet(""))  # an answered field is not red
        self._fill(person.__dict__ if person else (prefill or {}))
        self.untouched = self._typed()  # what Esc compares with: only unsaved typing is asked about
        fit_to_screen(self, 1100, 600)

    # -- building, from NAMES and COLUMNS -------------------------------------
    def _names_group(self) -> QGroupBox:
        title, fields = NAMES
        box = QGroupBox(_(title))
        grid = QGridLayout(box)
        for i, field in enumerate(fields):
            widget = self._widget(field)
            label = QLabel(_(field.label))
            label.setBuddy(widget)
            grid.addWidget(label, i // 2, i % 2 * 2)  # label beside its field: three rows, not six
            grid.addWidget(widget, i // 2, i % 2 * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _group(self, title: str, fields: tuple[Field, ...]) -> QGroupBox:
        box = QGroupBox(_(title))
        form = QFormLayout(box)
        for field in fields:
            form.addRow(_(field.label), self._widget(field))
        return box

    def _widget(self, field: Field) -> QWidget:
        if field.kind == "date":
            widget = self.dates[field.key] = DateField()
        elif field.kind == "nationality":
            widget = self.nationality = self._nationality_box()
        elif field.kind == "residence":
            widget = self.residence = QComboBox()
            for key, label in RESIDENCE_CHOICES:
                widget.addItem(_(label), key)
            _narrow(widget)
        else:
            widget = self.fields[field.key] = QLineEdit()
        widget.setObjectName(field.key)
        return widget

    def _nationality_box(self) -> QComboBox:
        combo = QComboBox()
        for code, name in country_choices(current_language()):
            combo.addItem(f"{name} ({code})", code)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # A real placeholder: the "—" item it replaces was text, and typing after it gave "—Αλβ".
        combo.lineEdit().setPlaceholderText(_("— type or choose —"))
        completer = combo.completer()  # "alb" or "αλβ" anywhere in a name offers it
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.lineEdit().textEdited.connect(lambda _t: combo.setStyleSheet(""))
        _narrow(combo)
        return combo

    def _fill(self, values: dict) -> None:
        for key, widget in self.fields.items():
            widget.setText(str(values.get(key) or ""))
        for key, widget in self.dates.items():
            widget.set_value(values.get(key))
        self.nationality.setCurrentIndex(self.nationality.findData(values.get("nationality") or None))
        if self.nationality.currentIndex() < 0:
            self.nationality.setEditText("")  # empty: the placeholder shows
        self.residence.setCurrentIndex(max(self.residence.findData(values.get("residence_doc", "none")), 0))

    def data(self) -> dict:
        """The values typed; PersonInvalid names each field that cannot be read (a date, the nationality)."""
        values = {key: widget.text() for key, widget in self.fields.items()}
        problems = {}
        for key, widget in self.dates.items():
            try:
                values[key] = widget.value()
            except ValueError as exc:
                problems[key] = str(exc)
        try:
            values["nationality"] = country_code(self.nationality.currentText())
        except ValueError as exc:
            problems["nationality"] = str(exc)
        values["residence_doc"] = self.residence.currentData()
        if problems:
            raise PersonInvalid(problems)
        return values

    def missing_for_new_person(self, values: dict) -> list[str]:
        """What tells one person from another and was left empty (the given name, the date of birth)."""
        missing = []
        if not (values.get("name_el") or "").strip() and not (values.get("name_lat") or "").strip():
            missing.append(_("the given name"))
        if values.get("birth_date") is None:
            missing.append(_("the date of birth"))
        return missing

    def confirm_incomplete(self, missing: list[str]) -> bool:
        """Ask before saving a new person without ``missing``; the default answer goes back to the form."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Save an incomplete person?"), _(
            "Not filled in: {missing}. They tell this person apart from others with the same surname. "
            "Save anyway?").format(missing=", ".join(missing)), parent=self)
        box.setObjectName("incompleteQuestion")
        back = box.addButton(_("&Go back and fill them in"), QMessageBox.ButtonRole.RejectRole)
        save = box.addButton(_("Save &anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is save

    def _amka_warning(self) -> None:
        text = self.fields["amka"].text().strip()
        problems = identity.check_amka(text) if text else []
        self.warnings.setText(_("AMKA: {problem}").format(problem=" · ".join(problems)) if problems else "")

    def save(self, allow_duplicate: bool = False, confirmed: bool = False) -> None:
        try:
            values = self.data()
            if not self.person and not confirmed:
                missing = self.missing_for_new_person(values)
                if missing and not self.confirm_incomplete(missing):
                    self._focus_missing(values)
                    return
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

    def _focus_missing(self, values: dict) -> None:
        if not (values.get("name_el") or values.get("name_lat")):
            target = self.fields["name_lat" if values.get("surname_lat") and not values.get("surname_el") else "name_el"]
        else:
            target = self.dates["birth_date"]
        target.setFocus()

    def _show_invalid(self, exc: PersonInvalid) -> None:
        self.errors.setText("\n".join(exc.errors.values()))
        first = None
        for key in exc.errors:
            widget = self.fields.get(key) or self.dates.get(key) or (self.nationality if key == "nationality" else None)
            if widget is not None:
                widget.setStyleSheet(FIELD_ERROR_STYLE)
                first = first or widget
        if first is not None:
            first.setFocus()

    def _ask_duplicate(self, exc: LikelyDuplicate) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _("Already registered?"), str(exc), parent=self)
        box.setObjectName("duplicateQuestion")
        open_button = box.addButton(_("Open the existing record"), QMessageBox.ButtonRole.AcceptRole)
        save_button = box.addButton(_("Save as a new person"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.opened_existing = exc.matches[0]
            self.result_person = exc.matches[0]
            self.accept()
        elif box.clickedButton() is save_button:
            self.save(allow_duplicate=True, confirmed=True)

    # -- keys: Enter saves, Esc asks before throwing typing away ---------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._choosing():
            self.save()
            return
        super().keyPressEvent(event)

    def _choosing(self) -> bool:
        """Enter picks from an open list (the residence documents, the countries offered), not saves."""
        focus = self.focusWidget()
        combo = focus if isinstance(focus, QComboBox) else None
        if combo is None and focus is self.nationality.lineEdit():
            combo = self.nationality
        if combo is None:
            return False
        popup = combo.completer().popup() if combo.completer() else None
        return combo.view().isVisible() or bool(popup and popup.isVisible()) or not combo.isEditable()

    def _typed(self) -> dict:
        """Every box as it reads now: what the clerk would lose."""
        return {**{k: w.text() for k, w in self.fields.items()}, **{k: w.text() for k, w in self.dates.items()},
                "nationality": self.nationality.currentText(), "residence_doc": self.residence.currentData()}

    def reject(self) -> None:
        """Esc, Cancel or the window's close: a form with unsaved typing asks first, keeping it by default."""
        if self.result_person is None and self._typed() != self.untouched and not self._discard_confirmed():
            return
        super().reject()

    def _discard_confirmed(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("Discard what you typed?"),
                          _("What you typed in this form is not saved. Keep editing, or discard it?"), parent=self)
        box.setObjectName("discardQuestion")
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)  # Enter, Esc: the typing stays
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

def _narrow(combo: QComboBox) -> None:
    """As narrow as the column; the open list shows a choice whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
