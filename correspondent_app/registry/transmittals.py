"""Transmittals to OGA (διαβιβαστικά): the queue of papers to send, and sending them.

A case joins the queue with the list of what goes with it (Δελτίο Απογραφής,
archive copy of the certificate and its attachments...). Sending takes a
protocol number, records the transmittal and its items, keeps the PDF and
moves every case to "forwarded" — in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from correspondent_app.domain.registration import NEEDS_RECEIVED
from correspondent_app.i18n import _, language
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import dumps, new_uuid, now


#: How a queued item names the archive copy of a certificate (domain.registration.forward_contents in Greek
#: or English, or older free text).
ARCHIVE_COPY = ("αντίγραφο αρχείου", "archive copy")


def is_archive_copy(item: str) -> bool:
    return any(marker in item.casefold() for marker in ARCHIVE_COPY)


@dataclass(frozen=True)
class Transmittal:
    id: int
    uuid: str
    protocol_year: int
    protocol_no: int
    sent_on: date
    recipient: str
    items: tuple[tuple[int, tuple[str, ...]], ...]  # (case id, contents)

    @property
    def protocol(self) -> str:
        return f"{self.protocol_no}/{self.protocol_year}"


class Transmittals:
    def __init__(self, registry) -> None:
        self.registry = registry

    def enqueue(self, case_id: int, contents: list[str]) -> None:
        """Put a case in the queue with what is to be sent for it.

        An issued case sends its papers; a paid art. 7 ν. 3232/2004 case
        (no certificate of the programme) sends what OGA's instructions ask.
        """
        case = self.registry.cases.get(case_id)
        if not _forwardable(case.state, case.outcome):
            raise RegistryError(_("Only a case with an issued certificate, or a paid case on OGA's instructions, "
                                  "is forwarded to OGA."))
        if not contents:
            raise RegistryError(_("List what is sent to OGA for this case."))
        self._check_archive_copy(case, contents)
        with self.registry.write():
            self.registry.db.execute("UPDATE cases SET forward_contents = ?, updated_at = ? WHERE id = ?",
                                     [dumps(list(contents)), now(), case_id])
            self.registry.audit("enqueue", "case", case.uuid, None, {"forward": list(contents)})

    def _check_archive_copy(self, case, contents) -> None:
        """An archive copy is sent only if it exists and may go now (002 §1α, §1β).

        Model 1 (1α) is printed once: it has no archive copy. A 1β archive copy
        goes to OGA only together with the papers that continue the insurance,
        recorded as received (they may come after the certificate); until then it
        stays in the correspondent's archive.
        """
        item = next((c for c in contents if is_archive_copy(c)), None)
        certificate = self.registry.certificates.valid_for_case(case.id)
        if item is None or certificate is None:
            return
        person = self.registry.persons.get(case.person_id).display_name
        if certificate.model == 1 or case.decision.copies == 1:
            raise RegistryError(_("Case {case} ({person}): a model {model} certificate is printed once and has no "
                                  "archive copy. Remove “{item}” from what is sent to OGA.").format(
                case=case.id, person=person, model=certificate.model, item=item))
        rule = case.decision.registration.rule if case.decision.registration else ""
        missing = [doc for doc in NEEDS_RECEIVED.get(rule, ()) if doc not in case.documents_received]
        if missing:
            raise RegistryError(_("Case {case} ({person}): the archive copy of a {category} certificate goes to OGA "
                                  "only together with the papers that continue the insurance (employers' "
                                  "declarations, tax statements). Record them as received first; until then the "
                                  "copy stays in the correspondent's archive.").format(
                case=case.id, person=person, category=case.category))

    def queue(self) -> list[tuple[int, tuple[str, ...]]]:
        rows = self.registry.db.execute(
            "SELECT id, forward_contents FROM cases WHERE forward_contents IS NOT NULL "
            "AND (state = 'issued' OR (state = 'paid' AND outcome = 'ask_oga')) ORDER BY id")
        return [(case_id, tuple(json.loads(contents))) for case_id, contents in rows]

    def send(self, case_ids: list[int], *, recipient: str, on: date | None = None,
             render: Callable[[object, Transmittal], bytes] | None = None) -> Transmittal:
        """Number and record one transmittal of queued cases; they become "forwarded"."""
        on = on or date.today()
        if not case_ids:
            raise RegistryError(_("Choose the cases to send."))
        with self.registry.write():
            queued = dict(self.queue())
            missing = [c for c in case_ids if c not in queued]
            if missing:
                raise RegistryError(_("Cases {ids} are not waiting to be sent.").format(ids=", ".join(map(str, missing))))
            for case_id in case_ids:  # queued earlier: the papers may have been un-ticked since
                self._check_archive_copy(self.registry.cases.get(case_id), queued[case_id])
            with language("el"):  # the protocol book is a Greek legal record
                subject = _("Transmittal to {recipient}: {n} cases").format(recipient=recipient, n=len(case_ids))
            entry = self.registry.protocol.enter("transmittal", subject, on=on)
            uuid = new_uuid()
            cursor = self.registry.db.execute(
                "INSERT INTO transmittals (uuid, protocol_year, protocol_no, sent_on, recipient, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [uuid, entry.year, entry.number, on.isoformat(), recipient, now()])
            for case_id in case_ids:
                self.registry.db.execute(
                    "INSERT INTO transmittal_items (transmittal_id, case_id, contents) VALUES (?, ?, ?)",
                    [cursor.lastrowid, case_id, dumps(list(queued[case_id]))])
                self.registry.cases.move(case_id, "forwarded")
            transmittal = self.get(cursor.lastrowid)
            if render is not None:
                self.registry.db.execute("UPDATE transmittals SET pdf = ? WHERE id = ?",
                                         [render(self.registry, transmittal), transmittal.id])
            self.registry.audit("send", "transmittal", uuid, None, {"protocol": entry.number, "year": entry.year,
                                                                     "cases": case_ids})
        return transmittal

    def get(self, transmittal_id: int) -> Transmittal:
        row = self.registry.db.execute(
            "SELECT id, uuid, protocol_year, protocol_no, sent_on, recipient FROM transmittals WHERE id = ?",
            [transmittal_id]).fetchone()
        if row is None:
            raise RegistryError(_("No transmittal with number {id}.").format(id=transmittal_id))
        items = self.registry.db.execute(
            "SELECT case_id, contents FROM transmittal_items WHERE transmittal_id = ? ORDER BY case_id", [row[0]])
        return Transmittal(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]), row[5],
                           tuple((c, tuple(json.loads(x))) for c, x in items))

    def pdf(self, transmittal_id: int) -> bytes | None:
        row = self.registry.db.execute("SELECT pdf FROM transmittals WHERE id = ?", [transmittal_id]).fetchone()
        return row[0] if row else None


def _forwardable(state: str, outcome: str | None) -> bool:
    return state == "issued" or (state == "paid" and outcome == "ask_oga")
