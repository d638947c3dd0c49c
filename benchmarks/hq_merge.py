"""HQ merge of many village packages: throughput, verifying one package vs merely unzipping it,
and the report and cross-village checks over the merged database.

Target (issue 7): 6,000 packages totalling 1,000,000 cases merged in <= 10 min
and <= 1 GiB on this 2-core machine, cost growing linearly. Packages are
generated straight in the package format (a registry per village would take
hours), with real signatures, through the same writer the export uses.
BENCH_VILLAGES and BENCH_CASES change the scale (e.g. BENCH_VILLAGES=300
BENCH_CASES=50000 while developing).
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import shutil
import time
import uuid
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from benchmarks.common import CACHE, row
from correspondent_app.demo.names import sample_persons
from correspondent_app.exchange.export import QUERIES
from correspondent_app.exchange.hq import _verify_signature, findings, merge, open_hq, open_hq_read_only, register
from correspondent_app.exchange.package import TABLES, read_package, write_package
from correspondent_app.exchange.report import rows as report_rows
from correspondent_app.exchange.report import write_report

VILLAGES = int(os.environ.get("BENCH_VILLAGES", "6000"))
CASES = int(os.environ.get("BENCH_CASES", "1000000"))


def columns(table: str) -> list[str]:
    select = QUERIES[table].split("FROM")[0][len("SELECT "):]
    return [c.strip().split(" AS ")[-1].split(".")[-1] for c in select.split(",")]


def village_package(folder: Path, index: int, cases: int, rng: random.Random) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    installation = str(uuid.UUID(int=rng.getrandbits(128)))
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    key_file = folder / f"v{index}.pub"
    key_file.write_text(json.dumps({"installation": installation, "community": f"Κοινότητα {index}",
                                    "prefecture": f"Ν. {index % 52}", "public_key": public}))
    tables = {t: (columns(t), []) for t in TABLES}
    for i, p in enumerate(sample_persons(cases, seed=index)):
        pu, cu, yu, ku = (str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(4))
        tables["persons"][1].append({"uuid": pu, "surname_el": p.surname_el, "surname_lat": p.surname_lat,
                                     "name_lat": p.name_lat, "birth_date": p.birth_date.isoformat(),
                                     "nationality": p.nationality, "passport_no": p.passport_no})
        tables["cases"][1].append({"uuid": cu, "person_uuid": pu, "state": "issued", "category": "1δ",
                                   "outcome": "certificate", "amount_cents": 204072})
        tables["payments"][1].append({"uuid": yu, "case_uuid": cu, "kind": "ate",
                                      "receipt_code": f"{index % 10000:04d}/300605/{i:06d}", "amount_cents": 204072})
        tables["certificates"][1].append({"uuid": ku, "case_uuid": cu, "payment_uuid": yu, "model": 3,
                                          "protocol_year": 2005, "protocol_no": i + 1})
        tables["protocol"][1].append({"uuid": str(uuid.UUID(int=rng.getrandbits(128))), "year": 2005,
                                      "number": i + 1, "entry_date": "2005-10-01", "kind": "certificate",
                                      "case_uuid": cu})
    path = folder / f"v{index}-1.zip"
    write_package(path, {"installation": installation, "community": f"Κοινότητα {index}", "sequence": 1,
                         "previous": None, "full": True}, tables, key.sign)
    return key_file, path


def main() -> None:
    folder = CACHE / f"hq-{VILLAGES}-{CASES}"
    rng = random.Random(6000)
    per_village = max(1, CASES // VILLAGES)
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        for index in range(VILLAGES):
            village_package(folder, index, per_village, rng)
        (folder / "done").write_text("ok")
        print(f"generated {VILLAGES} packages ({per_village} cases each) in {time.perf_counter() - started:.0f} s")
    keys = sorted(folder.glob("*.pub"), key=lambda p: int(p.stem[1:]))
    packages = [folder / f"{k.stem}-1.zip" for k in keys]
    hq_path = CACHE / "hq-bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{hq_path}{suffix}").unlink(missing_ok=True)
    conn = open_hq(hq_path)
    for key in keys:
        register(conn, key)
    # one package: verifying (unzip + signature + hashes + JSON) vs merely unzipping
    sample = packages[0]
    t = time.perf_counter()
    for _ in range(20):
        read_package(sample, verify=lambda m, b, s: _verify_signature(conn, m, b, s))
    verify = (time.perf_counter() - t) / 20
    t = time.perf_counter()
    for _ in range(20):
        with zipfile.ZipFile(sample) as z:
            for name in z.namelist():
                z.read(name)
    unzip = (time.perf_counter() - t) / 20
    started = time.perf_counter()
    checkpoints = {}
    for i, package in enumerate(packages, 1):
        if not merge(conn, package).merged:
            raise SystemExit(f"{package} refused")
        if i in (len(packages) // 4, len(packages) // 2, len(packages)):
            checkpoints[i] = time.perf_counter() - started
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cases = conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    print(f"HQ merge: {len(packages)} packages, {cases:,} cases, {total:.0f} s, {len(packages) / total:.1f} packages/s, "
          f"peak {peak:.0f} MiB")
    row("verify one package (sig, hashes, parse)", f"{verify * 1000:.1f} ms", "merely unzip it",
        f"{unzip * 1000:.1f} ms", verify / unzip)
    print("  linearity: " + ", ".join(f"{n} packages in {s:.0f} s ({s / n * 1000:.0f} ms each)"
                                      for n, s in checkpoints.items()))
    print(f"  targets: <= 600 s -> {'met' if total <= 600 else 'NOT met'}; <= 1024 MiB -> "
          f"{'met' if peak <= 1024 else 'NOT met'}")
    conn.close()
    # The report and the checks, as `hq report` runs them: read-only, over everything merged.
    conn = open_hq_read_only(hq_path)
    t = time.perf_counter()
    summary = report_rows(conn)
    aggregates = time.perf_counter() - t
    t = time.perf_counter()
    found = findings(conn)
    checks = time.perf_counter() - t
    out = CACHE / "hq-bench-report"
    t = time.perf_counter()
    write_report(conn, out)
    whole = time.perf_counter() - t
    conn.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"HQ report over {cases:,} cases: {len(summary)} lines, {len(found)} findings; peak {peak:.0f} MiB")
    row("report aggregates", f"{aggregates:.1f} s", "merge of all packages",
        f"{total:.0f} s", aggregates / total)
    row("cross-village checks", f"{checks:.1f} s", "merge of all packages",
        f"{total:.0f} s", checks / total)
    row("hq report (CSVs, PDF, checks)", f"{whole:.1f} s", "merge of all packages", f"{total:.0f} s",
        whole / total)
