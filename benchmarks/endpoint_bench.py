"""The endpoint against Oxigraph's own server, in interleaved rounds: ``python -m
benchmarks.endpoint_bench`` (``make bench-endpoint``); writes ``benchmarks/ENDPOINT.md``.

Two workloads, uncached, at concurrency 1 and 16 with ``wrk`` (servers pinned to
``wrk.server_cpus()``, wrk to ``wrk.wrk_cpus()``):

* *library*: the question library cycled over the Darmstadt graph;
* *lookups*: a lookup or 2-hop join about a different random city per request over a generated
  graph of 10^6 triples.

Three servers over the same data run side by side through a workload: ``darmstadt-kg serve``
(pre-fork workers, ``--cache-mb 0``), ``oxigraph serve-read-only`` unguarded, and the same with
``--timeout-s`` — the longest of :data:`OXIGRAPH_LIMITS` with which it survives a probe (one wrk
run at each concurrency, not counted; the limits it did not survive are named in the report).
Only queries whose answers are equal on every server are timed. Then ``--rounds`` rounds: in
each, every server gets one wrk run at c=1 and one at c=16; the servers' order turns by one from
round to round and the concurrencies' order alternates, so that a slow spell of the shared
machine falls on each server alike. The report gives the median req/s, p50 and p99 per server and
concurrency with the range of req/s, ratios of medians, and the CPU each request costs by process
(serve's arbiter and its workers; Oxigraph's one process), summed over the rounds. A server that
dies in a round is named in the report and restarted for the next. Finally the first view of
``/id/darmstadt`` (303 and the HTML page) on a fresh server.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from benchmarks import endpoint, oxigraph_server, workload
from benchmarks.endpoint_report import UNGUARDED, report
from benchmarks.peers import dump_store, pinned
from benchmarks.throughput import compare_library, timed_run
from benchmarks.wrk import server_cpus
from darmstadt_kg.load import get_store, load_store
from tests.generate import write_dataset
from tests.servers import descendants

__all__ = ["main", "OXIGRAPH_LIMITS", "Server", "run_rounds"]

HERE = Path(__file__).resolve().parent
OXIGRAPH_LIMITS = (10, 5, 2, 1)  # seconds, tried from the longest down
CONCURRENCY = (1, 16)
SIZE = 10**6


@dataclass
class Server:
    """A server kept running through a workload: ``opener()`` is a context manager yielding
    (URL, pid); ``group``: its CPU is counted as the pid's own and its process group's apart."""

    name: str
    opener: Callable[[], AbstractContextManager]
    group: bool = False
    url: str = ""
    pid: int = 0
    _stack: ExitStack | None = field(default=None, repr=False)

    @property
    def up(self) -> bool:
        return self._stack is not None

    def start(self) -> Server:
        stack = ExitStack()
        self.url, self.pid = stack.enter_context(self.opener())
        self._stack = stack
        return self

    def stop(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def alive(self) -> bool:
        """Its process still runs (a zombie, ended but not yet reaped, does not)."""
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@contextmanager
def _serve(data: Path | None):
    with endpoint.serving(workers=None, cache=0, data=data) as (url, _seconds, pid):
        yield url, pid


def _oxigraph(location: Path, limit: float | None = None) -> Server:
    name = UNGUARDED + (f" --timeout-s {limit:g}" if limit else "")
    return Server(name, partial(oxigraph_server.serving, location, timeout_s=limit, preload=False))


def _run(server: Server, queries, c: int, duration: float, cities: int, round_: int) -> dict:
    """One wrk run; ``died`` says why when the server's process ended or wrk could not finish."""
    record = {"server": server.name, "round": round_, "concurrency": c}
    try:
        record.update(
            timed_run(
                server.url,
                queries,
                concurrency=c,
                duration=duration,
                pid=server.pid,
                group=server.group,
                cities=cities,
            )
        )
    except (RuntimeError, OSError) as err:  # wrk failed, or the process was gone
        record["died"] = " ".join(str(err).split())[:200]
    else:
        if not server.alive():
            record["died"] = record["first_error"] or "its process ended"
    shown = (
        f"died: {record['died']}"
        if "died" in record
        else f"{record['rps']:,.0f}/s p50 {record['p50'] * 1000:.2f} ms "
        f"p99 {record['p99'] * 1000:.2f} ms errors {record['errors']} {record['first_error']}"
    )
    print(f"  round {round_} {server.name} c={c}: {shown}", flush=True)
    return record


def _probe(location: Path, queries, duration: float, cities: int, limits) -> tuple:
    """(the running time-limited Oxigraph, [(a limit it did not survive, what went wrong)]):
    the longest limit with which a wrk run at each concurrency ends without a failed request or
    a dead process."""
    lost = []
    for limit in limits:
        server = _oxigraph(location, limit).start()
        runs = [_run(server, queries, c, duration, cities, 0) for c in CONCURRENCY]
        failed = [r for r in runs if "died" in r or r["errors"]]
        if not failed:
            return server, lost
        server.stop()
        why = "; ".join(
            f"c={r['concurrency']}: " + (f"died, {r['died']}" if "died" in r else r["first_error"])
            for r in failed
        )
        lost.append((limit, why))
    return None, lost


