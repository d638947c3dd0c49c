"""Cases: one per person and programme episode, with its decision and its state.

    draft -> awaiting_payment -> paid -> issued -> forwarded | archived
    draft -> archived            (a not-OGA outcome, explained and closed)
    any state but cancelled -> cancelled (with a reason)

The decision (category, amount, citations, warnings) comes from the domain's
rules engine; the case stores the facts it was decided on, so a reopened
case shows what was asked and answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from correspondent_app.domain import DEFAULT_PROGRAMME
from correspondent_app.domain.guards import ACKNOWLEDGEABLE, HQ_CONTRADICTION, HQ_KEYS, Listing, hq_list_findings
from correspondent_app.i18n import N_, _
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import dumps, from_cents, new_uuid, now, to_cents

if TYPE_CHECKING:
    from correspondent_app.domain.rules import Decision


def _decide(facts: dict[str, Any], programme: str) -> Decision:
    """The rules engine, imported when a case is first decided or read: the
    main window shows before any case is (a tenth of the start-up imports)."""
    from correspondent_app.domain.programme import load_programme  # noqa: PLC0415
    from correspondent_app.domain.rules import decide  # noqa: PLC0415

    return decide(facts, programme=load_programme(programme))

def _check_answers(facts: dict[str, Any], programme: str) -> None:
    """Every answer names a question of the programme and one of its values (FactError otherwise)."""
    from correspondent_app.domain.programme import load_programme  # noqa: PLC0415
    from correspondent_app.domain.rules import FactError  # noqa: PLC0415

    questions = load_programme(programme).facts
    for name, value in facts.items():
        fact = questions.get(name)
        allowed = () if fact is None else (fact.choices if fact.type == "choice" else (True, False))
        if fact is None or not any(value is v or (type(v) is str and value == v) for v in allowed):
            raise FactError(name, _("“{value}” is not an answer to “{name}”.").format(value=value, name=name))


STATES = ("draft", "awaiting_payment", "paid", "issued", "forwarded", "archived", "cancelled")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"awaiting_payment", "archived", "cancelled"}),
    "awaiting_payment": frozenset({"draft", "paid", "cancelled"}),
    "paid": frozenset({"issued", "forwarded", "cancelled"}),  # forwarded: art. 7 cases, on OGA's instructions
    "issued": frozenset({"forwarded", "archived", "cancelled", "paid"}),  # paid: its certificate was voided
    "forwarded": frozenset({"cancelled"}),
    "archived": frozenset({"cancelled"}),
    "cancelled": frozenset(),
}
#: States of a case still in progress at the counter: a second one for the same person is rarely meant.
OPEN_STATES = ("draft", "awaiting_payment", "paid")
STATE_LABELS = {
    "draft": N_("draft"), "awaiting_payment": N_("awaiting payment"), "paid": N_("paid, certificate to issue"),
    "issued": N_("certificate issued"), "forwarded": N_("forwarded to OGA"), "archived": N_("archived"),
    "cancelled": N_("cancelled"),
}


@dataclass(frozen=True)
class Case:
    id: int
    uuid: str
    person_id: int
    programme: str
    state: str
    facts: dict[str, Any]
    outcome: str | None
    category: str | None
    provision: str | None
    amount: Decimal | None
    amount_source: str | None
    amount_reference: str
    citations: tuple[str, ...]
    documents_received: tuple[str, ...]
    warnings_given: tuple[str, ...]
    residence_proof: str
    competent: str | None
    competent_here: bool | None
    competence_note: str
    cancel_reason: str
    forwarded_on: str | None
    created_at: str
    updated_at: str
    acknowledgements: dict[str, str] = field(default_factory=dict)  # key -> note (domain.guards)
    decision: Decision | None = field(default=None, compare=False)


class IllegalTransition(RegistryError):
    pass


_COLUMNS = ("id", "uuid", "person_id", "programme", "state", "facts", "outcome", "category", "provision",
            "amount_cents", "amount_source", "amount_reference", "citations", "documents_received",
            "warnings_given", "residence_proof", "competent", "competent_here", "competence_note",
            "cancel_reason", "forwarded_on", "created_at", "updated_at", "acknowledgements")


class Cases:
    def __init__(self, registry) -> None:
        self.registry = registry

    # -- reading ---------------------------------------------------------
    def get(self, case_id: int) -> Case:
        row = self.registry.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is None:
            raise RegistryError(_("No case with number {id}.").format(id=case_id))
        return self._case(row)

    def by_uuid(self, uuid: str) -> Case | None:
        row = self.registry.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM cases WHERE uuid = ?", [uuid]).fetchone()
        return self._case(row) if row else None

    def for_person(self, person_id: int) -> list[Case]:
        rows = self.registry.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM cases WHERE person_id = ? ORDER BY id DESC", [person_id])
        return [self._case(r) for r in rows]

    def open_for_person(self, person_id: int) -> list[Case]:
        """The person's cases still in progress at the counter (draft, awaiting payment, paid), newest first."""
        return [c for c in self.for_person(person_id) if c.state in OPEN_STATES]

    def in_state(self, state: str, limit: int = 500) -> list[Case]:
        rows = self.registry.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM cases WHERE state = ? ORDER BY updated_at DESC LIMIT ?", [state, limit])
        return [self._case(r) for r in rows]

    def count_in_state(self, state: str) -> int:
        return self.registry.db.execute("SELECT COUNT(*) FROM cases WHERE state = ?", [state]).fetchone()[0]

    def _case(self, row) -> Case:
        v = dict(zip(_COLUMNS, row, strict=True))
        facts = json.loads(v.pop("facts"))
        decision = None
        if v["outcome"]:
            try:
                decision = _decide(facts, v["programme"])
            except ValueError:
                decision = None  # the rules changed since; the stored fields still tell what was decided
        return Case(
            **{k: v[k] for k in _COLUMNS if k not in ("facts", "amount_cents", "citations", "documents_received",
                                                      "warnings_given", "competent_here", "acknowledgements")},
            acknowledgements=json.loads(v["acknowledgements"]),
            facts=facts,
            amount=from_cents(v["amount_cents"]),
            citations=tuple(json.loads(v["citations"])),
            documents_received=tuple(json.loads(v["documents_received"])),
            warnings_given=tuple(json.loads(v["warnings_given"])),
            competent_here=None if v["competent_here"] is None else bool(v["competent_here"]),
            decision=decision,
        )

    # -- writing ---------------------------------------------------------
    def open(self, person_id: int, facts: dict[str, Any] | None = None, *, programme: str = DEFAULT_PROGRAMME) -> Case:
        """Start a draft case; with facts, decide it at once."""
        self.registry.persons.get(person_id)  # a clear error for an unknown person
        uuid, stamp = new_uuid(), now()
        with self.registry.write():
            cursor = self.registry.db.execute(
                "INSERT INTO cases (uuid, person_id, programme, state, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?)",
                [uuid, person_id, programme, stamp, stamp],
            )
            self.registry.audit("open", "case", uuid, None, {"person_id": person_id, "programme": programme})
            if facts is not None:
                self.decide(cursor.lastrowid, facts)
        return self.get(cursor.lastrowid)

    def decide(self, case_id: int, facts: dict[str, Any]) -> Case:
        """Record the answers and the decision; only while the case is not yet paid.

        When the decision names another competent correspondent (e.g. 1δ ->
        1γ: residence -> where the application was filed), the competence
        answer given for the old question is cleared: it must be asked again.
        """
        with self.registry.write():
            case = self.get(case_id)  # read inside the write: another instance may have paid it meanwhile
            if case.state not in ("draft", "awaiting_payment"):
                raise IllegalTransition(_("The answers of a case cannot change once it is paid."))
            decision = _decide(facts, case.programme)
            keep_amount = decision.amount is None and decision.category == case.category and case.amount is not None
            values = {
                "facts": dumps(dict(facts)),
                "outcome": decision.outcome,
                "category": decision.category,
                "provision": decision.provision,
                "amount_cents": to_cents(decision.amount) if decision.amount is not None else (
                    to_cents(case.amount) if keep_amount else None),
                "amount_source": decision.amount_source if not keep_amount else case.amount_source,
                "citations": dumps(list(decision.citations)),
                "competent": decision.competent,
            }
            if decision.competent != case.competent:
                values.update({"competent_here": None, "competence_note": ""})
            if decision.category != case.category and any(k in case.acknowledgements for k in HQ_KEYS):
                # what HQ's list said was acknowledged against the old category: it must be looked at again
                values["acknowledgements"] = dumps({k: v for k, v in case.acknowledgements.items() if k not in HQ_KEYS})
            self._update(case, values, "decide")
        return self.get(case_id)

    def save_answers(self, case_id: int, facts: dict[str, Any]) -> Case:
        """Keep the answers given so far, too few to decide on, for a draft (the clerk closed the window).

        The case stays an undecided draft: outcome, category and amount are
        cleared, since they were decided on other answers. Each answer must
        still be a question of the programme with one of its values.
        """
        with self.registry.write():
            case = self.get(case_id)
            if case.state != "draft":
                raise IllegalTransition(_("Only a draft keeps answers without a decision."))
            _check_answers(facts, case.programme)
            self._update(case, {"facts": dumps(dict(facts)), "outcome": None, "category": None, "provision": None,
                                "amount_cents": None, "amount_source": None, "citations": "[]", "competent": None,
                                "competent_here": None, "competence_note": ""}, "save_answers")
        return self.get(case_id)

    def set_amount(self, case_id: int, amount: Decimal, *, source: str, reference: str) -> Case:
        """The person's own amount: from HQ's list (1α/1β) or as OGA instructed (art. 7 workers)."""
        if source not in ("hq_list", "oga", "manual"):
            raise ValueError(f"unknown amount source {source}")
        if not reference.strip():
            raise RegistryError(_("Enter the reference of the amount (HQ list or OGA's instruction)."))
        if amount <= 0:
            raise RegistryError(_("The amount must be more than zero."))
        with self.registry.write():
            case = self.get(case_id)
            if case.state not in ("draft", "awaiting_payment"):
                raise IllegalTransition(_("The amount of a paid case cannot change."))
            self._update(case, {"amount_cents": to_cents(amount), "amount_source": source,
                                "amount_reference": reference.strip()}, "set_amount")
        return self.get(case_id)

    def record_documents(self, case_id: int, received: list[str]) -> Case:
        """The documents received so far (1β continuation papers may come after the certificate)."""
        with self.registry.write():
            case = self._open_case(case_id)
            self._update(case, {"documents_received": dumps(sorted(set(received)))}, "documents")
        return self.get(case_id)

    def acknowledge_warnings(self, case_id: int, warning_ids: list[str], residence_proof: str = "") -> Case:
        """Record that warnings were shown to the applicant (and, for par. 11, the proof they hold)."""
        with self.registry.write():
            case = self._open_case(case_id)
            self._update(case, {"warnings_given": dumps(sorted(set(case.warnings_given) | set(warning_ids))),
                                "residence_proof": residence_proof or case.residence_proof}, "warnings")
        return self.get(case_id)

    def set_warnings_given(self, case_id: int, warning_ids: list[str], residence_proof: str = "") -> Case:
        """Record exactly the warnings ticked as given, and the proof named (a tick taken back is taken back).

        The audit trail keeps every earlier answer; the case holds the current one.
        """
        with self.registry.write():
            case = self._open_case(case_id)
            values = {"warnings_given": dumps(sorted(set(warning_ids))), "residence_proof": residence_proof}
            if (tuple(sorted(set(warning_ids))), residence_proof) != (case.warnings_given, case.residence_proof):
                self._update(case, values, "warnings")
        return self.get(case_id)

    def listing(self, person_id: int) -> Listing | None:
        """The person's entry on HQ's list as the domain reads it, or None."""
        entry = self.registry.hq_lists.entry_for_person(person_id)
        if entry is None:
            return None
        return Listing(name=f"{entry.surname} {entry.name}".strip(), status=entry.status, amount=entry.amount,
                       reference=entry.list_reference)

    def hq_findings(self, case_id: int) -> tuple:
        """What HQ's list says against the case's category (domain.guards.hq_list_findings), acknowledged or not."""
        case = self.get(case_id)
        return hq_list_findings(case.category, case.provision, self.listing(case.person_id))

    def unresolved_contradiction(self, case: Case):
        """HQ's list contradicts the category and the clerk has not recorded why the list is wrong."""
        for finding in hq_list_findings(case.category, case.provision, self.listing(case.person_id)):
            if finding.key == HQ_CONTRADICTION and not case.acknowledgements.get(HQ_CONTRADICTION, "").strip():
                return finding
        return None

    def acknowledge(self, case_id: int, key: str, note: str = "") -> Case:
        """Record the clerk's acknowledgement of a warning of the pre-issue review (domain.guards).

        HQ's list contradicting the category needs the reason the list is
        wrong. Who acknowledged and when is the audit entry of the change.
        """
        if key not in ACKNOWLEDGEABLE:
            raise ValueError(f"unknown acknowledgement {key}")
        if key == HQ_CONTRADICTION and not note.strip():
            raise RegistryError(_("Write why HQ's list is wrong for this person (e.g. OGA's letter, or what the "
                                  "person showed)."))
        with self.registry.write():
            case = self._open_case(case_id)
            if case.state not in ("draft", "awaiting_payment", "paid"):
                raise IllegalTransition(_("Only a case not yet issued takes acknowledgements."))
            acknowledged = {**case.acknowledgements, key: note.strip()}
            if acknowledged != case.acknowledgements:
                self._update(case, {"acknowledgements": dumps(acknowledged)}, f"acknowledge:{key}")
        return self.get(case_id)

    def set_competence(self, case_id: int, here: bool, note: str = "") -> Case:
        with self.registry.write():
            case = self._open_case(case_id)
            self._update(case, {"competent_here": int(here), "competence_note": note}, "competence")
        return self.get(case_id)

    # -- drafts: typed on a page and left unsaved (never a record) -------------
    def drafts(self, case_id: int) -> dict[str, dict[str, str]]:
        """What was typed on each page of the case and left unsaved: {page: {field: text}}."""
        rows = self.registry.db.execute("SELECT page, fields FROM case_drafts WHERE case_id = ?", [case_id])
        return {page: json.loads(fields) for page, fields in rows}

    def keep_draft(self, case_id: int, page: str, fields: dict[str, str]) -> None:
        """Keep a page's typed fields (replacing its earlier draft); nothing typed drops it.

        Not audited: a draft changes no record, and a typed receipt is not a
        payment until the payment is recorded.
        """
        self.get(case_id)  # a clear error for an unknown case
        with self.registry.write():
            if not fields:
                self.registry.db.execute("DELETE FROM case_drafts WHERE case_id = ? AND page = ?", [case_id, page])
                return
            self.registry.db.execute(
                "INSERT INTO case_drafts (case_id, page, fields, saved_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id, page) DO UPDATE SET fields = excluded.fields, saved_at = excluded.saved_at",
                [case_id, page, dumps({str(k): str(v) for k, v in fields.items()}), now()])

    def _open_case(self, case_id: int) -> Case:
        """The case, if it can still take answers (inside the caller's write)."""
        case = self.get(case_id)
        if case.state == "cancelled":
            raise IllegalTransition(_("A cancelled case takes no more answers."))
        return case

    def move(self, case_id: int, state: str, *, reason: str = "") -> Case:
        """Change state along the allowed transitions.

        Cancelling a case whose certificate is in force voids the certificate
        too, with the same reason, in the same transaction: a cancelled case
        never leaves a certificate that verifies as valid.
        """
        with self.registry.write():
            case = self.get(case_id)
            self._check_move(case, state, reason)
            values: dict[str, Any] = {"state": state}
            if state == "cancelled":
                values["cancel_reason"] = reason.strip()
                certificate = self.registry.certificates.valid_for_case(case.id)
                if certificate is not None:
                    self.registry.certificates.mark_void(certificate, _("Case cancelled: {reason}").format(
                        reason=reason.strip()))
            if state == "forwarded":
                values["forwarded_on"] = now()
            if case.state == "issued" and state == "paid":
                values["forward_contents"] = None  # listed the voided certificate: queued again after reissue
            self._update(case, values, f"move:{state}")
        return self.get(case_id)

    def cancel(self, case_id: int, reason: str) -> Case:
        return self.move(case_id, "cancelled", reason=reason)

    def _check_move(self, case: Case, state: str, reason: str) -> None:
        if state not in STATES:
            raise ValueError(f"unknown state {state}")
        if state not in TRANSITIONS[case.state]:
            raise IllegalTransition(_("A case that is “{current}” cannot become “{target}”.").format(
                current=_(STATE_LABELS[case.state]), target=_(STATE_LABELS[state])))
        if state == "cancelled" and not reason.strip():
            raise RegistryError(_("Give the reason for cancelling the case."))
        if state == "awaiting_payment" and (case.outcome not in ("certificate", "ask_oga") or case.amount is None):
            raise RegistryError(_("The case waits for payment only once it is decided and its amount is known."))
        if state == "awaiting_payment" and (finding := self.unresolved_contradiction(case)) is not None:
            raise RegistryError(finding.message)  # the person would pay the wrong category's amount
        if state == "archived" and case.state == "draft" and case.outcome in ("certificate", "ask_oga", None):
            raise IllegalTransition(_("Only a not-OGA case is archived from draft; cancel the case otherwise."))
        if case.state == "issued" and state == "paid" and self.registry.certificates.valid_for_case(case.id):
            raise IllegalTransition(_("An issued case goes back to “paid” only when its certificate is voided."))
        if state == "forwarded" and case.state == "paid" and case.outcome != "ask_oga":
            raise IllegalTransition(_("A paid case is forwarded only once its certificate is issued."))
        # "issued" and "forwarded" record what was done, so only the doing reaches them:
        # issuing the certificate, sending the numbered transmittal.
        if state == "issued" and not self.registry.certificates.valid_for_case(case.id):
            raise IllegalTransition(_("A case becomes “issued” only by issuing its certificate."))
        if state == "forwarded" and not self.registry.db.execute(
                "SELECT 1 FROM transmittal_items WHERE case_id = ?", [case.id]).fetchone():
            raise IllegalTransition(_("A case is forwarded to OGA only with a numbered transmittal."))
        if state == "paid" and not self.registry.payments.for_case(case.id):
            raise IllegalTransition(_("Record the receipt before marking the case paid."))

    def _update(self, case: Case, values: dict[str, Any], action: str) -> None:
        values = {**values, "updated_at": now()}
        with self.registry.write():
            old = self.registry.db.execute(f"SELECT {', '.join(values)} FROM cases WHERE id = ?", [case.id]).fetchone()
            self.registry.db.execute(
                f"UPDATE cases SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", [*values.values(), case.id])
            self.registry.audit(action, "case", case.uuid, dict(zip(values, old, strict=True)), values)
