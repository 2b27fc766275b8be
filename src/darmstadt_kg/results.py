"""The answer to a query (:class:`QueryResult`) and how it is written.

SELECT and ASK answers take one path through pyoxigraph: :func:`collect` serialises the solutions
with pyoxigraph into SPARQL JSON (kept as ``QueryResult.solutions``) and reads them back with
pyoxigraph's parser; a remote endpoint's answer is read by the same parser. The SPARQL results
formats (JSON, XML, CSV, TSV) are then written by pyoxigraph's serialisers from those bytes; only
the formats for people — an aligned table and Markdown — are written here. Graphs are written by
rdflib (Turtle, JSON-LD with the project's prefixes, N-Triples, RDF/XML).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import URIRef

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.namespaces import PREFIXES, bind_prefixes, curie
from darmstadt_kg.rdfterms import cached, from_oxigraph, json_converter

to_rdflib_term = from_oxigraph
"""A pyoxigraph term as the equivalent rdflib term: :func:`darmstadt_kg.rdfterms.from_oxigraph`
(the one term converter), under the name the library API has."""


__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "QueryResult",
    "collect",
    "from_results",
    "to_rdflib_term",
    "render",
    "to_json_dict",
    "cell",
]

FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")
_RESULTS_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


@dataclass
class QueryResult:
    """A result: ``kind`` is "select", "ask" or "graph".

    SELECT: ``variables`` and ``rows`` (tuples of rdflib terms or None); ASK: ``boolean``;
    CONSTRUCT/DESCRIBE: ``graph`` (an rdflib Graph). For SELECT and ASK, ``solutions`` is the
    answer as pyoxigraph serialised it (SPARQL JSON), from which every results format is written.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    solutions: bytes | None = None

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


def collect(result, *, max_rows: int | None = None, deadline: float | None = None) -> QueryResult:
    """A started query's answer (pyoxigraph's own result object) as a :class:`QueryResult`.

    ``max_rows`` stops reading after that many rows plus one (the caller decides what a
    longer result means); ``deadline`` (``time.monotonic()`` value) is checked between rows
    and raises ``TimeoutError``.
    """

    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean, bool)):
        if isinstance(result, bool):
            result = ox.parse_query_results(
                b'{"head":{},"boolean":%s}' % (b"true" if result else b"false"),
                format=ox.QueryResultsFormat.JSON,
            )
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QuerySolutions):
            own = _from_own_json(body, max_rows=max_rows, deadline=deadline)
            if own is not None:
                return own
        return from_results(body, max_rows=max_rows, deadline=deadline)
    graph = rdflib.Graph()
    bind_prefixes(graph)
    term = cached(from_oxigraph)
    for n, triple in enumerate(result):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
        if max_rows is not None and len(graph) > max_rows:
            break
    return QueryResult(kind="graph", graph=graph)


def from_results(
    body: bytes, fmt: str = "json", *, max_rows: int | None = None, deadline: float | None = None
) -> QueryResult:
    """A SELECT or ASK answer from SPARQL results ``body`` in ``fmt`` (json, xml or tsv), read
    by pyoxigraph; raises ``SyntaxError`` if it is not a valid results document."""

    parsed = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, fmt.upper()))
    if fmt != "json":
        body = parsed.serialize(format=ox.QueryResultsFormat.JSON)
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(parsed), solutions=body)
    variables = [v.value for v in parsed.variables]
    rows = []
    term = cached(from_oxigraph)
    for n, solution in enumerate(parsed):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        rows.append(tuple(term(solution[v]) for v in variables))
        if max_rows is not None and len(rows) > max_rows:
            break
    return QueryResult(kind="select", variables=variables, rows=rows, solutions=body)


def _from_own_json(
    body: bytes, *, max_rows: int | None = None, deadline: float | None = None
) -> QueryResult | None:
    """A SELECT answer from SPARQL JSON that pyoxigraph itself just wrote, read with Python's
    ``json`` instead of parsed back into pyoxigraph terms first (the same rows, cheaper); None if
    it holds a term only :func:`from_results` reads."""

    document = json.loads(body)
    variables = document["head"]["vars"]
    convert = json_converter()
    rows = []
    for n, solution in enumerate(document["results"]["bindings"]):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        row = []
        for v in variables:
            binding = solution.get(v)
            if binding is None:
                row.append(None)
                continue
            converted = convert(binding)
            if converted is None:
                return None
            row.append(converted)
        rows.append(tuple(row))
        if max_rows is not None and len(rows) > max_rows:
            break
    return QueryResult(kind="select", variables=variables, rows=rows, solutions=body)


def cell(term: Any, compact: bool = True) -> str:
    """A term as plain text: IRIs shortened to CURIEs (:func:`darmstadt_kg.namespaces.curie`,
    the longest matching prefix) when ``compact``."""

    if term is None:
        return ""
    if isinstance(term, URIRef) and compact:
        return curie(term)
    return str(term)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join([line, rule, *body]) + "\n"


def _markdown(headers: list[str], rows: list[list[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [
        "| " + " | ".join(esc(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _graph(result: QueryResult, fmt: str) -> str:
    if fmt in {"table", "turtle"}:
        return result.graph.serialize(format="turtle")
    if fmt == "jsonld":
        return result.graph.serialize(format="json-ld", context=dict(PREFIXES), indent=2)
    if fmt == "ntriples":
        return result.graph.serialize(format="nt")
    if fmt == "rdfxml":
        return result.graph.serialize(format="xml")
    raise UserError(
        f"--format {fmt}: a CONSTRUCT/DESCRIBE result can be written as {', '.join(GRAPH_FORMATS)}",
        ExitCode.USAGE,
    )


def render(result: QueryResult, fmt: str) -> str:
    """The result as text in ``fmt`` (one of FORMATS for SELECT/ASK, GRAPH_FORMATS for graphs)."""
    if result.kind == "graph":
        return _graph(result, fmt)
    if fmt in GRAPH_FORMATS:
        raise UserError(
            f"--format {fmt}: only CONSTRUCT/DESCRIBE results are graphs; use one of "
            f"{', '.join(FORMATS)}",
            ExitCode.USAGE,
        )
    if fmt in _RESULTS_FORMATS:
        if result.solutions is None:
            raise ValueError("a QueryResult without solutions: make it with collect()")
        parsed = ox.parse_query_results(result.solutions, format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=getattr(ox.QueryResultsFormat, _RESULTS_FORMATS[fmt]))
        text = body.decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    rows = [[cell(t) for t in row] for row in result.rows]
    if fmt == "markdown":
        return _markdown(result.variables, rows)
    if fmt == "table":
        return _table(result.variables, rows)
    raise UserError(
        f"--format {fmt}: unknown; use one of {', '.join(FORMATS + GRAPH_FORMATS)}", ExitCode.USAGE
    )


def to_json_dict(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 JSON results document as a dict (as pyoxigraph writes it)."""

    return json.loads(render(result, "json"))
