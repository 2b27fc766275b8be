"""Where ``darmstadt-kg serve`` spends its time under load: cProfile of the server process.

    python -m benchmarks.profile_serve [--seconds 4] [--out PROFILE.md]

Starts ``python -m cProfile -m darmstadt_kg serve --workers 1 --cache-mb 0 --per-client 16``
(one server process: the event loop, Starlette and the protocol code run in its main thread,
which cProfile sees; the query processes are separate), sends the question library at
concurrency 16 with wrk, stops the server with SIGINT so the profile is written, and prints the
top functions. A second part times the steps of one query in-process: the worker's ``_answer``
(run and serialise) and one round trip through ``QueryPool`` (pipe to a query process and
back). The report is printed, and written to ``--out`` if given (no report is kept in the
repository: its figures are a run's).
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import servers
from benchmarks.workload import library_queries
from benchmarks.wrk import run_wrk

__all__ = ["profile_server", "step_times", "main"]


def profile_server(seconds: float, out: Path) -> tuple[str, float]:
    """cProfile the server under load; (top functions as text, requests per second seen)."""
    port = servers.free_port()
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "darmstadt_kg",
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--cache-mb",
        "0",
        "--per-client",  # wrk is one client address: let all 16 connections run
        "16",
        "--no-validate",
    ]
    url = f"http://127.0.0.1:{port}/sparql"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        servers.wait_until_answering(url + "?query=ASK%7B%7D", process, timeout=60)
        result = run_wrk(url, list(library_queries().values()), concurrency=16, duration=seconds)
    finally:
        process.send_signal(signal.SIGINT)  # cProfile writes its file on a clean exit
        process.wait(60)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    stats.sort_stats("tottime").print_stats(18)
    stats.sort_stats("cumulative").print_stats(18)
    return text.getvalue(), result.rps


def step_times(repeat: int = 20) -> dict[str, float]:
    """Milliseconds per library query for the worker's own work and per pool round trip."""
    import pyoxigraph as ox
    from darmstadt_kg.serve.jobs import Format, Job
    from darmstadt_kg.serve.pool import QueryPool
    from darmstadt_kg.serve.query_process import answer as _answer

    from darmstadt_kg.serve.runner import build_shared_store

    folder = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    path = str(build_shared_store(folder))
    store = ox.Store.read_only(path)
    fmt = Format("json", "application/sparql-results+json")
    jobs = [
        Job(text, fmt, Format("turtle", "text/turtle"), 10_000)
        for text in library_queries().values()
    ]
    started = time.perf_counter()
    for _ in range(repeat):
        for job in jobs:
            _answer(store, job)
    answer_ms = (time.perf_counter() - started) / (repeat * len(jobs)) * 1000
    pool = QueryPool(path, 1)
    ask = Job("ASK {}", fmt, fmt, 10)
    started = time.perf_counter()
    for _ in range(500):
        pool.run(ask, 10)
    trip_ms = (time.perf_counter() - started) / 500 * 1000
    started = time.perf_counter()
    for _ in range(repeat):
        for job in jobs:
            pool.run(job, 10)
    pooled_ms = (time.perf_counter() - started) / (repeat * len(jobs)) * 1000
    pool.close()
    return {"answer_ms": answer_ms, "pool_ask_ms": trip_ms, "pool_library_ms": pooled_ms}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        text, rps = profile_server(args.seconds, Path(tmp) / "serve.prof")
    steps = step_times()
    body = (
        "# Profile of `darmstadt-kg serve` (one worker, no cache, library at concurrency 16)\n\n"
        f"- command: `python -m benchmarks.profile_serve {' '.join(argv or sys.argv[1:])}`\n"
        f"- under cProfile: {rps:,.0f} requests/s (the profiler slows the server process)\n"
        f"- per library query, in-process, the query process's own work (`_answer`: run and "
        f"serialise): {steps['answer_ms']:.2f} ms\n"
        f"- one `QueryPool.run` round trip with `ASK {{}}`: {steps['pool_ask_ms']:.3f} ms; "
        f"a library query through the pool: {steps['pool_library_ms']:.2f} ms\n"
        f"- cores: {os.cpu_count()}\n\n```\n{text.strip()}\n```\n"
    )
    if args.out:
        args.out.write_text(body, encoding="utf-8")
    print(body)


if __name__ == "__main__":
    main()
