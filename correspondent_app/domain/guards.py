"""Guards at the moment of issuing (DOMAIN.md): a certificate only on proven facts.

Pure functions over what the registry knows of a case, so that the counter's
pre-issue review and the registry's refusal read the very same list:

- ``hq_list_findings``: HQ's list against the claimed category (002 §1 «Για
  τη διευκόλυνση»): a listed person claimed as another case is a
  contradiction; 1α not listed and 1β listed with another amount are warnings.
- ``window_problems``: issuing or paying outside a provision's window
  (programme data, 002 ΓΕΝΙΚΑ) is a warning to acknowledge.
- ``review``: everything still in the way of issuing, each with where it is
  fixed; an empty review is the only state in which a certificate issues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.i18n import N_, _, current_language

#: The category each status of HQ's list stands for (002 §1: active -> 1α, interrupted -> 1β).
LISTED_CATEGORY = {"active": "1α", "interrupted": "1β"}
STATUS_LABELS = {"active": N_("active insured"), "interrupted": N_("insurance interrupted")}
#: Office fields printed on every certificate (letterhead and signature block): none may be empty.
PRINTED_PROFILE_FIELDS = {
    "community": N_("Community / municipal department"), "municipality": N_("Municipality"),
    "prefecture": N_("Prefecture"), "correspondent_name": N_("Correspondent's name"),
    "oga_branch": N_("OGA regional branch"),
}

# Keys of the acknowledgements a case records (cases.acknowledgements).
HQ_CONTRADICTION = "hq_contradiction"  # needs a note: why the list is wrong
HQ_NOT_LISTED = "hq_not_listed"
HQ_AMOUNT_DIFFERS = "hq_amount_differs"
WINDOW_ISSUE = "window_issue"
WINDOW_PAYMENT = "window_payment"
#: Acknowledgements that stand only for the category they were given for.
HQ_KEYS = (HQ_CONTRADICTION, HQ_NOT_LISTED, HQ_AMOUNT_DIFFERS)
ACKNOWLEDGEABLE = (*HQ_KEYS, WINDOW_ISSUE, WINDOW_PAYMENT)


@dataclass(frozen=True)
class Listing:
    """One person's entry on HQ's list, as the domain needs it."""

    name: str
    status: str  # "active" | "interrupted"
    amount: Decimal
    reference: str


@dataclass(frozen=True)
class Problem:
    """One thing in the way of issuing.

    ``area`` says where it is fixed (documents, profile, payment, decision,
    hq_list, window); ``key`` names the document, field, warning or
    acknowledgement. ``acknowledge``: settled by the clerk's recorded
    acknowledgement (``needs_note``: with a written reason) rather than by data.
    """

    area: str
    key: str
    message: str
    acknowledge: bool = False
    needs_note: bool = False


def hq_list_findings(category: str | None, provision: str | None, listing: Listing | None, *,
                     programme=None) -> tuple[Problem, ...]:
    """HQ's list against the claimed category; ``listing`` None means the person is on no list."""
    lang = current_language()
    if listing is None:
        if category == "1α":
            return (Problem("hq_list", HQ_NOT_LISTED, _(
                "An active insured (1α) who is not on HQ's list: HQ's lists hold every active insured. Ask HQ for "
                "the person's amount and check that the person really is active."), acknowledge=True),)
        return ()
    listed = LISTED_CATEGORY.get(listing.status)
    if provision == "par11":
        claimed = _("par. 11 (category {category})").format(category=category) if category else _("par. 11")
    elif category is None:
        return ()  # not OGA's or another insurer's on par. 10: the list may predate the change
    else:
        claimed = category
    entry = _("HQ's list “{ref}”: {name}, {status}, amount {amount}").format(
        ref=listing.reference, name=listing.name, status=_(STATUS_LABELS.get(listing.status, listing.status)),
        amount=format_eur(listing.amount, lang))
    if provision == "par11" or category != listed:
        return (Problem("hq_list", HQ_CONTRADICTION, _(
            "{entry}. The list makes this case {listed}, but it is claimed as {claimed}. Correct the answers, or "
            "record why the list is wrong.").format(entry=entry, listed=listed, claimed=claimed),
            acknowledge=True, needs_note=True),)
    fixed = _fixed_amount(category, programme)
    if fixed is not None and listing.amount != fixed:
        return (Problem("hq_list", HQ_AMOUNT_DIFFERS, _(
            "{entry}; case {category} is {due}. Check which amount the person must pay.").format(
            entry=entry, category=category, due=format_eur(fixed, lang)), acknowledge=True),)
    return ()


def _fixed_amount(category: str, programme) -> Decimal | None:
    if programme is None:
        from correspondent_app.domain.programme import load_programme  # noqa: PLC0415 - data, loaded once

        programme = load_programme()
    cat = programme.categories.get(category)
    return cat.amount if cat is not None else None


