"""Run the network's own SPARQL files (``network/queries/*.rq``) on the loaded graph.

Accepts the project's pyoxigraph store or an rdflib graph and returns plain rows, so the rest
of the package never sees either library's term classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from darmstadt_kg import paths
from darmstadt_kg.namespaces import sparql_prologue
from darmstadt_kg.rdfterms import cached, from_oxigraph

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

    path = paths.package_resource("network", "queries", f"{name}.rq")
    return sparql_prologue() + path.read_text(encoding="utf-8")


def _plain(term: Any) -> Term | None:
    """An rdflib term (as :mod:`darmstadt_kg.rdfterms` makes them) reduced to a :class:`Term`."""
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
        term = cached(lambda t: _plain(from_oxigraph(t)))  # the one converter, then plain
        return [{n: term(row[n]) for n in names} for row in result]
    result = source.query(text)
    names = [str(v) for v in result.vars]
    return [{n: _plain(row[n]) for n in names} for row in result]
