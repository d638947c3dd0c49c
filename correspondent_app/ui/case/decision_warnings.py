"""The decision step's «Tell the applicant»: each warning with its own tick, and the residence document held."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QGroupBox, QVBoxLayout, QWidget

from correspondent_app.i18n import N_, _
from correspondent_app.ui.case.intake_shared import InlineErrors, lang, source
from correspondent_app.ui.widgets import ERROR_STYLE, cite_texts, note, wrapped_check

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
#: The key of the residence document's problem on the page.
PROOF_KEY = "residence_proof"


def told_key(warning_id: str) -> str:
    """The key of a warning's problem on the page: its tick not ticked."""
    return f"told_{warning_id}"


class WarningsPanel(QGroupBox):
    """The warnings of the decision, rebuilt for each one; problems are shown beside their tick or list."""

    def __init__(self, errors: InlineErrors) -> None:
        super().__init__(_("Tell the applicant"))
        self.errors = errors
        self.layout_ = QVBoxLayout(self)
        self.container: QWidget | None = None
        self.checks: dict[str, QCheckBox] = {}
        self.proof = QComboBox()
        self.no_proof = note(style=ERROR_STYLE)

    def load(self, case, d) -> None:
        if self.container is not None:
            self.container.setParent(None)
        self.container = QWidget()
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.container)
        self.checks.clear()
        self.proof = QComboBox()
        self.proof.setObjectName("residenceProof")
        self.proof.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.proof.setMinimumContentsLength(30)
        self.no_proof = note(style=ERROR_STYLE)
        self.no_proof.setObjectName("noProofWarning")
        self.setVisible(bool(d.warnings))
        for warning in d.warnings:
            layout.addWidget(self._warning(case, warning))

    def _warning(self, case, warning) -> QFrame:
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
        check.toggled.connect(lambda on, key=told_key(warning.id): on and self.errors.clear(key))
        inner.addWidget(row)
        inner.addWidget(self.errors.label(told_key(warning.id)))
        self.checks[warning.id] = check
        return frame

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
        layout.addWidget(self.errors.label(PROOF_KEY))
        layout.addWidget(self.no_proof)
        self._proof_changed()

    def _proof_changed(self, *_args) -> None:
        none = self.proof.currentData() == NO_PROOF
        self.no_proof.setText(_("The applicant holds none of these documents: they were told that they may pay "
                                "and still be refused a permit. If they choose to pay all the same, the case goes on.")
                              if none else "")
        self.no_proof.setVisible(none)
        if self.proof.currentData():
            self.errors.clear(PROOF_KEY)

    def problems(self, d) -> list[tuple[str, str, QWidget]]:
        """Each warning to acknowledge not ticked, and the document not named, in the order of the page."""
        problems = []
        for warning in (w for w in d.warnings if w.acknowledge):
            if warning.options and not self.proof.currentData():
                problems.append((PROOF_KEY, _("Choose the document the applicant holds, or “none of these”: "
                                              "the registry records it."), self.proof))
            if not self.checks[warning.id].isChecked():
                problems.append((told_key(warning.id), _("Tick this once the applicant has been told: the registry "
                                                         "records it."), self.checks[warning.id]))
        return problems

    def given(self) -> list[str]:
        """The warnings ticked as told."""
        return [wid for wid, check in self.checks.items() if check.isChecked()]
