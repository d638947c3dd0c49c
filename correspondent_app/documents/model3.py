"""Model 3: Βεβαίωση καταβολής / εξαγοράς εισφορών (1β, 1γ, 1δ, 2), in triplicate (002 §1β).

One PDF, three pages with the same content and protocol number, marked
ΠΡΩΤΟΤΥΠΟ / ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ / ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ. The archive copy
lists its attachments: the ATE receipt, the Labour Directorate certificate
(par. 10 only) and the solemn declaration.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import LayoutOverflow, build_copies_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import (
    amount_text, bold, certificate_opening, comprises_text, genitive_provision, page_for, receipt_text, replaces_text,
    years_text,
)

MODEL = 3
TITLE = "ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ"
ARCHIVE_COPY = 2  # index of ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ among the copy marks


#: Category 2 has two grounds (002 §2); the certificate says which one the person stated.
def render(ctx: DocumentContext) -> bytes:
    marks = ctx.programme.copy_marks.value[: ctx.decision.copies]
    page = page_for(ctx, copy_marks=marks, verification=True)
    page.side_notes = {ARCHIVE_COPY: ("Συνημμένα (αντίγραφο αρχείου):", attachments(ctx))}
    title = f"{TITLE} {ctx.protocol}"
    try:
        return build_copies_pdf(_page(ctx, styles()), page, title=title, copies=len(marks))
    except LayoutOverflow:
        # Long but real data (two-line names, a residence document with its dates, a reissue):
        # a step down in type rather than a certificate that cannot be issued.
        return build_copies_pdf(_page(ctx, styles(compact=True)), page, title=title, copies=len(marks))


def situation(ctx: DocumentContext) -> str:
    """The situation of the category, narrowed to the ground the decision rests on (category 2)."""
    d = ctx.decision
    category = ctx.programme.categories[d.category]
    ground = category.bases.get(d.basis or "")
    return ground.text("el") if ground else category.situation("el")


def _years_row(ctx: DocumentContext) -> tuple[str, str]:
    d = ctx.decision
    if d.years_kind == "insurance_time":
        return "Αναγνωριζόμενος χρόνος ασφάλισης", f"{years_text(d.years)} (εξαγορά)"
    return "Καταβολή εισφορών για", years_text(d.years)


def _page(ctx: DocumentContext, st) -> list:
    d = ctx.decision
    story = [
        *certificate_opening(ctx, st, TITLE, MODEL),
        Paragraph(
            f"εμπίπτει στις διατάξεις του {bold(genitive_provision(ctx.provision_label))} και στην περίπτωση "
            f"{bold(d.category)} της εγκυκλίου ΟΓΑ 7/2005 ({esc(situation(ctx))}) και κατέβαλε στην Αγροτική "
            "Τράπεζα της Ελλάδος:",
            st.body),
        facts_table([
            ("Ποσό", amount_text(ctx)),
            ("Περιλαμβάνει", comprises_text(ctx)),
            _years_row(ctx),
            ("Γραμμάτιο Είσπραξης ΑΤΕ", receipt_text(ctx)),
        ], st),
        Spacer(1, st.space),
        Paragraph(esc(d.effect("el")), st.body),
        Paragraph(
            f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}. "
            "Ο ενδιαφερόμενος κρατά το αντίγραφο μαζί με το Γραμμάτιο Είσπραξης της ΑΤΕ.", st.body),
    ]
    if ctx.replaces:
        story.append(Paragraph(bold(replaces_text(ctx)), st.body))
    return story


def attachments(ctx: DocumentContext) -> list[str]:
    """What the archive copy keeps with it (002 §1β; par. 11 has no Labour Directorate paper)."""
    return attachments_for(ctx.decision)


def attachments_for(decision) -> list[str]:
    items = ["Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ"]
    if decision.provision == "par10":
        items.append("Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)")
    items.append("Υπεύθυνη Δήλωση του ν. 1599/86")
    return items
