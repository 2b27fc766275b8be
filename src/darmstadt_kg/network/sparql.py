"""Run the network's own SPARQL files (``network/queries/*.rq``) on the loaded graph.

Accepts the project's pyoxigraph store or an rdflib graph and returns plain rows, so the rest
of the package never sees either library's term classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darmstadt_kg import paths

__all__ = ["Term", "select", "query_text"]


@dataclass(frozen=True)
class Term:
    """An RDF term reduced to what the network needs."""

    value: str
    is_iri: bool
    lang: str | None = None
    datatype: str | None = None


def query_text(name: str) -> str:
    """The text of ``network/queries/<name>.rq`` with the project's prefixes prepended."""
    from darmstadt_kg.namespaces import sparql_prologue

    path = paths.package_resource("network", "queries", f"{name}.rq")
    return sparql_prologue() + path.read_text(encoding="utf-8")


def _from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term(term.value, True)
    if isinstance(term, ox.Literal):
        return Term(term.value, False, term.language, term.datatype.value)
    return Term(str(term), False)


def _from_rdflib(term: Any) -> Term | None:
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term(str(term), True)
    if isinstance(term, Literal):
        return Term(str(term), False, term.language, str(term.datatype) if term.datatype else None)
    return Term(str(term), False)


def select(source: Any, name: str) -> list[dict[str, Term | None]]:
    """Run the named SELECT query on a pyoxigraph ``Store`` or an ``rdflib.Graph``."""
    text = query_text(name)
    if hasattr(source, "quads_for_pattern"):  # pyoxigraph.Store
        result = source.query(text)
        names = [v.value for v in result.variables]
        return [{n: _from_oxigraph(row[n]) for n in names} for row in result]
    result = source.query(text)
    names = [str(v) for v in result.vars]
    return [{n: _from_rdflib(row[n]) for n in names} for row in result]
