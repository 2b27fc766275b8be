"""What the server says about one resource: its own triples, the fact nodes about it, labels.

The description of ``dkr:x``: every triple with it as subject or object, every triple of each
fact node pointing to it (``describe.rq``), and the labels of what these mention, looked up term
by term in the store's index (as one query, ``dkr:darmstadt`` took seconds: docs/security.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from darmstadt_kg import paths
from darmstadt_kg.namespaces import RDFS, SKOS
from darmstadt_kg.query import start_query
from darmstadt_kg.results import collect

if TYPE_CHECKING:
    import rdflib

__all__ = ["describe", "exists", "QUERY_FILE"]

QUERY_FILE = paths.package_resource("serve", "describe.rq")


def describe(store, iri: str) -> rdflib.Graph | None:
    """The description graph of ``iri`` (None when the store says nothing about it)."""

    if not exists(store, iri):
        return None
    text = QUERY_FILE.read_text(encoding="utf-8").replace("?resource", f"<{iri}>")
    triples = list(start_query(store, text, "describe.rq"))
    return collect([*triples, *_labels(store, triples)]).graph


def exists(store, iri: str) -> bool:
    """One index lookup: does the store hold a triple with ``iri`` as subject?"""
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None)), None) is not None


def _labels(store, triples):
    """``rdfs:label`` triples for the subjects and objects (``rdfs:label`` or
    ``skos:prefLabel``) and the properties (``rdfs:label``) of ``triples``."""

    label, pref = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel))
    terms = {t.subject for t in triples} | {
        t.object for t in triples if not isinstance(t.object, ox.Literal)
    }
    properties = {t.predicate for t in triples}
    found = []
    for term, kinds in [(t, (label, pref)) for t in terms] + [(p, (label,)) for p in properties]:
        for kind in kinds:
            found += (
                ox.Triple(term, label, q.object) for q in store.quads_for_pattern(term, kind, None)
            )
    return found
