"""A plain-language note for the applicant, in Greek and English (one page each).

What they paid, what they got, what to do next — or, for a case that is not
OGA's, why and where to go. Not an official document: no protocol number.

The note follows the case: printed **before payment** it tells where and how
to pay (ΑΤΕ with the model 2 form; 1α: ΕΛΤΑ with the notice, or ATE with the
older form) and what to bring back, with the par. 11 warning to pay only if
residence until 31-12-2004 can be proved (002 §2 ΠΡΟΣΟΧΗ); **after payment**
what is still needed for the certificate; **after issue** what the person
received and where to take it. Every fact comes from the payment and the
decision (channel, number of copies), never from a fixed sentence.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import build_pdf, esc, styles
from correspondent_app.documents.parts import lower_first, page_for, years_text
from correspondent_app.domain.citations import cite_labels
from correspondent_app.domain.formatting import format_date, format_eur

LANGUAGES = ("el", "en")
RECEIPTS = ("ate_receipt", "elta_receipt")
SEPARATOR = {"el": "· ", "en": "; "}  # the payment itself: not among "what else to bring"

TEXT = {
    "el": {
        "title": "ΣΗΜΕΙΩΜΑ ΓΙΑ ΤΟΝ ΕΝΔΙΑΦΕΡΟΜΕΝΟ",
        "for": "Για: {name}",
        "case": "Η περίπτωσή σας: κατηγορία {cat} – {provision}.",
        "paid_ate": "Πληρώσατε {amount} στην Αγροτική Τράπεζα (ΑΤΕ) στις {date} (Γραμμάτιο Είσπραξης {code}).",
        "paid_elta": "Πληρώσατε {amount} στα ΕΛΤΑ στις {date} (απόδειξη {code}).",
        "due": "Ποσό που πρέπει να πληρώσετε: {amount}.",
        "years_contributions": "Το ποσό καλύπτει εισφορές για {years}.",
        "got_copies": "Πήρατε τη βεβαίωση με αρ. πρωτ. {protocol}: το πρωτότυπο και ένα αντίγραφο "
                      "(το τρίτο αντίγραφο μένει στο αρχείο του Ανταποκριτή).",
        "got_one": "Πήρατε τη {title} με αρ. πρωτ. {protocol} (ένα πρωτότυπο).",
        "next": "Τι κάνετε τώρα",
        "pay_ate": "Πληρώστε {amount} σε κατάστημα της Αγροτικής Τράπεζας (ΑΤΕ) με το έντυπο καταβολής "
                   "(υπόδειγμα 2) που σας δώσαμε.",
        "pay_1a": "Πληρώστε στα ΕΛΤΑ με την ειδοποίηση που σας έστειλε ο ΟΓΑ. Αν χάθηκε ή δεν την πήρατε, "
                  "πληρώστε στην ΑΤΕ με το παλαιό έντυπο του εγγράφου ΟΓΑ 30824/15-4-2005 (όχι με το υπόδειγμα 2).",
        "bring_ate": "Μετά την πληρωμή φέρτε στον Ανταποκριτή το Γραμμάτιο Είσπραξης της ΑΤΕ, για να σας δοθεί η "
                     "βεβαίωση.",
        "bring_1a": "Μετά την πληρωμή φέρτε στον Ανταποκριτή την απόδειξη πληρωμής (ΕΛΤΑ ή ΑΤΕ), για να σας δοθεί "
                    "η Βεβαίωση Ασφαλιστικής Ενημερότητας.",
        "bring_also": "Φέρτε επίσης: {documents}.",
        "bring_now": "Για να σας δοθεί η βεβαίωση, φέρτε στον Ανταποκριτή (αν δεν τα έχετε ήδη φέρει): {documents}.",
        "next_par10": "Καταθέστε το πρωτότυπο στη Διεύθυνση Εργασίας της Νομαρχίας (αίτηση έως 31-10-2005).",
        "next_par11": "Καταθέστε το πρωτότυπο στον Δήμο με την αίτηση άδειας διαμονής (1-10-2005 έως 31-12-2005).",
        "keep_copy": "Φυλάξτε το αντίγραφο μαζί με το Γραμμάτιο Είσπραξης της ΑΤΕ.",
        "keep_ate": "Φυλάξτε το Γραμμάτιο Είσπραξης της ΑΤΕ.",
        "keep_elta": "Φυλάξτε την απόδειξη πληρωμής των ΕΛΤΑ.",
        "continue": "Φέρτε σύντομα στον Ανταποκριτή τα δικαιολογητικά για να συνεχιστεί η ασφάλισή σας "
                    "(υπεύθυνες δηλώσεις εργοδοτών, εκκαθαριστικά).",
        "booklet": "Με τη βεβαίωση και άδεια διαμονής (ή βεβαίωση πλήρων δικαιολογητικών) μπορείτε να πάρετε "
                   "βιβλιάριο υγείας με ισχύ έως 31-5-2006.",
        "warning": "Προσοχή",
        "remember": "Να θυμάστε",
        "par11_reminder": "Ο Δήμος και η Περιφέρεια θα ζητήσουν έγγραφο που ορίζει ο νόμος για να αποδείξετε ότι "
                          "διαμένατε στην Ελλάδα μέχρι 31-12-2004. Η εγκύκλιος δεν προβλέπει επιστροφή του ποσού "
                          "αν δεν πάρετε άδεια· για κάθε αίτημα αποφασίζει ο ΟΓΑ.",
        "not_oga": "Η περίπτωσή σας δεν ανήκει στον ΟΓΑ",
        "other_insurer": "Πληρώστε στον τελευταίο ασφαλιστικό σας φορέα",
        "ask_oga": "Ο Ανταποκριτής θα ζητήσει οδηγίες και το ποσό από τον ΟΓΑ",
        "referral": "Απευθυνθείτε σε άλλον Ανταποκριτή ΟΓΑ",
        "referral_who": "Για την περίπτωσή σας (κατηγορία {cat} – {provision}) αρμόδιος είναι: {who}.",
        "referral_do": "Απευθυνθείτε εκεί και καταθέστε τα έγγραφά σας. Εδώ δεν πληρώνετε τίποτα και δεν σας "
                       "εκδίδεται βεβαίωση.",
        "differs": "Το ποσό αυτό διαφέρει από το οφειλόμενο ({due})· αιτιολογία: {reason}.",
        "declared_par11": "Δηλώσατε με Υπεύθυνη Δήλωση του ν. 1599/86 ότι εμπίπτετε στις διατάξεις της παρ. 11. "
                          "Ο Ανταποκριτής δεν το ελέγχει· βεβαιώνει την πληρωμή σας.",
    },
    "en": {
        "title": "NOTE FOR THE APPLICANT",
        "for": "For: {name}",
        "case": "Your case: category {cat} – {provision}.",
        "paid_ate": "You paid {amount} at ATE, the Agricultural Bank, on {date} (receipt {code}).",
        "paid_elta": "You paid {amount} at the post office (ΕΛΤΑ) on {date} (receipt {code}).",
        "due": "Amount to pay: {amount}.",
        "years_contributions": "The amount pays contributions for {years}.",
        "got_copies": "You received the certificate with protocol number {protocol}: the original and one copy "
                      "(the third copy stays in the correspondent's archive).",
        "got_one": "You received the {title} with protocol number {protocol} (one original).",
        "next": "What to do now",
        "pay_ate": "Go to a branch of ATE, the Agricultural Bank, with the payment form (model 2) we gave you, "
                   "and pay {amount}.",
        "pay_1a": "Pay at the post office (ΕΛΤΑ) with the notice OGA sent you. If it was lost or never arrived, "
                  "pay at ATE with the older form of OGA document 30824/15-4-2005 (not with model 2).",
        "bring_ate": "After paying, bring the ATE receipt to the correspondent to receive your certificate.",
        "bring_1a": "After paying, bring the receipt (ΕΛΤΑ or ATE) to the correspondent to receive your certificate "
                    "of insurance standing.",
        "bring_also": "Also bring: {documents}.",
        "bring_now": "To receive the certificate, bring the correspondent (unless you already have): {documents}.",
        "next_par10": "Take the original to the Labour Directorate of the Prefecture (application by 31-10-2005).",
        "next_par11": "File the original with the municipality together with your permit application "
                      "(1-10-2005 to 31-12-2005).",
        "keep_copy": "Keep the copy together with the ATE receipt.",
        "keep_ate": "Keep the ATE receipt.",
        "keep_elta": "Keep the post-office (ΕΛΤΑ) receipt.",
        "continue": "As soon as you can, bring the correspondent the papers needed to continue your insurance "
                    "(employers' declarations, tax statements).",
        "booklet": "With the certificate and a permit (or the complete-dossier certificate) you can get a health "
                   "booklet valid until 31-5-2006.",
        "warning": "Warning",
        "remember": "Remember",
        "par11_reminder": "The municipality and the Region will ask for a document named by law proving that you "
                          "lived in Greece until 31-12-2004. The circular foresees no refund if you get no permit; "
                          "OGA decides any claim.",
        "not_oga": "Your case is not OGA's",
        "other_insurer": "Pay your last insurer",
        "ask_oga": "The correspondent will ask OGA for instructions and the amount",
        "referral": "Go to another OGA correspondent",
        "referral_who": "For your case (category {cat} – {provision}) the competent one is: {who}.",
        "referral_do": "Go there with your papers. You pay nothing here and no certificate is issued here.",
        "differs": "This differs from the amount due ({due}); reason: {reason}.",
        "declared_par11": "You declared in a solemn declaration (law 1599/86) that par. 11 applies to you. The "
                          "correspondent does not check this; the certificate is for your payment.",
    },
}
_YEARS_EN = {1: "1 year", 2: "2 years"}

#: Why a case is not OGA's, said to the applicant («you»): the programme's reasons are written for the
#: clerk, in the third person. Keyed by (outcome, provision); an outcome of another programme falls back
#: to its own reason.
OUTCOME_TEXT = {
    ("not_oga", "par10"): {
        "el": "Η παρ. 10 αφορά τον ΟΓΑ μόνο για όσους απασχολούνται στην αγροτική οικονομία ή είναι εν ενεργεία "
              "ασφαλισμένοι του ΟΓΑ. Απευθυνθείτε στον ασφαλιστικό φορέα της εργασίας σας.",
        "en": "Under par. 10, OGA concerns only people who work in agriculture or are active OGA insured. "
              "Go to the insurer of your work.",
    },
    ("not_oga", "par11"): {
        "el": "Με την παρ. 11 ο ΟΓΑ αφορά μόνο όσους απασχολούνται στην αγροτική οικονομία ή έχουν ειδικό λόγο "
              "διαμονής και δεν υπάγονται σε ασφαλιστικό φορέα. Απευθυνθείτε στον ασφαλιστικό φορέα της εργασίας "
              "σας.",
        "en": "Under par. 11, OGA concerns only people who work in agriculture, or have a special reason of "
              "residence and belong to no insurer. Go to the insurer of your work.",
    },
    ("other_insurer", "par10"): {
        "el": "Αλλάξατε ασφαλιστικό φορέα: καταβάλετε τις εισφορές στον τελευταίο ασφαλιστικό σας φορέα, όχι στον "
              "ΟΓΑ· ο χρόνος ασφάλισής σας στον ΟΓΑ δεν λαμβάνεται υπόψη.",
        "en": "You moved to another insurer: pay the contributions to your last insurer, not to OGA. Your time "
              "insured with OGA is not taken into account.",
    },
    ("ask_oga", "par10"): {
        "el": "Εργάζεστε ως ανειδίκευτος εργάτης στον πρωτογενή τομέα ή ως αλιεργάτης (άρθρο 7 ν. 3232/2004): ο "
              "Ανταποκριτής θα ζητήσει από τον ΟΓΑ οδηγίες και το ποσό που πρέπει να καταβάλετε και θα σας "
              "ενημερώσει.",
        "en": "You work as an unskilled primary-sector worker or a fisherman (art. 7 law 3232/2004): the "
              "correspondent will ask OGA for instructions and the amount you must pay, and will let you know.",
    },
}
#: The competent correspondent, said to the applicant (the programme's texts speak of «the person»).
COMPETENT_TEXT = {
    "registration": {"el": "ο Ανταποκριτής ΟΓΑ στα Μητρώα του οποίου είστε εγγεγραμμένος/η (ακόμη κι αν έχετε "
                           "μετακομίσει)",
                     "en": "the OGA correspondent in whose registry you are registered (even if you have moved)"},
    "application": {"el": "ο Ανταποκριτής ΟΓΑ όπου υποβάλατε την αίτηση ασφάλισης",
                    "en": "the OGA correspondent where you submitted your OGA application"},
    "residence": {"el": "ο Ανταποκριτής ΟΓΑ του τόπου κατοικίας σας",
                  "en": "the OGA correspondent of the place where you live"},
}


def outcome_text(decision, lang: str) -> str:
    """Why the case is not OGA's, addressed to the applicant."""
    text = OUTCOME_TEXT.get((decision.outcome, decision.provision))
    return text[lang] if text else decision.reason(lang)


