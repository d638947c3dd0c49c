"""A plain-language note for the applicant, in Greek and English (one page each).

What they paid, what they got, what to do next — or, for a case that is not
OGA's, why and where to go. Not an official document: no protocol number.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_pdf, esc, styles
from correspondent_app.documents.parts import page_for, years_text
from correspondent_app.domain.formatting import format_date, format_eur

LANGUAGES = ("el", "en")

TEXT = {
    "el": {
        "title": "ΣΗΜΕΙΩΜΑ ΓΙΑ ΤΟΝ ΕΝΔΙΑΦΕΡΟΜΕΝΟ",
        "for": "Για: {name}",
        "case": "Η περίπτωσή σας: κατηγορία {cat} – {provision}.",
        "paid": "Πληρώσατε {amount} στην ΑΤΕ (γραμμάτιο {code}).",
        "due": "Πρέπει να πληρώσετε {amount} στην ΑΤΕ με το έντυπο που σας δώσαμε.",
        "years_contributions": "Το ποσό καλύπτει εισφορές για {years}.",
        "got": "Πήρατε τη βεβαίωση με αρ. πρωτ. {protocol}: το πρωτότυπο και ένα αντίγραφο.",
        "next": "Τι κάνετε τώρα",
        "next_par10": "Πηγαίνετε το πρωτότυπο στη Διεύθυνση Εργασίας της Νομαρχίας (αίτηση έως 31-10-2005).",
        "next_par11": "Καταθέστε το πρωτότυπο στον Δήμο με την αίτηση άδειας διαμονής (1-10-2005 έως 31-12-2005).",
        "keep": "Φυλάξτε το αντίγραφο μαζί με το γραμμάτιο της ΑΤΕ.",
        "continue": "Φέρτε σύντομα στον Ανταποκριτή τα δικαιολογητικά για να συνεχιστεί η ασφάλισή σας "
                    "(υπεύθυνες δηλώσεις εργοδοτών, εκκαθαριστικά).",
        "booklet": "Με τη βεβαίωση και άδεια διαμονής (ή βεβαίωση πλήρων δικαιολογητικών) μπορείτε να πάρετε "
                   "βιβλιάριο υγείας με ισχύ έως 31-5-2006.",
        "warning": "Προσοχή",
        "not_oga": "Η περίπτωσή σας δεν ανήκει στον ΟΓΑ",
        "other_insurer": "Πληρώστε στον τελευταίο ασφαλιστικό σας φορέα",
        "ask_oga": "Ο Ανταποκριτής θα ζητήσει οδηγίες και το ποσό από τον ΟΓΑ",
    },
    "en": {
        "title": "NOTE FOR THE APPLICANT",
        "for": "For: {name}",
        "case": "Your case: category {cat} – {provision}.",
        "paid": "You paid {amount} at ATE (receipt {code}).",
        "due": "You must pay {amount} at ATE (Agricultural Bank) with the form we gave you.",
        "years_contributions": "The amount pays contributions for {years}.",
        "got": "You received the certificate with protocol number {protocol}: the original and one copy.",
        "next": "What to do now",
        "next_par10": "Take the original to the Labour Directorate of the Prefecture (application by 31-10-2005).",
        "next_par11": "File the original with the municipality together with your permit application "
                      "(1-10-2005 to 31-12-2005).",
        "keep": "Keep the copy together with the ATE receipt.",
        "continue": "Bring the correspondent soon the papers that continue your insurance "
                    "(employers' declarations, tax statements).",
        "booklet": "With the certificate and a permit (or the complete-dossier certificate) you can get a health "
                   "booklet valid until 31-5-2006.",
        "warning": "Warning",
        "not_oga": "Your case is not OGA's",
        "other_insurer": "Pay your last insurer",
        "ask_oga": "The correspondent will ask OGA for instructions and the amount",
    },
}
_YEARS_EN = {1: "1 year", 2: "2 years"}


def render(ctx: DocumentContext) -> bytes:
    pages = [_page(ctx, lang) for lang in LANGUAGES]
    return build_pdf(pages, page_for(ctx, protocol=False, signature=False), title="Σημείωμα / Note",
                     expected_pages=len(LANGUAGES))


def _page(ctx: DocumentContext, lang: str) -> list:
    st = styles()
    t = TEXT[lang]
    d = ctx.decision
    name = ctx.person.display_name
    story = [Paragraph(t["title"], st.title), Spacer(1, 6), Paragraph(esc(t["for"].format(name=name)), st.body)]
    if d.outcome != "certificate":
        story += [Paragraph(esc(t[d.outcome]), st.heading), Paragraph(esc(d.reason(lang)), st.body),
                  Paragraph(esc(f"({', '.join(d.citations)})"), st.small)]
        return story
    provision = ctx.programme.provisions[d.provision].label(lang)
    lines = [t["case"].format(cat=d.category, provision=provision)]
    if ctx.payment is not None:
        code = ctx.payment.receipt_code or ctx.payment.elta_reference
        lines.append(t["paid"].format(amount=format_eur(ctx.payment.amount, lang), code=code))
    elif ctx.amount is not None:
        lines.append(t["due"].format(amount=format_eur(ctx.amount, lang)))
    if d.years and d.years_kind == "contributions":
        years = years_text(d.years) if lang == "el" else _YEARS_EN.get(d.years, f"{d.years} years")
        lines.append(t["years_contributions"].format(years=years))
    lines.append(d.effect(lang))  # for a purchase it says the insurance time recognised
    if ctx.protocol_no is not None:
        lines.append(t["got"].format(protocol=ctx.protocol))
    story += [Paragraph(esc(line), st.body) for line in lines]
    steps = [t["next_par10"] if d.provision == "par10" else t["next_par11"], t["keep"]]
    if d.category == "1β":
        steps.append(t["continue"])
    steps.append(t["booklet"])
    story += [Paragraph(t["next"], st.heading),
              Paragraph("<br/>".join(f"{i}. {esc(s)}" for i, s in enumerate(steps, 1)), st.body)]
    for warning in d.warnings:
        if warning.id.startswith("par1"):
            story += [Paragraph(t["warning"], st.heading), Paragraph(esc(warning.text(lang)), st.note)]
    if ctx.issued_on:
        story.append(Paragraph(esc(format_date(ctx.issued_on, lang)), st.small))
    return story
