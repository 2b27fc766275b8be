"""The charts and the map on the static site's questions page, looked at in headless Chromium
with the network cut off: each image loads, sits beside its question, and the SVGs hold one
mark per dated fact and per partner city. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.charts import CHARTS, data
from tests.browser import files_only, gated_page

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def offline_page(browser):
    """A page that may load file:// URLs only; every other request is aborted and recorded."""
    with gated_page(browser, files_only, viewport={"width": 1400, "height": 1000}) as gated:
        yield gated.page, gated.blocked, gated.errors


def test_site_has_each_chart_as_svg_and_png(site: Path):
    for name in CHARTS:
        for ext in ("svg", "png"):
            assert (site / "queries" / "charts" / f"{name}.{ext}").stat().st_size > 5_000


def test_questions_page_shows_every_chart_loaded_beside_its_question(site: Path, offline_page):
    """The timeline and the map are drawn in the page (interactive), the others are images."""
    from darmstadt_kg.charts.interactive import INTERACTIVE

    page, blocked, errors = offline_page
    page.goto((site / "queries" / "index.html").as_uri(), wait_until="load")
    ARTIFACTS.mkdir(exist_ok=True)
    for chart in CHARTS.values():
        figure = page.locator(f"section#{chart.question} figure#chart-{chart.name}")
        assert figure.count() == 1, chart.name
        figure.scroll_into_view_if_needed()
        if chart.name in INTERACTIVE:
            page.wait_for_selector(f'#chart-{chart.name} .dkg-chart[data-ready="true"]')
            assert figure.locator("svg .dkg-mark").count() > 10, chart.name
        else:
            width = figure.locator("img").evaluate("img => img.complete ? img.naturalWidth : 0")
            assert width > 500, f"{chart.name}: image did not load"
        figure.screenshot(path=str(ARTIFACTS / f"site-chart-{chart.name}.png"))
    assert errors == []
    assert blocked == [], f"the questions page tried to reach the network: {blocked}"


def _open_inline(page, svg: Path) -> None:
    """The SVG inside an HTML page (Chromium's screenshot of a bare SVG document hangs on
    fonts); its XML prologue dropped, its elements addressable by id."""
    text = svg.read_text(encoding="utf-8")
    page.set_content(
        "<!doctype html><html><body style='margin:0'>"
        + text[text.index("<svg") :]
        + "</body></html>",
        wait_until="load",
    )


def test_timeline_svg_in_the_browser_has_one_mark_per_dated_fact(site: Path, offline_page):
    page, blocked, _ = offline_page
    _open_inline(page, site / "queries" / "charts" / "timeline.svg")
    marks = page.locator('[id^="fact-"]').count()
    assert marks == len(data.timeline_rows()) == 41  # rows of tests/golden/timeline.tsv
    page.screenshot(path=str(ARTIFACTS / "site-timeline-svg.png"), full_page=True)
    assert blocked == []


def test_map_svg_in_the_browser_has_17_cities_on_country_outlines(site: Path, offline_page):
    page, blocked, _ = offline_page
    _open_inline(page, site / "queries" / "charts" / "partner-cities-map.svg")
    cities = page.locator('[id^="city-"]')
    assert cities.count() == 17
    assert page.locator('[id^="country-"]').count() > 40
    assert page.locator("#country-Germany").count() == 1
    box = page.locator("#city-alkmaar").bounding_box()
    assert box and box["width"] > 0
    page.screenshot(path=str(ARTIFACTS / "site-map-svg.png"), full_page=True)
    assert blocked == []
