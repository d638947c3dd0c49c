"""Issuing one model 3 (numbering + signed QR + 3-page PDF, committed) vs a bare reportlab 3-page PDF.

Target (issue 5): ratio <= 3 and <= 30 ms median per certificate.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from benchmarks.common import row
from correspondent_app.documents.fonts import SERIF, register_fonts
from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.registry import Registry
from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.demo.generate import BENCH_OFFICE

ROUNDS = 40
FACTS = {"provision": "par10", "oga_status": "never", "works_in_agriculture": True}


def bare_pdf() -> bytes:
    """Three A4 pages of similar text in the same embedded font, straight on a canvas."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, initialFontName=SERIF)
    for page in range(3):
        c.setFont(SERIF, 10)
        for line in range(45):
            c.drawString(60, 780 - line * 15, f"ΒΕΒΑΙΩΣΗ ΚΑΤΑΒΟΛΗΣ / ΕΞΑΓΟΡΑΣ ΕΙΣΦΟΡΩΝ — γραμμή {line} σελίδα {page}")
        c.showPage()
    c.save()
    return buffer.getvalue()


def paid_cases(registry: Registry, count: int) -> list[int]:
    ids = []
    for i in range(count):
        person = registry.persons.add({"surname_el": "Χότζα", "surname_lat": "HOXHA", "name_lat": f"ARBEN{i}",
                                       "nationality": "AL"}, allow_duplicate=True)
        case = registry.cases.open(person.id, FACTS)
        registry.cases.move(case.id, "awaiting_payment")
        registry.payments.record_ate(case.id, f"0623/300605/{i:06d}", Decimal("2040.72"))
        settle_for_issue(registry, case.id)  # what the clerk records before issuing: not part of the timing
        ids.append(case.id)
    return ids


def main() -> None:
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        registry = Registry.open(Path(folder) / "bench.sqlite", actor="benchmark")
        registry.profile.save(**BENCH_OFFICE)
        ids = paid_cases(registry, ROUNDS + 2)
        issue_certificate(registry, ids.pop())  # warm up: key, fonts, caches
        bare_pdf()
        ours, bare = [], []
        for case_id in ids:
            start = time.perf_counter()
            issue_certificate(registry, case_id)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare_pdf()
            bare.append(time.perf_counter() - start)
        registry.close()
    m_ours, m_bare = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    print(f"certificate issuing, {len(ours)} rounds (numbering, signature, QR, 3 pages, fsync'd commit)")
    row("issue model 3, median", f"{m_ours:.1f} ms", "bare reportlab 3 pages, median", f"{m_bare:.1f} ms",
        m_ours / m_bare)
    print(f"  targets: ratio <= 3, median <= 30 ms -> ratio {'met' if m_ours / m_bare <= 3 else 'NOT met'}, "
          f"median {'met' if m_ours <= 30 else 'NOT met'}")
