"""One page per ``dkr:`` resource: HTML (labels, facts with sources, links) and its RDF files.

A resource's description is every triple with it as subject plus every triple pointing at it;
it is written as ``doc/<slug>.html``, ``.ttl``, ``.jsonld``, ``.nt`` and ``.rdf``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from darmstadt_kg.publish.common import is_dkr, label, slug_of, write_bytes, write_text
from darmstadt_kg.publish.html import esc, json_script, link_to, page, table, term_html

if TYPE_CHECKING:
    import rdflib

__all__ = ["resources", "describe", "render_resource", "write_resource_pages", "RDF_FILES"]

RDF_FILES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}


def resources(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    """Every ``dkr:`` IRI that is the subject of a triple, sorted."""
    return sorted({s for s in graph.subjects() if is_dkr(s)})


def describe(graph: rdflib.Graph, resource: rdflib.URIRef) -> rdflib.Graph:
    """The resource's triples (as subject and as object), as a new graph."""
    import rdflib

    from darmstadt_kg.namespaces import bind_prefixes

    out = rdflib.Graph()
    bind_prefixes(out)
    for triple in sorted(graph.triples((resource, None, None))):
        out.add(triple)
    for triple in sorted(graph.triples((None, None, resource))):
        out.add(triple)
    return out


def _is_fact(graph: rdflib.Graph, node: object) -> bool:
    from rdflib.namespace import RDF, RDFS

    from darmstadt_kg.namespaces import DKG

    return any(
        t == DKG.Fact or (t, RDFS.subClassOf, DKG.Fact) in graph
        for t in graph.objects(node, RDF.type)
    )


def _sources(graph: rdflib.Graph, node: object, root: str) -> str:
    from rdflib.namespace import PROV

    found = sorted(graph.objects(node, PROV.wasDerivedFrom))
    return ", ".join(term_html(graph, s, root) for s in found) or "—"


def render_resource(
    graph: rdflib.Graph, resource: rdflib.URIRef, jsonld: object, in_network: bool = False
) -> str:
    """The HTML page of one resource (``jsonld`` is embedded as structured data).

    ``in_network``: the resource is a node of the explorer, so the page links to it there.
    """
    from rdflib.namespace import OWL, PROV, RDF, RDFS

    from darmstadt_kg.namespaces import WD

    root = "../"
    slug = slug_of(resource)
    en, de = label(graph, resource, "en"), label(graph, resource, "de")
    types = sorted(graph.objects(resource, RDF.type))
    parts = [f'<h1 lang="en">{esc(en)}</h1>']
    if de != en:
        parts.append(f'<p class="de" lang="de">{esc(de)}</p>')
    parts.append(f'<p class="meta">IRI: <code>{esc(resource)}</code> · ')
    parts.append(" · ".join(link_to(f"{slug}.{ext}", ext) for ext in RDF_FILES) + "</p>")
    if in_network:
        explorer = f"{root}explore/index.html#focus={slug}"
        parts.append(f"<p>{link_to(explorer, 'Show in the network explorer')}</p>")
    if types:
        parts.append("<p>Type: " + ", ".join(term_html(graph, t, root) for t in types) + "</p>")
    wikidata = sorted({o for o in graph.objects(resource, OWL.sameAs) if str(o).startswith(WD)})
    if wikidata:
        links = ", ".join(
            link_to(str(q), f"Wikidata {str(q).rsplit('/', 1)[-1]}") for q in wikidata
        )
        parts.append(f"<p>Wikidata: {links}</p>")
    for comment in sorted(graph.objects(resource, RDFS.comment)):
        lang = getattr(comment, "language", None) or "en"
        parts.append(f'<p lang="{esc(lang)}">{esc(comment)}</p>')

    sources = _sources(graph, resource, root)
    rows = [
        [term_html(graph, p, root), term_html(graph, o, root), sources]
        for p, o in sorted(graph.predicate_objects(resource))
        if p not in (PROV.wasDerivedFrom,)
    ]
    parts.append("<h2>Statements</h2>")
    parts.append(f"<p>Sources: {sources}</p>")
    parts.append(table(["property", "value", "source"], rows))

    facts, other = [], []
    for s, p in sorted(graph.subject_predicates(resource)):
        if _is_fact(graph, s):
            facts.append(
                [term_html(graph, s, root), term_html(graph, p, root), _sources(graph, s, root)]
            )
        else:
            other.append([term_html(graph, s, root), term_html(graph, p, root)])
    if facts:
        parts.append("<h2>Facts about it</h2>")
        parts.append(table(["fact", "role", "source"], facts))
    if other:
        parts.append("<h2>Referenced by</h2>")
        parts.append(table(["resource", "property"], other))

    head = "".join(
        f'<link rel="alternate" type="{mt}" href="{slug}.{ext}">\n' for ext, mt in RDF_FILES.items()
    )
    head += json_script(jsonld) + "\n"
    return page(f"{en} — darmstadt-kg", "\n".join(parts), root, head)


def write_resource_pages(
    graph: rdflib.Graph, out: Path, in_network: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """Write ``doc/<slug>.{html,ttl,jsonld,nt,rdf}`` for every resource; return the slugs.

    Pages of the resources in ``in_network`` (explorer node ids) link to the explorer.
    """
    from darmstadt_kg.publish.dumps import serialise

    slugs = []
    for resource in resources(graph):
        slug = slug_of(resource)
        description = describe(graph, resource)
        files = {ext: serialise(description, ext) for ext in RDF_FILES}
        for ext, data in files.items():
            write_bytes(out / "doc" / f"{slug}.{ext}", data)
        html = render_resource(
            graph, resource, json.loads(files["jsonld"]), in_network=slug in in_network
        )
        write_text(out / "doc" / f"{slug}.html", html)
        slugs.append(slug)
    return slugs
