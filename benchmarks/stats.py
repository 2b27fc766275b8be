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


MIN_SCORED = 5  # a median of fewer timed runs is shown but never turned into a verdict


@dataclass
class Timing:
    """Latencies of one measured call, in seconds (the warm-up call is not among them)."""

    samples: list[float]
    error: str = ""
    rows: int | None = None  # what the first (warm-up) call returned
    answer: object = None  # the warm-up call's answer, made comparable (benchmarks.answers)
    warmup: float = float("nan")  # seconds of the warm-up call

    @property
    def shown(self) -> float:
        """The median, or the warm-up's time when the warm-up alone took the whole cap."""
        return self.median if self.samples else self.warmup

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)

    @property
    def scored(self) -> bool:
        """Enough timed runs for the median to count in a ratio that decides a target."""
        return not self.error and len(self.samples) >= MIN_SCORED


def time_calls(
    call: Callable[[], object],
    *,
    budget: float = 1.5,
    max_runs: int = 30,
    min_runs: int = MIN_SCORED,
    cap: float = 6.0,
    first: Callable[[object], object] | None = None,
) -> Timing:
    """Call once to warm up (its result, through ``first``, is the answer), then time-based
    sampling: repeat until ``max_runs``, or until ``budget`` seconds have passed and at least
    ``min_runs`` runs are in, and never past ``cap`` seconds — so a slow query gets as many runs
    as ``cap`` allows, and fewer than ``min_runs`` only when one run takes over ``cap/min_runs``.
    Once the last run's time shows that ``min_runs`` cannot be reached within ``cap``, it stops
    (such a median is shown, never scored, so more runs up to the cap would only cost time).
    No run is timed, and the warm-up is shown, when the warm-up alone took longer than ``cap``,
    or so long that ``min_runs`` runs would take twice the cap: the one timed run it would get
    could not be scored either, and would only add to the run time.
    An exception ends the measurement and is recorded as the error.
    """
    try:
        started = time.perf_counter()
        result = call()
        warmup = time.perf_counter() - started
        answer = first(result) if first else None
    except Exception as err:  # noqa: BLE001 - an engine's failure is a result, not a crash
        return Timing([], f"{type(err).__name__}: {' '.join(str(err).split())[:160]}")
    counted = len(result) if isinstance(result, list) else None
    rows = len(answer) if answer is not None else counted
    if warmup > cap or warmup * min_runs > 2 * cap:  # show the warm-up, unscored (n = 0)
        return Timing([], rows=rows, answer=answer, warmup=warmup)
    samples: list[float] = []
    began = time.perf_counter()
    while len(samples) < max_runs:
        spent = time.perf_counter() - began
        if spent >= cap or (spent >= budget and len(samples) >= min_runs):
            break
        if samples and spent + samples[-1] > cap:
            break  # the next run would end past the cap
        if (
            samples
            and len(samples) < min_runs
            and spent + samples[-1] * (min_runs - len(samples)) > cap
        ):
            break  # min_runs cannot be reached within the cap: the median will not be scored
        started = time.perf_counter()
        try:
            call()
        except Exception as err:  # noqa: BLE001
            return Timing(samples, f"{type(err).__name__}: {str(err)[:160]}", rows, answer, warmup)
        samples.append(time.perf_counter() - started)
    return Timing(samples, rows=rows, answer=answer, warmup=warmup)


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
