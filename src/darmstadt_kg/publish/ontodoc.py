"""Documentation of the ontology: classes, properties, the terms reused from other vocabularies
(with their use in this graph), SKOS schemes, SHACL shapes and the rendered modelling guide, in
one page.

Terms come from the loaded graph (``ontology/darmstadt-kg.ttl`` and ``schemes.ttl`` are part of
it); the shapes from ``ontology/shapes.ttl`` through the loader. Each term has an anchor named
after its local name, so ``dkg:City`` is ``ontology/index.html#City``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie
from darmstadt_kg.publish.common import label
from darmstadt_kg.publish.html import esc, page, table, term_html

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "ontology_terms",
    "reused_terms",
    "ontology_subgraph",
    "ontology_body",
    "render_ontology",
    "shapes_graph",
]

_SITE_FILES = (
    '<a href="darmstadt-kg.ttl">Turtle</a>, <a href="darmstadt-kg.jsonld">JSON-LD</a>, '
    '<a href="darmstadt-kg.nt">N-Triples</a>'
)


def ontology_terms(graph: rdflib.Graph) -> tuple[list, list]:
    """The project's classes and properties (``dkg:`` IRIs), each list sorted."""
    from rdflib.namespace import OWL, RDF

    from darmstadt_kg.namespaces import DKG

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
    from rdflib.namespace import SKOS

    from darmstadt_kg.namespaces import DKG

    return sorted({s for s in graph.subjects(SKOS.scopeNote) if not str(s).startswith(str(DKG))})


def _reused_html(graph: rdflib.Graph, root: str) -> str:
    from rdflib.namespace import RDFS, SKOS

    rows = []
    for term in reused_terms(graph):
        notes = {getattr(n, "language", ""): str(n) for n in graph.objects(term, SKOS.scopeNote)}
        defined = graph.value(term, RDFS.isDefinedBy)
        name = esc(curie(term))
        rows.append(
            [
                f'<a href="{esc(str(term))}" id="{name}"><code>{name}</code></a>',
                esc(notes.get("en", "")),
                f'<span lang="de">{esc(notes.get("de", ""))}</span>',
                esc(str(defined or "")),
            ]
        )
    return table(["term", "use in this graph", "Verwendung", "defined by"], rows)


def ontology_subgraph(graph: rdflib.Graph) -> rdflib.Graph:
    """The vocabulary alone: triples about the ontology and its ``dkg:`` terms."""
    import rdflib

    from darmstadt_kg.namespaces import DKG, ONTOLOGY_IRI, bind_prefixes

    out = rdflib.Graph()
    bind_prefixes(out)
    for s, p, o in graph:
        if str(s) == ONTOLOGY_IRI or str(s).startswith(str(DKG)):
            out.add((s, p, o))
    return out


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes, through the project's loader."""
    from darmstadt_kg import paths
    from darmstadt_kg.load import parse_turtle_files, store_to_rdflib

    return store_to_rdflib(parse_turtle_files([paths.shapes_file()]))


def _langs(graph: rdflib.Graph, term: object, prop: object) -> str:
    values = sorted(graph.objects(term, prop), key=lambda o: (getattr(o, "language", "") or "", o))
    return "".join(
        f'<p lang="{esc(v.language or "")}"><small>{esc(v.language or "")}</small> {esc(v)}</p>'
        for v in values
    )


def _term(
    graph: rdflib.Graph, term: object, props: list[tuple[str, object]], root: str = "../"
) -> str:
    from rdflib.namespace import RDFS, SKOS

    from darmstadt_kg.namespaces import DKG

    local = str(term)[len(str(DKG)) :]
    rows = [f'<section id="{esc(local)}">', f"<h3>{esc(curie(term))}</h3>"]
    rows.append(_langs(graph, term, RDFS.label))
    rows.append(_langs(graph, term, SKOS.definition))
    cells = []
    for name, prop in props:
        values = sorted(graph.objects(term, prop))
        if values:
            cells.append([esc(name), ", ".join(term_html(graph, v, root) for v in values)])
    if cells:
        rows.append(table(["", ""], cells))
    rows.append("</section>")
    return "\n".join(rows)


