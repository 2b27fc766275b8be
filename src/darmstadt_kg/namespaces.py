"""Namespaces, declared once. Use these constants; never spell an IRI base elsewhere.

schema.org is used in its ``http://schema.org/`` form on purpose (Wikidata's RDF and most
linked-data tools use it); rdflib's ``SDO`` constant is ``https:`` and is not used. W3C geo is
written out because rdflib 7.6's ``WGS`` constant has the wrong scheme.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "BASE",
    "DKG",
    "DKR",
    "DKS",
    "ORG",
    "SCHEMA",
    "GEO",
    "TIME",
    "VANN",
    "WD",
    "WDT",
    "VOID",
    "DCAT",
    "SD",
    "PREFIXES",
    "ONTOLOGY_IRI",
    "GRAPH_ASSERTED",
    "GRAPH_DERIVED",
    "GRAPH_VOCABULARY",
    "GRAPHS",
    "OA",
    "bind_prefixes",
    "sparql_prologue",
    "curie",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SKOS",
    "PROV",
    "DCTERMS",
    "FOAF",
    "SH",
]

BASE = "https://w3id.org/darmstadt-kg/"
ONTOLOGY_IRI = BASE + "ontology"

#: The three named graphs of the store, the dumps and the endpoint. Queries see their union by
#: default; ``GRAPH <…>`` or ``FROM <…>`` selects one.
GRAPH_ASSERTED = BASE + "graph/asserted"  # what the sources say: graph/*.ttl
GRAPH_DERIVED = BASE + "graph/derived"  # shortcuts the rules in ontology/rules/ derive
GRAPH_VOCABULARY = BASE + "graph/vocabulary"  # ontology, SKOS schemes, SHACL shapes
GRAPHS: dict[str, str] = {
    "asserted": GRAPH_ASSERTED,
    "derived": GRAPH_DERIVED,
    "vocabulary": GRAPH_VOCABULARY,
}

DKG = Namespace(ONTOLOGY_IRI + "#")
DKR = Namespace(BASE + "id/")
DKS = Namespace(BASE + "shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
TIME = Namespace("http://www.w3.org/2006/time#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "dkg": str(DKG),
    "dkr": str(DKR),
    "dks": str(DKS),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "geo": str(GEO),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "time": str(TIME),
    "vann": str(VANN),
    "wd": str(WD),
    "wdt": str(WDT),
    "oa": str(OA),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (replacing rdflib's defaults such as ``schema:`` → https)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """``PREFIX`` lines for every project prefix, for queries written without them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def curie(iri: object) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI itself.

    The longest matching namespace wins; a namespace IRI alone stays as it is.
    """
    text = str(iri)
    best = ""
    for prefix, base in PREFIXES.items():
        longer = len(base) > len(PREFIXES.get(best, ""))
        if text.startswith(base) and len(text) > len(base) and longer:
            best = prefix
    return f"{best}:{text[len(PREFIXES[best]) :]}" if best else text
