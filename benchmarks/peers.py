"""The peers of one comparison, each holding exactly the data of the project's store.

For every data set the benchmark starts *clean* peers: a new Virtuoso instance (tuned as
:func:`benchmarks.virtuoso.tuning` says, its database in a fresh folder) and a new Oxigraph
database, both loaded from one N-Triples dump of the project's store (the file's triples plus the
derived ones; Virtuoso through its bulk loader). Both are stopped and their folders removed when
the comparison is done.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.servers import pinned

__all__ = ["peers_for", "pinned", "dump_store", "union_triples"]

GRAPH = "urn:darmstadt-kg:bench"


def union_triples(store) -> list:
    """Every triple of every graph of ``store``, once: what its queries see by default (the
    project's store keeps its triples in named graphs and queries their union)."""
    return list({q.triple for q in store.quads_for_pattern(None, None, None, None)})


def dump_store(store, path: Path) -> None:
    """Write the union of the store's graphs as N-Triples: each graph dumped by pyoxigraph in
    turn, no triple through Python. A triple held by two graphs is written twice; every peer's
    loader keeps it once (§0 of the report counts what each peer holds after loading)."""
    import pyoxigraph as ox

    with path.open("wb") as out:
        for graph in [ox.DefaultGraph(), *store.named_graphs()]:
            store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


def _count(endpoint: str, params: dict) -> int:
    """The number of triples an endpoint holds (in its default graph as ``params`` set it)."""
    import httpx

    answer = httpx.post(
        endpoint,
        data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **params},
        headers={"Accept": "application/sparql-results+json"},
        timeout=300,
    )
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


@contextmanager
def peers_for(store, work: Path, label: str, *, virtuoso: bool, settings: dict):
    """Yield {name: info} of clean peers over ``store``.

    Each info: ``endpoint``, ``params`` (request parameters), ``pid``, ``load_s`` (seconds to
    load), and for Virtuoso ``db_mb`` (database file size after loading).
    """
    from benchmarks import oxigraph_server

    folder = work / f"peers-{label}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    dump = folder / "store.nt"
    dump_store(store, dump)
    out: dict[str, dict] = {}
    # Oxigraph's database is built while Virtuoso starts and loads: no figure is taken while
    # both load (their load times are not in the report), and the run is shorter by the overlap
    with ExitStack() as stack, ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(oxigraph_server.load, dump, folder / "oxigraph")
        if virtuoso:
            from benchmarks.virtuoso import Virtuoso

            v = Virtuoso(folder / "virtuoso", settings=settings)
            stack.callback(v.remove)
            v.start()
            graph = f"{GRAPH}:{label}"
            started = time.perf_counter()
            v.bulk_load_file(dump, graph)
            info = {
                "endpoint": v.endpoint,
                "params": {"default-graph-uri": graph},
                "pid": v.pid(),
                "load_s": time.perf_counter() - started,
                "how": "bulk loader",
                "triples": _count(v.endpoint, {"default-graph-uri": graph}),
            }
            db = folder / "virtuoso" / "virtuoso.db"
            info["db_mb"] = db.stat().st_size / 1e6 if db.exists() else float("nan")
            out["Virtuoso"] = info
        load_s = loading.result()
        url, pid = stack.enter_context(oxigraph_server.serving(folder / "oxigraph"))
        oxigraph = {
            "endpoint": url,
            "params": {},
            "pid": pid,
            "load_s": load_s,
            "how": "oxigraph load",
            "triples": _count(url, {}),
        }
        out = {"Oxigraph server": oxigraph, **out}
        dump.unlink()
        yield out
    shutil.rmtree(folder, ignore_errors=True)
