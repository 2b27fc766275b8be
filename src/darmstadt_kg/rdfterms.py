"""The one term converter: an RDF term from pyoxigraph (or from SPARQL JSON pyoxigraph wrote)
as the equivalent rdflib term.

:func:`make` decides, in one place, what each kind of term becomes: an IRI a ``URIRef``, a
blank node a ``BNode``, a literal with a language tag ``Literal(value, lang=…)``, a plain or
``xsd:string`` literal ``Literal(value)`` (rdflib tells ``Literal("x")`` from
``Literal("x", datatype=xsd:string)``; SPARQL 1.1 does not), any other literal
``Literal(value, datatype=…)``. :func:`from_oxigraph` and :func:`json_converter` only read the
parts of a term and hand them to :func:`make`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

__all__ = ["XSD_STRING", "make", "from_oxigraph", "json_converter", "cached"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def make(kind: str, value: str, lang: str | None = None, datatype: str | None = None) -> Any:
    """The rdflib term of ``kind`` (``uri``, ``bnode`` or ``literal``, as SPARQL JSON names
    them); ``None`` for a kind this converter does not read (an RDF 1.2 triple term)."""
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind != "literal":
        return None
    if lang:
        return Literal(value, lang=lang)
    if datatype is None or datatype == XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def from_oxigraph(term: Any) -> Any:
    """A pyoxigraph term as the equivalent rdflib term (``None`` stays ``None``)."""

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return make("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return make("bnode", term.value)
    if isinstance(term, ox.Literal):
        return make("literal", term.value, term.language, term.datatype.value)
    raise TypeError(f"unexpected term {term!r}")


def cached(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` with a cache: each distinct term of one answer is converted once (an
    answer repeats its labels, classes and sources on many rows; rdflib terms are immutable)."""
    cache: dict = {}

    def convert_once(term):
        if term is None:
            return None
        found = cache.get(term)
        if found is None:
            found = cache[term] = convert(term)
        return found

    return convert_once


def json_converter() -> Callable[[dict], Any]:
    """A converter of SPARQL JSON term objects (dicts, as pyoxigraph writes them) to rdflib
    terms by :func:`make`, with a cache; it gives ``None`` for a term :func:`make` does not
    read (the caller then falls back to pyoxigraph's parser and :func:`from_oxigraph`)."""
    iris: dict[str, Any] = {}  # IRIs, the most frequent terms, by their text alone
    others: dict[tuple, Any] = {}

    def convert(binding: dict):
        kind, value = binding["type"], binding["value"]
        if kind == "uri":
            found = iris.get(value)
            if found is None:
                found = iris[value] = make(kind, value)
            return found
        key = (kind, value, binding.get("xml:lang"), binding.get("datatype"))
        found = others.get(key)
        if found is None:
            found = others[key] = make(*key)
        return found

    return convert
