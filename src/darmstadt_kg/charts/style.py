"""Colours, fonts and the deterministic writer shared by every chart and the map."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["KIND_COLOURS", "OTHER", "kind_colour", "new_figure", "to_bytes", "RC", "gid"]

#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), per fact kind
KIND_COLOURS: dict[str, str] = {
    "Twinning": "#0072B2",
    "Membership": "#009E73",
    "Participation": "#56B4E9",
    "Founding": "#D55E00",
    "Endorsement": "#CC79A7",
    "Award conferral": "#E69F00",
    "Event": "#000000",
    "Legal opinion": "#8C564B",
    "Guiding document": "#7F7F7F",
    "Tenure": "#F0E442",
}
OTHER = "#BBBBBB"

#: matplotlib settings that make a rebuild give the same bytes (fixed font, salt, no dates)
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "darmstadt-kg",
    "svg.fonttype": "path",  # glyphs as paths: looks the same without DejaVu installed
    "path.simplify": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def gid(prefix: str, name: str) -> str:
    """An SVG id for a drawn mark: ``prefix-`` and the IRI's last segment or the name, with
    anything but letters, digits, ``-`` and ``_`` as ``_`` (tests and the site look marks up)."""

    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "_", name.rstrip("/").rsplit("/", 1)[-1])


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER)


def new_figure(width: float, height: float) -> Figure:
    """A figure outside pyplot (no global state, no GUI), with the project's settings."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(RC)
    figure = Figure(figsize=(width, height), dpi=100, layout=None)
    FigureCanvasAgg(figure)  # a renderer to measure text with (label placement), no GUI
    return figure


def to_bytes(figure: Figure, fmt: str) -> bytes:
    """``png`` or ``svg`` bytes without clock or version metadata: equal input, equal bytes."""
    import matplotlib

    if fmt not in ("png", "svg"):
        raise ValueError(f"{fmt!r}: charts are written as png or svg")
    metadata = (
        {"Software": None}
        if fmt == "png"
        else {"Date": None, "Creator": "darmstadt-kg", "Format": None, "Type": None}
    )
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
    return buffer.getvalue()
