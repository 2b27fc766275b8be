"""The numbers behind the charts and the map, read from the graph through the query library.

Every chart reads its data here and nowhere else: the result columns each chart depends on
are named once, in ``COLUMNS``, so a change to a library query's columns is one edit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from darmstadt_kg.paths import package_resource
from darmstadt_kg.query import run_query

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "COLUMNS",
    "DatedFact",
    "Decade",
    "Cell",
    "City",
    "span",
    "dated_facts",
    "timeline_rows",
    "decades",
    "level_theme_cells",
    "level_totals",
    "partner_cities",
    "home",
]

#: query name → {role in the chart: result column}
COLUMNS: dict[str, dict[str, str]] = {
    "timeline": {"date": "date", "label": "label"},
    "dated-facts": {
        "fact": "fact",
        "date": "date",
        "what": "what",
        "label": "label",
        "kind": "kind",
    },
    "twinnings-by-decade": {"decade": "decade", "count": "twinnings", "names": "cities"},
    "levels-themes-matrix": {"row": "theme_label", "column": "level_label", "count": "bodies"},
    "bodies-per-level": {"column": "level_label", "count": "bodies"},
    "home": {"iri": "city", "label": "city_label", "lat": "lat", "long": "long"},
    "partner-cities": {
        "iri": "city",
        "label": "city_label",
        "country": "country_label",
        "lat": "lat",
        "long": "long",
        "since": "since",
    },
}

_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class DatedFact:
    """One dated fact: the span ``[start, end)`` its date stands for, at its precision."""

    fact: str
    label: str
    kind: str
    what: str  # "date" (it happened then) or "since" (it began then)
    lexical: str
    precision: str  # "year", "month" or "day"
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Decade:
    decade: str
    count: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    count: int


@dataclass(frozen=True)
class City:
    iri: str
    label: str
    country: str
    lat: float
    long: float
    since: str


def span(lexical: str, datatype: str) -> tuple[str, dt.date, dt.date]:
    """``(precision, start, end)`` of an XSD date literal; ``end`` is the first day after it.

    A ``gYear`` stands for its whole year, a ``gYearMonth`` for its month, a ``date`` for its day.
    """
    kind = datatype.removeprefix(_XSD)
    if kind == "gYear":
        year = int(lexical[:4])
        return "year", dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if kind == "gYearMonth":
        year, month = int(lexical[:4]), int(lexical[5:7])
        days = calendar.monthrange(year, month)[1]
        start = dt.date(year, month, 1)
        return "month", start, start + dt.timedelta(days=days)
    if kind in ("date", "dateTime"):
        day = dt.date.fromisoformat(lexical[:10])
        return "day", day, day + dt.timedelta(days=1)
    raise ValueError(f"{lexical!r}: a date of type {datatype} has no known precision")


def _run(name: str, store: pyoxigraph.Store | None):
    if name in ("dated-facts", "home"):
        return run_query(str(package_resource("charts", f"{name}.rq")), store=store)
    return run_query(name, store=store)


def _rows(name: str, store: pyoxigraph.Store | None) -> list[dict]:
    """Each answer row of the question ``name`` as {role: value}, the roles of ``COLUMNS``."""
    result = _run(name, store)
    at = {role: result.variables.index(column) for role, column in COLUMNS[name].items()}
    return [{role: row[i] for role, i in at.items()} for row in result.rows]


def _text(value, default: str = "") -> str:
    return str(value) if value is not None else default


def _count(value) -> int:
    return int(value.toPython())


def _city(row: dict) -> City:
    return City(
        iri=str(row["iri"]),
        label=str(row["label"]),
        country=_text(row.get("country")),
        lat=float(row["lat"]),
        long=float(row["long"]),
        since=_text(row.get("since")),
    )


def dated_facts(store: pyoxigraph.Store | None = None) -> list[DatedFact]:
    """Every dated fact with its kind and precision, in date order."""
    facts = []
    for row in _rows("dated-facts", store):
        date = row["date"]
        precision, start, end = span(str(date), str(date.datatype))
        facts.append(
            DatedFact(
                fact=str(row["fact"]),
                label=str(row["label"]),
                kind=_text(row["kind"], "Other"),
                what=str(row["what"]),
                lexical=str(date),
                precision=precision,
                start=start,
                end=end,
            )
        )
    return sorted(facts, key=lambda f: (f.start, f.end, f.label))


def timeline_rows(store: pyoxigraph.Store | None = None) -> list[tuple[str, str]]:
    """``(date, label)`` of each row of the library's ``timeline`` question."""
    return [(str(r["date"]), str(r["label"])) for r in _rows("timeline", store)]


def decades(store: pyoxigraph.Store | None = None) -> list[Decade]:
    """Twinnings per decade, with the decades between the first and the last that have none."""
    found = {}
    for r in _rows("twinnings-by-decade", store):
        names = tuple(n for n in str(r["names"]).split(", ") if n)
        found[str(r["decade"])] = Decade(str(r["decade"]), _count(r["count"]), names)
    if not found:
        return []
    first, last = (int(d[:4]) for d in (min(found), max(found)))
    return [found.get(f"{y}s", Decade(f"{y}s", 0, ())) for y in range(first, last + 1, 10)]


def level_theme_cells(store: pyoxigraph.Store | None = None) -> list[Cell]:
    """Bodies per (theme, level) pair that has any."""
    return [
        Cell(str(r["row"]), str(r["column"]), _count(r["count"]))
        for r in _rows("levels-themes-matrix", store)
    ]


def level_totals(store: pyoxigraph.Store | None = None) -> dict[str, int]:
    """Bodies per network level, every level (also one whose bodies have no theme)."""
    return {str(r["column"]): _count(r["count"]) for r in _rows("bodies-per-level", store)}


def partner_cities(store: pyoxigraph.Store | None = None) -> list[City]:
    """The partner cities with coordinates (a city without coordinates is left out)."""
    rows = _rows("partner-cities", store)
    return [_city(r) for r in rows if r["lat"] is not None and r["long"] is not None]


def home(store: pyoxigraph.Store | None = None) -> City | None:
    """Darmstadt with its coordinates (``None`` if the graph has none)."""
    rows = _rows("home", store)
    return _city(rows[0]) if rows else None