def competent_text(programme, competent: str, lang: str) -> str:
    text = COMPETENT_TEXT.get(competent)
    return text[lang] if text else lower_first(programme.competence[competent].text(lang))


def render(ctx: DocumentContext) -> bytes:
    pages = [_page(ctx, lang) for lang in LANGUAGES]
    page = page_for(ctx, protocol=False, signature=False, prepared=True)
    return build_pdf(pages, page, title="Σημείωμα / Note", expected_pages=len(LANGUAGES))


def stage(ctx: DocumentContext) -> str:
    """Where the case stands for the applicant: "unpaid", "paid" (no certificate yet) or "issued"."""
    if ctx.protocol_no is not None:
        return "issued"
    return "paid" if ctx.payment is not None else "unpaid"


def _page(ctx: DocumentContext, lang: str) -> list:
    st = styles()
    t = TEXT[lang]
    d = ctx.decision
    story = [Paragraph(t["title"], st.title), Spacer(1, 6),
             Paragraph(esc(t["for"].format(name=ctx.person.display_name)), st.body)]
    if d.outcome != "certificate":
        story += [Paragraph(esc(t[d.outcome]), st.heading), Paragraph(esc(outcome_text(d, lang)), st.body),
                  Paragraph(esc(f"({SEPARATOR[lang].join(cite_labels(d.citations, lang))})"), st.small)]
        return story
    if ctx.competent_here is False and stage(ctx) == "unpaid":
        return story + _referral(ctx, t, lang, st)
    story += [Paragraph(esc(line), st.body) for line in _facts(ctx, t, lang)]
    steps = [Paragraph(t["next"], st.heading),
             Paragraph("<br/>".join(f"{i}. {esc(s)}" for i, s in enumerate(_steps(ctx, t, lang), 1)), st.body)]
    warnings = _warnings(ctx, t, lang, st)
    # Before payment the warning comes first: it decides whether to pay at all.
    story += warnings + steps if stage(ctx) == "unpaid" else steps + warnings
    story.append(Paragraph(esc(format_date(ctx.prepared_on or date.today(), lang)), st.small))
    return story


