"""The body of a query process: open the store, answer jobs, never outlive the server.

Before anything else a query process confines itself (:mod:`darmstadt_kg.serve.sandbox`): it
cannot create a network socket or connect one, so no SPARQL text it evaluates can make it
reach another host, however ``SERVICE`` is spelt. A process the kernel will not confine says
so instead of ready, and the server does not start.

A query process dies with its parent (``PR_SET_PDEATHSIG``), ignores Ctrl-C (its server stops
it), holds a shared lock on the store copy (so no later server deletes it), limits its own
address space (``RLIMIT_AS``) and runs every query on a thread with a large stack, so that a
deeply nested query is refused by the nesting bound or answered, never a native stack overflow.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from darmstadt_kg.errors import InputSyntaxError
from darmstadt_kg.load import UnionStore
from darmstadt_kg.serve.jobs import READ_ONLY, Answer, Failure, Format, Job
from darmstadt_kg.serve.sandbox import NoSandbox, confine

__all__ = [
    "UNION_MARK",
    "DefaultUnion",
    "served_store",
    "main",
    "answer",
    "open_store",
    "die_with_parent",
    "hold_store",
    "run_query",
]

QUERY_STACK_BYTES = 256 * 1024 * 1024  # reserved address space; only touched pages are used
UNION_MARK = "union-in-default-graph"  # beside a store copy whose default graph is the union


class DefaultUnion(UnionStore):
    """A store copy whose default graph holds the union of its named graphs (written once
    by :func:`~darmstadt_kg.serve.runner.build_shared_store`): a query without a dataset of
    its own reads that default graph, so the union flag is dropped (pyoxigraph's union would
    add the default graph to the named ones); ``GRAPH``, ``FROM`` and ``FROM NAMED`` see
    the named graphs as in any store. ``len`` and iteration count the named graphs' quads
    only (the triples served)."""

    def __init__(self, store, triples: int) -> None:
        super().__init__(store)
        self.triples = triples

    def query(self, query: str, **options):
        options.pop("use_default_graph_as_union", None)
        return self.store.query(query, **options)

    def __len__(self) -> int:
        return self.triples

    def __iter__(self):
        import pyoxigraph as ox

        default = ox.DefaultGraph()
        return (q for q in self.store if q.graph_name != default)


def served_store(store_path: str, store):
    """``store`` (opened from ``store_path``) as queries on it should see it: a ``DefaultUnion``
    if its copy says so, else a ``UnionStore`` (union asked per query)."""
    from pathlib import Path

    mark = Path(store_path).parent / UNION_MARK
    if mark.is_file():
        return DefaultUnion(store, int(mark.read_text(encoding="ascii")))
    return UnionStore(store)


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when its parent ends (no orphans after ``kill -9``)."""
    if sys.platform != "linux":
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent ended before the call
        os._exit(1)


def hold_store(store_path: str):
    """A shared lock on the store copy's lock file, held for this process's life."""
    import fcntl
    from pathlib import Path

    lock = Path(store_path).parent / "lock"
    if not lock.exists():
        return None
    handle = lock.open("rb")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def run_query(store, job: Job):
    """Start ``job`` on ``store`` through the package's one query function,
    :func:`darmstadt_kg.query.start_query` (dataset, base IRI, ``SELECT *`` column order)."""
    from darmstadt_kg.query import start_query

    return start_query(
        store,
        job.text,
        "query",
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        base_iri=job.base_iri,
    )


def _over_cap(max_rows: int) -> Failure:
    return Failure(
        422,
        f"the result has more than {max_rows} rows, the endpoint's cap — add a LIMIT "
        "(and OFFSET to page)",
    )


