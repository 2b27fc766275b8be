"""Evaluate one protocol request's query in a thread of the worker, bounded in time and memory.

pyoxigraph cannot cancel a running query and a thread cannot be stopped, so the event loop keeps
the deadline (:meth:`QueryThreads.run`); past it the caller answers 503 and retires the worker.
The threads have large stacks (deep nesting never overflows a native stack). Under the worker's
``RLIMIT_AS`` pyoxigraph aborts when a query needs more; :func:`catch_aborts` turns that abort,
on a query thread, into :class:`OutOfMemory`. :func:`answer` runs a :class:`Job` through the
package's one query function and serialises with pyoxigraph, straight to bytes.
"""

from __future__ import annotations

import asyncio
import csv
import ctypes
import io
import json
import queue
import signal
import threading
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.plugins.sparql.parser import parseUpdate

from darmstadt_kg.errors import InputSyntaxError
from darmstadt_kg.namespaces import PREFIXES
from darmstadt_kg.query import start_query

__all__ = [
    "READ_ONLY",
    "Format",
    "Job",
    "Answer",
    "Failure",
    "answer",
    "clean",
    "byte_limit",
    "QueryThreads",
    "TimedOut",
    "Busy",
    "OutOfMemory",
    "catch_aborts",
]

READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"
QUERY_STACK_BYTES = 256 * 1024 * 1024  # reserved address space; only touched pages are used


@dataclass(frozen=True)
class Format:
    """The result format chosen for one kind of result: a name and media type, or an error."""

    name: str = ""
    media: str = ""
    status: int = 0  # non-zero: this kind of result cannot be sent (406 and the message)
    message: str = ""


@dataclass(frozen=True)
class Job:
    """One query to run, with the formats for each result kind and its limits."""

    text: str
    select_format: Format
    graph_format: Format
    max_rows: int
    ask_format: Format = Format("json", "application/sparql-results+json")
    base_iri: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A result, serialised."""

    media: str
    body: bytes


@dataclass(frozen=True)
class Failure:
    """A one-line error with its HTTP status."""

    status: int
    message: str
    retry_after: int | None = None


def byte_limit(max_rows: int) -> int:
    """Bytes an answer of up to ``max_rows`` rows may take: 16 MiB plus 4 KiB per row."""
    return 16 * 1024 * 1024 + 4096 * max_rows


def clean(text: str, limit: int = 200) -> str:
    """``text`` as one printable line (control characters become spaces), shortened."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _over_cap(max_rows: int) -> Failure:
    return Failure(
        422,
        f"the result has more than {max_rows} rows, the endpoint's cap — add a LIMIT "
        "(and OFFSET to page)",
    )


def answer(store, job: Job) -> Answer | Failure:
    """Run ``job`` once and serialise its result with pyoxigraph; every failure is one line: a
    syntax error with its position, an update or a refused ``SERVICE`` a 403."""

    try:
        started = start_query(
            store,
            job.text,
            "query",
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            base_iri=job.base_iri,
        )
        return _serialised(started, job)
    except InputSyntaxError as parsed:
        if _is_update(job.text):
            return Failure(403, READ_ONLY)
        where = f"line {parsed.line}, column {parsed.column}" if parsed.line else "in the query"
        problem = clean(parsed.problem.removeprefix("SPARQL syntax error: "))
        return Failure(400, f"SPARQL syntax error at {where}: {problem}")
    except (ValueError, TypeError) as err:
        return Failure(400, f"bad request: {clean(str(err))}")
    except OSError:  # the sandbox refused socket() or connect(), or a host name's look-up
        return Failure(
            403,
            "this endpoint never connects to other endpoints: SERVICE (federated query) fails "
            "here — query the other endpoint from your own client",
        )
    except RuntimeError as err:
        return Failure(400, f"the SPARQL engine cannot evaluate the query: {clean(str(err))}")


def _is_update(text: str) -> bool:
    """True when ``text`` (no query) parses as a SPARQL update (by rdflib: nothing is run)."""

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure to parse: not an update
        return False
    return True


class TooLarge(Exception):
    """The serialised answer grew over its byte limit."""


