"""Export packages and the HQ merge: round trip, tampering, wrong key, chain, idempotence."""

import json
import shutil
from datetime import date
from decimal import Decimal

import pytest

from correspondent_app.exchange.export import QUERIES, export_package
from correspondent_app.exchange.hq import cross_checks, merge, open_hq, register
from correspondent_app.exchange.package import read_package
from tests.exchange.helpers import resign, rewrite, run, trust, village


@pytest.fixture()
def hq(tmp_path):
    conn = open_hq(tmp_path / "hq.sqlite")
    yield conn
    conn.close()


def test_round_trip_every_column_of_every_table(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1, certificates=True)
    export_package(reg, tmp_path / "a1.zip")
    register(hq, key)
    assert merge(hq, tmp_path / "a1.zip").merged
    for table, query in QUERIES.items():
        cursor = reg.db.execute(query)
        columns = [d[0] for d in cursor.description]
        ours = {r[0]: dict(zip(columns, r, strict=True)) for r in cursor}
        if table == "protocol":  # the export's own entry is made once the package is written: the next one sends it
            ours = {u: r for u, r in ours.items() if r["kind"] != "export"}
        theirs = {u: json.loads(d) for u, d in hq.execute(f"SELECT uuid, data FROM {table}")}
        assert ours, table
        assert ours == theirs, table  # every row, every column, every value and its type
    first = next(iter(QUERIES))
    assert first == "persons" and hq.execute("SELECT COUNT(*) FROM persons WHERE installation = ?",
                                             [reg.profile.get().uuid]).fetchone()[0] == len(
        reg.db.execute("SELECT id FROM persons").fetchall())


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
    from correspondent_app.exchange.ack import import_acknowledgement, write_acknowledgement

    reg, key = village(tmp_path, "alpha", 1)
    register(hq, key)
    first = export_package(reg, tmp_path / "a1.zip")
    assert first.full
    assert merge(hq, tmp_path / "a1.zip").merged
    (tmp_path / "ack1.json").write_bytes(write_acknowledgement(hq, key)[0])
    trust(reg, hq)
    import_acknowledgement(reg, tmp_path / "ack1.json")
    reg.persons.add({"surname_lat": "NEWCOMER", "birth_date": date(1990, 1, 1)})
    second = export_package(reg, tmp_path / "a2.zip")
    assert second.sequence == 2 and not second.full and second.base == 1
    assert second.rows["persons"] == 1 and second.rows["cases"] == 0
    manifest = read_package(tmp_path / "a2.zip").manifest
    assert manifest["previous"] == first.manifest_sha256
    assert manifest["base"] == {"sequence": 1, "manifest_sha256": first.manifest_sha256}
    assert merge(hq, tmp_path / "a2.zip").merged
    assert hq.execute("SELECT COUNT(*) FROM persons WHERE surname_lat = 'NEWCOMER'").fetchone()[0] == 1
    entries = [e for e in reg.protocol.entries() if e.kind == "export"]
    assert len(entries) == 2  # each export is in the protocol book


def test_an_incremental_package_whose_base_hq_lacks_is_refused_as_a_gap(tmp_path, hq):
    from correspondent_app.exchange.ack import import_acknowledgement, write_acknowledgement

    reg, key = village(tmp_path, "alpha", 1)
    other = open_hq(tmp_path / "other-hq.sqlite")  # an HQ that did get package 1 and acknowledged it
    register(other, key)
    export_package(reg, tmp_path / "a1.zip")
    assert merge(other, tmp_path / "a1.zip").merged
    (tmp_path / "ack.json").write_bytes(write_acknowledgement(other, key)[0])
    trust(reg, other)
    other.close()
    import_acknowledgement(reg, tmp_path / "ack.json")
    reg.persons.add({"surname_lat": "NEWCOMER", "birth_date": date(1990, 1, 1)})
    export_package(reg, tmp_path / "a2.zip")
    register(hq, key)
    gap = merge(hq, tmp_path / "a2.zip")  # this HQ never saw package 1
    assert not gap.merged and "package 1" in gap.reason and "missing" in gap.reason
    assert merge(hq, tmp_path / "a1.zip").merged and merge(hq, tmp_path / "a2.zip").merged


def test_replay_and_fork_are_refused(tmp_path, hq):
    reg, key = village(tmp_path, "alpha", 1)
    register(hq, key)
    export_package(reg, tmp_path / "a1.zip")
    copy = tmp_path / "copy.sqlite"
    import sqlite3

    with sqlite3.connect(copy) as target:  # a second machine with the same registry: a fork of its chain
        reg.db.conn.backup(target)
    reg.persons.add({"surname_lat": "ONE", "birth_date": date(1990, 1, 1)})
    export_package(reg, tmp_path / "a2.zip")
    from correspondent_app.registry import Registry

    with Registry.open(copy, actor="fork") as twin:
        twin.persons.add({"surname_lat": "OTHER", "birth_date": date(1991, 1, 1)})
        export_package(twin, tmp_path / "fork2.zip")
        twin.persons.add({"surname_lat": "THIRD", "birth_date": date(1992, 1, 1)})
        export_package(twin, tmp_path / "fork3.zip")
    assert merge(hq, tmp_path / "a1.zip").merged and merge(hq, tmp_path / "a2.zip").merged
    fork = merge(hq, tmp_path / "fork2.zip")
    assert not fork.merged and "fork" in fork.reason
    fork3 = merge(hq, tmp_path / "fork3.zip")  # sequence 3, but it follows the twin's package 2
    assert not fork3.merged and "fork" in fork3.reason
    replay = resign(reg, tmp_path / "a1.zip", tmp_path / "replay.zip",
                    change_manifest=lambda m: {**m, "created_at": "2005-12-31T10:00:00+02:00"})
    result = merge(hq, replay)  # package 1 again, other content
    assert not result.merged and "replay" in result.reason
    assert hq.execute("SELECT COUNT(*) FROM persons WHERE surname_lat IN ('OTHER', 'THIRD')").fetchone()[0] == 0


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
    found = [f for f in cross_checks(hq) if code in f]
    assert found and "Κοινότητα alpha" in found[0] and "Κοινότητα beta" in found[0]  # villages by name


def test_command_line(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    path = reg.path
    reg.close()
    exported = run("--db", path, "export", "--out", tmp_path / "p1.zip")
    assert exported.returncode == 0 and "package 1 (full)" in exported.stdout
    assert (tmp_path / "p1.pdf").exists()  # the transmittal listing what was sent
    assert run("hq", "register", "--into", tmp_path / "hq.sqlite", key).returncode == 0
    shutil.copy(tmp_path / "p1.zip", tmp_path / "copy.zip")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    result = run("hq", "merge", "--into", tmp_path / "hq.sqlite", tmp_path / "p1.zip", tmp_path / "junk.zip")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert lines[0].endswith("rows, full package 1 of Κοινότητα alpha (" + json.loads(key.read_text())[
        "installation"][:8] + ")") and ": merged: " in lines[0] and "merged: merged" not in lines[0]
    assert ": refused: " in lines[1]
    again = run("hq", "merge", "--into", tmp_path / "hq.sqlite", tmp_path / "copy.zip")
    assert again.returncode == 0 and "already merged" in again.stdout
    report = run("hq", "report", "--from", tmp_path / "hq.sqlite", "--out", tmp_path / "rep")
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "rep" / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "rep" / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "rep" / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.no_hq
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
