"""Model 1: Βεβαίωση Ασφαλιστικής Ενημερότητας (1α, 002 §1α).

For an active OGA insured who settled every contribution due: at ΕΛΤΑ with
the notice, or at ATE with the older form of document 30824/15-4-2005.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import certificate_opening, amount_text, bold, page_for, receipt_text

MODEL = 1
TITLE = "ΒΕΒΑΙΩΣΗ ΑΣΦΑΛΙΣΤΙΚΗΣ ΕΝΗΜΕΡΟΤΗΤΑΣ"


def render(ctx: DocumentContext) -> bytes:
    st = styles()
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
        Spacer(1, 6),
        Paragraph(
            f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}, σύμφωνα με το "
            f"{esc(ctx.provision_label)}.", st.body),
    ]
    marks = ctx.programme.copy_marks.value[: d.copies]
    return build_pdf([story], page_for(ctx, copy_marks=marks, verification=True), title=f"{TITLE} {ctx.protocol}",
                     expected_pages=1)
