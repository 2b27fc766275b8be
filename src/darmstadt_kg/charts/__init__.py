"""Charts and a map for analysts: the timeline of every dated fact at its precision,
twinnings per decade, bodies per level and theme, and the partner cities on country outlines.

Drawn with matplotlib (the optional extra ``darmstadt-kg[charts]``) from the answers of the
question library; written as PNG and SVG that are byte-identical on a rebuild.

    from darmstadt_kg.charts import figure, write_charts
    figure("timeline")            # a matplotlib Figure
    write_charts(Path("charts"))  # timeline.png, timeline.svg, …
"""

from __future__ import annotations

from darmstadt_kg.charts.output import CHARTS, Chart, chart_for, figure, write_charts
from darmstadt_kg.charts.style import to_bytes

__all__ = ["CHARTS", "Chart", "chart_for", "figure", "write_charts", "to_bytes", "png"]


def png(name: str, store=None) -> bytes:
    """The chart ``name`` as PNG bytes (for ``IPython.display.Image`` in a notebook)."""
    return to_bytes(figure(name, store), "png")
