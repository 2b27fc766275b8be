"""The engines a query runs on, each a callable ``run(text) -> result`` plus ``answer(result)``.

* ``embedded``: the project's store (``darmstadt_kg.load.load_store``) through the project's
  own ``darmstadt_kg.query.execute`` (results become rdflib terms, as in every caller);
* ``pyoxigraph``: the same store through pyoxigraph alone (no rdflib terms), to show what the
  engine costs and what the conversion of ``execute`` adds;
* ``rdflib``: rdflib's in-memory graph holding the same triples;
* HTTP peers (Oxigraph's own server, Virtuoso): a SPARQL endpoint asked with an URL-encoded
  ``POST`` (the protocol's form; long queries do not meet URL length limits), one kept-alive
  connection, the whole body read and — for JSON — parsed on every timed call.

``answer(result)`` turns a result into a :class:`benchmarks.answers.Answer` (outside the timing).

No call may take longer than :data:`CALL_LIMIT`: an HTTP peer's answer is waited for that long,
and an engine in this process, which cannot be stopped, is first tried in a forked child that is
killed then (:func:`finishes_within`).
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

__all__ = [
    "CALL_LIMIT",
    "embedded_runner",
    "raw_runner",
    "rdflib_runner",
    "HttpRunner",
    "accept_for",
    "finishes_within",
]

CALL_LIMIT = 30.0  # seconds one call of a query may take on any engine

_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I | re.M)


def accept_for(text: str) -> str:
    """``Accept`` for a query: Turtle for CONSTRUCT/DESCRIBE, SPARQL JSON results otherwise (a
    JSON-first Accept makes Virtuoso answer a CONSTRUCT as a table of ?s ?p ?o)."""
    form = _FORM.search(re.sub(r"#[^\n]*", "", text))
    graph = form is not None and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")
    return "text/turtle" if graph else "application/sparql-results+json"


def embedded_runner(path: Path | None = None, store=None):
    """(run, answer, store) over the project's store (loaded from ``path`` unless given)."""
    from benchmarks.answers import from_query_result
    from darmstadt_kg.load import load_store
    from darmstadt_kg.query import execute

    store = store if store is not None else load_store([path])

    def run(text: str):
        return execute(store, text)

    return run, from_query_result, store


def raw_runner(store):
    """(run, answer) over the same store through pyoxigraph alone: every solution read, no
    conversion to rdflib terms — what the engine costs inside ``embedded``. No answer of its own
    (same store, same engine as ``embedded``)."""

    def run(text: str):
        result = store.query(text)
        if isinstance(result, bool) or not hasattr(result, "__iter__"):
            return result
        if hasattr(result, "variables"):
            return [tuple(solution) for solution in result]
        return list(result)

    return run, None


def rdflib_runner(store):
    """(run, answer) over an rdflib graph holding exactly the triples of ``store``."""
    from benchmarks.answers import from_rdflib_result
    from darmstadt_kg.load import store_to_rdflib

    graph = store_to_rdflib(store)

    def run(text: str):
        result = graph.query(text)
        result.bindings  # noqa: B018 - evaluates the whole answer (rdflib is lazy)
        return result

    return run, from_rdflib_result


class HttpRunner:
    """Queries to one SPARQL endpoint over one kept-alive HTTP connection."""

    def __init__(
        self, endpoint: str, params: dict | None = None, timeout: float = CALL_LIMIT
    ) -> None:
        import httpx

        self.endpoint, self.params = endpoint, dict(params or {})
        self.client = httpx.Client(timeout=timeout)

    def __call__(self, text: str):
        response = self.client.post(
            self.endpoint, data={"query": text, **self.params}, headers={"Accept": accept_for(text)}
        )
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        if "json" in response.headers.get("content-type", ""):
            response.json()  # what any client does with the body
        return response

    @staticmethod
    def answer(response):
        from benchmarks.answers import from_http

        return from_http(response.headers.get("content-type", ""), response.content)

    def close(self) -> None:
        self.client.close()


def finishes_within(run, text: str, seconds: float) -> bool:
    """Whether ``run(text)`` ends within ``seconds``, tried in a forked child of this process
    (the store is shared copy-on-write) that is killed at the deadline: pyoxigraph has no time
    limit, and a query that runs for minutes in this process would stall the benchmark."""
    pid = os.fork()
    if pid == 0:  # the child: run, then leave at once (no atexit, no buffers of the parent)
        try:
            run(text)
        finally:
            os._exit(0)
    deadline = time.monotonic() + seconds
    pause = 0.0005
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return True
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return False
