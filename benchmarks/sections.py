"""The benchmark's parts, each returning plain data for the report.

``load_section``, ``query_section``, ``endpoint_section``, ``explorer_section`` and
``startup_section`` each measure one item of the issue; ``run.py`` calls them in order.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import workload
from benchmarks.stats import Timing, time_calls

__all__ = [
    "load_section",
    "query_section",
    "endpoint_section",
    "explorer_section",
    "startup_section",
    "validate_sample",
]


def validate_sample(path: Path) -> dict:
    """Validate a generated file with the project's own validator (shapes and checks)."""
    from darmstadt_kg.load import load_store
    from darmstadt_kg.validate import validate

    started = time.perf_counter()
    report = validate(load_store([path]))
    return {
        "triples": report.triples,
        "conforms": report.conforms,
        "shacl": len(report.shacl),
        "violations": len(report.violations),
        "seconds": time.perf_counter() - started,
    }


LOAD_REPEATS = 3


def _median_run(runs: list[dict]) -> dict:
    """The run with the median time (an error if any run failed), with every run's seconds."""
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[len(ordered) // 2], "runs": [round(r["seconds"], 3) for r in runs]}


def load_section(files: dict[int, Path], rdflib_max_load: int) -> dict[int, dict[str, dict]]:
    """Load time and peak memory per size and loader, each run in a fresh process.

    The pyoxigraph-based loaders run ``LOAD_REPEATS`` times, interleaved so that a slow spell
    of the machine hits each of them alike, and report the median run; rdflib runs once.
    """
    from benchmarks.loading import KINDS, measure_load

    out: dict[int, dict[str, dict]] = {}
    for size, path in files.items():
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for round_ in range(LOAD_REPEATS):
            for kind in KINDS:
                if kind == "rdflib" and (round_ or size > rdflib_max_load):
                    continue
                runs[kind].append(measure_load(kind, path))
                print(f"  load {size:>9,} {kind:<13} {runs[kind][-1]}", flush=True)
        out[size] = {
            kind: _median_run(runs[kind])
            if runs[kind]
            else {"error": f"not run above {rdflib_max_load:,} triples"}
            for kind in KINDS
        }
    return out


def query_section(
    size: int, path: Path, *, virtuoso=None, rdflib: bool, budget: float, cap: float = 3.0
) -> dict[str, dict[str, Timing]]:
    """Every library and scale query on each engine: {query: {engine: Timing}}."""
    from benchmarks.engines import VirtuosoRunner, embedded_runner
    from benchmarks.rdflib_child import rdflib_timings

    embedded, store = embedded_runner(path)
    engines = {"embedded": embedded}
    runner = None
    if virtuoso is not None:
        graph = f"urn:darmstadt-kg:bench:{size}"
        seconds = virtuoso.bulk_load(store, graph)
        print(f"  virtuoso bulk load {size:,}: {seconds:.1f} s", flush=True)
        runner = engines["virtuoso"] = VirtuosoRunner(virtuoso.endpoint, graph)
    results: dict[str, dict[str, Timing]] = {}
    selective = {f"scale: {n}" for n in workload.SELECTIVE}
    for name, text in workload.all_queries().items():
        # sub-millisecond queries: ten times the samples, so that their medians (compared
        # across sizes for flatness) do not move with a few slow calls; still within budget
        most = 300 if name in selective else 30
        results[name] = {
            engine: time_calls(lambda run=run, text=text: run(text), budget=budget, max_runs=most)
            for engine, run in engines.items()
        }
    if runner is not None:
        runner.close()
    del store
    if rdflib:
        for name, timing in rdflib_timings(path, budget, cap).items():
            results[name]["rdflib"] = timing
    return results


def _common_library(urls: list[tuple[str, dict]]) -> tuple[list[str], list[str]]:
    """Library queries every endpoint answers with 200 (and the names of those left out)."""
    import httpx

    kept, dropped = [], []
    accept = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    for name, text in workload.library_queries().items():
        ok = all(
            httpx.get(url, params={"query": text, **params}, headers=accept, timeout=30).status_code
            == 200
            for url, params in urls
        )
        (kept if ok else dropped).append(text if ok else name)
    return kept, dropped


def endpoint_section(
    *,
    virtuoso,
    darmstadt_graph: str | None,
    big: tuple[int, Path, int, str | None],
    work: Path,
    duration: float,
) -> dict:
    """Throughput of ``darmstadt-kg serve`` and Virtuoso's endpoint at concurrency 1 and 16."""
    from benchmarks.endpoint import data_folder, serving
    from benchmarks.loadgen import run_load

    runs: list[dict] = []
    dropped: list[str] = []

    def measure(label, workload_name, url, params, queries, cache, workers):
        for c in (1, 16):
            r = run_load(url, queries, concurrency=c, duration=duration, params=params)
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
                    "workers": workers,
                }
            )
            print(
                f"  {workload_name} {label} c={c}: {r.rps:.0f}/s p50 {r.p50 * 1000:.1f} ms "
                f"p99 {r.p99 * 1000:.1f} ms errors {r.errors} {r.first_error}",
                flush=True,
            )

    # the question library over the Darmstadt graph
    configs = [(1, 0), (2, 0), (2, 1024)]
    with serving(workers=1, cache=0) as (url, _):
        peers = [(url, {})]
        if virtuoso is not None:
            peers.append((virtuoso.endpoint, {"default-graph-uri": darmstadt_graph}))
        library, dropped = _common_library(peers)
    for workers, cache in configs:
        with serving(workers=workers, cache=cache) as (url, _):
            measure(
                f"serve --workers {workers} --cache-size {cache}",
                "library/Darmstadt",
                url,
                {},
                itertools.cycle(library),
                cache,
                workers,
            )
    if virtuoso is not None:
        measure(
            "Virtuoso",
            "library/Darmstadt",
            virtuoso.endpoint,
            {"default-graph-uri": darmstadt_graph},
            itertools.cycle(library),
            None,
            None,
        )
    # distinct selective queries over the biggest graph
    size, path, cities, graph = big
    folder = data_folder(path, work / f"serve-data-{size}")
    starts = {}
    for workers, in_memory in ((1, False), (2, False), (1, True)):
        option = " --in-memory" if in_memory else ""
        with serving(workers=workers, cache=0, data=folder, in_memory=in_memory) as (url, started):
            starts[f"{workers} worker(s){option}"] = started
            measure(
                f"serve --workers {workers} --cache-size 0{option}",
                f"distinct selective/{size:,}",
                url,
                {},
                workload.distinct_selective(cities),
                0,
                workers,
            )
    if virtuoso is not None and graph:
        measure(
            "Virtuoso",
            f"distinct selective/{size:,}",
            virtuoso.endpoint,
            {"default-graph-uri": graph},
            workload.distinct_selective(cities),
            None,
            None,
        )
    return {
        "runs": runs,
        "library_size": len(library),
        "dropped": dropped,
        "serve_start_big": starts,
        "big_size": size,
    }


