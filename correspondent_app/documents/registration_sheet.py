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
    story = [
        Paragraph(TITLE, st.title),
        Paragraph(esc(f"(εγκύκλιος ΟΓΑ 7/2005, κεφ. 3 – κατηγορία {ctx.decision.category})"), st.subtitle),
        facts_table(ctx.person_rows(), st),
        Spacer(1, 6),
        facts_table([
            ("Βεβαίωση (αρ. πρωτ.)", f"υπόδειγμα {ctx.decision.certificate_model}, {ctx.protocol}"),
            ("Ημερομηνία έναρξης ασφάλισης", format_date(registration.start) if registration.start else "—"),
            ("Αιτιολογία", " ".join(registration.reasons)),
            ("Πεδίο 7 «ΜΕΤΑΒΟΛΕΣ – ΑΠΩΛΕΙΑ ΚΑΡΤΑΣ», θέση α", code),
            ("Διαβίβαση στον ΟΓΑ", verdict),
            ("Πηγή", ", ".join(registration.citations)),
        ], st),
        Spacer(1, 6),
        Paragraph("Επισυνάπτονται", st.heading),
        Paragraph("<br/>".join(f"• {esc(x)}" for x in (*registration.attach,
                  "βεβαίωση καταβολής / εξαγοράς εισφορών (αντίγραφο αρχείου) με τα συνημμένα της")), st.small),
        Paragraph("Βιβλιάριο υγείας", st.heading),
        Paragraph(esc(("" if booklet.eligible else "Δεν μπορεί ακόμη να εκδοθεί. ") + " ".join(booklet.reasons))
                  + f" ({esc(', '.join(booklet.citations))})", st.body),
    ]
    return build_pdf([story], page_for(ctx, protocol=True, signature=False), title=TITLE, expected_pages=1)
