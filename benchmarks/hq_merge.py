"""HQ merge of many village packages beside the bare floor (unzip + bulk insert, no checks) measured in the
same run, the cost per package at both ends, peak memory, and `hq report` over what was merged.

Targets (issue 17): 6,000 packages totalling 1,000,000 cases merged in <= 2x the bare baseline, cost per
package flat from 300 to 6,000, <= 1 GiB; the report in <= 10 s. Packages are
generated straight in the package format (a registry per village would take
hours), with real signatures, through the same writer the export uses.
BENCH_VILLAGES and BENCH_CASES change the scale (e.g. BENCH_VILLAGES=300
BENCH_CASES=50000 while developing).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pypdf import PdfReader

from benchmarks.common import CACHE, row
from correspondent_app.demo.names import sample_persons
from correspondent_app.exchange.export import QUERIES
from correspondent_app.exchange.hq import findings, merge_many, open_hq, open_hq_read_only, register
from correspondent_app.exchange.package import TABLES, write_package
from correspondent_app.exchange.report import rows as report_rows
from correspondent_app.exchange.report import write_report

VILLAGES = int(os.environ.get("BENCH_VILLAGES", "6000"))
CASES = int(os.environ.get("BENCH_CASES", "1000000"))


def columns(table: str) -> list[str]:
    select = QUERIES[table].split("FROM")[0][len("SELECT "):]
    return [c.strip().split(" AS ")[-1].split(".")[-1] for c in select.split(",")]


#: Greek prefectures (νομοί) the demo villages are spread over, and the categories with their amounts.
PREFECTURES = ("Αιτωλοακαρνανίας", "Αργολίδας", "Αρκαδίας", "Άρτας", "Αττικής", "Αχαΐας", "Βοιωτίας", "Γρεβενών",
               "Δράμας", "Δωδεκανήσου", "Έβρου", "Εύβοιας", "Ευρυτανίας", "Ζακύνθου", "Ηλείας", "Ημαθίας",
               "Ηρακλείου", "Θεσπρωτίας", "Θεσσαλονίκης", "Ιωαννίνων", "Καβάλας", "Καρδίτσας", "Καστοριάς",
               "Κέρκυρας", "Κεφαλληνίας", "Κιλκίς", "Κοζάνης", "Κορινθίας", "Κυκλάδων", "Λακωνίας", "Λάρισας",
               "Λασιθίου", "Λέσβου", "Λευκάδας", "Μαγνησίας", "Μεσσηνίας", "Ξάνθης", "Πέλλας", "Πιερίας",
               "Πρέβεζας", "Ρεθύμνου", "Ροδόπης", "Σάμου", "Σερρών", "Τρικάλων", "Φθιώτιδας", "Φλώρινας",
               "Φωκίδας", "Χαλκιδικής", "Χανίων", "Χίου", "Αγίου Όρους")
CATEGORIES = (("1δ", 204072, 50), ("2", 102036, 25), ("1β", 79848, 10), ("1γ", 79848, 8), ("1α", 0, 4),
              (None, 0, 3))
PROGRAMME_START = date(2005, 9, 5)


def village_package(folder: Path, index: int, cases: int, rng: random.Random, second: bool = False) -> tuple[Path, Path]:
    """One village's full package: persons, cases of every category (some undecided), payments, certificates
    issued over the programme's months (a few voided) and their protocol entries. ``second``: also its next
    package (``second_package``)."""
    key = Ed25519PrivateKey.generate()
    installation = str(uuid.UUID(int=rng.getrandbits(128)))
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    key_file = folder / f"v{index}.pub"
    prefecture = PREFECTURES[index % len(PREFECTURES)]
    key_file.write_text(json.dumps({"installation": installation, "community": f"Κοινότητα {index}",
                                    "municipality": f"Δήμος {prefecture[:4]}-{index % 600 // 52}",
                                    "prefecture": f"Ν. {prefecture}", "public_key": public}))
    tables = {t: (columns(t), []) for t in TABLES}
    weights = [w for *_, w in CATEGORIES]
    issued_cases = []
    for i, p in enumerate(sample_persons(cases, seed=index)):
        pu, cu, yu, ku = (str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(4))
        category, amount, _w = rng.choices(CATEGORIES, weights)[0]
        amount = amount or rng.randrange(40000, 160000)
        # a passport of its own (the demo names repeat across villages; a shared passport would be a finding)
        passport = f"{p.passport_no[:2]}{index:05d}{i:04d}"
        tables["persons"][1].append({"uuid": pu, "surname_el": p.surname_el, "surname_lat": p.surname_lat,
                                     "name_lat": p.name_lat, "birth_date": p.birth_date.isoformat(),
                                     "nationality": p.nationality, "passport_no": passport})
        if category is None:  # undecided: a case, nothing paid
            tables["cases"][1].append({"uuid": cu, "person_uuid": pu, "state": "awaiting_payment"})
            continue
        tables["cases"][1].append({"uuid": cu, "person_uuid": pu, "state": "issued", "category": category,
                                   "outcome": "certificate", "amount_cents": amount})
        tables["payments"][1].append({"uuid": yu, "case_uuid": cu, "kind": "ate",
                                      "receipt_code": f"{index % 10000:04d}/300605/{i:06d}", "amount_cents": amount})
        issued = PROGRAMME_START + timedelta(days=int(rng.triangular(0, 200, 50)))
        issued_cases.append((issued, category, cu, yu, ku))
    # the protocol book numbers certificates in the order of their dates, as an office does
    for number, (issued, category, cu, yu, ku) in enumerate(sorted(issued_cases, key=lambda c: c[0]), 1):
        certificate = {"uuid": ku, "case_uuid": cu, "payment_uuid": yu, "model": 1 if category == "1α" else 3,
                       "protocol_year": 2005, "protocol_no": number, "issued_on": issued.isoformat()}
        if rng.random() < 0.01:
            certificate.update(voided_at=f"{issued.isoformat()}T12:00:00", void_reason="λάθος στοιχεία")
        tables["certificates"][1].append(certificate)
        tables["protocol"][1].append({"uuid": str(uuid.UUID(int=rng.getrandbits(128))), "year": 2005,
                                      "number": number, "entry_date": issued.isoformat(), "kind": "certificate",
                                      "case_uuid": cu})
    path = folder / f"v{index}-1.zip"
    manifest = write_package(path, {"installation": installation, "community": f"Κοινότητα {index}", "sequence": 1,
                                    "previous": None, "full": True}, tables, key.sign)
    if second:
        second_package(folder / f"v{index}-2.zip", installation, index, manifest, tables, key, rng)
    return key_file, path


def second_package(path: Path, installation: str, index: int, previous: bytes, tables: dict, key, rng) -> None:
    """The village's next package in the heaviest form a second national wave brings: a full one (HQ had not
    acknowledged the first), every row sent again, a few new persons with undecided cases, and one certificate
    in a hundred voided since."""
    for certificate in tables["certificates"][1]:
        if "voided_at" not in certificate and rng.random() < 0.01:
            certificate.update(voided_at=f"{certificate['issued_on']}T15:00:00", void_reason="λάθος ποσό")
    for i, p in enumerate(sample_persons(3, seed=100_000 + index)):
        pu, cu = (str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(2))
        tables["persons"][1].append({"uuid": pu, "surname_el": p.surname_el, "surname_lat": p.surname_lat,
                                     "name_lat": p.name_lat, "birth_date": p.birth_date.isoformat(),
                                     "nationality": p.nationality, "passport_no": f"W2{index:05d}{i:04d}"})
        tables["cases"][1].append({"uuid": cu, "person_uuid": pu, "state": "awaiting_payment"})
    write_package(path, {"installation": installation, "community": f"Κοινότητα {index}", "sequence": 2,
                         "previous": hashlib.sha256(previous).hexdigest(), "full": True}, tables, key.sign)


def bare_baseline(packages: list[Path], path: Path) -> float:
    """The floor: unzip the same packages and bulk-insert the same rows into SQLite, one process, no checks."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    for table in TABLES:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, uuid TEXT, installation TEXT, data TEXT)")
    conn.execute("BEGIN")
    for package in packages:
        with zipfile.ZipFile(package) as z:
            members = {name: z.read(name) for name in z.namelist()}
        installation = json.loads(members["manifest.json"])["installation"]
        for table in TABLES:
            lines = members[f"data/{table}.jsonl"].decode("utf-8").splitlines()
            conn.executemany(f"INSERT INTO {table} (uuid, installation, data) VALUES (?, ?, ?)",
                             ((json.loads(line)["uuid"], installation, line) for line in lines))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def ends(marks: list[tuple[int, float]], total: int, span: int) -> tuple[tuple[int, float], tuple[int, float]]:
    """(packages, ms each) over about the first and the last ``span`` packages, from the (results so far, time)
    marks taken as each batch's results arrive: a span begins and ends at a batch boundary, so it covers at
    least a batch."""
    # a batch's results arrive together (microseconds apart); the next batch's a second or more later
    boundaries = [(n, t) for i, (n, t) in enumerate(marks) if i + 1 == len(marks) or marks[i + 1][1] - t > 0.05]
    first = next((n, t) for n, t in boundaries if n >= span)
    last = boundaries[-1]
    before = [(n, t) for n, t in boundaries[:-1] if n <= total - span] or [(0, 0.0)]
    start = before[-1]
    return ((first[0], first[1] / first[0] * 1000),
            (last[0] - start[0], (last[1] - start[1]) / (last[0] - start[0]) * 1000))


