"""The timeline and the map drawn in the browser on the static site's questions page
(``charts/interactive.py``, ``charts.js``), in headless Chromium with the network cut off, at a
phone's and a desktop's size: each is there, its text is legible (≥ 11 px as drawn), the map's
labels do not overlap, hovering a mark shows its fact, clicking it opens the resource's page,
zoom and the kind filter change what is shown. Also: a site built without matplotlib has them,
and ``publish site`` says in one line which images it left out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from darmstadt_kg.charts import data
from darmstadt_kg.charts.interactive import INTERACTIVE
from tests.axe import AXE, RUN
from tests.browser import files_only, gated_page

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1280, 800)]
SHOTS = Path("/tmp/shots/sparql")
# each text's size as drawn: its computed font size and the height of its box on the screen
TEXT_SIZES = """root => [...root.querySelectorAll('svg text')].flatMap(t =>
  [t.getBoundingClientRect().height, parseFloat(getComputedStyle(t).fontSize)])"""
LABEL_BOXES = """root => [...root.querySelectorAll('svg text.dkg-label')].map(t => {
  const b = t.getBoundingClientRect();
  return [b.left, b.top, b.right, b.bottom, t.textContent]; })"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def questions(request, browser, site: Path):
    """The questions page, offline (file:// only), its charts drawn."""
    width, height = request.param
    with gated_page(browser, files_only, viewport={"width": width, "height": height}) as gated:
        gated.page.goto((site / "queries" / "index.html").as_uri())
        gated.page.wait_for_selector('.dkg-chart[data-ready="true"]')
        yield gated, width
        assert gated.blocked == [] and gated.errors == []


def _chart(page, name: str):
    figure = page.locator(f"#chart-{name}")
    figure.scroll_into_view_if_needed()
    return figure


def test_the_timeline_shows_every_dated_fact_legibly(questions):
    gated, width = questions
    figure = _chart(gated.page, "timeline")
    marks = figure.locator("svg .dkg-mark")
    assert marks.count() == len(data.dated_facts()) == 41
    sizes = figure.evaluate(TEXT_SIZES)
    assert sizes and min(sizes) >= 11
    svg = figure.locator("svg").bounding_box()
    assert svg["width"] <= width  # drawn at the page's width, not scaled down to it
    SHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SHOTS / f"chart-timeline-{width}.png"))


def test_the_timeline_filters_by_kind_and_zooms(questions):
    gated, _ = questions
    figure = _chart(gated.page, "timeline")
    twinnings = sum(1 for f in data.dated_facts() if f.kind == "Twinning")
    figure.get_by_label("Twinning (17)").uncheck()
    assert figure.locator("svg .dkg-mark").count() == 41 - twinnings
    figure.get_by_label("Twinning (17)").check()
    figure.get_by_label("From year").fill("1990")
    figure.get_by_label("To year").fill("2000")
    figure.get_by_label("To year").press("Enter")
    figure.get_by_label("From year").dispatch_event("change")
    inside = [
        f
        for f in data.dated_facts()
        if f.end.year + (f.end.timetuple().tm_yday > 1) > 1990 and f.start.year < 2000
    ]
    assert figure.locator("svg .dkg-mark").count() == len(inside)
    figure.get_by_role("button", name="Show all years").click()
    assert figure.locator("svg .dkg-mark").count() == 41


def test_the_map_shows_the_cities_legibly_without_overlapping_labels(questions):
    gated, width = questions
    figure = _chart(gated.page, "partner-cities-map")
    cities = data.partner_cities()
    assert len(cities) == 17
    figure.get_by_role("button", name="All partner cities").click()
    assert figure.locator("svg .dkg-city").count() == 17
    assert figure.locator("svg .dkg-home").count() == 1
    figure.get_by_role("button", name="Europe").click()
    sizes = figure.evaluate(TEXT_SIZES)
    assert sizes and min(sizes) >= 11
    boxes = figure.evaluate(LABEL_BOXES)
    assert len(boxes) >= 12, boxes  # most cities are labelled in the opening view
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a[4], b[4])
    SHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SHOTS / f"chart-partner-cities-map-{width}.png"))


def test_hovering_a_city_shows_its_twinning_and_a_click_opens_its_page(questions, site: Path):
    gated, _ = questions
    page = gated.page
    figure = _chart(page, "partner-cities-map")
    graz = next(c for c in data.partner_cities() if c.iri.endswith("/graz"))
    mark = figure.locator(f'svg .dkg-mark[aria-label^="{graz.label} ("]')
    assert mark.count() == 1
    mark.locator("circle").hover()
    tip = figure.locator(".dkg-tip")
    assert tip.is_visible()
    assert tip.inner_text() == (
        f"{graz.label} ({graz.country}) — partner city of Darmstadt since {graz.since}"
    )
    mark.locator("circle").click()
    page.wait_for_url("**/doc/graz.html")
    assert (site / "doc" / "graz.html").is_file()


def test_hovering_a_fact_shows_it_and_a_click_opens_its_page(questions, site: Path):
    gated, _ = questions
    page = gated.page
    figure = _chart(page, "timeline")
    fact = next(f for f in data.dated_facts() if f.kind == "Twinning")
    mark = figure.locator(f'svg .dkg-mark[aria-label^="{fact.label} — "]')
    assert mark.count() == 1
    mark.locator("rect").hover()
    tip = figure.locator(".dkg-tip")
    assert tip.is_visible()
    assert tip.inner_text().startswith(f"{fact.label} — {fact.lexical} (since, {fact.precision})")
    slug = fact.fact.rsplit("/", 1)[-1]
    mark.locator("rect").click()
    page.wait_for_url(f"**/doc/{slug}.html")
    assert (site / "doc" / f"{slug}.html").is_file()


def test_the_charts_are_axe_clean(questions):
    gated, _ = questions
    page = gated.page
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # inline: the page is offline
    found = page.evaluate(RUN.replace("axe.run(document", "axe.run('.dkg-figure'"))
    assert found == []


def test_a_site_without_matplotlib_has_the_charts_and_publish_says_what_it_left_out(
    tmp_path: Path, monkeypatch
):
    """As after ``make run`` (no [charts] extra): the timeline and the map are there, drawn in
    the browser; the images are not, and ``publish site`` says so in one line on stderr."""
    from click.testing import CliRunner

    from darmstadt_kg.charts import CHARTS
    from darmstadt_kg.cli import cli

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", "site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    charts = out / "queries" / "charts"
    assert {"chart-data.js", "charts.js", "charts.css"} <= {p.name for p in charts.iterdir()}
    assert not list(charts.glob("*.png")) and not list(charts.glob("*.svg"))
    page = (out / "queries" / "index.html").read_text(encoding="utf-8")
    for name in INTERACTIVE:
        assert f'id="chart-{name}"' in page
    lines = [line for line in result.stderr.splitlines() if "left out" in line]
    assert len(lines) == 1
    assert all(name in lines[0] for name in CHARTS) and "darmstadt-kg[charts]" in lines[0]
