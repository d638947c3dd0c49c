"""The ATE payment form, model 2 (υπόδειγμα 2 ΑΤΕ ν. 3386/05), prepared before the bank.

For 1β, 1γ, 1δ and 2 (002 §1β–§2; its instructions are on the circular's
page 14, which the seed does not include). Category 1α never uses model 2:
for it the form says so plainly and names the older form of document 30824.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import LayoutOverflow, build_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import amount_text, bold, comprises_text, page_for, years_genitive

TITLE = "ΕΝΤΥΠΟ ΚΑΤΑΒΟΛΗΣ ΣΤΗΝ ΑΤΕ"


def render(ctx: DocumentContext) -> bytes:
    page = page_for(ctx, protocol=False, prepared=True)  # dated the day it is handed over, before payment
    layout = _not_for_1alpha if ctx.decision.category == "1α" else _form
    try:
        return build_pdf([layout(ctx, styles())], page, title=TITLE, expected_pages=1)
    except LayoutOverflow:  # long names and the par. 11 warning: a step down in type, still one page
        return build_pdf([layout(ctx, styles(compact=True))], page, title=TITLE, expected_pages=1)


def _not_for_1alpha(ctx: DocumentContext, st) -> list:
    return [
        Paragraph("ΚΑΤΑΒΟΛΗ ΕΙΣΦΟΡΩΝ – ΚΑΤΗΓΟΡΙΑ 1α", st.title),
        Paragraph(esc(f"(εγκύκλιος ΟΓΑ 7/2005 – {ctx.provision_label})"), st.subtitle),
        Paragraph(
            f"<b>ΠΡΟΣΟΧΗ: για τους εν ενεργεία ασφαλισμένους (1α) ΔΕΝ χρησιμοποιείται το υπόδειγμα 2.</b> "
            f"{esc(ctx.decision.payment.text('el'))}", st.note),
        facts_table(ctx.person_rows(residence=False), st),  # with the OGA registry number of the insured
        Spacer(1, st.space),
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
        facts_table(ctx.person_rows(residence=False), st),
        Spacer(1, st.space),
        facts_table([
            ("Ποσό", amount_text(ctx)),
            ("Περιλαμβάνει", comprises_text(ctx)),
            ("Διάταξη", ctx.provision_label),
            ("Ανταποκριτής ΟΓΑ", ctx.office.community),
            ("Κωδικός υπόθεσης", ctx.case_uuid[:8].upper() or "—"),
        ], st),
        Spacer(1, st.space),
        Paragraph("Στοιχεία Γραμματίου Είσπραξης (συμπληρώνονται από την ΑΤΕ)", st.heading),
        # One line, as the code is copied onto the certificate: NNNN/DDMMYY/NNNNNN (002 ch. 3 §1α).
        facts_table([("Κατάστημα / ΗΗΜΜΕΕ / πράξη", "□□□□ / □□□□□□ / □□□□□□")], st),
        *_warnings(ctx, st),
        Paragraph("Μετά την πληρωμή φέρτε το <b>Γραμμάτιο Είσπραξης της ΑΤΕ</b> στον Ανταποκριτή ΟΓΑ για να σας "
                  "χορηγηθεί η βεβαίωση καταβολής / εξαγοράς εισφορών.", st.note),
    ]


def _warnings(ctx: DocumentContext, st) -> list:
    """Par. 11: pay only if residence until 31-12-2004 can be proved (002 §2 ΠΡΟΣΟΧΗ). This is the paper
    the applicant takes to the bank, so the warning is on it, before the money is paid."""
    texts = [w.text("el") for w in ctx.decision.warnings if w.id == "par11_residence_proof"]
    return [Paragraph(f"<b>ΠΡΟΣΟΧΗ, πριν πληρώσετε:</b> {esc(' '.join(texts))}", st.note)] if texts else []
