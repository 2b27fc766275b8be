"""Helpers the site modules share: an ordered graph, labels, slugs, file writing."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import rdflib

from darmstadt_kg.namespaces import DKR, bind_prefixes
from darmstadt_kg.templates.terms import label  # the one label picker, re-exported

__all__ = [
    "ordered_graph",
    "triple_order",
    "sorted_ntriples",
    "rdf_lines",
    "label",
    "slug_of",
    "is_dkr",
    "write_bytes",
    "write_text",
    "gzip_bytes",
    "sha256",
]


def rdf_lines(text: str) -> list[str]:
    """The lines of N-Triples or N-Quads text, split at ``\n`` only.

    ``str.splitlines`` also splits at U+2028, U+2029, U+0085, VT, FF and U+001C–U+001E, which
    N-Triples writers leave unescaped inside literals: splitting there cuts a triple in two.
    """
    return [line for line in text.split("\n") if line.strip()]


def sorted_ntriples(graph: rdflib.Graph) -> list[str]:
    """The graph as sorted, distinct N-Triples lines (no trailing newline)."""
    return sorted(set(rdf_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))))


def ordered_graph(graph: rdflib.Graph) -> rdflib.Graph:
    """A copy whose triples were added in sorted order, with the project's prefixes.

    The copy is held in rdflib's ``SimpleMemory`` store, which iterates in insertion order, so
    serialisers that do not sort (RDF/XML, JSON-LD) give the same bytes for the same triples,
    whatever the hash seed; it keeps no named-graph bookkeeping, so lookups in it are quicker
    than in the default store (the site's pages are drawn from it).
    """

    out = rdflib.Graph(store="SimpleMemory")
    bind_prefixes(out)
    taken = {prefix for prefix, _ in out.namespaces()}
    for prefix, namespace in sorted(graph.namespaces()):
        if prefix not in taken:
            out.bind(prefix, namespace)
    out.parse(data="\n".join(sorted_ntriples(graph)) + "\n", format="nt")
    return out


def triple_order(ordered: rdflib.Graph) -> dict[tuple, int]:
    """Each triple of ``ordered`` (made by :func:`ordered_graph`) → its place among the graph's
    sorted N-Triples lines: subjects by their N-Triples text, then each subject's triples in
    the order they were added (which was that of the lines).

    A part of the graph added in this order is itself in the order of :func:`ordered_graph`,
    without writing and parsing its lines again.
    """

    order: dict[tuple, int] = {}
    for subject in sorted(set(ordered.subjects()), key=lambda s: s.n3()):
        for predicate, obj in ordered.predicate_objects(subject):
            order[(subject, predicate, obj)] = len(order)
    return order


def is_dkr(term: object) -> bool:
    """True for an IRI in the instance namespace ``dkr:``."""

    return isinstance(term, rdflib.URIRef) and str(term).startswith(str(DKR))


def slug_of(iri: object) -> str:
    """The slug of a ``dkr:`` IRI (``…/darmstadt-kg/id/darmstadt`` → ``darmstadt``)."""

    return str(iri)[len(str(DKR)) :]


def gzip_bytes(data: bytes) -> bytes:
    """gzip without a timestamp or file name, so the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
