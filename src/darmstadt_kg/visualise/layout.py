"""Fixed positions computed in Python, so the explorer opens still: no physics in the browser.

``radial_layout`` puts the root in the centre and every other node on the ring of its
distance from it, each subtree in its own sector (a radial tree drawn from a breadth-first
search). ``geo_layout`` places geolocated nodes around the root by true bearing, at a distance
drawn to the square-root scale so that Europe and the far partner cities both stay readable.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["radial_layout", "geo_layout", "RING", "FIRST_RING", "GEO_SCALE"]

FIRST_RING = 420.0
RING = 300.0
GEO_SCALE = 9.0  # canvas units per square root of a kilometre


def _tree(graph: nx.MultiDiGraph, root: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Children and depth of each node reached from ``root`` (breadth first, sorted by type)."""
    neighbours: dict[str, set[str]] = {n: set() for n in graph}
    for u, v in graph.edges():
        neighbours[u].add(v)
        neighbours[v].add(u)
    order = {n: (graph.nodes[n].get("type", ""), n) for n in graph}
    depth, children, frontier = {root: 0}, {root: []}, [root]
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(neighbours[node] - depth.keys(), key=order.__getitem__):
                depth[other] = depth[node] + 1
                children[node].append(other)
                children[other] = []
                nxt.append(other)
        frontier = nxt
    return children, depth


def radial_layout(graph: nx.MultiDiGraph, root: str) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for every node: ``root`` at the origin, rings by distance."""
    children, depth = _tree(graph, root)
    leaves: dict[str, int] = {}

    def count(node: str) -> int:
        stack, seen = [node], []
        while stack:
            n = stack.pop()
            seen.append(n)
            stack.extend(children[n])
        for n in reversed(seen):
            leaves[n] = max(1, sum(leaves[c] for c in children[n]))
        return leaves[node]

    count(root)
    pos: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    stack = [(root, 0.0, 2 * math.pi)]
    while stack:
        node, start, span = stack.pop()
        total = sum(leaves[c] for c in children[node]) or 1
        angle = start
        for i, child in enumerate(children[node]):
            share = span * leaves[child] / total
            mid = angle + share / 2
            d = depth[child]
            radius = FIRST_RING + RING * (d - 1) + (60.0 if i % 2 else 0.0)
            pos[child] = (round(radius * math.cos(mid), 1), round(radius * math.sin(mid), 1))
            stack.append((child, angle, share))
            angle += share
    rest = sorted(n for n in graph if n not in pos)
    outer = FIRST_RING + RING * (max(depth.values(), default=0) + 1)
    for i, node in enumerate(rest):
        a = 2 * math.pi * i / max(1, len(rest))
        pos[node] = (round(outer * math.cos(a), 1), round(outer * math.sin(a), 1))
    return pos


def _bearing_distance(lat0: float, lon0: float, lat: float, lon: float) -> tuple[float, float]:
    """Initial bearing (radians, clockwise from north) and great-circle distance (km)."""
    p0, p1, dl = math.radians(lat0), math.radians(lat), math.radians(lon - lon0)
    y = math.sin(dl) * math.cos(p1)
    x = math.cos(p0) * math.sin(p1) - math.sin(p0) * math.cos(p1) * math.cos(dl)
    a = math.sin((p1 - p0) / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return math.atan2(y, x), 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def geo_layout(
    graph: nx.MultiDiGraph, root: str, scale: float = GEO_SCALE
) -> dict[str, tuple[float, float]]:
    """Positions for the nodes with ``lat``/``long``, around ``root`` (which must have them)."""
    lat0, lon0 = graph.nodes[root]["lat"], graph.nodes[root]["long"]
    pos = {}
    for node, data in graph.nodes(data=True):
        if data.get("lat") is None or data.get("long") is None:
            continue
        bearing, km = _bearing_distance(lat0, lon0, data["lat"], data["long"])
        r = scale * math.sqrt(km)
        pos[node] = (round(r * math.sin(bearing), 1), round(-r * math.cos(bearing), 1))
    return pos
