"""Timing helpers: repeat a call within a budget, medians and percentiles, ratios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Timing", "percentile", "time_calls", "ratio", "fmt_ms", "fmt_ratio"]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0..100) by the nearest-rank method."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Timing:
    """Latencies of one measured call, in seconds."""

    samples: list[float]
    error: str = ""
    rows: int | None = None  # what the first (warm-up) call returned

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)


def time_calls(
    call: Callable[[], object], *, budget: float = 1.5, max_runs: int = 30, min_runs: int = 3
) -> Timing:
    """Call once to warm up, then repeatedly until ``max_runs`` or ``budget`` seconds have passed.

    At least ``min_runs`` runs unless one run alone exceeds the budget; an exception ends the
    measurement and is recorded as the error.
    """
    try:
        started = time.perf_counter()
        rows = call()
        first = time.perf_counter() - started
    except Exception as err:  # noqa: BLE001 - an engine's failure is a result, not a crash
        return Timing([], f"{type(err).__name__}: {' '.join(str(err).split())[:160]}")
    rows = rows if isinstance(rows, int) else None
    if first > budget:
        return Timing([first], rows=rows)
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < min_runs or time.perf_counter() < deadline):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return Timing(samples, rows=rows)


def ratio(ours: float, theirs: float) -> float:
    """``ours / theirs`` (NaN when either is missing or zero)."""
    if not theirs or theirs != theirs or ours != ours:
        return float("nan")
    return ours / theirs


def fmt_ms(seconds: float) -> str:
    if seconds != seconds:
        return "–"
    return f"{seconds * 1000:.2f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


def fmt_ratio(value: float) -> str:
    return "–" if value != value else f"{value:.2f}×"
