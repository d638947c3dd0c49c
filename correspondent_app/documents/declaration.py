"""Υπεύθυνη Δήλωση (άρθρο 8 ν. 1599/1986), pre-filled with the statements of the category.

The standard layout of the form: recipient, the declarant's details in a
grid, the sanctions clause, the statements, date and signature, and the
form's four footnotes.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date as babel_format_date
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.context import DocumentContext
from correspondent_app.documents.fonts import SERIF
from correspondent_app.documents.furniture import MARGIN, PAGE_WIDTH, build_pdf, esc, styles
from correspondent_app.documents.parts import page_for
from correspondent_app.domain.formatting import country_name, format_date, number_in_greek_words
from correspondent_app.i18n import _

FOOTNOTES = (
    "(1) Αναγράφεται από τον ενδιαφερόμενο πολίτη ή Αρχή ή η Υπηρεσία του δημόσιου τομέα, που απευθύνεται η αίτηση.",
    "(2) Αναγράφεται ολογράφως.",
    "(3) «Όποιος εν γνώσει του δηλώνει ψευδή γεγονότα ή αρνείται ή αποκρύπτει τα αληθινά με έγγραφη υπεύθυνη δήλωση "
    "του άρθρου 8 τιμωρείται με φυλάκιση τουλάχιστον τριών μηνών. Εάν ο υπαίτιος αυτών των πράξεων σκόπευε να "
    "προσπορίσει στον εαυτόν του ή σε άλλον περιουσιακό όφελος βλάπτοντας τρίτον ή σκόπευε να βλάψει άλλον, "
    "τιμωρείται με κάθειρξη μέχρι 10 ετών.»",
    "(4) Σε περίπτωση ανεπάρκειας χώρου η δήλωση συνεχίζεται στην πίσω όψη της και υπογράφεται από τον δηλούντα "
    "ή τη δηλούσα.",
)


class NoDeclaration(ValueError):
    """The case needs no solemn declaration (1α, 002 §1α): an empty form would only mislead."""


def render(ctx: DocumentContext) -> bytes:
    if not ctx.decision.declaration:
        raise NoDeclaration(_("Category {category} needs no solemn declaration: there is nothing to print.").format(
            category=ctx.decision.category or "—"))
    st = styles()
    p = ctx.person
    grid = _grid([
        [("ΠΡΟΣ(1):", 1), (f"Ανταποκριτή ΟΓΑ – {ctx.office.community}", 5)],
        [("Ο – Η Όνομα:", 1), (p.name_el or p.name_lat, 2), ("Επώνυμο:", 1), (p.surname_el or p.surname_lat, 2)],
        [("Όνομα και Επώνυμο Πατέρα:", 2), (p.father_name, 4)],
        [("Όνομα και Επώνυμο Μητέρας:", 2), (p.mother_name, 4)],
        [("Ημερομηνία γέννησης(2):", 2), (date_in_words(p.birth_date) if p.birth_date else "", 4)],
        [("Τόπος Γέννησης:", 2), (p.birth_place, 4)],
        [("Αριθμός Διαβατηρίου:", 2), (p.passport_no, 2), ("Υπηκοότητα:", 1),  # 11+ characters on one line
         (country_name(p.nationality, "el") if p.nationality else "", 1)],
        [("Τόπος Κατοικίας:", 2), (p.community or p.address, 2), ("Τηλ:", 1), (p.phone, 1)],
    ], st)
    statements = "<br/>".join(f"{chr(0x3b1 + i)}) {esc(item.text('el'))}" for i, item in enumerate(ctx.decision.declaration))
    story = [
        Paragraph("ΥΠΕΥΘΥΝΗ ΔΗΛΩΣΗ", st.title),
        Paragraph("(άρθρο 8 Ν. 1599/1986)", st.subtitle),
        Paragraph("Η ακρίβεια των στοιχείων που υποβάλλονται με αυτή τη δήλωση μπορεί να ελεγχθεί με βάση το αρχείο "
                  "άλλων υπηρεσιών (άρθρο 8 παρ. 4 Ν. 1599/1986).", st.small),
        Spacer(1, 4),
        grid,
        Spacer(1, 8),
        Paragraph("Με ατομική μου ευθύνη και γνωρίζοντας τις κυρώσεις(3), που προβλέπονται από τις διατάξεις της παρ. 6 "
                  "του άρθρου 22 του Ν. 1599/1986, δηλώνω ότι:", st.body),
        Paragraph(statements or "……………………………………………………………………", st.note),
        Paragraph(esc(f"(για την εξαγορά / καταβολή εισφορών στον ΟΓΑ – {ctx.provision_label})"), st.small),
        Spacer(1, 10),
        Paragraph(f"Ημερομηνία: {esc(ctx.date_text)}", st.body),
        Spacer(1, 4),
        Paragraph("Ο – Η Δηλ.", st.heading),
        Spacer(1, 22),
        Paragraph("(Υπογραφή)", st.small),
        Spacer(1, 10),
        *[Paragraph(esc(note), st.small) for note in FOOTNOTES],
    ]
    page = page_for(ctx, protocol=False, signature=False)
    page.header = False
    return build_pdf([story], page, title="ΥΠΕΥΘΥΝΗ ΔΗΛΩΣΗ", expected_pages=1)


_FEMININE_DAY = {"ένα": "μία", "τρία": "τρεις", "τέσσερα": "τέσσερις", "δεκατρία": "δεκατρείς",
                 "δεκατέσσερα": "δεκατέσσερις"}


def date_in_words(value: date) -> str:
    """Footnote (2) of the form asks for the birth date «ολογράφως»: «14/03/1975 (δεκατέσσερις Μαρτίου χίλια
    εννιακόσια εβδομήντα πέντε)». The day agrees with the feminine «ημέρα»; the 1st is «πρώτη»."""
    day = "πρώτη" if value.day == 1 else " ".join(_FEMININE_DAY.get(w, w) for w in number_in_greek_words(value.day).split())
    month = babel_format_date(value, "MMMM", locale="el")  # genitive: Μαρτίου
    return f"{format_date(value)} ({day} {month} {number_in_greek_words(value.year)})"


def _grid(rows, st) -> Table:
    """The form's boxed grid: six columns, labels in grey cells."""
    width = (PAGE_WIDTH - 2 * MARGIN) / 6
    data, spans, shades = [], [], []
    for r, cells in enumerate(rows):
        line, col = [], 0
        for i, (text, span) in enumerate(cells):
            line.append(Paragraph(esc(text), st.label if i % 2 == 0 else st.value))
            line += [""] * (span - 1)
            if span > 1:
                spans.append(("SPAN", (col, r), (col + span - 1, r)))
            if i % 2 == 0:
                shades.append(("BACKGROUND", (col, r), (col + span - 1, r), colors.HexColor("#eeeeee")))
            col += span
        data.append(line)
    table = Table(data, colWidths=[width] * 6, rowHeights=[9 * mm] * len(rows))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans, *shades]))
    return table
