"""Run the benchmarks and write RESULTS.md: ``python -m benchmarks.run`` (``make bench``).

Load, queries on every engine, the explorer, start-up. The endpoint's throughput has its own
run and report: ``python -m benchmarks.endpoint_bench`` (``make bench-endpoint``, ENDPOINT.md).

python -m benchmarks.run                      # 10^4, 10^5, 10^6 with Virtuoso and Chromium
python -m benchmarks.run --full               # also 10^7
python -m benchmarks.run --quick --no-virtuoso --no-browser --out /tmp/r.md   # smoke run
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from importlib import metadata
from pathlib import Path

from benchmarks import sections
from benchmarks.report import render
from tests.generate import write_dataset

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
# seconds an rdflib query may take before it is stopped (× --small-budget below the largest size)
RDFLIB_CAP = 2.0


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        mem = float("nan")
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, {platform.platform()}"


def _versions(virtuoso: bool) -> str:
    names = (
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "pyshacl",
        "starlette",
        "uvicorn",
        "pyvis",
        "playwright",
        "httpx",
    )
    parts = [f"Python {platform.python_version()}"]
    parts += [f"{n} {metadata.version(n)}" for n in names]
    try:
        parts.append(
            subprocess.run(
                ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
        )
    except OSError:
        parts.append("Chromium not installed")
    from benchmarks import wrk

    parts.append(wrk.version())
    if virtuoso:
        from benchmarks.virtuoso import Virtuoso

        parts.append("Virtuoso " + Virtuoso(Path("unused")).version())
    return ", ".join(parts)


@contextmanager
def _timed(spent: dict[str, float], section: str):
    """Add the block's wall time to ``spent[section]`` (the report's run-time table)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        spent[section] = spent.get(section, 0.0) + time.perf_counter() - started
        print(f"  [{section}: {spent[section]:.1f} s]", flush=True)


