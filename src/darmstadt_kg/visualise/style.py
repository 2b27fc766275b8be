"""Colour and shape of each node type (colour-blind-safe Okabe–Ito palette, plus shapes)."""

from __future__ import annotations

__all__ = ["TYPE_STYLE", "ROOT_STYLE"]

#: type → (colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "city": ("#0072B2", "dot"),
    "network": ("#D55E00", "diamond"),
    "organisation": ("#E69F00", "square"),
    "campaign": ("#CC79A7", "star"),
    "document": ("#999999", "square"),
    "award": ("#F0E442", "triangle"),
    "event": ("#56B4E9", "triangleDown"),
    "person": ("#009E73", "dot"),
    "place": ("#7F7F4F", "hexagon"),
}

ROOT_STYLE = ("#B2182B", "dot")
