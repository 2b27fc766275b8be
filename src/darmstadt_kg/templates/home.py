"""The front door: what the graph says, for a citizen, before the data section.

:func:`home_body` builds the context of ``home.html`` from the store and the graph (nothing is
typed in): headline numbers (``home-figures.rq``), what Darmstadt takes part in
(``home-involvements.rq``), the partner cities on a map and a timeline
(``home-partners.rq``; Darmstadt's place from ``home-hub.rq``), and the search index — every
``dkr:`` resource with its English and German name, searched in the browser
(``static/site.js``), offline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.namespace import RDF

from darmstadt_kg import paths
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.query import execute
from darmstadt_kg.templates.evidence import Window
from darmstadt_kg.templates.terms import label

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "home_body",
    "search_index",
    "figures",
    "partners",
    "involvements",
    "names_graph",
    "MAP",
]

#: the front door's map: Europe, Darmstadt near the middle
MAP = Window(lat0=49.0, lon0=12.0, half_height=13.0, width=640, height=520)


def _select(store, name: str) -> list[dict[str, str]]:
    text = paths.package_resource("templates", name).read_text(encoding="utf-8")
    result = store.query(text)
    variables = [v.value for v in result.variables]
    return [{v: getattr(row[v], "value", None) for v in variables} for row in result]


def figures(store) -> dict[str, int]:
    """The headline numbers (``home-figures.rq``)."""
    (row,) = _select(store, "home-figures.rq")
    return {name: int(value) for name, value in row.items()}


def _names(graph: rdflib.Graph, iri: str) -> dict[str, str]:
    """The slug of ``iri`` and its name in each language (:func:`label`, the one picker)."""
    return {
        "slug": iri[len(str(DKR)) :],
        "en": label(graph, URIRef(iri), "en"),
        "de": label(graph, URIRef(iri), "de"),
    }


def partners(store, graph: rdflib.Graph) -> list[dict[str, Any]]:
    """Darmstadt's partner cities in the order the twinnings began (``home-partners.rq``),
    named from ``graph``."""
    cities = [
        {
            **_names(graph, row["city"]),
            "since": row["since"],
            "lat": float(row["lat"]) if row["lat"] else None,
            "lon": float(row["long"]) if row["long"] else None,
        }
        for row in _select(store, "home-partners.rq")
    ]
    return sorted(cities, key=lambda city: (city["since"], city["en"]))


def involvements(store, graph: rdflib.Graph) -> list[dict[str, str]]:
    """What Darmstadt takes part in (``home-involvements.rq``), named from ``graph``, by the
    English name."""
    found = [_names(graph, row["with"]) for row in _select(store, "home-involvements.rq")]
    return sorted(found, key=lambda thing: thing["en"])


def search_index(graph: rdflib.Graph) -> list[dict[str, str]]:
    """``{s: slug, en: name, de: name, t: type name (en), tde: type name (de)}`` for every
    ``dkr:`` resource that is the subject of a triple, by slug."""
    out = []
    for resource in sorted({s for s in graph.subjects() if str(s).startswith(str(DKR))}):
        types = sorted(graph.objects(resource, RDF.type), key=str)
        kind = types[0] if types else None
        out.append(
            {
                "s": str(resource)[len(str(DKR)) :],
                "en": label(graph, resource, "en"),
                "de": label(graph, resource, "de"),
                "t": label(graph, kind, "en") if kind else "",
                "tde": label(graph, kind, "de") if kind else "",
            }
        )
    return out


#: the label font size on the map (SVG units, see pages.css) and a width per character
FONT, CHAR = 15, 8.6


def _place_labels(cities: list[dict[str, Any]], lang: str) -> None:
    """Give each city's label a position beside its dot (right, left, above, below: the first
    that overlaps no label placed before and no dot, and stays on the map): ``tx``, ``ty``,
    ``anchor``."""
    dots = [(c["x"] - 7, c["y"] - 7, c["x"] + 7, c["y"] + 7) for c in cities]
    placed: list[tuple[float, float, float, float]] = []
    for city in sorted(cities, key=lambda c: (c["y"], c["x"])):
        width = CHAR * len(city[lang])
        x, y = city["x"], city["y"]
        options = [
            (x + 9, y + 5, "start", (x + 9, y - 10, x + 9 + width, y + 6)),
            (x - 9, y + 5, "end", (x - 9 - width, y - 10, x - 9, y + 6)),
            (x - width / 2, y - 11, "start", (x - width / 2, y - 26, x + width / 2, y - 10)),
            (x - width / 2, y + 22, "start", (x - width / 2, y + 7, x + width / 2, y + 23)),
        ]

        def free(box):
            return (
                box[0] >= 0
                and box[2] <= MAP.width
                and not any(
                    box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                    for b in placed + dots
                )
            )

        tx, ty, anchor, box = next((o for o in options if free(o[3])), options[0])
        placed.append(box)
        city.update(tx=round(tx, 1), ty=round(ty, 1), anchor=anchor)


def _map(cities: list[dict[str, Any]], hub: tuple[float, float], lang: str) -> dict[str, Any]:
    shown, elsewhere = [], []
    for city in cities:
        if city["lat"] is None:
            continue
        if MAP.inside(city["lat"], city["lon"], margin=-10):
            x, y = MAP.xy(city["lat"], city["lon"])
            shown.append({**city, "x": round(x, 1), "y": round(y, 1)})
        else:
            elsewhere.append(city)
    _place_labels(shown, lang)
    hx, hy = MAP.xy(*hub)
    return {
        "width": MAP.width,
        "height": MAP.height,
        "paths": MAP.outlines(),
        "cities": shown,
        "elsewhere": elsewhere,
        "hub": {"x": round(hx, 1), "y": round(hy, 1)},
    }


def _timeline(cities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    years: dict[str, list] = {}
    for city in cities:
        years.setdefault(city["since"], []).append(city)
    return [{"year": year, "cities": items} for year, items in years.items()]


def home_body(graph: rdflib.Graph, store, lang: str = "en") -> dict[str, Any]:
    """The front door's context (without the data section, which the caller adds)."""
    cities = partners(store, graph)
    darmstadt = URIRef(f"{DKR}darmstadt")
    hubs = _select(store, "home-hub.rq")  # Darmstadt's coordinates: the map's hub
    hub = (float(hubs[0]["lat"]), float(hubs[0]["long"])) if hubs else None
    return {
        "lang": lang,
        "figures": figures(store),
        "map": _map(cities, hub, lang) if hub else None,  # None: a store without Darmstadt
        "timeline": _timeline(cities),
        "involvements": involvements(store, graph),
        "search": search_index(graph),
        "darmstadt": label(graph, darmstadt, lang),
    }


def names_graph(store) -> rdflib.Graph:
    """The names and types of every ``dkr:`` resource (``home-labels.rq``): what the search
    index needs, when the whole graph is not at hand (the server)."""

    text = paths.package_resource("templates", "home-labels.rq").read_text(encoding="utf-8")
    return execute(store, text, "home-labels.rq").graph
