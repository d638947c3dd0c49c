"""Transmittal to OGA (διαβιβαστικό), with its own protocol number.

Lists, per person, the forms and certificates sent and their attachments
(002 §1β, ch. 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.fonts import SERIF
from correspondent_app.documents.furniture import MARGIN, PAGE_WIDTH, build_pdf, esc, office_page, styles
from correspondent_app.domain.formatting import format_date

TITLE = "ΔΙΑΒΙΒΑΣΤΙΚΟ"


@dataclass(frozen=True)
class TransmittalLine:
    person: str
    category: str
    certificate: str  # protocol of the certificate
    receipt: str
    contents: tuple[str, ...]  # what is sent; an item starting with SUB_ITEM is an attachment of the one before
    #: "ate" (Γραμμάτιο Είσπραξης) or "elta" (1α paid with the ΕΛΤΑ notice): the receipt is named for what it is
    receipt_kind: str = "ate"


#: How the receipt column names each kind of receipt: an ΕΛΤΑ number is never printed as an ATE receipt.
RECEIPT_LABELS = {"ate": "Γραμμάτιο ΑΤΕ", "elta": "Απόδειξη ΕΛΤΑ"}


#: A content line starting with this is an attachment of the item before it (indented under it).
SUB_ITEM = "– "
#: Column widths: no heading breaks inside a word («Βεβαίω-ση»), a receipt code, a protocol number or
#: «άρθ. 7» stays on one line, the name column takes long compound surnames and what is sent, the
#: longest column, keeps most of the width. The certificate and its receipt share a column.
WIDTHS = [8 * mm, 42 * mm, 11 * mm, 36 * mm]
_PAD = 3  # points left and right in each cell


def render(office, *, protocol: str, sent_on: date, recipient: str, lines: list[TransmittalLine],
           specimen: bool = False) -> bytes:
    st = styles()
    widths = [*WIDTHS, PAGE_WIDTH - 2 * MARGIN - sum(WIDTHS)]
    header = [Paragraph(h, st.label) for h in ("Α/Α", "Ονοματεπώνυμο", "Κατ.", "Βεβαίωση<br/>Απόδειξη πληρωμής",
                                                 "Διαβιβάζονται")]
    rows = [header] + [
        [Paragraph(str(i), st.small), Paragraph(_name(line.person, st.small, widths[1] - 2 * _PAD), st.small),
         Paragraph(esc(line.category), st.small),
         Paragraph(_certificate_and_receipt(line), st.small),
         _contents(line.contents, st.small)]
        for i, line in enumerate(lines, 1)
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph(TITLE, st.title),
        Paragraph("(εγκύκλιος ΟΓΑ 7/2005 – ν. 3386/2005)", st.subtitle),
        Paragraph(f"<b>Προς:</b> {esc(recipient)}", st.body),
        Paragraph("<b>Θέμα:</b> Διαβίβαση Δελτίων Απογραφής και βεβαιώσεων καταβολής / εξαγοράς εισφορών "
                  "υπηκόων τρίτων χωρών (άρθρο 91 ν. 3386/2005)", st.body),
        Paragraph(f"Σας διαβιβάζουμε τα παρακάτω ({_cases(len(lines))}) με τα συνημμένα τους:", st.body),
        Spacer(1, 4),
        table,
        Spacer(1, 6),
        Paragraph(f"Σύνολο: {_cases(len(lines))}.", st.body),  # kept with the signature, at the end
    ]
    # The branch is the addressee: the sender block names the correspondent only, not the branch as well.
    page = office_page(office, branch=False, protocol=protocol, date_text=format_date(sent_on),
                       signature_name=office.correspondent_name, specimen=specimen, signature_at_end=True,
                       page_numbers=True)
    return build_pdf([story], page, title=f"{TITLE} {protocol}")


def _certificate_and_receipt(line: TransmittalLine) -> str:
    """The certificate's protocol, then the receipt under the name of its kind (ATE receipt or ΕΛΤΑ receipt)."""
    parts = [esc(line.certificate)] if line.certificate else []
    if line.receipt:
        parts += [esc(RECEIPT_LABELS.get(line.receipt_kind, "")), esc(line.receipt)]
    return "<br/>".join(p for p in parts if p) or "—"


def _cases(n: int) -> str:
    return "1 υπόθεση" if n == 1 else f"{n} υποθέσεις"


def _name(person: str, style, width: float) -> str:
    """Greek name, and the passport name on a line of its own; a compound surname too wide for the
    column breaks after its hyphen, never inside a word."""
    greek, _, latin = person.partition(" (")
    parts = [_breakable(greek, style, width)]
    if latin:
        parts.append(_breakable(f"({latin}", style, width))
    return "<br/>".join(parts)


def _breakable(text: str, style, width: float) -> str:
    words = []
    for word in text.split():
        if "-" in word and stringWidth(word, style.fontName, style.fontSize) > width:
            word = "-\n".join(word.split("-"))  # a break opportunity after each hyphen (rendered as none)
        words.append(esc(word))
    return " ".join(words)


def _contents(contents: tuple[str, ...], style) -> list:
    """One paragraph per item with a hanging bullet; attachments indented under their item."""
    item = ParagraphStyle("item", parent=style, leftIndent=7, firstLineIndent=-7, spaceAfter=0.5)
    sub = ParagraphStyle("sub-item", parent=item, leftIndent=16)
    return [Paragraph(esc(c), sub) if c.startswith(SUB_ITEM) else Paragraph(f"• {esc(c)}", item) for c in contents]
