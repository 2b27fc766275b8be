"""The editor's own result views in headless Chromium, network cut off: the library's
`timeline` question opens as a timeline at each date's precision, `partner-cities` as a map of
17 cities on country outlines, a count opens as a table with a bar chart one click away.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.charts import data
from tests.browser import gated_page, local_only, open_editor

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def editor(browser, live_server):
    with gated_page(browser, local_only, viewport={"width": 1300, "height": 1000}) as gated:
        open_editor(gated.page, live_server)
        yield gated.page
        assert gated.errors == []
        assert gated.blocked == [], f"the editor tried to reach the network: {gated.blocked}"


def _run(page, question: str) -> None:
    # the library opens each question in a tab of its own (the editor of #12)
    if not page.locator("#library-list").evaluate("d => d.open"):
        page.click("#library-list summary")
    page.click(f"#examples li:has(code:text-is('{question}')) button")
    page.click(".yasqe_queryButton:visible")


def test_result_views_are_registered_with_yasr(editor):
    names = editor.evaluate("Object.keys(window.Yasgui.Yasr.plugins)")
    assert {"dkgChart", "dkgMap", "table"} <= set(names)


def test_timeline_question_opens_as_a_timeline_at_each_dates_precision(editor):
    _run(editor, "timeline")
    editor.wait_for_selector(".yasr:visible .dkg-timeline .dkg-mark", timeout=30_000)
    assert editor.evaluate("window.darmstadtYasgui.getTab().getYasr().drawnPlugin") == "dkgChart"
    marks = editor.locator(".yasr:visible .dkg-timeline .dkg-mark")
    facts = data.dated_facts()
    assert marks.count() == len(data.timeline_rows()) == len(facts)
    days = sorted(int(d) for d in marks.evaluate_all("ms => ms.map(m => m.dataset.days)"))
    assert days == sorted((f.end - f.start).days for f in facts)
    precisions = marks.evaluate_all("ms => ms.map(m => m.dataset.precision)")
    assert sorted(precisions) == sorted(f.precision for f in facts)
    # an honest scale: after 1955, drawn width per day is the same for year and month bars
    widths = marks.evaluate_all(
        "ms => ms.filter(m => m.dataset.precision !== 'day')"
        ".map(m => [Number(m.dataset.days), Number(m.querySelector('rect').getAttribute('width')),"
        " m.querySelector('title').textContent])"
    )
    per_day = [w / d for d, w, title in widths if "1786" not in title]
    expected = sum(1 for f in facts if f.precision != "day" and f.start.year != 1786)
    assert len(per_day) == expected > 30 and max(per_day) == pytest.approx(min(per_day), rel=1e-6)
    ARTIFACTS.mkdir(exist_ok=True)
    timeline = editor.locator(".yasr:visible .dkg-timeline")
    timeline.screenshot(path=str(ARTIFACTS / "editor-timeline.png"))


def test_partner_cities_question_opens_as_a_map_of_17_cities_on_outlines(editor):
    _run(editor, "partner-cities")
    editor.wait_for_selector(".yasr:visible .dkg-map .dkg-point", timeout=30_000)
    assert editor.evaluate("window.darmstadtYasgui.getTab().getYasr().drawnPlugin") == "dkgMap"
    points = editor.locator(".yasr:visible .dkg-map .dkg-point")
    assert points.count() == 17
    coords = sorted(
        points.evaluate_all("ps => ps.map(p => [Number(p.dataset.lat), Number(p.dataset.long)])")
    )
    assert coords == sorted([c.lat, c.long] for c in data.partner_cities())
    assert editor.locator(".yasr:visible .dkg-map .dkg-country").count() > 40
    # north is up: Trondheim (63.4° N) is drawn above Nahariya (33.0° N)
    y = {float(p.get_attribute("data-lat")): float(p.get_attribute("cy")) for p in points.all()}
    assert y[63.4297] < y[33.0058]
    labels = editor.locator(".yasr:visible .dkg-map .dkg-city-label").evaluate_all(
        "ts => ts.map(t => t.textContent)"
    )
    assert sorted(labels) == sorted(c.label for c in data.partner_cities())
    editor.locator(".yasr:visible .dkg-map").screenshot(path=str(ARTIFACTS / "editor-map.png"))


def test_a_count_opens_as_a_table_with_a_bar_chart_one_click_away(editor):
    _run(editor, "twinnings-by-decade")
    editor.wait_for_selector(".yasr:visible >> text=Logroño", timeout=30_000)
    yasr = "window.darmstadtYasgui.getTab().getYasr()"
    editor.wait_for_function(f"{yasr}.drawnPlugin === 'table'")
    editor.evaluate(f"{yasr}.selectPlugin('dkgChart')")
    editor.wait_for_selector(".yasr:visible .dkg-bars .dkg-mark")
    values = editor.locator(".yasr:visible .dkg-bars .dkg-mark").evaluate_all(
        "ms => ms.map(m => Number(m.dataset.value))"
    )
    assert values == [d.count for d in data.decades() if d.count]
    editor.locator(".yasr:visible .dkg-bars").screenshot(path=str(ARTIFACTS / "editor-bars.png"))
