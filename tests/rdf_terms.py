"""Query answers as comparable values with full RDF terms (kind, lexical form, datatype,
language), for comparing the embedded store with another engine's SPARQL JSON answer."""

from __future__ import annotations

from collections import Counter

__all__ = ["XSD_STRING", "LANG_STRING", "local_term", "remote_term", "local_rows", "remote_rows"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def local_term(term) -> tuple:
    """A pyoxigraph term (or ``None`` for unbound) as a tuple; blank nodes by kind only."""
    import pyoxigraph as ox

    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)  # labels are each store's own
    return ("literal", term.value, term.datatype.value, term.language or "")


def remote_term(binding: dict | None) -> tuple:
    """A SPARQL 1.1 JSON binding as the same tuple."""
    if binding is None:
        return ("unbound",)
    kind = binding["type"]
    if kind == "uri":
        return ("uri", binding["value"])
    if kind == "bnode":
        return ("bnode",)
    lang = binding.get("xml:lang", "")
    datatype = binding.get("datatype") or (LANG_STRING if lang else XSD_STRING)
    return ("literal", binding["value"], datatype, lang.lower())


def local_rows(result) -> Counter:
    """A pyoxigraph SELECT result as a multiset of solutions."""
    names = [v.value for v in result.variables]
    return Counter(tuple(local_term(row[n]) for n in names) for row in result)


def remote_rows(data: dict, names: list[str]) -> Counter:
    """A SPARQL 1.1 JSON SELECT answer as a multiset of solutions over ``names``."""
    return Counter(tuple(remote_term(b.get(n)) for n in names) for b in data["results"]["bindings"])
