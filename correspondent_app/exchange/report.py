"""HQ report per prefecture, community and category: CSV and a PDF with a chart."""

from __future__ import annotations

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
from correspondent_app.exchange.findings import worked
from correspondent_app.exchange.hq import Finding, findings
from correspondent_app.exchange.package import csv_bytes

COLUMNS = ("prefecture", "community", "category", "cases", "certificates", "amount")
HEADERS = ("Νομός", "Κοινότητα", "Κατηγορία", "Υποθέσεις", "Βεβαιώσεις", "Ποσό (€)")
#: Cases that end without a category of the programme, as the report names them.
OUTCOME_LABELS = {"not_oga": "εκτός ΟΓΑ", "other_insurer": "άλλος φορέας", "ask_oga": "οδηγίες ΟΓΑ"}
FINDING_HEADERS = ("Είδος", "Ανταποκριτές", "Εύρημα")
FINDING_LABELS = {"receipt": "Γραμμάτιο ΑΤΕ", "person": "Ίδιο πρόσωπο", "protocol": "Πρωτόκολλο",
                  "chain": "Αλυσίδα πακέτων", "foreign_rows": "Εγγραφές άλλου Ανταποκριτή"}


def rows(conn: sqlite3.Connection) -> list[dict]:
    """Cases, certificates in force and amounts paid per prefecture, community and category.

    Three aggregates, each a single pass joined to the case by its UUID
    (payments are found by ``payments_case``), instead of one join of cases
    with certificates and payments that had to de-duplicate what it multiplied.
    """
    group = "SELECT v.prefecture, v.community, COALESCE(k.category, k.outcome) AS category, {value} "
    tail = " JOIN villages v ON v.installation = k.installation GROUP BY 1, 2, 3"
    cases = conn.execute(group.format(value="COUNT(*)") + "FROM cases k" + tail).fetchall()
    certificates = dict(((p, c, cat), n) for p, c, cat, n in conn.execute(
        group.format(value="COUNT(*)")
        + "FROM certificates x JOIN cases k ON k.uuid = x.case_uuid AND k.installation = x.installation"
        + tail.replace(" GROUP", " WHERE x.voided_at IS NULL GROUP")))
    amounts = dict(((p, c, cat), n) for p, c, cat, n in conn.execute(
        group.format(value="SUM(y.amount_cents)")
        + "FROM payments y JOIN cases k ON k.uuid = y.case_uuid AND k.installation = y.installation" + tail))
    out = []
    for prefecture, community, category, count in sorted(cases, key=lambda r: tuple(x or "" for x in r[:3])):
        key = (prefecture, community, category)
        out.append({"prefecture": prefecture, "community": community,
                    "category": OUTCOME_LABELS.get(category, category or "—"), "cases": count,
                    "certificates": certificates.get(key, 0), "amount": Decimal(amounts.get(key) or 0) / 100})
    return out


def _amount(value: Decimal) -> str:
    """An amount as Greek Excel reads a number: decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def write_report(conn: sqlite3.Connection, out_dir: Path | str) -> tuple[Path, Path, Path]:
    """DIR/report.csv, DIR/report.pdf and DIR/findings.csv (the CSVs as Greek Excel opens them: ";", BOM)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = rows(conn)
    found = findings(conn)
    csv_path = out_dir / "report.csv"
    csv_path.write_bytes(csv_bytes([{**r, "amount": _amount(r["amount"])} for r in data], list(COLUMNS),
                                   headers=HEADERS))
    findings_path = out_dir / "findings.csv"
    # Each finding with its stable id and HQ's status of it (``hq findings --resolve``): resolved ones stay marked.
    findings_path.write_bytes(csv_bytes(
        [{"kind": FINDING_LABELS.get(f.kind, f.kind), "villages": f.villages, "text": f.text, "id": f.id,
          "status": f.status} for f in worked(conn, found)],
        ["kind", "villages", "text", "id", "status"], headers=(*FINDING_HEADERS, "Κωδικός", "Κατάσταση")))
    pdf_path = out_dir / "report.pdf"
    pdf_path.write_bytes(_pdf(data, found))
    return csv_path, pdf_path, findings_path


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


def _pdf(data: list[dict], found: list[Finding]) -> bytes:
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
    if found:
        more = [f"… και {len(found) - 200} ακόμη στο findings.csv"] if len(found) > 200 else []
        story += [Paragraph(esc(f"Ευρήματα ελέγχων μεταξύ Ανταποκριτών ({len(found)})"), st.heading),
                  Paragraph("<br/>".join(esc(f"{FINDING_LABELS.get(f.kind, f.kind)}: {f.text}") for f in found[:200])
                            + "".join(f"<br/>{esc(m)}" for m in more), st.small)]
    page = Page(office_lines=["ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", "ΟΡΓΑΝΙΣΜΟΣ ΓΕΩΡΓΙΚΩΝ ΑΣΦΑΛΙΣΕΩΝ", "ΔΙΟΙΚΗΣΗ"],
                protocol=None, date_text=format_date(date.today()), signature=False)
    return build_pdf([story], page, title="Αναφορά Διοίκησης")
