"""Documentation of the ontology: classes, properties, the terms reused from other vocabularies
(with their use in this graph), SKOS schemes, SHACL shapes and the rendered modelling guide, in
one page.

Terms come from the loaded graph (``ontology/darmstadt-kg.ttl`` and ``schemes.ttl`` are part of
it); the shapes from ``ontology/shapes.ttl`` through the loader. Each term has an anchor named
after its local name, so ``dkg:City`` is ``ontology/index.html#City``.
"""

from __future__ import annotations

from typing import Any

import rdflib
from markupsafe import Markup
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from darmstadt_kg import paths
from darmstadt_kg.load import parse_turtle_files, store_to_rdflib
from darmstadt_kg.namespaces import DKG, DKR, GRAPHS, ONTOLOGY_IRI, bind_prefixes, curie
from darmstadt_kg.publish.common import label
from darmstadt_kg.publish.html import SUFFIX, page, switch
from darmstadt_kg.publish.modelling import modelling_html
from darmstadt_kg.publish.resources import static_site
from darmstadt_kg.templates import render
from darmstadt_kg.templates.resource import plain_value, shown_value

__all__ = [
    "ontology_terms",
    "reused_terms",
    "ontology_subgraph",
    "ontology_body",
    "render_ontology",
    "shapes_graph",
    "SITE_FILES",
]

#: (href, text) of the ontology's files beside the static site's ontology page
SITE_FILES = (
    ("darmstadt-kg.ttl", "Turtle"),
    ("darmstadt-kg.jsonld", "JSON-LD"),
    ("darmstadt-kg.nt", "N-Triples"),
)


def ontology_terms(graph: rdflib.Graph) -> tuple[list, list]:
    """The project's classes and properties (``dkg:`` IRIs), each list sorted."""

    def ours(kinds):
        found = set()
        for kind in kinds:
            found |= {s for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(DKG))}
        return sorted(found)

    classes = ours([OWL.Class])
    properties = ours(
        [OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property]
    )
    return classes, properties


def reused_terms(graph: rdflib.Graph) -> list:
    """Terms of other vocabularies documented for this graph (a ``skos:scopeNote``), sorted."""

    return sorted({s for s in graph.subjects(SKOS.scopeNote) if not str(s).startswith(str(DKG))})


def _reused(graph: rdflib.Graph) -> list[dict[str, str]]:
    rows = []
    for term in reused_terms(graph):
        notes = {getattr(n, "language", ""): str(n) for n in graph.objects(term, SKOS.scopeNote)}
        rows.append(
            {
                "iri": str(term),
                "curie": curie(term),
                "en": notes.get("en", ""),
                "de": notes.get("de", ""),
                "defined": str(graph.value(term, RDFS.isDefinedBy) or ""),
            }
        )
    return rows


def ontology_subgraph(graph: rdflib.Graph) -> rdflib.Graph:
    """The vocabulary alone: triples about the ontology and its ``dkg:`` terms."""

    out = rdflib.Graph()
    bind_prefixes(out)
    for s, p, o in graph:
        if str(s) == ONTOLOGY_IRI or str(s).startswith(str(DKG)):
            out.add((s, p, o))
    return out


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes, through the project's loader."""

    return store_to_rdflib(parse_turtle_files([paths.shapes_file()]))


def _langs(graph: rdflib.Graph, term: object, prop: object) -> list[dict[str, str]]:
    values = sorted(graph.objects(term, prop), key=lambda o: (getattr(o, "language", "") or "", o))
    return [{"lang": getattr(v, "language", None) or "", "text": str(v)} for v in values]


def _term(graph, term, props, site) -> dict[str, Any]:
    rows = []
    for name, prop in props:
        values = sorted(graph.objects(term, prop))
        if values:
            rows.append((name, [shown_value(graph, v, site) for v in values]))
    return {
        "id": str(term)[len(str(DKG)) :],
        "curie": curie(term),
        "labels": _langs(graph, term, RDFS.label),
        "definitions": _langs(graph, term, SKOS.definition),
        "rows": rows,
    }


def _shapes(shapes: rdflib.Graph, graph: rdflib.Graph, site) -> list[dict[str, Any]]:
    found = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        rows = []
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            counts = [shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)]
            card = f"{counts[0] if counts[0] is not None else 0}..{counts[1] or 'n'}"
            message = shapes.value(prop, SH.message)
            rows.append([curie(path) if path is not None else "", card, str(message or "")])
        rows.sort()
        targets = sorted(shapes.objects(shape, SH.targetClass))
        found.append(
            {
                "id": curie(shape).split(":")[-1],
                "curie": curie(shape),
                "targets": [shown_value(graph, t, site) for t in targets],
                "rows": rows,
            }
        )
    return found


