"""The rules engine: from the facts a clerk gathers to a decision with its sources.

``decide(facts)`` checks the facts against the programme's fact definitions
(unknown, ill-typed, missing or contradictory facts raise ``ValueError``
subclasses with a message a clerk can act on), walks the programme's routes
in order and returns the first that holds, filled in from its category.
Everything it knows comes from the programme file; every decision carries
the citations it used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from correspondent_app.domain.guards import hq_list_findings
from correspondent_app.domain.programme import (
    CertificateSpec,
    Fact,
    Item,
    Payment,
    Programme,
    RegistrationRule,
    Text,
    load_programme,
)
from correspondent_app.i18n import _, current_language


class FactError(ValueError):
    """The facts cannot be decided on; ``fact`` names the one to correct."""

    def __init__(self, fact: str, message: str) -> None:
        super().__init__(message)
        self.fact = fact


class MissingFact(FactError):
    """A question that must be answered before the case can be decided."""


class ContradictoryFacts(FactError):
    """Two answers that cannot both be true."""


@dataclass(frozen=True)
class Decision:
    """What the programme says for one person's facts."""

    outcome: str  # "certificate" | "other_insurer" | "ask_oga" | "not_oga"
    reason: Text
    facts: Mapping[str, Any]
    citations: tuple[str, ...]
    category: str | None = None
    basis: str | None = None
    provision: str | None = None
    amount: Decimal | None = None
    amount_source: str | None = None  # "fixed", "hq_list", or "oga" for ask_oga
    comprises: tuple[Item, ...] = ()
    years: int | None = None
    years_kind: str | None = None  # "contributions" | "insurance_time"
    certificate: CertificateSpec | None = None
    competent: str | None = None
    documents: tuple[Item, ...] = ()
    declaration: tuple[Item, ...] = ()
    warnings: tuple[Item, ...] = ()
    payment: Payment | None = None
    effect: Text | None = None
    registration: RegistrationRule | None = None
    #: HQ's list against this decision (domain.guards.hq_list_findings), when decided with the list.
    hq_findings: tuple = ()

    @property
    def certificate_model(self) -> int | None:
        return self.certificate.model if self.certificate else None

    @property
    def copies(self) -> int | None:
        return self.certificate.copies if self.certificate else None


#: ``decide(..., hq_listing=UNCHECKED)``: decided without looking at HQ's list.
UNCHECKED = object()


def decide(facts: Mapping[str, Any], *, programme: Programme | None = None, hq_listing: Any = UNCHECKED) -> Decision:
    """Decide a case from ``facts`` (see the programme's ``[facts]`` for the keys).

    With ``hq_listing`` (the person's ``guards.Listing`` on HQ's list, or None
    for a person on no list) the decision also carries what the list says
    against it: a contradiction to correct or explain, or a warning.
    """
    programme = programme or load_programme()
    resolved = resolve_facts(facts, programme)
    for route in programme.routes:
        if _holds(route.when, resolved, programme, required=True):
            decision = _decision(route, resolved, programme)
            if hq_listing is UNCHECKED:
                return decision
            findings = hq_list_findings(decision.category, decision.provision, hq_listing, programme=programme)
            return dataclasses.replace(decision, hq_findings=findings)
    # The last route of a programme catches everything; reaching here is a rules bug.
    raise FactError("provision", _("These facts match no rule of the programme; ask OGA."))


def resolve_facts(facts: Mapping[str, Any], programme: Programme) -> dict[str, Any]:
    """Check types and contradictions; fill defaults. Missing facts stay absent."""
    known = programme.facts
    unknown = sorted(set(facts) - set(known))
    if unknown:
        raise FactError(unknown[0], _("Unknown question “{name}”.").format(name=unknown[0]))
    resolved = {name: _checked(known[name], value) for name, value in facts.items() if value is not None}
    for fact in known.values():
        if fact.name not in resolved and fact.has_default:
            resolved[fact.name] = fact.default
    for name in facts:
        _check_applies(known[name], facts[name], resolved, programme)
    return resolved


def _checked(fact: Fact, value: Any) -> Any:
    if fact.type == "bool" and not isinstance(value, bool):
        raise FactError(fact.name, _("Answer yes or no: {question}").format(question=fact.question(current_language())))
    if fact.type == "choice" and value not in fact.choices:
        raise FactError(
            fact.name,
            _("“{value}” is not a possible answer to: {question}").format(value=value, question=fact.question(current_language())),
        )
    return value


def _check_applies(fact: Fact, given: Any, resolved: Mapping[str, Any], programme: Programme) -> None:
    """A non-default answer to a question that does not apply is a contradiction."""
    if given is None or given == fact.default or not fact.only_when:
        return
    if all(name in resolved for name in fact.only_when) and not _holds(fact.only_when, resolved, programme):
        raise ContradictoryFacts(
            fact.name,
            _("“{question}” does not apply to this case: leave it unanswered or correct the earlier answers.").format(
                question=fact.question(current_language())
            ),
        )


def _holds(when: Mapping[str, tuple], facts: Mapping[str, Any], programme: Programme, required: bool = False) -> bool:
    """All conditions hold. Conditions are read in order and stop at the first
    that fails, so a question is only required when the answer matters."""
    for name, values in when.items():
        if name not in facts:
            fact = programme.facts[name]
            if required and not fact.optional:
                raise MissingFact(name, fact.question(current_language()))
            return False
        if facts[name] not in values:
            return False
    return True


def _applicable(items: tuple[Item, ...], facts: Mapping[str, Any], programme: Programme) -> tuple[Item, ...]:
    return tuple(item for item in items if _holds(item.when, facts, programme))


def _decision(route, facts: dict[str, Any], programme: Programme) -> Decision:
    if route.outcome != "certificate":
        return Decision(
            outcome=route.outcome,
            reason=route.reason,
            facts=facts,
            citations=(route.cite,),
            provision=facts.get("provision"),
            amount_source="oga" if route.outcome == "ask_oga" else None,
        )
    cat = programme.categories[route.category]
    documents = _applicable(cat.documents, facts, programme)
    declaration = _applicable(cat.declaration, facts, programme)
    warnings = _applicable(cat.warnings, facts, programme)
    cites = [route.cite, cat.provision.cite, cat.situation_cite, cat.amount_cite, cat.comprises_cite,
             cat.years.cite if cat.years else None, cat.certificate.cite, cat.competent.cite, cat.documents_cite,
             cat.declaration_cite, cat.payment.cite, cat.effect_cite, cat.registration.cite]
    cites += [item.cite for item in (*cat.comprises, *documents, *declaration, *warnings)]
    return Decision(
        outcome="certificate",
        reason=route.reason,
        facts=facts,
        citations=_unique(cites),
        category=cat.code,
        basis=route.basis,
        provision=cat.provision.value,
        amount=cat.amount,
        amount_source=cat.amount_source,
        comprises=cat.comprises,
        years=cat.years.value if cat.years else None,
        years_kind=cat.years_kind,
        certificate=cat.certificate,
        competent=cat.competent.value,
        documents=documents,
        declaration=declaration,
        warnings=warnings,
        payment=cat.payment,
        effect=cat.effect,
        registration=cat.registration,
    )


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