def _shapes_html(shapes: rdflib.Graph, graph: rdflib.Graph, root: str = "../") -> str:
    from rdflib.namespace import RDF, SH

    parts = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = ", ".join(
            term_html(graph, t, root) for t in sorted(shapes.objects(shape, SH.targetClass))
        )
        rows = []
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            counts = [shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)]
            card = f"{counts[0] if counts[0] is not None else 0}..{counts[1] or 'n'}"
            message = shapes.value(prop, SH.message)
            rows.append(
                [esc(curie(path) if path is not None else ""), esc(card), esc(message or "")]
            )
        rows.sort()
        parts.append(f'<section id="shape-{esc(curie(shape).split(":")[-1])}">')
        parts.append(f"<h3>{esc(curie(shape))}</h3><p>Targets: {targets or '—'}</p>")
        parts.append(table(["path", "count", "message"], rows) + "</section>")
    return "\n".join(parts)


def render_ontology(graph: rdflib.Graph, shapes: rdflib.Graph) -> str:
    """The ontology documentation page of the static site (``ontology/index.html``)."""
    return page("darmstadt-kg ontology", ontology_body(graph, shapes), "../")


def ontology_body(
    graph: rdflib.Graph, shapes: rdflib.Graph, root: str = "../", files: str = _SITE_FILES
) -> str:
    """The documentation itself: header, classes, properties, SKOS schemes, SHACL shapes.

    ``root`` leads to the site root (``/`` on the server); ``files`` is the HTML that links
    the ontology's serialisations.
    """
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    from darmstadt_kg.namespaces import DKR, GRAPHS, ONTOLOGY_IRI
    from darmstadt_kg.publish.modelling import modelling_html

    onto = URIRef(ONTOLOGY_IRI)
    classes, properties = ontology_terms(graph)
    links = [("Wikidata / close match", SKOS.closeMatch), ("exact match", SKOS.exactMatch)]
    class_props = [("subclass of", RDFS.subClassOf), ("equivalent", OWL.equivalentClass)] + links
    prop_props = [
        ("type", RDF.type),
        ("subproperty of", RDFS.subPropertyOf),
        ("domain", RDFS.domain),
        ("range", RDFS.range),
        ("inverse of", OWL.inverseOf),
        ("equivalent", OWL.equivalentProperty),
    ] + links
    parts = [f"<h1>{esc(label(graph, onto, 'en'))}</h1>"]
    parts.append(_langs(graph, onto, DCTERMS.title) + _langs(graph, onto, DCTERMS.description))
    meta = [
        [esc("IRI"), f"<code>{esc(ONTOLOGY_IRI)}</code>"],
        [esc("prefix"), "<code>dkg:</code>"],
        [esc("version"), esc(graph.value(onto, OWL.versionInfo) or "")],
        [esc("licence"), term_html(graph, graph.value(onto, DCTERMS.license) or "", root)],
        [esc("files"), files],
        [
            esc("modelling guide"),
            '<a href="#modelling">the modelling contract (rendered below)</a>',
        ],
        [esc("named graphs"), esc(", ".join(GRAPHS.values()))],
    ]
    parts.append(table(["", ""], meta))
    parts.append(f"<h2>Classes ({len(classes)})</h2>")
    parts.extend(_term(graph, c, class_props, root) for c in classes)
    parts.append(f"<h2>Properties ({len(properties)})</h2>")
    parts.extend(_term(graph, p, prop_props, root) for p in properties)
    reused = reused_terms(graph)
    parts.append(f'<h2 id="reused-terms">Terms reused from other vocabularies ({len(reused)})</h2>')
    parts.append(_reused_html(graph, root))
    parts.append("<h2>Concept schemes</h2>")
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted(graph.subjects(SKOS.inScheme, scheme))
        rows = [
            [term_html(graph, c, root), esc(label(graph, c, "de")), esc(label(graph, c, "en"))]
            for c in concepts
        ]
        anchor = str(scheme)[len(str(DKR)) :] if str(scheme).startswith(str(DKR)) else ""
        parts.append(f'<h3 id="scheme-{esc(anchor)}">{esc(label(graph, scheme, "en"))}</h3>')
        parts.append(table(["concept", "de", "en"], rows))
    parts.append("<h2>SHACL shapes</h2>")
    parts.append(_shapes_html(shapes, graph, root))
    parts.append('<h2 id="modelling">Modelling guide</h2>')
    parts.append(modelling_html())
    return "\n".join(parts)
