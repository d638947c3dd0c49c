"""Damaged packages: each is refused with a one-line reason and the batch goes on with the next."""

import zipfile

import pytest

from correspondent_app.exchange import hq as hq_module
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import merge, open_hq, register
from correspondent_app.exchange.package import PackageError, read_package
from tests.exchange.helpers import in_transaction, resign, rewrite, run, village


@pytest.fixture()
def alpha(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    export_package(reg, tmp_path / "a1.zip")
    yield reg, key, tmp_path / "a1.zip"
    reg.close()


def flip_a_byte(src, dst, member):
    """Flip one byte inside a member's compressed data, leaving the zip's directory intact."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


def test_a_flipped_byte_in_a_member_is_a_refusal_not_a_traceback(tmp_path, alpha):
    reg, key, package = alpha
    broken = flip_a_byte(package, tmp_path / "crc.zip", "data/persons.jsonl")
    conn = open_hq(tmp_path / "hq.sqlite")
    register(conn, key)
    result = merge(conn, broken)
    assert not result.merged and "data/persons.jsonl" in result.reason and "damaged" in result.reason


@pytest.mark.no_hq
@pytest.mark.parametrize("manifest", [b"[1,2]", b'"text"', b"null", b"{\"format\": 1}",
                                      b'{"format": 1, "installation": "x", "sequence": "1", "rows": {}, "members": {}}',
                                      b'{"format": 1, "installation": "x", "sequence": 1, "rows": [], "members": {}}'])
def test_a_manifest_of_the_wrong_shape_is_refused(tmp_path, alpha, manifest):
    _reg, _key, package = alpha
    rewrite(package, tmp_path / "bad.zip", lambda n, d: manifest if n == "manifest.json" else d)
    with pytest.raises(PackageError, match="manifest"):
        read_package(tmp_path / "bad.zip")


@pytest.mark.no_hq
def test_the_signature_is_checked_before_any_member_is_parsed(tmp_path, alpha, monkeypatch):
    _reg, _key, package = alpha
    parsed = []
    monkeypatch.setattr("correspondent_app.exchange.package._parse_rows",
                        lambda name, data: parsed.append(name) or ([], []))

    def refuse(manifest, manifest_bytes, signature):
        raise PackageError("signature does not match")

    with pytest.raises(PackageError, match="signature"):
        read_package(package, verify=refuse)
    assert parsed == []


@pytest.mark.parametrize("garbage", [b"{not json\n", b"[1, 2]\n", b'{"no_uuid": 1}\n',
                                     b"\xff\xfe\n"])
def test_a_signed_package_with_a_member_that_is_not_rows_is_refused(tmp_path, alpha, garbage):
    reg, key, package = alpha

    def spoil(members):
        members["data/persons.jsonl"] = garbage
        return members

    bad = resign(reg, package, tmp_path / "bad.zip", change_members=spoil)
    conn = open_hq(tmp_path / "hq.sqlite")
    register(conn, key)
    result = merge(conn, bad)
    assert not result.merged and "data/persons.jsonl" in result.reason, result.reason


def test_a_signed_row_with_a_list_where_a_value_goes_is_refused(tmp_path, alpha):
    import json

    reg, key, package = alpha

    def spoil(members):
        rows = [json.loads(line) for line in members["data/persons.jsonl"].decode().splitlines()]
        rows[0]["passport_no"] = ["AB", 1]
        members["data/persons.jsonl"] = "".join(json.dumps(r) + "\n" for r in rows).encode()
        return members

    conn = open_hq(tmp_path / "hq.sqlite")
    register(conn, key)
    result = merge(conn, resign(reg, package, tmp_path / "bad.zip", change_members=spoil))
    assert not result.merged and "wrong type" in result.reason, result.reason
    assert conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 0


def test_an_unexpected_error_refuses_that_package_and_the_others_go_on(tmp_path, monkeypatch):
    alpha, alpha_key = village(tmp_path, "alpha", 1)
    beta, beta_key = village(tmp_path, "beta", 2)
    export_package(alpha, tmp_path / "a.zip")
    export_package(beta, tmp_path / "b.zip")
    conn = open_hq(tmp_path / "hq.sqlite")
    register(conn, alpha_key)
    register(conn, beta_key)
    real = hq_module._store
    calls = []

    def flaky(conn, package, notes):
        calls.append(package.manifest["community"])
        if len(calls) == 1:
            raise RuntimeError("disk hiccup")
        return real(conn, package, notes)

    monkeypatch.setattr(hq_module, "_store", flaky)
    first = merge(conn, tmp_path / "a.zip")
    assert not first.merged and "disk hiccup" in first.reason and not in_transaction(conn)
    assert merge(conn, tmp_path / "b.zip").merged
    assert merge(conn, tmp_path / "a.zip").merged  # nothing half-written by the failed attempt


def test_hq_merge_prints_one_line_per_package_and_goes_on(tmp_path, alpha):
    reg, key, package = alpha
    broken = flip_a_byte(package, tmp_path / "crc.zip", "data/persons.jsonl")
    rewrite(package, tmp_path / "list.zip", lambda n, d: b"[1,2]" if n == "manifest.json" else d)
    bad_rows = resign(reg, package, tmp_path / "jsonl.zip",
                      change_members=lambda m: {**m, "data/cases.jsonl": b"{not json\n"})
    hq = tmp_path / "hq.sqlite"
    assert run("hq", "register", "--into", hq, key).returncode == 0
    result = run("hq", "merge", "--into", hq, broken, tmp_path / "list.zip", bad_rows, package)
    lines = result.stdout.splitlines()
    assert "Traceback" not in result.stderr and len(lines) == 4, result.stdout + result.stderr
    assert all(": refused: " in line for line in lines[:3]) and ": merged: " in lines[3]
    assert result.returncode == 1  # not every package merged
    assert run("hq", "merge", "--into", hq, package).returncode == 0  # every package (already) merged
