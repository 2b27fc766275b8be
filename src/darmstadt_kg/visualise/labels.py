"""Label boxes as vis-network will draw them, estimated in Python, and overlap removal.

The browser draws labels in DejaVu Sans (Chromium's ``sans-serif`` on Debian); the widths
below are that font's advances in em, rounded up, so an estimate is never narrower than the
drawing. vis-network draws a node's label centred below the shape, 3 units under it, one
line per font size in height; an edge's label centred on the edge's middle.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

__all__ = ["Box", "text_width", "wrap", "node_box", "separate", "overlaps"]

_EM = {
    **dict.fromkeys("abdeghnopqu", 0.64),
    "c": 0.56,
    "f": 0.36,
    "i": 0.28,
    "j": 0.28,
    "k": 0.58,
    "l": 0.28,
    "m": 0.98,
    "r": 0.42,
    "s": 0.53,
    "t": 0.4,
    "v": 0.6,
    "w": 0.82,
    "x": 0.6,
    "y": 0.6,
    "z": 0.53,
    **dict.fromkeys("ABKPRSVXY", 0.7),
    "C": 0.7,
    "D": 0.78,
    "E": 0.64,
    "F": 0.58,
    "G": 0.78,
    "H": 0.76,
    "I": 0.3,
    "J": 0.3,
    "L": 0.56,
    "M": 0.87,
    "N": 0.75,
    "O": 0.79,
    "Q": 0.79,
    "T": 0.62,
    "U": 0.74,
    "W": 0.99,
    "Z": 0.69,
    **dict.fromkeys("0123456789", 0.64),
    " ": 0.32,
    ".": 0.32,
    ",": 0.32,
    ":": 0.34,
    "-": 0.37,
    "–": 0.5,
    "—": 1.0,
    "·": 0.32,
    "(": 0.4,
    ")": 0.4,
    "'": 0.28,
    "’": 0.32,
    "/": 0.34,
    "&": 0.78,
    "…": 1.0,
}


def text_width(text: str, font: float) -> float:
    """Width of one line of ``text`` at ``font`` px (a slight overestimate)."""
    em = 0.0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1]
        em += _EM.get(ch, _EM.get(base, 0.72))
    return em * font * 1.04


def wrap(text: str, limit: int = 26) -> str:
    """``text`` broken at spaces into lines of about ``limit`` characters (two at most)."""
    if len(text) <= limit or " " not in text:
        return text
    words, best = text.split(" "), None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        longest = max(len(first), len(second))
        if best is None or longest < best[0]:
            best = (longest, first + "\n" + second)
    return best[1] if best else text


@dataclass
class Box:
    """An axis-aligned box around ``(x, y)``: ``left``/``right``/``up``/``down`` from it."""

    x: float
    y: float
    left: float
    right: float
    up: float
    down: float

    def edges(self) -> tuple[float, float, float, float]:
        return (self.x - self.left, self.y - self.up, self.x + self.right, self.y + self.down)


def node_box(x: float, y: float, label: str, font: float, size: float) -> Box:
    """The box of a node of radius ``size`` with ``label`` below it (lines split on ``\\n``)."""
    lines = label.split("\n") if label else []
    half = max([size] + [text_width(line, font) / 2 for line in lines])
    return Box(x, y, half, half, size, size + 3 + font * len(lines) * 1.1)


def _overlap(a: Box, b: Box, gap: float) -> tuple[float, float]:
    ax0, ay0, ax1, ay1 = a.edges()
    bx0, by0, bx1, by1 = b.edges()
    return (min(ax1, bx1) - max(ax0, bx0) + gap, min(ay1, by1) - max(ay0, by0) + gap)


def overlaps(boxes: list[Box], gap: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, in order, of boxes closer than ``gap`` on both axes.

    Swept from left to right: a box is compared only with those whose left edge comes before
    its right edge (plus ``gap``, and a pixel against rounding), not with every other box."""
    edges = [box.edges() for box in boxes]
    order = sorted(range(len(boxes)), key=lambda n: edges[n][0])
    out = []
    for at, i in enumerate(order):
        reach = edges[i][2] + gap + 1.0
        for j in order[at + 1 :]:
            if edges[j][0] > reach:
                break
            dx, dy = _overlap(boxes[i], boxes[j], gap)
            if dx > 0 and dy > 0:
                out.append((min(i, j), max(i, j)))
    out.sort()
    return out


def separate(
    boxes: list[Box], fixed: set[int] = frozenset(), gap: float = 6.0, rounds: int = 400
) -> None:
    """Move boxes apart in place until none overlap: each overlapping pair is pushed apart
    along the axis that needs the shorter move (fixed boxes stay). Gives up after ``rounds``."""
    for _ in range(rounds):
        moved = False
        for i, j in overlaps(boxes, gap):
            a, b = boxes[i], boxes[j]
            dx, dy = _overlap(a, b, gap)
            share = 0.0 if i in fixed else 1.0 if j in fixed else 0.5
            if i in fixed and j in fixed:
                continue
            if dx < dy:
                sign = (
                    1.0
                    if (b.x - b.left + b.x + b.right) >= (a.x - a.left + a.x + a.right)
                    else -1.0
                )
                if math.isclose(a.x, b.x):
                    sign = 1.0 if j > i else -1.0
                a.x -= sign * dx * share
                b.x += sign * dx * (1 - share)
            else:
                sign = 1.0 if (b.y - b.up + b.y + b.down) >= (a.y - a.up + a.y + a.down) else -1.0
                a.y -= sign * dy * share
                b.y += sign * dy * (1 - share)
            moved = True
        if not moved:
            return
