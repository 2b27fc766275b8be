"""Run SPARQL on the embedded store (or a remote endpoint) and get one result model back.

``run_query`` is the one entry point, used by the CLI, the server and notebooks: it takes a
library query name, a path to an ``.rq`` file or the query text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darmstadt_kg.errors import InputSyntaxError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = [
    "QueryResult",
    "resolve",
    "run_query",
    "execute",
    "start_query",
    "collect",
    "to_rdflib_term",
    "syntax_error",
]

_POSITION = re.compile(r"error at (\d+):(\d+)[:\s]*(.*)", re.S)


@dataclass
class QueryResult:
    """A result: ``kind`` is "select", "ask" or "graph".

    SELECT: ``variables`` and ``rows`` (tuples of rdflib terms or None); ASK: ``boolean``;
    CONSTRUCT/DESCRIBE: ``graph`` (an rdflib Graph).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (``toPython()``), for notebooks and DataFrames."""
        return [
            {
                v: (t.toPython() if t is not None else None)
                for v, t in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.graph or ())
        return 1


def resolve(name_or_text: str) -> tuple[str, str]:
    """``(text, origin)`` for a library name, a path to a file, or query text."""
    from darmstadt_kg.library import find

    candidate = name_or_text.strip()
    if "\n" not in candidate and " " not in candidate and "{" not in candidate:
        path = Path(candidate)
        if path.suffix in {".rq", ".sparql"} and path.is_file():
            return path.read_text(encoding="utf-8"), str(path)
        found = find(candidate)
        return found.text, f"queries/{found.name}.rq"
    return name_or_text, "<query>"


def syntax_error(err: Exception, origin: str) -> InputSyntaxError:
    """Turn a pyoxigraph SPARQL syntax error into one line with line and column."""
    message = str(err)
    match = _POSITION.search(message)
    if match:
        line, column, problem = int(match.group(1)), int(match.group(2)), match.group(3)
    else:
        line = column = None
        problem = message
    problem = " ".join(problem.split()) or "syntax error"
    return InputSyntaxError(
        origin, line, column, f"SPARQL syntax error: {problem}", "fix the query at that position"
    )


def to_rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as the equivalent rdflib term (None stays None)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


def start_query(
    store: pyoxigraph.Store,
    text: str,
    origin: str = "<query>",
    *,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
):
    """Parse and start ``text`` on a pyoxigraph store: pyoxigraph's own result object. Its
    default graph is the union of the store's graphs unless ``text`` or the caller names one.

    Raises ``InputSyntaxError`` on bad SPARQL, ``ValueError`` on a bad graph IRI.
    """
    import pyoxigraph as ox

    dataset = {}
    if default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    from darmstadt_kg.load import query_union

    try:  # without a dataset of its own, a query sees the union of the named graphs
        return query_union(store, text, **dataset)
    except SyntaxError as err:
        raise syntax_error(err, origin) from None


def collect(result, *, max_rows: int | None = None, deadline: float | None = None) -> QueryResult:
    """A started query's answer as a :class:`QueryResult` of rdflib terms.

    ``max_rows`` stops reading after that many rows plus one (the caller decides what a
    longer result means); ``deadline`` (``time.monotonic()`` value) is checked between rows
    and raises ``TimeoutError``.
    """
    import time

    import pyoxigraph as ox
    import rdflib

    from darmstadt_kg.namespaces import bind_prefixes

    if isinstance(result, (bool, getattr(ox, "QueryBoolean", bool))):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for n, solution in enumerate(result):
            if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
                raise TimeoutError
            rows.append(tuple(to_rdflib_term(solution[v]) for v in variables))
            if max_rows is not None and len(rows) > max_rows:
                break
        return QueryResult(kind="select", variables=variables, rows=rows)
    graph = rdflib.Graph()
    bind_prefixes(graph)
    for n, triple in enumerate(result):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        graph.add(
            tuple(to_rdflib_term(t) for t in (triple.subject, triple.predicate, triple.object))
        )
        if max_rows is not None and len(graph) > max_rows:
            break
    return QueryResult(kind="graph", graph=graph)


def execute(
    store: pyoxigraph.Store,
    text: str,
    origin: str = "<query>",
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> QueryResult:
    """Run ``text`` on a pyoxigraph store; raise ``InputSyntaxError`` on bad SPARQL.

    ``max_rows`` and ``deadline`` as in :func:`collect`.
    """
    started = start_query(
        store, text, origin, default_graphs=default_graphs, named_graphs=named_graphs
    )
    return collect(started, max_rows=max_rows, deadline=deadline)


def run_query(
    name_or_text: str,
    *,
    endpoint: str | None = None,
    store: pyoxigraph.Store | None = None,
    timeout: float = 60.0,
) -> QueryResult:
    """Run a library query (by name), an ``.rq`` file or query text.

    On the embedded store by default, or on any SPARQL 1.1 ``endpoint`` through SPARQLWrapper.
    Use ``result.records()`` for a list of dicts (``pandas.DataFrame(result.records())``).
    """
    text, origin = resolve(name_or_text)
    if endpoint:
        from darmstadt_kg.remote import run_remote

        return run_remote(endpoint, text, origin, timeout=timeout)
    if store is None:
        from darmstadt_kg.load import get_store

        store = get_store()
    return execute(store, text, origin)
