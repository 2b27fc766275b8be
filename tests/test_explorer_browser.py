"""The explorer in a real headless Chromium, from file://, with every network request blocked."""

from __future__ import annotations

import time
from collections.abc import Iterator
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


class Tab:
    """The module's one page (a context of its own costs Chromium a new renderer process each
    time), which records console errors, dialogs and every request; every request but file://
    is aborted. Each test loads its explorers into it afresh (:class:`Page`)."""

    def __init__(self, browser) -> None:
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

    def forget(self) -> None:
        """Start a test: what earlier tests' pages did is not its concern."""
        for seen in (self.errors, self.requests, self.blocked, self.dialogs):
            seen.clear()

    def check(self) -> None:
        """End a test: its pages raised no error, asked for nothing but files, opened no
        dialog."""
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked
        assert all(u.startswith(("file://", "data:", "blob:")) for u in self.requests), (
            self.requests
        )
        assert not self.dialogs, self.dialogs


class Page:
    """An explorer loaded afresh from file:// into the module's tab, as a new page would see
    it: the mouse off the canvas, no language chosen before."""

    def __init__(self, tab: Tab, path: Path, fragment: str = "") -> None:
        self.page = tab.page
        self.page.mouse.move(0, 0)
        self.page.evaluate("() => { try { localStorage.clear(); } catch (e) {} }")
        if fragment and self.page.url.split("#")[0] == path.as_uri():
            self.page.goto("about:blank")  # else only the fragment would change, in the same page
        started = time.perf_counter()
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_function(
            "document.documentElement.dataset.ready === 'true'", timeout=30_000
        )
        self.load_seconds = time.perf_counter() - started

    def js(self, expression: str):
        return self.page.evaluate(expression)


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[Tab]:
    tab = Tab(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def opened(tab, pages):
    tab.forget()
    yield lambda name, fragment="": Page(tab, pages[name], fragment)
    tab.check()


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_renders_every_node_offline(opened, graph, view):
    from darmstadt_kg.visualise import view_graph

    page = opened(view)
    sub, _, _ = view_graph(graph, **{"view": "whole", **VIEWS[view]})
    assert set(page.js("window.dkgExplorer.nodes.getIds()")) == set(sub)
    if view == "whole":  # opens folded; "Show everything" draws every node
        assert int(page.page.locator("#status").get_attribute("data-shown")) < len(sub)
        page.page.click("#mode")
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
    page.page.click("#mode")  # everything drawn
    cities = {n for n, t in graph.nodes(data="type") if t == "city"} - {"darmstadt"}
    page.page.check("#f-types-city")  # already checked: no change
    page.page.uncheck("#f-types-city")
    assert _hidden(page) == cities
    assert int(page.page.locator("#status").get_attribute("data-shown")) == len(graph) - len(cities)
    page.page.click("#reset")
    assert _hidden(page) == set()
    international = {
        n for n, lv in graph.nodes(data="level") if lv == "level-international-networks"
    }
    page.page.uncheck("#f-levels-level-international-networks")
    assert _hidden(page) == international and "mayors-for-peace" in international
    page.page.click("#reset")
    page.page.uncheck("#f-themes-theme-town-twinning")
    hidden = _hidden(page)
    assert "sister-cities-international" not in hidden  # it has another theme still shown
    assert "netzwerk-der-partnerschaftsvereine" in hidden
    page.page.screenshot(path=str(ARTIFACTS / "explorer-filtered.png"))


def test_only_this_keeps_one_level_and_refits(opened, graph):
    page = opened("whole")
    before = page.js("window.dkgExplorer.network.getScale()")
    page.page.click("#only-levels-level-international-networks")
    shown = set(page.js("window.dkgExplorer.nodes.getIds({filter: n => !n.hidden})"))
    expected = {n for n, lv in graph.nodes(data="level") if lv == "level-international-networks"}
    assert shown == expected | {"darmstadt"}
    assert page.js("window.dkgExplorer.network.getScale()") > before * 1.5  # zoomed onto them
    page.page.screenshot(path=str(ARTIFACTS / "explorer-only-international.png"))


def test_zoom_buttons_keys_and_fit(opened):
    page = opened("whole")
    scale = lambda: page.js("window.dkgExplorer.network.getScale()")  # noqa: E731
    opening = scale()
    page.page.click("#zoom-in")
    assert abs(scale() - opening * 1.25) < 1e-6
    page.page.click("#network")
    page.page.keyboard.press("-")
    page.page.keyboard.press("-")
    assert abs(scale() - opening * 1.25 * 0.64) < 1e-6
    page.page.keyboard.press("0")
    assert abs(scale() - opening) < 1e-6
    page.page.fill("#search", "Graz")
    page.page.press("#search", "Enter")
    assert scale() > opening
    page.page.click("#zoom-reset")
    assert abs(scale() - opening) < 1e-6 and page.page.locator("#details").is_hidden()


def test_escape_closes_the_panel_and_selection_dims_the_rest(opened):
    page = opened("whole")
    page.page.fill("#search", "Graz")
    page.page.press("#search", "Enter")
    assert page.page.locator("#details").is_visible()
    opacity = page.js("window.dkgExplorer.nodes.get('troyes').opacity")
    assert opacity < 0.5 and page.js("window.dkgExplorer.nodes.get('graz').opacity") == 1
    page.page.keyboard.press("Escape")
    assert page.page.locator("#details").is_hidden()
    assert page.js("window.dkgExplorer.nodes.get('troyes').opacity") == 1


def test_search_ranks_exact_and_prefix_matches_first(opened):
    page = opened("whole")
    page.page.fill("#search", "hiro")
    page.page.press("#search", "Enter")
    assert page.page.locator("#status").get_attribute("data-found") == "hiroshima"


def test_a_partner_city_panel_names_country_year_and_staff(opened):
    page = opened("whole")
    page.page.fill("#search", "Graz")
    page.page.press("#search", "Enter")
    text = page.page.inner_text("#details")
    assert "Staat: Österreich" in text and "Partnerstadt seit 1968" in text
    assert "Betreut von" in text and "Julia Kuz" in text
    page.page.fill("#search", "Julia Kuz")
    page.page.press("#search", "Enter")
    chains = page.js("document.querySelectorAll('#details .chains li').length")
    assert chains >= 5  # she looks after five cities: every chain is listed, none cut off


def test_folded_nodes_open_on_demand(opened):
    page = opened("whole")
    hidden = page.js("window.dkgExplorer.nodes.get('europe-prize').hidden")
    assert hidden is not True
    folded = page.js(
        "window.dkgExplorer.nodes.get({filter: n => n.fold === 'europe-prize'}).map(n => n.id)"
    )
    assert folded and all(page.js(f"window.dkgExplorer.nodes.get('{n}').hidden") for n in folded)
    page.page.fill("#search", "Europapreis")
    page.page.press("#search", "Enter")
    page.page.click("#unfold")
    assert not any(page.js(f"window.dkgExplorer.nodes.get('{n}').hidden") for n in folded)


def test_the_geo_view_draws_country_outlines_offline(opened):
    page = opened("geo")  # every request but file:// is aborted (see Page)
    assert page.js("window.dkgExplorer.mapDrawn") > 50
    ids = set(page.js("window.dkgExplorer.nodes.getIds()"))
    assert "graz" in ids and "hiroshima" not in ids  # partner cities only


def test_search_focuses_the_right_node(opened):
    page = opened("whole")
    page.page.fill("#search", "Hiroshima")
    page.page.press("#search", "Enter")
    assert page.page.locator("#status").get_attribute("data-found") == "hiroshima"
    assert page.js("window.dkgExplorer.network.getSelectedNodes()") == ["hiroshima"]
    # centred in the part of the canvas the details panel leaves free
    area = page.js("window.dkgExplorer.freeArea()")
    node = page.js(
        "window.dkgExplorer.network.canvasToDOM("
        "window.dkgExplorer.network.getPosition('hiroshima'))"
    )
    assert abs(node["x"] - (area["l"] + area["r"]) / 2) < 1
    assert abs(node["y"] - (area["t"] + area["b"]) / 2) < 1
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
    assert links[0] == {
        "href": expected,
        "text": "Resource page",
        "target": "_blank",
        "rel": "noopener noreferrer",
    }
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
    assert "Mitgliedschaft" in text and "dkg:" not in text  # the kind of fact, in words
    assert "Quelle: " in text and "Internationale Netzwerke" in text
    page.page.screenshot(path=str(ARTIFACTS / "explorer-tooltip.png"))


def test_language_switch(opened):
    page = opened("whole")
    assert "Stadt" in page.page.inner_text("#legend")
    page.page.select_option("#lang", "en")
    assert "City" in page.page.inner_text("#legend")
    beside = page.js(
        "window.dkgExplorer.besides().filter(b => b.id === 'mayors-for-peace')"
        ".map(b => b.lines.join(' '))"
    )
    assert beside == ["Mayors for Peace", "member since 1998"]


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


def test_every_visible_node_is_reachable_from_the_keyboard_through_the_text_list(opened):
    page = opened("whole")
    page.page.click("#text-list summary")
    # the list is built on the details' "toggle" event, which fires after the click returns
    page.page.wait_for_selector("#text-list-body button")
    buttons = page.js(
        "[...document.querySelectorAll('#text-list-body button')].map(b => b.textContent)"
    )
    assert len(buttons) == int(page.page.locator("#status").get_attribute("data-shown"))
    graz = page.page.locator("#text-list-body button", has_text="Graz")
    graz.focus()
    page.page.keyboard.press("Enter")
    assert page.page.locator("#details").get_attribute("data-node") == "graz"
    page.page.keyboard.press("Escape")
    assert page.page.locator("#details").is_hidden()


def test_the_german_page_is_german_and_links_the_other_views(opened):
    page = opened("whole")
    assert page.js("document.title").startswith("Wie Darmstadt mit jeder Einrichtung")
    assert page.page.get_attribute("#search", "aria-label") == "Knoten nach Namen suchen"
    assert page.page.get_attribute("#zoom-in", "aria-label") == "Vergrößern (+)"
    site = opened("site")
    hrefs = site.js("[...document.querySelectorAll('#views a')].map(a => a.getAttribute('href'))")
    assert hrefs == ["index.html", "geo.html", "../index.html"]
    assert site.js("document.querySelector('#views a[aria-current]').textContent") == "Overview"


def test_only_town_twinning_keeps_the_partner_cities(opened, graph):
    page = opened("whole")
    page.page.click("#only-themes-theme-town-twinning")
    shown = set(page.js("window.dkgExplorer.nodes.getIds({filter: n => !n.hidden})"))
    partners = {
        v for _, v, r in graph.out_edges("darmstadt", data="relation") if r == "dkg:Twinning"
    }
    twinning = {n for n, t in graph.nodes(data="themes") if "theme-town-twinning" in (t or [])}
    assert len(partners) == 17 and partners <= shown
    assert shown == partners | (twinning & shown) | {"darmstadt"} and twinning & shown


def test_the_map_offers_only_what_applies_to_it(opened):
    page = opened("geo")
    assert page.page.locator("#levels").is_hidden() and page.page.locator("#themes").is_hidden()
    assert page.page.locator("#legend-types input").first.is_hidden()  # one type: no filter
    keys = page.js("[...document.querySelectorAll('#legend-keys li')].map(li => li.textContent)")
    assert len(keys) == 2 and "Partnerstadt" in keys[1] and not any("Pfeil" in k for k in keys)
    assert page.js("window.dkgExplorer.edges.get({filter: e => !e.hidden}).length") == 0