def run_rounds(
    servers: list[Server], queries, *, rounds: int, duration: float, cities: int = 0
) -> tuple[list[dict], list[str]]:
    """Every server's wrk runs, round by round: (runs, events). In round r the servers start
    at the (r-1)-th one in turn, and c=1 goes first in odd rounds, c=16 in even ones. A server
    that dies is left out for the rest of its round and restarted for the next; ``events`` says
    when, in words, and names every run with failed requests."""
    runs: list[dict] = []
    events: list[str] = []
    for r in range(1, rounds + 1):
        turn = (r - 1) % len(servers)
        order = servers[turn:] + servers[:turn]
        for c in CONCURRENCY if r % 2 else CONCURRENCY[::-1]:
            for server in order:
                if not server.up:
                    continue
                run = _run(server, queries, c, duration, cities, r)
                runs.append(run)
                if "died" in run:
                    events.append(f"`{server.name}` died in round {r} at c={c} ({run['died']})")
                    server.stop()
                elif run["errors"]:
                    events.append(
                        f"`{server.name}` failed {run['errors']} requests in round {r} at c={c} "
                        f"({run['first_error']})"
                    )
        for server in servers:
            if server.up or r == rounds:
                continue
            try:
                server.start()
                events.append(f"`{server.name}` restarted for round {r + 1}")
            except RuntimeError as err:
                events.append(f"`{server.name}` could not be restarted: {err}")
    return runs, events


def _equal(verdicts: dict) -> list[str]:
    """The queries every server answered equally."""
    return [
        q for q, v in verdicts.items() if all(x == "equal" for k, x in v.items() if k != "rows")
    ]


def _timed(samples: dict, kept: list[str], queries, cities: int) -> list[str]:
    """What wrk sends: the library questions kept, or (``cities``) each lookup template whose
    answers about every sample city agree."""
    if not cities:
        return [samples[q] for q in kept]
    return [
        t
        for t, q in zip(queries, workload.SELECTIVE, strict=False)
        if all(k in kept for k in samples if k.startswith(q + " city"))
    ]


def _workload(serve_data, location, samples, queries, cities, args) -> dict:
    """Compare answers, choose Oxigraph's time limit, then the rounds."""
    with pinned(server_cpus()), ExitStack() as stack:
        serve = Server("serve", partial(_serve, serve_data), group=True).start()
        stack.callback(serve.stop)
        workers = len(descendants(serve.pid))  # as many as serve chose for the CPUs it has
        unguarded = _oxigraph(location).start()
        stack.callback(unguarded.stop)
        verdicts = compare_library({"serve": serve.url, UNGUARDED: unguarded.url}, samples)
        timed = _timed(samples, _equal(verdicts), queries, cities)
        limited, lost = _probe(location, timed, args.duration, cities, OXIGRAPH_LIMITS)
        servers = [serve, unguarded]
        if limited is not None:
            stack.callback(limited.stop)
            servers.append(limited)
            verdicts = compare_library(
                {"serve": serve.url, UNGUARDED: unguarded.url, limited.name: limited.url}, samples
            )
            timed = _timed(samples, _equal(verdicts), queries, cities)
        runs, events = run_rounds(
            servers, timed, rounds=args.rounds, duration=args.duration, cities=cities
        )
    kept = _equal(verdicts)
    return {
        "cpus": len(server_cpus()),
        "workers": workers,
        "verdicts": verdicts,
        "equal": kept,
        "limit": limited.name if limited else None,
        "tried": OXIGRAPH_LIMITS,
        "lost": lost,
        "runs": runs,
        "events": events,
    }


def _first_view() -> tuple[float, float]:
    """Seconds of the first ``/id/darmstadt`` (303 plus the HTML page) on a fresh server, and of
    the second view."""
    with endpoint.serving(workers=1, cache=0) as (url, _, _pid):
        page = url.removesuffix("/sparql") + "/id/darmstadt"
        seconds = []
        for _ in range(2):
            request = urllib.request.Request(page, headers={"Accept": "text/html"})
            began = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
            seconds.append(time.perf_counter() - began)
    return seconds[0], seconds[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of runs per server")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds per wrk run")
    parser.add_argument("--out", type=Path, default=HERE / "ENDPOINT.md")
    parser.add_argument("--size", type=int, default=SIZE, help="triples of the generated graph")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    began = time.perf_counter()
    results: dict = {
        "command": shlex.join(
            ["python", "-m", "benchmarks.endpoint_bench", *(argv or sys.argv[1:])]
        ),
        "date": datetime.date.today().isoformat(),
        "size": args.size,
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }
    with tempfile.TemporaryDirectory(prefix="bench-endpoint-") as tmp:
        work = Path(tmp)
        dump = work / "darmstadt.nt"
        dump_store(get_store(), dump)
        oxigraph_server.load(dump, work / "ox-darmstadt")
        print("library questions over the Darmstadt graph", flush=True)
        results["library"] = _workload(
            None, work / "ox-darmstadt", workload.library_queries(), None, 0, args
        )
        generated = work / "generated.nt"
        _, cities = write_dataset(args.size, generated)
        # Oxigraph holds what serve holds: the project's store over the file, derived triples too
        big = work / "generated-store.nt"
        dump_store(load_store([generated]), big)
        oxigraph_server.load(big, work / "ox-big")
        big.unlink()
        print(f"distinct lookups over {args.size:,} triples", flush=True)
        results["lookups"] = _workload(
            endpoint.data_folder(generated, work / "data"),
            work / "ox-big",
            workload.distinct_samples(cities),
            workload.distinct_templates(),
            cities,
            args,
        )
        results["first_view"] = _first_view()
    args.out.write_text(report(results, args, time.perf_counter() - began), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
