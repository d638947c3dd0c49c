"""The package format shared by the village export and the HQ merge.

A package is a zip:

    manifest.json   format, installation, community, sequence, previous hash,
                    time, row counts and the SHA-256 of every other member
    manifest.sig    Ed25519 signature of manifest.json (base64)
    data/<table>.csv    UTF-8 with BOM (Greek Excel opens it right)
    data/<table>.jsonl  the same rows, machine-readable

Rows refer to each other by UUID, never by local id, so thousands of
villages merge without clashes.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

FORMAT = 1
TABLES = ("persons", "cases", "payments", "certificates", "protocol")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


class PackageError(ValueError):
    """A package that cannot be merged; the message is the one-line reason."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
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
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, base64.b64encode(sign(manifest_bytes)))
        for name, data in members.items():
            archive.writestr(name, data)
    import os  # noqa: PLC0415

    os.replace(partial, path)
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


def read_package(path) -> Package:
    """Open and check the package's own consistency (not yet its signature)."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError(f"not a readable package ({exc})") from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names or SIGNATURE not in names:
            raise PackageError("manifest or signature missing")
        manifest_bytes = archive.read(MANIFEST)
        try:
            manifest = json.loads(manifest_bytes)
            signature = base64.b64decode(archive.read(SIGNATURE), validate=True)
        except (ValueError, json.JSONDecodeError) as exc:
            raise PackageError(f"manifest unreadable ({exc})") from None
        if manifest.get("format") != FORMAT:
            raise PackageError(f"format {manifest.get('format')} is not understood (expected {FORMAT})")
        expected = manifest.get("members", {})
        if set(expected) != names - {MANIFEST, SIGNATURE}:
            raise PackageError("members differ from the manifest's list")
        tables, raw_rows = {}, {}
        for name, digest in expected.items():
            data = archive.read(name)
            if sha256(data) != digest:
                raise PackageError(f"member {name} was altered (hash mismatch)")
            if name.endswith(".jsonl"):
                table = name[len("data/"):-len(".jsonl")]
                raw_rows[table] = [line for line in data.decode("utf-8").splitlines() if line]
                tables[table] = [json.loads(line) for line in raw_rows[table]]
    for table, count in manifest.get("rows", {}).items():
        if len(tables.get(table, [])) != count:
            raise PackageError(f"{table}: {len(tables.get(table, []))} rows instead of {count}")
    return Package(manifest, manifest_bytes, signature, tables, raw_rows)
