"""Every chart and the map, by name, and the writer that puts them beside their questions.

``CHARTS`` maps a chart name to the library question it draws and a builder taking a store;
``write_charts`` writes ``<name>.png`` and ``<name>.svg`` for each (same bytes on a rebuild).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from darmstadt_kg.charts import data, draw
from darmstadt_kg.charts.map import map_figure
from darmstadt_kg.charts.style import to_bytes
from darmstadt_kg.files import atomic_write

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pyoxigraph
    from matplotlib.figure import Figure

__all__ = ["Chart", "CHARTS", "chart_for", "figure", "write_charts"]


@dataclass(frozen=True)
class Chart:
    name: str
    question: str  # the library query whose answer the chart shows
    title: str
    build: Callable[[pyoxigraph.Store | None], Figure]


def _map(store):
    return map_figure(data.partner_cities(store), data.home(store))


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart(
            "timeline",
            "timeline",
            "Every dated fact at its precision, by kind",
            lambda s: draw.timeline_figure(data.dated_facts(s)),
        ),
        Chart(
            "twinnings-by-decade",
            "twinnings-by-decade",
            "Twinnings begun per decade",
            lambda s: draw.decades_figure(data.decades(s)),
        ),
        Chart(
            "levels-themes-matrix",
            "levels-themes-matrix",
            "Bodies per theme and level",
            lambda s: draw.matrix_figure(data.level_theme_cells(s), data.level_totals(s)),
        ),
        Chart("partner-cities-map", "partner-cities", "The partner cities on a map", _map),
    )
}


def chart_for(question: str) -> list[Chart]:
    """The charts drawn from the library question ``question`` (none for most)."""
    return [c for c in CHARTS.values() if c.question == question]


def figure(name: str, store: pyoxigraph.Store | None = None) -> Figure:
    """The chart ``name`` (a key of CHARTS) drawn from the graph."""
    return CHARTS[name].build(store)


def write_charts(
    folder: Path, store: pyoxigraph.Store | None = None, formats: tuple[str, ...] = ("png", "svg")
) -> list[Path]:
    """``folder/<name>.<fmt>`` for every chart; returns the files written."""

    written = []
    for name in CHARTS:
        fig = figure(name, store)
        for fmt in formats:
            target = folder / f"{name}.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, to_bytes(fig, fmt))
            written.append(target)
    return written