def window_problems(provision: str | None, windows: Mapping, *, issued_on: date | None,
                    paid_on: date | None) -> tuple[Problem, ...]:
    """Issuing or paying outside the provision's window (programme data): warnings naming date and source."""
    window = windows.get(provision) if provision else None
    if window is None:
        return ()
    lang = current_language()
    problems = []
    for key, day, text in ((WINDOW_PAYMENT, paid_on, N_("Paid on {date}")),
                           (WINDOW_ISSUE, issued_on, N_("Issued on {date}"))):
        if day is not None and not window.holds(day):
            problems.append(Problem("window", key, _(
                "{when}, outside the programme's window: {window} ({cite}). Later laws extended the deadlines: "
                "acknowledge to go on.").format(when=_(text).format(date=format_date(day, lang)),
                                                window=window.text(lang), cite=window.cite), acknowledge=True))
    return tuple(problems)


@dataclass(frozen=True)
class CaseState:
    """What the review reads of a case (a registry Case has all of these)."""

    category: str | None
    provision: str | None
    outcome: str | None
    state: str
    amount: Decimal | None
    documents_received: tuple[str, ...]
    warnings_given: tuple[str, ...]
    residence_proof: str
    competent_here: bool | None
    acknowledgements: Mapping[str, str]


@dataclass(frozen=True)
class Paid:
    """What the review reads of the payment."""

    paid_on: date
    amount: Decimal
    override_reason: str


def review(case: CaseState, decision, *, on: date, profile: Mapping[str, str] | None, payment: Paid | None,
           listing: Listing | None, windows: Mapping) -> tuple[Problem, ...]:
    """Everything still in the way of issuing ``case``'s certificate on ``on`` (empty: it may issue).

    Acknowledgements already recorded settle the problems they name.
    """
    problems: list[Problem] = []
    problems += _decision_problems(case, decision)
    problems += _document_problems(case, decision)
    problems += _profile_problems(profile)
    problems += _payment_problems(case, payment, on)
    problems += hq_list_findings(case.category, case.provision, listing)
    problems += window_problems(case.provision, windows, issued_on=on, paid_on=payment.paid_on if payment else None)
    return tuple(p for p in problems if not settled(p, case.acknowledgements))


def settled(problem: Problem, acknowledged: Mapping[str, str]) -> bool:
    """The clerk's recorded acknowledgement settles ``problem`` (with a reason, where one is needed)."""
    if not problem.acknowledge or problem.key not in acknowledged:
        return False
    return not problem.needs_note or bool(str(acknowledged[problem.key]).strip())


def _decision_problems(case: CaseState, decision) -> list[Problem]:
    if decision is None or case.outcome != "certificate":
        return [Problem("decision", "outcome", _("This case has no certificate of the programme."))]
    problems = []
    if case.competent_here is not True:
        problems.append(Problem("decision", "competence", _(
            "Confirm on the decision step that this office is the competent correspondent.")))
    for warning in decision.warnings:
        if warning.acknowledge and warning.id not in case.warnings_given:
            problems.append(Problem("decision", warning.id, _("Warning not yet given to the applicant: {text}").format(
                text=warning.text(current_language()))))
        if warning.acknowledge and warning.options and not case.residence_proof:
            problems.append(Problem("decision", "residence_proof", _(
                "Record which document proving residence until 31-12-2004 the applicant said they hold.")))
    return problems


def required_documents(decision) -> tuple:
    """The documents the clerk ticks before the certificate: all but those that may come later (1β
    continuation papers) and the receipt, which recording the payment proves (its code, checked)."""
    if decision is None:
        return ()
    return tuple(item for item in decision.documents if not item.later and not item.receipt)


def _document_problems(case: CaseState, decision) -> list[Problem]:
    lang = current_language()
    return [Problem("documents", item.id, _("Not recorded as received: {document}").format(document=item.text(lang)))
            for item in required_documents(decision) if item.id not in case.documents_received]


def _profile_problems(profile: Mapping[str, str] | None) -> list[Problem]:
    profile = profile or {}
    return [Problem("profile", key, _("The office's “{field}” is empty: it is printed on the certificate.").format(
        field=_(label))) for key, label in PRINTED_PROFILE_FIELDS.items() if not str(profile.get(key) or "").strip()]


def _payment_problems(case: CaseState, payment: Paid | None, on: date) -> list[Problem]:
    if payment is None:
        return [Problem("payment", "receipt", _("No receipt recorded: record the payment first."))]
    lang = current_language()
    problems = []
    if on < payment.paid_on:
        problems.append(Problem("payment", "date", _(
            "The certificate would be dated {on}, before the payment of {paid}: a certificate is never dated "
            "before its receipt.").format(on=format_date(on, lang), paid=format_date(payment.paid_on, lang))))
    if case.amount is not None and payment.amount != case.amount and not payment.override_reason.strip():
        problems.append(Problem("payment", "amount", _(
            "The receipt's {paid} differs from the {due} due and no reason is recorded.").format(
            paid=format_eur(payment.amount, lang), due=format_eur(case.amount, lang))))
    return problems
