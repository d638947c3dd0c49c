"""Person search on a 1,000,000-person registry vs a bare indexed SQLite lookup.

Target (issue 4): p50 < 20 ms and p95 < 50 ms for search as you type.
The registry is generated once (about a minute) and cached in
benchmarks/.cache/; ``BENCH_PERSONS`` changes its size.
"""

from __future__ import annotations

import os
import random
import statistics
import sqlite3
import time
from pathlib import Path

from benchmarks.common import CACHE, percentiles_ms, row, timed
from correspondent_app.demo.names import sample_persons
from correspondent_app.registry import Registry
from correspondent_app.domain.transliteration import KEYS_VERSION
from correspondent_app.registry.persons import keys_for
from correspondent_app.registry.records import new_uuid, now

PERSONS = int(os.environ.get("BENCH_PERSONS", "1000000"))
QUERIES = 400


def build(path) -> None:
    """Bulk-load sample persons in one transaction (the counter adds them one by one)."""
    registry = Registry.open(path, actor="benchmark")
    stamp = now()
    with registry.write():
        registry.db.conn.executemany(
            "INSERT INTO persons (uuid, surname_el, name_el, surname_lat, name_lat, father_name, birth_date, "
            "nationality, passport_no, search_keys, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            ((new_uuid(), p.surname_el, p.name_el, p.surname_lat, p.name_lat, p.father_name, p.birth_date.isoformat(),
              p.nationality, p.passport_no, keys_for(p.__dict__), stamp, stamp) for p in sample_persons(PERSONS)),
        )
        # the bare baseline: the same surnames in a plain indexed table
        registry.db.execute("CREATE TABLE bench_bare (id INTEGER PRIMARY KEY, surname TEXT)")
        registry.db.execute("INSERT INTO bench_bare SELECT id, surname_lat FROM persons")
        registry.db.execute("CREATE INDEX bench_bare_surname ON bench_bare (surname)")
    registry.close()


def queries(rng: random.Random, persons: list) -> list[str]:
    out = []
    for p in persons:
        form = rng.choice([p.surname_lat, p.surname_el, p.name_el, p.name_lat, f"{p.surname_el} {p.name_el}"])
        cut = rng.randint(3, max(3, len(form)))
        out.append(form[:cut].lower() if rng.random() < 0.5 else form[:cut])
    return out


def cached_registry() -> Path:
    """The benchmark registry of PERSONS persons, built on first use (several minutes)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"persons-{PERSONS}-keys-{KEYS_VERSION}.sqlite"  # new keys, new file
    if not path.exists():
        started = time.perf_counter()
        build(path)
        print(f"built {PERSONS:,} persons in {time.perf_counter() - started:.0f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    return path


def main() -> None:
    path = cached_registry()
    rng = random.Random(7)
    sample = list(sample_persons(QUERIES, seed=99))
    typed = queries(rng, sample)

    empty = CACHE / "empty.sqlite"
    Registry.open(empty).close()  # the first open imports the services: not what is compared here
    open_big = statistics.median(timed(lambda: Registry.open(path).close()) for _ in range(5))
    open_empty = statistics.median(timed(lambda: Registry.open(empty).close()) for _ in range(5))

    registry = Registry.open(path)
    registry.persons.search("warm up")
    ours = []
    for text in typed:
        start = time.perf_counter()
        registry.persons.search(text)
        ours.append(time.perf_counter() - start)
    bare_conn = sqlite3.connect(path)
    bare = []
    for p in sample:
        start = time.perf_counter()
        bare_conn.execute("SELECT id FROM bench_bare WHERE surname = ? LIMIT 50", [p.surname_lat]).fetchall()
        bare.append(time.perf_counter() - start)
    hits = sum(1 for text in typed[:50] if registry.persons.search(text))
    registry.close()

    p50, p95 = percentiles_ms(ours)
    b50, b95 = percentiles_ms(bare)
    print(f"search over {PERSONS:,} persons, {len(typed)} typed queries (Greek/Latin, partial, any case); "
          f"{hits}/50 found someone")
    row("registry search p50", f"{p50:.2f} ms", "bare indexed lookup p50", f"{b50:.3f} ms", p50 / b50)
    row("registry search p95", f"{p95:.2f} ms", "bare indexed lookup p95", f"{b95:.3f} ms", p95 / b95)
    row("open 1M registry", f"{open_big * 1000:.1f} ms", "open empty registry", f"{open_empty * 1000:.1f} ms",
        open_big / open_empty)
    print(f"  targets: p50 < 20 ms, p95 < 50 ms -> {'met' if p50 < 20 and p95 < 50 else 'NOT met'}")
