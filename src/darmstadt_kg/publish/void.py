"""The VoID and DCAT description of the dataset: counts, vocabularies, dumps, endpoint, licence,
and one ``void:subset`` per named graph (asserted, derived, vocabulary) with its triple count."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, XSD

from darmstadt_kg import __version__
from darmstadt_kg.load import get_store
from darmstadt_kg.namespaces import (
    DCAT,
    DKR,
    GRAPHS,
    ONTOLOGY_IRI,
    PREFIXES,
    PROV,
    SD,
    VOID,
    bind_prefixes,
)
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.common import is_dkr

if TYPE_CHECKING:
    from darmstadt_kg.publish.dumps import Dump

__all__ = [
    "dataset_counts",
    "graph_counts",
    "void_graph",
    "describe_dumps",
    "LICENSE",
    "EXAMPLES",
    "IANA",
]

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
IANA = "https://www.iana.org/assignments/media-types/"
EXAMPLES = [
    "darmstadt",
    "mayors-for-peace",
    "twinning-darmstadt-troyes",
    "twinning-darmstadt-alkmaar",
    "source-page",
]
SPDX = "http://spdx.org/rdf/terms#"


def dataset_counts(graph: rdflib.Graph) -> dict[str, int]:
    """``triples``, ``entities`` (``dkr:`` subjects), ``classes`` and ``properties`` used,
    ``distinctSubjects``, ``distinctObjects``."""

    return {
        "triples": len(graph),
        "entities": len({s for s in graph.subjects() if is_dkr(s)}),
        "classes": len(set(graph.objects(None, RDF.type))),
        "properties": len(set(graph.predicates())),
        "distinctSubjects": len(set(graph.subjects())),
        "distinctObjects": len(set(graph.objects())),
    }


def graph_counts(store) -> dict[str, int]:
    """Triples per named graph of ``store`` (graph IRI → count)."""

    counts = {}
    for iri in GRAPHS.values():
        rows = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        counts[iri] = int(next(iter(rows))["n"].value)
    return counts


_GRAPH_TITLES = {
    "asserted": ("Aussagen der Quellen", "What the sources state"),
    "derived": ("Von den Regeln abgeleitete Abkürzungen", "Shortcuts derived by the rules"),
    "vocabulary": (
        "Vokabular: Ontologie, SKOS-Schemata, SHACL-Formen",
        "Vocabulary: ontology, SKOS schemes, SHACL shapes",
    ),
}


def void_graph(
    graph: rdflib.Graph,
    dumps: list[Dump],
    base_url: str,
    sparql_endpoint: str | None,
    store=None,
) -> rdflib.Graph:
    """The description as a graph. ``base_url`` is where the site is hosted (ends with ``/``);
    ``store`` (default: the project's) gives the named graphs described as subsets."""

    spdx = rdflib.Namespace(SPDX)
    out = rdflib.Graph()
    bind_prefixes(out)
    out.bind("void", VOID)
    out.bind("dcat", DCAT)
    out.bind("spdx", spdx)
    ds = URIRef(DATASET_IRI)
    add = out.add
    for cls in (VOID.Dataset, DCAT.Dataset):
        add((ds, RDF.type, cls))
    titles = {
        "de": "darmstadt-kg – Wissensgraph der internationalen Netzwerke und Kooperationen "
        "Darmstadts",
        "en": "darmstadt-kg – knowledge graph of Darmstadt's international networks and "
        "cooperations",
    }
    descriptions = {
        "de": "Städte, Netzwerke, Gründungen, Erklärungen, Kampagnen, Auszeichnungen und die "
        "Mitarbeitenden der Abteilung Internationales der Wissenschaftsstadt Darmstadt als "
        "RDF; jede Aussage nennt ihre Quelle.",
        "en": "Cities, networks, foundings, declarations, campaigns, awards and the staff of "
        "the City of Darmstadt's international department as RDF; every fact names its source.",
    }
    for lang in ("de", "en"):
        add((ds, DCTERMS.title, Literal(titles[lang], lang=lang)))
        add((ds, DCTERMS.description, Literal(descriptions[lang], lang=lang)))
    add((ds, DCTERMS.license, URIRef(LICENSE)))
    publisher = URIRef(DATASET_IRI + "#publisher")
    add((ds, DCTERMS.publisher, publisher))
    add((publisher, RDF.type, FOAF.Organization))
    add((publisher, FOAF.name, Literal("darmstadt-kg contributors")))
    add((ds, DCTERMS.source, DKR["source-page"]))
    add((ds, DCTERMS.creator, publisher))
    onto = URIRef(ONTOLOGY_IRI)
    for prop in (DCTERMS.created, DCTERMS.modified):
        for value in sorted(graph.objects(onto, prop)):
            add((ds, prop, value))
    add((ds, OWL.versionInfo, Literal(__version__)))
    add((ds, DCAT.version, Literal(__version__)))
    add((ds, DCAT.landingPage, URIRef(base_url + "index.html")))
    add((ds, VOID.uriSpace, Literal(str(DKR))))
    if sparql_endpoint:  # a live endpoint only when the deployment runs one
        add((ds, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Triples")))
    add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/JSON-LD")))
    add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/RDF_XML")))
    add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    add((ds, DCTERMS.identifier, Literal(DATASET_IRI)))
    for key, value in dataset_counts(graph).items():
        add((ds, VOID[key], Literal(value, datatype=XSD.integer)))
    used = {str(t) for t in graph.predicates()} | {str(t) for t in graph.objects(None, RDF.type)}
    for prefix, base in sorted(PREFIXES.items()):
        if prefix not in ("dkr", "dks") and any(t.startswith(base) for t in used):
            add((ds, VOID.vocabulary, URIRef(base)))
    for slug in EXAMPLES:
        if (DKR[slug], None, None) in graph:
            add((ds, VOID.exampleResource, DKR[slug]))
    if store is None:
        store = get_store()

    out.bind("sd", SD)
    for name, count in zip(GRAPHS, graph_counts(store).values(), strict=True):
        sub = URIRef(GRAPHS[name])
        add((ds, VOID.subset, sub))
        add((sub, RDF.type, VOID.Dataset))
        add((sub, RDF.type, SD.Graph))
        add((sub, VOID.triples, Literal(count, datatype=XSD.integer)))
        for lang, title in zip(("de", "en"), _GRAPH_TITLES[name], strict=True):
            add((sub, DCTERMS.title, Literal(title, lang=lang)))
        if name == "derived":
            add((sub, PROV.wasDerivedFrom, URIRef(GRAPHS["asserted"])))
            add((sub, PROV.wasGeneratedBy, URIRef(GRAPHS["derived"] + "#derivation")))
    if sparql_endpoint:
        service = URIRef(sparql_endpoint)
        add((service, RDF.type, DCAT.DataService))
        add((service, DCAT.endpointURL, service))
        add((service, DCAT.servesDataset, ds))
        add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    describe_dumps(out, ds, dumps, base_url)
    return out


def describe_dumps(out: rdflib.Graph, ds, dumps: list[Dump], base_url: str) -> None:
    """One ``dcat:Distribution`` per dump of dataset ``ds`` (size, type, sha256) into ``out``."""

    spdx = rdflib.Namespace(SPDX)
    add = out.add
    for dump in dumps:
        url = URIRef(base_url + dump.path)
        add((ds, DCAT.distribution, url))
        if not dump.compressed:
            add((ds, VOID.dataDump, url))
        add((url, RDF.type, DCAT.Distribution))
        add((url, DCAT.downloadURL, url))
        add((url, DCAT.accessURL, url))
        add((url, DCTERMS.title, Literal(dump.title + (" (gzip)" if dump.compressed else ""))))
        add((url, DCAT.mediaType, URIRef(IANA + dump.media_type)))
        add((url, DCTERMS.format, Literal(dump.media_type)))
        if dump.compressed:
            add((url, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        add((url, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        add((url, VOID.triples, Literal(dump.triples, datatype=XSD.integer)))
        add((url, DCTERMS.license, URIRef(LICENSE)))
        checksum = URIRef(str(url) + "#sha256")
        add((url, spdx.checksum, checksum))
        add((checksum, RDF.type, spdx.Checksum))
        add((checksum, spdx.algorithm, spdx.checksumAlgorithm_sha256))
        add((checksum, spdx.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