def _args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated triples")
    p.add_argument("--full", action="store_true", help="add 10^7 triples (long)")
    p.add_argument("--quick", action="store_true", help="short budgets (the smoke test)")
    p.add_argument("--no-virtuoso", action="store_true")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument(
        "--rdflib-max",
        type=int,
        default=10_000,
        help="largest size rdflib is queried at (its queries are slow; it is never scored)",
    )
    p.add_argument("--rdflib-max-load", type=int, default=100_000)
    p.add_argument("--budget", type=float, default=1.0, help="seconds per query and engine")
    p.add_argument(
        "--slow-cap",
        type=float,
        default=5.0,
        help="most seconds of timed runs per query and engine (slow queries get fewer than 5)",
    )
    p.add_argument(
        "--small-budget",
        type=float,
        default=0.5,
        help="budget and slow cap are scaled by this below the largest size (at least 5 runs "
        "are still taken wherever the cap allows)",
    )
    p.add_argument("--explorer-sizes", default="100,1000,5000")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    began = time.perf_counter()
    load_start = os.getloadavg()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full:
        sizes.append(10_000_000)
    if args.quick:
        args.budget = min(args.budget, 0.3)
        args.slow_cap = min(args.slow_cap, 1.0)
    work = Path(args.work or tempfile.mkdtemp(prefix="darmstadt-kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    settings: dict = {}
    spent: dict[str, float] = {}
    if not args.no_virtuoso:
        from benchmarks.virtuoso import tuning

        settings = tuning()
        print(f"Virtuoso settings: {settings}", flush=True)
    try:
        print("generating", flush=True)
        files, gen = {}, {}
        with _timed(spent, "generate the data sets"):
            for size in sizes:
                files[size] = work / f"data-{size}.nt"
                n, cities = write_dataset(size, files[size])
                gen[size] = {"triples": n, "cities": cities, "mb": files[size].stat().st_size / 1e6}
        with _timed(spent, "validate the smallest data set"):
            validation = sections.validate_sample(files[sizes[0]])
        print(f"  sample validation: {validation}", flush=True)
        print("loading", flush=True)
        with _timed(spent, "2. load (every loader, fresh processes)"):
            repeats = 1 if args.quick else sections.LOAD_REPEATS  # the smoke test: once
            load = sections.load_section(files, args.rdflib_max_load, repeats)
        queries, peer_info = {}, {}
        for size in sizes:
            print(f"querying {size:,}", flush=True)
            queries[size], peer_info[size] = _size(
                args, size, files[size], settings, work, size == sizes[-1], spent
            )
        print("explorer", flush=True)
        explorer_sizes = tuple(int(s) for s in args.explorer_sizes.split(",") if s)
        with _timed(spent, "4. explorer"):
            explorer = sections.explorer_section(work, explorer_sizes, browser=not args.no_browser)
        print(f"  {explorer}", flush=True)
        with _timed(spent, "5. start-up and validation"):
            startup = sections.startup_section()
        print(f"  {startup}", flush=True)
        meta = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": os.environ.get("BENCH_COMMAND")
            or "python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:]),
            "machine": _machine(),
            "versions": _versions(not args.no_virtuoso),
            "wall": time.perf_counter() - began,
            "load_start": load_start,
            "load_end": os.getloadavg(),
            "settings": settings,
            "allocators": _allocators(),
            "peers": peer_info,
            "budget": (args.budget, args.slow_cap, args.small_budget, RDFLIB_CAP),
            "spent": spent,
            "notes": _notes(),
        }
        text = render(
            meta, {"files": gen, "validation": validation}, load, queries, explorer, startup
        )
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({meta['wall']:.0f} s)")
    finally:
        if args.work is None:  # generated data and store copies: ~200 MB at the default sizes
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _info(peers: dict) -> dict:
    keep = ("load_s", "triples", "db_mb", "how")
    return {name: {k: v for k, v in info.items() if k in keep} for name, info in peers.items()}


def _size(
    args, size: int, path: Path, settings: dict, work: Path, biggest: bool, spent: dict[str, float]
):
    """Queries at one size against clean peers: (the timings, what each peer holds).

    Below the largest size, budget and slow cap are scaled by ``--small-budget``: those sizes
    mostly answer in milliseconds, where the run count (not the budget) ends the sampling;
    rdflib (never a scored peer) is queried only there, with its stop scaled alike.
    """
    from benchmarks.peers import peers_for
    from darmstadt_kg.load import load_store

    scale = 1.0 if biggest else args.small_budget
    with ExitStack() as stack:
        with _timed(spent, f"peers at {size:,} (project store, dump, clean peers loaded)"):
            store = load_store([path])
            peers = stack.enter_context(
                peers_for(
                    store,
                    work,
                    str(size),
                    virtuoso=not args.no_virtuoso,
                    settings=settings,
                )
            )
        info = _info(peers)
        info["project"] = {"triples": len(store)}
        print(f"  peers: {info}", flush=True)
        queries = sections.query_section(
            size,
            store,
            peers,
            path=path,
            rdflib=size <= args.rdflib_max,
            budget=args.budget * scale,
            cap=RDFLIB_CAP * scale,
            slow_cap=args.slow_cap * scale,
            timed=lambda label: _timed(spent, label),
        )
    del store
    return queries, info


def _notes() -> list[str]:
    notes = HERE / "NOTES.md"
    return ["", notes.read_text(encoding="utf-8")] if notes.is_file() else []


_REEXEC = "DARMSTADT_KG_BENCH_ALLOCATOR"


def _on_the_served_allocator() -> None:
    """Run this process on jemalloc (``darmstadt_kg.allocator``), as Oxigraph's server here:
    the embedded and pyoxigraph engines are timed in this process, on the same malloc as
    Oxigraph's server. Re-executes once with it preloaded;
    afterwards ``LD_PRELOAD`` (and the ``MALLOC_CONF`` it brought) leave the environment, so that
    a child gets them only where a module asks for it (the loaders and rdflib's child run on
    glibc's malloc, Virtuoso and Chromium on their own)."""
    from darmstadt_kg.allocator import RETAIN, in_use, with_preload

    if os.environ.pop(_REEXEC, None) is not None:
        os.environ.pop("LD_PRELOAD", None)
        if os.environ.get("MALLOC_CONF") == RETAIN:
            os.environ.pop("MALLOC_CONF")
        return
    env = with_preload(dict(os.environ))
    if in_use() != "jemalloc" and env.get("LD_PRELOAD") != os.environ.get("LD_PRELOAD"):
        env[_REEXEC] = "1"
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable, "-m", "benchmarks.run", *sys.argv[1:]], env)


def _allocators() -> str:
    from darmstadt_kg.allocator import in_use, preload

    library = preload()
    children = f"jemalloc ({library})" if library else "glibc's malloc"
    return (
        f"this process (embedded, pyoxigraph): {in_use()}; Oxigraph's server: {children}; "
        "the loaders of §2 and rdflib's child process: glibc's malloc; Virtuoso and Chromium: "
        "their own"
    )


if __name__ == "__main__":
    _on_the_served_allocator()
    sys.exit(main())
