"""What the benchmark asks: the question library and six scale queries.

Scale queries come in two groups. *Selective* ones (lookup, 2-hop join, property path) touch
one synthetic city and should cost the same at any graph size; *aggregates* (GROUP BY, label
text search, OPTIONAL-heavy) read a share of the whole graph.
"""

from __future__ import annotations

import re

from tests.generate import city_iri

__all__ = [
    "PROLOGUE",
    "SELECTIVE",
    "AGGREGATE",
    "scale_query",
    "library_queries",
    "all_queries",
    "distinct_templates",
    "distinct_samples",
]

PROLOGUE = """PREFIX dkg: <https://w3id.org/darmstadt-kg/ontology#>
PREFIX dkr: <https://w3id.org/darmstadt-kg/id/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_TEMPLATES = {
    "lookup": "SELECT ?p ?o WHERE { <CITY> ?p ?o }",
    "2-hop join": (
        "SELECT ?org ?label ?since WHERE { ?m org:member <CITY> ; org:organization ?org . "
        'OPTIONAL { ?m dkg:startDate ?since } ?org rdfs:label ?label FILTER(LANG(?label) = "en") }'
    ),
    "property path": (
        "SELECT DISTINCT ?org WHERE { <CITY> org:memberOf/org:subOrganizationOf* ?org }"
    ),
    "GROUP BY count": (
        "SELECT ?org (COUNT(?m) AS ?n) WHERE { ?m a dkg:Membership ; org:organization ?org } "
        "GROUP BY ?org ORDER BY DESC(?n) ?org LIMIT 20"
    ),
    "label text search": (
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label "
        'FILTER(CONTAINS(LCASE(STR(?label)), "stadtburg")) } ORDER BY ?label LIMIT 50'
    ),
    "OPTIONAL-heavy": (
        "SELECT ?city ?de ?en ?country ?lat ?long ?since ?staff WHERE { ?city a dkg:City . "
        'OPTIONAL { ?city rdfs:label ?de FILTER(LANG(?de) = "de") } '
        'OPTIONAL { ?city rdfs:label ?en FILTER(LANG(?en) = "en") } '
        "OPTIONAL { ?city schema:containedInPlace ?country } "
        "OPTIONAL { ?g dkg:locates ?city ; geo:lat ?lat ; geo:long ?long } "
        "OPTIONAL { ?t dkg:partner ?city ; dkg:startDate ?since } "
        "OPTIONAL { ?staff dkg:responsibleFor ?city } } ORDER BY DESC(?since) ?city LIMIT 100"
    ),
}
SELECTIVE = ("lookup", "2-hop join", "property path")
AGGREGATE = ("GROUP BY count", "label text search", "OPTIONAL-heavy")


def scale_query(name: str, city: int = 7) -> str:
    """The scale query ``name`` about synthetic city number ``city``."""
    return PROLOGUE + _TEMPLATES[name].replace("CITY", city_iri(city))


def library_queries() -> dict[str, str]:
    """The question library, by name — those that read the default graph only. The peers hold
    the union of the project's graphs in their default graph, with no named graphs (§0 of the
    report), so a question that names a graph (``GRAPH <…>``: ``sentence-of-triple`` tells an
    asserted triple from a derived one) has no equal answer there and is left out."""
    from darmstadt_kg.library import library

    return {q.name: q.text for q in library() if not _names_a_graph(q.text)}


def _names_a_graph(text: str) -> bool:
    body = re.sub(r"(?m)#.*$", "", text)  # comments may say GRAPH
    return re.search(r"\bGRAPH\s*[<?$]", body, re.I) is not None


def all_queries() -> dict[str, str]:
    """The six scale queries, then the library, under the names the report uses."""
    queries = {f"scale: {n}": scale_query(n) for n in (*SELECTIVE, *AGGREGATE)}
    queries.update({f"library: {k}": v for k, v in library_queries().items()})
    return queries


def distinct_templates() -> list[str]:
    """The lookup and the 2-hop join with ``CITYNUM`` where the city's number goes (the wrk
    driver, ``benchmarks.wrk``, draws a random one per request)."""
    city = city_iri(0)
    return [scale_query(q, 0).replace(city, city[:-1] + "CITYNUM") for q in SELECTIVE[:2]]


def distinct_samples(cities: int) -> dict[str, str]:
    """The same two queries about the first, a middle and the last city, by name: the answers
    compared across servers before the distinct workload is timed."""
    return {
        f"{q} city {c}": scale_query(q, c)
        for q in SELECTIVE[:2]
        for c in (0, cities // 2, cities - 1)
    }
