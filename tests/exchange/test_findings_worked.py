"""Findings can be worked: a stable id each, resolved with a note, still resolved after later merges and reports."""

import csv
import io

from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.findings import finding_id, worked
from correspondent_app.exchange.hq import findings, open_hq, open_hq_read_only
from tests.exchange.helpers import run, village


def _share_receipt(hq_path, source, target, skip=0):
    """Give one of ``target``'s payments a receipt code of ``source``: a receipt used in two villages."""
    conn = open_hq(hq_path)
    code = conn.execute("SELECT receipt_code FROM payments WHERE receipt_code IS NOT NULL AND installation = ? "
                        "ORDER BY uuid LIMIT 1 OFFSET ?", [source, skip]).fetchone()[0]
    conn.execute("UPDATE payments SET receipt_code = ? WHERE uuid = (SELECT uuid FROM payments WHERE installation = ? "
                 "AND receipt_code IS NOT NULL ORDER BY uuid LIMIT 1 OFFSET ?)", [code, target, skip])
    conn.rebuild_derived()  # edited behind the merge's back: findings recomputed as a merge would
    conn.close()
    return code


def _hq(tmp_path, *names):
    hq = tmp_path / "hq.sqlite"
    regs = []
    for seed, name in enumerate(names, 1):
        reg, key = village(tmp_path, name, seed)
        assert run("hq", "register", "--into", hq, key).returncode == 0
        export_package(reg, tmp_path / f"{name}.zip")
        regs.append(reg)
    merged = run("hq", "merge", "--into", hq, *(tmp_path / f"{n}.zip" for n in names))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    return hq, regs


def _listed(hq, *extra):
    result = run("hq", "findings", "--from", hq, "--list", *extra)
    assert result.returncode == 0, result.stderr
    return {line.split("\t")[0]: line.split("\t") for line in result.stdout.splitlines()}


def _report_findings(hq, out):
    done = run("hq", "report", "--from", hq, "--out", out)
    assert done.returncode == 0, done.stderr
    table = list(csv.reader(io.StringIO((out / "findings.csv").read_text("utf-8-sig")), delimiter=";"))
    return {row[3]: row for row in table[1:]}


def test_a_finding_has_the_same_id_when_computed_again(tmp_path):
    hq, (alpha, beta) = _hq(tmp_path, "alpha", "beta")
    _share_receipt(hq, alpha.profile.get().uuid, beta.profile.get().uuid)
    first = [finding_id(f) for f in findings(open_hq_read_only(hq))]
    assert first and first == [f.id for f in worked(open_hq_read_only(hq))]
    assert len(set(first)) == len(first)


def test_a_resolved_finding_stays_resolved_after_more_packages_and_a_report(tmp_path):
    hq, (alpha, beta) = _hq(tmp_path, "alpha", "beta")
    code = _share_receipt(hq, alpha.profile.get().uuid, beta.profile.get().uuid)
    listed = _listed(hq, "--kind", "receipt")
    (fid,) = [i for i, row in listed.items() if code in row[3]]
    assert listed[fid][4] == "open"

    resolved = run("hq", "findings", "--from", hq, "--resolve", fid, "--note", "typing error, corrected", "--by", "maria")
    assert resolved.returncode == 0, resolved.stderr
    assert "resolved" in resolved.stdout and "maria" in resolved.stdout

    # more packages merged: another village, and a new finding about it
    gamma, key = village(tmp_path, "gamma", 3)
    assert run("hq", "register", "--into", hq, key).returncode == 0
    export_package(gamma, tmp_path / "gamma.zip")
    assert run("hq", "merge", "--into", hq, tmp_path / "gamma.zip").returncode == 0
    new_code = _share_receipt(hq, alpha.profile.get().uuid, gamma.profile.get().uuid, skip=1)

    listed = _listed(hq)
    assert listed[fid][4].startswith("resolved") and "typing error, corrected" in listed[fid][4]
    (new,) = [i for i, row in listed.items() if new_code in row[3]]
    assert listed[new][4] == "open"
    open_only = _listed(hq, "--open")
    assert fid not in open_only and new in open_only

    report = _report_findings(hq, tmp_path / "rep")
    assert report[fid][4].startswith("resolved") and "maria" in report[fid][4]
    assert report[new][4] == "open"


def test_resolving_needs_a_note_and_a_known_id(tmp_path):
    hq, (alpha, beta) = _hq(tmp_path, "alpha", "beta")
    _share_receipt(hq, alpha.profile.get().uuid, beta.profile.get().uuid)
    fid = next(iter(_listed(hq)))
    no_note = run("hq", "findings", "--from", hq, "--resolve", fid)
    assert no_note.returncode == 1 and "note" in no_note.stderr and "Traceback" not in no_note.stderr
    blank = run("hq", "findings", "--from", hq, "--resolve", fid, "--note", "  ")
    assert blank.returncode == 1
    unknown = run("hq", "findings", "--from", hq, "--resolve", "receipt-0000000000", "--note", "done")
    assert unknown.returncode == 1 and "no finding with id receipt-0000000000" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    assert _listed(hq)[fid][4] == "open"  # nothing was resolved by the refusals
