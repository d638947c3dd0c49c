"""Transmittal to OGA (διαβιβαστικό), with its own protocol number.

Lists, per person, the forms and certificates sent and their attachments
(002 §1β, ch. 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.fonts import SERIF
from correspondent_app.documents.furniture import MARGIN, PAGE_WIDTH, Page, build_pdf, esc, office_lines, styles
from correspondent_app.domain.formatting import format_date

TITLE = "ΔΙΑΒΙΒΑΣΤΙΚΟ"


@dataclass(frozen=True)
class TransmittalLine:
    person: str
    category: str
    certificate: str  # protocol of the certificate
    receipt: str
    contents: tuple[str, ...]


def render(office, *, protocol: str, sent_on: date, recipient: str, lines: list[TransmittalLine],
           specimen: bool = False) -> bytes:
    st = styles()
    header = [Paragraph(esc(h), st.label) for h in ("Α/Α", "Ονοματεπώνυμο", "Κατ.", "Βεβαίωση", "Γραμμάτιο ΑΤΕ",
                                                      "Διαβιβάζονται")]
    rows = [header] + [
        [Paragraph(str(i), st.small), Paragraph(esc(line.person), st.small), Paragraph(esc(line.category), st.small),
         Paragraph(esc(line.certificate), st.small), Paragraph(esc(line.receipt), st.small),
         Paragraph("<br/>".join(f"• {esc(c)}" for c in line.contents), st.small)]
        for i, line in enumerate(lines, 1)
    ]
    # Wide enough that no heading breaks inside a word ("Βεβαίω-ση") and a
    # receipt code, a protocol number or «άρθ. 7» stays on one line.
    widths = [10 * mm, 36 * mm, 14 * mm, 23 * mm, 37 * mm]
    widths.append(PAGE_WIDTH - 2 * MARGIN - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph(TITLE, st.title),
        Paragraph("(εγκύκλιος ΟΓΑ 7/2005 – ν. 3386/2005)", st.subtitle),
        Paragraph(f"<b>Προς:</b> {esc(recipient)}", st.body),
        Paragraph("<b>Θέμα:</b> Διαβίβαση Δελτίων Απογραφής και βεβαιώσεων καταβολής / εξαγοράς εισφορών "
                  "υπηκόων τρίτων χωρών (άρθρο 91 ν. 3386/2005)", st.body),
        Paragraph(f"Σας διαβιβάζουμε τα παρακάτω ({len(lines)} υποθέσεις) με τα συνημμένα τους:", st.body),
        Spacer(1, 4),
        table,
    ]
    page = Page(office_lines=office_lines(office), protocol=protocol, date_text=format_date(sent_on),
                signature_name=office.correspondent_name, specimen=specimen)
    return build_pdf([story], page, title=f"{TITLE} {protocol}")
