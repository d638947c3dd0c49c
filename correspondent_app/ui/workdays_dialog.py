"""Work days for the renewal of a residence permit (seed 001) at the counter.

The clerk picks the base (200 days of ΚΥΑ 160/2006, 150 days of the older
rule, or another ΚΥΑ figure), enters the justified months abroad and
unemployed, and sees at once the formula of circular 17/2006 with its
numbers, the exact value and the whole days to meet. A one-page note in
Greek is previewed and printed through the usual printing path.
"""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from correspondent_app.domain.formatting import format_decimal
from correspondent_app.domain.workdays import (
    DAYS_PER_MONTH, KYA_160_2006_BASE, MAX_BASE, MAX_MONTHS_ABROAD, MIN_BASE, OLDER_RULE_BASE, WorkDays,
    absence_text, format_count, formula_text, required_days,
)
from correspondent_app.i18n import _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.widgets import ERROR_STYLE, fit_to_screen, heading, note, translate_buttons

MONTHS_RANGE = 24  # a month count beyond two years is a typing slip; the domain caps the total at 12 anyway
NOTE_TITLE = "Ημέρες εργασίας για ανανέωση"


class _WheelOnlyWhenFocused:
    """The wheel changes a spin box only once it has the focus, not while the dialog scrolls past it.

    Qt's spin boxes take the wheel whatever their focus policy: the event is
    passed on to the parent instead. StrongFocus: the wheel does not give
    them the focus either.
    """

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class SpinBox(_WheelOnlyWhenFocused, QSpinBox):
    pass


class DoubleSpinBox(_WheelOnlyWhenFocused, QDoubleSpinBox):
    pass


def _months_box(name: str) -> QDoubleSpinBox:
    spin = DoubleSpinBox()
    spin.setObjectName(name)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setRange(0, MONTHS_RANGE)
    spin.setSuffix(" " + _("months"))
    spin.setAccelerated(True)
    if current_language() == "el":  # «2,5 μήνες», the decimal comma the clerk types and reads
        spin.setLocale(QLocale(QLocale.Language.Greek, QLocale.Country.Greece))
    return spin


