"""The HQ report: its figures equal the villages' own, its CSVs open in Greek Excel, its queries use indexes."""

import csv
import io
import json
from decimal import Decimal

import pytest
from pypdf import PdfReader

from correspondent_app.exchange.export import export_package
from correspondent_app.demo.generate import make_demo
from correspondent_app.exchange.hq import cross_checks, merge, open_hq, open_hq_read_only, register
from correspondent_app.exchange.package import csv_bytes
from correspondent_app.exchange.report import OUTCOME_LABELS, rows, write_report
from tests.exchange.helpers import village


def merged(tmp_path, *names):
    conn = open_hq(tmp_path / "hq.sqlite")
    regs = []
    for seed, name in enumerate(names, 1):
        reg, key = village(tmp_path, name, seed, certificates=True)
        register(conn, key)
        export_package(reg, tmp_path / f"{name}.zip")
        assert merge(conn, tmp_path / f"{name}.zip").merged
        regs.append(reg)
    conn.close()
    return regs, open_hq_read_only(tmp_path / "hq.sqlite")


def expected(reg):
    """Per category, from the village's own registry: cases, certificates in force, cents paid."""
    out = {}
    for category, cases in reg.db.execute("SELECT COALESCE(category, outcome), COUNT(*) FROM cases GROUP BY 1"):
        out[OUTCOME_LABELS.get(category, category or "—")] = [cases, 0, 0]
    for category, n in reg.db.execute("SELECT COALESCE(k.category, k.outcome), COUNT(*) FROM certificates c "
                                      "JOIN cases k ON k.id = c.case_id WHERE c.voided_at IS NULL GROUP BY 1"):
        out[OUTCOME_LABELS.get(category, category)][1] = n
    for category, cents in reg.db.execute("SELECT COALESCE(k.category, k.outcome), SUM(y.amount_cents) FROM payments y "
                                          "JOIN cases k ON k.id = y.case_id GROUP BY 1"):
        out[OUTCOME_LABELS.get(category, category)][2] = cents
    return out


def test_the_report_adds_up_to_the_villages_own_figures(tmp_path):
    (alpha, beta), conn = merged(tmp_path, "alpha", "beta")
    data = rows(conn)
    for reg in (alpha, beta):
        community = reg.profile.get().community
        ours = {r["category"]: [r["cases"], r["certificates"], int(r["amount"] * 100)] for r in data
                if r["community"] == community}
        assert ours == expected(reg), community
    assert sum(r["certificates"] for r in data) > 0


def test_the_figures_kept_by_each_merge_equal_those_of_all_rows(tmp_path):
    """The report reads figures the merges keep per village; after a later package voids a certificate and
    adds cases, they equal what a computation over every row gives (and the village's own figures)."""
    (alpha, beta), conn = merged(tmp_path, "alpha", "beta")
    conn.close()
    certificate = alpha.db.execute("SELECT id FROM certificates WHERE voided_at IS NULL LIMIT 1").fetchone()[0]
    alpha.certificates.void(certificate, "λάθος στοιχεία")
    make_demo(alpha, persons=3, seed=77, render=False)
    export_package(alpha, tmp_path / "alpha-2.zip")
    hq = open_hq(tmp_path / "hq.sqlite")
    assert merge(hq, tmp_path / "alpha-2.zip").merged
    kept = (hq.aggregates(), cross_checks(hq))
    hq.rebuild_derived()
    assert (hq.aggregates(), cross_checks(hq)) == kept
    assert sum(v.voided for v in kept[0].villages) >= 1
    data = rows(hq)
    community = alpha.profile.get().community
    ours = {r["category"]: [r["cases"], r["certificates"], int(r["amount"] * 100)] for r in data
            if r["community"] == community}
    assert ours == expected(alpha)
    source = open("correspondent_app/exchange/hq_sqlite.py", encoding="utf-8").read()
    assert "SUM(DISTINCT" not in source  # two equal payments in one group are two payments


