"""Did issue 11's hardening cost throughput? The server before it and after it, same workloads.

    python -m benchmarks.hardening                      # writes benchmarks/HARDENING.md
    python -m benchmarks.hardening --rounds 1 --duration 1 --size 10000 --out /tmp/h.md

*Before* is ``darmstadt-kg serve`` of commit ``b0eefce`` (extracted with ``git archive`` into a
temp folder and run with this venv and ``PYTHONPATH=<before>/src``); *after* is the working
tree's, run twice: with its defaults, and with ``--per-client`` as high as the load generator's
concurrency (one address gets a bounded share of the query processes on purpose; wrk is one
address). All three run with the answer cache off and the same ``--workers``, pinned away from
wrk's CPU (``benchmarks.wrk``).

Same data: the after server loads the project's files (or a generated graph, for the distinct
workload); the before server loads one N-Triples dump of the very store the after server builds
(the union of its named graphs, derived triples included) with no rules to apply. The triples
each server holds are counted through its ``/sparql``, and every library query's answer (and a
sample of the distinct queries) is compared across the three as a multiset of full RDF terms
(``benchmarks.answers``); a workload gets a ratio only when all its answers are equal.

Workloads (``benchmarks.wrk``): the question library cycled over the Darmstadt graph, and
distinct selective lookups (lookup, 2-hop join about a random city per request) over a
generated graph; each at c=1 and c=16, in interleaved rounds (the order of the servers turns
around every round), the ratio after ÷ before per round and its median. Last, the time to
answer ``/id/darmstadt`` (a 303) on each server, in the same rounds.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import ExitStack, contextmanager
from importlib import metadata
from pathlib import Path

from benchmarks import servers, workload
from benchmarks.endpoint import data_folder
from benchmarks.hardening_report import SERVERS, render
from benchmarks.servers import cpu_seconds

__all__ = [
    "BEFORE",
    "before_tree",
    "before_data",
    "serving_three",
    "main",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEFORE = "b0eefce"  # the server before issue 11's hardening
CONCURRENCY = (1, 16)
SETTLE = 0.5  # seconds between a server's warm-up (or another server's run) and a timed run


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def before_tree(rev: str, folder: Path) -> Path:
    """Extract ``src/`` of ``rev`` into ``folder``; the folder to put on PYTHONPATH."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def before_data(store, folder: Path) -> tuple[Path, int]:
    """A data root for the before server holding exactly ``store``'s triples: the union of its
    graphs as one N-Triples file in ``graph/`` (N-Triples is Turtle), no vocabulary file and no
    rule (the derived triples are in the dump), the project's queries. (folder, triples)."""
    from benchmarks.peers import dump_store
    from darmstadt_kg import paths

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "graph").mkdir(parents=True)
    (folder / "ontology" / "rules").mkdir(parents=True)
    shutil.copytree(paths.queries_dir(), folder / "queries")
    dump_store(store, folder / "graph" / "store.ttl")
    return folder, len(store)


def _command(port: int, workers: int, per_client: int | None) -> list[str]:
    options = f"--port {port} --workers {workers} --cache-size 0 --no-validate"
    share = f" --per-client {per_client}" if per_client else ""
    return [sys.executable, "-m", "darmstadt_kg", "serve", *(options + share).split()]


@contextmanager
def serving_three(
    before_src: Path, old_data: Path, new_data: Path | None, *, workers: int, per_client: int
):
    """Yield ({server: base URL}, {server: pid}) of the before server and the two after servers
    (each pid leads its server's process group), pinned to the servers' CPUs; all stopped when
    the block ends."""
    from benchmarks.peers import pinned
    from benchmarks.wrk import server_cpus
    from darmstadt_kg.allocator import ENV

    # glibc's malloc on both sides: the before tree knows no other, and the question here is
    # what the hardening costs, not what the allocator gains (benchmarks/RESULTS.md shows that)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {ENV: "system"}
    setups = {
        "before": (
            {**env, "PYTHONPATH": str(before_src), "DARMSTADT_KG_DATA": str(old_data)},
            None,
        ),
        "after": (env, None),
        "after --per-client": (env, per_client),
    }
    if new_data is not None:
        for name in ("after", "after --per-client"):
            setups[name] = ({**env, "DARMSTADT_KG_DATA": str(new_data)}, setups[name][1])
    bases, pids = {}, {}
    with ExitStack() as stack, pinned(server_cpus()):
        for name, (server_env, share) in setups.items():
            port = servers.free_port()
            bases[name] = f"http://127.0.0.1:{port}"
            probe = f"{bases[name]}/sparql?query=ASK%7B%7D"
            pids[name] = stack.enter_context(
                servers.started(
                    _command(port, workers, share),
                    probe,
                    env=server_env,
                    cwd=tempfile.gettempdir(),
                    timeout=300,
                )
            ).process.pid
        yield bases, pids