def _referral(ctx: DocumentContext, t: dict, lang: str, st) -> list:
    """This correspondent is not the competent one: where the person goes instead (002 §1α–§2)."""
    d = ctx.decision
    competent = ctx.programme.competence[d.competent]
    who = t["referral_who"].format(cat=d.category, provision=ctx.programme.provisions[d.provision].label(lang),
                                   who=competent_text(ctx.programme, d.competent, lang))
    return [Paragraph(esc(t["referral"]), st.heading), Paragraph(esc(who), st.body),
            Paragraph(esc(t["referral_do"]), st.body),
            Paragraph(esc(f"({cite_labels([competent.cite], lang)[0]})"), st.small)]


def _facts(ctx: DocumentContext, t: dict, lang: str) -> list[str]:
    """What the case is, what was paid (where, when, which receipt) or is due, and what it buys."""
    d = ctx.decision
    lines = [t["case"].format(cat=d.category, provision=ctx.programme.provisions[d.provision].label(lang))]
    pay = ctx.payment
    if pay is not None:
        key, code = ("paid_elta", pay.elta_reference) if pay.kind == "elta" else ("paid_ate", pay.receipt_code)
        lines.append(t[key].format(amount=format_eur(pay.amount, lang), date=format_date(pay.paid_on, lang),
                                   code=code))
        if ctx.amount_differs:  # as the certificate: the amount paid, then the amount due and why they differ
            lines.append(t["differs"].format(due=format_eur(ctx.amount, lang),
                                             reason=pay.override_reason.strip().rstrip(".") or "—"))
        if d.provision == "par11":  # declared by the person, never verified by the correspondent (002 §2)
            lines.append(t["declared_par11"])
    elif ctx.amount is not None:
        lines.append(t["due"].format(amount=format_eur(ctx.amount, lang)))
    if d.years and d.years_kind == "contributions":
        years = years_text(d.years) if lang == "el" else _YEARS_EN.get(d.years, f"{d.years} years")
        lines.append(t["years_contributions"].format(years=years))
    lines.append(d.effect(lang))  # for a purchase it says the insurance time recognised
    if stage(ctx) == "issued":
        if (d.copies or 1) > 1:
            lines.append(t["got_copies"].format(protocol=ctx.protocol))
        else:
            title = d.certificate.title(lang)  # «Βεβαίωση Ασφαλιστικής Ενημερότητας» keeps its capitals
            lines.append(t["got_one"].format(protocol=ctx.protocol,
                                             title=title[:1].lower() + title[1:] if lang == "en" else title))
    return lines


