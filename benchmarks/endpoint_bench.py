"""The endpoint against Oxigraph's own server, in one run: ``python -m benchmarks.endpoint_bench``
(``make bench-endpoint``); writes ``benchmarks/ENDPOINT.md``.

Two workloads, uncached, at concurrency 1 and 16 with ``wrk`` (servers pinned to
``wrk.server_cpus()``, wrk to ``wrk.wrk_cpus()``):

* *library*: the question library cycled over the Darmstadt graph;
* *lookups*: a lookup or 2-hop join about a different random city per request over a generated
  graph of 10^6 triples.

Three servers over the same data: ``darmstadt-kg serve`` (pre-fork workers, ``--cache-mb 0``),
``oxigraph serve-read-only`` unguarded, and the same with ``--timeout-s`` — the longest of
:data:`OXIGRAPH_LIMITS` with which it survives the run (a limit it does not survive is named in
the report). Only queries whose answers are equal on every server are timed. The CPU each
request costs is split by process: serve's arbiter and its workers; Oxigraph's one process.
Finally the first view of ``/id/darmstadt`` (303 and the HTML page) on a fresh server.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import shlex
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks import oxigraph_server, workload
from benchmarks.throughput import _measure, compare_library

__all__ = ["main", "OXIGRAPH_LIMITS"]

HERE = Path(__file__).resolve().parent
OXIGRAPH_LIMITS = (10, 5, 2, 1)  # seconds, tried from the longest down
SIZE = 10**6


def _equal(verdicts: dict) -> list[str]:
    """The queries every server answered equally."""
    return [
        q for q, v in verdicts.items() if all(x == "equal" for k, x in v.items() if k != "rows")
    ]


def _oxigraph_runs(runs, location, name, queries, duration, cities, limit=None) -> bool:
    """Time Oxigraph over ``location``; False when it died (or failed requests) in the run."""
    import os

    with oxigraph_server.serving(location, timeout_s=limit, preload=False) as (url, pid):
        label = "oxigraph" + (f" --timeout-s {limit}" if limit else "")
        before = len(runs)
        try:
            _measure(runs, label, name, url, {}, queries, duration, pid, cities=cities)
        except RuntimeError as err:  # wrk could not finish: the server is gone
            print(f"  {label}: {err}", flush=True)
            del runs[before:]
            return False
        alive = os.path.exists(f"/proc/{pid}")
    survived = alive and all(r["errors"] == 0 for r in runs[before:])
    if not survived:
        for run in runs[before:]:
            run["server"] += " (did not survive)"
    return survived


def _workload(runs, name, serve_kwargs, location, samples, queries, duration, cities, limits):
    """Compare answers, then time serve, Oxigraph unguarded and Oxigraph with a time limit."""
    from benchmarks.endpoint import serving
    from benchmarks.peers import pinned
    from benchmarks.wrk import server_cpus

    cpus = server_cpus()
    with pinned(cpus):
        with serving(**serve_kwargs) as (url, _, pid):
            with oxigraph_server.serving(location, preload=False) as (ox_url, _):
                verdicts = compare_library({"serve": (url, {}), "oxigraph": (ox_url, {})}, samples)
            kept = _equal(verdicts)
            if cities:  # a template is timed when its answers about every sample city agree
                timed = [
                    t
                    for t, q in zip(queries, workload.SELECTIVE, strict=False)
                    if all(k in kept for k in samples if k.startswith(q + " city"))
                ]
            else:
                timed = [samples[q] for q in kept]
            _measure(runs, "serve", name, url, {}, timed, duration, pid, group=True, cities=cities)
        _oxigraph_runs(runs, location, name, timed, duration, cities)
        chosen, lost = None, []
        for limit in limits:
            if _oxigraph_runs(runs, location, name, timed, duration, cities, limit):
                chosen = limit
                break
            lost.append(limit)
    return {"verdicts": verdicts, "kept": len(kept), "equal": kept, "limit": chosen, "lost": lost}


def _first_view() -> tuple[float, float]:
    """Seconds of the first ``/id/darmstadt`` (303 plus the HTML page) on a fresh server, and of
    the second view."""
    from benchmarks.endpoint import serving

    with serving(workers=1, cache=0) as (url, _, _pid):
        page = url.removesuffix("/sparql") + "/id/darmstadt"
        seconds = []
        for _ in range(2):
            request = urllib.request.Request(page, headers={"Accept": "text/html"})
            began = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
            seconds.append(time.perf_counter() - began)
    return seconds[0], seconds[1]


def _table(runs: list[dict], workload_name: str) -> list[str]:
    rows = [r for r in runs if r["workload"] == workload_name]
    unguarded = {r["concurrency"]: r["rps"] for r in rows if r["server"] == "oxigraph"}
    limited = {
        r["concurrency"]: (r["server"], r["rps"])
        for r in rows
        if r["server"].startswith("oxigraph --timeout-s") and "did not" not in r["server"]
    }
    out = [
        "| server | c | req/s | p50 ms | p99 ms | errors | ÷ unguarded | ÷ time-limited "
        "| CPU ms per request (by process) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c = r["concurrency"]
        ratio = f"{r['rps'] / unguarded[c]:.2f}×" if unguarded.get(c) else "–"
        lim = f"{r['rps'] / limited[c][1]:.2f}×" if c in limited else "–"
        cpu = r["cpu_ms"]
        where = f"arbiter {cpu[0]:.3f} + workers {cpu[1]:.3f}" if len(cpu) == 2 else f"{cpu[0]:.3f}"
        out.append(
            f"| {r['server']} | {c} | {r['rps']:,.0f} | {r['p50'] * 1000:.2f} | "
            f"{r['p99'] * 1000:.2f} | {r['errors']} | {ratio} | {lim} | {where} |"
        )
    return out


def _report(results: dict, args, seconds: float) -> str:
    lines = [
        "# The endpoint beside Oxigraph's server",
        "",
        f"Generated by `{results['command']}` on {results['date']} in {seconds / 60:.1f} min; "
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{oxigraph_server.version()}. wrk {args.duration:g} s per run (after 1 s of warm-up), "
        "servers pinned to every CPU but wrk's. Uncached: `serve --cache-mb 0`. Only queries "
        "whose answers are equal on serve and Oxigraph are timed. Both servers run on glibc's "
        f"malloc, as shipped. Load average before the run: {results['load']}.",
        "",
    ]
    for key, title in (
        ("library", "Library questions over the Darmstadt graph"),
        ("lookups", f"Distinct lookups and 2-hop joins over {results['size']:,} triples"),
    ):
        info = results[key]
        differing = {q: v for q, v in info["verdicts"].items() if q not in info["equal"]}
        limit = info["limit"]
        lines += [
            f"## {title}",
            "",
            f"Equal answers: {info['kept']} of {len(info['verdicts'])} compared queries. "
            + (
                f"Oxigraph with a time limit survived the run at `--timeout-s {limit}` "
                f"(tried from {OXIGRAPH_LIMITS[0]} s down"
                + (
                    f"; it did not survive at {', '.join(f'{x} s' for x in info['lost'])}: "
                    "it stopped answering or failed requests"
                    if info["lost"]
                    else ""
                )
                + ")."
                if limit
                else "Oxigraph survived the run with none of the time limits tried "
                f"({', '.join(map(str, OXIGRAPH_LIMITS))} s)."
            ),
            "",
            *_table(results["runs"], info["name"]),
            "",
            *([f"Left out (answers not equal): {differing}", ""] if differing else []),
        ]
    first, second = results["first_view"]
    lines += [
        "## /id/darmstadt",
        "",
        f"First view on a fresh server (303 and the HTML page): {first:.3f} s; second: "
        f"{second:.3f} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--out", type=Path, default=HERE / "ENDPOINT.md")
    parser.add_argument("--size", type=int, default=SIZE, help="triples of the generated graph")
    args = parser.parse_args(argv)
    from benchmarks.endpoint import data_folder
    from benchmarks.peers import dump_store
    from darmstadt_kg.load import get_store, load_store
    from tests.generate import write_dataset

    began = time.perf_counter()
    runs: list[dict] = []
    results: dict = {
        "command": shlex.join(
            ["python", "-m", "benchmarks.endpoint_bench", *(argv or sys.argv[1:])]
        ),
        "date": datetime.date.today().isoformat(),
        "runs": runs,
        "size": args.size,
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }
    with tempfile.TemporaryDirectory(prefix="bench-endpoint-") as tmp:
        work = Path(tmp)
        dump = work / "darmstadt.nt"
        dump_store(get_store(), dump)
        oxigraph_server.load(dump, work / "ox-darmstadt")
        name = "library/Darmstadt"
        results["library"] = {
            "name": name,
            **_workload(
                runs,
                name,
                {"workers": 2, "cache": 0},
                work / "ox-darmstadt",
                workload.library_queries(),
                None,
                args.duration,
                0,
                OXIGRAPH_LIMITS,
            ),
        }
        generated = work / "generated.nt"
        _, cities = write_dataset(args.size, generated)
        # Oxigraph holds what serve holds: the project's store over the file, derived triples too
        big = work / "generated-store.nt"
        dump_store(load_store([generated]), big)
        oxigraph_server.load(big, work / "ox-big")
        big.unlink()
        name = f"distinct selective/{args.size:,}"
        results["lookups"] = {
            "name": name,
            **_workload(
                runs,
                name,
                {"workers": 2, "cache": 0, "data": data_folder(generated, work / "data")},
                work / "ox-big",
                workload.distinct_samples(cities),
                workload.distinct_templates(),
                args.duration,
                cities,
                OXIGRAPH_LIMITS,
            ),
        }
        results["first_view"] = _first_view()
    args.out.write_text(_report(results, args, time.perf_counter() - began), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
