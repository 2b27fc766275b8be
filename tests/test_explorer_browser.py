"""The explorer in a real headless Chromium, from file://, with every network request blocked."""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pytest

from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer
from tests.network_samples import HOSTILE, hostile_network, synthetic_network

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIEWS = {
    "whole": {},
    "ego": {"view": "ego", "focus": "mayors-for-peace", "depth": 2},
    "geo": {"view": "geo"},
}


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_network()


@pytest.fixture(scope="module")
def pages(graph, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("explorer")
    out = {}
    for name, options in VIEWS.items():
        out[name] = folder / f"{name}.html"
        write_explorer(graph, out[name], **options)
    out["site"] = folder / "explore" / "index.html"  # as the static site writes it
    write_explorer(graph, out["site"], lang="en", resource_href="../doc/{slug}.html")
    out["hostile"] = folder / "hostile.html"
    write_explorer(hostile_network(), out["hostile"], lang="en")
    out["large"] = folder / "large.html"
    write_explorer(synthetic_network(1000), out["large"])
    out["huge"] = folder / "huge.html"
    write_explorer(synthetic_network(5000), out["huge"], lang="en")
    return out


class Page:
    """A page opened from file:// that records console errors, dialogs and every request."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def offline(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self.context.route("**/*", offline)
        started = time.perf_counter()
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_function("document.documentElement.dataset.ready === 'true'",
                                    timeout=30_000)  # fmt: skip
        self.load_seconds = time.perf_counter() - started

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def close(self) -> None:
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked
        assert all(u.startswith(("file://", "data:", "blob:")) for u in self.requests), (
            self.requests
        )
        assert not self.dialogs, self.dialogs
        self.context.close()


@pytest.fixture
def opened(browser, pages):
    opened_pages: list[Page] = []

    def open_(name: str, fragment: str = "") -> Page:
        page = Page(browser, pages[name], fragment)
        opened_pages.append(page)
        return page

    yield open_
    for page in opened_pages:
        page.close()


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_renders_every_node_offline(opened, graph, view):
    from darmstadt_kg.visualise import view_graph

    page = opened(view)
    sub, _, _ = view_graph(graph, **{"view": "whole", **VIEWS[view]})
    positions = page.js("window.dkgExplorer.network.getPositions()")
    assert set(positions) == set(sub)
    assert page.js("window.dkgExplorer.edges.length") == sub.number_of_edges()
    assert page.page.locator("#status").get_attribute("data-shown") == str(len(sub))
    time.sleep(0.5)
    assert page.js("window.dkgExplorer.network.getPositions()") == positions  # holds still
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"explorer-{view}.png"))


def _hidden(page: Page) -> set[str]:
    return set(page.js("window.dkgExplorer.nodes.get({filter: n => n.hidden}).map(n => n.id)"))


def test_type_level_and_theme_filters_hide_what_they_should(opened, graph):
    page = opened("whole")
    cities = {n for n, t in graph.nodes(data="type") if t == "city"} - {"darmstadt"}
    page.page.check("#f-types-city")  # already checked: no change
    page.page.uncheck("#f-types-city")
    assert _hidden(page) == cities
    assert int(page.page.locator("#status").get_attribute("data-shown")) == len(graph) - len(cities)
    page.page.click("#reset")
    assert _hidden(page) == set()
    international = {n for n, lv in graph.nodes(data="level")
                     if lv == "level-international-networks"}  # fmt: skip
    page.page.uncheck("#f-levels-level-international-networks")
    assert _hidden(page) == international and "mayors-for-peace" in international
    page.page.click("#reset")
    page.page.uncheck("#f-themes-theme-town-twinning")
    hidden = _hidden(page)
    assert "sister-cities-international" not in hidden  # it has another theme still shown
    assert "netzwerk-der-partnerschaftsvereine" in hidden
    page.page.screenshot(path=str(ARTIFACTS / "explorer-filtered.png"))


def _label_px(page: Page) -> dict[str, float]:
    """Each node's label size on screen at the current zoom."""
    return page.js(
        """(() => { const x = window.dkgExplorer, s = x.network.getScale(), px = {};
          x.nodes.forEach((n) => { px[n.id] = n.font.size * s; }); return px; })()"""
    )


def test_hub_labels_are_readable_with_the_whole_network_in_view(opened):
    page = opened("whole")
    # vis-network leaves out a label drawn smaller than 5 px on screen
    on_screen = _label_px(page)
    for hub in ("darmstadt", "mayors-for-peace", "europe-prize", "deutscher-staedtetag"):
        assert on_screen[hub] >= 6, (hub, on_screen[hub])
    assert on_screen["darmstadt"] > on_screen["mayors-for-peace"]
    assert on_screen["luisenplatz"] < 5  # places and people appear as one zooms in
    page.page.fill("#search", "Mayors for Peace")
    page.page.press("#search", "Enter")  # zooms in to 1.3
    near = _label_px(page)
    assert 14 <= near["mayors-for-peace"] <= 20 and 20 <= near["darmstadt"] <= 26, near


def test_the_centre_label_does_not_swamp_a_small_view(opened):
    page = opened("geo")  # 19 nodes: the opening zoom is about three times the whole view's
    on_screen = _label_px(page)
    assert 10 <= on_screen["darmstadt"] <= 20, on_screen["darmstadt"]
    assert all(8 <= px <= 16 for node, px in on_screen.items() if node != "darmstadt"), on_screen


def test_search_focuses_the_right_node(opened):
    page = opened("whole")
    page.page.fill("#search", "Hiroshima")
    page.page.press("#search", "Enter")
    assert page.page.locator("#status").get_attribute("data-found") == "hiroshima"
    assert page.js("window.dkgExplorer.network.getSelectedNodes()") == ["hiroshima"]
    view = page.js("window.dkgExplorer.network.getViewPosition()")
    node = page.js("window.dkgExplorer.network.getPositions(['hiroshima']).hiroshima")
    assert abs(view["x"] - node["x"]) < 1 and abs(view["y"] - node["y"]) < 1
    assert "Mayors for Peace → 1982 gegründet in → Hiroshima" in page.page.inner_text("#details")
    page.page.fill("#search", "Atlantis")
    page.page.press("#search", "Enter")
    assert page.page.locator("#status").get_attribute("data-found") == ""


def _detail_links(page: Page) -> list[dict[str, str]]:
    return page.js(
        "[...document.querySelectorAll('#details a')].map(a => "
        "({href: a.href, text: a.textContent, target: a.target, rel: a.rel}))"
    )


def test_details_link_to_the_node_and_its_outside_pages(opened):
    page = opened("whole")
    page.page.fill("#search", "Mayors for Peace")
    page.page.press("#search", "Enter")
    links = _detail_links(page)
    assert [a["href"] for a in links] == [
        "https://w3id.org/darmstadt-kg/id/mayors-for-peace",  # no resource_href: the IRI
        "https://www.mayorsforpeace.de/",
    ]
    assert all(a["target"] == "_blank" and "noopener" in a["rel"] for a in links)


def test_a_focus_fragment_opens_the_node_with_a_link_to_its_page(opened, pages):
    page = opened("site", "#focus=hiroshima")
    assert page.page.locator("#status").get_attribute("data-found") == "hiroshima"
    assert page.js("window.dkgExplorer.network.getSelectedNodes()") == ["hiroshima"]
    links = _detail_links(page)
    expected = (pages["site"].parent.parent / "doc" / "hiroshima.html").as_uri()
    assert links[0] == {"href": expected, "text": "Resource page", "target": "_blank",
                        "rel": "noopener noreferrer"}  # fmt: skip
    assert links[1]["href"] == "http://www.wikidata.org/entity/Q34664"
    unknown = opened("site", "#focus=atlantis")
    assert "atlantis" in unknown.page.inner_text("#status")
    assert unknown.js("window.dkgExplorer.network.getSelectedNodes()") == []


def _hover_edge(page: Page, edge: str) -> str:
    """Zoom onto the middle of ``edge``, move the mouse there, return the tooltip's text."""
    dom = page.page.evaluate(
        """(id) => {
          const x = window.dkgExplorer, e = x.edges.get(id);
          const p = x.network.getPositions([e.from, e.to]);
          const mid = {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2};
          x.network.moveTo({position: mid, scale: 2, animation: false});
          return x.network.canvasToDOM(mid);
        }""",
        edge,
    )
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.move(box["x"] + dom["x"] - 3, box["y"] + dom["y"] - 3)
    page.page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
    tip = page.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip.inner_text()


def test_tooltip_shows_a_facts_source(opened):
    page = opened("whole")
    text = _hover_edge(page, "membership-darmstadt-mayors-for-peace")
    assert "seit 1998" in text
    assert "Mitgliedschaft (dkg:Membership)" in text  # what kind of fact, in the page's language
    assert "Quelle: " in text and "Internationale Netzwerke" in text
    page.page.screenshot(path=str(ARTIFACTS / "explorer-tooltip.png"))


def test_language_switch(opened):
    page = opened("whole")
    assert "Stadt" in page.page.inner_text("#legend")
    page.page.select_option("#lang", "en")
    assert "City" in page.page.inner_text("#legend")
    label = page.js("window.dkgExplorer.edges.get('membership-darmstadt-mayors-for-peace').label")
    assert label == "member since 1998"


def test_hostile_labels_show_as_text(opened):
    page = opened("hostile")
    assert page.js("window.pwned === undefined")
    assert page.js("document.querySelectorAll('script').length") == 3
    assert page.js("document.querySelectorAll('img').length") == 0
    text = _hover_edge(page, "evil-edge")
    assert HOSTILE in text  # shown literally, as text
    page.js("window.dkgExplorer.search('evil')")
    assert page.page.locator("#details").is_visible()
    assert _detail_links(page) == []  # javascript: and other non-web links are not linked


def test_a_thousand_nodes_open_still_and_fast(opened):
    page = opened("large")
    assert page.js("window.dkgExplorer.nodes.length") == 1000
    ready_ms = page.js("window.dkgExplorer.readyMs")
    assert page.load_seconds < 20 and ready_ms < 10_000, (page.load_seconds, ready_ms)
    before = page.js("window.dkgExplorer.network.getPositions()")
    time.sleep(1)
    assert page.js("window.dkgExplorer.network.getPositions()") == before
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "explorer-timings.txt").write_text(
        f"1000 nodes: load {page.load_seconds:.2f} s, script ready {ready_ms:.0f} ms\n",
        encoding="utf-8",
    )


def test_five_thousand_nodes_are_capped_with_a_message(opened):
    from darmstadt_kg.visualise.explorer import MAX_NODES

    page = opened("huge")
    assert page.js("window.dkgExplorer.nodes.length") == MAX_NODES
    note = page.js("document.getElementById('note').textContent")
    assert f"Showing {MAX_NODES} of 5000 nodes" in note
    assert page.load_seconds < 30
