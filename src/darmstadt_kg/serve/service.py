"""The W3C SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from darmstadt_kg.namespaces import DCTERMS, RDF, SD, VOID, bind_prefixes

__all__ = ["service_description"]

_FORMATS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def service_description(endpoint_url: str, triples: int) -> rdflib.Graph:
    """An ``sd:Service`` with its endpoint, language, result formats and default dataset; no
    ``sd:BasicFederatedQuery``: the endpoint never calls another one (docs/security.md)."""

    graph = rdflib.Graph()
    bind_prefixes(graph)
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    service = URIRef(endpoint_url + "#service")
    dataset = URIRef(endpoint_url + "#dataset")
    default = URIRef(endpoint_url + "#default-graph")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.EmptyGraphs))
    for name in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, URIRef(_FORMATS + name)))
    graph.add(
        (service, DCTERMS.title, Literal("darmstadt-kg SPARQL endpoint (read-only)", lang="en"))
    )
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
