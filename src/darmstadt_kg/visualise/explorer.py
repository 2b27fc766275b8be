"""The explorer: one self-contained HTML file, built with pyvis, that works from ``file://``.

pyvis assembles the nodes, edges and options; the page is rendered from this package's own
template (``templates/explorer.html``), which inlines vis-network's script and style from
pyvis's bundled copy and links nothing: no CDN, no Bootstrap, and a Content-Security-Policy of
``default-src 'none'`` so that the browser could not fetch anything even if asked. All text
reaches the page as JSON (``<``, ``>``, ``&`` escaped) and is put into the page with
``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darmstadt_kg import paths
from darmstadt_kg.network.facts import ROOT
from darmstadt_kg.network.vocab import TYPES
from darmstadt_kg.visualise.layout import geo_layout, radial_layout
from darmstadt_kg.visualise.style import ROOT_STYLE, TYPE_STYLE

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["VIEWS", "view_graph", "explorer_html", "write_explorer", "json_for_script"]

VIEWS = ("whole", "ego", "geo")
_NODE_INFO = (
    "label_en", "label_de", "type", "type_en", "type_de", "class", "class_en", "class_de",
    "level", "level_en", "level_de", "themes", "themes_en", "themes_de", "comment_en",
    "comment_de", "date", "founded", "counts_en", "counts_de", "source_labels_en",
    "source_labels_de", "links", "alt_labels", "iri", "lat", "long",
)  # fmt: skip
_EDGE_INFO = (
    "relation", "relation_en", "relation_de", "kind", "label_en", "label_de", "fact_label_en",
    "fact_label_de", "comment_en",
    "comment_de", "since", "until", "date", "source_labels_en", "source_labels_de",
    "decided_by_en", "decided_by_de",
)  # fmt: skip


def json_for_script(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, esc)
    return text


def view_graph(
    graph: nx.MultiDiGraph, view: str, focus: str | None = None, depth: int = 1
) -> tuple[nx.MultiDiGraph, str, dict[str, tuple[float, float]]]:
    """The part of ``graph`` a view shows, its centre, and fixed positions."""
    import networkx as nx

    from darmstadt_kg.network.links import resolve_node

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    if view == "ego":
        centre = resolve_node(graph, focus or ROOT)
        near = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth)
        sub = graph.subgraph(near.nodes).copy()
        return sub, centre, radial_layout(sub, centre)
    if view == "geo":
        placed = [n for n, d in graph.nodes(data=True) if d.get("lat") is not None]
        sub = graph.subgraph(placed).copy()
        return sub, ROOT, geo_layout(sub, ROOT)
    centre = ROOT if ROOT in graph else min(graph, default=ROOT)
    return graph, centre, radial_layout(graph, centre)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label_target(is_centre: bool, degree: int, kind: str) -> int:
    """On-screen label size (px) at the opening zoom for the centre and the hub bodies, 0 for
    the rest. The page sets their font to this size divided by the zoom once it has fitted the
    network, so they stay readable with 120 nodes in view and do not swamp a view of 19
    (vis-network hides a label under 5 px on screen); people, places and the rest keep 12 px
    and appear as one zooms in."""
    if is_centre:
        return 11
    return 8 if degree >= 4 and kind not in ("person", "place") else 0


def _pyvis_network(
    sub: nx.MultiDiGraph, centre: str, pos: dict[str, tuple[float, float]], lang: str
) -> Any:
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degree = dict(sub.degree())
    for node, data in sorted(sub.nodes(data=True)):
        colour, shape = ROOT_STYLE if node == centre else TYPE_STYLE[data["type"]]
        x, y = pos[node]
        net.add_node(
            node,
            label=_short(data[f"label_{lang}"]),
            shape=shape,
            color=colour,
            x=x,
            y=y,
            size=34 if node == centre else 9 + 2.5 * min(degree[node], 16) ** 0.5,
            font={"size": 12},
            labelTarget=_label_target(node == centre, degree[node], data["type"]),
            info={k: data.get(k) for k in _NODE_INFO},
        )
    seen: dict[tuple[str, str], int] = {}
    for u, v, key, data in sorted(sub.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = (min(u, v), max(u, v))
        n = seen[pair] = seen.get(pair, -1) + 1
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * n} if n else False
        edge = Edge(
            u,
            v,
            directed=True,
            id=key,
            label=data[f"label_{lang}"],
            smooth=smooth,
            arrows="to" if not data.get("symmetric") else "",
            dashes=data.get("kind") != "fact",
            info={k: data.get(k) for k in _EDGE_INFO},
        )
        net.edges.append(edge.options)
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(sub) > 500},
        "nodes": {"borderWidth": 1, "font": {"face": "sans-serif"}},
        "edges": {
            "color": {"color": "#8a8a8a", "highlight": "#B2182B", "hover": "#B2182B"},
            "font": {"size": 9, "align": "middle", "color": "#444"},
            "width": 1,
        },
    }
    return net


def _chains(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, dict[str, list[str]]]:
    from darmstadt_kg.network.links import _undirected, links

    if ROOT not in graph:
        return {}
    simple = _undirected(graph)
    out = {}
    for node in nodes:
        found = links(graph, node, limit=3, _simple=simple) if node != ROOT else []
        out[node] = {lang: [c.sentence(lang) for c in found] for lang in ("en", "de")}
    return out


MAX_NODES = 2000  # beyond this a browser takes seconds to draw; the page says what it left out


def _nearest(graph: nx.MultiDiGraph, centre: str, limit: int) -> nx.MultiDiGraph:
    """The ``limit`` nodes closest to ``centre`` (breadth first), as a subgraph."""
    import networkx as nx

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
    import pyvis

    sub, centre, pos = view_graph(graph, view, focus, depth)
    total = len(sub)
    if total > MAX_NODES:
        sub = _nearest(sub, centre, MAX_NODES)
        pos = {n: pos[n] for n in sub}
    net = _pyvis_network(sub, centre, pos, lang)
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
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
    centre_label = sub.nodes[centre]["label_en"] if centre in sub else centre
    data = {
        "view": view,
        "centre": centre,
        "resourceHref": resource_href,
        "lang": lang,
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
    net.set_template_dir(str(here) + "/", "explorer.html")
    net.templateEnv.globals.update(
        page_title=title or f"darmstadt-kg — {view} view ({centre_label})",
        lang=lang,
        vis_js=vis_js,
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
        app_js=(here / "explorer.js").read_text(encoding="utf-8"),
        app_css=(here / "explorer.css").read_text(encoding="utf-8"),
        data_json=json_for_script(data),
    )
    return net.generate_html()


def write_explorer(graph: nx.MultiDiGraph, out: Path, **options: Any) -> int:
    """Write :func:`explorer_html` to ``out``; returns the size in bytes."""
    from darmstadt_kg.files import atomic_write

    html = explorer_html(graph, **options).encode("utf-8")
    atomic_write(Path(out), html)
    return len(html)
