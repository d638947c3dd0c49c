"""First run: who the correspondent is (printed on every document) and the language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from correspondent_app.i18n import _
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.office import SettingsSection
from correspondent_app.ui.widgets import fit_to_screen, heading, note, translate_buttons

#: Examples in the empty fields: what each one expects, as printed on a certificate.
EXAMPLES = {
    "community": "Κοινότητα Αγίου Αθανασίου", "municipality": "Δήμος Μυγδονίας", "prefecture": "Ν. Θεσσαλονίκης",
    "correspondent_name": "Μαρία Παπαδοπούλου", "oga_branch": "Π.Υ. ΟΓΑ Θεσσαλονίκης",
}


class SetupDialog(QDialog):
    def __init__(self, registry, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.registry = registry
        self.setWindowTitle(_("Welcome"))
        form = QFormLayout()
        self.edits = {}
        for key, label in SettingsSection.FIELDS:
            self.edits[key] = QLineEdit()
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
        layout.addStretch()
        layout.addWidget(buttons)
        fit_to_screen(self, max(self.sizeHint().width(), 640), self.sizeHint().height())

    def save(self) -> None:
        try:
            self.registry.profile.save(**{k: e.text() for k, e in self.edits.items()},
                                       language=self.language.currentData())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.accept()
