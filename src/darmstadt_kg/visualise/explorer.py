"""The explorer: one self-contained HTML file, built with pyvis, that works from ``file://``.

pyvis assembles the nodes, edges and options; the page is rendered from this package's own
template (``templates/explorer.html``), which inlines vis-network's script and style from
pyvis's bundled copy and links nothing: no CDN, no Bootstrap, and a Content-Security-Policy of
``default-src 'none'`` so that the browser could not fetch anything even if asked. All text
reaches the page as JSON (``<``, ``>``, ``&`` escaped) and is put into the page with
``textContent``, never as HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from darmstadt_kg import paths
from darmstadt_kg.files import atomic_write
from darmstadt_kg.network.facts import ROOT
from darmstadt_kg.network.links import links, resolve_node, shortest_routes
from darmstadt_kg.network.vocab import TYPES
from darmstadt_kg.scriptjson import json_for_script as script_json
from darmstadt_kg.templates import render
from darmstadt_kg.visualise.geomap import outlines
from darmstadt_kg.visualise.labels import separate
from darmstadt_kg.visualise.layout import geo_layout, radial_layout
from darmstadt_kg.visualise.overview import _box, label_lines, node_size, overview
from darmstadt_kg.visualise.style import ROOT_STYLE, TYPE_STYLE

__all__ = ["VIEWS", "view_graph", "explorer_html", "write_explorer", "json_for_script"]

VIEWS = ("whole", "ego", "geo")
_NODE_INFO = (
    "label_en",
    "label_de",
    "type",
    "type_en",
    "type_de",
    "class",
    "class_en",
    "class_de",
    "level",
    "level_en",
    "level_de",
    "themes",
    "themes_en",
    "themes_de",
    "comment_en",
    "comment_de",
    "date",
    "founded",
    "counts_en",
    "counts_de",
    "source_labels_en",
    "source_labels_de",
    "links",
    "alt_labels",
    "iri",
    "lat",
    "long",
)
_EDGE_INFO = (
    "relation",
    "relation_en",
    "relation_de",
    "kind",
    "label_en",
    "label_de",
    "fact_label_en",
    "fact_label_de",
    "comment_en",
    "comment_de",
    "since",
    "until",
    "date",
    "source_labels_en",
    "source_labels_de",
    "decided_by_en",
    "decided_by_de",
)


def json_for_script(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    return script_json(value)


def _partners(graph: nx.MultiDiGraph) -> set[str]:
    return {v for _, v, r in graph.out_edges(ROOT, data="relation") if r == "dkg:Twinning"} | {
        u for u, _, r in graph.in_edges(ROOT, data="relation") if r == "dkg:Twinning"
    }


def view_graph(
    graph: nx.MultiDiGraph, view: str, focus: str | None = None, depth: int = 1
) -> tuple[nx.MultiDiGraph, str, dict[str, tuple[float, float]]]:
    """The part of ``graph`` a view holds, its centre, and fixed positions (the everything
    layout for ``whole``; the page opens that view folded, see :func:`overview`)."""

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    if view == "ego":
        centre = resolve_node(graph, focus or ROOT)
        near = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth)
        sub = graph.subgraph(near.nodes).copy()
        return sub, centre, radial_layout(sub, centre)
    if view == "geo":
        placed = [n for n, d in graph.nodes(data=True) if d.get("lat") is not None]
        if ROOT in graph and _partners(graph):
            placed = [n for n in placed if n == ROOT or n in _partners(graph)]
        sub = graph.subgraph(placed).copy()
        return sub, ROOT, geo_layout(sub, ROOT)
    centre = ROOT if ROOT in graph else min(graph, default=ROOT)
    return graph, centre, radial_layout(graph, centre)


def _facts_of_city(graph: nx.MultiDiGraph, node: str) -> dict[str, Any] | None:
    """A partner city's country, twinning year and the staff who look after it."""
    if graph.nodes[node].get("type") != "city" or node == ROOT:
        return None
    country = [
        graph.nodes[v]
        for _, v, r in graph.out_edges(node, data="relation")
        if r == "schema:containedInPlace" and graph.nodes[v].get("class") == "dkg:Country"
    ]
    since = [
        d.get("since")
        for u, v, d in graph.in_edges(node, data=True)
        if d.get("relation") == "dkg:Twinning" and d.get("since")
    ]
    staff = [
        {"id": u, "en": graph.nodes[u]["label_en"], "de": graph.nodes[u]["label_de"]}
        for u, _, r in graph.in_edges(node, data="relation")
        if r == "dkg:responsibleFor"
    ]
    return {
        "country_en": ", ".join(c["label_en"] for c in country),
        "country_de": ", ".join(c["label_de"] for c in country),
        "since": min(since, default=""),
        "staff": sorted(staff, key=lambda p: p["id"]),
    }


