"""The network view of the graph: RDF → networkx, chains from Darmstadt, figures, exports.

``build_network()`` projects the loaded store into a ``networkx.MultiDiGraph`` (fact nodes
folded into labelled, dated, sourced edges); ``links()`` tells how Darmstadt reaches a body;
``figures()`` counts and ranks; ``export()`` writes GraphML, GEXF or CSV.
"""

from __future__ import annotations

from darmstadt_kg.network.build import ROOT, build_network, network_from_index
from darmstadt_kg.network.export import FORMATS, export, flatten
from darmstadt_kg.network.figures import NetworkFigures, figures, gatekeepers
from darmstadt_kg.network.links import (
    Chain,
    Hop,
    UnknownNodeError,
    all_links,
    links,
    resolve_node,
)

__all__ = [
    "ROOT",
    "build_network",
    "network_from_index",
    "FORMATS",
    "export",
    "flatten",
    "NetworkFigures",
    "figures",
    "gatekeepers",
    "Chain",
    "Hop",
    "UnknownNodeError",
    "all_links",
    "links",
    "resolve_node",
]
