"""Summary of the protocol book for a day or a period: entries, certificates per
category and the amounts they certify."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.fonts import SERIF
from correspondent_app.documents.furniture import build_pdf, esc, facts_table, office_page, styles
from correspondent_app.domain.formatting import format_date, format_eur

TITLE = "ΣΥΝΟΨΗ ΠΡΩΤΟΚΟΛΛΟΥ"


def summary_rows(registry, since: date, until: date) -> tuple[list, dict[str, tuple[int, Decimal]]]:
    """(entries in the period, category -> (valid certificates, amount paid))."""
    entries = sorted(registry.protocol.entries(since=since, until=until, limit=100_000),
                     key=lambda e: (e.year, e.number))
    per_category: Counter = Counter()
    amounts: dict[str, Decimal] = {}
    for entry in entries:
        if entry.kind != "certificate" or entry.case_id is None:
            continue
        certificate = next((c for c in registry.certificates.for_case(entry.case_id)
                            if c.protocol_no == entry.number and c.protocol_year == entry.year), None)
        if certificate is None or certificate.voided_at:
            continue
        case = registry.cases.get(entry.case_id)
        payment = registry.payments.for_case(case.id)
        per_category[case.category] += 1
        amounts[case.category] = amounts.get(case.category, Decimal(0)) + (payment.amount if payment else Decimal(0))
    return entries, {cat: (per_category[cat], amounts[cat]) for cat in sorted(per_category)}


def render_summary(registry, since: date, until: date) -> bytes:
    st = styles()
    entries, categories = summary_rows(registry, since, until)
    profile = registry.profile.get()
    rows = [[Paragraph(esc(h), st.label) for h in ("Αρ.", "Ημερομηνία", "Θέμα")]]
    rows += [[Paragraph(f"{e.number}/{e.year}", st.small), Paragraph(format_date(e.entry_date), st.small),
              Paragraph(esc(e.subject), st.small)] for e in entries]
    table = Table(rows, colWidths=[60, 70, 340], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    total = sum((amount for _n, amount in categories.values()), Decimal(0))
    totals = [(f"Κατηγορία {cat}", f"{n} βεβαιώσεις – {format_eur(amount)}") for cat, (n, amount) in categories.items()]
    totals.append(("Σύνολο", f"{sum(n for n, _a in categories.values())} βεβαιώσεις – {format_eur(total)}"))
    story = [Paragraph(TITLE, st.title),
             Paragraph(f"{format_date(since)} – {format_date(until)}", st.subtitle),
             facts_table(totals, st), Spacer(1, 8), table]
    page = office_page(profile, protocol=None, date_text=format_date(date.today()),
                signature=False, specimen=profile.demo)
    return build_pdf([story], page, title=TITLE)
