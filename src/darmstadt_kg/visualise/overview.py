"""The default view: how Darmstadt links to each body, at a glance.

Darmstadt is in the centre; its partner cities are stacked in one column on one side, the
bodies it is involved with in another, grouped under the page's levels (the group with
fewer rows goes to the shorter side). Every drawn label has its box estimated
(:mod:`darmstadt_kg.visualise.labels`) and the rows are spaced so that no two node labels
meet; the relation on Darmstadt's edge to a body is drawn by the page just before that body,
on its row, so the rows are spaced for it too. Everything else (events, places, documents, people,
bodies further away) is folded into the shown node it hangs from and placed beside it, to be
opened on demand in the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from darmstadt_kg.visualise.labels import Box, node_box, text_width, wrap

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Overview", "overview", "BODY_TYPES", "node_size", "label_lines", "beside_height"]

BODY_TYPES = ("network", "organisation", "campaign", "award")
# the order of the levels on the page "Netzwerke und Kooperationen"
LEVEL_ORDER = (
    "level-regional-local-networks",
    "level-national-networks",
    "level-european-networks",
    "level-international-networks",
    "level-international-campaigns",
)
PARTNERS = {"en": "Partner cities", "de": "Partnerstädte"}
OTHER = {"en": "Other links", "de": "Weitere Verbindungen"}
CENTRE_SIZE = 26.0


@dataclass
class Overview:
    """What the default view draws at the opening, and where every node goes."""

    shown: list[str]
    host: dict[str, str]  # folded node → the shown node it folds into
    pos: dict[str, tuple[float, float]]
    headings: list[dict] = field(default_factory=list)  # {"x", "y", "en", "de", "font"}
    edge_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # on Darmstadt's edges
    hidden_edges: set[str] = field(default_factory=set)  # not drawn until the user unfolds
    font: float = 16.0


def node_size(degree: int, centre: bool = False, font: float = 16.0) -> float:
    """A node's radius: the centre is largest, the rest grow with their number of links; in
    proportion to the ``font`` of the labels, so that at any zoom the markers are as large
    beside their text (and the legend's shapes can be told apart wherever text is legible)."""
    base = CENTRE_SIZE if centre else 9 + 1.2 * min(degree, 16) ** 0.5
    return round(base * font / 16.0, 1)


def label_lines(graph: nx.MultiDiGraph, node: str, lang: str, limit: int = 30) -> str:
    """The label as drawn: the node's name in ``lang``, broken into two lines when long."""
    return wrap(graph.nodes[node][f"label_{lang}"], limit)


def _widest(texts: list[str], font: float) -> float:
    return max((text_width(line, font) for t in texts for line in t.split("\n")), default=0.0)


def _box(
    graph: nx.MultiDiGraph, node: str, x: float, y: float, font: float, size: float, limit: int = 30
) -> Box:
    """The node's box in whichever language draws it wider (``limit``: characters a line)."""
    texts = [label_lines(graph, node, lang, limit) for lang in ("en", "de")]
    widest = max(texts, key=lambda t: _widest([t], font))
    lines = max(t.count("\n") + 1 for t in texts)
    label = "\n".join([widest.split("\n")[0]] * lines)
    box = node_box(x, y, label, font, size)
    box.left = box.right = max(box.left, _widest(texts, font) / 2)
    return box


def _select(graph: nx.MultiDiGraph, root: str) -> tuple[list[str], dict[str, list[str]]]:
    """The partner cities and the bodies by group id (a level, or ``other``)."""
    near = set(graph.successors(root)) | set(graph.predecessors(root))
    twinned = sorted(
        {v for _, v, r in graph.out_edges(root, data="relation") if r == "dkg:Twinning"}
        | {u for u, _, r in graph.in_edges(root, data="relation") if r == "dkg:Twinning"}
    )
    groups: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if node == root or node in twinned or data.get("type") not in BODY_TYPES:
            continue
        if data.get("level") or node in near:
            groups.setdefault(data.get("level") or "other", []).append(node)
    return twinned, groups


def _since(graph: nx.MultiDiGraph, root: str, city: str) -> str:
    years = [d.get("since") or "9999" for _, v, d in graph.out_edges(root, data=True) if v == city]
    return min(years, default="9999")


def _between(graph: nx.MultiDiGraph, a: str, b: str) -> list[tuple[str, dict]]:
    """The edges between ``a`` and ``b`` either way (none if they are one node), as
    ``(key, data)`` in key order; those of one key as ``graph.edges()`` gives them (by the node
    they leave, in graph order). Looked up by the pair, not found among every edge."""
    if a == b:
        return []
    ab = list((graph.get_edge_data(a, b) or {}).items())
    ba = list((graph.get_edge_data(b, a) or {}).items())
    if {key for key, _ in ab} & {key for key, _ in ba} and next(
        n for n in graph if n in (a, b)
    ) == b:
        ab, ba = ba, ab
    return sorted(ab + ba, key=lambda edge: edge[0])


def _edge_texts(graph: nx.MultiDiGraph, root: str, node: str) -> tuple[list[str], dict]:
    """Darmstadt's edges with ``node`` (keys) and the one label to draw for them."""
    keys, labels = [], {"en": [], "de": []}
    for key, data in _between(graph, root, node):
        keys.append(key)
        for lang in ("en", "de"):
            text = data.get(f"label_{lang}") or ""
            if text and wrap(text, 26) not in labels[lang]:
                labels[lang].append(wrap(text, 26))
    return keys, {lang: "\n".join(texts) for lang, texts in labels.items()}


def beside_height(lines: int, font: float) -> float:
    """Height of a text of ``lines`` lines that the page draws beside a marker (its name on the
    outer side, its relation on the inner side), centred on the marker's row: see
    ``besides()`` in explorer.js, which uses the same line height."""
    return 1.15 * font * lines


def _beside(graph: nx.MultiDiGraph, anchor: str, node: str, font: float, size: float):
    """The row box of ``node`` drawn beside its marker, its relation texts to ``anchor`` (the
    edge keys and the text by language), and the widths of its name and of its relation."""
    names = [label_lines(graph, node, lang) for lang in ("en", "de")]
    keys, texts = _edge_texts(graph, anchor, node)
    lines = max(t.count("\n") + 1 for t in names)
    if any(texts.values()):
        lines = max(lines, max(t.count("\n") + 1 for t in texts.values()))
    half = max(size, beside_height(lines, font) / 2)
    box = Box(0.0, 0.0, size, size, half, half)
    relation = _widest(list(texts.values()), font) if any(texts.values()) else 0.0
    return box, keys, texts, _widest(names, font), relation


def _column(items: list[tuple], font: float) -> float:
    """Stack ``items`` (kind, id, box) top-down, centred on y = 0; returns the height."""
    y, last = 0.0, None
    for item in items:
        kind, _, box = item
        if last is not None:
            y += last[2].down + box.up + (0.45 if kind == last[0] == "node" else 0.7) * font
        box.y = y
        last = item
    top = items[0][2].y - items[0][2].up if items else 0.0
    bottom = items[-1][2].y + items[-1][2].down if items else 0.0
    for _, _, box in items:
        box.y -= (top + bottom) / 2
    return bottom - top


def _layout(graph, root, twinned, groups, font, lang_names) -> tuple[dict, list, dict, float, dict]:
    """Positions, headings, relation labels, height of the default view, and how far each side
    reaches out (x of its outer edge, by side: -1.0 and 1.0).

    Each column's markers stand in a line; a body's name is written on the outer side of its
    marker, its relation to Darmstadt on the inner side (edges reach the marker horizontally)."""
    degree = dict(graph.degree())
    order = [g for g in LEVEL_ORDER if g in groups]
    order += sorted(g for g in groups if g not in LEVEL_ORDER and g != "other")
    sides: dict[str, list[tuple[str, list[str]]]] = {"left": [], "right": []}
    if twinned:
        sides["left"].append(
            ("partners", sorted(twinned, key=lambda c: (_since(graph, root, c), c)))
        )
    for g in order:
        sides["right"].append((g, sorted(groups[g], key=lambda n: graph.nodes[n]["label_en"])))
    if "other" in groups:
        smaller = min(("left", "right"), key=lambda s: sum(len(m) + 1 for _, m in sides[s]))
        others = sorted(groups["other"], key=lambda n: graph.nodes[n]["label_en"])
        sides[smaller].append(("other", others))
    edge_labels: dict[str, dict[str, str]] = {}
    root_box = _box(graph, root, 0.0, 0.0, font * 1.25 * 1.1, node_size(0, True, font), 20)  # bold
    pos: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    headings, height = [], 0.0
    outer = {-1.0: root_box.left, 1.0: root_box.left}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        items, widest_edge, widest_name, biggest = [], 0.0, 0.0, 0.0
        for group, members in sides[side]:
            names = lang_names(group)
            head_w = _widest(list(names.values()), font * 1.1)
            head = Box(0, 0, 0, 0, font * 1.2, font * 0.6)
            items.append(("heading", (group, names, head_w), head))
            widest_name = max(widest_name, head_w)
            for node in members:
                size = node_size(degree[node], font=font)
                box, keys, texts, name_w, relation_w = _beside(graph, root, node, font, size)
                if relation_w:
                    edge_labels[keys[0]] = texts
                items.append(("node", node, box))
                widest_edge = max(widest_edge, relation_w)
                widest_name = max(widest_name, name_w)
                biggest = max(biggest, size)
        if not items:
            continue
        height = max(height, _column(items, font))
        x = root_box.right + 3 * font + widest_edge + biggest + 6
        outer[sign] = x + biggest + 6 + widest_name
        for kind, ident, box in items:
            if kind == "node":
                pos[ident] = (round(sign * x, 1), round(box.y, 1))
            else:  # above the names, starting (or ending) where they do
                group, names, head_w = ident
                hx = sign * (x - biggest + head_w / 2)
                headings.append(
                    {
                        "x": round(hx, 1),
                        "y": round(box.y, 1),
                        "group": group,
                        "font": round(font * 1.1, 1),
                        **names,
                    }
                )
    return pos, headings, edge_labels, height, outer


def _fold(graph: nx.MultiDiGraph, root: str, shown: set[str]) -> dict[str, str]:
    """Each node not shown → the shown node it is reached from first (Darmstadt last)."""
    undirected = graph.to_undirected(as_view=True)
    host: dict[str, str] = {}
    frontier = sorted(shown - {root})
    for node in frontier:
        host[node] = node
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(undirected[node]):
                if other not in host and other != root and other not in shown:
                    host[other] = host[node]
                    nxt.append(other)
        frontier = nxt
    out = {n: h for n, h in host.items() if n not in shown}
    for node in graph:
        if node not in shown and node not in out:
            out[node] = root
    return out


def _place_folded(graph, root, host, pos, font, outer) -> None:
    """Put folded nodes in a column beyond their host's side (``outer``: its outer edge by
    side), level with the host (Darmstadt's in rows below)."""
    degree = dict(graph.degree())
    by_host: dict[str, list[str]] = {}
    for node, h in sorted(host.items()):
        by_host.setdefault(h, []).append(node)
    xs = [x for x, _ in pos.values()] or [0.0]
    ys = [y for _, y in pos.values()] or [0.0]
    for h, nodes in by_host.items():
        boxes = [_box(graph, n, 0, 0, font, node_size(degree[n], font=font)) for n in nodes]
        if h == root:
            width, x, y, row = max(xs) - min(xs) + 400, None, max(ys) + 6 * font, 0.0
            x = min(xs) - 200
            for n, b in zip(nodes, boxes, strict=True):
                if x + 2 * b.left > min(xs) - 200 + width:
                    x, y = min(xs) - 200, y + row + font
                    row = 0.0
                pos[n] = (round(x + b.left, 1), round(y, 1))
                x += 2 * b.left + font
                row = max(row, b.up + b.down)
            continue
        # unfolded, they stand in a column beyond the names of the host's side, each with its
        # relation to the host before it and its name after it (as the default view's columns)
        hx, hy = pos[h]
        sign = -1.0 if hx < 0 else 1.0
        rows = [_beside(graph, h, n, font, node_size(degree[n], font=font)) for n in nodes]
        biggest = max(node_size(degree[n], font=font) for n in nodes)
        x = outer.get(sign, abs(hx)) + 2 * font + max(r[4] for r in rows) + biggest + 6
        items = [("node", n, r[0]) for n, r in zip(nodes, rows, strict=True)]
        _column(items, font)
        for _, n, b in items:
            pos[n] = (round(sign * x, 1), round(hy + b.y, 1))


def overview(
    graph: nx.MultiDiGraph, root: str, *, viewport=(980.0, 730.0), screen_font: float = 12.5
) -> Overview | None:
    """The default view's layout, with fonts big enough to read at the opening fit in a
    ``viewport`` of that many CSS pixels; ``None`` when ``root`` has no partner city or body."""
    if root not in graph:
        return None
    twinned, groups = _select(graph, root)
    if not twinned and not groups:
        return None
    levels = {
        d.get("level"): (d.get("level_en"), d.get("level_de")) for _, d in graph.nodes(data=True)
    }

    def names(group: str) -> dict[str, str]:
        if group == "partners":
            return dict(PARTNERS)
        if group == "other":
            return dict(OTHER)
        en, de = levels.get(group, (group, group))
        return {"en": en or group, "de": de or group}

    font = laid = 16.0
    for _ in range(6):
        laid = font
        pos, headings, edge_labels, height, outer = _layout(
            graph, root, twinned, groups, font, names
        )
        width = outer[-1.0] + outer[1.0]
        scale = min(viewport[0] / width, viewport[1] / (height + 2 * font))
        if font * scale >= screen_font:
            break
        font = round(font * screen_font / (font * scale) + 0.5, 1)
    font = laid  # the font the positions were laid out for
    shown = set(pos)
    host = _fold(graph, root, shown)
    _place_folded(graph, root, host, pos, font, outer)
    hidden = {
        k for u, v, k in graph.edges(keys=True) if root not in (u, v) and u in shown and v in shown
    }
    return Overview(sorted(shown), host, pos, headings, edge_labels, hidden, font)
