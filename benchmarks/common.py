"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes (perf_counter)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentiles_ms(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def row(label: str, value: str, baseline_label: str, baseline: str, ratio: float | None = None) -> None:
    tail = f"   ratio {ratio:.2f}" if ratio is not None else ""
    print(f"  {label:<42} {value:>14}   | {baseline_label:<34} {baseline:>12}{tail}")