def _legible(
    sub, pos, centre, lang_fixed: set[str], viewport=(1150.0, 760.0), screen_font: float = 12.5
) -> tuple[dict[str, tuple[float, float]], float]:
    """``pos`` moved so that no two node boxes (shape and label below, both languages)
    meet, with the font size that keeps labels ``screen_font`` px high at the opening fit."""

    degree = dict(sub.degree())
    order = sorted(sub)
    font = 14.0
    moved = dict(pos)
    for _ in range(4):
        boxes = [
            _box(
                sub,
                n,
                *pos[n],
                font * (1.375 if n == centre else 1),  # centre: bold
                node_size(degree[n], n == centre),
                20 if n == centre else 30,
            )
            for n in order
        ]
        separate(boxes, fixed={i for i, n in enumerate(order) if n in lang_fixed}, gap=font * 0.4)
        x0 = min(b.x - b.left for b in boxes)
        x1 = max(b.x + b.right for b in boxes)
        y0 = min(b.y - b.up for b in boxes)
        y1 = max(b.y + b.down for b in boxes)
        moved = {n: (round(b.x, 1), round(b.y, 1)) for n, b in zip(order, boxes, strict=True)}
        scale = min(viewport[0] / max(1.0, x1 - x0), viewport[1] / max(1.0, y1 - y0))
        if font * scale >= screen_font or len(sub) > 300:
            break
        font = round(font * screen_font / (font * scale) + 0.5, 1)
    return moved, font


# Darmstadt's edges in the default view leave it and reach each body horizontally, so the
# relation written just before the body sits on the body's row.
_FAN = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.6}
TWINNING_THEME = "theme-town-twinning"


def _filter_themes(sub: nx.MultiDiGraph, node: str, partners: set[str]) -> list[str]:
    """The themes the page's theme filter files ``node`` under: its own, and for a partner city
    (which has none) the theme of town twinning, since its link to Darmstadt is one."""
    own = list(sub.nodes[node].get("themes", []))
    return own or ([TWINNING_THEME] if node in partners else [])


def _pyvis_network(sub, centre, pos, lang, font, plan, everything) -> Any:
    """pyvis nodes and edges: fixed positions, wrapped labels, the fold of the default view.

    ``plan`` is the default view's :class:`Overview` (or ``None``): folded nodes start
    hidden with ``fold`` naming their host, each node keeps its everything-view position in
    ``allX``/``allY``; edges carry their label for the default view in ``ovLabel``."""

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degree = dict(sub.degree())
    known = {t for _, d in sub.nodes(data=True) for t in d.get("themes", [])}
    partners = _partners(sub) if centre == ROOT and TWINNING_THEME in known else set()
    for node, data in sorted(sub.nodes(data=True)):
        colour, shape = ROOT_STYLE if node == centre else TYPE_STYLE[data["type"]]
        x, y = pos[node]
        extra: dict[str, Any] = {}
        if plan is not None:
            extra = {
                "fold": plan.host.get(node),
                "allX": everything[node][0],
                "allY": everything[node][1],
                "hidden": node in plan.host,
            }
        net.add_node(
            node,
            label=label_lines(sub, node, lang, 20 if node == centre else 30),
            shape=shape,
            color={
                "background": colour,
                "border": "#1a1a1a",
                "highlight": {"background": colour, "border": "#000"},
            },
            x=x,
            y=y,
            size=node_size(degree[node], node == centre, font if plan is not None else 16.0),
            font={
                "size": round(font * (1.25 if node == centre else 1), 1),
                "bold": node == centre,
            },
            info={k: data.get(k) for k in _NODE_INFO} | {"partner": _facts_of_city(sub, node)},
            filterThemes=_filter_themes(sub, node, partners),
            **extra,
        )
    seen: dict[tuple[str, str], int] = {}
    for u, v, key, data in sorted(sub.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = (min(u, v), max(u, v))
        n = seen[pair] = seen.get(pair, -1) + 1
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * n} if n else False
        options: dict[str, Any] = {}
        label = data[f"label_{lang}"]
        if plan is not None:
            options["ovLabel"] = plan.edge_labels.get(key)
            options["ovHidden"] = key in plan.hidden_edges
            if centre in (u, v) and key not in plan.edge_labels:
                options["ovLabel"] = {"en": "", "de": ""}  # said on the first edge of the pair
            label = ""  # the page writes relations beside the bodies (besides() in explorer.js)
            options["hidden"] = options["ovHidden"]
            folded_in = plan.host.get(u) == v or plan.host.get(v) == u
            smooth = _FAN if centre in (u, v) or folded_in else False
        elif sub.graph.get("view") in ("ego", "geo"):
            label = ""
            options["hidden"] = sub.graph["view"] == "geo"  # every city is a partner: no line
        edge = Edge(
            u,
            v,
            directed=True,
            id=key,
            label=label,
            smooth=smooth,
            arrows="to" if not data.get("symmetric") else "",
            dashes=data.get("kind") != "fact",
            info={k: data.get(k) for k in _EDGE_INFO},
            **options,
        )
        net.edges.append(edge.options)
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": len(sub) > 500,
            "keyboard": {"enabled": False},
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "face": "sans-serif",
                "color": "#1a1a1a",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "color": {"color": "#6b6b6b", "highlight": "#B2182B", "hover": "#B2182B"},
            "font": {
                "size": round(font, 1),
                "align": "horizontal",
                "color": "#333",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "width": 1.2,
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
    }
    return net


