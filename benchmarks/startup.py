"""Process start to main window shown, with a 1,000,000-person registry, vs a bare PySide6 window.

Target (issue 6): ratio <= 2.5, peak memory <= 250 MiB. Uses the registry
built by the search benchmark (benchmarks/.cache), given a profile here.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.common import CACHE, row
from benchmarks.search import PERSONS, build
from correspondent_app.domain.transliteration import KEYS_VERSION

ROUNDS = 7


def measure(*args: str) -> tuple[float, float]:
    """(seconds from spawning the process to the window shown, peak MiB)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "benchmarks.startup_child", *args], capture_output=True, text=True,
                         env=env, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("shown"))
    _word, _inside, peak = line.split()
    return time.perf_counter() - start, float(peak)


def main() -> None:
    from correspondent_app.registry import Registry

    path = CACHE / f"persons-{PERSONS}-keys-{KEYS_VERSION}.sqlite"  # new keys, new file
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        build(path)
    with Registry.open(path) as registry:
        if registry.profile.get() is None:
            registry.profile.save(community="Κοινότητα Δοκιμής")
    measure("bare")  # warm the file cache
    measure("ours", str(path))
    bare = [measure("bare") for _ in range(ROUNDS)]
    ours = [measure("ours", str(path)) for _ in range(ROUNDS)]
    b, o = statistics.median(t for t, _m in bare), statistics.median(t for t, _m in ours)
    bm, om = max(m for _t, m in bare), max(m for _t, m in ours)
    print(f"start-up to main window shown, median of {ROUNDS} runs, registry of {PERSONS:,} persons")
    row("our main window", f"{o * 1000:.0f} ms", "bare PySide6 window", f"{b * 1000:.0f} ms", o / b)
    row("our peak memory", f"{om:.0f} MiB", "bare PySide6 window", f"{bm:.0f} MiB", om / bm)
    print(f"  targets: ratio <= 2.5 -> {'met' if o / b <= 2.5 else 'NOT met'}; "
          f"peak <= 250 MiB -> {'met' if om <= 250 else 'NOT met'}")
