"""Country outlines for the geo view, from Natural Earth (npm ``world-atlas``, 110m TopoJSON).

The TopoJSON arcs are decoded here and projected exactly as :func:`geo_layout` places the
cities (true bearing from the centre, square-root distance), so the page only strokes paths:
no projection code and no map file to fetch. Points farther than ``max_km`` from the centre
are left out (the outline breaks there).
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from darmstadt_kg import paths
from darmstadt_kg.visualise.layout import GEO_SCALE, _bearing_distance

__all__ = ["outlines", "atlas_file", "RING_KM"]

RING_KM = (500, 1000, 2000, 5000, 10000)


def atlas_file():
    """The Natural Earth file ``scripts/install-frontend.sh`` copies into the package."""
    return paths.package_resource("serve", "static", "vendor", "world-atlas", "countries-110m.json")


@cache
def _arcs() -> tuple[list[list[tuple[float, float]]], list[list[list[int]]]]:
    """Decoded arcs (lon, lat) and, per country, its rings as lists of arc indices."""
    topo = json.loads(atlas_file().read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    rings = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings.extend(ring for polygon in polygons for ring in polygon)
    return arcs, rings


def outlines(lat0: float, lon0: float, max_km: float = 10500.0) -> dict[str, Any]:
    """Projected country outlines (flat ``[x, y, ...]`` lists) and distance rings."""
    arcs, rings = _arcs()
    projected: dict[int, list[tuple[float, float] | None]] = {}

    def project(index: int) -> list[tuple[float, float] | None]:
        if index not in projected:
            out = []
            for lon, lat in arcs[index]:
                bearing, km = _bearing_distance(lat0, lon0, lat, lon)
                if km > max_km:
                    out.append(None)
                    continue
                r = GEO_SCALE * math.sqrt(km)
                out.append((r * math.sin(bearing), -r * math.cos(bearing)))
            projected[index] = out
        return projected[index]

    paths_out: list[list[float]] = []
    for ring in rings:
        line: list[float] = []
        for index in ring:
            points = project(index if index >= 0 else ~index)
            for point in points if index >= 0 else reversed(points):
                if point is None:
                    if len(line) >= 4:
                        paths_out.append(line)
                    line = []
                    continue
                x, y = round(point[0], 1), round(point[1], 1)
                if len(line) >= 2 and abs(line[-2] - x) + abs(line[-1] - y) < 2.5:
                    continue
                line += [x, y]
        if len(line) >= 4:
            paths_out.append(line)
    circles = [
        {"km": km, "r": round(GEO_SCALE * math.sqrt(km), 1)} for km in RING_KM if km <= max_km
    ]
    return {"outlines": paths_out, "rings": circles}
