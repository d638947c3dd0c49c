"""HQ report: report.csv (every installation and category, for Excel), report.pdf (``report_pdf``) and
findings.csv (every finding with its id and status), all from the figures the merges keep."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from correspondent_app.exchange.findings import WorkedFinding, worked
from correspondent_app.exchange.hq_aggregates import Aggregates, FindingSummary
from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.exchange.package import csv_bytes
from correspondent_app.exchange.report_pdf import FINDING_LABELS, OUTCOME_LABELS, report_pdf

COLUMNS = ("prefecture", "municipality", "community", "installation", "category", "cases", "certificates", "voided",
           "amount")
HEADERS = ("Νομός", "Δήμος", "Κοινότητα", "Κωδικός εγκατάστασης", "Κατηγορία", "Υποθέσεις", "Βεβαιώσεις",
           "Ακυρωμένες", "Ποσό (€)")
FINDING_HEADERS = ("Είδος", "Ανταποκριτές", "Εύρημα")
#: How many findings of each kind the PDF lists (every one is in findings.csv).
FIRST_FINDINGS = 10


def rows(store: HqStore) -> list[dict]:
    """Cases, certificates in force and voided, and amounts paid per installation and category, from the
    figures every merge keeps (``hq_store``): thousands of rows read, never the million merged ones."""
    return rows_of(store.aggregates())


def _amount(value: Decimal) -> str:
    """An amount as Greek Excel reads a number: decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def finding_summary(found: list[WorkedFinding]) -> list[FindingSummary]:
    """Per kind: how many, how many open, and the first few texts."""
    kinds: dict[str, list[WorkedFinding]] = {}
    for f in found:
        kinds.setdefault(f.kind, []).append(f)
    return [FindingSummary(kind, len(items), sum(f.resolved_at is None for f in items),
                           tuple(f.text for f in items[:FIRST_FINDINGS])) for kind, items in kinds.items()]


#: The steps of a report, as ``write_report`` announces them to ``step``.
STEPS = ("figures", "findings", "report.csv", "findings.csv", "report.pdf")


def write_report(store: HqStore, out_dir: Path | str, *, today: date | None = None,
                 step=lambda done, name: None) -> tuple[Path, Path, Path]:
    """DIR/report.csv, DIR/report.pdf and DIR/findings.csv (the CSVs as Greek Excel opens them: ";", BOM).
    ``step(done, name)`` is called before each of ``STEPS`` (progress on a terminal)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    step(0, STEPS[0])
    aggregates = store.aggregates()
    data = rows_of(aggregates)
    step(1, STEPS[1])
    found = worked(store)
    step(2, STEPS[2])
    csv_path = out_dir / "report.csv"
    csv_path.write_bytes(csv_bytes([{**r, "amount": _amount(r["amount"])} for r in data], list(COLUMNS),
                                   headers=HEADERS))
    step(3, STEPS[3])
    findings_path = out_dir / "findings.csv"
    # Each finding with its stable id and HQ's status of it (``hq findings --resolve``): resolved ones stay marked.
    findings_path.write_bytes(csv_bytes(
        [{"kind": FINDING_LABELS.get(f.kind, f.kind), "villages": f.villages, "text": f.text, "id": f.id,
          "status": f.status} for f in found],
        ["kind", "villages", "text", "id", "status"], headers=(*FINDING_HEADERS, "Κωδικός", "Κατάσταση")))
    step(4, STEPS[4])
    pdf_path = out_dir / "report.pdf"
    summary = Aggregates(aggregates.villages, aggregates.weeks, finding_summary(found))
    pdf_path.write_bytes(report_pdf(summary, today=today or date.today()))
    step(len(STEPS), "done")
    return csv_path, pdf_path, findings_path


def rows_of(aggregates: Aggregates) -> list[dict]:
    return [{"prefecture": v.prefecture, "municipality": v.municipality, "community": v.community,
             "installation": v.installation, "category": OUTCOME_LABELS.get(v.category, v.category or "—"),
             "cases": v.cases, "certificates": v.certificates, "voided": v.voided,
             "amount": Decimal(v.amount_cents) / 100} for v in aggregates.villages]
