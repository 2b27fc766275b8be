"""The ontology: every term is labelled and defined in German and English, built on standards."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef

from darmstadt_kg import paths
from darmstadt_kg.load import parse_turtle_files, store_to_rdflib
from darmstadt_kg.namespaces import DKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

STANDARDS = (
    "http://www.w3.org/ns/org#",
    "http://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2006/time#",
    "http://www.wikidata.org/",
)

ONTOLOGY = store_to_rdflib(parse_turtle_files(paths.ontology_files()))
TERMS = sorted(
    {
        s
        for s in ONTOLOGY.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(DKG)) and (s, RDF.type, None) in ONTOLOGY
    }
)


def test_header():
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ONTOLOGY
    for p in (
        OWL.versionIRI,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/dc/terms/created"),
        URIRef("http://purl.org/dc/terms/title"),
    ):
        assert ONTOLOGY.value(onto, p) is not None, p


def test_there_are_classes_and_properties():
    kinds = {t for term in TERMS for t in ONTOLOGY.objects(term, RDF.type)}
    assert {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} <= kinds
    assert len(TERMS) > 60


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_term_is_bilingual_and_anchored_in_a_standard(term):
    for prop in (RDFS.label, SKOS.definition):
        langs = {v.language for v in ONTOLOGY.objects(term, prop) if isinstance(v, Literal)}
        assert {"de", "en"} <= langs, (term, prop)
    assert _anchored(term), f"{term}: no anchor in a standard vocabulary, directly or through dkg:"


_ANCHORS = (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch, SKOS.relatedMatch, RDFS.range)


def _anchored(term, seen: frozenset = frozenset()) -> bool:
    """A standard term among the anchors, or a dkg: anchor that is itself so anchored (a dkg:
    anchor alone does not count: the chain must end in a standard)."""
    for p in _ANCHORS:
        for a in ONTOLOGY.objects(term, p):
            if str(a).startswith(STANDARDS):
                return True
            if str(a).startswith(str(DKG)) and a not in seen and _anchored(a, seen | {term}):
                return True
    return False


def test_a_dkg_anchor_alone_does_not_count():
    lonely = URIRef(str(DKG) + "Lonely")
    ONTOLOGY.add((lonely, RDFS.subClassOf, URIRef(str(DKG) + "NotAnchoredAnywhere")))
    try:
        assert not _anchored(lonely)
    finally:
        ONTOLOGY.remove((lonely, None, None))


def test_wikidata_properties_are_named_where_they_mean_the_same():
    matches = {str(o) for o in ONTOLOGY.objects(None, SKOS.closeMatch)}
    for pid in ("P190", "P463", "P112", "P571", "P740", "P166", "P1027", "P1891"):
        assert any(m.endswith("/" + pid) for m in matches), pid


def _terms_the_data_uses() -> set[str]:
    from darmstadt_kg.load import get_store
    from darmstadt_kg.namespaces import GRAPH_ASSERTED, GRAPH_DERIVED

    query = f"""SELECT DISTINCT ?t WHERE {{
        VALUES ?g {{ <{GRAPH_ASSERTED}> <{GRAPH_DERIVED}> }}
        GRAPH ?g {{ {{ ?s ?t ?o }} UNION {{ ?s a ?t }} }} }}"""
    return {row["t"].value for row in get_store().query(query)}


def test_every_term_the_data_uses_is_documented():
    from darmstadt_kg.load import get_rdflib_graph

    graph = get_rdflib_graph()
    undocumented = []
    for iri in sorted(_terms_the_data_uses()):
        term = URIRef(iri)
        if iri.startswith(str(DKG)):
            ok = (term, SKOS.definition, None) in graph
        else:
            ok = (term, SKOS.scopeNote, None) in graph and (term, RDFS.isDefinedBy, None) in graph
        if not ok:
            undocumented.append(iri)
    assert undocumented == [], "document these in ontology/*.ttl (reused-terms.ttl for others)"


def test_ontology_page_lists_reused_terms_and_renders_the_modelling_guide():
    from darmstadt_kg.load import get_rdflib_graph
    from darmstadt_kg.publish.ontodoc import ontology_body, shapes_graph

    html, toc = ontology_body(get_rdflib_graph(), shapes_graph())
    assert 'href="#modelling"' in html and '<h2 id="modelling">Modelling guide</h2>' in html
    assert toc[-1] == ("modelling", "Modelling guide")
    assert "<code>schema:organizer</code>" in html and "<code>schema:superEvent</code>" in html
    assert (
        "<code>schema:honorificPrefix</code>" in html and "<code>schema:funder</code>" not in html
    )
    assert '<h4 id="modelling-named-graphs">Named graphs</h4>' in html


def test_modelling_markdown_is_escaped_and_keeps_only_safe_links():
    from darmstadt_kg.publish.modelling import markdown_html

    html = markdown_html(
        "# A <b>\n\nText with `<code>` and [x](javascript:alert(1)) and [y](https://e.org/).\n"
        "\n| a | b |\n|---|---|\n| <i> | **c** |\n\n- one\n- two <s>\n"
    )
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "javascript:" not in html and '<a href="https://e.org/">y</a>' in html
    assert re.search(r"<td>&lt;i&gt;</td>\s*<td><strong>c</strong></td>", html)
    assert "<li>two &lt;s&gt;</li>" in html
