"""Loading and checking a programme's rules file (``resources/rules/*.toml``).

A programme (e.g. OGA circular 7/2005) is data: categories, amounts,
documents, declarations, warnings and the routes that map the facts a clerk
gathers to an outcome. This module turns the TOML into typed, immutable
objects and refuses a file with an unknown key, a value without a citation,
an amount that is not a decimal, or a reference to something undefined, so
that a typo in the rules never reaches a certificate.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from correspondent_app.domain import DEFAULT_PROGRAMME
from correspondent_app.paths import resource

OUTCOMES = frozenset({"certificate", "other_insurer", "ask_oga", "not_oga"})
YEARS_KINDS = frozenset({"contributions", "insurance_time"})
FACT_TYPES = frozenset({"bool", "choice"})
LANGUAGES = ("el", "en")
#: A plain decimal amount: digits, optionally a point and one or two decimals
#: (no exponent, no underscores, no spaces, which Decimal() would accept).
AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
#: A citation starts with the seed file's three digits ("002 §1β") or marks a
#: choice of ours ("[policy] ..."), as DOMAIN.md asks.
CITATION = re.compile(r"[0-9]{3}\b|\[policy\]")


class ProgrammeError(ValueError):
    """The rules file is wrong; ``problems`` lists every fault found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    """A text in every language of the programme."""

    el: str
    en: str

    def __call__(self, language: str = "el") -> str:
        return self.en if language == "en" else self.el


@dataclass(frozen=True)
class Item:
    """A listed thing (document, declaration statement, warning...) with its source."""

    id: str
    text: Text
    cite: str
    when: Mapping[str, tuple] = field(default_factory=dict)
    later: bool = False
    acknowledge: bool = False
    options: tuple[Item, ...] = ()
    receipt: bool = False  # a document: the payment's receipt, proven by recording the payment itself


@dataclass(frozen=True)
class Fact:
    """A question the correspondent answers."""

    name: str
    type: str
    choices: tuple[str, ...]
    default: Any
    optional: bool
    only_when: Mapping[str, tuple]
    question: Text
    why: Text
    cite: str

    @property
    def has_default(self) -> bool:
        return self.default is not None


@dataclass(frozen=True)
class Route:
    """If every fact in ``when`` holds, the decision is ``outcome`` (and ``category``)."""

    when: Mapping[str, tuple]
    outcome: str
    reason: Text
    cite: str
    category: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class Provision:
    key: str
    label: Text
    who: Text
    purpose: Text
    deadline: Text
    cite: str


@dataclass(frozen=True)
class Cited:
    """A value with the source that states it."""

    value: Any
    cite: str


@dataclass(frozen=True)
class CertificateSpec:
    model: int
    copies: int
    title: Text
    cite: str


@dataclass(frozen=True)
class Payment:
    channel: str
    text: Text
    cite: str


@dataclass(frozen=True)
class RegistrationRule:
    """How the Δελτίο Απογραφής start date is found (see ``domain.registration``)."""

    rule: str
    params: Mapping[str, Any]
    cite: str


@dataclass(frozen=True)
class Category:
    code: str
    provision: Cited
    situation: Text
    situation_cite: str
    amount: Decimal | None
    amount_source: str
    amount_cite: str
    comprises: tuple[Item, ...]
    comprises_cite: str
    years: Cited | None
    years_kind: str | None
    certificate: CertificateSpec
    competent: Cited
    documents: tuple[Item, ...]
    documents_cite: str
    declaration: tuple[Item, ...]
    declaration_cite: str
    warnings: tuple[Item, ...]
    warnings_cite: str
    payment: Payment
    effect: Text
    effect_cite: str
    registration: RegistrationRule
    bases: Mapping[str, Item] = field(default_factory=dict)  # the situation on each ground (category 2)


@dataclass(frozen=True)
class Window:
    """When a provision's applications were taken: ``start`` (or None) to ``until`` inclusive."""

    provision: str
    start: date | None
    until: date
    text: Text
    cite: str

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and day <= self.until


@dataclass(frozen=True)
class Programme:
    id: str
    title: Text
    source: Cited
    law: Text
    law_cite: str
    currency: str
    copy_marks: Cited
    provisions: Mapping[str, Provision]
    facts: Mapping[str, Fact]
    routes: tuple[Route, ...]
    categories: Mapping[str, Category]
    competence: Mapping[str, Item]
    windows: Mapping[str, Window] = field(default_factory=dict)  # by provision
    earliest_receipt: Cited | None = None  # a receipt dated before it is refused as implausible