def explorer_section(work: Path, sizes=(100, 1000, 5000), browser: bool = True) -> list[dict]:
    """Build the explorer for each node count and time it in headless Chromium."""
    from benchmarks.explorer import build_page, measure_pages, subnetwork
    from benchmarks.generate import write_dataset
    from darmstadt_kg.load import load_store
    from darmstadt_kg.network import build_network

    data = work / "explorer.nt"
    write_dataset(max(20_000, 42 * max(sizes)), data)
    network = build_network(load_store([data]))
    rows, pages = [], []
    for n in sizes:
        page = work / f"explorer-{n}.html"
        seconds, size, nodes, edges = build_page(subnetwork(network, n), page)
        rows.append({"nodes": nodes, "edges": edges, "build_s": seconds, "bytes": size})
        pages.append(page)
    if browser:
        for row, seen in zip(rows, measure_pages(pages), strict=True):
            row.update(seen)
    return rows


def startup_section() -> dict:
    """``darmstadt-kg --help`` wall time, and validation of the Darmstadt graph."""
    exe = [sys.executable, "-m", "darmstadt_kg"]
    script = Path(sys.executable).with_name("darmstadt-kg")
    help_cmd = [str(script)] if script.exists() else exe
    helps = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*help_cmd, "--help"], capture_output=True, check=True)
        helps.append(time.perf_counter() - started)
    started = time.perf_counter()
    done = subprocess.run([*help_cmd, "validate"], capture_output=True, text=True, check=False)
    cli_validate = time.perf_counter() - started
    code = (
        "import time;from darmstadt_kg.load import get_store;s=get_store();"
        "t=time.perf_counter();from darmstadt_kg.validate import validate;r=validate(s);"
        "a=time.perf_counter()-t;t=time.perf_counter();validate(s);"
        "print(a,time.perf_counter()-t,r.conforms)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second, conforms = out.stdout.split()
    return {
        "help": sorted(helps)[len(helps) // 2],
        "cli_validate": cli_validate,
        "cli_validate_ok": done.returncode == 0,
        "validate_first": float(first),
        "validate_warm": float(second),
        "conforms": conforms == "True",
    }