def test_two_equal_payments_in_a_group_are_both_counted(tmp_path):
    (alpha,), conn = merged(tmp_path, "alpha")
    by_category = {}
    for category, cents in alpha.db.execute("SELECT k.category, y.amount_cents FROM payments y JOIN cases k "
                                            "ON k.id = y.case_id WHERE k.category IS NOT NULL"):
        by_category.setdefault(category, []).append(cents)
    repeated = [c for c, amounts in by_category.items() if len(amounts) > len(set(amounts))]
    assert repeated, "the demo data has a category with two equal payments (e.g. 1δ at 2.040,72)"
    (line,) = [r for r in rows(conn) if r["category"] == repeated[0]]  # one community, so one line of it
    assert line["amount"] == Decimal(sum(by_category[repeated[0]])) / 100


def test_report_csvs_open_in_greek_excel_and_list_the_findings(tmp_path):
    (alpha, beta), conn = merged(tmp_path, "alpha", "beta")
    write_report(conn, tmp_path / "rep")
    raw = (tmp_path / "rep" / "report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert table[0] == ["Νομός", "Δήμος", "Κοινότητα", "Κωδικός εγκατάστασης", "Κατηγορία", "Υποθέσεις",
                        "Βεβαιώσεις", "Ακυρωμένες", "Ποσό (€)"]
    amounts = [r[8] for r in table[1:]]
    assert all("," in a and "." not in a for a in amounts)  # decimal comma, no thousands dot
    assert "2040,72" in {a for a in amounts} or any(a.endswith(",72") for a in amounts)
    found = list(csv.reader(io.StringIO((tmp_path / "rep" / "findings.csv").read_text("utf-8-sig")), delimiter=";"))
    assert found[0][:3] == ["Είδος", "Ανταποκριτές", "Εύρημα"]  # then the id and status (hq findings)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "rep" / "report.pdf").pages)
    assert "Συγκεντρωτική αναφορά" in text and "Κοινότητα alpha" in text


def test_findings_reach_the_report(tmp_path):
    (alpha, beta), conn = merged(tmp_path, "alpha", "beta")
    conn.close()
    rw = open_hq(tmp_path / "hq.sqlite")
    code = rw.execute("SELECT receipt_code FROM payments WHERE receipt_code IS NOT NULL AND installation = ? LIMIT 1",
                      [alpha.profile.get().uuid]).fetchone()[0]
    rw.execute("UPDATE payments SET receipt_code = ? WHERE uuid = (SELECT uuid FROM payments WHERE installation = ? "
               "AND receipt_code IS NOT NULL LIMIT 1)", [code, beta.profile.get().uuid])
    rw.rebuild_derived()  # edited behind the merge's back: findings recomputed as a merge would
    rw.close()
    write_report(open_hq_read_only(tmp_path / "hq.sqlite"), tmp_path / "rep")
    found = (tmp_path / "rep" / "findings.csv").read_text("utf-8-sig")
    assert code in found and "Γραμμάτιο ΑΤΕ" in found and "Κοινότητα alpha" in found
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "rep" / "report.pdf").pages)
    assert code in text


@pytest.mark.no_hq
def test_package_csvs_use_the_greek_list_separator_and_defuse_formulas(tmp_path):
    reg, _key = village(tmp_path, "alpha", 1)
    reg.persons.add({"surname_lat": "=HYPERLINK(\"http://x\")", "name_lat": "A; B"})
    export_package(reg, tmp_path / "a1.zip")
    import zipfile

    with zipfile.ZipFile(tmp_path / "a1.zip") as z:
        raw = z.read("data/persons.csv")
        lines = [json.loads(line) for line in z.read("data/persons.jsonl").decode().splitlines()]
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert len(table) == len(lines) + 1 and all(len(r) == len(table[0]) for r in table)
    cells = {c for r in table for c in r}
    assert any(c.startswith("'=HYPERLINK(") for c in cells) and "A; B" in cells
    assert any(r["surname_lat"].startswith("=HYPERLINK(") for r in lines)  # the machine copy is as entered
    assert csv_bytes([{"a": "-1"}], ["a"]).endswith(b"'-1\r\n")
