"""One page per ``dkr:`` resource: HTML (labels, facts with sources, links) and its RDF files.

A resource's description is every triple with it as subject plus every triple pointing at it;
it is written as ``doc/<slug>.html``, ``.ttl``, ``.jsonld``, ``.nt`` and ``.rdf``.
"""

from __future__ import annotations

import json
from pathlib import Path

import rdflib

from darmstadt_kg.namespaces import bind_prefixes
from darmstadt_kg.publish.common import (
    is_dkr,
    ordered_graph,
    slug_of,
    triple_order,
    write_bytes,
    write_text,
)
from darmstadt_kg.publish.dumps import serialise
from darmstadt_kg.publish.html import FOOTERS, SUFFIX, site_nav, switch
from darmstadt_kg.templates.resource import Site, resource_page

__all__ = [
    "resources",
    "describe",
    "render_resource",
    "write_resource_pages",
    "static_site",
    "RDF_FILES",
]

RDF_FILES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}


def resources(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    """Every ``dkr:`` IRI that is the subject of a triple, sorted."""
    return sorted({s for s in graph.subjects() if is_dkr(s)})


def describe(
    ordered: rdflib.Graph, resource: rdflib.URIRef, order: dict[tuple, int]
) -> rdflib.Graph:
    """The resource's triples (as subject and as object), as a new graph in the order of
    :func:`~darmstadt_kg.publish.common.ordered_graph`: ``ordered`` is the whole graph in that
    order, ``order`` its :func:`~darmstadt_kg.publish.common.triple_order`."""

    found = {*ordered.triples((resource, None, None)), *ordered.triples((None, None, resource))}
    out = rdflib.Graph()
    bind_prefixes(out)
    for triple in sorted(found, key=order.__getitem__):
        out.add(triple)
    return out


def static_site(root: str = "../", lang: str = "en") -> Site:
    """Where links go from a page in ``doc/`` of the static site, in ``lang``."""

    return Site(
        resource=lambda slug: f"{root}doc/{slug}{SUFFIX[lang]}.html",
        term=lambda name: f"{root}ontology/index{SUFFIX[lang]}.html#{name}",
        alternate=lambda slug, ext: f"{slug}.{ext}",
        explorer=lambda slug, now: f"{root}explore/index{SUFFIX[now]}.html#focus={slug}",
        nav=site_nav(root, lang),
        script_href=f"{root}site.js",
        switch=lambda slug, now: switch(lambda other: f"{slug}{SUFFIX[other]}.html", now),
    )


def render_resource(
    graph: rdflib.Graph,
    resource: rdflib.URIRef,
    jsonld: object,
    in_network: bool = False,
    derived: frozenset = frozenset(),
    lang: str = "en",
    changed_in: list[str] | tuple[str, ...] = (),
    site: Site | None = None,
) -> str:
    """The HTML page of one resource in ``lang`` (``jsonld`` is embedded as structured data),
    from the templates the server uses too. ``in_network``: the page links to the explorer;
    ``derived``: the triples the rules derived (marked, or left out where an asserted row says
    the same); ``changed_in``: the releases that changed the resource (named on the page);
    ``site``: ``static_site(lang=lang)``, when the caller has made it for many pages."""

    return resource_page(
        graph,
        resource,
        site or static_site(lang=lang),
        lang=lang,
        jsonld=jsonld,
        in_network=in_network,
        derived=derived,
        footer=FOOTERS[lang],
        changed_in=changed_in,
    )


def write_resource_pages(
    graph: rdflib.Graph,
    out: Path,
    in_network: set[str] | frozenset[str] = frozenset(),
    derived: frozenset = frozenset(),
    changed_in: dict[str, list[str]] | None = None,
    ordered: rdflib.Graph | None = None,
) -> list[str]:
    """Write ``doc/<slug>.{html,ttl,jsonld,nt,rdf}`` and the German page ``doc/<slug>.de.html``
    for every resource; return the slugs.

    Pages of the resources in ``in_network`` (explorer node ids) link to the explorer; pages
    of the resources in ``changed_in`` (slug -> versions) name the releases that changed them.
    ``ordered``: ``graph`` as :func:`~darmstadt_kg.publish.common.ordered_graph` returns it, if
    the caller has it. The files and pages are drawn from it (the same triples, in order): each
    description is taken from it already in order.
    """

    if ordered is None:
        ordered = ordered_graph(graph)
    order = triple_order(ordered)
    sites = {lang: static_site(lang=lang) for lang in SUFFIX}
    slugs = []
    for resource in resources(ordered):
        slug = slug_of(resource)
        description = describe(ordered, resource, order)
        files = {ext: serialise(description, ext, ordered=description) for ext in RDF_FILES}
        for ext, data in files.items():
            write_bytes(out / "doc" / f"{slug}.{ext}", data)
        jsonld = json.loads(files["jsonld"])
        for lang, suffix in SUFFIX.items():
            html = render_resource(
                ordered,
                resource,
                jsonld,
                in_network=slug in in_network,
                derived=derived,
                lang=lang,
                changed_in=(changed_in or {}).get(slug, ()),
                site=sites[lang],
            )
            write_text(out / "doc" / f"{slug}{suffix}.html", html)
        slugs.append(slug)
    return slugs