@cache
def load_programme(name: str = DEFAULT_PROGRAMME) -> Programme:
    """Load and check ``resources/rules/<name>.toml`` (cached)."""
    return load_programme_file(resource("rules", f"{name}.toml"))


def load_programme_file(path: Path) -> Programme:
    """Load and check one rules file; raises :class:`ProgrammeError`."""
    with open(path, "rb") as fh:
        try:
            raw = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ProgrammeError(path.name, [f"not valid TOML: {exc}"]) from None
    return parse_programme(raw, source=path.name)


def parse_programme(raw: Mapping[str, Any], source: str = "<rules>") -> Programme:
    """Build a :class:`Programme` from parsed TOML, collecting every problem."""
    checker = _Checker()
    programme = checker.programme(raw)
    if checker.problems:
        raise ProgrammeError(source, checker.problems)
    return programme


class _Checker:
    """Walks the raw tables; records problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    # -- generic helpers -------------------------------------------------
    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def table(self, raw: Any, path: str, required: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(raw, Mapping):
            self.fail(path, "must be a table")
            return {}
        for key in sorted(set(raw) - required - set(optional)):
            self.fail(f"{path}.{key}", "unknown key")
        for key in sorted(required - set(raw)):
            self.fail(f"{path}.{key}", "missing")
        return dict(raw)

    def cite(self, raw: Mapping, path: str) -> str:
        value = raw.get("cite")
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{path}.cite", "every value needs a citation (seed file and section)")
            return ""
        if not CITATION.match(value):
            self.fail(f"{path}.cite", f"{value!r} must start with the seed file's number (\"002 §1β\") or \"[policy]\"")
        return value

    def text(self, raw: Mapping, path: str) -> Text:
        values = {}
        for lang in LANGUAGES:
            value = raw.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{path}.{lang}", "missing text")
                value = ""
            values[lang] = value
        return Text(**values)

    def text_table(self, raw: Any, path: str) -> Text:
        """A table that is only a text: ``{ el = ..., en = ... }`` and nothing else."""
        return self.text(self.table(raw, path, set(LANGUAGES)), path)

    def flag(self, raw: Mapping, key: str, path: str) -> bool:
        value = raw.get(key, False)
        if type(value) is not bool:
            self.fail(f"{path}.{key}", "must be true or false")
            return False
        return value

    def whole(self, raw: Mapping, key: str, path: str) -> int:
        """A positive whole number (TOML's true/false are not numbers here)."""
        value = raw.get(key)
        if type(value) is not int or value <= 0:
            self.fail(f"{path}.{key}", "must be a positive whole number")
            return 0
        return value

    def names(self, raw: Mapping, key: str, path: str) -> tuple[str, ...]:
        """A list of strings (a lone string would otherwise become its letters)."""
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", "must be a list of texts")
            return ()
        return tuple(value)

    def when(self, raw: Any, path: str) -> dict[str, tuple]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            self.fail(path, "must be a table of fact = value")
            return {}
        return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in raw.items()}

    # -- sections ----------------------------------------------------------
    def programme(self, raw: Mapping) -> Programme:
        raw = self.table(
            raw,
            "rules",
            {"schema", "programme", "provisions", "facts", "routes", "categories", "comprises", "documents", "competence"},
            {"declarations", "warnings", "windows", "receipts"},
        )
        if raw.get("schema") != 1:
            self.fail("schema", "only schema 1 is understood")
        head = self.table(raw.get("programme", {}), "programme", {"id", "title", "source", "law", "currency", "copy_marks"})
        source = self.table(head.get("source", {}), "programme.source", {"value", "cite"})
        law = self.table(head.get("law", {}), "programme.law", {"el", "en", "cite"})
        marks = self.table(head.get("copy_marks", {}), "programme.copy_marks", {"values", "cite"})
        facts = {k: self.fact(k, v) for k, v in raw.get("facts", {}).items()}
        pools = {
            name: self.item_pool(raw.get(name, {}), name)
            for name in ("comprises", "documents", "declarations", "warnings", "competence")
        }
        provisions = {k: self.provision(k, v) for k, v in raw.get("provisions", {}).items()}
        categories = {
            code: self.category(code, v, pools, provisions) for code, v in raw.get("categories", {}).items()
        }
        routes = tuple(self.route(i, r, categories) for i, r in enumerate(raw.get("routes", [])))
        self.check_conditions(facts, routes, pools)
        return Programme(
            id=str(head.get("id", "")),
            title=self.text_table(head.get("title", {}), "programme.title"),
            source=Cited(source.get("value"), self.cite(source, "programme.source")),
            law=self.text(law, "programme.law"),
            law_cite=self.cite(law, "programme.law"),
            currency=str(head.get("currency", "")),
            copy_marks=Cited(self.names(marks, "values", "programme.copy_marks"), self.cite(marks, "programme.copy_marks")),
            provisions=provisions,
            facts=facts,
            routes=routes,
            categories=categories,
            competence=pools["competence"],
            windows={k: self.window(k, v, provisions) for k, v in raw.get("windows", {}).items()},
            earliest_receipt=self.earliest_receipt(raw.get("receipts")),
        )

    def window(self, key: str, raw: Any, provisions: Mapping) -> Window:
        path = f"windows.{key}"
        raw = self.table(raw, path, {"until", "el", "en", "cite"}, {"from"})
        if key not in provisions:
            self.fail(path, f"{key!r} is not a provision")
        for name in ("from", "until"):
            if name in raw and not isinstance(raw[name], date):
                self.fail(f"{path}.{name}", "must be a date such as 2005-10-31")
        return Window(key, raw.get("from"), raw.get("until"), self.text(raw, path), self.cite(raw, path))

    def earliest_receipt(self, raw: Any) -> Cited | None:
        if raw is None:
            return None
        raw = self.table(raw, "receipts", {"earliest", "cite"})
        if not isinstance(raw.get("earliest"), date):
            self.fail("receipts.earliest", "must be a date such as 2005-01-01")
        return Cited(raw.get("earliest"), self.cite(raw, "receipts"))

    def provision(self, key: str, raw: Any) -> Provision:
        path = f"provisions.{key}"
        raw = self.table(raw, path, {"label", "who", "purpose", "deadline", "cite"})
        texts = {name: self.text_table(raw.get(name, {}), f"{path}.{name}") for name in ("label", "who", "purpose", "deadline")}
        return Provision(key=key, cite=self.cite(raw, path), **texts)

    def fact(self, name: str, raw: Any) -> Fact:
        path = f"facts.{name}"
        raw = self.table(raw, path, {"type", "question", "why", "cite"}, {"choices", "default", "optional", "only_when"})
        kind = raw.get("type")
        if kind not in FACT_TYPES:
            self.fail(f"{path}.type", f"must be one of {sorted(FACT_TYPES)}")
        choices = self.names(raw, "choices", path)
        if kind == "choice" and not choices:
            self.fail(f"{path}.choices", "a choice needs its choices")
        default = raw.get("default")
        allowed = choices if kind == "choice" else (True, False)
        # `is` for booleans: in Python 1 == True, and a default of 1 must not pass for true.
        if default is not None and not any(default is v or (type(v) is str and default == v) for v in allowed):
            self.fail(f"{path}.default", f"{default!r} is not a possible value (one of {list(allowed)})")
            default = None
        return Fact(
            name=name,
            type=str(kind),
            choices=choices,
            default=default,
            optional=self.flag(raw, "optional", path),
            only_when=self.when(raw.get("only_when"), f"{path}.only_when"),
            question=self.text_table(raw.get("question", {}), f"{path}.question"),
            why=self.text_table(raw.get("why", {}), f"{path}.why"),
            cite=self.cite(raw, path),
        )

    def item_pool(self, raw: Any, name: str) -> dict[str, Item]:
        if not isinstance(raw, Mapping):
            self.fail(name, "must be a table")
            return {}
        return {key: self.item(key, value, f"{name}.{key}") for key, value in raw.items()}

    def item(self, key: str, raw: Any, path: str) -> Item:
        raw = self.table(raw, path, {"el", "en", "cite"}, {"when", "later", "acknowledge", "options", "receipt"})
        options = tuple(
            self.item(k, v, f"{path}.options.{k}") for k, v in (raw.get("options") or {}).items()
        )
        return Item(
            id=key,
            text=self.text(raw, path),
            cite=self.cite(raw, path),
            when=self.when(raw.get("when"), f"{path}.when"),
            later=self.flag(raw, "later", path),
            acknowledge=self.flag(raw, "acknowledge", path),
            options=options,
            receipt=self.flag(raw, "receipt", path),
        )

    def route(self, index: int, raw: Any, categories: Mapping[str, Category]) -> Route:
        path = f"routes[{index}]"
        raw = self.table(raw, path, {"when", "outcome", "reason", "cite"}, {"category", "basis"})
        outcome = raw.get("outcome")
        if outcome not in OUTCOMES:
            self.fail(f"{path}.outcome", f"must be one of {sorted(OUTCOMES)}")
        category = raw.get("category")
        if outcome == "certificate" and category not in categories:
            self.fail(f"{path}.category", f"a certificate route needs a defined category, not {category!r}")
        if outcome != "certificate" and category is not None:
            self.fail(f"{path}.category", "only certificate routes name a category")
        basis = raw.get("basis")
        if basis is not None and category in categories and basis not in categories[category].bases:
            self.fail(f"{path}.basis", f"{basis!r} is not one of the bases of category {category}")
        return Route(
            when=self.when(raw.get("when"), f"{path}.when"),
            outcome=str(outcome),
            reason=self.text_table(raw.get("reason", {}), f"{path}.reason"),
            cite=self.cite(raw, path),
            category=category,
            basis=raw.get("basis"),
        )

    def refs(self, raw: Any, path: str, pool: Mapping[str, Item]) -> tuple[tuple[Item, ...], str]:
        raw = self.table(raw, path, {"items", "cite"})
        items = []
        for ref in raw.get("items", []):
            if ref in pool:
                items.append(pool[ref])
            else:
                self.fail(f"{path}.items", f"{ref!r} is not defined")
        return tuple(items), self.cite(raw, path)

    def category(self, code: str, raw: Any, pools: Mapping[str, Mapping[str, Item]], provisions: Mapping) -> Category:
        path = f"categories.{code}"
        raw = self.table(
            raw,
            path,
            {"provision", "situation", "amount", "comprises", "certificate", "competent", "documents",
             "declaration", "warnings", "payment", "effect", "registration"},
            {"years", "bases"},
        )
        provision = self.cited(raw.get("provision"), f"{path}.provision")
        if provision.value not in provisions:
            self.fail(f"{path}.provision", f"{provision.value!r} is not a defined provision")
        competent = self.cited(raw.get("competent"), f"{path}.competent")
        if competent.value not in pools["competence"]:  # the programme's own [competence] table
            self.fail(f"{path}.competent", f"must be one of the [competence] table: {sorted(pools['competence'])}")
        situation = self.table(raw.get("situation", {}), f"{path}.situation", {"el", "en", "cite"})
        effect = self.table(raw.get("effect", {}), f"{path}.effect", {"el", "en", "cite"})
        amount, amount_source, amount_cite = self.amount(raw.get("amount"), f"{path}.amount")
        years, years_kind = self.years(raw.get("years"), f"{path}.years")
        comprises, comprises_cite = self.refs(raw.get("comprises"), f"{path}.comprises", pools["comprises"])
        documents, documents_cite = self.refs(raw.get("documents"), f"{path}.documents", pools["documents"])
        declaration, declaration_cite = self.refs(raw.get("declaration"), f"{path}.declaration", pools["declarations"])
        warnings, warnings_cite = self.refs(raw.get("warnings"), f"{path}.warnings", pools["warnings"])
        return Category(
            code=code,
            provision=provision,
            situation=self.text(situation, f"{path}.situation"),
            situation_cite=self.cite(situation, f"{path}.situation"),
            amount=amount,
            amount_source=amount_source,
            amount_cite=amount_cite,
            comprises=comprises,
            comprises_cite=comprises_cite,
            years=years,
            years_kind=years_kind,
            certificate=self.certificate(raw.get("certificate"), f"{path}.certificate"),
            competent=competent,
            documents=documents,
            documents_cite=documents_cite,
            declaration=declaration,
            declaration_cite=declaration_cite,
            warnings=warnings,
            warnings_cite=warnings_cite,
            payment=self.payment(raw.get("payment"), f"{path}.payment"),
            effect=self.text(effect, f"{path}.effect"),
            effect_cite=self.cite(effect, f"{path}.effect"),
            registration=self.registration(raw.get("registration"), f"{path}.registration"),
            bases=self.item_pool(raw.get("bases", {}), f"{path}.bases"),
        )

    def cited(self, raw: Any, path: str) -> Cited:
        raw = self.table(raw, path, {"value", "cite"})
        return Cited(raw.get("value"), self.cite(raw, path))

    def amount(self, raw: Any, path: str) -> tuple[Decimal | None, str, str]:
        raw = self.table(raw, path, {"cite"}, {"value", "source"})
        cite = self.cite(raw, path)
        if ("value" in raw) == ("source" in raw):
            self.fail(path, "give either a fixed `value` or the `source` of a per-person amount")
            return None, "", cite
        if "source" in raw:
            return None, str(raw["source"]), cite
        return self.decimal(raw["value"], f"{path}.value"), "fixed", cite

    def decimal(self, value: Any, path: str) -> Decimal | None:
        # Amounts are strings so that TOML never turns them into binary floats.
        if not isinstance(value, str):
            self.fail(path, "an amount must be a decimal string such as \"798.48\"")
            return None
        if not AMOUNT.fullmatch(value):
            self.fail(path, f"{value!r} is not a plain decimal amount such as \"798.48\"")
            return None
        amount = Decimal(value)
        if amount <= 0:
            self.fail(path, f"{value!r} must be a positive amount with at most 2 decimals")
            return None
        return amount

    def years(self, raw: Any, path: str) -> tuple[Cited | None, str | None]:
        if raw is None:
            return None, None
        raw = self.table(raw, path, {"value", "kind", "cite"})
        self.whole(raw, "value", path)
        if raw.get("kind") not in YEARS_KINDS:
            self.fail(f"{path}.kind", f"must be one of {sorted(YEARS_KINDS)}")
        return Cited(raw.get("value"), self.cite(raw, path)), raw.get("kind")

    def certificate(self, raw: Any, path: str) -> CertificateSpec:
        raw = self.table(raw, path, {"model", "copies", "title", "cite"})
        model, copies = self.whole(raw, "model", path), self.whole(raw, "copies", path)
        return CertificateSpec(model, copies, self.text_table(raw.get("title", {}), f"{path}.title"), self.cite(raw, path))

    def payment(self, raw: Any, path: str) -> Payment:
        raw = self.table(raw, path, {"channel", "el", "en", "cite"})
        return Payment(str(raw.get("channel", "")), self.text(raw, path), self.cite(raw, path))

    def registration(self, raw: Any, path: str) -> RegistrationRule:
        if not isinstance(raw, Mapping):
            self.fail(path, "must be a table")
            raw = {}
        params = {k: v for k, v in raw.items() if k not in {"rule", "cite"}}
        from correspondent_app.domain.registration import RULES  # noqa: PLC0415 - avoids a cycle

        rule = raw.get("rule")
        if rule not in RULES:
            self.fail(f"{path}.rule", f"must be one of {sorted(RULES)}")
        else:
            for key in sorted(set(params) - RULES[rule]):
                self.fail(f"{path}.{key}", "unknown key")
            for key in sorted(RULES[rule] - set(params)):
                self.fail(f"{path}.{key}", "missing")
        for key, value in params.items():
            if key.endswith("start") and not isinstance(value, date):
                self.fail(f"{path}.{key}", "must be a date such as 2005-09-01")
        return RegistrationRule(str(rule), params, self.cite(raw, path))

    def check_conditions(self, facts: Mapping[str, Fact], routes: tuple[Route, ...], pools: Mapping) -> None:
        """Every condition must name a known fact and one of its values."""
        conditions = [(f"routes[{i}].when", r.when) for i, r in enumerate(routes)]
        conditions += [(f"facts.{f.name}.only_when", f.only_when) for f in facts.values()]
        for pool in pools.values():
            conditions += [(f"{item.id}.when", item.when) for item in pool.values()]
        for path, when in conditions:
            for name, values in when.items():
                fact = facts.get(name)
                if fact is None:
                    self.fail(path, f"{name!r} is not a defined fact")
                    continue
                allowed = fact.choices if fact.type == "choice" else (True, False)
                for value in values:
                    if value not in allowed:
                        self.fail(path, f"{value!r} is not a possible value of {name}")
