"""What a resource page shows beside its statements: the page's sentences that a fact rests on,
the contact details of a person, a small offline map of a place.

Everything here is read from the graph the page is drawn from; nothing is typed in. A quote is
the ``oa:exact`` text of the ``oa:TextQuoteSelector`` of a node's ``oa:hasTarget``, with the
label and ``dkg:retrievedOn`` date of the page section (``oa:hasSource``) it was taken from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import Namespace

from darmstadt_kg import paths
from darmstadt_kg.charts.geo import countries
from darmstadt_kg.namespaces import DKG, GRAPH_DERIVED
from darmstadt_kg.query import execute
from darmstadt_kg.rdfterms import from_oxigraph
from darmstadt_kg.templates.terms import label

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "OA",
    "SCHEMA",
    "GEO",
    "quotes",
    "quoted_from",
    "contacts",
    "place_map",
    "is_genid",
    "derived_triples",
    "evidence_graph",
    "Window",
]

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def is_genid(term: object) -> bool:
    """True for a skolemised blank node (``…/.well-known/genid/…``): it has no page of its own."""
    return isinstance(term, URIRef) and "/.well-known/genid/" in str(term)


def _section(graph: rdflib.Graph, section: object, lang: str) -> dict[str, Any]:
    date = graph.value(section, DKG.retrievedOn)
    return {"iri": section, "label": label(graph, section, lang), "date": str(date or "")}


def quotes(graph: rdflib.Graph, node: object, lang: str) -> list[dict[str, Any]]:
    """The verbatim sentences ``node`` rests on: ``{text, section, date}``, sorted by text.

    A target without a text selector (a whole section cited) gives no quote."""
    found = []
    for target in graph.objects(node, OA.hasTarget):
        section = graph.value(target, OA.hasSource)
        for selector in graph.objects(target, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if isinstance(exact, Literal):
                found.append({"text": str(exact), **_section(graph, section, lang)})
    return sorted(found, key=lambda q: q["text"])


def quoted_from(graph: rdflib.Graph, section: object, lang: str) -> list[dict[str, Any]]:
    """The quotes taken from the page section ``section``: ``{text, fact}``, in text order."""
    found = []
    for target in graph.subjects(OA.hasSource, section):
        for fact in graph.subjects(OA.hasTarget, target):
            for selector in graph.objects(target, OA.hasSelector):
                exact = graph.value(selector, OA.exact)
                if isinstance(exact, Literal):
                    found.append({"text": str(exact), "fact": fact})
    return sorted(found, key=lambda q: (q["text"], str(q["fact"])))


def contacts(graph: rdflib.Graph, node: object) -> list[dict[str, Any]]:
    """Telephone and e-mail of ``node`` (itself or via ``schema:contactPoint``), as written in
    the graph; the telephone links to its ``foaf:phone`` ``tel:`` IRI when the graph has one."""
    found = []
    for point in sorted({node, *graph.objects(node, SCHEMA.contactPoint)}, key=str):
        phones = sorted(str(t) for t in graph.objects(point, SCHEMA.telephone))
        tel = sorted(str(t) for t in graph.objects(point, FOAF.phone) if str(t).startswith("tel:"))
        emails = sorted(str(e) for e in graph.objects(point, SCHEMA.email))
        if phones or emails:
            found.append(
                {
                    "telephone": phones,
                    "tel_href": tel[0] if len(tel) == 1 and len(phones) == 1 else None,
                    "email": emails,
                }
            )
    return found


def _coordinates(graph: rdflib.Graph, node: object) -> tuple[float, float] | None:
    for holder in (node, *graph.subjects(DKG.locates, node)):
        lat, lon = graph.value(holder, GEO.lat), graph.value(holder, GEO.long)
        if lat is not None and lon is not None:
            return float(lat), float(lon)
    return None


@dataclass(frozen=True)
class Window:
    """A map view: ``width`` × ``height`` pixels centred on (``lat0``, ``lon0``), showing
    ``half_height`` degrees of latitude above and below; longitude is scaled by cos(lat0) so that
    shapes near the centre keep their proportions (an equirectangular view)."""

    lat0: float
    lon0: float
    half_height: float
    width: int
    height: int

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        ky = self.height / (2 * self.half_height)
        kx = ky * math.cos(math.radians(self.lat0))
        return (self.width / 2 + (lon - self.lon0) * kx, self.height / 2 - (lat - self.lat0) * ky)

    def inside(self, lat: float, lon: float, margin: float = 0.0) -> bool:
        x, y = self.xy(lat, lon)
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin

    def may_reach(self, bounds: tuple[float, float, float, float], margin: float = 0.0) -> bool:
        """False when nothing within ``bounds`` (west, south, east, north) is :meth:`inside`
        the view: ``xy`` is monotonic in each coordinate, so the corners bound every point."""
        west, south, east, north = bounds
        (x1, y1), (x2, y2) = self.xy(south, west), self.xy(north, east)
        return (
            min(x1, x2) <= self.width + margin
            and max(x1, x2) >= -margin
            and min(y1, y2) <= self.height + margin
            and max(y1, y2) >= -margin
        )

    def outlines(self) -> list[str]:
        """SVG path data of the country outlines (Natural Earth) that reach into the view;
        empty when the atlas is not installed."""

        try:
            found = countries()
        except FileNotFoundError:
            return []
        paths = []
        for country in found:
            if not self.may_reach(country.bounds, margin=200):
                continue  # far from the view: none of its points is inside
            for polygon in country.polygons:
                for ring in polygon:
                    if any(self.inside(lat, lon, margin=200) for lon, lat in ring):
                        points = (self.xy(lat, lon) for lon, lat in ring)
                        paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        return paths


def place_map(graph: rdflib.Graph, node: object) -> dict[str, Any] | None:
    """A small map of the place ``node`` (its ``geo:lat``/``geo:long``, or those of a
    ``dkg:Geolocation`` that ``dkg:locates`` it): country outlines from the installed Natural
    Earth atlas around the point. None without coordinates or atlas.
    """
    where = _coordinates(graph, node)
    if where is None:
        return None
    view = Window(where[0], where[1], 5.0, 320, 200)
    paths = view.outlines()
    if not paths:
        return None
    x, y = view.xy(*where)
    return {
        "width": view.width,
        "height": view.height,
        "paths": paths,
        "x": x,
        "y": y,
        "lat": where[0],
        "lon": where[1],
    }


def derived_triples(store) -> frozenset:
    """The triples of the store's derived named graph (what the rules made), as rdflib terms."""

    return frozenset(
        (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_DERIVED))
    )


def evidence_graph(store, iri: str) -> rdflib.Graph:
    """The triples a page of ``iri`` shows beyond its description (``evidence.rq``): quotes with
    their sections, contact details, coordinates, quotes taken from a section."""

    text = paths.package_resource("templates", "evidence.rq").read_text(encoding="utf-8")
    return execute(store, text.replace("?resource", f"<{iri}>"), "evidence.rq").graph
