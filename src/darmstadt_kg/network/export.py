"""Write the network as GraphML, GEXF (for Gephi) or CSV (``nodes.csv`` and ``edges.csv``).

Lists become ``" | "``-joined strings and missing values empty strings, since GraphML and
GEXF hold scalars only.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx

from darmstadt_kg.files import atomic_write, replacing

__all__ = ["FORMATS", "flatten", "export", "NODE_COLUMNS", "EDGE_COLUMNS"]

FORMATS = ("graphml", "gexf", "csv")

NODE_COLUMNS = (
    "id",
    "label_en",
    "label_de",
    "type",
    "class",
    "level",
    "themes",
    "lat",
    "long",
    "date",
    "founded",
    "sources",
    "links",
    "iri",
)
EDGE_COLUMNS = (
    "source",
    "target",
    "key",
    "relation",
    "kind",
    "label_en",
    "label_de",
    "since",
    "until",
    "date",
    "fact",
    "sources",
)


def _scalar(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return " | ".join(str(v) for v in value)
    return value


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars."""
    flat = graph.__class__()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    for n, data in graph.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in data.items()})
    for u, v, k, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in data.items()})
    return flat


def _write_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    nodes, edges = io.StringIO(newline=""), io.StringIO(newline="")
    out = csv.writer(nodes)
    out.writerow(NODE_COLUMNS)
    for n, data in sorted(graph.nodes(data=True)):
        out.writerow([n, *(_scalar(data.get(c)) for c in NODE_COLUMNS[1:])])
    out = csv.writer(edges)
    out.writerow(EDGE_COLUMNS)
    for u, v, k, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        out.writerow([u, v, k, *(_scalar(data.get(c)) for c in EDGE_COLUMNS[3:])])
    return [
        atomic_write(folder / "nodes.csv", nodes.getvalue()),
        atomic_write(folder / "edges.csv", edges.getvalue()),
    ]


def export(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``graph`` in ``fmt``: a file for graphml/gexf, a folder for csv. Returns the paths."""

    out = Path(out)
    if fmt == "csv":
        return _write_csv(graph, out)
    writers = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")

    with replacing(out) as tmp:
        writers[fmt](flatten(graph), tmp)
    return [out]
