"""The Settings section: the office's profile, language, protocol numbering, backups."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from correspondent_app.i18n import N_, _
from correspondent_app.ui import remember
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.hq import HQ_TOOLS, hq_tools_enabled
from correspondent_app.ui.widgets import heading, inform


class SettingsSection(QWidget):
    FIELDS = (("community", N_("Community / municipal department")), ("municipality", N_("Municipality")),
              ("prefecture", N_("Prefecture")), ("correspondent_name", N_("Correspondent's name")),
              ("oga_branch", N_("OGA regional branch")))

    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("settingsSection")
        self.window_ = window
        self.registry = registry
        profile = registry.profile.get()
        box = QGroupBox(_("Correspondent profile (printed on every document)"))
        form = QFormLayout(box)
        self.edits = {}
        for key, label in self.FIELDS:
            self.edits[key] = QLineEdit(getattr(profile, key) if profile else "")
            self.edits[key].setObjectName(f"profile_{key}")
            form.addRow(_(label), self.edits[key])
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.addItem("Ελληνικά", "el")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(profile.language if profile else "el"), 0))
        form.addRow(_("Language"), self.language)
        save = QPushButton(_("&Save"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)
        protocol = QGroupBox(_("Continuing a paper protocol book"))
        pform = QFormLayout(protocol)
        self.first_number = QSpinBox()
        self.first_number.setRange(1, 999_999)
        set_first = QPushButton(_("Set the first number of this year"))
        set_first.clicked.connect(self._set_first)
        pform.addRow(_("First number"), self.first_number)
        pform.addRow(set_first)
        backups = QGroupBox(_("Backups"))
        brow = QHBoxLayout(backups)
        backup = QPushButton(_("&Back up now…"))
        backup.clicked.connect(self.window_.backup_now)
        brow.addWidget(backup)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Settings")))
        layout.addWidget(box)
        layout.addWidget(save)
        layout.addWidget(protocol)
        layout.addWidget(backups)
        layout.addWidget(self._build_tools())
        layout.addStretch()

    def _build_tools(self) -> QGroupBox:
        """HQ's own tools, off in a village office (remembered on this computer, not in the registry)."""
        box = QGroupBox(_("Tools"))
        row = QHBoxLayout(box)
        self.hq_tools = QCheckBox(_("HQ tools (OGA)"))
        self.hq_tools.setObjectName("hqToolsEnabled")
        self.hq_tools.setToolTip(_("Shows, under HQ exchange, the summary of a merged HQ database."))
        self.hq_tools.setChecked(hq_tools_enabled())
        self.hq_tools.toggled.connect(lambda on: remember.remember(HQ_TOOLS, on))
        row.addWidget(self.hq_tools)
        row.addStretch()  # a click beside its words does not tick it unseen
        return box

    def save(self) -> None:
        try:
            values = {key: edit.text() for key, edit in self.edits.items()}
            self.registry.profile.save(**values, language=self.language.currentData())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            fields = getattr(exc, "fields", None)  # IncompleteProfile: the first empty field printed takes the focus
            if fields:
                self.edits[fields[0]].setFocus()
            return
        self.window_.set_language(self.language.currentData())

    def _set_first(self) -> None:
        try:
            self.registry.protocol.set_first_number(date.today().year, self.first_number.value())
            inform(self, _("Protocol book"), _("The numbering of {y} continues at {n}.").format(
                y=date.today().year, n=self.first_number.value()))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