def _same(bases: dict[str, str], queries: dict[str, str]) -> dict[str, dict]:
    """{query: {server: verdict, "rows": n}} against the before server's answers."""
    from benchmarks.throughput import compare_library

    return compare_library({n: (b + "/sparql", {}) for n, b in bases.items()}, queries)


def _equal(verdict: dict) -> bool:
    return all(verdict.get(name) == "equal" for name in SERVERS)


def _rounds(bases, pids, queries, *, rounds, duration, warmup, cities=0) -> tuple[dict, dict]:
    """({c: {server: [WrkResult per round]}}, {c: {server: [(server process, its children) CPU
    seconds per request, per round]}}): wrk runs interleaved, the order turned each round."""
    from benchmarks.wrk import run_wrk

    out: dict[int, dict[str, list]] = {c: {n: [] for n in SERVERS} for c in CONCURRENCY}
    cpu: dict[int, dict[str, list]] = {c: {n: [] for n in SERVERS} for c in CONCURRENCY}
    for r in range(rounds):
        for c in CONCURRENCY:
            for name in SERVERS if r % 2 == 0 else SERVERS[::-1]:
                url = bases[name] + "/sparql"
                if warmup > 0:
                    run_wrk(url, queries, concurrency=c, duration=warmup, cities=cities, warmup=0)
                time.sleep(SETTLE)  # the requests wrk abandoned at the end of a run are answered
                began = cpu_seconds(pids[name])
                result = run_wrk(
                    url, queries, concurrency=c, duration=duration, cities=cities, warmup=0
                )
                ended = cpu_seconds(pids[name])
                out[c][name].append(result)
                n = max(result.requests, 1)
                cpu[c][name].append(tuple((e - b) / n for e, b in zip(ended, began, strict=True)))
                print(
                    f"  round {r + 1} c={c} {name}: {result.rps:,.0f}/s "
                    f"p50 {result.p50 * 1000:.2f} ms {result.first_error}",
                    flush=True,
                )
    return out, cpu


def _id_rounds(bases, *, rounds: int, budget: float) -> dict:
    """{server: {"status", "first", "medians": [per round]}} of ``GET /id/darmstadt``."""
    import httpx

    from benchmarks.stats import time_calls

    out = {n: {"status": None, "first": None, "medians": []} for n in SERVERS}
    with httpx.Client(follow_redirects=False, timeout=60) as client:
        for r in range(rounds):
            for name in SERVERS if r % 2 == 0 else SERVERS[::-1]:
                url = bases[name] + "/id/darmstadt"
                if out[name]["first"] is None:
                    began = time.perf_counter()
                    out[name]["status"] = client.get(url).status_code
                    out[name]["first"] = time.perf_counter() - began
                timing = time_calls(
                    lambda url=url: client.get(url), budget=budget, min_runs=3, cap=4 * budget
                )
                out[name]["medians"].append(timing.median)
                print(
                    f"  round {r + 1} /id/darmstadt {name}: {timing.median * 1000:.1f} ms "
                    f"(n={len(timing.samples)})",
                    flush=True,
                )
    return out