def render_ontology(graph: rdflib.Graph, shapes: rdflib.Graph, lang: str = "en") -> str:
    """The ontology documentation page of the static site in ``lang`` (``ontology/index.html``,
    ``ontology/index.de.html``)."""

    body, toc = ontology_body(graph, shapes, lang=lang)
    title = "Ontologie von darmstadt-kg" if lang == "de" else "darmstadt-kg ontology"
    other = switch(lambda other: f"index{SUFFIX[other]}.html", lang)
    return page(title, body, "../", lang=lang, toc=toc, switch=other)


def ontology_body(
    graph: rdflib.Graph,
    shapes: rdflib.Graph,
    root: str = "../",
    files: tuple[tuple[str, str], ...] = SITE_FILES,
    lang: str = "en",
) -> tuple[str, list[tuple[str, str]]]:
    """The documentation itself: header, classes, properties, SKOS schemes, SHACL shapes, the
    modelling guide; and its sections, (id, title) pairs for the page's table of contents.

    ``root`` leads to the site root (``/`` on the server); ``files`` are the (href, text) links
    to the ontology's serialisations; ``lang`` the page's language (the terms' labels and
    definitions are shown in both; the modelling guide is written in English).
    """

    site = static_site(root, lang)
    de = lang == "de"
    onto = URIRef(ONTOLOGY_IRI)
    classes, properties = ontology_terms(graph)
    links = [
        ("Wikidata / ähnlich" if de else "Wikidata / close match", SKOS.closeMatch),
        ("gleichbedeutend" if de else "exact match", SKOS.exactMatch),
    ]
    equivalent = "äquivalent" if de else "equivalent"
    class_props = [
        ("Unterklasse von" if de else "subclass of", RDFS.subClassOf),
        (equivalent, OWL.equivalentClass),
    ] + links
    prop_props = [
        ("Art" if de else "type", RDF.type),
        ("Untereigenschaft von" if de else "subproperty of", RDFS.subPropertyOf),
        ("Definitionsbereich" if de else "domain", RDFS.domain),
        ("Wertebereich" if de else "range", RDFS.range),
        ("invers zu" if de else "inverse of", OWL.inverseOf),
        (equivalent, OWL.equivalentProperty),
    ] + links
    schemes = []
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted(graph.subjects(SKOS.inScheme, scheme))
        schemes.append(
            {
                "anchor": str(scheme)[len(str(DKR)) :] if str(scheme).startswith(str(DKR)) else "",
                "title": label(graph, scheme, lang),
                "rows": [
                    [
                        shown_value(graph, c, site),
                        plain_value(label(graph, c, "de"), lang="de"),
                        label(graph, c, "en"),
                    ]
                    for c in concepts
                ],
            }
        )
    licence = graph.value(onto, DCTERMS.license)
    reused = _reused(graph)
    reused_title = (
        "Aus anderen Vokabularen übernommene Begriffe"
        if de
        else "Terms reused from other vocabularies"
    )
    sections = [
        ("classes", f"{'Klassen' if de else 'Classes'} ({len(classes)})"),
        ("properties", f"{'Eigenschaften' if de else 'Properties'} ({len(properties)})"),
        ("reused-terms", f"{reused_title} ({len(reused)})"),
        ("concept-schemes", "Begriffssysteme (SKOS)" if de else "Concept schemes"),
        ("shacl-shapes", "SHACL-Formen" if de else "SHACL shapes"),
        ("modelling", "Modellierungsleitfaden (englisch)" if de else "Modelling guide"),
    ]
    body = render(
        "ontology.html",
        lang=lang,
        title=label(graph, onto, lang),
        titles=_langs(graph, onto, DCTERMS.title),
        descriptions=_langs(graph, onto, DCTERMS.description),
        iri=ONTOLOGY_IRI,
        version=str(graph.value(onto, OWL.versionInfo) or ""),
        licence=shown_value(graph, licence, site) if licence is not None else None,
        files=files,
        graphs=", ".join(GRAPHS.values()),
        classes=[_term(graph, c, class_props, site) for c in classes],
        properties=[_term(graph, p, prop_props, site) for p in properties],
        reused=reused,
        sections=dict(sections),
        schemes=schemes,
        shapes=_shapes(shapes, graph, site),
        modelling=Markup(modelling_html()),  # markdown-it's output: the guide's text escaped
    )
    return body, sections
