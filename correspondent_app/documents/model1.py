"""Model 1: Βεβαίωση Ασφαλιστικής Ενημερότητας (1α, 002 §1α).

For an active OGA insured who settled every contribution due: at ΕΛΤΑ with
the notice, or at ATE with the older form of document 30824/15-4-2005.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import LayoutOverflow, build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import amount_text, bold, certificate_opening, page_for, receipt_text, replaces_text

MODEL = 1
TITLE = "ΒΕΒΑΙΩΣΗ ΑΣΦΑΛΙΣΤΙΚΗΣ ΕΝΗΜΕΡΟΤΗΤΑΣ"


def render(ctx: DocumentContext) -> bytes:
    marks = ctx.programme.copy_marks.value[: ctx.decision.copies]
    page = page_for(ctx, copy_marks=marks, verification=True)
    title = f"{TITLE} {ctx.protocol}"
    try:
        return build_pdf([_story(ctx, styles())], page, title=title, expected_pages=1)
    except LayoutOverflow:  # long but real data: a step down in type, as model 3 does
        return build_pdf([_story(ctx, styles(compact=True))], page, title=title, expected_pages=1)


def _story(ctx: DocumentContext, st) -> list:
    d = ctx.decision
    channel = "ΕΛΤΑ (ειδοποίηση – ταχυπληρωμή)" if ctx.payment and ctx.payment.kind == "elta" else \
        "ΑΤΕ, με το έντυπο του εγγράφου ΟΓΑ 30824/15-4-2005"
    rows = [("Ποσό", amount_text(ctx)), ("Τρόπος πληρωμής", channel), ("Απόδειξη πληρωμής", receipt_text(ctx))]
    if ctx.amount_reference:
        rows.append(("Ποσό σύμφωνα με", ctx.amount_reference))
    story = [
        *certificate_opening(ctx, st, TITLE, MODEL),
        Paragraph(
            f"είναι {bold('εν ενεργεία ασφαλισμένος/η του ΟΓΑ')}, εγγεγραμμένος/η στα Μητρώα Ασφαλισμένων του "
            f"Ανταποκριτή, και είναι {bold('ασφαλιστικά ενήμερος/η')}: εξόφλησε όλες τις οφειλόμενες εισφορές "
            "(Α΄ εξαμήνου 2005 και τυχόν ληξιπρόθεσμες ή, με ρύθμιση οφειλών, την τρέχουσα δόση και τις "
            "ληξιπρόθεσμες).", st.body),
        facts_table(rows, st),
        Spacer(1, st.space),
        Paragraph(
            f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}, σύμφωνα με το "
            f"{esc(ctx.provision_label)}.", st.body),
    ]
    if ctx.replaces:
        story.append(Paragraph(bold(replaces_text(ctx)), st.body))
    return story
