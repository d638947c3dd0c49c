"""Export packages and the HQ merge: round trip, tampering, wrong key, chain, idempotence."""

import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.demo.generate import make_demo
from correspondent_app.exchange.export import export_package, public_key_file
from correspondent_app.exchange.hq import cross_checks, merge, open_hq, register
from correspondent_app.exchange.package import read_package
from correspondent_app.registry import Registry


def village(tmp_path, name, seed):
    reg = Registry.open(tmp_path / f"{name}.sqlite", actor=name)
    reg.profile.save(community=f"Κοινότητα {name}", municipality="Δήμος Τεστ", prefecture="Ν. Τεστ")
    make_demo(reg, persons=20, seed=seed, render=False)
    key = tmp_path / f"{name}.pub"
    key.write_bytes(public_key_file(reg))
    return reg, key


@pytest.fixture()
def hq(tmp_path):
    conn = open_hq(tmp_path / "hq.sqlite")
    yield conn
    conn.close()


def test_round_trip_every_row_equal(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1)
    export_package(reg, tmp_path / "a1.zip")
    register(hq, key)
    assert merge(hq, tmp_path / "a1.zip").merged
    for table, query in [("persons", "SELECT uuid, passport_no FROM persons"),
                         ("payments", "SELECT uuid, receipt_code FROM payments"),
                         ("certificates", "SELECT uuid, protocol_no FROM certificates")]:
        ours = sorted(tuple(r) for r in reg.db.execute(query))
        theirs = sorted(tuple(r) for r in hq.execute(query.replace(" FROM", " FROM")))
        assert ours == theirs, table
    person = reg.db.execute("SELECT uuid, surname_el, birth_date FROM persons LIMIT 1").fetchone()
    data = json.loads(hq.execute("SELECT data FROM persons WHERE uuid = ?", [person[0]]).fetchone()[0])
    assert (data["surname_el"], data["birth_date"]) == (person[1], person[2])


def test_double_merge_changes_nothing(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1)
    export_package(reg, tmp_path / "a1.zip")
    register(hq, key)
    assert merge(hq, tmp_path / "a1.zip").merged
    before = hq.execute("SELECT COUNT(*) FROM persons").fetchone()[0]
    again = merge(hq, tmp_path / "a1.zip")
    assert again.merged and "already" in again.reason
    assert hq.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == before
    assert hq.execute("SELECT COUNT(*) FROM packages").fetchone()[0] == 1


def rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))


def test_tampered_member_and_manifest_are_refused(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1)
    export_package(reg, tmp_path / "a1.zip")
    register(hq, key)
    rewrite(tmp_path / "a1.zip", tmp_path / "member.zip",
            lambda n, d: d.replace(b"0623/", b"0624/") if n == "data/payments.jsonl" else d)
    result = merge(hq, tmp_path / "member.zip")
    assert not result.merged and "altered" in result.reason

    def forge(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["community"] = "Άλλη"
        return json.dumps(manifest).encode()

    rewrite(tmp_path / "a1.zip", tmp_path / "manifest.zip", forge)
    result = merge(hq, tmp_path / "manifest.zip")
    assert not result.merged and "signature" in result.reason
    assert hq.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 0  # refused whole


def test_wrong_key_and_unregistered_village(tmp_path, hq):
    alpha, alpha_key = village(tmp_path, "alpha", 1)
    beta, beta_key = village(tmp_path, "beta", 2)
    export_package(alpha, tmp_path / "a1.zip")
    assert "not registered" in merge(hq, tmp_path / "a1.zip").reason
    info = json.loads(alpha_key.read_text())
    info["public_key"] = json.loads(beta_key.read_text())["public_key"]  # alpha's id with beta's key
    forged = tmp_path / "forged.pub"
    forged.write_text(json.dumps(info))
    register(hq, forged)
    result = merge(hq, tmp_path / "a1.zip")
    assert not result.merged and "signature" in result.reason


def test_chain_gap_and_incremental_export(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1)
    register(hq, key)
    first = export_package(reg, tmp_path / "a1.zip")
    reg.persons.add({"surname_lat": "NEWCOMER", "birth_date": date(1990, 1, 1)})
    second = export_package(reg, tmp_path / "a2.zip")
    assert second.sequence == 2 and second.rows["persons"] == 1 and second.rows["cases"] == 0
    assert read_package(tmp_path / "a2.zip").manifest["previous"] == first.manifest_sha256
    gap = merge(hq, tmp_path / "a2.zip")
    assert not gap.merged and "package 1" in gap.reason and "missing" in gap.reason
    assert merge(hq, tmp_path / "a1.zip").merged and merge(hq, tmp_path / "a2.zip").merged
    assert hq.execute("SELECT COUNT(*) FROM persons WHERE surname_lat = 'NEWCOMER'").fetchone()[0] == 1
    entries = [e for e in reg.protocol.entries() if e.kind == "export"]
    assert len(entries) == 2  # each export is in the protocol book


def test_cross_village_checks(tmp_path, hq):
    alpha, alpha_key = village(tmp_path, "alpha", 1)
    beta, beta_key = village(tmp_path, "beta", 2)
    code = alpha.db.execute("SELECT receipt_code FROM payments WHERE receipt_code IS NOT NULL LIMIT 1").fetchone()[0]
    p = beta.persons.add({"surname_lat": "TWICE"})
    case = beta.cases.open(p.id, {"provision": "par10", "oga_status": "never", "works_in_agriculture": True})
    beta.cases.move(case.id, "awaiting_payment")
    beta.payments.record_ate(case.id, code, Decimal("2040.72"), today=date(2005, 12, 31))
    for reg, key, name in ((alpha, alpha_key, "a"), (beta, beta_key, "b")):
        register(hq, key)
        export_package(reg, tmp_path / f"{name}.zip")
        assert merge(hq, tmp_path / f"{name}.zip").merged
    assert any(code in finding for finding in cross_checks(hq))


def test_command_line(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    path = reg.path
    reg.close()

    def run(*args):
        return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], capture_output=True,
                              text=True, timeout=120)

    assert run("--db", path, "export", "--out", tmp_path / "p1.zip").returncode == 0
    assert (tmp_path / "p1.pdf").exists()  # the transmittal listing what was sent
    assert run("hq", "register", "--into", tmp_path / "hq.sqlite", key).returncode == 0
    shutil.copy(tmp_path / "p1.zip", tmp_path / "copy.zip")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    result = run("hq", "merge", "--into", tmp_path / "hq.sqlite", tmp_path / "p1.zip", tmp_path / "junk.zip")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "merged" in lines[0] and "refused" in lines[1] and "Traceback" not in result.stderr
    report = run("hq", "report", "--from", tmp_path / "hq.sqlite", "--out", tmp_path / "rep")
    assert report.returncode == 0
    assert (tmp_path / "rep" / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "rep" / "report.pdf").read_bytes().startswith(b"%PDF")


def test_a_cancelled_export_writes_and_records_nothing(tmp_path):
    from tests.registry.test_backups import Cancel, cancel_at

    reg, _key = village(tmp_path, "a", 1)
    out = tmp_path / "a-1.zip"
    entries = len(reg.protocol.entries())
    with pytest.raises(Cancel):
        export_package(reg, out, progress=cancel_at(3))
    assert not out.exists() and len(reg.protocol.entries()) == entries
    assert reg.db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert export_package(reg, out).sequence == 1  # the next export is still the first
    reg.close()
