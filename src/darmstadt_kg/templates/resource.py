"""The page of one ``dkr:`` resource, for the static site and the server alike.

:func:`resource_page` takes the graph the page is drawn from (the whole graph in the site; the
resource's description in the server, which carries the labels of everything it mentions)
and a :class:`Site` that says where links go. Statements read with the ontology's labels in
the page's language (the CURIE on hover); each fact lists its sources once; only http(s)
IRIs outside the project become links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from darmstadt_kg.templates import frame, render, web_href
from darmstadt_kg.templates.terms import term_name

if TYPE_CHECKING:
    import rdflib

__all__ = ["Site", "resource_page", "resource_body", "is_network_node"]

ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
)


@dataclass
class Site:
    """Where a page's links go: the static site and the server differ only in this."""

    resource: Callable[[str], str]  # slug → page of a dkr: resource
    term: Callable[[str], str]  # local name → documentation of a dkg: term
    alternate: Callable[[str, str], str]  # (slug, extension) → the RDF file
    explorer: Callable[[str, str], str]  # (slug, lang) → the node in the network explorer
    nav: list[tuple[str, str]] = field(default_factory=list)
    css_href: str | None = None  # None: the stylesheet is inlined


def is_network_node(graph: rdflib.Graph, resource: rdflib.URIRef) -> bool:
    """True when a type of ``resource`` makes it a node of the network explorer."""
    from rdflib.namespace import RDF

    from darmstadt_kg.namespaces import curie
    from darmstadt_kg.network.vocab import NODE_CLASSES

    return any(curie(str(t)) in NODE_CLASSES for t in graph.objects(resource, RDF.type))


def _label(graph: rdflib.Graph, term: object, lang: str) -> str:
    from darmstadt_kg.publish.common import label

    return label(graph, term, lang)


def _value(graph, term, site: Site, lang: str, vocabulary) -> dict[str, Any]:
    """How a value shows: text, link (or none), CURIE/datatype/language note."""
    from rdflib import Literal

    from darmstadt_kg.namespaces import DKG, DKR, curie

    if isinstance(term, Literal):
        # a language tag helps a reader; an XML Schema datatype does not
        datatype = curie(str(term.datatype)) if term.datatype else ""
        note = term.language or ("" if datatype.startswith("xsd:") else datatype)
        return {
            "text": str(term),
            "href": None,
            "note": note,
            "lang": term.language or None,
            "hover": None,
        }
    text = str(term)
    if text.startswith(str(DKR)):
        slug = text[len(str(DKR)) :]
        return {
            "text": _label(graph, term, lang),
            "href": site.resource(slug),
            "note": "",
            "lang": None,
            "hover": None,
        }
    if text.startswith(str(DKG)):
        return {
            "text": term_name(text, lang, vocabulary),
            "href": site.term(text[len(str(DKG)) :]),
            "note": "",
            "lang": None,
            "hover": curie(text),
        }
    if text.startswith("http://www.wikidata.org/entity/"):
        return {
            "text": "Wikidata " + text.rsplit("/", 1)[-1],
            "href": web_href(text),
            "note": "",
            "lang": None,
            "hover": None,
        }
    named, short = _label(graph, term, lang), curie(text)
    if named == short:  # no label: the readable name of a known term, else the CURIE
        named = term_name(text, lang, vocabulary)
    return {
        "text": named if named != text else short,
        "href": web_href(text),
        "note": "",
        "lang": None,
        "hover": short if named != short else None,
    }


def _rows(graph, subject, site, lang, vocabulary, skip) -> list[dict[str, Any]]:
    from darmstadt_kg.namespaces import curie

    rows = []
    for p in sorted(set(graph.predicates(subject, None)), key=str):
        if p in skip:
            continue
        values = sorted(
            graph.objects(subject, p), key=lambda v: (getattr(v, "language", None) != lang, str(v))
        )
        rows.append(
            {
                "name": term_name(str(p), lang, vocabulary),
                "curie": curie(str(p)),
                "values": [_value(graph, v, site, lang, vocabulary) for v in values],
            }
        )
    return sorted(rows, key=lambda r: r["name"].lower())