class WorkdaysDialog(QDialog):
    """The calculation of circular 17/2006, live, with its note for the applicant."""

    def __init__(self, registry, person_id: int | None = None, parent: QWidget | None = None, *,
                 printer_factory=None) -> None:
        super().__init__(parent)
        self.setObjectName("workdaysDialog")
        self.setWindowTitle(_("Work days for renewal of a residence permit"))
        self.registry = registry
        self.person = registry.persons.get(person_id) if person_id else None
        self.printer_factory = printer_factory
        self.result: WorkDays | None = None

        intro = note(_("Work days a year a person must prove to renew a residence permit under ν. 3386/05, "
                       "lowered by justified absence (ΥΠΕΣ circular 17/2006)."))
        who = (heading(self.person.display_name, 13) if self.person else
               note(_("No person chosen: the note is printed without a name.")))
        who.setObjectName("workdaysPerson")

        # -- the base -------------------------------------------------------
        base_box = QGroupBox(_("Base: minimum work days a year (ΚΥΑ 160/2006)"))
        self.base_200 = QRadioButton(_("200 days — ΚΥΑ 160/2006"))
        self.base_200.setObjectName("base200")
        self.base_150 = QRadioButton(_("150 days — the older rule (ν. 2910/01)"))
        self.base_150.setObjectName("base150")
        self.base_other = QRadioButton(_("Another ΚΥΑ figure:"))
        self.base_other.setObjectName("baseOther")
        self.base_value = SpinBox()
        self.base_value.setObjectName("baseValue")
        self.base_value.setRange(MIN_BASE, MAX_BASE)
        self.base_value.setValue(KYA_160_2006_BASE)
        self.base_value.setSuffix(" " + _("days"))
        self.base_value.setEnabled(False)
        self.bases = QButtonGroup(self)
        for button in (self.base_200, self.base_150, self.base_other):
            self.bases.addButton(button)
        self.base_200.setChecked(True)
        other_row = QHBoxLayout()
        other_row.addWidget(self.base_other)
        other_row.addWidget(self.base_value)
        other_row.addStretch()
        self.base_explanation = note()
        self.base_explanation.setObjectName("baseExplanation")
        base_layout = QVBoxLayout(base_box)
        base_layout.addWidget(self.base_200)
        base_layout.addWidget(self.base_150)
        base_layout.addLayout(other_row)
        base_layout.addWidget(self.base_explanation)

        # -- justified absence ------------------------------------------------
        absence_box = QGroupBox(_("Justified absence (documented; the reasons are summed)"))
        self.abroad = _months_box("monthsAbroad")
        self.unemployed = _months_box("monthsUnemployed")
        self.illness = QCheckBox(_("Abroad for illness or hospital care (lifts the {n}-month limit)").format(
            n=format_count(MAX_MONTHS_ABROAD, current_language())))
        self.illness.setObjectName("illnessAbroad")
        form = QFormLayout(absence_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Months abroad (passport stamps)"), self.abroad)
        form.addRow("", self.illness)
        form.addRow(_("Months unemployed (ΟΑΕΔ certificate or card)"), self.unemployed)

        # -- the result -------------------------------------------------------
        result_box = QGroupBox(_("Result"))
        self.absence_line = QLabel()
        self.absence_line.setObjectName("absenceLine")
        self.formula_line = QLabel()
        self.formula_line.setObjectName("formulaLine")
        self.formula_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to_meet = QLabel()
        self.to_meet.setObjectName("toMeet")
        larger = QFont(self.font())
        larger.setPointSize(larger.pointSize() + 2)
        self.to_meet.setFont(larger)
        self.to_meet.setTextFormat(Qt.TextFormat.RichText)  # the figure to meet, large and bold, stands out
        self.message = note()
        self.message.setObjectName("workdaysMessage")
        result_layout = QVBoxLayout(result_box)
        for widget in (self.absence_line, self.formula_line, self.to_meet, self.message):
            widget.setWordWrap(True)
            result_layout.addWidget(widget)

        # -- buttons ------------------------------------------------------------
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        translate_buttons(buttons)
        self.preview_button = buttons.addButton(_("Pre&view…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setObjectName("previewNote")
        self.print_button = buttons.addButton(_("&Print note"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("printNote")
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_note)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(intro)
        layout.addWidget(base_box)
        layout.addWidget(absence_box)
        layout.addWidget(result_box)
        layout.addStretch()
        layout.addWidget(buttons)

        self.bases.buttonToggled.connect(lambda _b, _on: self.update_result())
        self.base_value.valueChanged.connect(self.update_result)
        for spin in (self.abroad, self.unemployed):
            spin.valueChanged.connect(self.update_result)
        self.illness.toggled.connect(self.update_result)
        self.update_result()
        fit_to_screen(self, 720, 700)

    # -- reading the inputs -------------------------------------------------
    def base(self) -> int:
        if self.base_150.isChecked():
            return OLDER_RULE_BASE
        if self.base_other.isChecked():
            return self.base_value.value()
        return KYA_160_2006_BASE

    @staticmethod
    def months(spin: QDoubleSpinBox) -> Decimal:
        """The spin box's value as the Decimal shown (never a float into the domain)."""
        return Decimal(f"{spin.value():.{spin.decimals()}f}")

    def result_text(self) -> str:
        """The figure to meet as the clerk reads it (without the markup that enlarges the number)."""
        return re.sub(r"<[^>]+>", "", self.to_meet.text())

    def _explain_base(self, base: int) -> str:
        if self.base_150.isChecked():
            return _("150 days: at the first renewal for former holders of an art. 23 ν. 2910/01 permit "
                     "(independent services); and for workers with several non-fixed employers insured at ΙΚΑ "
                     "(builders, private nurses, domestic staff) who applied under art. 91 par. 10 ν. 3386/05, "
                     "at the first renewal and at every later one.")
        if self.base_other.isChecked():
            return _("The minimum ΚΥΑ 160/2006 sets for the person's category and insurer, {lo} to {hi} days.").format(
                lo=MIN_BASE, hi=MAX_BASE)
        return _("{n} days: the minimum of ΚΥΑ 160/2006 for permits expiring after 1-1-2006.").format(n=base)

    # -- the calculation ----------------------------------------------------
    def update_result(self) -> None:
        lang = current_language()
        self.base_value.setEnabled(self.base_other.isChecked())
        base = self.base()
        self.base_explanation.setText(self._explain_base(base))
        try:
            result = required_days(base, self.months(self.abroad), self.months(self.unemployed),
                                   self.illness.isChecked())
        except ValueError as exc:
            self.result = None
            self.absence_line.setText("")
            self.formula_line.setText("")
            self.to_meet.setText(_("No result"))
            self.message.setText(str(exc))
            self.message.setStyleSheet(ERROR_STYLE)
        else:
            self.result = result
            self.absence_line.setText(_("Days of absence (months × {per}): {months} × {per} = {days}").format(
                months=format_count(result.months_absent, lang), per=format_count(DAYS_PER_MONTH, lang),
                days=format_count(result.absence_days, lang)))
            self.formula_line.setText(_("Calculation: {formula}").format(formula=formula_text(result, lang)))
            self.to_meet.setText(_("Required: {n} work days a year ({exact} rounded up)").format(
                n=f'<b style="font-size: x-large">{result.to_meet}</b>', exact=format_decimal(result.exact, lang)))
            self.message.setText(" ".join(result.notes))
            self.message.setStyleSheet("color: #8a5a00;" if result.notes else "")
        for label in (self.absence_line, self.formula_line, self.message):
            label.setVisible(bool(label.text()))  # no blank lines above "No result"
        for button in (self.preview_button, self.print_button):
            button.setEnabled(self.result is not None)

    # -- the note -----------------------------------------------------------
    def note_pdf(self) -> bytes:
        from correspondent_app.documents import workdays_note  # noqa: PLC0415 - reportlab only when printing

        return workdays_note.render(self.registry.profile.get(), self.result, self.person)

    def _pdf_or_error(self) -> bytes | None:
        """The note's PDF, or None (nothing computed yet, or the error shown to the clerk)."""
        if self.result is None:
            return None
        try:
            return self.note_pdf()
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            show_error(self, exc)
            return None

    def preview(self) -> None:
        from correspondent_app.ui.pdf import PdfPreview  # noqa: PLC0415

        pdf = self._pdf_or_error()
        if pdf is None:
            return
        self.preview_window = PdfPreview(pdf, NOTE_TITLE, self, printer_factory=self.printer_factory)
        self.preview_window.open()

    def print_note(self) -> None:
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        pdf = self._pdf_or_error()
        if pdf is None:
            return
        print_in_background(self, [pdf], NOTE_TITLE, printer_factory=self.printer_factory)


def open_workdays(parent: QWidget, registry, person_id: int | None = None) -> WorkdaysDialog:
    """Open the dialog over ``parent`` (the person page or the main window), printing as the window prints."""
    printer_factory = getattr(parent.window(), "printer_factory", None)
    dialog = WorkdaysDialog(registry, person_id, parent, printer_factory=printer_factory)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
