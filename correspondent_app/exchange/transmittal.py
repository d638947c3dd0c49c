"""The transmittal (διαβιβαστικό) of an export package to HQ, with the export's protocol number.

Not the case transmittal of the documents package (Δελτία Απογραφής,
persons and receipts): this one says which package goes, whether it is
full or holds the changes since an acknowledged package, how many records
of each table it holds and the SHA-256 of its manifest, by which HQ
recognises the very file the correspondent sent.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.fonts import SANS, SERIF
from correspondent_app.documents.furniture import (
    MARGIN, PAGE_WIDTH, build_pdf, esc, facts_table, office_page, styles,
)
from correspondent_app.domain.formatting import format_date
from correspondent_app.exchange.package import TABLES

TITLE = "ΔΙΑΒΙΒΑΣΤΙΚΟ ΠΑΚΕΤΟΥ ΔΕΔΟΜΕΝΩΝ"
RECIPIENT = "ΟΓΑ – Διοίκηση, Πατησίων 30, Αθήνα"
TABLE_LABELS = {"persons": "Πρόσωπα", "cases": "Υποθέσεις", "payments": "Πληρωμές (γραμμάτια ΑΤΕ / ΕΛΤΑ)",
                "certificates": "Βεβαιώσεις", "protocol": "Εγγραφές βιβλίου πρωτοκόλλου"}


def kind_text(result) -> str:
    """«Πλήρης εξαγωγή» or the changes since the acknowledged package, as the transmittal states it."""
    if result.full:
        return "Πλήρης εξαγωγή (όλο το μητρώο)"
    return f"Τμηματική εξαγωγή: οι μεταβολές μετά το πακέτο αρ. {result.base}, του οποίου η Διοίκηση επιβεβαίωσε την παραλαβή"


def _digest_lines(digest: str) -> str:
    """The 64 hex digits in four groups of 16, one per line, easy to compare by eye."""
    return "<br/>".join(digest[i:i + 16] for i in range(0, len(digest), 16))


def render_export_transmittal(office, result, *, sent_on: date | None = None) -> bytes:
    st = styles()
    sent_on = sent_on or result.created_on or date.today()
    width = PAGE_WIDTH - 2 * MARGIN
    kind = "πλήρους εξαγωγής" if result.full else "τμηματικής εξαγωγής"
    facts = facts_table([
        ("Αριθμός πακέτου", f"{result.sequence}"),
        ("Είδος", kind_text(result)),
        ("Αρχείο", result.path.name),
        ("Προηγούμενο πακέτο", f"αρ. {result.sequence - 1} (SHA-256 {result.previous[:16]}…)" if result.previous
         else "— (πρώτο πακέτο)"),
        ("Κωδικός εγκατάστασης", office.uuid),
    ], st, label_width=48 * mm)
    digest = Table([[Paragraph("Αποτύπωμα SHA-256 του manifest.json", st.label),
                     Paragraph(_digest_lines(result.manifest_sha256), st.value)]],
                   colWidths=[48 * mm, width - 48 * mm])
    digest.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTNAME", (1, 0), (1, 0), SANS),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999"))]))
    header = [Paragraph(esc(h), st.label) for h in ("Α/Α", "Πίνακας", "Εγγραφές")]
    body = [[Paragraph(str(i), st.small), Paragraph(esc(TABLE_LABELS[name]), st.small),
             Paragraph(str(result.rows.get(name, 0)), st.small)]
            for i, name in enumerate(TABLES, 1)]
    total = [Paragraph("", st.small), Paragraph("<b>Σύνολο</b>", st.small),
             Paragraph(f"<b>{sum(result.rows.values())}</b>", st.small)]
    table = Table([header, *body, total], colWidths=[12 * mm, width - 12 * mm - 30 * mm, 30 * mm], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph(TITLE, st.title),
        Paragraph(esc("(εξαγωγή του μητρώου του Ανταποκριτή ΟΓΑ – άρθρο 91 ν. 3386/2005, εγκ. ΟΓΑ 7/2005)"),
                  st.subtitle),
        Paragraph(f"<b>Προς:</b> {esc(RECIPIENT)}", st.body),
        Paragraph(esc(f"Θέμα: Διαβίβαση του πακέτου αρ. {result.sequence} ({kind}) του μητρώου του Ανταποκριτή")
                  .replace("Θέμα:", "<b>Θέμα:</b>", 1), st.body),
        Paragraph(esc(f"Σας διαβιβάζουμε σε ηλεκτρονική μορφή το πακέτο αρ. {result.sequence} του μητρώου μας, "
                      f"ψηφιακά υπογεγραμμένο με το κλειδί της εγκατάστασης, με τα εξής στοιχεία:"), st.body),
        Spacer(1, 3), facts, digest, Spacer(1, 8),
        Paragraph("Περιεχόμενο του πακέτου", st.heading), table,
        Paragraph(esc("Η Διοίκηση ελέγχει την υπογραφή του πακέτου και συγκρίνει το αποτύπωμα SHA-256 με το "
                      "παραπάνω. Παρακαλούμε να μας αποστείλετε το αρχείο επιβεβαίωσης παραλαβής, ώστε η επόμενη "
                      "εξαγωγή να περιλάβει μόνο τις μεταγενέστερες μεταβολές."), st.note),
    ]
    page = office_page(office, protocol=result.protocol, date_text=format_date(sent_on),
                       signature_name=office.correspondent_name, specimen=office.demo)
    return build_pdf([story], page, title=f"{TITLE} {result.protocol}")