def _is_fact(graph, node) -> bool:
    from rdflib.namespace import RDF, RDFS

    from darmstadt_kg.namespaces import DKG, curie
    from darmstadt_kg.network.vocab import FACT_CLASSES

    return any(
        curie(str(t)) in FACT_CLASSES or (t, RDFS.subClassOf, DKG.Fact) in graph
        for t in graph.objects(node, RDF.type)
    )


def resource_body(
    graph,
    resource,
    site: Site,
    *,
    lang: str = "en",
    vocabulary: dict | None = None,
    in_network: bool | None = None,
) -> dict:
    """The page's content as a template context."""
    from rdflib.namespace import PROV, RDF, RDFS

    from darmstadt_kg.namespaces import DKR, curie

    vocabulary = vocabulary or {}
    slug = str(resource)[len(str(DKR)) :]
    other = "de" if lang == "en" else "en"
    name, other_name = _label(graph, resource, lang), _label(graph, resource, other)
    comments = sorted(
        graph.objects(resource, RDFS.comment),
        key=lambda c: (getattr(c, "language", None) != lang, str(c)),
    )
    skip = (RDF.type, RDFS.label, RDFS.comment, PROV.wasDerivedFrom)
    sources = lambda node: sorted(  # noqa: E731
        (
            _value(graph, s, site, lang, vocabulary)
            for s in graph.objects(node, PROV.wasDerivedFrom)
        ),
        key=lambda v: v["text"],
    )
    facts, referenced = [], []
    for s in sorted(set(graph.subjects(None, resource)) - {resource}, key=str):
        if _is_fact(graph, s):
            facts.append(
                {
                    "title": _value(graph, s, site, lang, vocabulary),
                    "rows": _rows(graph, s, site, lang, vocabulary, skip),
                    "sources": sources(s),
                }
            )
        else:
            for p in sorted(graph.predicates(s, resource), key=str):
                how = {"text": term_name(str(p), lang, vocabulary), "href": None, "note": "",
                       "lang": None, "hover": curie(str(p))}  # fmt: skip
                referenced.append({"who": _value(graph, s, site, lang, vocabulary), "how": how})
    facts.sort(key=lambda f: f["title"]["text"].lower())
    referenced.sort(key=lambda r: (r["who"]["text"].lower(), r["how"]["text"]))
    node = is_network_node(graph, resource) if in_network is None else in_network
    return {
        "lang": lang,
        "name": name,
        "other_name": other_name if other_name != name else "",
        "other_lang": other,
        "iri": str(resource),
        "types": [
            _value(graph, t, site, lang, vocabulary)
            for t in sorted(graph.objects(resource, RDF.type), key=str)
        ],
        "comments": [
            {"text": str(c), "lang": getattr(c, "language", None) or lang} for c in comments
        ],
        "explorer": site.explorer(slug, lang) if node else None,
        "files": [{"href": site.alternate(slug, ext), "text": text} for ext, _, text in ALTERNATES],
        "statements": _rows(graph, resource, site, lang, vocabulary, skip),
        "sources": sources(resource),
        "facts": facts,
        "referenced": referenced,
    }


def resource_page(
    graph,
    resource,
    site: Site,
    *,
    lang: str = "en",
    jsonld: object = None,
    vocabulary: dict | None = None,
    in_network: bool | None = None,
    footer: str = "",
) -> str:
    """The whole HTML page of ``resource``."""
    from darmstadt_kg.namespaces import DKR

    context = resource_body(
        graph, resource, site, lang=lang, vocabulary=vocabulary, in_network=in_network
    )
    slug = str(resource)[len(str(DKR)) :]
    alternates = [{"type": mt, "href": site.alternate(slug, ext)} for ext, mt, _ in ALTERNATES]
    return frame(
        f"{context['name']} — darmstadt-kg",
        render("resource.html", **context),
        nav=site.nav,
        lang=lang,
        css_href=site.css_href,
        alternates=alternates,
        jsonld=jsonld,
        footer=footer,
    )
