"""Every label the explorer shows is legible and stands alone, on a phone and on a laptop.

At 390×844 and 1280×800, for each view (overview, ego, map) in its opening state, after a
click on a node and (the overview) after unfolding a body, read from the drawn state in
Chromium: vis-network's own label boxes (``labelModule.size``, canvas units) and the boxes of
what the page writes itself (names and relations beside markers, group headings), turned into
screen pixels with ``canvasToDOM``. A label counts where it reaches into the part of the
canvas that nothing covers (``freeArea()``: less the details panel, the group bar and the zoom
buttons). Screenshots of every state go to ``test-artifacts/explorer/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pytest

from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer
from tests.browser import GatedPage, files_only, gated_page
from tests.test_accessibility import _violations

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "explorer"
SIZES = {"phone": (390, 844), "laptop": (1280, 800)}
VIEWS = {
    "whole": {},
    "whole-en": {"lang": "en"},
    "ego": {"view": "ego", "focus": "mayors-for-peace"},
    "ego-darmstadt": {"view": "ego"},
    "geo": {"view": "geo"},
    "whole-server": {"resource_href": "/id/{slug}"},  # as served: the header links five pages
}
# the node a citizen taps in each view, on a phone (in the first group shown) and a laptop;
# on a phone Nahariya is last in its column, where the details sheet comes up
TAPPED = {
    "whole": ("nahariya", "nahariya"),
    "whole-en": ("troyes", "mayors-for-peace"),
    "ego": ("hiroshima", "hiroshima"),
    "ego-darmstadt": ("alkmaar", "mayors-for-peace"),
    "geo": ("brescia", "brescia"),
    "whole-server": ("nahariya", "graz"),
}
DRAWN = """(() => {
  const x = window.dkgExplorer, net = x.network, s = net.getScale(), a = x.freeArea(), out = [];
  const box = (kind, id, size, px) => {
    const p = net.canvasToDOM({x: size.left, y: size.top});
    const q = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    out.push({kind, id, px, left: p.x, top: p.y, right: q.x, bottom: q.y});
  };
  x.nodes.get({filter: (n) => !n.hidden && n.label}).forEach((n) => {
    const m = net.body.nodes[n.id].labelModule;
    box("node", n.id, m.size, m.fontOptions.size * s);
  });
  x.edges.get({filter: (e) => !e.hidden && e.label}).forEach((e) => {
    const m = net.body.edges[e.id].labelModule;
    box("edge", e.id, m.size, m.fontOptions.size * s);
  });
  x.besides().forEach((b) => box(b.kind, b.id,
    {left: b.left, top: b.top, width: b.right - b.left, height: b.bottom - b.top}, b.font * s));
  x.headings().forEach((h) => box("heading", h.text,
    {left: h.x - h.w / 2, top: h.y - h.font * 0.6, width: h.w, height: h.font * 1.2}, h.font * s));
  const shown = out.filter((b) => b.right > a.l && b.left < a.r && b.bottom > a.t && b.top < a.b);
  const markers = {};
  x.nodes.get({filter: (n) => !n.hidden}).forEach((n) => {
    const p = net.canvasToDOM(net.getPosition(n.id));
    markers[n.id] = {x: p.x, y: p.y, px: n.size * s};
  });
  return {shown, scale: s, area: a, markers, selected: net.getSelectedNodes()};
})()"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    graph: nx.MultiDiGraph = build_network()
    folder = tmp_path_factory.mktemp("labels")
    out = {}
    for name, options in VIEWS.items():
        out[name] = folder / f"{name}.html"
        write_explorer(graph, out[name], **options)
    return out


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[GatedPage]:
    """One offline page for the module (a context of its own costs Chromium a new renderer
    process each time); every test loads its explorer into it afresh, see :func:`_opened`."""
    with gated_page(browser, files_only) as gated:
        yield gated


@contextmanager
def _opened(tab: GatedPage, path: Path, size: str) -> Iterator:
    """The page at ``size``, offline, loaded afresh; on leaving, it must have raised no script
    error."""
    width, height = SIZES[size]
    page = tab.page
    tab.errors.clear()
    tab.blocked.clear()
    page.mouse.move(0, 0)  # where the mouse of a new page is, off the canvas
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.as_uri())
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    yield page
    assert not tab.errors and not tab.blocked, (tab.errors, tab.blocked)


