"""The three charts: a timeline of every dated fact, twinnings per decade, bodies per level
and theme. Each takes the data from :mod:`darmstadt_kg.charts.data` and returns a matplotlib
``Figure``; every drawn mark carries a ``gid`` naming what it stands for (tests read them)."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING

import numpy as np

from darmstadt_kg.charts.style import gid, kind_colour, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from darmstadt_kg.charts.data import Cell, DatedFact, Decade

__all__ = ["timeline_figure", "decades_figure", "matrix_figure", "segments"]

_GAP_YEARS = 30  # a gap longer than this between dated facts breaks the time axis


def segments(facts: list[DatedFact], gap_years: int = _GAP_YEARS) -> list[tuple[int, int]]:
    """Year ranges ``(first, last)`` of the time axis: split where nothing happens for long."""
    last_days = {(f.end - dt.timedelta(days=1)).year for f in facts}
    years = sorted({f.start.year for f in facts} | last_days)
    parts: list[list[int]] = []
    for year in years:
        if parts and year - parts[-1][1] <= gap_years:
            parts[-1][1] = year
        else:
            parts.append([year, year])
    return [(a, b) for a, b in parts]


def _num(day: dt.date) -> float:
    from matplotlib.dates import date2num

    return float(date2num(day))


def timeline_figure(facts: list[DatedFact]) -> Figure:
    """One row per fact, a bar over the span its date stands for (a year, a month or a day),
    coloured by kind. A time axis with a long empty stretch is broken (marked with //)."""
    from matplotlib.dates import YearLocator
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    parts = segments(facts) or [(2000, 2000)]
    spans = [max(b - a + 3, 0.1 * sum(d - c + 3 for c, d in parts)) for a, b in parts]
    rows = len(facts)
    fig = new_figure(15, 1.6 + 0.24 * rows)
    grid = fig.add_gridspec(
        1,
        len(parts),
        width_ratios=spans,
        wspace=0.05,
        left=0.41,
        right=0.985,
        top=1 - 0.9 / fig.get_figheight(),
        bottom=0.75 / fig.get_figheight(),
    )
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(parts))]
    for ax in axes[1:]:
        ax.sharey(axes[0])
    for i, ((first, last), ax) in enumerate(zip(parts, axes, strict=True)):
        if last - first > 10:
            lo, hi = dt.date(first - 1, 7, 1), dt.date(last + 1, 7, 1)
            ax.xaxis.set_major_locator(YearLocator(max(5, round((last - first) / 8 / 5) * 5)))
        else:  # a short stretch: its years' bounds as ticks, a quarter year either side
            lo, hi = dt.date(first - 1, 10, 1), dt.date(last + 1, 4, 1)
            ax.xaxis.set_major_locator(YearLocator(1))
        ax.set_xlim(_num(lo), _num(hi))
        ax.xaxis.set_major_formatter(_year_formatter())
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        for row, fact in enumerate(facts):
            if not (first <= fact.start.year <= last):
                continue
            left, width = _num(fact.start), _num(fact.end) - _num(fact.start)
            colour = kind_colour(fact.kind)
            ax.barh(
                row,
                width,
                left=left,
                height=0.62,
                color=colour,
                edgecolor=colour,
                linewidth=0,
                gid=gid("fact", fact.fact),
            )
            if fact.precision != "year":  # too narrow to see: a marker on top, drawn apart
                ax.plot(
                    left + width / 2,
                    row,
                    marker="D" if fact.precision == "day" else "v",
                    markersize=6,
                    color=colour,
                    markeredgecolor="white",
                    markeredgewidth=0.6,
                    gid=gid("marker", fact.fact),
                )
        if i:
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", left=False, labelleft=False)
        if len(parts) > 1:
            _break_marks(ax, left_side=i > 0, right_side=i < len(parts) - 1)
    axes[0].set_ylim(rows - 0.4, -0.6)
    axes[0].set_yticks(range(rows))
    axes[0].set_yticklabels([f"{f.lexical}  {f.label}" for f in facts], fontsize=8)
    kinds = sorted({f.kind for f in facts})
    handles = [Patch(color=kind_colour(k), label=k) for k in kinds]
    handles += [
        Line2D([], [], color="#444444", marker="v", linestyle="", label="month (bar = the month)"),
        Line2D([], [], color="#444444", marker="D", linestyle="", label="day (bar = the day)"),
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        ncol=6,
        frameon=False,
        fontsize=8,
        bbox_to_anchor=(0.41, 1.0),
    )
    fig.text(
        0.01, 1 - 0.3 / fig.get_figheight(), f"Every dated fact ({rows}), by kind", fontsize=10
    )
    fig.text(
        0.01,
        0.012,
        "Each bar spans the time its date stands for: a year-dated fact "
        "the whole year, a month-dated one its month, a day-dated one its day. "
        "“since” facts are drawn at the date they began.",
        fontsize=7.5,
        color="#444444",
    )
    return fig


