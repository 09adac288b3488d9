"""Timing helpers shared by the benchmark sections: repeat, then median and 95th percentile."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def timed(action: Callable[[], object], times: int) -> list[float]:
    """Seconds taken by each of `times` calls of `action`."""
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        taken.append(time.perf_counter() - start)
    return taken


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: with few samples the 95th is the slowest, never an invention."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
