"""Model 3: Βεβαίωση καταβολής / εξαγοράς εισφορών (1β, 1γ, 1δ, 2), in triplicate (002 §1β).

One PDF, three pages with the same content and protocol number, marked
ΠΡΩΤΟΤΥΠΟ / ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ / ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ. The archive copy
lists its attachments: the ATE receipt, the Labour Directorate certificate
(par. 10 only) and the solemn declaration.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import STEPS, LayoutOverflow, build_copies_pdf, esc, facts_table, styles
from correspondent_app.documents.parts import (
    bold, certificate_opening, comprises_text, embedded, genitive_provision, page_for, paid_rows, receipt_text,
    replaces_text, years_text,
)

MODEL = 3
TITLE = "ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ"
ARCHIVE_COPY = 2  # index of ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ among the copy marks


def render(ctx: DocumentContext) -> bytes:
    marks = ctx.programme.copy_marks.value[: ctx.decision.copies]
    page = page_for(ctx, copy_marks=marks, verification=True)
    page.side_notes = {ARCHIVE_COPY: ("Συνημμένα (αντίγραφο αρχείου):", attachments(ctx))}
    title = f"{TITLE} {ctx.protocol}"
    for step in STEPS[:-1]:
        try:
            return build_copies_pdf(_page(ctx, styles(step)), page, title=title, copies=len(marks))
        except LayoutOverflow:
            # Long but real data (two-line names, a residence document with its dates, a reissue, an amount
            # paid other than the one due): a step down in type rather than a certificate that cannot be issued.
            continue
    return build_copies_pdf(_page(ctx, styles(STEPS[-1])), page, title=title, copies=len(marks))


def situation(ctx: DocumentContext) -> str:
    """The situation of the category, narrowed to the ground the decision rests on (category 2: of its two
    grounds, 002 §2, the one the person stated)."""
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
        Paragraph(_statement(ctx), st.body),
        facts_table([
            *paid_rows(ctx),
            ("Περιλαμβάνει", comprises_text(ctx)),
            _years_row(ctx),
            ("Γραμμάτιο Είσπραξης ΑΤΕ", receipt_text(ctx)),
        ], st),
        Spacer(1, st.space),
        # Par. 11: what the certificate does not certify, with what it does (one paragraph: the page is full).
        Paragraph(esc(d.effect("el") + (f" {PAR11_NOT_VERIFIED}" if d.provision == "par11" else "")), st.body),
    ]
    story.append(Paragraph(
        f"Η βεβαίωση χορηγείται {esc(ctx.programme.provisions[d.provision].purpose('el'))}. "
        "Ο ενδιαφερόμενος κρατά το αντίγραφο μαζί με το Γραμμάτιο Είσπραξης της ΑΤΕ.", st.body))
    if ctx.replaces:
        story.append(Paragraph(bold(replaces_text(ctx)), st.body))
    return story


#: 002 §2 ΠΡΟΣΟΧΗ: correspondents «σε καμία περίπτωση δεν θα έχουν την ευθύνη για την εξακρίβωση της
#: υπαγωγής … στις διατάξεις της παρ. 11, η οποία βαρύνει τους ίδιους».
PAR11_NOT_VERIFIED = ("Την υπαγωγή στις διατάξεις της παρ. 11 δεν την εξακριβώνει ο Ανταποκριτής ΟΓΑ· βαρύνει "
                      "τον/την ενδιαφερόμενο/η (εγκύκλιος ΟΓΑ 7/2005, περίπτωση 2).")


def _statement(ctx: DocumentContext) -> str:
    """What follows «… βεβαιώνει ότι ο/η υπήκοος τρίτης χώρας: [person]».

    Par. 10 is proven by the Labour Directorate's certificate. Par. 11 is the person's own declaration
    (ν. 1599/86, 002 §2 (α)–(γ)), which correspondents never verify (002 §2 ΠΡΟΣΟΧΗ): the certificate
    says that the person declared it, and that they paid; it does not certify that par. 11 applies.
    """
    d = ctx.decision
    provision = bold(genitive_provision(ctx.provision_label))
    case = f"περίπτωση {bold(d.category)} της εγκυκλίου ΟΓΑ 7/2005"
    if d.provision == "par11":
        return (f"δήλωσε με Υπεύθυνη Δήλωση του ν. 1599/86 ότι εμπίπτει στις διατάξεις του {provision} και όχι σε "
                f"εκείνες της παρ. 10 και ότι {esc(embedded(situation(ctx)))} ({case}), και κατέβαλε στην "
                "Αγροτική Τράπεζα της Ελλάδος:")
    return (f"εμπίπτει στις διατάξεις του {provision} και στην {case} ({esc(embedded(situation(ctx)))}) και "
            "κατέβαλε στην Αγροτική Τράπεζα της Ελλάδος:")


def attachments(ctx: DocumentContext) -> list[str]:
    """What the archive copy keeps with it (002 §1β; par. 11 has no Labour Directorate paper)."""
    return attachments_for(ctx.decision)


def attachments_for(decision) -> list[str]:
    items = ["Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ"]
    if decision.provision == "par10":
        items.append("Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)")
        items.append("Υπεύθυνη Δήλωση του ν. 1599/86")
    else:  # what the person declared, not a fact the correspondent certified (002 §2 (α)–(γ))
        items.append("Υπεύθυνη Δήλωση του ν. 1599/86 (υπαγωγή στην παρ. 11)")
    return items
