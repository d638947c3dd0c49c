"""HQ report per prefecture, community and category: CSV and a PDF with a chart."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from correspondent_app.documents.fonts import SANS, SERIF
from correspondent_app.documents.furniture import Page, build_pdf, esc, styles
from correspondent_app.domain.formatting import format_date, format_eur
from correspondent_app.exchange.hq import cross_checks

COLUMNS = ("prefecture", "community", "category", "cases", "certificates", "amount")
HEADERS = ("Νομός", "Κοινότητα", "Κατηγορία", "Υποθέσεις", "Βεβαιώσεις", "Ποσό (€)")
#: Cases that end without a category of the programme, as the report names them.
OUTCOME_LABELS = {"not_oga": "εκτός ΟΓΑ", "other_insurer": "άλλος φορέας", "ask_oga": "οδηγίες ΟΓΑ"}


def rows(conn: sqlite3.Connection) -> list[dict]:
    query = """
        SELECT v.prefecture, v.community, COALESCE(k.category, k.outcome) AS category, COUNT(DISTINCT k.uuid),
               COUNT(DISTINCT CASE WHEN c.voided_at IS NULL THEN c.uuid END),
               COALESCE(SUM(DISTINCT y.amount_cents), 0)
        FROM cases k JOIN villages v ON v.installation = k.installation
        LEFT JOIN certificates c ON c.case_uuid = k.uuid
        LEFT JOIN payments y ON y.case_uuid = k.uuid
        GROUP BY v.prefecture, v.community, category ORDER BY v.prefecture, v.community, category"""
    amounts = dict(((p, c, cat), cents) for p, c, cat, cents in conn.execute(
        "SELECT v.prefecture, v.community, COALESCE(k.category, k.outcome), SUM(y.amount_cents) FROM payments y "
        "JOIN cases k ON k.uuid = y.case_uuid JOIN villages v ON v.installation = k.installation "
        "GROUP BY 1, 2, 3"))
    out = []
    for prefecture, community, category, cases, certificates, _sum in conn.execute(query):
        cents = amounts.get((prefecture, community, category)) or 0
        label = OUTCOME_LABELS.get(category, category or "—")
        out.append({"prefecture": prefecture, "community": community, "category": label, "cases": cases,
                    "certificates": certificates, "amount": Decimal(cents) / 100})
    return out


def write_report(conn: sqlite3.Connection, out_dir: Path | str) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = rows(conn)
    csv_path = out_dir / "report.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for r in data:
        writer.writerow([r["prefecture"], r["community"], r["category"], r["cases"], r["certificates"],
                         f"{r['amount']:.2f}".replace(".", ",")])
    csv_path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    pdf_path = out_dir / "report.pdf"
    pdf_path.write_bytes(_pdf(data, cross_checks(conn)))
    return csv_path, pdf_path


def _chart(data: list[dict]) -> Drawing:
    per_category: dict[str, int] = {}
    for r in data:
        per_category[r["category"]] = per_category.get(r["category"], 0) + r["certificates"]
    categories = sorted(per_category)
    drawing = Drawing(460, 200)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 400, 150
    chart.data = [[per_category[c] for c in categories] or [0]]
    chart.categoryAxis.categoryNames = categories or ["—"]
    chart.categoryAxis.labels.fontName = SANS  # the default would be Helvetica, without Greek
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4a6fa5")
    drawing.add(chart)
    return drawing


def _pdf(data: list[dict], findings: list[str]) -> bytes:
    st = styles()
    total = sum((r["amount"] for r in data), Decimal(0))
    table_rows = [[Paragraph(esc(h), st.label) for h in HEADERS]]
    table_rows += [[Paragraph(esc(r[c] if c != "amount" else format_eur(r[c])), st.small) for c in COLUMNS]
                   for r in data]
    table = Table(table_rows, repeatRows=1, colWidths=[85, 150, 60, 55, 60, 80])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    story = [Paragraph("ΣΥΓΚΕΝΤΡΩΤΙΚΗ ΑΝΑΦΟΡΑ ΑΝΤΑΠΟΚΡΙΤΩΝ", st.title),
             Paragraph(esc(f"Βεβαιώσεις ανά κατηγορία – σύνολο ποσών {format_eur(total)}"), st.subtitle),
             _chart(data), Spacer(1, 8), table]
    if findings:
        story += [Paragraph("Ευρήματα ελέγχων μεταξύ Ανταποκριτών", st.heading),
                  Paragraph("<br/>".join(esc(f) for f in findings[:200]), st.small)]
    page = Page(office_lines=["ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", "ΟΡΓΑΝΙΣΜΟΣ ΓΕΩΡΓΙΚΩΝ ΑΣΦΑΛΙΣΕΩΝ", "ΔΙΟΙΚΗΣΗ"],
                protocol=None, date_text=format_date(date.today()), signature=False)
    return build_pdf([story], page, title="Αναφορά Διοίκησης")
