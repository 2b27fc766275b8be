"""The engines a query runs on, each as ``run(text) -> number of result rows``.

* ``embedded``: the project's store (``darmstadt_kg.load.load_store``) through the project's
  own ``darmstadt_kg.query.execute`` (results become rdflib terms, as in every caller);
* ``rdflib``: rdflib's in-memory graph holding the same triples;
* ``virtuoso``: Virtuoso's SPARQL endpoint over HTTP (JSON results, one kept-alive connection),
  restricted to the benchmark's named graph with ``default-graph-uri``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = ["embedded_runner", "rdflib_runner", "VirtuosoRunner"]


def embedded_runner(path: Path):
    """(runner, store) over the project's store loaded from ``path``."""
    from darmstadt_kg.load import load_store
    from darmstadt_kg.query import execute

    store = load_store([path])

    def run(text: str) -> int:
        return len(execute(store, text))

    return run, store


def rdflib_runner(store) -> Callable[[str], int]:
    """A runner over an rdflib graph holding exactly the triples of ``store``."""
    from darmstadt_kg.load import store_to_rdflib

    graph = store_to_rdflib(store)

    def run(text: str) -> int:
        return len(list(graph.query(text)))

    return run


class VirtuosoRunner:
    """Queries to Virtuoso's ``/sparql`` over one kept-alive HTTP connection."""

    def __init__(self, endpoint: str, graph: str, timeout: float = 60.0) -> None:
        import httpx

        self.endpoint, self.graph = endpoint, graph
        self.client = httpx.Client(timeout=timeout)

    def __call__(self, text: str) -> int:
        response = self.client.get(
            self.endpoint,
            params={"query": text, "default-graph-uri": self.graph},
            headers={"Accept": "application/sparql-results+json"},
        )
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        body = response.json()
        return len(body["results"]["bindings"]) if "results" in body else 1

    def close(self) -> None:
        self.client.close()
