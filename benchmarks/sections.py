"""The benchmark's parts, each returning plain data for the report.

``load_section``, ``query_section``, ``explorer_section`` and ``startup_section`` each measure
one part of RESULTS.md; ``run.py`` calls them (the endpoint's throughput is
``benchmarks.endpoint_bench``'s).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks import workload
from benchmarks.engines import CALL_LIMIT, finishes_within
from benchmarks.stats import Timing, time_calls

__all__ = [
    "load_section",
    "query_section",
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


def load_section(
    files: dict[int, Path], rdflib_max_load: int, repeats: int = LOAD_REPEATS
) -> dict[int, dict[str, dict]]:
    """Load time and peak memory per size and loader, each run in a fresh process.

    The pyoxigraph-based loaders run ``repeats`` times, interleaved so that a slow spell of the
    machine hits each of them alike, and report the median run; rdflib runs once.
    """
    from benchmarks.loading import KINDS, measure_load

    out: dict[int, dict[str, dict]] = {}
    for size, path in files.items():
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for round_ in range(repeats):
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
    size: int,
    store,
    peers: dict[str, dict],
    *,
    path: Path,
    rdflib: bool,
    budget: float,
    cap: float = 3.0,
    slow_cap: float = 6.0,
    timed=None,
) -> dict[str, dict[str, Timing]]:
    """Every library and scale query on each engine: {query: {engine: Timing}}.

    Each Timing carries the warm-up call's answer (``benchmarks.answers``), compared later.
    ``timed(label)``, if given, is a context manager that records a part's wall time.
    """
    from contextlib import nullcontext

    from benchmarks.engines import HttpRunner, embedded_runner, raw_runner
    from benchmarks.rdflib_child import rdflib_timings

    timed = timed or (lambda _label: nullcontext())

    embedded, answer, _ = embedded_runner(store=store)
    engines = {"embedded": (embedded, answer), "pyoxigraph": raw_runner(store)}
    runners = []
    for name, info in peers.items():
        runner = HttpRunner(info["endpoint"], info["params"])
        runners.append(runner)
        engines[name] = (runner, runner.answer)
    results: dict[str, dict[str, Timing]] = {}
    with timed(f"3. queries at {size:,}: embedded, pyoxigraph and the peers"):
        _time_queries(engines, results, budget=budget, slow_cap=slow_cap, size=size)
    for runner in runners:
        runner.close()
    if rdflib:
        with timed(f"3. queries at {size:,}: rdflib (child process)"):
            for name, timing in rdflib_timings(path, budget, cap).items():
                results[name]["rdflib"] = timing
    return results


#: the engines that run Oxigraph's engine: a query pyoxigraph cannot finish within the call
#: limit is not run on them (an HTTP peer keeps evaluating after its client has given up)
OXIGRAPH_ENGINES = ("embedded", "pyoxigraph", "Oxigraph server")
STOPPED = f"over {CALL_LIMIT:g} s: a forked pyoxigraph call was stopped"


def _time_queries(
    engines: dict, results: dict, *, budget: float, slow_cap: float, size: int
) -> None:
    """Time every query on every engine into ``results`` ({query: {engine: Timing}}); a query
    is first run once by pyoxigraph in a forked child, stopped after ``CALL_LIMIT``."""
    selective = {f"scale: {n}" for n in workload.SELECTIVE}
    probe = engines["pyoxigraph"][0]
    for name, text in workload.all_queries().items():
        # sub-millisecond queries: ten times the samples, so that their medians (compared
        # across sizes for flatness) do not move with a few slow calls; still within budget
        most = 300 if name in selective else 30
        stopped = not finishes_within(probe, text, CALL_LIMIT)
        if stopped:
            print(f"  {name} at {size:,}: {STOPPED}; not run on Oxigraph's engine", flush=True)
        results[name] = {
            engine: Timing([], STOPPED)
            if stopped and engine in OXIGRAPH_ENGINES
            else time_calls(
                lambda run=run, text=text: run(text),
                budget=budget,
                max_runs=most,
                cap=slow_cap,
                first=first,
            )
            for engine, (run, first) in engines.items()
        }


def explorer_section(work: Path, sizes=(100, 1000, 5000), browser: bool = True) -> list[dict]:
    """Build the explorer for each node count and time it in headless Chromium."""
    from benchmarks.explorer import build_page, measure_pages, subnetwork
    from darmstadt_kg.load import load_store
    from darmstadt_kg.network import build_network
    from tests.generate import write_dataset

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
