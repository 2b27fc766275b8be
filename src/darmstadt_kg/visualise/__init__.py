"""The interactive explorer: pyvis, fixed layouts, one self-contained offline HTML file."""

from __future__ import annotations

from darmstadt_kg.visualise.explorer import (
    VIEWS,
    explorer_html,
    json_for_script,
    view_graph,
    write_explorer,
)
from darmstadt_kg.visualise.layout import geo_layout, radial_layout

__all__ = [
    "VIEWS",
    "explorer_html",
    "json_for_script",
    "view_graph",
    "write_explorer",
    "geo_layout",
    "radial_layout",
]