def _steps(ctx: DocumentContext, t: dict, lang: str) -> list[str]:
    d = ctx.decision
    elta_channel = d.payment is not None and d.payment.channel == "elta_notice"  # 1α (002 §1α)
    # In Greek «;» is the question mark: a list takes the ano teleia.
    others = SEPARATOR[lang].join(item.text(lang) for item in d.documents if item.id not in RECEIPTS and not item.later)
    steps: list[str] = []
    now = stage(ctx)
    if now == "unpaid":
        amount = format_eur(ctx.amount, lang) if ctx.amount is not None else "…"
        steps.append(t["pay_1a"] if elta_channel else t["pay_ate"].format(amount=amount))
        steps.append(t["bring_1a"] if elta_channel else t["bring_ate"])
        if others:
            steps.append(t["bring_also"].format(documents=others))
    elif now == "paid":
        if others:
            steps.append(t["bring_now"].format(documents=others))
    else:
        steps.append(t["next_par10"] if d.provision == "par10" else t["next_par11"])
        if (d.copies or 1) > 1:
            steps.append(t["keep_copy"])
        else:
            steps.append(t["keep_elta"] if ctx.payment and ctx.payment.kind == "elta" else t["keep_ate"])
    if d.category == "1β":
        steps.append(t["continue"])
    if now == "issued":
        steps.append(t["booklet"])
    return steps


def _warnings(ctx: DocumentContext, t: dict, lang: str, st) -> list:
    """Before payment, the par. 11 warning to pay only if residence can be proved; after it, a reminder."""
    story = []
    for warning in ctx.decision.warnings:
        if warning.id == "par11_residence_proof":
            if stage(ctx) == "unpaid":
                story += [Paragraph(t["warning"], st.heading), Paragraph(esc(warning.text(lang)), st.note)]
            else:
                story += [Paragraph(t["remember"], st.heading), Paragraph(esc(t["par11_reminder"]), st.note)]
        elif warning.id.startswith("par1"):
            story += [Paragraph(t["warning"], st.heading), Paragraph(esc(warning.text(lang)), st.note)]
    return story
