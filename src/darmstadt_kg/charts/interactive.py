"""The timeline and the map as interactive charts drawn in the reader's browser (no matplotlib).

Python computes what the charts show, from the same questions as the drawn charts
(:mod:`darmstadt_kg.charts.data`): every dated fact with its kind, precision and span; the
partner cities and Darmstadt; the country outlines already projected (Lambert equal-area, centred
on the cities, as :mod:`darmstadt_kg.charts.map` draws them). ``charts.js`` draws them as SVG at
the width of the page with 12-px text, and lets the reader zoom (wheel, drag, buttons), filter the
timeline by kind, hover or focus a mark for its fact, and click it to open the resource's page.

Files (beside the page that shows the charts; plain scripts, so that a ``file://`` page works)::

    chart-data.js   window.DarmstadtChartData = {timeline: …, map: …}
    charts.js       draws every <div class="dkg-chart" data-chart="timeline|map">
    charts.css
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDFS

from darmstadt_kg.charts import data
from darmstadt_kg.charts.geo import countries, laea
from darmstadt_kg.charts.map import centre, split_far
from darmstadt_kg.charts.style import KIND_COLOURS, OTHER
from darmstadt_kg.files import atomic_write
from darmstadt_kg.paths import package_resource
from darmstadt_kg.templates import render
from darmstadt_kg.templates.terms import label

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = [
    "german_names",
    "INTERACTIVE",
    "ASSETS",
    "chart_data",
    "timeline_data",
    "map_data",
    "write_interactive",
    "figure_html",
    "scripts_html",
]

#: chart name → (the library question it answers, its title), as in ``output.CHARTS``
INTERACTIVE: dict[str, tuple[str, str]] = {
    "timeline": ("timeline", "Every dated fact at its precision, by kind"),
    "partner-cities-map": ("partner-cities", "The partner cities on a map"),
}
#: the files ``charts.js`` needs besides the data (in ``charts/static``)
ASSETS = ("charts.js", "charts.css")
_SCALE = 1000.0  # projected coordinates (earth radii) × this, in the data's unit


def _year(day) -> float:
    """A date as a fractional year (the timeline's axis)."""
    start = day.replace(month=1, day=1)
    length = (start.replace(year=start.year + 1) - start).days
    return round(day.year + (day - start).days / length, 4)


def german_names(graph: rdflib.Graph) -> tuple[Callable[[str], str], dict[str, str]]:
    """The German name of a term by its IRI, and by its English name (for what the chart
    questions give by English name only: the kinds of fact, the countries), both from the one
    label picker, for the charts of the German pages."""

    by_english: dict[str, str] = {}
    for term, text in sorted(graph.subject_objects(RDFS.label)):
        if getattr(text, "language", None) == "en":
            by_english.setdefault(str(text), label(graph, term, "de"))
    return (lambda iri: label(graph, URIRef(iri), "de")), by_english


def timeline_data(
    store: pyoxigraph.Store | None,
    href: Callable[[str], str | None],
    graph: rdflib.Graph | None = None,
) -> dict:
    """Every dated fact: label, kind, date (lexical), precision, span in years, link; with the
    ``graph``, each fact's label and kind in German too (``label_de``, ``kind_de``)."""
    german = german_names(graph) if graph is not None else None
    facts = [
        {
            "label": f.label,
            **({"label_de": german[0](f.fact)} if german else {}),
            "kind": f.kind,
            **({"kind_de": german[1].get(f.kind, f.kind)} if german else {}),
            "what": f.what,
            "date": f.lexical,
            "precision": f.precision,
            "start": _year(f.start),
            "end": _year(f.end),
            "href": href(f.fact),
        }
        for f in data.dated_facts(store)
    ]
    kinds = sorted({f["kind"] for f in facts})
    return {"facts": facts, "colours": {k: KIND_COLOURS.get(k, OTHER) for k in kinds}}


def _point(lon: float, lat: float, lon0: float, lat0: float) -> tuple[float, float] | None:
    xy = laea(lon, lat, lon0, lat0)
    if xy is None:
        return None
    return round(xy[0] * _SCALE, 1), round(-xy[1] * _SCALE, 1)


def _path(rings, lon0: float, lat0: float) -> str:
    """An SVG path of the rings that lie wholly on the drawable side of the projection."""
    parts = []
    for ring in rings:
        points = [_point(lon, lat, lon0, lat0) for lon, lat in ring]
        if len(points) < 3 or any(p is None for p in points):
            continue
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def map_data(
    store: pyoxigraph.Store | None,
    href: Callable[[str], str | None],
    graph: rdflib.Graph | None = None,
) -> dict:
    """The partner cities and Darmstadt, projected; the country outlines as SVG paths; the
    box that holds the cities near Darmstadt (the opening view) and the box of all of them;
    with the ``graph``, each city's and country's name in German too."""
    german = german_names(graph) if graph is not None else None
    cities = data.partner_cities(store)
    home = data.home(store)
    near, _far = split_far(cities, home)
    lon0, lat0 = centre(near + ([home] if home else []))

    def place(city, is_home: bool) -> dict:
        x, y = _point(city.long, city.lat, lon0, lat0)
        return {
            "label": city.label,
            **({"label_de": german[0](city.iri)} if german else {}),
            "country": city.country,
            **({"country_de": german[1].get(city.country, city.country)} if german else {}),
            "since": city.since,
            "x": x,
            "y": y,
            "home": is_home,
            "href": href(city.iri),
        }

    places = [place(c, False) for c in cities] + ([place(home, True)] if home else [])
    outlines = []
    try:
        atlas = countries()
    except FileNotFoundError:  # a wheel without the front-end files: the cities, no outlines
        atlas = ()
    for country in atlas:
        d = "".join(_path(polygon, lon0, lat0) for polygon in country.polygons)
        if d:
            outlines.append({"name": country.name, "d": d})
    near_names = {c.label for c in near} | ({home.label} if home else set())
    return {
        "places": places,
        "countries": outlines,
        "near": _box([p for p in places if p["label"] in near_names]),
        "all": _box(places),
    }


def _box(places: list[dict]) -> list[float]:
    xs, ys = [p["x"] for p in places], [p["y"] for p in places]
    return [min(xs), min(ys), max(xs), max(ys)]


def chart_data(
    store: pyoxigraph.Store | None,
    href: Callable[[str], str | None],
    graph: rdflib.Graph | None = None,
) -> dict:
    """What ``charts.js`` draws: ``{"timeline": …, "map": …}`` (names in German too, with the
    ``graph``)."""
    return {"timeline": timeline_data(store, href, graph), "map": map_data(store, href, graph)}


def write_interactive(
    folder: Path,
    href: Callable[[str], str | None],
    store: pyoxigraph.Store | None = None,
    graph: rdflib.Graph | None = None,
) -> list[Path]:
    """``folder/chart-data.js``, ``charts.js`` and ``charts.css``; returns the files written.
    ``href(iri)`` is a resource's page relative to the site's root (``None``: no page); each
    chart prefixes it with the path from its page to the root (:func:`figure_html`). With the
    ``graph``, the data holds every name in German too: a German page's charts show those
    (``charts.js`` reads the page's language)."""

    folder.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(chart_data(store, href, graph), ensure_ascii=False, separators=(",", ":"))
    written = {"chart-data.js": f"window.DarmstadtChartData = {blob};\n".encode()}
    for name in ASSETS:
        written[name] = package_resource("charts", "static", name).read_bytes()
    for name, payload in written.items():
        atomic_write(folder / name, payload)
    return [folder / name for name in written]


def figure_html(name: str, root: str = "", lang: str = "en") -> str:
    """The place a chart is drawn in, with a caption in ``lang`` that says how to use it (the
    template ``chart-figure.html`` holds the words); the page draws it once
    :func:`scripts_html` is included. ``root``: the path from the page to the site's root
    (``"../"`` for ``queries/index.html``), for the links to resource pages."""

    _question, title = INTERACTIVE[name]
    kind = "timeline" if name == "timeline" else "map"
    return render("chart-figure.html", name=name, kind=kind, root=root, title=title, lang=lang)


def scripts_html(prefix: str = "") -> str:
    """The stylesheet and scripts that draw every chart placed with :func:`figure_html`."""

    return render("chart-scripts.html", prefix=prefix)