def _year_formatter():
    from matplotlib.dates import DateFormatter

    return DateFormatter("%Y")


def _break_marks(ax, left_side: bool, right_side: bool) -> None:
    kw = dict(transform=ax.transAxes, color="#444444", clip_on=False, linewidth=0.8)
    for x in ([0.0] if left_side else []) + ([1.0] if right_side else []):
        ax.plot([x - 0.008, x + 0.008], [-0.006, 0.006], **kw)
        ax.plot([x - 0.008 + 0.012, x + 0.008 + 0.012], [-0.006, 0.006], **kw)
    if right_side:
        ax.spines["right"].set_visible(False)


def decades_figure(rows: list[Decade]) -> Figure:
    """Twinnings that began in each decade (decades with none shown as zero), cities named."""
    fig = new_figure(9, 0.9 + 0.42 * max(len(rows), 1))
    ax = fig.add_axes((0.09, 0.7 / fig.get_figheight(), 0.88, 1 - 1.2 / fig.get_figheight()))
    most = max((d.count for d in rows), default=1)
    for i, d in enumerate(rows):
        ax.barh(i, d.count, height=0.66, color="#0072B2", gid=gid("decade", d.decade))
        text = f"{d.count}" + (f"  {', '.join(d.names)}" if d.names else "")
        ax.text(d.count + most * 0.01, i, text, va="center", fontsize=8.5)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([d.decade for d in rows])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlim(0, most * 2.1)
    ax.set_xticks(range(0, most + 1))
    ax.set_xlabel("twinnings begun in the decade")
    ax.set_title("Darmstadt's town twinnings by the decade they began", loc="left", fontsize=10)
    return fig


def matrix_figure(cells: list[Cell], totals: dict[str, int] | None = None) -> Figure:
    """Bodies per theme (rows) and network level (columns); a body with two themes counts twice.

    ``totals`` (bodies per level, every level) adds the levels without themed bodies and a last
    row with all bodies of each level.
    """

    totals = totals or {}
    rows = sorted({c.row for c in cells})
    cols = sorted({c.column for c in cells} | set(totals))
    grid = np.zeros((len(rows), len(cols)), dtype=int)
    for c in cells:
        grid[rows.index(c.row), cols.index(c.column)] = c.count
    extra = 1 if totals else 0
    fig = new_figure(10, 1.9 + 0.45 * (len(rows) + extra))
    height = fig.get_figheight()
    ax = fig.add_axes((0.36, 0.9 / height, 0.62, 1 - 1.9 / height))
    shown = np.vstack([grid, [[totals.get(c, 0) for c in cols]]]) if totals else grid
    top = max(int(grid.max()), 1)
    colours = np.where(np.arange(len(shown))[:, None] < len(rows), shown, 0)
    ax.imshow(colours, cmap="Blues", vmin=0, vmax=top * 1.25, aspect="auto")
    for (r, c), n in np.ndenumerate(shown):
        dark = r < len(rows) and n > top * 0.6
        ax.text(
            c,
            r,
            str(n) if n else "·",
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold" if r >= len(rows) else "normal",
            color="white" if dark else ("#999999" if not n else "black"),
            gid=f"cell-{r}-{c}",
        )
    if totals:
        ax.axhline(len(rows) - 0.5, color="#444444", linewidth=1)
    ax.set_xticks(range(len(cols)), [_wrap(c) for c in cols], fontsize=8.5)
    ax.xaxis.tick_top()
    labels = rows + (["all bodies of the level"] if totals else [])
    ax.set_yticks(range(len(labels)), labels, fontsize=8.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    fig.text(0.01, 1 - 0.3 / height, "Bodies per theme and network level", fontsize=10)
    fig.text(
        0.01,
        0.2 / height,
        "A body with two themes counts in both rows; · = none. "
        "The last row counts every body of the level, with or without a theme.",
        fontsize=7.5,
        color="#444444",
    )
    return fig


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width))
