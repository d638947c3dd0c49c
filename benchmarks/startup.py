"""Process start to main window shown (the app's own entry point, leaving once shown), with a
1,000,000-person registry, vs a bare PySide6 window.

Target (issue 6): ratio <= 2.5, peak memory <= 250 MiB. Uses the registry
built by the search benchmark (benchmarks/.cache), given a profile here.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.common import row
from benchmarks.peak import MARK
from benchmarks.search import PERSONS, cached_registry
from correspondent_app.demo.generate import BENCH_OFFICE

ROUNDS = 7


def measure(command: list[str]) -> tuple[float, float]:
    """(seconds from spawning the process until it exits right after showing its window, its peak MiB).

    The peak is the one the child measured itself (benchmarks.peak): the
    parent's view, wait4's ru_maxrss, includes the benchmark's own memory
    that a vfork'ed child inherits.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # Bytecode as a user has it: a normal Python caches it after the first
    # start, and the installed program ships it. Without this (some shells
    # set PYTHONDONTWRITEBYTECODE) every start would recompile our modules,
    # which the bare window, all in precompiled libraries, never pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if child.returncode:
        raise RuntimeError(f"{command} failed: {child.stderr}")
    return elapsed, child_peak_mib(child.stdout)


def child_peak_mib(stdout: str) -> float:
    """The peak the child printed last (benchmarks.peak), KiB -> MiB."""
    lines = [line for line in stdout.splitlines() if line.startswith(MARK)]
    if not lines:
        raise RuntimeError(f"the child printed no peak memory: {stdout[-500:]!r}")
    return int(lines[-1].split()[1]) / 1024


def bare() -> list[str]:
    return [sys.executable, "-m", "benchmarks.peak", "benchmarks.startup_child"]


def ours(path) -> list[str]:
    """The real start: the app's own entry point (logging, translations, registry, window, daily backup)."""
    return [sys.executable, "-m", "benchmarks.peak", "correspondent_app", "--db", str(path), "--quit-when-shown"]


def main() -> None:
    from correspondent_app.registry import Registry

    path = cached_registry()
    with Registry.open(path) as registry:
        if registry.profile.get() is None:
            registry.profile.save(**BENCH_OFFICE)
    measure(bare())  # warm the file cache
    measure(ours(path))  # and make the day's backup, as the first start of a day would
    bare_runs, our_runs = [], []
    for _ in range(ROUNDS):  # interleaved, so a noisy moment hits both
        bare_runs.append(measure(bare()))
        our_runs.append(measure(ours(path)))
    b, o = statistics.median(t for t, _m in bare_runs), statistics.median(t for t, _m in our_runs)
    bm, om = max(m for _t, m in bare_runs), max(m for _t, m in our_runs)
    print(f"start-up to main window shown, median of {ROUNDS} runs, registry of {PERSONS:,} persons")
    row("our main window", f"{o * 1000:.0f} ms", "bare PySide6 window", f"{b * 1000:.0f} ms", o / b)
    row("our peak memory", f"{om:.0f} MiB", "bare PySide6 window", f"{bm:.0f} MiB", om / bm)
    print(f"  targets: ratio <= 2.5 -> {'met' if o / b <= 2.5 else 'NOT met'}; "
          f"peak <= 250 MiB -> {'met' if om <= 250 else 'NOT met'}")
