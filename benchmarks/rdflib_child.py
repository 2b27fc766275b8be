"""rdflib's queries, run in a child process so that a slow or exploding query can be stopped.

    python -m benchmarks.rdflib_child FILE BUDGET CAP   # prints one JSON object

The answer of each query's first run comes back as its lines (``benchmarks.answers``).
Each query gets ``CAP`` seconds for its first run (SIGALRM; rdflib's evaluator is Python, so the
alarm interrupts it) and then runs within ``BUDGET`` seconds; memory is capped at 6 GB.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from benchmarks.stats import Timing

__all__ = ["rdflib_timings"]


class _Cap(Exception):
    pass


def _alarm(*_args) -> None:
    raise _Cap


def _child(path: Path, budget: float, cap: float) -> None:
    import resource

    from benchmarks import workload
    from benchmarks.engines import rdflib_runner
    from benchmarks.stats import time_calls
    from darmstadt_kg.load import load_store

    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    run, answer = rdflib_runner(load_store([path]))
    signal.signal(signal.SIGALRM, _alarm)
    out = {}
    for name, text in workload.all_queries().items():
        signal.setitimer(signal.ITIMER_REAL, cap + budget)
        try:
            t = time_calls(
                lambda text=text: run(text), budget=budget, max_runs=30, cap=cap, first=answer
            )
            out[name] = {
                "samples": t.samples,
                "error": t.error,
                "rows": t.rows,
                "warmup": t.warmup,
                "kind": t.answer.kind if t.answer else None,
                "lines": list(t.answer.lines.items()) if t.answer else None,
            }
        except _Cap:
            out[name] = {"samples": [], "error": f"over {cap:g} s (stopped)", "rows": None}
        except MemoryError:
            out[name] = {"samples": [], "error": "out of memory (6 GB cap)", "rows": None}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if "_Cap" in out[name]["error"]:
            out[name]["error"] = f"over {cap:g} s (stopped)"
    print(json.dumps(out))


def rdflib_timings(path: Path, budget: float, cap: float) -> dict[str, Timing]:
    """Run every query on rdflib in a child process: {query name: Timing}."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.rdflib_child", str(path), str(budget), str(cap)],
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        error = (done.stderr.strip().splitlines() or ["failed"])[-1][:120]
        return {
            name: Timing([], error)
            for name in __import__("benchmarks.workload").workload.all_queries()
        }  # noqa: E501
    from collections import Counter

    from benchmarks.answers import Answer

    return {
        k: Timing(
            v["samples"],
            v["error"],
            v["rows"],
            Answer(v["kind"], Counter(dict(v["lines"]))) if v.get("lines") is not None else None,
            v.get("warmup", float("nan")),
        )
        for k, v in json.loads(done.stdout).items()
    }


if __name__ == "__main__":
    _child(Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]))
