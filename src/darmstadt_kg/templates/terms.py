"""Labels of terms in an rdflib graph, for the pages: the picker itself is
:func:`darmstadt_kg.labels.pick` (its fallback order is documented there), shared with the
network's explorer and ``darmstadt-kg links``.

:func:`label` is what every page calls (resource pages, index pages, the ontology page). The
project's own terms (``dkg:``) take their labels from the ontology in the graph the page is
drawn from. The CURIE stays available on hover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import RDFS

from darmstadt_kg.labels import LABEL_PROPERTIES, OUTSIDE, pick
from darmstadt_kg.namespaces import DKG

if TYPE_CHECKING:
    import rdflib

__all__ = ["OUTSIDE", "label", "term_name", "vocabulary_labels"]


def vocabulary_labels(graph: rdflib.Graph) -> dict[str, dict[str, str]]:
    """``dkg:`` term IRI → {language: label}, from the ``rdfs:label`` triples in ``graph``."""

    out: dict[str, dict[str, str]] = {}
    for term, value in graph.subject_objects(RDFS.label):
        if str(term).startswith(str(DKG)) and isinstance(value, Literal):
            langs = out.setdefault(str(term), {})
            key = value.language or ""
            langs[key] = min(langs.get(key, str(value)), str(value))
    return out


def term_name(iri: str, lang: str, vocabulary: dict[str, dict[str, str]]) -> str:
    """The readable name of a property or class in ``lang``, from ``vocabulary``
    (:func:`vocabulary_labels`), by :func:`darmstadt_kg.labels.pick`."""
    known = vocabulary.get(iri, {})
    return pick(iri, [(text, tag or None) for tag, text in known.items()], lang)


def label(graph: rdflib.Graph, term: object, lang: str = "en") -> str:
    """The readable name of ``term`` in ``lang`` (a literal is its own text), by
    :func:`darmstadt_kg.labels.pick` over its labels in ``graph``."""
    if isinstance(term, Literal):
        return str(term)
    found = [
        (str(o), o.language)
        for prop in LABEL_PROPERTIES
        for o in graph.objects(term, prop)
        if isinstance(o, Literal)
    ]
    return pick(str(term), found, lang)
