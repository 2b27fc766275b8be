"""The editor's own result views in headless Chromium, network cut off, at a phone's and a
desktop's size. The library's `timeline` question opens as the static site's interactive
timeline (charts.js, drawn from the result), `partner-cities` as its interactive map of the 17
cities on country outlines: marks for every row, text ≥ 11 px as drawn, map labels that do not
overlap, the row's fact on hover, a click to the resource's page on this server, zoom and the
kind filter; axe finds nothing critical or serious once a chart is shown. A count opens as a
table with a legible bar chart one click away. Screenshots go to /tmp/shots/editor/."""

from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import pytest

from darmstadt_kg.charts import data
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.query import run_query
from tests.axe import run_axe, serve_axe
from tests.browser import gated_page, local_only, open_editor

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1280, 800)]
SHOTS = Path("/tmp/shots/editor")
YASR = "window.darmstadtYasgui.getTab().getYasr()"
CHART = ".yasr:visible .dkg-chart[data-ready='true']"
# each text's size as drawn: SVG text by its box on the screen and its computed size, and the
# computed size of every HTML element of the chart that holds text of its own
TEXT_SIZES = """root => [...root.querySelectorAll('svg text')].flatMap(t =>
  [t.getBoundingClientRect().height, parseFloat(getComputedStyle(t).fontSize)]).concat(
  [...root.querySelectorAll('button, label, p, li')].filter(e => e.offsetParent !== null &&
    [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
LABEL_BOXES = """root => [...root.querySelectorAll('svg text.dkg-label')].map(t => {
  const b = t.getBoundingClientRect();
  return [b.left, b.top, b.right, b.bottom, t.textContent]; })"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def editor(request, browser, live_server):
    width, height = request.param
    options = {"viewport": {"width": width, "height": height}, "bypass_csp": True}
    with gated_page(browser, local_only, **options) as gated:
        open_editor(gated.page, live_server)
        yield gated.page, width
        assert gated.errors == []
        assert gated.blocked == [], f"the editor tried to reach the network: {gated.blocked}"


def _run(page, question: str) -> None:
    # the library opens each question in a tab of its own (the editor of #12)
    if not page.locator("#library-list").evaluate("d => d.open"):
        page.click("#library-list summary")
    page.click(f"#examples li:has(code:text-is('{question}')) button")
    page.click(".yasqe_queryButton:visible")


