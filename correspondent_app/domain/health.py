"""Health booklets (002 ch. 4): issued or stamped, valid until 31-5-2006.

1α needs the insurance-standing certificate (model 1), the others the
payment/purchase certificate (model 3); all need a permit or the
complete-dossier certificate. The incomplete-dossier certificate never
qualifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from correspondent_app.domain.formatting import format_date
from correspondent_app.i18n import current_language, _

CITATION = "002 ch. 4"
BOOKLET_VALID_UNTIL = date(2006, 5, 31)
RESIDENCE_DOCUMENTS = ("permit", "complete_dossier", "incomplete_dossier", "none")
QUALIFYING_DOCUMENTS = frozenset({"permit", "complete_dossier"})


@dataclass(frozen=True)
class BookletEligibility:
    eligible: bool
    valid_until: date | None
    reasons: tuple[str, ...]
    citations: tuple[str, ...]


def booklet_eligibility(category: str, *, has_certificate: bool, residence_document: str,
                        programme=None) -> BookletEligibility:
    """May a health booklet be issued (or stamped) for this person now?

    The certificate it needs is the category's own (model 1 for 1α, model 3
    for the others), as the programme file states it.
    """
    from correspondent_app.domain.programme import load_programme  # noqa: PLC0415 - keeps start-up light

    categories = (programme or load_programme()).categories
    if category not in categories:
        raise ValueError(_("Unknown category “{category}”.").format(category=category))
    if residence_document not in RESIDENCE_DOCUMENTS:
        raise ValueError(_("Unknown residence document “{doc}”.").format(doc=residence_document))
    model = categories[category].certificate.model
    reasons = []
    if not has_certificate:
        reasons.append(_("The certificate (model {model}) has not been issued yet.").format(model=model))
    if residence_document == "incomplete_dossier":
        reasons.append(_("The incomplete-dossier certificate never qualifies: a permit or the complete-dossier "
                         "certificate is needed."))
    elif residence_document not in QUALIFYING_DOCUMENTS:
        reasons.append(_("A permit or the complete-dossier certificate is needed."))
    if reasons:
        return BookletEligibility(False, None, tuple(reasons), (CITATION,))
    return BookletEligibility(
        True, BOOKLET_VALID_UNTIL,
        (_("Certificate model {model} and a valid residence document: the booklet may be issued or stamped "
           "until {date}.").format(model=model, date=format_date(BOOKLET_VALID_UNTIL, current_language())),),
        (CITATION,))
