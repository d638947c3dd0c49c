"""Pieces of text several documents print the same way."""

from __future__ import annotations

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.furniture import Page, esc, office_page
from correspondent_app.domain.formatting import amount_in_greek_words, format_date, format_eur


def years_text(n: int) -> str:
    """Years as a count, never calendar years: «1 έτος», «2 έτη»."""
    return "1 έτος" if n == 1 else f"{n} έτη"


def years_genitive(n: int) -> str:
    """The same count after a noun: «εξαγορά χρόνου ασφάλισης 1 έτους / 2 ετών»."""
    return "1 έτους" if n == 1 else f"{n} ετών"


def genitive_provision(label: str) -> str:
    """«άρθρο 91 παρ. 10 ν. 3386/2005» after «των διατάξεων του»: «άρθρου 91 παρ. 10 ν. 3386/2005»."""
    return "άρθρου" + label[len("άρθρο"):] if label.startswith("άρθρο ") else label


def amount_text(ctx: DocumentContext) -> str:
    """The amount due, in figures and in words (a paper prepared before payment: the bank form)."""
    return amount_with_words(ctx.amount)


def amount_with_words(amount) -> str:
    """«798,48 € (επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά)»; a blank to fill in when unknown."""
    if amount is None:
        return "……………… €"
    return f"{format_eur(amount, 'el')} ({amount_in_greek_words(amount)})"


PAID_LABEL = "Ποσό που καταβλήθηκε"
DUE_LABEL = "Ποσό που οφειλόταν"


def paid_rows(ctx: DocumentContext, *, due_reference: str = "") -> list[tuple[str, str]]:
    """What a certificate states about the money: the amount of the receipt, never the amount due.

    A certificate is a «Βεβαίωση καταβολής» against the receipt (002 §1β): the amount printed, and
    written in words, is the one paid. When it differs from the amount due (accepted only with a
    recorded reason), the amount due and the reason follow on a row of their own, so that the due
    amount is never read as paid. ``due_reference``: where the amount due comes from (HQ's list).
    """
    rows = [(PAID_LABEL, amount_with_words(ctx.paid_amount if ctx.payment is not None else ctx.amount))]
    if ctx.amount_differs:
        due = format_eur(ctx.amount, "el") + (f" ({due_reference})" if due_reference else "")
        reason = ctx.payment.override_reason.strip().rstrip(".") or "—"
        rows.append((DUE_LABEL, f"{due}· αιτιολογία της διαφοράς: {reason}"))
    return rows


def lower_first(text: str) -> str:
    """A sentence-initial text set inside a sentence: «Εκκρεμεί αίτηση …» -> «εκκρεμεί αίτηση …».

    An initial acronym («ΟΓΑ …», «ΑΤΕ …») keeps its capitals.
    """
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def embedded(text: str) -> str:
    """A programme text (category situation, ground) inside a sentence that already names the provision:
    without its heading («Παρ. 11: …») and not capitalised mid-sentence."""
    head, sep, rest = text.partition(": ")
    if sep and head.startswith(("Παρ.", "παρ.")) and len(head) <= 8:
        text = rest
    return lower_first(text)


def receipt_text(ctx: DocumentContext) -> str:
    """The ATE receipt code with its three parts spelled out."""
    pay = ctx.payment
    if pay is None:
        return "……/……/……"
    if pay.kind == "elta":  # printed beside «Απόδειξη πληρωμής»: not «Απόδειξη» twice
        return f"ΕΛΤΑ, αρ. {pay.elta_reference}, ημερομηνία πληρωμής {format_date(pay.paid_on)}"
    branch, _, transaction = pay.receipt_code.split("/")
    return (f"{pay.receipt_code} — Κατάστημα ΑΤΕ {branch}, ημερομηνία πληρωμής {format_date(pay.paid_on)}, "
            f"αριθμός πράξης {transaction}")


def comprises_text(ctx: DocumentContext) -> str:
    return ", ".join(item.text("el") for item in ctx.decision.comprises)


def page_for(ctx: DocumentContext, *, copy_marks=(), protocol: bool = True, signature: bool = True,
             verification: bool = False, signature_title: str = "Ο/Η Ανταποκριτής ΟΓΑ", prepared: bool = False) -> Page:
    """``prepared``: dated the day the paper is prepared (bank form, note), not the certificate's date."""
    return office_page(
        ctx.office,
        protocol=ctx.protocol if protocol else None,
        date_text=ctx.prepared_text if prepared else ctx.date_text,
        copy_marks=tuple(copy_marks),
        signature=signature,
        signature_title=signature_title,
        signature_name=ctx.office.correspondent_name,
        verification_code=ctx.verification_code if verification else "",
        qr_payload=ctx.qr_payload if verification else "",
        specimen=ctx.specimen,
    )


def bold(text: object) -> str:
    return f"<b>{esc(text)}</b>"


def certificate_opening(ctx: DocumentContext, st, title: str, model: int) -> list:
    """Title, model line, «… βεβαιώνει ότι» and the person's details: how both certificates begin."""
    from reportlab.platypus import Paragraph, Spacer  # noqa: PLC0415

    from correspondent_app.documents.furniture import facts_table  # noqa: PLC0415

    return [
        Paragraph(title, st.title),
        Paragraph(esc(f"(υπόδειγμα {model} – εγκύκλιος ΟΓΑ 7/2005 – {ctx.provision_label})"), st.subtitle),
        # The community in parentheses: entered in the nominative, it cannot follow «Ανταποκριτής» as a genitive.
        Paragraph(f"Ο/Η Ανταποκριτής ΟΓΑ ({esc(ctx.office.community)}) βεβαιώνει ότι ο/η υπήκοος τρίτης χώρας:", st.body),
        facts_table(ctx.person_rows(), st),
        Spacer(1, st.space),
    ]


def replaces_text(ctx: DocumentContext) -> str:
    """A reissued certificate names the voided one it replaces ("" for a first issue)."""
    return f"Αντικαθιστά την υπ' αριθ. πρωτ. {ctx.replaces} βεβαίωση, που ακυρώθηκε." if ctx.replaces else ""
