"""A realistic demo registry: sample persons and cases in every state.

Used by ``correspondent-app --demo`` (a clearly marked demo registry), by
``make-demo`` and by the benchmarks. Everything goes through the real
services, so the demo data obeys the same rules as real data.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.demo.names import sample_persons
from correspondent_app.documents.specimens import FACTS as SAMPLE_FACTS

#: A complete office for benchmarks and self-tests (every field that prints is required).
BENCH_OFFICE = dict(community="Κοινότητα Δοκιμής", municipality="Δήμος Δοκιμής", prefecture="Ν. Δοκιμής",
                    correspondent_name="Δοκιμή", oga_branch="Π.Υ. ΟΓΑ Δοκιμής")
DEMO_PROFILE = dict(community="Κοινότητα Αγίου Αθανασίου (ΔΕΙΓΜΑ)", municipality="Δήμος Μυγδονίας",
                    prefecture="Ν. Θεσσαλονίκης", correspondent_name="Μαρία Παπαδοπούλου",
                    oga_branch="Περιφερειακό Υποκατάστημα ΟΓΑ Θεσσαλονίκης", demo=True)

FACTS = [*SAMPLE_FACTS.items(),
         ("not_oga", {"provision": "par10", "oga_status": "never", "works_in_agriculture": False}),
         ("other_insurer", {"provision": "par10", "oga_status": "interrupted", "works_in_agriculture": True,
                            "changed_insurer": True}),
         ("ask_oga", {"provision": "par10", "oga_status": "never", "works_in_agriculture": True, "art7_worker": True})]
#: Categories of people already in OGA's registry (active, interrupted): they have an OGA registry number,
#: which model 1 and the bank form print.
REGISTERED = ("1α", "1β")


def oga_number(i: int) -> str:
    """A demo OGA registry number, unique per person of one demo (10 digits, as on the specimens)."""
    return f"448{i:07d}"


#: How far each generated case goes: the states a real counter would show.
TARGETS = ("draft", "awaiting_payment", "paid", "issued", "issued", "forwarded", "archived", "cancelled")


def make_demo(registry, persons: int = 60, seed: int = 2005, *, render: bool = True) -> dict[str, int]:
    """Fill ``registry`` with ``persons`` sample persons and a case for most of them."""
    from correspondent_app.documents.issuing import issue_certificate  # noqa: PLC0415 - documents are optional here

    rng = random.Random(seed)
    if registry.profile.get() is None:
        registry.profile.save(**DEMO_PROFILE)
    counts: dict[str, int] = {}
    receipt = rng.randrange(100_000, 900_000)
    clock = [date(2005, 10, 1)]  # the protocol book is written in date order: issue dates only move forward
    for i, sample in enumerate(sample_persons(persons, seed)):
        data = {k: v for k, v in asdict(sample).items()}
        data["residence_doc"] = rng.choice(["permit", "complete_dossier", "complete_dossier", "incomplete_dossier"])
        label, facts = FACTS[i % len(FACTS)] if i % 3 else FACTS[1 + i % 4]
        if i % 7 != 6 and label in REGISTERED:
            data["oga_no"] = oga_number(i)
        person = registry.persons.add(data, allow_duplicate=True)
        if i % 7 == 6:
            continue  # some persons have no case yet
        case = registry.cases.open(person.id, facts)
        target = TARGETS[rng.randrange(len(TARGETS))]
        receipt += 1
        state = _advance(registry, case, target, receipt, rng, issue_certificate if render else None, clock)
        counts[state] = counts.get(state, 0) + 1
    _send_half_of_the_queue(registry, counts, render)
    return counts


def _send_half_of_the_queue(registry, counts: dict[str, int], render: bool) -> None:
    """One numbered transmittal for the older half of the queue: the demo shows
    cases already forwarded to OGA and cases still waiting to be sent."""
    from correspondent_app.documents.issuing import send_transmittal  # noqa: PLC0415

    queued = [case_id for case_id, _contents in registry.transmittals.queue()]
    sent = queued[: (len(queued) + 1) // 2]
    if not sent:
        return
    recipient = registry.profile.get().oga_branch or "ΟΓΑ"
    if render:
        send_transmittal(registry, sent, recipient=recipient, on=date(2005, 12, 15))
    else:
        registry.transmittals.send(sent, recipient=recipient, on=date(2005, 12, 15))
    counts["queued"] -= len(sent)
    counts["forwarded"] = counts.get("forwarded", 0) + len(sent)


def _advance(registry, case, target: str, receipt: int, rng: random.Random, issue, clock: list[date]) -> str:
    if target == "cancelled":
        return registry.cases.cancel(case.id, "Διπλή καταχώριση (δείγμα)").state
    if case.outcome == "not_oga" or case.outcome == "other_insurer":
        return registry.cases.move(case.id, "archived").state if target != "draft" else case.state
    if target == "draft":
        return case.state
    if case.amount is None:
        amount = Decimal(rng.randrange(15_000, 60_000)) / 100
        source = "oga" if case.outcome == "ask_oga" else "hq_list"
        registry.cases.set_amount(case.id, amount, source=source, reference="Κατάσταση Διοίκησης ΟΓΑ (δείγμα)")
    registry.cases.move(case.id, "awaiting_payment")
    if target == "awaiting_payment":
        return "awaiting_payment"
    paid_on = date(2005, 10, 1) + timedelta(days=rng.randrange(60))
    amount = registry.cases.get(case.id).amount
    if case.category == "1α":
        registry.payments.record_elta(case.id, f"{rng.randrange(10**11):011d}", paid_on, amount)
    else:
        registry.payments.record_ate(case.id, f"0623/{paid_on:%d%m%y}/{receipt:06d}", amount, today=date(2005, 12, 31))
    if target == "paid" or case.outcome == "ask_oga" or issue is None:
        return "paid"
    clock[0] = max(clock[0], paid_on + timedelta(days=rng.randrange(1, 10)))
    settle_for_issue(registry, case.id, on=clock[0])
    issue(registry, case.id, on=clock[0])
    if target == "forwarded" and case.category in ("1γ", "1δ", "2"):
        registry.transmittals.enqueue(case.id, ["Δελτίο Απογραφής", "Αντίγραφο αρχείου βεβαίωσης με συνημμένα"])
        return "queued"
    if target == "archived" and case.category == "1β":
        return registry.cases.move(case.id, "archived").state
    return "issued"
