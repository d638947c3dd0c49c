"""The Cases section: the queues of cases, batch printing, the transmittal to OGA."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget

from correspondent_app.domain.formatting import format_eur, format_timestamp
from correspondent_app.i18n import N_, _, current_language
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.sections.people import OUTCOME_SHORT
from correspondent_app.ui.sections.tables import fill_table, make_table
from correspondent_app.ui.widgets import ask_yes, heading

QUEUES = (
    ("awaiting_payment", N_("Awaiting payment")),
    ("paid", N_("Paid — certificate to issue")),
    ("to_forward", N_("To forward to OGA")),
    ("issued", N_("Issued")),
    ("forwarded", N_("Forwarded to OGA")),
    ("draft", N_("Drafts")),
    ("archived", N_("Archived")),
    ("cancelled", N_("Cancelled")),
)
CERTIFICATE_QUEUES = {"to_forward", "issued", "forwarded", "archived"}  # cases that may hold a certificate


def queue_counts(registry) -> dict[str, int]:
    """How many cases each queue holds; "to forward" is the transmittal queue, across states."""
    counts = {key: registry.cases.count_in_state(key) for key, _label in QUEUES if key != "to_forward"}
    counts["to_forward"] = len(registry.transmittals.queue())
    return counts


class CasesSection(QWidget):
    def __init__(self, window, registry) -> None:
        super().__init__()
        self.setObjectName("casesSection")
        self.window_ = window
        self.registry = registry
        self.queue = QComboBox()
        self.queue.setObjectName("queueChoice")
        for key, label in QUEUES:
            self.queue.addItem(_(label), key)
        self.queue.currentIndexChanged.connect(self.refresh)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by name or category"))
        self.filter.textChanged.connect(self.refresh)
        self.table = make_table([_("Case"), _("Person"), _("Category"), _("Amount"), _("Updated"), _("Certificate printed")],
                            "casesTable")
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)  # batch printing
        self.table.cellActivated.connect(self._open)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.send = QPushButton(_("&Send the queue to OGA (transmittal)…"))
        self.send.setObjectName("sendTransmittal")
        self.send.clicked.connect(self._send)
        self.print_selected = QPushButton(_("&Print the certificates of the selected cases…"))
        self.print_selected.setObjectName("printSelected")
        self.print_selected.setToolTip(_("Ctrl+A selects every case of the queue; Ctrl or Shift with a click adds cases."))
        self.print_selected.clicked.connect(self.print_selected_certificates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_selected)
        buttons.addWidget(self.send)
        top = QHBoxLayout()
        top.addWidget(self.queue)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Cases")))
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self._show_counts()
        key = self.queue.currentData()
        if key == "to_forward":
            cases = [self.registry.cases.get(case_id) for case_id, _items in self.registry.transmittals.queue()]
        else:
            cases = self.registry.cases.in_state(key)
        text = self.filter.text().strip().casefold()
        rows = []
        for case in cases:
            person = self.registry.persons.get(case.person_id).display_name
            if text and text not in person.casefold() and text != (case.category or "").casefold():
                continue
            rows.append([str(case.id), person, case.category or _(OUTCOME_SHORT.get(case.outcome, "—")),
                         format_eur(case.amount, current_language()) if case.amount is not None else "",
                         format_timestamp(case.updated_at, current_language()),
                         self._printed_text(case.id) if key in CERTIFICATE_QUEUES else ""])
        fill_table(self.table, rows, numbers=(0, 3))
        self.table.setColumnHidden(5, key not in CERTIFICATE_QUEUES)
        self.send.setVisible(key == "to_forward")
        self.send.setEnabled(bool(rows))
        self.print_selected.setVisible(key in CERTIFICATE_QUEUES)
        self._selection_changed()

    def _show_counts(self) -> None:
        """Each queue's name with how many cases it holds, as of now (a day's work at a glance)."""
        counts = queue_counts(self.registry)
        for i, (key, label) in enumerate(QUEUES):
            self.queue.setItemText(i, _("{queue} ({n})").format(queue=_(label), n=counts[key]))

    def _printed_text(self, case_id: int) -> str:
        """When the certificate was last printed: a batch of never-printed ones stands out."""
        certificate = self.registry.certificates.valid_for_case(case_id)
        if certificate is None:
            return "—"
        prints = self.registry.certificates.prints(certificate.id)
        return format_timestamp(prints[-1][0], current_language()) if prints else _("not yet")

    def selected_case_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [int(self.table.item(row, 0).text()) for row in rows]

    def _selection_changed(self) -> None:
        count = sum(1 for case_id in self.selected_case_ids() if self.registry.certificates.valid_for_case(case_id))
        self.print_selected.setEnabled(count > 0)
        self.print_selected.setText(_("&Print the certificates of the selected cases ({n})…").format(n=count))

    def print_selected_certificates(self) -> None:
        """Every copy of every selected certificate as one print job, off the UI thread.

        For the day the printer was out of toner: certificates issued at the
        counter are printed together later. Each is logged once the printer
        has the whole job (as a reprint if it had been printed before).
        """
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        certificates = [c for c in map(self.registry.certificates.valid_for_case, self.selected_case_ids()) if c]
        if not certificates:
            return
        copies = {c.id: self.registry.cases.get(c.case_id).decision.copies for c in certificates}
        reprints = {c.id: bool(self.registry.certificates.prints(c.id)) for c in certificates}

        def printed(_pages: int) -> None:
            for certificate in certificates:
                self.registry.certificates.log_print(certificate.id, copies[certificate.id],
                                                     reprint=reprints[certificate.id], note="batch")
            self.window_.refresh()
            self.window_.statusBar().showMessage(_("{n} certificates printed.").format(n=len(certificates)), 10000)

        title = _("Certificates {first} – {last}").format(first=certificates[0].protocol, last=certificates[-1].protocol)
        print_in_background(self, [self.registry.certificates.pdf(c.id) for c in certificates], title,
                            printer_factory=self.window_.printer_factory, on_printed=printed)

    def _open(self, row: int, _column: int) -> None:
        self.window_.open_case(int(self.table.item(row, 0).text()))

    def _send(self) -> None:
        from correspondent_app.documents.issuing import send_transmittal  # noqa: PLC0415

        profile = self.registry.profile.get()
        ids = [case_id for case_id, _items in self.registry.transmittals.queue()]
        if not ask_yes(self, _("Send to OGA"), _("Number one transmittal for {n} cases to {to}?").format(
                n=len(ids), to=profile.oga_branch or "ΟΓΑ")):
            return
        try:
            sent = send_transmittal(self.registry, ids, recipient=profile.oga_branch or "ΟΓΑ")
            self.window_.print_pdf(self.registry.transmittals.pdf(sent.id), _("Transmittal {p}").format(p=sent.protocol))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.window_.refresh()
