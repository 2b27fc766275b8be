"""Query worker processes: a query over its time limit is stopped by ending its process.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so every SPARQL
query runs in one of a few worker processes that open the shared read-only store. When a query
exceeds its limit, its worker is killed and a fresh one takes its place; the server itself is
never blocked and no CPU is left burning.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["QueryPool", "Job", "AnswerCache", "worker_main"]


class AnswerCache:
    """The last ``size`` answers by job: the graph never changes while the server runs."""

    def __init__(self, size: int) -> None:
        from collections import OrderedDict

        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job: Job):
        key = _key(job)
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, job: Job, answer: tuple) -> None:
        with self._lock:
            self._items[_key(job)] = answer
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _key(job: Job) -> tuple:
    return (
        job.text,
        job.select_format,
        job.graph_format,
        job.max_rows,
        tuple(job.default_graphs or ()),
        tuple(job.named_graphs or ()),
    )


@dataclass(frozen=True)
class Job:
    """One query to run: text, the format to use for each result kind (or an error), limits."""

    text: str
    select_format: tuple[str, str] | tuple[int, str]  # ("json", media) or (406, message)
    graph_format: tuple[str, str] | tuple[int, str]
    max_rows: int
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None


def _over_cap(max_rows: int) -> tuple:
    return (
        "error",
        422,
        f"the result has more than {max_rows} rows, the endpoint's "
        "cap — add a LIMIT (and OFFSET to page)",
    )


def _answer(store, job: Job) -> tuple:
    """Run ``job`` once: SPARQL results serialised by pyoxigraph where it can, else rendered."""
    from darmstadt_kg.errors import InputSyntaxError
    from darmstadt_kg.query import collect, start_query
    from darmstadt_kg.results import render
    from darmstadt_kg.serve.solutions import TooLarge, byte_limit, serialize_solutions
    from darmstadt_kg.serve.sparql import is_update

    try:
        started = start_query(
            store,
            job.text,
            "query",
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
        )
    except InputSyntaxError as err:
        if is_update(job.text):
            return ("error", 403, "this endpoint is read-only: SPARQL updates are not accepted")
        where = f"line {err.line}, column {err.column}" if err.line else "in the query"
        problem = err.problem.removeprefix("SPARQL syntax error: ")
        return ("error", 400, f"SPARQL syntax error at {where}: {problem}")
    except (ValueError, TypeError) as err:
        return ("error", 400, f"bad request: {' '.join(str(err).split())[:200]}")
    if not isinstance(job.select_format[0], int):
        name, media = job.select_format
        try:
            fast = serialize_solutions(started, name, job.max_rows)
        except TooLarge:
            limit = byte_limit(job.max_rows) // (1024 * 1024)
            return ("error", 422, f"the result is larger than {limit} MiB — add a LIMIT")
        if fast is not None:
            rows, body = fast
            return _over_cap(job.max_rows) if rows > job.max_rows else ("ok", media, body)
    result = collect(started, max_rows=job.max_rows)
    if len(result) > job.max_rows:
        return _over_cap(job.max_rows)
    choice = job.graph_format if result.kind == "graph" else job.select_format
    if isinstance(choice[0], int):
        return ("error", choice[0], choice[1])
    name, media = choice
    return ("ok", media, render(result, name))


def open_store(store_path: str, in_memory: bool = False):
    """The shared on-disk store, read-only; or, ``in_memory``, a private in-memory copy of it."""
    import pyoxigraph as ox

    shared = ox.Store.read_only(store_path)
    if not in_memory:
        return shared
    copy = ox.Store()
    copy.bulk_load(input=shared.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return copy


def worker_main(conn, store_path: str, in_memory: bool = False) -> None:
    """Body of a worker process: open the store, say ready, answer jobs until the pipe closes."""
    store = open_store(store_path, in_memory)
    # Import and warm up everything a job needs before saying ready, so that the first
    # query a worker answers is not charged for start-up.
    _answer(
        store,
        Job(
            text="SELECT * WHERE { ?s ?p ?o } LIMIT 1",
            select_format=("json", ""),
            graph_format=("turtle", ""),
            max_rows=1,
        ),
    )
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _answer(store, job)
        except Exception as err:  # noqa: BLE001 - report, never die silently
            answer = ("error", 500, f"internal error: {type(err).__name__}: {err}")
        conn.send(answer)


class _Worker:
    def __init__(self, ctx, store_path: str, in_memory: bool) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(
            target=worker_main, args=(child, store_path, in_memory), daemon=True
        )
        self.process.start()
        child.close()
        self.conn = parent

    def wait_ready(self, timeout: float = 120.0) -> bool:
        return self.conn.poll(timeout) and self.conn.recv() == "ready"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` worker processes over the store at ``store_path``; ``run`` is thread-safe."""

    def __init__(self, store_path: str, size: int, in_memory: bool = False) -> None:
        import multiprocessing

        self._ctx = multiprocessing.get_context("spawn")
        self._store_path = store_path
        self._in_memory = in_memory
        self.cache: AnswerCache | None = None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        workers = [_Worker(self._ctx, store_path, in_memory) for _ in range(size)]
        for worker in workers:
            if not worker.wait_ready():
                raise RuntimeError("a query worker did not start")
            self._idle.put(worker)

    def _replace(self) -> None:
        def start() -> None:
            worker = _Worker(self._ctx, self._store_path, self._in_memory)
            if worker.wait_ready():
                self._idle.put(worker)

        threading.Thread(target=start, daemon=True).start()

    def run(self, job: Job, timeout: float) -> tuple[Any, ...]:
        """Run ``job``; ``("timeout",)`` when it (or the wait for a free worker) takes too long."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return ("busy",)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.001, deadline - time.monotonic())):
                worker.kill()
                self._replace()
                return ("timeout",)
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            self._replace()
            return ("error", 500, "a query worker failed; the query was not answered — retry")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return
