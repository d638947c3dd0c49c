"""Model 3: Βεβαίωση καταβολής / εξαγοράς εισφορών (1β, 1γ, 1δ, 2), in triplicate (002 §1β).

One PDF, three pages with the same content and protocol number, marked
ΠΡΩΤΟΤΥΠΟ / ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ / ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ. The archive copy
lists its attachments: the ATE receipt, the Labour Directorate certificate
(par. 10 only) and the solemn declaration.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_copies_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import (
    amount_text, bold, certificate_opening, comprises_text, genitive_provision, page_for, receipt_text, years_text,
)

MODEL = 3
TITLE = "ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ"
ARCHIVE_COPY = 2  # index of ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ among the copy marks


def render(ctx: DocumentContext) -> bytes:
    marks = ctx.programme.copy_marks.value[: ctx.decision.copies]
    page = page_for(ctx, copy_marks=marks, verification=True)
    page.side_notes = {ARCHIVE_COPY: ("Συνημμένα (αντίγραφο αρχείου):", attachments(ctx))}
    return build_copies_pdf(_page(ctx), page, title=f"{TITLE} {ctx.protocol}", copies=len(marks))


def _years_row(ctx: DocumentContext) -> tuple[str, str]:
    d = ctx.decision
    if d.years_kind == "insurance_time":
        return "Αναγνωριζόμενος χρόνος ασφάλισης", f"{years_text(d.years)} (εξαγορά)"
    return "Καταβολή εισφορών για", years_text(d.years)


def _page(ctx: DocumentContext) -> list:
    st = styles()
    d = ctx.decision
    cat = ctx.programme.categories[d.category]
    story = [
        *certificate_opening(ctx, st, TITLE, MODEL),
        Paragraph(
            f"εμπίπτει στις διατάξεις του {bold(genitive_provision(ctx.provision_label))} και στην περίπτωση {bold(d.category)} της "
            f"εγκυκλίου ΟΓΑ 7/2005 ({esc(cat.situation('el'))}) και κατέβαλε στην Αγροτική Τράπεζα της Ελλάδος:",
            st.body),
        facts_table([
            ("Ποσό", amount_text(ctx)),
            ("Περιλαμβάνει", comprises_text(ctx)),
            _years_row(ctx),
            ("Γραμμάτιο Είσπραξης ΑΤΕ", receipt_text(ctx)),
        ], st),
        Spacer(1, 6),
        Paragraph(esc(d.effect("el")), st.body),
        Paragraph(
            f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}. "
            "Ο ενδιαφερόμενος κρατά το αντίγραφο μαζί με το Γραμμάτιο Είσπραξης της ΑΤΕ.", st.body),
    ]
    return story


def attachments(ctx: DocumentContext) -> list[str]:
    """What the archive copy keeps with it (002 §1β; par. 11 has no Labour Directorate paper)."""
    items = ["Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ"]
    if ctx.decision.provision == "par10":
        items.append("Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)")
    items.append("Υπεύθυνη Δήλωση του ν. 1599/86")
    return items
