"""Endpoint throughput with ``wrk``: ``darmstadt-kg serve`` beside Oxigraph's server and Virtuoso.

Two workloads, each at concurrency 1 and 16 (``benchmarks.wrk``):

* *library/Darmstadt*: the question library cycled, over the Darmstadt graph (``get_store()``);
  the peers hold the same store (Virtuoso through the project's ``push``).
* *distinct selective/N*: a lookup or 2-hop join about a random city per request, over the
  largest generated graph; the peers hold the same store.

Before a workload is timed, every query's answer is fetched from every server and compared
(``benchmarks.answers``) with ``serve``'s. Servers run pinned to ``wrk.server_cpus()``, wrk to
``wrk.wrk_cpus()``.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import workload

__all__ = ["library_throughput", "distinct_throughput", "compare_library"]

SERVE_CONFIGS = ((1, 0, False), (2, 0, False), (2, 1024, False))
# over the large graph, --workers 2 is left out: its start-up builds the whole store once more
# (a minute of the run), and with the servers pinned to one core it cannot gain CPU (the
# library rows over the Darmstadt graph show it beside --workers 1)
BIG_CONFIGS = ((1, 0, False), (1, 0, True))


def _label(workers: int, cache: int, in_memory: bool) -> str:
    from benchmarks.endpoint import PER_CLIENT

    return f"serve --workers {workers} --cache-size {cache} --per-client {PER_CLIENT}" + (
        " --in-memory" if in_memory else ""
    )


def _cpu(pid: int, group: bool) -> tuple[float, ...]:
    """CPU seconds so far: (server process, the rest of its group) with ``group``, else (pid,)."""
    from benchmarks.servers import cpu_seconds, process_cpu

    return cpu_seconds(pid) if group else (process_cpu(pid),)


def _measure(
    runs,
    label,
    workload_name,
    url,
    params,
    queries,
    duration,
    pid,
    *,
    group=False,
    cities=0,
    cache=None,
):
    """Time ``queries`` at c=1 and c=16; ``pid``: the server's process, or with ``group`` (serve)
    the leader of its group, whose other processes (its workers) are counted
    apart: the CPU each request costs where."""
    from benchmarks.wrk import run_wrk

    for c in (1, 16):
        began = _cpu(pid, group)
        r = run_wrk(url, queries, concurrency=c, duration=duration, params=params, cities=cities)
        ended = _cpu(pid, group)
        # wrk's warm-up second is in the CPU too: per request of warm-up and timed run alike
        total = max(r.requests + r.warmup_requests, 1)
        cpu = tuple(round((e - b) * 1000 / total, 3) for e, b in zip(ended, began, strict=True))
        runs.append(
            {
                "workload": workload_name,
                "server": label,
                "concurrency": c,
                "rps": r.rps,
                "p50": r.p50,
                "p99": r.p99,
                "errors": r.errors,
                "requests": r.requests,
                "first_error": r.first_error,
                "cache": cache,
                "cpu_ms": cpu,
            }
        )
        print(
            f"  {workload_name} {label} c={c}: {r.rps:,.0f}/s p50 {r.p50 * 1000:.2f} ms "
            f"p99 {r.p99 * 1000:.2f} ms errors {r.errors} {r.first_error}",
            flush=True,
        )


def compare_library(urls: dict[str, tuple[str, dict]], queries: dict[str, str]) -> dict:
    """{query: {server: verdict}} against the first server's answers (errors as verdicts)."""
    from benchmarks.answers import compare
    from benchmarks.engines import HttpRunner

    runners = {name: HttpRunner(url, params) for name, (url, params) in urls.items()}
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


def library_throughput(peers: dict[str, dict], *, duration: float) -> dict:
    """The library over the Darmstadt graph on each serve configuration and peer."""
    from benchmarks.endpoint import serving
    from benchmarks.peers import pin_pid, pinned
    from benchmarks.wrk import server_cpus

    queries = workload.library_queries()
    runs: list[dict] = []
    cpus = server_cpus()
    for info in peers.values():
        pin_pid(info["pid"], cpus)
    with pinned(cpus), serving(workers=1, cache=0) as (url, _, _pid):
        urls = {"serve": (url, {})}
        urls.update({n: (i["endpoint"], i["params"]) for n, i in peers.items()})
        verdicts = compare_library(urls, queries)
    failing = {
        q for q, v in verdicts.items() if any(str(x).startswith("error") for x in v.values())
    }
    kept = [text for q, text in queries.items() if q not in failing]
    for workers, cache, in_memory in SERVE_CONFIGS:
        with pinned(cpus), serving(workers=workers, cache=cache) as (url, _, pid):
            _measure(
                runs,
                _label(workers, cache, in_memory),
                "library/Darmstadt",
                url,
                {},
                kept,
                duration,
                pid,
                group=True,
                cache=cache,
            )
    for name, info in peers.items():
        _measure(
            runs,
            name,
            "library/Darmstadt",
            info["endpoint"],
            info["params"],
            kept,
            duration,
            info["pid"],
        )
    return {"runs": runs, "verdicts": verdicts, "left_out": sorted(failing), "kept": len(kept)}


def distinct_throughput(
    peers: dict[str, dict], *, size: int, path: Path, cities: int, work: Path, duration: float
) -> dict:
    """Distinct selective requests over the largest graph on each serve configuration and peer."""
    from benchmarks.endpoint import data_folder, serving
    from benchmarks.peers import pin_pid, pinned
    from benchmarks.wrk import server_cpus

    cpus = server_cpus()
    for info in peers.values():
        pin_pid(info["pid"], cpus)
    name = f"distinct selective/{size:,}"
    templates = workload.distinct_templates()
    samples = workload.distinct_samples(cities)
    folder = data_folder(path, work / f"serve-data-{size}")
    runs: list[dict] = []
    starts, verdicts = {}, {}
    for workers, cache, in_memory in BIG_CONFIGS:
        with (
            pinned(cpus),
            serving(workers=workers, cache=cache, data=folder, in_memory=in_memory) as (
                url,
                started,
                pid,
            ),
        ):
            label = _label(workers, cache, in_memory)
            starts[label] = started
            if not verdicts:
                urls = {"serve": (url, {})}
                urls.update({n: (i["endpoint"], i["params"]) for n, i in peers.items()})
                verdicts = compare_library(urls, samples)
            _measure(
                runs,
                label,
                name,
                url,
                {},
                templates,
                duration,
                pid,
                group=True,
                cities=cities,
                cache=cache,
            )
    for peer, info in peers.items():
        _measure(
            runs,
            peer,
            name,
            info["endpoint"],
            info["params"],
            templates,
            duration,
            info["pid"],
            cities=cities,
        )
    return {"runs": runs, "verdicts": verdicts, "serve_start": starts, "size": size}