class _Bounded:
    """A binary file-like object that keeps what is written and refuses to grow past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _serialised(started, job: Job) -> Answer | Failure:
    if isinstance(started, ox.QueryBoolean):  # ASK: SPARQL JSON or XML only
        if job.ask_format.status:
            return Failure(job.ask_format.status, job.ask_format.message)
        fmt = ox.QueryResultsFormat.from_media_type(job.ask_format.media)
        return Answer(job.ask_format.media, started.serialize(format=fmt))
    if isinstance(started, ox.QueryTriples):
        return _graph_answer(started, job)
    if job.select_format.status:
        return Failure(job.select_format.status, job.select_format.message)
    fmt = ox.QueryResultsFormat.from_media_type(job.select_format.media)
    out = _Bounded(byte_limit(job.max_rows))
    try:
        started.serialize(out, format=fmt)
    except TooLarge:
        limit = byte_limit(job.max_rows) // (1024 * 1024)
        return Failure(422, f"the result is larger than {limit} MiB — add a LIMIT")
    body = b"".join(out.parts)
    # a row takes at least one byte in every format: a shorter body is within the cap
    if len(body) > job.max_rows and _rows(job.select_format.name, body) > job.max_rows:
        return _over_cap(job.max_rows)
    return Answer(job.select_format.media, body)


def _rows(fmt: str, body: bytes) -> int:
    """The solutions in a serialised SELECT answer."""
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>")  # a literal's "<" is written as "&lt;"
    if fmt == "tsv":
        return body.count(b"\n") - 1  # a literal's line break is written as "\n"

    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1


def _graph_answer(triples, job: Job) -> Answer | Failure:
    """A CONSTRUCT or DESCRIBE answer written by pyoxigraph (with the project's prefixes), each
    triple once; more than ``max_rows`` triples is the row cap's 422."""

    if job.graph_format.status:
        return Failure(job.graph_format.status, job.graph_format.message)
    unique: dict = {}
    for triple in triples:
        unique[triple] = None
        if len(unique) > job.max_rows:
            return _over_cap(job.max_rows)
    fmt = ox.RdfFormat.from_media_type(job.graph_format.media)
    return Answer(job.graph_format.media, ox.serialize(unique, format=fmt, prefixes=PREFIXES))


class TimedOut(Exception):
    """The query ran over its time limit (its thread still runs: the worker must retire)."""


class Busy(Exception):
    """No query thread became free within the time limit (nothing was started)."""


class OutOfMemory(Exception):
    """The query needed more address space than the worker may take (the worker must retire)."""


class _Task:
    """One call handed to a query thread, and the future its request awaits."""

    __slots__ = ("call", "started", "finished", "guard", "future")

    def __init__(self, call, future) -> None:
        self.call, self.future, self.started, self.finished = call, future, False, False
        self.guard = threading.Lock()

    def finish(self, value, error) -> None:
        """Hand over the outcome once (from the query thread, or the deadline's ``Busy`` or
        ``TimedOut``): the first one settles the future on its event loop."""
        with self.guard:
            if self.finished:
                return
            self.finished = True
        self.future.get_loop().call_soon_threadsafe(_settle, self.future, value, error)


def _settle(future, value, error) -> None:
    if not future.done():
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)


class QueryThreads:
    """``count`` threads with large stacks that run queries for the event loop."""

    def __init__(self, count: int) -> None:
        self._tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self.running: dict[int, _Task] = {}  # thread id → the task it runs
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            for n in range(count):
                threading.Thread(target=self._work, name=f"query-{n}", daemon=True).start()
        finally:
            threading.stack_size(previous)

    def _work(self) -> None:
        me = threading.get_ident()
        while True:
            task = self._tasks.get()
            if task.finished:  # its request gave up while it waited
                continue
            task.started = True
            self.running[me] = task
            value = error = None
            try:
                value = task.call()
            except BaseException as err:  # noqa: BLE001 - handed to the waiting request
                error = err
            finally:
                del self.running[me]
            task.finish(value, error)

    async def run(self, call, timeout: float):
        """``call()`` in a query thread (its exception raised here); past ``timeout`` seconds
        :class:`TimedOut`, or :class:`Busy` when it never started."""
        task = _Task(call, asyncio.get_running_loop().create_future())
        self._tasks.put(task)
        try:
            return await asyncio.wait_for(asyncio.shield(task.future), timeout)
        except TimeoutError:
            task.finish(None, TimedOut() if task.started else Busy())
            raise (TimedOut() if task.started else Busy()) from None


_ABORT_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_int)
_kept: list = []  # the installed handler must outlive this call


def catch_aborts(threads: QueryThreads) -> None:
    """Make ``abort()`` on a query thread (pyoxigraph's answer to a failed allocation under
    ``RLIMIT_AS``) raise :class:`OutOfMemory` for the request waiting on it; that thread then
    sleeps until the worker retires. An abort anywhere else still ends the process."""

    def on_abort(signum: int) -> None:
        task = threads.running.get(threading.get_ident())
        if task is None:
            return  # not a query: abort() goes on and ends the process
        task.finish(None, OutOfMemory())
        threading.Event().wait()

    handler = _ABORT_HANDLER(on_abort)
    _kept.append(handler)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.signal.restype = ctypes.c_void_p
    libc.signal.argtypes = [ctypes.c_int, _ABORT_HANDLER]
    libc.signal(signal.SIGABRT, handler)
