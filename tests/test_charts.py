"""The charts and the map say what the graph says: one mark per fact, city or count, each
at the place and size its datum gives, and the same bytes on every rebuild."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the [charts] extra is part of [test]")

from matplotlib.dates import date2num  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from darmstadt_kg.charts import CHARTS, chart_for, data, draw, geo, write_charts  # noqa: E402
from darmstadt_kg.charts.map import centre, map_figure, split_far  # noqa: E402
from darmstadt_kg.charts.style import gid, kind_colour  # noqa: E402
from darmstadt_kg.templates.evidence import Window  # noqa: E402


@pytest.fixture(scope="module")
def facts():
    return data.dated_facts()


@pytest.fixture(scope="module")
def timeline(facts):
    return draw.timeline_figure(facts)


def _marks(fig, prefix, kind=Rectangle):
    return [
        a
        for ax in fig.axes
        for a in ax.get_children()
        if isinstance(a, kind) and (a.get_gid() or "").startswith(prefix)
    ]


# --- the data behind the timeline ------------------------------------------------------------


@pytest.mark.parametrize(
    "lexical, datatype, precision, days",
    [
        ("2020", "gYear", "year", 366),
        ("2021", "gYear", "year", 365),
        ("2016-02", "gYearMonth", "month", 29),
        ("2021-07", "gYearMonth", "month", 31),
        ("1786-11-30", "date", "day", 1),
    ],
)
def test_span_of_a_date_is_its_year_month_or_day(lexical, datatype, precision, days):
    got, start, end = data.span(lexical, "http://www.w3.org/2001/XMLSchema#" + datatype)
    assert got == precision
    assert (end - start).days == days
    assert start.isoformat().startswith(lexical[:7] if precision != "year" else lexical)


def test_span_of_an_unknown_date_type_is_an_error_naming_it():
    with pytest.raises(ValueError, match="no known precision"):
        data.span("12:00:00", "http://www.w3.org/2001/XMLSchema#time")


def test_dated_facts_are_exactly_the_rows_of_the_library_timeline_question(facts):
    assert Counter((f.lexical, f.label) for f in facts) == Counter(data.timeline_rows())


def test_every_dated_fact_has_a_kind_from_the_ontology(facts):
    kinds = Counter(f.kind for f in facts)
    assert "Other" not in kinds
    assert {"Twinning", "Membership", "Founding", "Endorsement", "Award conferral"} <= set(kinds)
    assert kinds["Twinning"] == 17


# --- the timeline chart ----------------------------------------------------------------------


def test_timeline_draws_one_bar_per_dated_fact(timeline, facts):
    bars = _marks(timeline, "fact-")
    assert len(bars) == len(facts) == len(data.timeline_rows())
    assert sorted(b.get_gid() for b in bars) == sorted(gid("fact", f.fact) for f in facts)


def test_each_bar_starts_at_its_date_and_spans_its_precision(timeline, facts):
    bars = {b.get_gid(): b for b in _marks(timeline, "fact-")}
    for fact in facts:
        bar = bars[gid("fact", fact.fact)]
        assert bar.get_x() == pytest.approx(date2num(fact.start))
        days = bar.get_width()
        if fact.precision == "year":
            assert days == (366 if calendar.isleap(fact.start.year) else 365)
        elif fact.precision == "month":
            assert days == calendar.monthrange(fact.start.year, fact.start.month)[1]
        else:
            assert days == 1


def test_a_year_dated_twinning_spans_the_whole_year(timeline, facts):
    alkmaar = next(f for f in facts if f.fact.endswith("twinning-darmstadt-alkmaar"))
    bar = next(b for b in _marks(timeline, "fact-") if b.get_gid() == gid("fact", alkmaar.fact))
    assert (alkmaar.lexical, alkmaar.precision) == ("1958", "year")
    assert bar.get_x() == date2num(dt.date(1958, 1, 1))
    assert bar.get_x() + bar.get_width() == date2num(dt.date(1959, 1, 1))


def test_month_and_day_facts_get_a_visible_marker_over_their_narrow_bar(timeline, facts):
    narrow = {gid("marker", f.fact) for f in facts if f.precision != "year"}
    markers = {m.get_gid() for m in _marks(timeline, "marker-", Line2D)}
    assert narrow and markers == narrow


def test_bars_are_coloured_by_kind_and_the_legend_names_every_kind(timeline, facts):
    from matplotlib.colors import to_hex

    bars = {b.get_gid(): b for b in _marks(timeline, "fact-")}
    for fact in facts:
        colour = to_hex(bars[gid("fact", fact.fact)].get_facecolor())
        assert colour == kind_colour(fact.kind).lower()
    legend = {t.get_text() for t in timeline.legends[0].get_texts()}
    assert {f.kind for f in facts} <= legend


def test_each_fact_is_drawn_in_the_axis_part_that_shows_its_year(timeline):
    for ax in timeline.axes:
        lo, hi = ax.get_xlim()
        for bar in _marks_in(ax):
            assert lo <= bar.get_x() and bar.get_x() + bar.get_width() <= hi


def _marks_in(ax):
    return [a for a in ax.patches if (a.get_gid() or "").startswith("fact-")]


def test_time_axis_breaks_only_over_a_long_empty_stretch(facts):
    assert draw.segments(facts) == [(1786, 1786), (1955, 2023)]
    assert len(draw.timeline_figure(facts).axes) == 2


# --- twinnings per decade, bodies per theme and level -----------------------------------------


def test_decade_bars_have_the_lengths_of_the_query_counts():
    rows = data.decades()
    fig = draw.decades_figure(rows)
    bars = {b.get_gid(): b.get_width() for b in _marks(fig, "decade-")}
    assert bars == {gid("decade", d.decade): d.count for d in rows}
    assert sum(bars.values()) == 17


def test_a_decade_without_twinnings_is_drawn_as_zero_not_left_out(monkeypatch):
    rows = [data.Decade("1950s", 2, ("A", "B")), data.Decade("1970s", 1, ("C",))]
    monkeypatch.setattr(data, "_run", lambda name, store: _FakeDecades(rows))
    filled = data.decades()
    assert [(d.decade, d.count) for d in filled] == [("1950s", 2), ("1960s", 0), ("1970s", 1)]


class _FakeDecades:
    """A result of the shape of twinnings-by-decade (to test the gap filling on its own)."""

    def __init__(self, rows):
        import rdflib

        self.variables = ["decade", "twinnings", "cities"]
        self.rows = [
            (rdflib.Literal(d.decade), rdflib.Literal(d.count), rdflib.Literal(", ".join(d.names)))
            for d in rows
        ]


def test_matrix_cells_show_the_query_counts_and_every_level_appears():
    cells, totals = data.level_theme_cells(), data.level_totals()
    fig = draw.matrix_figure(cells, totals)
    ax = fig.axes[0]
    columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    shown = {
        (
            rows[int(t.get_gid().split("-")[1])],
            columns[int(t.get_gid().split("-")[2])],
        ): t.get_text()
        for t in ax.texts
        if (t.get_gid() or "").startswith("cell-")
    }
    for cell in cells:
        assert shown[(cell.row, cell.column)] == str(cell.count)
    assert set(columns) == set(totals)
    for level, n in totals.items():
        assert shown[("all bodies of the level", level)] == str(n)
    filled = len(cells) + sum(1 for n in totals.values() if n)
    assert sum(t != "·" for t in shown.values()) == filled


# --- the map ----------------------------------------------------------------------------------


def test_topojson_decoding_undoes_quantisation_deltas_and_reversed_arcs():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "A"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"name": "B"}},
                    {"type": "Point", "coordinates": [0, 0]},
                ],
            }
        },
    }
    a, b = geo.decode(topology)
    ring = [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert a.name == "A" and list(a.polygons[0][0]) == ring
    assert b.name == "B" and list(b.polygons[0][0]) == ring[::-1]
    assert a.bounds == b.bounds == (10.0, 20.0, 11.0, 21.0)  # west, south, east, north


def test_natural_earth_outline_of_germany_holds_darmstadt_and_not_paris():
    from matplotlib.path import Path as MplPath

    germany = next(c for c in geo.countries() if c.name == "Germany")
    outline = MplPath(germany.polygons[0][0])
    assert outline.contains_point((8.6528, 49.8722))
    assert not outline.contains_point((2.35, 48.86))
    assert len(geo.countries()) == 177


@pytest.mark.parametrize("lat0, lon0", [(49.87, 8.65), (-33.9, 18.4), (64.1, -21.9), (0.0, 179.0)])
def test_a_place_map_passes_over_only_countries_with_no_point_in_its_view(lat0, lon0):
    view = Window(lat0, lon0, 5.0, 320, 200)
    passed = [c for c in geo.countries() if not view.may_reach(c.bounds, margin=200)]
    assert 0 < len(passed) < len(geo.countries())
    for country in passed:
        points = [p for polygon in country.polygons for ring in polygon for p in ring]
        assert not any(view.inside(lat, lon, margin=200) for lon, lat in points), country.name


def test_missing_outline_file_is_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="install-frontend.sh"):
        geo.countries(tmp_path / "none.json")


@pytest.fixture(scope="module")
def cities():
    return data.partner_cities()


@pytest.fixture(scope="module")
def world(cities):
    return map_figure(cities, data.home())


def test_map_has_one_marker_per_partner_city_at_its_projected_coordinate(world, cities):
    assert len(cities) == 17
    markers = {m.get_gid(): m for m in _marks(world, "city-", Line2D)}
    assert sorted(markers) == sorted(gid("city", c.iri) for c in cities)
    near, far = split_far(cities, data.home())
    lon0, lat0 = centre(near + [data.home()])
    for city in cities:
        x, y = markers[gid("city", city.iri)].get_xydata()[0]
        expected = (
            geo.laea(city.long, city.lat, lon0, lat0)
            if city in near
            else geo.laea(city.long, city.lat, city.long, city.lat)
        )
        assert (x, y) == pytest.approx(expected)
    assert [c.label for c in far] == ["San Antonio"]


def test_every_city_marker_lies_on_a_drawn_country_outline_within_25_km(world, cities):
    """Coastal cities (Liepāja) may lie just outside the coarse 1:110m coastline."""
    km = 1 / 6371  # projected units are earth radii
    for marker in _marks(world, "city-", Line2D):
        ax = marker.axes
        point = marker.get_xydata()[0]
        outlines = [p.get_path() for p in ax.patches if isinstance(p, PathPatch)]
        assert any(
            o.contains_point(point, radius=r) or o.contains_point(point, radius=-r)
            for o in outlines
            for r in (25 * km,)
        ), marker.get_gid()
    inland = [m for m in _marks(world, "city-", Line2D) if m.get_gid() != "city-liepaja"]
    for marker in inland:
        outlines = [p.get_path() for p in marker.axes.patches if isinstance(p, PathPatch)]
        assert any(o.contains_point(marker.get_xydata()[0]) for o in outlines), marker.get_gid()


def test_map_draws_country_outlines_around_the_cities(world):
    main = world.axes[0]
    names = {p.get_gid() for p in main.patches if (p.get_gid() or "").startswith("country-")}
    assert {"country-Germany", "country-France", "country-Turkey", "country-Israel"} <= names
    assert len(names) > 40


def test_map_labels_name_every_city_and_do_not_overlap(world, cities):
    renderer = world.canvas.get_renderer()
    labels = [t for ax in world.axes for t in ax.texts if isinstance(t, Annotation)]
    assert sorted(t.get_text() for t in labels) == sorted(
        [f"{c.label} {c.since}" for c in cities] + ["Darmstadt"]
    )
    boxes = [t.get_window_extent(renderer) for t in labels]
    clashes = [
        (labels[i].get_text(), labels[j].get_text())
        for i, j in combinations(range(len(boxes)), 2)
        if boxes[i].overlaps(boxes[j])
    ]
    assert clashes == []


# --- files ------------------------------------------------------------------------------------


def test_every_chart_belongs_to_a_library_question():
    from darmstadt_kg.library import find

    for chart in CHARTS.values():
        assert find(chart.question).name == chart.question
        assert chart in chart_for(chart.question)


def test_rebuilding_the_charts_gives_the_same_bytes_without_dates_or_versions(tmp_path: Path):
    first = write_charts(tmp_path / "a")
    second = write_charts(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    assert len(first) == 2 * len(CHARTS)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert b"matplotlib version" not in a.read_bytes().lower()
        assert b"<dc:date>" not in a.read_bytes()


def test_svg_timeline_carries_one_mark_per_fact(tmp_path: Path, facts):
    written = write_charts(tmp_path, formats=("svg",))
    svg = next(p for p in written if p.name == "timeline.svg").read_text(encoding="utf-8")
    assert svg.count('<g id="fact-') == len(facts)


def test_site_without_the_charts_extra_draws_the_timeline_and_map_in_the_browser_only(
    monkeypatch, tmp_path
):
    """No images and no links to any; the timeline and the map drawn in the browser instead,
    and every chart named as left out."""
    import sys

    from darmstadt_kg.charts import CHARTS
    from darmstadt_kg.publish import indexes, site

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    found, left_out = site._write_charts(tmp_path / "charts", {"graz"})
    assert found == {
        "timeline": [("timeline", CHARTS["timeline"].title, False)],
        "partner-cities": [("partner-cities-map", CHARTS["partner-cities-map"].title, False)],
    }
    assert left_out == sorted(CHARTS)
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "chart-data.js",
        "charts.css",
        "charts.js",
    ]
    from darmstadt_kg import paths
    from darmstadt_kg.load import get_rdflib_graph, get_store

    files = [paths.queries_dir() / "timeline.rq"]
    page = indexes.render_queries(get_rdflib_graph(), get_store(), files, found)
    assert 'data-chart="timeline"' in page and ".svg" not in page and "<img" not in page


def test_questions_page_puts_each_chart_in_its_questions_section():
    from darmstadt_kg import paths
    from darmstadt_kg.load import get_rdflib_graph, get_store
    from darmstadt_kg.publish.indexes import render_queries

    files = [paths.queries_dir() / "timeline.rq", paths.queries_dir() / "counts.rq"]
    html = render_queries(
        get_rdflib_graph(),
        get_store(),
        files,
        {"timeline": [("timeline", "A <title>", True), ("twinnings-by-decade", "B <title>", True)]},
    )
    timeline = html[html.index('<section id="timeline">') : html.index('<section id="counts">')]
    assert '<div class="dkg-chart" data-chart="timeline" data-root="../"' in timeline
    assert 'href="charts/timeline.svg"' in timeline  # the image, as a download
    assert (
        '<img src="charts/twinnings-by-decade.svg" alt="B &lt;title&gt; (chart of the answer'
        in timeline
    )
    counts = html[html.index('<section id="counts">') :]
    assert "<img" not in counts and "dkg-chart" not in counts.split("</section>")[0]