def _until(page, condition: str) -> None:
    """Wait until ``condition`` (a JavaScript function) holds in the page, then until the page
    has been drawn anew (vis-network redraws on an animation frame after a change)."""
    page.wait_for_function(condition)
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def _tap(page, node: str) -> None:
    """Click a node where it is drawn, and wait until the page has taken the click (a click
    waits 260 ms for a possible second one, then opens the details of the node)."""
    spot = page.evaluate(
        "(id) => { const p = window.dkgExplorer.network.canvasToDOM("
        "window.dkgExplorer.network.getPosition(id)); return p; }",
        node,
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    _until(page, "() => !document.getElementById('details').hidden")


def _shot(page, name: str) -> None:
    """A screenshot as a citizen sees it (the mouse moved off the canvas: no tooltip)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)  # an empty corner
    page.locator("div.vis-tooltip").wait_for(state="hidden")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _meet(a: dict, b: dict) -> bool:
    return min(a["right"], b["right"]) > max(a["left"], b["left"]) and min(
        a["bottom"], b["bottom"]
    ) > max(a["top"], b["top"])


def _legible(drawn: dict, least: int) -> None:
    shown = drawn["shown"]
    small = [(b["kind"], b["id"], round(b["px"], 1)) for b in shown if b["px"] < 11]
    assert not small, small
    clashes = [
        (a["kind"], a["id"], b["kind"], b["id"])
        for i, a in enumerate(shown)
        for b in shown[i + 1 :]
        if _meet(a, b)
    ]
    assert not clashes, clashes
    assert sum(b["kind"] in ("node", "name") for b in shown) >= least, shown


def _inside(drawn: dict, node: str) -> bool:
    a, m = drawn["area"], drawn["markers"][node]
    return a["l"] <= m["x"] <= a["r"] and a["t"] <= m["y"] <= a["b"]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", list(VIEWS))
def test_opening_view_and_a_click_keep_every_label_legible(tab, pages, view, size):
    tapped = TAPPED[view][size == "laptop"]
    with _opened(tab, pages[view], size) as page:
        opening = page.evaluate(DRAWN)
        _shot(page, f"{view}-{size}-open")
        _legible(opening, 4 if size == "phone" else 9)
        assert all(b["left"] >= 0 and b["right"] <= SIZES[size][0] for b in opening["shown"])
        _tap(page, tapped)
        clicked = page.evaluate(DRAWN)
        _shot(page, f"{view}-{size}-click")
        assert clicked["selected"] == [tapped]
        assert page.locator("#details").is_visible()
        assert clicked["scale"] == pytest.approx(opening["scale"])  # a click never shrinks
        assert _inside(clicked, tapped), (clicked["markers"][tapped], clicked["area"])
        _legible(clicked, 2)


@pytest.mark.parametrize("size", list(SIZES))
def test_markers_are_large_enough_to_tell_the_shapes_apart(tab, pages, size):
    with _opened(tab, pages["whole"], size) as page:
        markers = page.evaluate(DRAWN)["markers"]
        small = {n: round(m["px"], 1) for n, m in markers.items() if m["px"] < 6}
        assert not small, small  # radius in px: at least 12 px across


def _folded(page, host: str) -> list[str]:
    return page.evaluate(
        "(h) => window.dkgExplorer.nodes.get({filter: n => n.fold === h}).map(n => n.id)", host
    )


def test_a_double_click_unfolds_a_body_from_the_opening_state_into_view(tab, pages):
    with _opened(tab, pages["whole"], "laptop") as page:
        spot = page.evaluate(
            "window.dkgExplorer.network.canvasToDOM("
            "window.dkgExplorer.network.getPosition('europe-prize'))"
        )
        box = page.locator("#network").bounding_box()
        page.mouse.dblclick(box["x"] + spot["x"], box["y"] + spot["y"])
        page.wait_for_timeout(450)  # past the double-click window: no single click comes late
        assert page.evaluate("window.dkgExplorer.state.expanded.has('europe-prize')")
        drawn = page.evaluate(DRAWN)
        _shot(page, "whole-laptop-dblclick-unfold")
        unfolded = _folded(page, "europe-prize")
        assert len(unfolded) >= 5
        assert all(_inside(drawn, n) for n in unfolded + ["europe-prize"])
        assert {n for n in unfolded} <= {b["id"] for b in drawn["shown"] if b["kind"] == "name"}
        _legible(drawn, len(unfolded))


@pytest.mark.parametrize("size", list(SIZES))
def test_the_unfold_button_brings_what_it_unfolds_into_view(tab, pages, size):
    with _opened(tab, pages["whole"], size) as page:
        if size == "phone":  # one group at a time: the European networks
            page.select_option("#group", "level-european-networks")
            _until(page, "() => window.dkgExplorer.state.group === 'level-european-networks'")
        _tap(page, "europe-prize")
        button = page.locator("#details #unfold")
        assert button.is_visible() and button.bounding_box()["y"] < SIZES[size][1]
        button.click()
        _until(page, "() => document.getElementById('status').dataset.unfolded")
        drawn = page.evaluate(DRAWN)
        _shot(page, f"whole-{size}-unfold")
        unfolded = _folded(page, "europe-prize")
        assert all(_inside(drawn, n) for n in unfolded), unfolded
        assert set(unfolded) <= {b["id"] for b in drawn["shown"] if b["kind"] == "name"}
        _legible(drawn, len(unfolded))
        page.locator("#details #unfold").click()  # and folds in again
        assert not page.evaluate("window.dkgExplorer.state.expanded.has('europe-prize')")


def test_relations_sit_next_to_the_body_they_describe(tab, pages):
    with _opened(tab, pages["whole-en"], "laptop") as page:
        drawn = page.evaluate(DRAWN)
        relations = {b["id"]: b for b in drawn["shown"] if b["kind"] == "relation"}
        partners = {"troyes", "graz", "san-antonio", "nahariya", "alkmaar"}
        assert partners | {"mayors-for-peace", "europe-prize"} <= set(relations)
        gaps = []
        for node, box in relations.items():
            m = drawn["markers"][node]
            gap = max(box["left"] - m["x"], m["x"] - box["right"], 0)
            assert box["top"] <= m["y"] <= box["bottom"], node  # on the body's row
            gaps.append(gap)
        assert max(gaps) < 25, gaps  # px from the body's centre: right beside it


@pytest.mark.parametrize("size", list(SIZES))
def test_a_found_node_is_shown_in_its_group_and_never_under_the_details(tab, pages, size):
    with _opened(tab, pages["whole"], size) as page:
        page.fill("#search", "Mayors for Peace")
        page.press("#search", "Enter")
        drawn = page.evaluate(DRAWN)
        _shot(page, f"whole-{size}-search")
        assert drawn["selected"] == ["mayors-for-peace"]
        assert _inside(drawn, "mayors-for-peace")
        if size == "phone":  # the group bar switched to the node's level
            assert page.input_value("#group") == "level-international-networks"
        _legible(drawn, 2)


@pytest.mark.parametrize("view", ["whole", "ego", "geo"])
def test_on_a_phone_the_group_bar_and_the_details_sheet_pass_axe(browser, pages, view):
    """axe-core (WCAG 2.1 A/AA, critical and serious) with a node tapped at 390 px."""
    ready = "document.documentElement.dataset.ready === 'true'"
    tap = lambda page: _tap(page, TAPPED[view][0])  # noqa: E731
    assert _violations(browser, pages[view].as_uri(), ready, width=390, then=tap) == []


def test_turning_a_window_narrow_switches_to_one_group_and_back(tab, pages):
    with _opened(tab, pages["whole"], "laptop") as page:
        assert page.locator("#groups").is_hidden()
        page.set_viewport_size({"width": 390, "height": 844})
        _until(page, "() => window.dkgExplorer.state.phone === true")  # on "resize"
        assert page.locator("#groups").is_visible()
        _legible(page.evaluate(DRAWN), 4)
        _tap(page, "troyes")
        page.locator("#details #unfold").click()
        assert page.evaluate("window.dkgExplorer.state.phoneHost") == "troyes"
        page.click("#zoom-reset")  # back to the group the body belongs to
        assert page.evaluate("window.dkgExplorer.state.phoneHost") is None
        shown = page.evaluate("window.dkgExplorer.nodes.getIds({filter: n => !n.hidden})")
        assert "graz" in shown and "darmstadt" in shown
        page.set_viewport_size({"width": 1280, "height": 800})
        _until(page, "() => window.dkgExplorer.state.phone === false")
        assert page.locator("#groups").is_hidden()
        _legible(page.evaluate(DRAWN), 30)


@pytest.mark.parametrize("view", ["whole", "ego-darmstadt", "geo"])
def test_on_a_phone_every_group_is_legible(tab, pages, view):
    with _opened(tab, pages[view], "phone") as page:
        groups = page.evaluate("window.dkgExplorer.state.groups.map(g => g.id)")
        assert len(groups) >= 3
        for group in groups:
            assert page.input_value("#group") == group
            drawn = page.evaluate(DRAWN)
            shown = {b["id"] for b in drawn["shown"] if b["kind"] in ("node", "name")}
            members = page.evaluate(
                "(g) => [...window.dkgExplorer.state.groups.find(x => x.id === g).members]", group
            )
            assert set(members) <= shown, (group, set(members) - shown)  # the whole group
            _legible(drawn, len(members))
            page.click("#group-next")
        assert page.input_value("#group") == groups[0]  # and round again