@contextlib.contextmanager
def hq_target(engine: str, dsn: str | None):
    """Where the merge writes: a fresh SQLite file, or a fresh database on PostgreSQL (``--dsn`` of a server
    to use, else a throw-away server started with the project's scripts/pg-test-server)."""
    if engine == "sqlite":
        hq_path = CACHE / "hq-bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{hq_path}{suffix}").unlink(missing_ok=True)
        yield str(hq_path)
        return
    import psycopg  # noqa: PLC0415

    script = Path(__file__).resolve().parent.parent / "scripts" / "pg-test-server"
    folder = None
    if dsn is None:
        folder = Path(tempfile.gettempdir()) / f"hq-bench-pg-{os.getpid()}"
        dsn = subprocess.run([sys.executable, str(script), "start", str(folder)], check=True, capture_output=True,
                             text=True).stdout.strip()
    try:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS hq_bench")
            admin.execute("CREATE DATABASE hq_bench")
        parts = urllib.parse.urlsplit(dsn)
        yield urllib.parse.urlunsplit(parts._replace(path="/hq_bench"))
    finally:
        if folder is not None:
            subprocess.run([sys.executable, str(script), "stop", str(folder)], check=False, capture_output=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks hq_merge")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--dsn", help="with --engine postgresql: a server to use (default: a throw-away one)")
    parser.add_argument("--second-wave", action="store_true",
                        help="then merge every village's next package (full, every row again) into that HQ")
    args = parser.parse_args(argv or [])
    # hq3: every category, issue dates in protocol order, own passports; w2: with the second packages
    folder = CACHE / f"hq3{'w2' if args.second_wave else ''}-{VILLAGES}-{CASES}"
    rng = random.Random(6000)
    per_village = max(1, CASES // VILLAGES)
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        for index in range(VILLAGES):
            village_package(folder, index, per_village, rng, second=args.second_wave)
        (folder / "done").write_text("ok")
        print(f"generated {VILLAGES} packages ({per_village} cases each) in {time.perf_counter() - started:.0f} s")
    keys = sorted(folder.glob("*.pub"), key=lambda p: int(p.stem[1:]))
    packages = [folder / f"{k.stem}-1.zip" for k in keys]
    for package in packages:  # the same warm file cache for the merge and the baseline
        package.read_bytes()
    seconds = [folder / f"{k.stem}-2.zip" for k in keys] if args.second_wave else []
    for package in packages + seconds:  # the same warm file cache for the merge and the baseline
        package.read_bytes()
    with hq_target(args.engine, args.dsn) as target:
        measure(target, keys, packages, seconds)


def measure(hq_path: str, keys: list[Path], packages: list[Path], seconds: list[Path]) -> None:
    store = open_hq(hq_path)
    for key in keys:
        register(store, key)
    store.close()
    merged = merge_wave(hq_path, packages, "")
    if seconds:
        merged = merge_wave(hq_path, seconds, "second wave: ")
    report(hq_path, *merged)


def merge_wave(hq_path: str, packages: list[Path], label: str) -> tuple[float, int]:
    """Merge the packages into the HQ, then the bare baseline of the same packages into a fresh file."""
    store = open_hq(hq_path)
    marks: list[tuple[int, float]] = []
    refused: list[str] = []
    started = time.perf_counter()

    def mark(result) -> None:
        if not result.merged:
            refused.append(f"{result.path}: {result.reason}")
        marks.append((len(marks) + 1, time.perf_counter() - started))

    merge_many(store, packages, on_result=mark)
    total = time.perf_counter() - started
    if refused:
        raise SystemExit(f"{len(refused)} refused, e.g. {refused[0]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cases = store.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    store.close()
    span = min(300, len(packages))
    head, tail = ends(marks, len(packages), span)
    print(f"{label}HQ merge ({store.engine}): {len(packages):,} packages, {cases:,} cases, peak {peak:.0f} MiB "
          f"(target <= 1024 MiB)")
    bare = bare_baseline(packages, CACHE / "hq-bare.sqlite")
    row(f"{label}merge of all packages", f"{total:.0f} s", "bare unzip + bulk insert", f"{bare:.0f} s",
        total / bare)
    print(f"  per package: {total / len(packages) * 1000:.1f} ms (bare {bare / len(packages) * 1000:.1f} ms); "
          f"first {head[0]}: {head[1]:.1f} ms, last {tail[0]}: {tail[1]:.1f} ms each; the packages took "
          f"{marks[-1][1]:.0f} s, then {total - marks[-1][1]:.0f} s for the indexes, figures and findings at the end")
    return total, cases


def report(hq_path: str, total: float, cases: int) -> None:
    """``hq report`` over what was merged; ``total``: the last merge's time, ``cases`` what HQ holds."""
    # The report as `hq report` runs it: read-only, from the figures the merges kept.
    store = open_hq_read_only(hq_path)
    t = time.perf_counter()
    summary = report_rows(store)
    aggregates = time.perf_counter() - t
    t = time.perf_counter()
    found = findings(store)
    checks = time.perf_counter() - t
    t = time.perf_counter()
    paths = write_report(store, CACHE / "hq-bench-report")
    whole = time.perf_counter() - t
    store.close()
    pages = len(PdfReader(paths[1]).pages)
    print(f"HQ report over {cases:,} cases: {len(summary):,} lines, {len(found):,} findings, {pages} PDF pages")
    row("hq report (CSVs, PDF, findings)", f"{whole:.1f} s", "target", "10 s", whole / 10)
    row("  of which: figures read", f"{aggregates:.2f} s", "merge of all packages", f"{total:.0f} s",
        aggregates / total)
    row("  of which: findings read", f"{checks:.2f} s", "merge of all packages", f"{total:.0f} s", checks / total)
