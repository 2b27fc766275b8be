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
    "dated-facts": {"fact": "fact", "date": "date", "what": "what", "label": "label",
                    "kind": "kind"},
    "twinnings-by-decade": {"decade": "decade", "count": "twinnings", "names": "cities"},
    "levels-themes-matrix": {"row": "theme_label", "column": "level_label", "count": "bodies"},
    "bodies-per-level": {"column": "level_label", "count": "bodies"},
    "home": {"iri": "city", "label": "city_label", "lat": "lat", "long": "long"},
    "partner-cities": {"iri": "city", "label": "city_label", "country": "country_label",
                       "lat": "lat", "long": "long", "since": "since"},
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
    from darmstadt_kg.query import run_query

    if name in ("dated-facts", "home"):
        return run_query(str(package_resource("charts", f"{name}.rq")), store=store)
    return run_query(name, store=store)


def _value(row: tuple, result, column: str):
    return row[result.variables.index(column)]


def dated_facts(store: pyoxigraph.Store | None = None) -> list[DatedFact]:
    """Every dated fact with its kind and precision, in date order."""
    cols = COLUMNS["dated-facts"]
    result = _run("dated-facts", store)
    facts = []
    for row in result.rows:
        date = _value(row, result, cols["date"])
        precision, start, end = span(str(date), str(date.datatype))
        kind = _value(row, result, cols["kind"])
        facts.append(
            DatedFact(
                fact=str(_value(row, result, cols["fact"])),
                label=str(_value(row, result, cols["label"])),
                kind=str(kind) if kind is not None else "Other",
                what=str(_value(row, result, cols["what"])),
                lexical=str(date),
                precision=precision,
                start=start,
                end=end,
            )
        )
    return sorted(facts, key=lambda f: (f.start, f.end, f.label))


def timeline_rows(store: pyoxigraph.Store | None = None) -> list[tuple[str, str]]:
    """``(date, label)`` of each row of the library's ``timeline`` question."""
    cols = COLUMNS["timeline"]
    result = _run("timeline", store)
    return [
        (str(_value(r, result, cols["date"])), str(_value(r, result, cols["label"])))
        for r in result.rows
    ]


def decades(store: pyoxigraph.Store | None = None) -> list[Decade]:
    """Twinnings per decade, with the decades between the first and the last that have none."""
    cols = COLUMNS["twinnings-by-decade"]
    result = _run("twinnings-by-decade", store)
    found = {}
    for r in result.rows:
        names = str(_value(r, result, cols["names"]))
        found[str(_value(r, result, cols["decade"]))] = Decade(
            decade=str(_value(r, result, cols["decade"])),
            count=int(_value(r, result, cols["count"]).toPython()),
            names=tuple(n for n in names.split(", ") if n),
        )
    if not found:
        return []
    first, last = (int(d[:4]) for d in (min(found), max(found)))
    return [found.get(f"{y}s", Decade(f"{y}s", 0, ())) for y in range(first, last + 1, 10)]


def level_theme_cells(store: pyoxigraph.Store | None = None) -> list[Cell]:
    """Bodies per (theme, level) pair that has any."""
    cols = COLUMNS["levels-themes-matrix"]
    result = _run("levels-themes-matrix", store)
    return [
        Cell(
            row=str(_value(r, result, cols["row"])),
            column=str(_value(r, result, cols["column"])),
            count=int(_value(r, result, cols["count"]).toPython()),
        )
        for r in result.rows
    ]


def level_totals(store: pyoxigraph.Store | None = None) -> dict[str, int]:
    """Bodies per network level, every level (also one whose bodies have no theme)."""
    cols = COLUMNS["bodies-per-level"]
    result = _run("bodies-per-level", store)
    return {
        str(_value(r, result, cols["column"])): int(_value(r, result, cols["count"]).toPython())
        for r in result.rows
    }


def partner_cities(store: pyoxigraph.Store | None = None) -> list[City]:
    """The partner cities with coordinates (a city without coordinates is left out)."""
    cols = COLUMNS["partner-cities"]
    result = _run("partner-cities", store)
    cities = []
    for r in result.rows:
        lat, long = _value(r, result, cols["lat"]), _value(r, result, cols["long"])
        if lat is None or long is None:
            continue
        country = _value(r, result, cols["country"])
        cities.append(
            City(
                iri=str(_value(r, result, cols["iri"])),
                label=str(_value(r, result, cols["label"])),
                country=str(country) if country is not None else "",
                lat=float(lat),
                long=float(long),
                since=str(_value(r, result, cols["since"])),
            )
        )
    return cities


def home(store: pyoxigraph.Store | None = None) -> City | None:
    """Darmstadt with its coordinates (``None`` if the graph has none)."""
    cols = COLUMNS["home"]
    result = _run("home", store)
    for r in result.rows:
        return City(
            iri=str(_value(r, result, cols["iri"])),
            label=str(_value(r, result, cols["label"])),
            country="",
            lat=float(_value(r, result, cols["lat"])),
            long=float(_value(r, result, cols["long"])),
            since="",
        )
    return None
