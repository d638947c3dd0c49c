"""Data sheet for the Δελτίο Απογραφής (002 ch. 3) and the health booklet (002 ch. 4).

What the correspondent copies onto OGA's registration form: the start of
insurance and why, the ATE receipt code for section 7 «ΜΕΤΑΒΟΛΕΣ – ΑΠΩΛΕΙΑ
ΚΑΡΤΑΣ» position α, what to attach, and whether the form may go to OGA now.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import page_for
from correspondent_app.domain.citations import cite_labels
from correspondent_app.domain.formatting import format_date
from correspondent_app.domain.health import booklet_eligibility
from correspondent_app.domain.registration import insurance_start
from correspondent_app.i18n import language

TITLE = "ΣΤΟΙΧΕΙΑ ΔΕΛΤΙΟΥ ΑΠΟΓΡΑΦΗΣ"


def registration_for(ctx: DocumentContext, **facts):
    """The Δελτίο Απογραφής outcome from what the person brought (see ``domain.registration``)."""
    p = ctx.person
    facts.setdefault("permit_valid_from", p.residence_valid_from)
    return insurance_start(ctx.decision.category, residence_document=p.residence_doc,
                           works_in_agriculture=ctx.decision.facts.get("works_in_agriculture", True), **facts)


def render(ctx: DocumentContext, **registration_facts) -> bytes:
    """``registration_facts``: the keyword arguments of ``insurance_start`` besides the person's own."""
    with language("el"):  # the reasons are printed on an official (Greek) document
        registration = registration_for(ctx, **registration_facts)
        booklet = booklet_eligibility(ctx.decision.category, has_certificate=ctx.protocol_no is not None,
                                      residence_document=ctx.person.residence_doc)
    st = styles()
    pay = ctx.payment
    code = pay.receipt_code if pay and pay.receipt_code else "……/……/……"
    if not registration.form:
        verdict = "Δεν συμπληρώνεται Δελτίο Απογραφής"
    elif registration.may_forward:
        verdict = "ΝΑΙ – μπορεί να διαβιβαστεί τώρα στον ΟΓΑ" + (" (με επιλογή του ενδιαφερομένου)" if registration.optional else "")
    else:
        verdict = "ΟΧΙ ΑΚΟΜΗ – παραμένει στο αρχείο"
    rows = [
        ("Βεβαίωση", certificate_text(ctx)),
        ("Ημερομηνία έναρξης ασφάλισης", format_date(registration.start) if registration.start else "—"),
        ("Αιτιολογία", " ".join(registration.reasons)),
    ]
    if registration.form:  # section 7α is a field of the form: no form, nothing to copy there
        rows.append(("Πεδίο 7 «ΜΕΤΑΒΟΛΕΣ – ΑΠΩΛΕΙΑ ΚΑΡΤΑΣ», θέση α", code))
    rows += [("Διαβίβαση στον ΟΓΑ", verdict), ("Πηγή", "· ".join(cite_labels(registration.citations, "el")))]
    story = [
        Paragraph(TITLE, st.title),
        Paragraph(esc(f"(εγκύκλιος ΟΓΑ 7/2005, κεφ. 3 – κατηγορία {ctx.decision.category})"), st.subtitle),
        facts_table(ctx.person_rows(), st),
        Spacer(1, 6),
        facts_table(rows, st),
        Spacer(1, 6),
        *_enclosures(registration, st),
        Paragraph("Βιβλιάριο υγείας", st.heading),
        Paragraph(esc(("" if booklet.eligible else "Δεν μπορεί ακόμη να εκδοθεί. ") + " ".join(booklet.reasons))
                  + f" ({esc('· '.join(cite_labels(booklet.citations, 'el')))})", st.body),
    ]
    # The protocol number is the certificate's, not the sheet's: it is printed as such in the table, and
    # the header carries the day the sheet is prepared.
    return build_pdf([story], page_for(ctx, protocol=False, signature=False, prepared=True), title=TITLE,
                     expected_pages=1)


def certificate_text(ctx: DocumentContext) -> str:
    model = f"υπόδειγμα {ctx.decision.certificate_model}"
    if ctx.protocol_no is None:
        return f"{model} – δεν έχει εκδοθεί ακόμη"
    return f"{model}, αρ. πρωτ. {ctx.protocol} της {ctx.date_text}"


def _enclosures(registration, st) -> list:
    """What goes with the form; without a form, only what is still sent to OGA (1β's papers), or nothing."""
    if registration.form:
        heading = "Επισυνάπτονται"
        items = (*registration.attach, "βεβαίωση καταβολής / εξαγοράς εισφορών (αντίγραφο αρχείου) με τα συνημμένα της")
    elif registration.attach:
        # 1β: the archive copy goes to OGA only with the continuation papers; otherwise it stays (002 §1β).
        heading = "Διαβιβάζονται στον ΟΓΑ μόλις προσκομιστούν τα δικαιολογητικά συνέχισης"
        items = (*registration.attach, "βεβαίωση καταβολής / εξαγοράς εισφορών (αντίγραφο αρχείου) με τα συνημμένα της")
    else:
        return []
    return [Paragraph(heading, st.heading), Paragraph("<br/>".join(f"• {esc(x)}" for x in items), st.small)]
