"""How Darmstadt links to each body: chains of relations, told in German and English.

A chain is a shortest path (by edge weight; containment in a place counts double) from
``darmstadt`` to the body in the network read without direction. Each hop uses the best edge
between the two nodes — a fact before a plain statement, forwards before backwards — and
reads it in the direction travelled: "Darmstadt → joined March 2023 → Global Declaration for
Democracy → initiated June 2022 by → Pact of Free Cities".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import islice
from typing import Any

import networkx as nx

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.network.facts import ROOT

__all__ = [
    "Hop",
    "Chain",
    "links",
    "all_links",
    "shortest_routes",
    "resolve_node",
    "UnknownNodeError",
]


class UnknownNodeError(UserError):
    """A node named on the command line that the network does not hold."""

    code = ExitCode.NOT_FOUND


@dataclass(frozen=True)
class Hop:
    """One relation travelled: from ``source`` to ``target`` along edge ``key``.

    ``sources`` are the ids of the documents the relation is taken from (``dkr:`` slugs),
    ``source_labels_en``/``_de`` their titles; ``fact`` is the fact node's id, if it is one.
    """

    source: str
    target: str
    key: str
    forward: bool
    text_en: str
    text_de: str
    sources: tuple[str, ...]
    source_labels_en: tuple[str, ...] = ()
    source_labels_de: tuple[str, ...] = ()
    fact: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The step as plain data (for ``links --format json``)."""

        return {
            "from": self.source,
            "to": self.target,
            "relation_en": self.text_en,
            "relation_de": self.text_de,
            "forward": self.forward,
            "fact": f"{DKR}{self.fact}" if self.fact else None,
            "sources": [
                {"iri": f"{DKR}{slug}", "label_en": en, "label_de": de}
                for slug, en, de in zip(
                    self.sources, self.source_labels_en, self.source_labels_de, strict=True
                )
            ],
        }


@dataclass(frozen=True)
class Chain:
    """A chain of relations from the root to ``target``."""

    target: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    labels_en: tuple[str, ...]
    labels_de: tuple[str, ...]

    def sentence(self, lang: str = "en") -> str:
        labels = self.labels_en if lang == "en" else self.labels_de
        parts = [labels[0]]
        for hop, label in zip(self.hops, labels[1:], strict=True):
            parts += [hop.text_en if lang == "en" else hop.text_de, label]
        return " → ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The chain as plain data: its nodes, both sentences and every step with its sources."""
        return {
            "nodes": list(self.nodes),
            "sentence_en": self.sentence("en"),
            "sentence_de": self.sentence("de"),
            "steps": [hop.to_dict() for hop in self.hops],
        }


def resolve_node(graph: nx.MultiDiGraph, name: str) -> str:
    """A node id from an id, ``dkr:`` CURIE, IRI or label (any language, case ignored)."""
    text = name.strip()
    for candidate in (text, text.removeprefix("dkr:"), text.rsplit("/", 1)[-1]):
        if candidate in graph:
            return candidate
    folded = text.casefold()
    for node, data in graph.nodes(data=True):
        names = [data.get("label_en", ""), data.get("label_de", ""), *data.get("alt_labels", [])]
        if folded in (n.casefold() for n in names):
            return node
    names = {**{n: n for n in graph}, **{d["label_en"]: n for n, d in graph.nodes(data=True)}}
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6)
    hint = (
        f"did you mean {', '.join(sorted({names[c] for c in close}))}?"
        if close
        else (
            "`darmstadt-kg network --format csv --out network-csv` writes every node id "
            "to network-csv/nodes.csv"
        )
    )
    raise UnknownNodeError(f"no node {name!r} in the network — {hint}")


def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        w = float(data.get("weight", 1.0))
        if not simple.has_edge(u, v) or simple[u][v]["weight"] > w:
            simple.add_edge(u, v, weight=w)
    return simple


def _best_hop(graph: nx.MultiDiGraph, u: str, v: str) -> Hop:
    options: list[tuple[tuple[Any, ...], Hop]] = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        for key, data in (graph.get_edge_data(a, b) or {}).items():
            en = data["label_en"] if forward or data.get("symmetric") else data["inverse_en"]
            de = data["label_de"] if forward or data.get("symmetric") else data["inverse_de"]
            rank = (data["kind"] != "fact", not forward, data.get("weight", 1.0), key)
            hop = Hop(
                u,
                v,
                key,
                forward,
                en,
                de,
                tuple(data.get("sources", ())),
                tuple(data.get("source_labels_en", ())),
                tuple(data.get("source_labels_de", ())),
                data.get("fact", "") if data.get("kind") == "fact" else "",
            )
            options.append((rank, hop))
    return min(options, key=lambda o: o[0])[1]


def _chain(graph: nx.MultiDiGraph, path: list[str]) -> Chain:
    hops = tuple(_best_hop(graph, a, b) for a, b in zip(path, path[1:], strict=False))
    return Chain(
        target=path[-1],
        nodes=tuple(path),
        hops=hops,
        labels_en=tuple(graph.nodes[n]["label_en"] for n in path),
        labels_de=tuple(graph.nodes[n]["label_de"] for n in path),
    )


def shortest_routes(graph: nx.MultiDiGraph, root: str = ROOT) -> dict[str, list[str]]:
    """The shortest routes from ``root`` to every node it reaches, found once for many
    :func:`links` calls: each node's predecessors on them (Dijkstra over the relations' weights,
    either way; what ``nx.all_shortest_paths`` computes afresh for each target)."""
    if root not in graph:
        return {}
    pred, _distance = nx.dijkstra_predecessor_and_distance(
        _undirected(graph), root, weight="weight"
    )
    return pred


def _paths(pred: dict[str, list[str]], root: str, target: str):
    """Every shortest path from ``root`` to ``target`` through ``pred``, lazily and in the order
    ``nx.all_shortest_paths`` yields them (the same walk back from ``target``). Not
    ``nx.single_source_all_shortest_paths``: it lists every path of every node, where
    :func:`links` takes at most 50 (their number can grow exponentially)."""
    seen, stack, top = {target}, [[target, 0]], 0
    while top >= 0:
        node, i = stack[top]
        if node == root:
            yield [n for n, _ in reversed(stack[: top + 1])]
        if len(pred[node]) > i:
            stack[top][1] = i + 1
            step = pred[node][i]
            if step in seen:
                continue
            seen.add(step)
            top += 1
            if top == len(stack):
                stack.append([step, 0])
            else:
                stack[top][:] = [step, 0]
        else:
            seen.discard(node)
            top -= 1


def links(
    graph: nx.MultiDiGraph,
    target: str,
    *,
    root: str = ROOT,
    limit: int = 5,
    routes: dict[str, list[str]] | None = None,
) -> list[Chain]:
    """Up to ``limit`` shortest chains from ``root`` to ``target`` (empty if unreachable);
    ``routes``: :func:`shortest_routes` from ``root``, when asking for many targets."""

    target = resolve_node(graph, target)
    if target == root:
        return []
    pred = routes if routes is not None else shortest_routes(graph, root)
    if target not in pred:
        return []
    paths = sorted(islice(_paths(pred, root, target), 50))
    return [_chain(graph, p) for p in paths[:limit]]


def all_links(
    graph: nx.MultiDiGraph, *, root: str = ROOT, limit: int = 3
) -> dict[str, list[Chain]]:
    """Chains for every node but the root, by node id."""
    routes = shortest_routes(graph, root)
    return {
        n: links(graph, n, root=root, limit=limit, routes=routes)
        for n in sorted(graph)
        if n != root
    }