def _legible(chart, width: int) -> None:
    sizes = chart.evaluate(TEXT_SIZES)
    assert sizes and min(sizes) >= 11, min(sizes)
    box = chart.locator("svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # drawn at the page's width


def _opens_on_this_server(page, base: str, slug: str) -> None:
    page.wait_for_url(f"{base}/doc/{slug}.html")
    with urlopen(f"{base}/doc/{slug}.html") as answer:  # the page exists, not a 404
        assert answer.status == 200


def test_result_views_are_registered_with_yasr(editor):
    page, _ = editor
    names = page.evaluate("Object.keys(window.Yasgui.Yasr.plugins)")
    assert {"dkgChart", "dkgMap", "table"} <= set(names)


def test_timeline_question_opens_as_an_interactive_timeline(editor, live_server):
    page, width = editor
    _run(page, "timeline")
    page.wait_for_selector(f"{CHART}[data-chart='timeline'] svg .dkg-mark", timeout=30_000)
    assert page.evaluate(f"{YASR}.drawnPlugin") == "dkgChart"
    chart = page.locator(f"{CHART}[data-chart='timeline']")
    marks = chart.locator("svg .dkg-mark")
    rows = data.timeline_rows()
    facts = data.dated_facts()
    assert marks.count() == len(rows) == len(facts) == 41
    # each mark's fact names its row's label, date and the precision the date stands for
    said = marks.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert sorted(s.split(" — ")[0] for s in said) == sorted(label for _, label in rows)
    precisions = sorted(s.split(" — ")[1].split(" (")[1].rstrip(")") for s in said)
    assert precisions == sorted(f.precision for f in facts)
    _legible(chart, width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(SHOTS / f"timeline-{width}.png"))

    # the kind filter (the query's ?what column) and zoom change what is shown
    since = sum(1 for f in facts if f.what == "since")
    assert 0 < since < 41
    chart.get_by_label(f"since ({since})").uncheck()
    assert marks.count() == 41 - since
    chart.get_by_label(f"since ({since})").check()
    chart.get_by_label("From year").fill("2000")
    chart.get_by_label("To year").fill("2010")
    chart.get_by_label("To year").dispatch_event("change")
    inside = [f for f in facts if f.end.year + (f.end.timetuple().tm_yday > 1) > 2000]
    inside = [f for f in inside if f.start.year < 2010]
    assert marks.count() == len(inside)
    chart.get_by_role("button", name="Show all years").click()
    assert marks.count() == 41

    # hover shows the fact; a click opens the page of the resource the row names
    europe_prize = chart.locator("svg .dkg-mark[aria-label^='Europe Prize: awarded since 1955']")
    assert europe_prize.count() == 1
    europe_prize.locator("rect").hover()
    tip = chart.locator(".dkg-tip")
    assert tip.is_visible()
    assert tip.inner_text().startswith("Europe Prize: awarded since 1955 — 1955 (year) — date")
    href = europe_prize.get_attribute("href")
    assert href == "/doc/founding-europe-prize.html"  # the fact the row shows (?fact)
    europe_prize.locator("rect").click()
    _opens_on_this_server(page, live_server, "founding-europe-prize")


def test_each_timeline_mark_links_to_the_page_of_the_fact_it_shows(editor):
    page, _ = editor
    _run(page, "timeline")
    marks = page.locator(f"{CHART}[data-chart='timeline'] svg .dkg-mark")
    marks.first.wait_for(timeout=30_000)
    answer = run_query("timeline")
    fact = answer.variables.index("fact")
    label = answer.variables.index("label")
    expected = {
        (str(row[label]), f"/doc/{str(row[fact]).removeprefix(str(DKR))}.html")
        for row in answer.rows
    }
    shown = marks.evaluate_all(
        "ms => ms.map(m => [m.getAttribute('aria-label'), m.getAttribute('href')])"
    )
    assert len(shown) == len(expected) == 41
    found = set()
    for aria, href in shown:
        matching = {h for name, h in expected if aria.startswith(name)}
        assert href in matching, (aria, href)
        found.add(href)
    assert found == {h for _, h in expected}  # 41 marks, 41 distinct facts


def test_partner_cities_question_opens_as_an_interactive_map(editor, live_server):
    page, width = editor
    _run(page, "partner-cities")
    page.wait_for_selector(f"{CHART}[data-chart='map'] svg .dkg-city", timeout=30_000)
    assert page.evaluate(f"{YASR}.drawnPlugin") == "dkgMap"
    chart = page.locator(f"{CHART}[data-chart='map']")
    cities = data.partner_cities()
    assert len(cities) == 17
    assert chart.locator("svg .dkg-land").count() > 40  # country outlines, offline
    # the opening view: legible, most cities labelled, no two labels overlap
    _legible(chart, width)
    boxes = chart.evaluate(LABEL_BOXES)
    assert len(boxes) >= 10, boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a[4], b[4])
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(SHOTS / f"map-{width}.png"))
    # zoomed out to every place: one mark per city, north up
    chart.get_by_role("button", name="All places").click()
    marks = chart.locator("svg .dkg-mark")
    assert marks.count() == 17
    said = marks.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert sorted(s.split(" (")[0] for s in said) == sorted(c.label for c in cities)
    y = {
        s.split(" (")[0]: float(m.locator("circle").get_attribute("cy"))
        for s, m in zip(said, marks.all(), strict=True)
    }
    trondheim = next(c for c in cities if c.lat > 63)
    nahariya = next(c for c in cities if 32.9 < c.lat < 33.1)
    assert y[trondheim.label] < y[nahariya.label]
    chart.screenshot(path=str(SHOTS / f"map-all-{width}.png"))

    # hover shows the row's fact; a click opens the city's page on this server
    graz = next(c for c in cities if c.iri.endswith("/graz"))
    chart.get_by_role("button", name="Main cluster").click()
    mark = chart.locator(f'svg .dkg-mark[aria-label^="{graz.label} ("]')
    assert mark.count() == 1
    mark.locator("circle").hover()
    tip = chart.locator(".dkg-tip")
    assert tip.is_visible()
    fact = tip.inner_text()
    assert fact.startswith(f"{graz.label} ({graz.lat}, {graz.long})")
    assert f"country_label: {graz.country}" in fact and f"since: {graz.since}" in fact
    mark.locator("circle").click()
    _opens_on_this_server(page, live_server, "graz")


def test_the_editor_is_axe_clean_with_a_chart_shown(editor):
    page, width = editor
    serve_axe(page)
    for question, kind in (("timeline", "timeline"), ("partner-cities", "map")):
        _run(page, question)
        page.wait_for_selector(f"{CHART}[data-chart='{kind}'] svg .dkg-mark", timeout=30_000)
        assert run_axe(page) == [], (question, width)


def test_a_count_opens_as_a_table_with_a_bar_chart_one_click_away(editor):
    page, width = editor
    _run(page, "twinnings-by-decade")
    page.wait_for_selector(".yasr:visible >> text=Logroño", timeout=30_000)
    page.wait_for_function(f"{YASR}.drawnPlugin === 'table'")
    page.evaluate(f"{YASR}.selectPlugin('dkgChart')")
    page.wait_for_selector(".yasr:visible .dkg-bars .dkg-mark")
    values = page.locator(".yasr:visible .dkg-bars .dkg-mark").evaluate_all(
        "ms => ms.map(m => Number(m.dataset.value))"
    )
    assert values == [d.count for d in data.decades() if d.count]
    _legible(page.locator(".yasr:visible .dkg-bars"), width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".yasr:visible .dkg-bars").screenshot(path=str(SHOTS / f"bars-{width}.png"))