def _clean(text: str) -> str:
    """One line, no control characters, at most 200 characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:200]


def answer(store, job: Job):
    """Run ``job`` once: SPARQL results serialised by pyoxigraph where it can, else rendered.

    Every failure of the engine is one line: a syntax error with its position (an update is a
    403: the process only ever runs queries, on a read-only store); the network refused by the
    sandbox (a ``SERVICE``, while the query starts or while its solutions are read) a 403."""
    try:
        return _answer(run_query(store, job), job)
    except InputSyntaxError as parsed:
        if _is_update(job.text):
            return Failure(403, READ_ONLY)
        where = f"line {parsed.line}, column {parsed.column}" if parsed.line else "in the query"
        problem = _clean(parsed.problem.removeprefix("SPARQL syntax error: "))
        return Failure(400, f"SPARQL syntax error at {where}: {problem}")
    except (ValueError, TypeError) as err:
        return Failure(400, f"bad request: {_clean(str(err))}")
    except OSError:
        return NO_NETWORK
    except RuntimeError as err:
        return Failure(400, f"the SPARQL engine cannot evaluate the query: {_clean(str(err))}")


def _is_update(text: str) -> bool:
    """True when ``text`` (which is no query) parses as a SPARQL update (rdflib's parser: it
    only parses; nothing is run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure to parse: not an update
        return False
    return True


def _answer(started, job: Job):
    import pyoxigraph as ox

    from darmstadt_kg.results import collect, render
    from darmstadt_kg.serve.solutions import TooLarge, byte_limit, serialize_solutions

    if isinstance(started, ox.QueryBoolean):  # ASK: SPARQL JSON or XML only
        if job.ask_format.status:
            return Failure(job.ask_format.status, job.ask_format.message)
        fmt = getattr(ox.QueryResultsFormat, job.ask_format.name.upper())
        return Answer(job.ask_format.media, started.serialize(format=fmt))
    if isinstance(started, ox.QueryTriples):
        return _graph_answer(started, job)
    if not job.select_format.status:
        try:
            fast = serialize_solutions(started, job.select_format.name, job.max_rows)
        except TooLarge:
            limit = byte_limit(job.max_rows) // (1024 * 1024)
            return Failure(422, f"the result is larger than {limit} MiB — add a LIMIT")
        if fast is not None:
            rows, body = fast
            if rows > job.max_rows:
                return _over_cap(job.max_rows)
            return Answer(job.select_format.media, body)
    result = collect(started, max_rows=job.max_rows)
    if len(result) > job.max_rows:
        return _over_cap(job.max_rows)
    if job.select_format.status:
        return Failure(job.select_format.status, job.select_format.message)
    return Answer(job.select_format.media, render(result, job.select_format.name).encode("utf-8"))


#: the endpoint's graph formats (serve.conneg.GRAPH_TYPES) as pyoxigraph's
_RDF_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
    "jsonld": "JSON_LD",
    "rdfxml": "RDF_XML",
}


def _graph_answer(triples, job: Job):
    """A CONSTRUCT or DESCRIBE answer written by pyoxigraph (with the project's prefixes), each
    triple once; more than ``max_rows`` triples is the row cap's 422."""
    import pyoxigraph as ox

    from darmstadt_kg.namespaces import PREFIXES

    if job.graph_format.status:
        return Failure(job.graph_format.status, job.graph_format.message)
    unique: dict = {}
    for triple in triples:
        unique[triple] = None
        if len(unique) > job.max_rows:
            return _over_cap(job.max_rows)
    fmt = getattr(ox.RdfFormat, _RDF_FORMATS[job.graph_format.name])
    return Answer(job.graph_format.media, ox.serialize(unique, format=fmt, prefixes=PREFIXES))


#: what a query that needs the network (``SERVICE``) gets: the engine's socket() or connect()
#: was refused by the sandbox, or a host name could not be looked up without one
NO_NETWORK = Failure(
    403,
    "this endpoint never connects to other endpoints: SERVICE (federated query) fails here "
    "— query the other endpoint from your own client",
)


def open_store(store_path: str, in_memory: bool = False):
    """The shared on-disk store, read-only; or, ``in_memory``, a private in-memory copy of it
    (each as :func:`served_store` makes it)."""
    import pyoxigraph as ox

    shared = ox.Store.read_only(store_path)
    if not in_memory:
        return served_store(store_path, shared)
    copy = ox.Store()  # quad by quad: a fifth faster than dumping and parsing N-Quads at 10^6
    copy.bulk_extend(shared.quads_for_pattern(None, None, None))
    return served_store(store_path, copy)


def _log_failure(job: Job) -> None:
    """An unexpected error, with its traceback, on the server's stderr (which a query process
    shares): the client gets one line, the operator what to report."""
    import traceback

    print(
        f"darmstadt-kg serve: query process {os.getpid()}: internal error answering "
        f"{_clean(job.text)[:200]!r}",
        file=sys.stderr,
    )
    traceback.print_exc(file=sys.stderr)
    sys.stderr.flush()


def _limit_memory(megabytes: int) -> None:
    import resource

    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn, store, memory_mb: int) -> None:
    # Import and warm up everything a job needs before saying ready, so that the first
    # query a query process answers is not charged for start-up.
    fmt = Format("json", "application/sparql-results+json")
    answer(store, Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1", fmt, Format("turtle", ""), 1))
    _limit_memory(memory_mb)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, job)
        except MemoryError:
            reply = Failure(
                503,
                f"the query needed more than this endpoint's {memory_mb} MiB per query "
                "— make it more selective or add a LIMIT",
            )
        except Exception as err:  # noqa: BLE001 - report, never die silently
            _log_failure(job)
            reply = Failure(
                500, f"internal error: {type(err).__name__} — the server's log has the details"
            )
        conn.send(reply)


def main(conn, store_path: str, in_memory: bool, memory_mb: int, parent_pid: int) -> None:
    """Entry point of a query process (started by :class:`~darmstadt_kg.serve.pool.QueryPool`)."""
    try:
        confine()  # first: no client text is read before the process is off the network
    except NoSandbox as err:
        conn.send(f"no sandbox: {err}")
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)
    lock = hold_store(store_path)  # noqa: F841 - held until the process ends
    store = open_store(store_path, in_memory)
    threading.stack_size(QUERY_STACK_BYTES)
    thread = threading.Thread(target=_serve, args=(conn, store, memory_mb), name="query")
    thread.start()
    thread.join()
