"""What every figure shares: timing, and the JSON line it prints."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from statistics import median


def best_of(repeat: int, run: Callable[[], float]) -> float:
    """The median of several runs: robust on a shared, noisy machine."""
    return median(run() for _ in range(repeat))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def emit(
    name: str, value: float, unit: str, baseline: float | None = None, **extra: object
) -> None:
    line: dict[str, object] = {"name": name, "value": round(value, 3), "unit": unit}
    if baseline is not None:
        line["baseline"] = round(baseline, 3)
        line["ratio"] = round(value / baseline, 3) if baseline else None
    line.update(extra)
    print(json.dumps(line), flush=True)
    sys.stdout.flush()
