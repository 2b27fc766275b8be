"""RDF → networkx: the project graph as a ``MultiDiGraph`` of bodies and their relations.

Nodes are the resources of the classes in ``vocab.NODE_CLASSES`` (node id = the ``dkr:``
slug), with labels in German and English, type, class, level, themes, coordinates, counts,
sources and outside links. Edges are the fact nodes folded by ``facts.py`` and the direct
properties listed in ``relations.csv``; every edge keeps its source(s). A direct statement's
source is its subject's source (the statement belongs to the subject's description).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from darmstadt_kg.load import get_store
from darmstadt_kg.network.facts import ROOT, fold_facts
from darmstadt_kg.network.index import Index, read_index, slug
from darmstadt_kg.network.vocab import TYPES, node_type, relations

__all__ = ["build_network", "network_from_index", "ROOT"]


def _node_attributes(ix: Index, iri: str, cls: str, kind: str) -> dict[str, Any]:
    levels = ix.iris(iri, "dkg:level")
    themes = ix.iris(iri, "dkg:theme")
    sources = ix.iris(iri, "prov:wasDerivedFrom")
    lat, long = ix.one(iri, "geo:lat"), ix.one(iri, "geo:long")
    outside = ("foaf:homepage", "rdfs:seeAlso", "schema:url", "owl:sameAs")
    links = sorted({t.value for p in outside for t in ix.values(iri, p)})
    return {
        "iri": iri,
        "label_en": ix.label(iri, "en"),
        "label_de": ix.label(iri, "de"),
        "alt_labels": sorted({t.value for t in ix.values(iri, "skos:altLabel")}),
        "type": kind,
        "type_en": TYPES[kind][0],
        "type_de": TYPES[kind][1],
        "class": cls,
        "class_en": ix.term_label(cls, "en"),
        "class_de": ix.term_label(cls, "de"),
        "comment_en": ix.text(iri, "en", ("rdfs:comment",)),
        "comment_de": ix.text(iri, "de", ("rdfs:comment",)),
        "level": slug(levels[0]) if levels else "",
        "level_en": ix.label(levels[0], "en") if levels else "",
        "level_de": ix.label(levels[0], "de") if levels else "",
        "themes": [slug(t) for t in themes],
        "themes_en": [ix.label(t, "en") for t in themes],
        "themes_de": [ix.label(t, "de") for t in themes],
        "lat": float(lat) if lat else None,
        "long": float(long) if long else None,
        "date": ix.one(iri, "dkg:date"),
        "sources": [slug(s) for s in sources],
        "source_labels_en": [ix.label(s, "en") for s in sources],
        "source_labels_de": [ix.label(s, "de") for s in sources],
        "links": links,
        "counts_en": [],
        "counts_de": [],
        "founded": [],
    }


def _direct_edges(ix: Index, nodes: set[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
    table = relations()
    edges = []
    for iri in sorted(ix.about):
        s = slug(iri)
        if s not in nodes:
            continue
        sources = ix.iris(iri, "prov:wasDerivedFrom")
        for prop, values in sorted(ix.about[iri].items()):
            rel = table.get(prop)
            if rel is None or rel.kind != "edge":
                continue
            for target in sorted(t.value for t in values if t.is_iri):
                o = slug(target)
                if o not in nodes or o == s:
                    continue
                edges.append(
                    (
                        s,
                        o,
                        f"{s}|{prop}|{o}",
                        {
                            "relation": prop,
                            "kind": "direct",
                            "fact": "",
                            "label_en": rel.en,
                            "label_de": rel.de,
                            "inverse_en": rel.inverse_en,
                            "inverse_de": rel.inverse_de,
                            "since": "",
                            "until": "",
                            "date": "",
                            "sources": [slug(x) for x in sources],
                            "source_labels_en": [ix.label(x, "en") for x in sources],
                            "source_labels_de": [ix.label(x, "de") for x in sources],
                            "symmetric": rel.inverse_en == rel.en,
                            "weight": rel.weight,
                        },
                    )
                )
    return edges


def _node_facts(ix: Index, graph: nx.MultiDiGraph) -> None:
    """Counts, coordinates and founding dates become attributes of the node they are about."""
    for fact in sorted(ix.about):
        classes = ix.classes(fact)
        if "dkg:Count" in classes:
            for thing in ix.iris(fact, "dkg:countOf"):
                if slug(thing) in graph:
                    graph.nodes[slug(thing)]["counts_en"].append(ix.text(fact, "en"))
                    graph.nodes[slug(thing)]["counts_de"].append(ix.text(fact, "de"))
        if "dkg:Geolocation" in classes:
            for place in ix.iris(fact, "dkg:locates"):
                node = graph.nodes.get(slug(place))
                if node is not None and node["lat"] is None:
                    node["lat"] = float(ix.one(fact, "geo:lat"))
                    node["long"] = float(ix.one(fact, "geo:long"))
        if "dkg:Founding" in classes and ix.one(fact, "dkg:date"):
            for entity in ix.iris(fact, "dkg:foundedEntity"):
                if slug(entity) in graph:
                    graph.nodes[slug(entity)]["founded"].append(ix.one(fact, "dkg:date"))


def network_from_index(ix: Index) -> nx.MultiDiGraph:
    """Build the network from an already read :class:`Index`."""

    graph = nx.MultiDiGraph(name="darmstadt-kg", root=ROOT)
    for iri in sorted(ix.about):
        typed = node_type(ix.classes(iri))
        if typed is not None:
            graph.add_node(slug(iri), **_node_attributes(ix, iri, *typed))
    nodes = set(graph)
    for s, o, key, attrs in fold_facts(ix):
        if s in nodes and o in nodes and s != o:
            graph.add_edge(s, o, key=key, **attrs)
    for s, o, key, attrs in _direct_edges(ix, nodes):
        graph.add_edge(s, o, key=key, **attrs)
    for _, _, attrs in graph.edges(data=True):
        # the ontology's name of the fact class or property, where the project defines it
        named = attrs["relation"] in ix.vocabulary
        attrs["relation_en"] = ix.term_label(attrs["relation"], "en") if named else ""
        attrs["relation_de"] = ix.term_label(attrs["relation"], "de") if named else ""
    _node_facts(ix, graph)
    return graph


def build_network(source: Any = None) -> nx.MultiDiGraph:
    """The project's network from a pyoxigraph store or rdflib graph (default: the loaded store)."""
    if source is None:
        source = get_store()
    return network_from_index(read_index(source))
