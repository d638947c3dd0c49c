"""The ATE payment form, model 2 (υπόδειγμα 2 ΑΤΕ ν. 3386/05), prepared before the bank.

For 1β, 1γ, 1δ and 2 (002 §1β–§2; its instructions are on the circular's
page 14, which the seed does not include). Category 1α never uses model 2:
for it the form says so plainly and names the older form of document 30824.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import amount_text, bold, comprises_text, page_for, years_genitive

TITLE = "ΕΝΤΥΠΟ ΚΑΤΑΒΟΛΗΣ ΣΤΗΝ ΑΤΕ"


def render(ctx: DocumentContext) -> bytes:
    st = styles()
    page = page_for(ctx, protocol=False)
    if ctx.decision.category == "1α":
        story = _not_for_1alpha(ctx, st)
    else:
        story = _form(ctx, st)
    return build_pdf([story], page, title=TITLE, expected_pages=1)


def _not_for_1alpha(ctx: DocumentContext, st) -> list:
    return [
        Paragraph("ΚΑΤΑΒΟΛΗ ΕΙΣΦΟΡΩΝ – ΚΑΤΗΓΟΡΙΑ 1α", st.title),
        Paragraph(esc(f"(εγκύκλιος ΟΓΑ 7/2005 – {ctx.provision_label})"), st.subtitle),
        Paragraph(
            f"<b>ΠΡΟΣΟΧΗ: για τους εν ενεργεία ασφαλισμένους (1α) ΔΕΝ χρησιμοποιείται το υπόδειγμα 2.</b> "
            f"{esc(ctx.decision.payment.text('el'))}", st.note),
        facts_table(ctx.person_rows()[:6], st),
        Spacer(1, 6),
        facts_table([("Ποσό (κατάσταση Διοίκησης ή ειδοποίηση ΕΛΤΑ)", amount_text(ctx))], st),
    ]


def _form(ctx: DocumentContext, st) -> list:
    d = ctx.decision
    kind = "εξαγορά χρόνου ασφάλισης" if d.years_kind == "insurance_time" else "καταβολή εισφορών"
    return [
        Paragraph(TITLE, st.title),
        Paragraph(esc(f"(υπόδειγμα 2 ΑΤΕ ν. 3386/05 – εγκύκλιος ΟΓΑ 7/2005 – {ctx.provision_label})"), st.subtitle),
        Paragraph("Προς: <b>Αγροτική Τράπεζα της Ελλάδος</b> – Κατάστημα ……………………………", st.body),
        Paragraph(f"Παρακαλούμε να εισπράξετε υπέρ του <b>ΟΓΑ</b> το παρακάτω ποσό για {esc(kind)} "
                  f"{bold(years_genitive(d.years))} (κατηγορία {bold(d.category)}) του/της:", st.body),
        facts_table(ctx.person_rows()[:6], st),
        Spacer(1, 6),
        facts_table([
            ("Ποσό", amount_text(ctx)),
            ("Περιλαμβάνει", comprises_text(ctx)),
            ("Διάταξη", ctx.provision_label),
            ("Ανταποκριτής ΟΓΑ", ctx.office.community),
            ("Κωδικός υπόθεσης", ctx.case_uuid[:8].upper() or "—"),
        ], st),
        Spacer(1, 8),
        Paragraph("Στοιχεία Γραμματίου Είσπραξης (συμπληρώνονται από την ΑΤΕ)", st.heading),
        facts_table([("Κατάστημα ΑΤΕ (4 ψηφία)", "□□□□"), ("Ημερομηνία πληρωμής (ΗΗΜΜΕΕ)", "□□□□□□"),
                     ("Αριθμός πράξης (6 ψηφία)", "□□□□□□")], st),
        Paragraph("Μετά την πληρωμή φέρτε το <b>Γραμμάτιο Είσπραξης της ΑΤΕ</b> στον Ανταποκριτή ΟΓΑ για να σας "
                  "χορηγηθεί η βεβαίωση καταβολής / εξαγοράς εισφορών.", st.note),
    ]
