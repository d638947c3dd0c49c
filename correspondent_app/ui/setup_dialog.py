"""First run: who the correspondent is (printed on every document) and the language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from correspondent_app.i18n import _
from correspondent_app.registry.profile import IncompleteProfile
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.settings import SettingsSection
from correspondent_app.ui.widgets import ERROR_STYLE, fit_to_screen, heading, note, translate_buttons

FIELD_ERROR_STYLE = "QLineEdit { border: 2px solid #b71c1c; }"

#: Examples in the empty fields: what each one expects, as printed on a certificate.
EXAMPLES = {
    "community": "Κοινότητα Αγίου Αθανασίου", "municipality": "Δήμος Μυγδονίας", "prefecture": "Ν. Θεσσαλονίκης",
    "correspondent_name": "Μαρία Παπαδοπούλου", "oga_branch": "Π.Υ. ΟΓΑ Θεσσαλονίκης",
}


class SetupDialog(QDialog):
    def __init__(self, registry, parent=None, focus_field: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.registry = registry
        profile = registry.profile.get()
        self.setWindowTitle(_("Welcome") if profile is None else _("The office's details"))
        form = QFormLayout()
        self.edits = {}
        for key, label in SettingsSection.FIELDS:
            self.edits[key] = QLineEdit(getattr(profile, key) if profile else "")
            self.edits[key].setObjectName(f"setup_{key}")
            self.edits[key].setPlaceholderText(_("e.g. {example}").format(example=EXAMPLES[key]))
            # wide enough for its example whole (a clipped hint reads as a different word)
            metrics = self.edits[key].fontMetrics()
            self.edits[key].setMinimumWidth(metrics.horizontalAdvance(self.edits[key].placeholderText()) + 24)
            form.addRow(_(label), self.edits[key])
        self.language = QComboBox()
        self.language.setObjectName("setupLanguage")
        self.language.addItem("Ελληνικά", "el")
        self.language.addItem("English", "en")
        form.addRow(_("Language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        translate_buttons(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Set up the correspondent's office")))
        layout.addWidget(note(_("These details are printed on every certificate. The registry is kept in {path}.")
                              .format(path=registry.path)))
        layout.addLayout(form)
        self.problem = note(style=ERROR_STYLE)
        self.problem.setObjectName("setupProblem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(buttons)
        if profile is not None:
            self.language.setCurrentIndex(max(self.language.findData(profile.language), 0))
        fit_to_screen(self, max(self.sizeHint().width(), 640), self.sizeHint().height())
        if focus_field in self.edits:
            self.edits[focus_field].setFocus()

    def save(self) -> None:
        for edit in self.edits.values():
            edit.setStyleSheet("")
        try:
            self.registry.profile.save(**{k: e.text() for k, e in self.edits.items()},
                                       language=self.language.currentData())
        except IncompleteProfile as exc:  # every empty field marked at once, the focus on the first
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            for key in exc.fields:
                self.edits[key].setStyleSheet(FIELD_ERROR_STYLE)
            self.edits[exc.fields[0]].setFocus()
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.accept()
