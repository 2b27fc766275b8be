"""Country outlines from the world-atlas TopoJSON (Natural Earth, public domain), decoded here,
and the Lambert azimuthal equal-area projection the map draws them in.

TopoJSON (https://github.com/topojson/topojson-specification): ``arcs`` are lists of integer
positions, each after the first a delta from the one before; ``transform`` scales and
translates them back to longitude/latitude. A ring lists arc indices; ``~i`` (= ``-i-1``)
means arc ``i`` reversed. Consecutive arcs share their end point, kept once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from darmstadt_kg.paths import package_resource

__all__ = ["Country", "ATLAS", "countries", "decode", "laea"]

#: installed by scripts/install-frontend.sh from npm's world-atlas 2.0.2 (also used by the explorer)
ATLAS = ("serve", "static", "vendor", "world-atlas", "countries-110m.json")

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes
    #: (west, south, east, north): the least and greatest longitude and latitude of its rings
    bounds: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)


def _bounds(polygons: tuple[tuple[Ring, ...], ...]) -> tuple[float, float, float, float]:
    points = [point for polygon in polygons for ring in polygon for point in ring]
    if not points:
        return (-180.0, -90.0, 180.0, 90.0)
    lons, lats = [lon for lon, _ in points], [lat for _, lat in points]
    return (min(lons), min(lats), max(lons), max(lats))


def _arcs(topology: dict) -> list[Ring]:
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def decode(topology: dict, name: str = "countries") -> list[Country]:
    """The geometries of ``topology["objects"][name]`` as countries with lon/lat rings."""
    arcs = _arcs(topology)
    found = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(tuple(_ring(r, arcs) for r in polygon) for polygon in polygons)
        found.append(
            Country(
                name=geometry.get("properties", {}).get("name", ""),
                polygons=rings,
                bounds=_bounds(rings),
            )
        )
    return found


@cache
def countries(path: Path | None = None) -> tuple[Country, ...]:
    """Natural Earth's 1:110m countries, read from the installed world-atlas file."""
    source = path or package_resource(*ATLAS)
    try:
        topology = json.loads(Path(source).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{source}: the world-atlas outlines are missing — run scripts/install-frontend.sh "
            "(make install does)"
        ) from None
    return tuple(decode(topology))


def laea(lon: float, lat: float, lon0: float, lat0: float) -> tuple[float, float] | None:
    """Lambert azimuthal equal-area projection centred on (lon0, lat0), in earth radii.

    ``None`` for a point more than ~85° from the centre (too distorted to draw).
    """
    lam, phi = math.radians(lon - lon0), math.radians(lat)
    phi0 = math.radians(lat0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    if cos_c < 0.08:
        return None
    k = math.sqrt(2 / (1 + cos_c))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y