def _chains(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, dict[str, list[str]]]:
    if ROOT not in graph:
        return {}
    routes = shortest_routes(graph)
    out = {}
    for node in nodes:
        found = links(graph, node, limit=12, routes=routes) if node != ROOT else []
        out[node] = {lang: [c.sentence(lang) for c in found] for lang in ("en", "de")}
    return out


def _title(view: str, lang: str, centre: str) -> str:
    words = {
        "en": {
            "whole": "How Darmstadt links to each body",
            "ego": f"Around {centre}",
            "geo": "Darmstadt's partner cities on the map",
        },
        "de": {
            "whole": "Wie Darmstadt mit jeder Einrichtung verbunden ist",
            "ego": f"Umfeld von {centre}",
            "geo": "Darmstadts Partnerstädte auf der Karte",
        },
    }
    return f"{words[lang][view]} — darmstadt-kg"


def _map(sub: nx.MultiDiGraph, centre: str) -> dict[str, Any] | None:
    """Country outlines around the centre, projected as the geo layout is (see layout.py)."""

    if centre not in sub or sub.nodes[centre].get("lat") is None:
        return None
    return outlines(sub.nodes[centre]["lat"], sub.nodes[centre]["long"])


LANGS = ("en", "de")


def _links(resource_href: str | None) -> tuple[dict, dict]:
    """Where the page's links go in each language: ``({lang: resource href pattern}, {lang:
    {view: href}})`` — the other views, the editor and the site, where the page knows them
    (the server's ``/id/{slug}``, the static site's ``../doc/{slug}.html``). A reader who
    switches the page's language follows links to pages in that language."""
    if resource_href == "/id/{slug}":
        hrefs = {"en": resource_href, "de": "/doc/{slug}.html?lang=de"}
        navs = {
            lang: {
                "whole": f"/explore?view=whole&lang={lang}",
                "ego": f"/explore?view=ego&focus=darmstadt&lang={lang}",
                "geo": f"/explore?view=geo&lang={lang}",
                "editor": "/sparql",
                "site": "/?lang=de" if lang == "de" else "/",
            }
            for lang in LANGS
        }
        return hrefs, navs
    if resource_href is not None and resource_href.startswith("../doc/{slug}"):
        suffix = {"en": "", "de": ".de"}
        hrefs = {lang: f"../doc/{{slug}}{suffix[lang]}.html" for lang in LANGS}
        navs = {
            lang: {
                "whole": f"index{suffix[lang]}.html",
                "geo": f"geo{suffix[lang]}.html",
                "site": f"../index{suffix[lang]}.html",
            }
            for lang in LANGS
        }
        return hrefs, navs
    hrefs = {lang: resource_href for lang in LANGS} if resource_href else {}
    return hrefs, {lang: {} for lang in LANGS}


MAX_NODES = 2000  # beyond this a browser takes seconds to draw; the page says what it left out


