"""One server measured with ``wrk``, and the answers of several servers compared.

``timed_run`` is one wrk run (``benchmarks.wrk``) against one server with the CPU its processes
used meanwhile; ``compare_library`` asks every server each query and compares the answers
(``benchmarks.answers``) with the first server's. ``benchmarks.endpoint_bench`` builds its
rounds from these two.
"""

from __future__ import annotations

from benchmarks.answers import compare
from benchmarks.engines import HttpRunner
from benchmarks.servers import cpu_seconds, process_cpu
from benchmarks.wrk import run_wrk

__all__ = ["compare_library", "timed_run"]


def _cpu(pid: int, group: bool) -> tuple[float, ...]:
    """CPU seconds so far: (server process, the rest of its group) with ``group``, else (pid,)."""
    return cpu_seconds(pid) if group else (process_cpu(pid),)


def timed_run(
    url: str,
    queries: list[str],
    *,
    concurrency: int,
    duration: float,
    pid: int,
    group: bool,
    cities: int = 0,
) -> dict:
    """One wrk run of ``queries`` (templates made distinct with ``cities``) at ``concurrency``.

    ``pid``: the server's process, or with ``group`` (serve) the leader of its process group,
    whose other processes (its workers) are counted apart. The result holds wrk's figures and
    ``cpu_s``, the CPU seconds each process (or part of the group) used during the run, and
    ``served``, the requests they were spent on (wrk's warm-up second and the timed run: the
    CPU counts both). Raises ``RuntimeError`` when wrk could not finish, ``OSError`` when the
    server's process is gone before its CPU could be read.
    """
    began = _cpu(pid, group)
    r = run_wrk(url, queries, concurrency=concurrency, duration=duration, cities=cities)
    ended = _cpu(pid, group)
    return {
        "concurrency": concurrency,
        "rps": r.rps,
        "p50": r.p50,
        "p99": r.p99,
        "errors": r.errors,
        "requests": r.requests,
        "first_error": r.first_error,
        "cpu_s": tuple(e - b for e, b in zip(ended, began, strict=True)),
        "served": r.requests + r.warmup_requests,
    }


def compare_library(urls: dict[str, str], queries: dict[str, str]) -> dict:
    """{query: {server: verdict}} against the first server's answers (errors as verdicts), and
    ``rows``: how many solutions the first server gave."""
    runners = {name: HttpRunner(url) for name, url in urls.items()}
    reference = next(iter(urls))
    out = {}
    try:
        for qname, text in queries.items():
            answers, errors = {}, {}
            for name, runner in runners.items():
                try:
                    answers[name] = runner.answer(runner(text))
                except Exception as err:  # noqa: BLE001 - a server's failure is a result
                    answers[name], errors[name] = None, f"error: {str(err)[:80]}"
            verdicts = compare(answers, reference)
            verdicts.update(errors)
            verdicts["rows"] = len(answers[reference]) if answers.get(reference) else None
            out[qname] = verdicts
    finally:
        for runner in runners.values():
            runner.close()
    return out
