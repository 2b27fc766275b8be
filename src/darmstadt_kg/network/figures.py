"""Network figures: size, components, degree, betweenness, and the gatekeepers.

A gatekeeper is a node (other than Darmstadt) through which alone some bodies are reached:
remove it and they fall away from Darmstadt. Computed on the network read without direction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from darmstadt_kg.network.facts import ROOT

__all__ = ["NetworkFigures", "figures", "gatekeepers"]


@dataclass(frozen=True)
class NetworkFigures:
    """What ``darmstadt-kg stats`` prints about the network."""

    nodes: int
    edges: int
    fact_edges: int
    components: int
    density: float
    diameter: int
    by_type: dict[str, int]
    top_degree: list[tuple[str, int]]
    top_betweenness: list[tuple[str, float]]
    gatekeepers: dict[str, list[str]]


def gatekeepers(graph: nx.MultiDiGraph, root: str = ROOT) -> dict[str, list[str]]:
    """Gatekeeper → the bodies reachable from ``root`` only through it (sorted)."""

    simple = nx.Graph(graph.to_undirected(as_view=True))
    if root not in simple:
        return {}
    reach = nx.node_connected_component(simple, root)
    found: dict[str, list[str]] = {}
    for cut in sorted(nx.articulation_points(simple.subgraph(reach))):
        if cut == root:
            continue
        rest = simple.subgraph(reach - {cut})
        cut_off = reach - {cut} - nx.node_connected_component(rest, root)
        if cut_off:
            found[cut] = sorted(cut_off)
    return found


def figures(graph: nx.MultiDiGraph, top: int = 5, root: str = ROOT) -> NetworkFigures:
    """Count and rank: nodes, edges, components, degree and betweenness leaders, gatekeepers."""

    simple = nx.Graph(graph.to_undirected(as_view=True))
    between = nx.betweenness_centrality(simple, normalized=True)
    largest = max(nx.connected_components(simple), key=len, default=set())
    degree = sorted(graph.degree(), key=lambda d: (-d[1], d[0]))
    return NetworkFigures(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        fact_edges=sum(1 for *_, k in graph.edges(data="kind") if k == "fact"),
        components=nx.number_connected_components(simple) if len(simple) else 0,
        density=nx.density(simple) if len(simple) > 1 else 0.0,
        diameter=nx.diameter(simple.subgraph(largest)) if len(largest) > 1 else 0,
        by_type=dict(Counter(t for _, t in graph.nodes(data="type")).most_common()),
        top_degree=[(n, int(d)) for n, d in degree[:top]],
        top_betweenness=sorted(between.items(), key=lambda b: (-b[1], b[0]))[:top],
        gatekeepers=gatekeepers(graph, root),
    )