def _nearest(graph: nx.MultiDiGraph, centre: str, limit: int) -> nx.MultiDiGraph:
    """The ``limit`` nodes closest to ``centre`` (breadth first), as a subgraph."""

    undirected = graph.to_undirected(as_view=True)
    keep: list[str] = []
    if centre in graph:
        for node in nx.bfs_tree(undirected, centre):
            keep.append(node)
            if len(keep) == limit:
                break
    for node in graph:
        if len(keep) >= limit:
            break
        if node not in keep:
            keep.append(node)
    return graph.subgraph(keep).copy()


def explorer_html(
    graph: nx.MultiDiGraph,
    *,
    view: str = "whole",
    focus: str | None = None,
    depth: int = 1,
    lang: str = "de",
    title: str | None = None,
    resource_href: str | None = None,
) -> str:
    """The explorer page for ``view`` of ``graph`` as one HTML string (no remote reference).

    ``resource_href`` is where a node's own page is, with ``{slug}`` for its id (``/id/{slug}``
    on the server, ``../doc/{slug}.html`` in the static site); without it the details panel
    links to the node's IRI. ``#focus=<id>`` in the page's URL selects and shows that node.
    """

    sub, centre, pos = view_graph(graph, view, focus, depth)
    sub.graph["view"] = view
    total = len(sub)
    if total > MAX_NODES:
        sub = _nearest(sub, centre, MAX_NODES)
        pos = {n: pos[n] for n in sub}
    plan, font, true_pos = None, 14.0, None
    if view == "whole":
        plan = overview(sub, centre) if len(sub) <= MAX_NODES else None
        if plan is not None:
            font = plan.font
            pos, everything = plan.pos, pos
    elif len(sub) <= 300:
        true_pos = pos if view == "geo" else None
        pos, font = _legible(sub, pos, centre, {centre})
    net = _pyvis_network(sub, centre, pos, lang, font, plan, everything if plan else None)
    hrefs, navs = _links(resource_href)
    lib = paths.vis_network_dir()
    vis_js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    if "</script" in vis_js.lower():
        raise RuntimeError("vis-network.min.js holds '</script'; it cannot be inlined as is")
    here = paths.package_resource("visualise", "templates")
    levels: dict[str, dict[str, str]] = {}
    themes: dict[str, dict[str, str]] = {}
    for _, d in sub.nodes(data=True):
        if d.get("level"):
            levels[d["level"]] = {"en": d["level_en"], "de": d["level_de"]}
        for t, en, de in zip(d.get("themes", []), d["themes_en"], d["themes_de"], strict=True):
            themes[t] = {"en": en, "de": de}
    present = {d["type"] for _, d in sub.nodes(data=True)}
    centre_label = sub.nodes[centre][f"label_{lang}"] if centre in sub else centre
    data = {
        "view": view,
        "centre": centre,
        "focus": focus or "",
        "depth": depth,
        "resourceHref": resource_href,
        "lang": lang,
        "font": font,
        "overview": {"headings": plan.headings, "allFont": 14} if plan else None,
        "truePos": {n: {"x": x, "y": y} for n, (x, y) in true_pos.items()} if true_pos else None,
        "map": _map(sub, centre) if view == "geo" else None,
        "resourceHrefs": hrefs,  # the pattern in each language, when the reader switches
        "navs": navs,
        "types": [
            {"id": t, "en": en, "de": de, "color": TYPE_STYLE[t][0], "shape": TYPE_STYLE[t][1]}
            for t, (en, de) in TYPES.items()
            if t in present
        ],
        "levels": [{"id": k, **v} for k, v in sorted(levels.items())],
        "themes": [{"id": k, **v} for k, v in sorted(themes.items())],
        "chains": _chains(graph, sorted(sub)) if len(graph) <= 2000 else {},
        "capped": {"shown": len(sub), "total": total} if total > len(sub) else None,
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
    }
    return render(  # the project's one Jinja2 environment, autoescaping on
        "explorer.html",
        page_title=title or _title(view, lang, centre_label),
        lang=lang,
        vis_js=Markup(vis_js),  # the installed scripts and styles, inlined as they are
        vis_css=Markup((lib / "vis-network.css").read_text(encoding="utf-8")),
        app_js=Markup((here / "explorer.js").read_text(encoding="utf-8")),
        app_css=Markup((here / "explorer.css").read_text(encoding="utf-8")),
        data_json=Markup(json_for_script(data)),  # compact: the page is large
    )


def write_explorer(graph: nx.MultiDiGraph, out: Path, **options: Any) -> int:
    """Write :func:`explorer_html` to ``out``; returns the size in bytes."""

    html = explorer_html(graph, **options).encode("utf-8")
    atomic_write(Path(out), html)
    return len(html)
