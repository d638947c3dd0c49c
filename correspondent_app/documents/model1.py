"""Model 1: Βεβαίωση Ασφαλιστικής Ενημερότητας (1α, 002 §1α).

For an active OGA insured who settled every contribution due: at ΕΛΤΑ with
the notice, or at ATE with the older form of document 30824/15-4-2005.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import STEPS, LayoutOverflow, build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import bold, certificate_opening, page_for, paid_rows, receipt_text, replaces_text

MODEL = 1
TITLE = "ΒΕΒΑΙΩΣΗ ΑΣΦΑΛΙΣΤΙΚΗΣ ΕΝΗΜΕΡΟΤΗΤΑΣ"
#: What the insured paid, in the circular's words (002 §1α): under a debt settlement the first half of
#: 2005 is paid too, with the current instalment and any overdue sums.
SETTLED = ("εξόφλησε το σύνολο των εισφορών του, δηλαδή την εισφορά του Α΄ εξαμήνου 2005 και τις τυχόν "
           "ληξιπρόθεσμες ή, αν έχει ρυθμίσει τις οφειλές του, την εισφορά του Α΄ εξαμήνου 2005, την τρέχουσα "
           "δόση του και τυχόν ληξιπρόθεσμες.")


def render(ctx: DocumentContext) -> bytes:
    marks = ctx.programme.copy_marks.value[: ctx.decision.copies]
    page = page_for(ctx, copy_marks=marks, verification=True)
    title = f"{TITLE} {ctx.protocol}"
    for step in STEPS[:-1]:
        try:
            return build_pdf([_story(ctx, styles(step))], page, title=title, expected_pages=1)
        except LayoutOverflow:  # long but real data: a step down in type, as model 3 does
            continue
    return build_pdf([_story(ctx, styles(STEPS[-1]))], page, title=title, expected_pages=1)


def _story(ctx: DocumentContext, st) -> list:
    d = ctx.decision
    channel = "ΕΛΤΑ (ειδοποίηση – ταχυπληρωμή)" if ctx.payment and ctx.payment.kind == "elta" else \
        "ΑΤΕ, με το έντυπο του εγγράφου ΟΓΑ 30824/15-4-2005"
    # The person's own amount due comes from HQ's list or the ΕΛΤΑ notice: when the receipt says another
    # amount, the reference goes with the amount due, not with the amount paid.
    rows = [*paid_rows(ctx, due_reference=ctx.amount_reference), ("Τρόπος πληρωμής", channel),
            ("Απόδειξη πληρωμής", receipt_text(ctx))]
    if ctx.amount_reference and not ctx.amount_differs:
        rows.append(("Ποσό σύμφωνα με", ctx.amount_reference))
    story = [
        *certificate_opening(ctx, st, TITLE, MODEL),
        Paragraph(
            f"είναι {bold('εν ενεργεία ασφαλισμένος/η του ΟΓΑ')}, εγγεγραμμένος/η στα Μητρώα Ασφαλισμένων του "
            f"Ανταποκριτή, και είναι {bold('ασφαλιστικά ενήμερος/η')}: {esc(SETTLED)}", st.body),
        facts_table(rows, st),
        Spacer(1, st.space),
        Paragraph(
            f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}, σύμφωνα με το "
            f"{esc(ctx.provision_label)}.", st.body),
    ]
    if ctx.replaces:
        story.append(Paragraph(bold(replaces_text(ctx)), st.body))
    return story
