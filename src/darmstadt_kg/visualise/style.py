"""Colour and shape of each node type: the Okabe–Ito hues, darkened where needed so that
every colour has at least 3:1 contrast against the white canvas (WCAG 1.4.11), plus shapes."""

from __future__ import annotations

__all__ = ["TYPE_STYLE", "ROOT_STYLE"]

#: type → (colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "city": ("#0072B2", "dot"),
    "network": ("#D55E00", "diamond"),
    "organisation": ("#B37400", "square"),
    "campaign": ("#B25A8E", "star"),
    "document": ("#767676", "square"),
    "award": ("#8C7E00", "triangle"),
    "event": ("#2E86C1", "triangleDown"),
    "person": ("#008563", "dot"),
    "place": ("#7F7F4F", "hexagon"),
}

ROOT_STYLE = ("#B2182B", "dot")
