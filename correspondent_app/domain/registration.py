"""Registration in OGA: the Δελτίο Απογραφής start date and when it may go (002 ch. 3).

Which rule a category follows, and its dates, are data in the programme file
(``registration = { rule = ..., ... }``); this module implements the rules by
name. A person's dossier certificate matters: only the complete-dossier
certificate (πλήρη δικαιολογητικά, on security paper) or the permit itself
counts; the incomplete-dossier certificate never does (002 ch. 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import current_language, _

#: Rule name -> the parameters the programme file must give for it.
RULES: dict[str, frozenset[str]] = {
    "already_registered": frozenset(),
    "continuation_papers": frozenset(),
    "pending_application": frozenset({"default_start"}),
    "fixed_date": frozenset({"start"}),
    "permit_start": frozenset({"min_days_last_year"}),
}

#: Rule name -> the documents (programme ids) recorded as received before the archive copy may go to OGA:
#: 1β's goes only together with the papers that continue the insurance (002 §1β).
NEEDS_RECEIVED: dict[str, tuple[str, ...]] = {"continuation_papers": ("continuation_papers",)}

RESIDENCE_DOCUMENTS = ("permit", "complete_dossier", "incomplete_dossier", "none")
#: Documents that prove legal residence for registration (002 ch. 3).
QUALIFYING_DOCUMENTS = frozenset({"permit", "complete_dossier"})
#: Situations of a pending (1γ) application (002 ch. 3 §1α, §1β).
PENDING_SITUATIONS = ("temporary_permit", "region_permit", "other")


@dataclass(frozen=True)
class Registration:
    """What the Δελτίο Απογραφής data sheet says for one person."""

    form: bool  # whether a Δελτίο Απογραφής applies to this case at all
    may_forward: bool
    start: date | None
    reasons: tuple[str, ...]
    attach: tuple[str, ...]
    citations: tuple[str, ...]
    optional: bool = False  # 1δ: registration is the person's choice
    #: False: the certificate has no archive copy to send (model 1 is printed once, 002 §1α)
    archive_copy: bool = True
    #: documents (programme ids) recorded as received before anything goes to OGA: 1β's archive copy goes
    #: only together with the papers that continue the insurance (002 §1β «Σε αντίθετη περίπτωση …»)
    needs_received: tuple[str, ...] = ()


def forward_contents(registration: Registration, received: Iterable[str] | None = None) -> tuple[str, ...]:
    """What is sent to OGA for a case, in the order the transmittal lists it.

    The Δελτίο Απογραφής when it may go now, the archive copy of the
    certificate with its attachments (002 ch. 3: "with the model 3
    certificate and its attachments"; 002 §1β for 1β), then what the
    registration asks to attach. In the current language: call it under
    Greek for the transmittal, a Greek document.

    ``received``: the document ids recorded as received for the case
    (``case.documents_received``). A 1β archive copy goes only with the
    continuation papers: until they are recorded nothing goes, and the copy
    stays in the correspondent's archive (002 §1β). ``None``: not known here;
    the transmittal queue checks it (``Transmittals.enqueue``). Model 1 (1α)
    has no archive copy: nothing is listed for it.
    """
    if received is not None and not set(registration.needs_received) <= set(received):
        return ()
    items = [_("Δελτίο Απογραφής")] if registration.form and registration.may_forward else []
    if registration.archive_copy:
        items.append(_("archive copy of the certificate with its attachments"))
    items += registration.attach
    return tuple(dict.fromkeys(items))


def insurance_start(
    category: str,
    *,
    residence_document: str,
    certified_copy: bool = False,
    permit_valid_from: date | None = None,
    pending_situation: str | None = None,
    declarations_from_year: int | None = None,
    newer_declarations: bool = False,
    days_last_year: int | None = None,
    works_in_agriculture: bool = True,
    programme=None,
) -> Registration:
    """Start of insurance and whether the form may be forwarded to OGA now.

    ``residence_document``: "permit", "complete_dossier",
    "incomplete_dossier" or "none". ``pending_situation`` (1γ only):
    "temporary_permit" (6-month permit, ch. 3 §1α), "region_permit" (later
    got a Region permit under par. 10, ch. 3 §1β) or "other" (left, changed
    job: stays in the archive). ``declarations_from_year`` (1γ): first year
    covered by employers' declarations; ``newer_declarations`` (1γ with a
    6-month permit): the person brought newer employers' declarations for
    the years after the form was filled, which ch. 3 §1α requires
    («απαραιτήτως») before the form goes. ``days_last_year`` (2): days worked
    in the last year before applying.
    """
    if residence_document not in RESIDENCE_DOCUMENTS:
        raise ValueError(_("Unknown residence document “{doc}”.").format(doc=residence_document))
    from correspondent_app.domain.programme import load_programme  # noqa: PLC0415 - programme imports us

    programme = programme or load_programme()
    if category not in programme.categories:
        raise ValueError(_("Unknown category “{category}”.").format(category=category))
    rule = programme.categories[category].registration
    handler = _HANDLERS[rule.rule]
    return handler(
        rule,
        residence_document=residence_document,
        certified_copy=certified_copy,
        permit_valid_from=permit_valid_from,
        pending_situation=pending_situation,
        declarations_from_year=declarations_from_year,
        newer_declarations=newer_declarations,
        days_last_year=days_last_year,
        works_in_agriculture=works_in_agriculture,
    )


def _already_registered(rule, **_facts) -> Registration:
    return Registration(
        form=False,
        may_forward=False,
        start=None,
        reasons=(_("Already registered with OGA: no Δελτίο Απογραφής is filled."),),
        attach=(),
        citations=(rule.cite,),
        archive_copy=False,  # model 1 is printed once (002 §1α)
    )


def _continuation_papers(rule, **_facts) -> Registration:
    return Registration(
        form=False,
        may_forward=False,
        start=None,
        reasons=(
            _(
                "Re-registration follows the papers that continue the insurance (employers' declarations, tax "
                "statements). When the person hands them in, send them to OGA with the archive copy of the "
                "certificate and its attachments; otherwise the copy stays in the archive."
            ),
        ),
        attach=(_("continuation papers"),),  # with the archive copy: see forward_contents
        citations=(rule.cite,),
        needs_received=NEEDS_RECEIVED["continuation_papers"],
    )


def _dossier_problem(residence_document: str) -> str | None:
    if residence_document == "incomplete_dossier":
        return _(
            "The certificate for an incomplete dossier is never accepted: the person needs the complete-dossier "
            "certificate (security paper) or the permit."
        )
    if residence_document not in QUALIFYING_DOCUMENTS:
        return _("The person needs the complete-dossier certificate (security paper) or the permit.")
    return None


def _pending_application(rule, *, residence_document, pending_situation, permit_valid_from,
                         declarations_from_year, newer_declarations, certified_copy, **_facts) -> Registration:
    if pending_situation is None:  # no silent default: it moves the start date (DOMAIN, Guards)
        raise ValueError(_("Choose the situation of the pending application: it decides the start of insurance."))
    if pending_situation not in PENDING_SITUATIONS:
        raise ValueError(_("Unknown situation “{s}” of a pending application.").format(s=pending_situation))
    if pending_situation == "other":
        return Registration(
            form=True, may_forward=False, start=None,
            reasons=(_("Application pending for other reasons (left, changed job): the form stays in the archive "
                       "until OGA gives new instructions."),),
            attach=(), citations=("002 ch. 3 §1",),
        )
    if pending_situation == "region_permit":
        return _pending_with_region_permit(permit_valid_from, certified_copy)
    return _pending_with_temporary_permit(rule, residence_document, declarations_from_year, newer_declarations,
                                          certified_copy)


def _pending_with_region_permit(permit_valid_from, certified_copy) -> Registration:
    if permit_valid_from is None:
        raise ValueError(_("Enter the date the Region's permit is valid from: it is the start of insurance."))
    reasons = [_("Insurance starts when the Region's permit (extended under par. 10) becomes valid.")]
    if not certified_copy:
        reasons.append(_("Collect certified copies of the first permit and of its renewals before forwarding."))
    return Registration(
        form=True, may_forward=certified_copy, start=permit_valid_from, reasons=tuple(reasons),
        attach=(_("certified copies of the first permit and its renewals"),),
        citations=("002 ch. 3 §1β",),
    )


def _pending_with_temporary_permit(rule, residence_document, declarations_from_year, newer_declarations,
                                   certified_copy) -> Registration:
    if declarations_from_year is None:
        raise ValueError(_("Enter the first year covered by employers' declarations: it decides the start date."))
    if declarations_from_year > date.today().year:
        raise ValueError(_("The first year covered by employers' declarations ({year}) is after this year.").format(
            year=declarations_from_year))
    default_start: date = rule.params["default_start"]
    if declarations_from_year <= default_start.year:
        start = default_start
        reasons = [_("Employers' declarations cover {year} onwards: insurance starts on {date}.").format(
            year=default_start.year, date=format_date(default_start, current_language()))]
    else:
        start = date(declarations_from_year, 1, 1)
        reasons = [_("Employers' declarations start in {year}: insurance starts on 1 January of that year.").format(
            year=declarations_from_year)]
    problem = _dossier_problem(residence_document)
    if problem:
        reasons.append(problem)
    elif not certified_copy:
        reasons.append(_("Collect a certified copy of the complete-dossier certificate or of the permit."))
    if not newer_declarations:
        reasons.append(_("Collect newer employers' declarations for the years after the form was filled: the form "
                         "cannot go without them."))
    return Registration(
        form=True, may_forward=problem is None and certified_copy and newer_declarations, start=start,
        reasons=tuple(reasons),
        attach=(
            _("certified copy of the complete-dossier certificate or of the permit"),
            _("newer employers' declarations for the years after the form was filled"),
        ),
        citations=(rule.cite,),
    )


def _fixed_date(rule, *, residence_document, certified_copy, **_facts) -> Registration:
    start: date = rule.params["start"]
    reasons = [_("Insurance starts on {date}; registering is the person's choice.").format(date=format_date(start, current_language()))]
    problem = _dossier_problem(residence_document)
    if problem:
        reasons.append(problem)
    elif not certified_copy:
        reasons.append(_("The copy of the certificate or permit must be certified."))
    return Registration(
        form=True, may_forward=problem is None and certified_copy, start=start, reasons=tuple(reasons),
        attach=(_("certified copy of the complete-dossier certificate or of the permit"),),
        citations=(rule.cite,), optional=True,
    )


def _permit_start(rule, *, residence_document, permit_valid_from, days_last_year, works_in_agriculture,
                  **_facts) -> Registration:
    if not works_in_agriculture:
        return Registration(
            form=False, may_forward=False, start=None,
            reasons=(_("The Δελτίο Απογραφής concerns only people working in agriculture: a special-reason "
                       "buyer gets the certificate but no registration."),),
            attach=(), citations=(rule.cite,),
        )
    if days_last_year is not None and not 0 <= days_last_year <= 366:
        raise ValueError(_("Work days in a year are a whole number from 0 to 366; “{v}” is not.").format(v=days_last_year))
    minimum = rule.params["min_days_last_year"]
    reasons = []
    if residence_document != "permit":
        reasons.append(_("Wait for the Region's permit: insurance starts when it becomes valid."))
    elif permit_valid_from is None:  # the permit is here: what is missing is its start date, not the permit
        reasons.append(_("Enter the date the Region's permit is valid from: it is the start of insurance."))
    if days_last_year is None or days_last_year < minimum:
        reasons.append(_("Registration needs at least {n} days of work in the last year before applying.").format(n=minimum))
    may_forward = not reasons
    if may_forward:
        reasons.append(_("Insurance starts when the Region's permit becomes valid."))
    return Registration(
        form=True, may_forward=may_forward, start=permit_valid_from if residence_document == "permit" else None,
        reasons=tuple(reasons), attach=(_("copy of the Region's permit"),), citations=(rule.cite,),
    )


_HANDLERS = {
    "already_registered": _already_registered,
    "continuation_papers": _continuation_papers,
    "pending_application": _pending_application,
    "fixed_date": _fixed_date,
    "permit_start": _permit_start,
}
