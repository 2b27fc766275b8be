"""What the graph holds: triples, and resources counted by class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import sparql_prologue

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["ClassCount", "GraphSummary", "summarise"]

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?en) AS ?label) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?s), STR(dkr:)))
  OPTIONAL { ?class rdfs:label ?en FILTER(LANG(?en) = "en") }
}
GROUP BY ?class
ORDER BY DESC(?n) ?class
"""


@dataclass(frozen=True)
class ClassCount:
    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class GraphSummary:
    triples: int
    resources: int
    classes: list[ClassCount]


def summarise(store: pyoxigraph.Store) -> GraphSummary:
    """Count triples, described resources and resources per class (project namespace only)."""

    classes = [
        ClassCount(
            iri=row["class"].value,
            label=row["label"].value if row["label"] is not None else "",
            count=int(row["n"].value),
        )
        for row in store.query(sparql_prologue() + _BY_CLASS)
    ]
    resources = next(
        iter(
            store.query(
                sparql_prologue() + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                "FILTER(STRSTARTS(STR(?s), STR(dkr:))) }"
            )
        )
    )["n"].value
    return GraphSummary(triples=len(store), resources=int(resources), classes=classes)
