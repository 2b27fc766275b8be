"""One term converter (:mod:`darmstadt_kg.rdfterms`) and one CURIE maker
(:func:`darmstadt_kg.namespaces.curie`), used by every caller.

A term from pyoxigraph, from the SPARQL JSON pyoxigraph writes, from a query answer
(:func:`darmstadt_kg.query.execute`), from the network's rows and from a release's changes
reads alike, and rdflib's text of it parses back to the same term (a round trip); a CURIE is
the longest-prefix one wherever a cell or a validation report shows it."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef

from darmstadt_kg import namespaces
from darmstadt_kg.namespaces import DKR, curie
from darmstadt_kg.network.sparql import select
from darmstadt_kg.query import execute
from darmstadt_kg.rdfterms import XSD_STRING, from_oxigraph, json_converter, make
from darmstadt_kg.release.changes import affected_slugs
from darmstadt_kg.results import cell, to_rdflib_term
from darmstadt_kg.validate import _short

XSD = "http://www.w3.org/2001/XMLSchema#"
JSON = ox.QueryResultsFormat.JSON
TERMS = [
    ox.NamedNode("https://w3id.org/darmstadt-kg/id/graz"),
    ox.BlankNode("b0"),
    ox.Literal("Graz"),  # xsd:string
    ox.Literal("Graz", datatype=ox.NamedNode(XSD_STRING)),
    ox.Literal("Grätz", language="de"),
    ox.Literal("x", language="en-GB"),
    ox.Literal("1969", datatype=ox.NamedNode(XSD + "gYear")),
    ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("2024-01-02", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("<b>", datatype=ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML")),
    ox.Literal('a "quoted"\nline'),
]


def _json_binding(term) -> dict:
    """``term`` as pyoxigraph writes it in SPARQL JSON (a document read and written again by
    pyoxigraph's own parser and serialiser)."""
    document = {"head": {"vars": ["t"]}, "results": {"bindings": [{"t": _spec(term)}]}}
    parsed = ox.parse_query_results(json.dumps(document).encode(), format=JSON)
    return json.loads(parsed.serialize(format=JSON))["results"]["bindings"][0]["t"]


def _spec(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    else:
        out["datatype"] = term.datatype.value
    return out


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_a_term_round_trips_through_the_one_converter(term):
    """pyoxigraph → rdflib → its Turtle text (``n3()``) → pyoxigraph gives the term back."""
    text = from_oxigraph(term).n3()
    back = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.TURTLE)))
    if isinstance(term, ox.BlankNode):
        assert text == str(term)  # the parser names blank nodes afresh
    else:
        assert back.object == term


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_json_and_pyoxigraph_terms_convert_alike(term):
    assert json_converter()(_json_binding(term)) == from_oxigraph(term)
    assert to_rdflib_term(term) == from_oxigraph(term)  # the library API's name


def test_the_converter_makes_each_kind_as_documented():
    assert make("uri", "urn:x") == URIRef("urn:x")
    assert make("bnode", "b1") == BNode("b1")
    assert make("literal", "x", datatype=XSD_STRING) == Literal("x")
    assert make("literal", "x", datatype=XSD_STRING).datatype is None
    assert make("literal", "x", lang="de") == Literal("x", lang="de")
    assert make("literal", "1", datatype=XSD + "integer") == Literal(1)
    assert make("triple", "…") is None


def test_every_path_reads_a_string_literal_the_same(tmp_path):
    """An xsd:string value: no datatype after conversion, on the query path, in the network's
    rows (from a store and from rdflib) and in a release's changes."""
    store = ox.Store()
    graz = ox.NamedNode(str(DKR["graz"]))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(graz, label, ox.Literal("Graz")))
    rows = execute(store, "SELECT ?o { ?s ?p ?o }").rows
    assert rows == [(Literal("Graz"),)] and rows[0][0].datatype is None
    graph = rdflib.Graph().parse(data=f'<{graz.value}> <{label.value}> "Graz" .', format="nt")
    for source in (store, graph):
        found = [r["o"] for r in select(source, "resources") if r["s"].value == graz.value]
        assert [(t.value, t.lang, t.datatype) for t in found] == [("Graz", None, None)]
    quads = list(store.quads_for_pattern(None, None, None))
    assert affected_slugs(quads, []) == {"graz"}


@pytest.fixture
def overlapping(monkeypatch):
    """The project's prefixes with a shorter one in front that also matches every
    ``dkr:``/``dkg:`` IRI: first match would give ``w3id:darmstadt-kg/id/…``."""
    monkeypatch.setattr(
        namespaces, "PREFIXES", {"w3id": "https://w3id.org/", **namespaces.PREFIXES}
    )


def test_the_curie_is_the_longest_prefix_one_everywhere(overlapping):
    iri = URIRef(DKR["graz"])
    assert curie(iri) == "dkr:graz"
    assert cell(iri) == "dkr:graz"  # query -f table|markdown, golden rows
    assert _short(iri) == "dkr:graz"  # validate's SHACL report
    assert curie("https://w3id.org/other") == "w3id:other"
    assert cell(iri, compact=False) == str(iri)


def test_an_iri_outside_every_namespace_stays_whole():
    assert cell(URIRef("https://example.org/x")) == "https://example.org/x"
    assert _short(URIRef("https://example.org/x")) == "<https://example.org/x>"
    assert cell(URIRef(str(DKR))) == str(DKR)  # a namespace alone is no CURIE
