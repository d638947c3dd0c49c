"""The package format shared by the village export and the HQ merge.

A package is a zip:

    manifest.json   format, installation, community, sequence, previous hash,
                    the acknowledged package it builds on, time, row counts,
                    the first protocol number of each year and the SHA-256
                    of every other member
    manifest.sig    Ed25519 signature of manifest.json (base64)
    data/<table>.csv    for people: UTF-8 with BOM, ";" between fields, as
                        Greek Excel opens it without an import wizard
    data/<table>.jsonl  the same rows, machine-readable: what HQ merges

Rows refer to each other by UUID, never by local id, so thousands of
villages merge without clashes.

Reading a package never trusts it: the manifest is checked for shape, its
signature is verified (when the caller gives the village's key) *before*
any member is decompressed or parsed, every member's hash is checked, and
anything damaged (a bad zip, a corrupt deflate stream, JSON that is not
the expected shape) is a :class:`PackageError` with a one-line reason.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from correspondent_app.exchange.validate import RowError, check_row

FORMAT = 1
TABLES = ("persons", "cases", "payments", "certificates", "protocol")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MEMBERS = frozenset(f"data/{t}.{ext}" for t in TABLES for ext in ("csv", "jsonl"))
#: Limits that keep one package's memory bounded (<= 256 MiB at HQ whatever it holds; the rows are held as
#: Python objects, about six times their JSON). Sizes are checked on the zip's directory before anything is
#: decompressed, and again while reading (the directory is not signed). A row's JSON line is at most
#: MAX_ROW_BYTES; a member at most that per declared row; the JSONL members of one package together at most
#: MAX_DATA (about 8,000 persons with their cases, payments and certificates: 50 times the average village),
#: and at most MAX_ROWS rows (tiny rows cost more memory per byte).
MAX_ROW_BYTES = 1 << 16
MAX_DATA = 16 << 20
MAX_ROWS = 100_000
_MAX_MANIFEST = 1 << 20
_CHUNK = 1 << 20
#: Errors that reading a damaged zip member can raise (zlib for a corrupt deflate stream,
#: EOFError for a truncated one, BadZipFile for a CRC or header mismatch).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


class PackageError(ValueError):
    """A package that cannot be merged; the message is the one-line reason."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def excel_cell(value) -> object:
    """A value as Excel may show it: text that Excel would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(rows: list[dict], columns: list[str], *, headers=None) -> bytes:
    """CSV for people opening it in Greek Excel: UTF-8 with BOM, ";" between fields (Excel's list separator
    in the Greek locale, where "," is the decimal mark), CRLF, no cell Excel would take for a formula.
    ``headers``: the first line (default: the column names)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers or columns)
    writer.writerows([excel_cell(r.get(c)) for c in columns] for r in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def jsonl_bytes(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def write_package(path, manifest_base: dict, tables: dict[str, tuple[list[str], list[dict]]], sign) -> bytes:
    """Write the zip; ``sign(bytes) -> bytes``. Returns the manifest bytes."""
    members: dict[str, bytes] = {}
    counts = {}
    for name, (columns, rows) in tables.items():
        members[f"data/{name}.csv"] = csv_bytes(rows, columns)
        members[f"data/{name}.jsonl"] = jsonl_bytes(rows)
        counts[name] = len(rows)
    manifest = {**manifest_base, "format": FORMAT, "rows": counts,
                "members": {name: sha256(data) for name, data in sorted(members.items())}}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    partial = f"{path}.part"
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SIGNATURE, base64.b64encode(sign(manifest_bytes)))
            for name, data in members.items():
                archive.writestr(name, data)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    return manifest_bytes


@dataclass(frozen=True)
class Package:
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    tables: dict[str, list[dict]]
    raw_rows: dict[str, list[str]]  # each row's JSON line as it was in the package

    @property
    def digest(self) -> str:
        return sha256(self.manifest_bytes)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_manifest(manifest) -> None:
    """The manifest's shape: every field the merge reads, of the type it reads it as."""
    if not isinstance(manifest, dict):
        raise PackageError(f"manifest is not an object but a JSON {type(manifest).__name__}")
    if manifest.get("format") != FORMAT:
        raise PackageError(f"format {manifest.get('format')!r} is not understood (expected {FORMAT})")
    problems = []
    if not isinstance(manifest.get("installation"), str) or not manifest["installation"]:
        problems.append("installation")
    if not _is_int(manifest.get("sequence")) or manifest["sequence"] < 1:
        problems.append("sequence")
    if manifest.get("previous") is not None and not isinstance(manifest["previous"], str):
        problems.append("previous")
    if not isinstance(manifest.get("full", False), bool):
        problems.append("full")
    rows = manifest.get("rows")
    if not isinstance(rows, dict) or not set(rows) <= set(TABLES) or not all(
            _is_int(n) and n >= 0 for n in rows.values()):
        problems.append("rows")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(isinstance(d, str) for d in members.values()):
        problems.append("members")
    base = manifest.get("base")
    if base is not None and not (isinstance(base, dict) and _is_int(base.get("sequence"))
                                 and isinstance(base.get("manifest_sha256"), str)):
        problems.append("base")
    start = manifest.get("protocol_start", {})
    if not isinstance(start, dict) or not all(k.isdigit() and _is_int(v) for k, v in start.items()):
        problems.append("protocol_start")
    if problems:
        raise PackageError(f"manifest malformed ({', '.join(problems)})")
    unknown = set(members) - MEMBERS
    if unknown:
        raise PackageError(f"unexpected member {sorted(unknown)[0]!r} listed in the manifest")
    data_tables = {name[len("data/"):-len(".jsonl")] for name in members if name.endswith(".jsonl")}
    if data_tables != set(rows):
        odd = sorted(data_tables ^ set(rows))[0]
        raise PackageError(f"manifest's row counts and data members disagree about table {odd!r}")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, *, keep: bool = True) -> tuple[str, bytes]:
    """The member's SHA-256 and (``keep``) its bytes, read as a stream of at most ``limit`` bytes: the size in
    the zip's directory is checked first, and what is decompressed is counted, never trusted."""
    if info.file_size > limit:
        raise PackageError(f"member {info.filename} is too large ({info.file_size:,} bytes, at most {limit:,})")
    digest, parts, size = hashlib.sha256(), [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise PackageError(f"member {info.filename} is too large (over {limit:,} bytes)")
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
    except _ZIP_ERRORS as exc:
        what = "corrupt compressed data" if isinstance(exc, zlib.error) else type(exc).__name__
        raise PackageError(f"member {info.filename} is damaged ({what}: {exc})") from None
    return digest.hexdigest(), b"".join(parts)


def _member_limits(manifest: dict, by_name: dict[str, zipfile.ZipInfo]) -> dict[str, int]:
    """The most bytes each data member may hold, from the manifest's declared row counts (each row at most
    MAX_ROW_BYTES, plus a CSV header line), the JSONL members together within MAX_DATA; refuses a package
    whose zip directory already declares more, before anything is decompressed."""
    limits = {}
    for name in manifest["members"]:
        table = name[len("data/"):].rsplit(".", 1)[0]
        declared = manifest["rows"].get(table, 0)
        limits[name] = min((declared + 1) * MAX_ROW_BYTES, MAX_DATA)
        if by_name[name].file_size > limits[name]:
            raise PackageError(f"member {name} is too large ({by_name[name].file_size:,} bytes for {declared:,} "
                               f"rows, at most {limits[name]:,}): nothing merged")
    declared = sum(manifest["rows"].values())
    if declared > MAX_ROWS:
        raise PackageError(f"package too large: {declared:,} rows, HQ merges at most {MAX_ROWS:,} per package")
    jsonl = sum(by_name[n].file_size for n in manifest["members"] if n.endswith(".jsonl"))
    if jsonl > MAX_DATA:
        raise PackageError(f"package too large: {jsonl:,} bytes of rows, HQ merges at most {MAX_DATA:,} per package")
    return limits


def _lines(name: str, data: bytes, declared: int) -> list[str]:
    """The member's lines (one row each, "\n" after each), as many as declared, none blank or overlong.
    Blank lines and the count are found on the bytes, before a list of lines is made of them."""
    blank = 1 if data[:1] == b"\n" else None
    if blank is None and (at := data.find(b"\n\n")) >= 0:
        blank = data.count(b"\n", 0, at + 1) + 1
    if blank is not None:
        raise PackageError(f"member {name} line {blank} is blank")
    count = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    if count != declared:
        raise PackageError(f"{name[len('data/'):-len('.jsonl')]}: {count} rows instead of {declared} (member {name})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"member {name} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    # split on "\n" only: splitlines() would also cut a row at a U+2028 inside a name
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if lines and max(map(len, lines)) > MAX_ROW_BYTES:
        number = next(n for n, line in enumerate(lines, 1) if len(line) > MAX_ROW_BYTES)
        raise PackageError(f"member {name} line {number} is longer than {MAX_ROW_BYTES:,} characters")
    return lines


def _parse_rows(name: str, lines: list[str]) -> list[dict]:
    """Each line a JSON object with a UUID (the fast path is one comprehension; the line at fault is looked
    for only when something is wrong), each value checked (:func:`validate.check_row`)."""
    table = name[len("data/"):-len(".jsonl")]
    rows = _decoded(lines)
    if rows is None or not all(type(r) is dict and type(r.get("uuid")) is str and r["uuid"] for r in rows):
        _refuse_line(name, lines)
    number = 0
    try:
        for number, row in enumerate(rows, 1):
            check_row(table, row)
    except RowError as exc:
        raise PackageError(f"{table} row {number} ({str(rows[number - 1]['uuid'])[:36]!r}): field {exc}; "
                           "nothing merged") from None
    return rows


_raw_decode = json.JSONDecoder().raw_decode


def _decoded(lines: list[str]) -> list | None:
    """Each line's JSON value, or None if a line is not JSON. The decoder is called straight (a third faster
    than ``json.loads``, whose wrapper skips whitespace around the value); a line with whitespace around its
    value, which it leaves out, goes through ``json.loads`` as before."""
    try:
        decoded = [_raw_decode(line) for line in lines]
        if all(end == len(line) for (_value, end), line in zip(decoded, lines)):
            return [value for value, _end in decoded]
    except (ValueError, RecursionError):  # JSONDecodeError, or an integer of more than 4,300 digits
        pass
    try:
        return [json.loads(line) for line in lines]
    except (ValueError, RecursionError):
        return None


def _refuse_line(name: str, lines: list[str]) -> None:
    for number, line in enumerate(lines, 1):
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise PackageError(f"member {name} line {number} is not JSON ({getattr(exc, 'msg', exc)})") from None
        except RecursionError:
            raise PackageError(f"member {name} line {number} is not JSON (nested too deeply)") from None
        if not isinstance(row, dict) or not isinstance(row.get("uuid"), str) or not row["uuid"]:
            raise PackageError(f"member {name} line {number} is not a row with a UUID")
    raise AssertionError("unreachable")  # pragma: no cover


Verifier = Callable[[dict, bytes, bytes], None]


def read_package(path, verify: Verifier | None = None) -> Package:
    """Open and check a package; raises :class:`PackageError` with the reason for anything wrong.

    ``verify(manifest, manifest_bytes, signature)`` is called as soon as the
    manifest is read and has the right shape, before any data member is
    decompressed: it raises ``PackageError`` for a wrong signature (the HQ
    merge checks the village's key there), so an unsigned package is never
    parsed.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise PackageError(f"not a readable package ({exc})") from None
    with archive:
        try:
            infos = archive.infolist()
        except _ZIP_ERRORS as exc:
            raise PackageError(f"not a readable package ({exc})") from None
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.filename in by_name:
                raise PackageError(f"member {info.filename} appears twice")
            by_name[info.filename] = info
        if MANIFEST not in by_name or SIGNATURE not in by_name:
            raise PackageError("manifest or signature missing")
        manifest_bytes = _read(archive, by_name[MANIFEST], _MAX_MANIFEST)[1]
        try:
            manifest = json.loads(manifest_bytes)
            signature = base64.b64decode(_read(archive, by_name[SIGNATURE], 1024)[1], validate=True)
        except (ValueError, binascii.Error) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise PackageError(f"manifest unreadable ({exc})") from None
        except RecursionError:  # [[[[… a hundred thousand deep
            raise PackageError("manifest malformed (JSON nested too deeply)") from None
        check_manifest(manifest)
        if verify is not None:
            verify(manifest, manifest_bytes, signature)
        expected = manifest["members"]
        if set(expected) != set(by_name) - {MANIFEST, SIGNATURE}:
            raise PackageError("members differ from the manifest's list")
        limits = _member_limits(manifest, by_name)
        tables, raw_rows = {}, {}
        for name, digest in expected.items():
            jsonl = name.endswith(".jsonl")
            actual, data = _read(archive, by_name[name], limits[name], keep=jsonl)  # a CSV is only hashed
            if actual != digest:
                raise PackageError(f"member {name} was altered (hash mismatch)")
            if jsonl:
                table = name[len("data/"):-len(".jsonl")]
                raw_rows[table] = _lines(name, data, manifest["rows"][table])
                del data  # the lines are a copy: hold one, not both
                tables[table] = _parse_rows(name, raw_rows[table])
    for table, count in manifest["rows"].items():
        if len(tables.get(table, [])) != count:
            raise PackageError(f"{table}: {len(tables.get(table, []))} rows instead of {count}")
    return Package(manifest, manifest_bytes, signature, tables, raw_rows)
