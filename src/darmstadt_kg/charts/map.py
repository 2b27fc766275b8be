"""The partner cities on country outlines (Natural Earth 1:110m), in an equal-area projection
centred on the cities; a city far from the others (San Antonio) gets an inset of its own.

Markers carry ``gid="city-<slug>"``, outlines ``gid="country-<name>"``
(``inset<n>-country-<name>`` in an inset); labels are placed so
that they overlap neither each other nor a marker where any of eight positions allows it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from darmstadt_kg.charts.geo import countries, laea
from darmstadt_kg.charts.style import gid, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from darmstadt_kg.charts.data import City

__all__ = ["map_figure", "split_far", "centre", "FAR_DEGREES"]

FAR_DEGREES = 40.0  # a city farther than this from the others' centre goes to an inset
_CITY = "#D55E00"
_HOME = "#0072B2"
_OFFSETS = [
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (5, 4, "left", "bottom"),
    (-5, 4, "right", "bottom"),
    (5, -4, "left", "top"),
    (-5, -4, "right", "top"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
]


def _angle(a: City, lon: float, lat: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    d = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(a.long - lon)
    )
    return math.degrees(math.acos(max(-1.0, min(1.0, d))))


def split_far(cities: list[City], home: City | None) -> tuple[list[City], list[City]]:
    """``(near, far)``: far cities lie more than FAR_DEGREES from Darmstadt (or the median)."""
    if home is not None:
        lon0, lat0 = home.long, home.lat
    else:
        lon0 = sorted(c.long for c in cities)[len(cities) // 2]
        lat0 = sorted(c.lat for c in cities)[len(cities) // 2]
    near = [c for c in cities if _angle(c, lon0, lat0) <= FAR_DEGREES]
    far = [c for c in cities if _angle(c, lon0, lat0) > FAR_DEGREES]
    return near, far


def centre(cities: list[City]) -> tuple[float, float]:
    lons, lats = [c.long for c in cities], [c.lat for c in cities]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def _outlines(ax: Axes, lon0: float, lat0: float, marked: set[str], prefix: str) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for country in countries():
        vertices, codes = [], []
        for polygon in country.polygons:
            for ring in polygon:
                projected = [laea(lon, lat, lon0, lat0) for lon, lat in ring]
                if len(ring) < 3 or any(p is None for p in projected):
                    continue
                vertices.extend(projected)
                codes.extend(
                    [Path.MOVETO] + [Path.LINETO] * (len(projected) - 2) + [Path.CLOSEPOLY]
                )
        if not vertices:
            continue
        fill = "#E8DCC8" if country.name in marked else "#EFEFEF"
        # add_artist, not add_patch: the panel's limits are set from its cities (``_panel``),
        # so the outlines need not widen the data limits (a walk over every curve segment)
        ax.add_artist(
            PathPatch(
                Path(vertices, codes),
                facecolor=fill,
                edgecolor="#9A9A9A",
                linewidth=0.5,
                gid=gid(prefix, country.name),
                zorder=1,
            )
        )


def _containing(cities: list[City]) -> set[str]:
    """Names of the countries whose outline holds one of ``cities`` (tinted on the map)."""
    from matplotlib.path import Path

    names = set()
    for country in countries():
        for polygon in country.polygons:
            outer = Path(polygon[0])
            if any(outer.contains_point((c.long, c.lat)) for c in cities):
                names.add(country.name)
    return names


def _panel(
    ax: Axes,
    cities: list[City],
    home: City | None,
    lon0: float,
    lat0: float,
    marked: set[str],
    pad: float,
    prefix: str = "country",
) -> list[tuple[City, tuple[float, float]]]:
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#777777")
    ax.set_facecolor("#DDEBF3")
    _outlines(ax, lon0, lat0, marked, prefix)
    placed = []
    points = [laea(c.long, c.lat, lon0, lat0) for c in cities]
    for city, (x, y) in zip(cities, points, strict=True):
        ax.plot(
            x,
            y,
            marker="o",
            markersize=6,
            color=_CITY,
            markeredgecolor="white",
            markeredgewidth=0.8,
            gid=gid("city", city.iri),
            zorder=3,
        )
        placed.append((city, (x, y)))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if home is not None:
        hx, hy = laea(home.long, home.lat, lon0, lat0)
        ax.plot(
            hx,
            hy,
            marker="*",
            markersize=13,
            color=_HOME,
            markeredgecolor="white",
            markeredgewidth=0.8,
            gid=gid("home", home.iri),
            zorder=4,
        )
        xs.append(hx)
        ys.append(hy)
    width = max(max(xs) - min(xs), pad)
    height = max(max(ys) - min(ys), pad)
    ax.set_xlim(min(xs) - width * 0.12 - pad / 4, max(xs) + width * 0.12 + pad / 4)
    ax.set_ylim(min(ys) - height * 0.08 - pad / 4, max(ys) + height * 0.08 + pad / 4)
    return placed


def _label_all(fig: Figure, items: list[tuple[Axes, str, float, float, int]]) -> None:
    """Place each label at the first of eight positions where it hits no label or marker."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        ax.apply_aspect()  # the final position of each panel, before measuring anything
    markers = []
    for ax, _text, x, y, _size in items:
        px, py = ax.transData.transform((x, y))
        markers.append((px - 5, py - 5, px + 5, py + 5))
    taken: list[tuple[float, float, float, float]] = []
    for index, (ax, text, x, y, size) in enumerate(items):
        best = None
        others = markers[:index] + markers[index + 1 :]
        frame = ax.get_window_extent(renderer)
        for dx, dy, ha, va in _OFFSETS:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=size,
                zorder=5,
            )
            box = label.get_window_extent(renderer)
            rect = (box.x0, box.y0, box.x1, box.y1)
            clash = sum(_overlap(rect, r) for r in taken + others)
            outside = not (
                frame.x0 <= box.x0
                and box.x1 <= frame.x1
                and frame.y0 <= box.y0
                and box.y1 <= frame.y1
            )
            score = clash + (1e6 if outside else 0)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, label, rect)
            else:
                label.remove()
            if score == 0:
                break
        taken.append(best[2])


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def map_figure(cities: list[City], home: City | None = None) -> Figure:
    """All ``cities`` as markers on country outlines; Darmstadt (``home``) as a star."""
    near, far = split_far(cities, home)
    fig = new_figure(10, 9.2)
    main = fig.add_axes((0.02, 0.04, 0.96, 0.9))
    lon0, lat0 = centre(near + ([home] if home else []))
    marked = _containing(cities)
    placed = [(main, c, xy) for c, xy in _panel(main, near, home, lon0, lat0, marked, 0.05)]
    items = []
    if home is not None:
        hx, hy = laea(home.long, home.lat, lon0, lat0)
        items.append((main, home.label, hx, hy, 9))
    for number, city in enumerate(far):
        inset = fig.add_axes((0.035 + number * 0.24, 0.055, 0.22, 0.2))
        placed += [
            (inset, c, xy)
            for c, xy in _panel(
                inset, [city], None, city.long, city.lat, marked, 0.25, f"inset{number}-country"
            )
        ]
        inset.set_title(f"{city.country} (inset, own scale)", fontsize=7.5, pad=2)
    items += [(ax, f"{c.label} {c.since}", x, y, 8.5) for ax, c, (x, y) in placed]
    _label_all(fig, items)
    fig.text(
        0.02,
        0.965,
        f"Darmstadt's {len(cities)} partner cities, with the year each twinning began",
        fontsize=11,
    )
    fig.text(
        0.02,
        0.012,
        "Country outlines: Natural Earth 1:110m (public domain) via world-atlas."
        " Lambert azimuthal equal-area projection.",
        fontsize=7,
        color="#555555",
    )
    return fig