def _data_set(label, store, new_data, queries, args, before_src, work, cities=0) -> dict:
    """Counts, answer checks and timed rounds over one data set (``queries``: to cycle, or the
    distinct templates when ``cities``)."""
    from benchmarks.peers import _count  # the triples an endpoint holds, by COUNT(*)

    old_data, dumped = before_data(store, work / f"before-data-{label}")
    print(f"{label}: {dumped:,} triples dumped for the before server", flush=True)
    with serving_three(
        before_src, old_data, new_data, workers=args.workers, per_client=args.per_client
    ) as (bases, pids):
        counts = {n: _count(b + "/sparql", {}) for n, b in bases.items()}
        print(f"  triples through /sparql: {counts}", flush=True)
        checked = workload.distinct_samples(cities) if cities else queries
        verdicts = _same(bases, checked)
        kept = (
            list(queries.values())
            if cities
            else [text for q, text in queries.items() if _equal(verdicts[q])]
        )
        same_data = len(set(counts.values())) == 1 and counts["before"] == dumped
        comparable = same_data and (all(map(_equal, verdicts.values())) if cities else bool(kept))
        runs, cpu = (
            _rounds(
                bases,
                pids,
                kept,
                rounds=args.rounds,
                duration=args.duration,
                warmup=args.warmup,
                cities=cities,
            )
            if comparable
            else ({}, {})
        )
        ids = _id_rounds(bases, rounds=args.rounds, budget=args.id_budget) if not cities else None
    return {
        "label": label,
        "dumped": dumped,
        "counts": counts,
        "verdicts": verdicts,
        "kept": len(kept),
        "comparable": comparable,
        "runs": runs,
        "cpu": cpu,
        "id": ids,
    }


def _versions() -> str:
    from benchmarks import wrk

    names = ("pyoxigraph", "starlette", "uvicorn", "httpx")
    return ", ".join(
        [
            f"Python {platform.python_version()}",
            *(f"{n} {metadata.version(n)}" for n in names),
            wrk.version(),
        ]
    )


def _args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--before", default=BEFORE, help="the commit before the hardening")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    p.add_argument("--duration", type=float, default=4.0, help="seconds per wrk run")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of wrk warm-up per run")
    p.add_argument("--size", type=int, default=100_000, help="triples of the generated graph")
    p.add_argument("--workers", type=int, default=1, help="--workers of every server")
    p.add_argument("--per-client", type=int, default=max(CONCURRENCY))
    p.add_argument("--id-budget", type=float, default=1.0, help="seconds per /id timing")
    p.add_argument("--out", type=Path, default=HERE / "HARDENING.md")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.duration < 1 or args.size < 10_000:
        p.error(
            "--rounds must be at least 1, --duration at least 1 (wrk's smallest), --size at "
            "least 10000"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    from benchmarks.run import _machine
    from darmstadt_kg import load
    from tests.generate import write_dataset

    args = _args(argv)
    began, load_start = time.perf_counter(), os.getloadavg()
    before = _git("log", "-1", "--format=%H %s", args.before)
    dirty = _git("status", "--porcelain", "--", "src")
    after = _git("rev-parse", "HEAD") + (" with uncommitted changes under src/" if dirty else "")
    work = Path(tempfile.mkdtemp(prefix="darmstadt-kg-hardening-"))
    try:
        before_src = before_tree(args.before, work / "before")
        sets = []
        library = workload.library_queries()
        d = _data_set("darmstadt", load.get_store(), None, library, args, before_src, work)
        sets.append(
            {
                **d,
                "title": "library/Darmstadt",
                "what": f"{d['kept']} of {len(library)} library queries cycled",
            }
        )
        generated = work / "generated.nt"
        _, cities = write_dataset(args.size, generated)
        store = load.load_store([generated])
        new_data = data_folder(generated, work / "after-data")  # equals load_store([generated])
        templates = dict(zip(workload.SELECTIVE, workload.distinct_templates(), strict=False))
        d = _data_set(
            "generated", store, new_data, templates, args, before_src, work, cities=cities
        )
        del store
        sets.append(
            {
                **d,
                "title": f"distinct selective/{d['dumped']:,}",
                "what": f"lookup and 2-hop join about one of {cities:,} cities per request",
            }
        )
        meta = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": os.environ.get("BENCH_COMMAND")
            or (
                "python -m benchmarks.hardening "
                + shlex.join(argv if argv is not None else sys.argv[1:])
            ).strip(),
            "machine": _machine(),
            "versions": _versions(),
            "wall": time.perf_counter() - began,
            "load_start": tuple(round(x, 2) for x in load_start),
            "load_end": tuple(round(x, 2) for x in os.getloadavg()),
            "before": before,
            "after": after,
            "settle": SETTLE,
            **{
                k: getattr(args, k)
                for k in ("workers", "rounds", "duration", "warmup", "per_client")
            },
        }
        args.out.write_text(render(meta, sets), encoding="utf-8")
        print(f"wrote {args.out} ({meta['wall']:.0f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
