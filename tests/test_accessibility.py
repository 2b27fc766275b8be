"""axe-core (from npm) in Chromium: no critical or serious WCAG 2.1 A/AA violation on every
distinct page of the static site and of the server (tests/page_kinds.py names them: the front
door, a resource page of each rdf:type, the explorer's views, questions, ontology, SPARQL,
releases and changelog, a removed resource's page, the 404 page; in English and German) at
1280x800 and at 390x844, nor on the editor with a question open; and no page is wider than a
390-px phone screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.load import get_rdflib_graph
from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer
from tests.browser import EDITOR_READY
from tests.page_kinds import (
    PageKind,
    build_release_site,
    first_of_each_type,
    server_pages,
    site_pages,
)
from tests.static_site import serve_folder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORTS = [(1280, 800), (390, 844)]
RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def explorers(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("a11y-explorer")
    graph, out = build_network(), {}
    for name, options in {"whole": {}, "geo": {"view": "geo", "lang": "en"}}.items():
        out[name] = folder / f"{name}.html"
        write_explorer(graph, out[name], **options)
    return out


def _violations(
    browser, url: str, ready: str | None = None, width: int = 1280, then=None
) -> list[dict]:
    # axe-core is injected by the test, so the page's own Content-Security-Policy (which allows
    # only the page's scripts) is bypassed for it; the page itself runs under its policy as served
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page.goto(url)
        if ready:
            page.wait_for_function(ready, timeout=30_000)
        if then:
            then(page)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        return page.evaluate(RUN)
    finally:
        page.close()


def _site_pages(site: Path) -> dict[str, Path]:
    return {
        "index": site / "index.html",
        "index-de": site / "index.de.html",
        "resource": site / "doc" / "darmstadt.html",
        "resource-de": site / "doc" / "darmstadt.de.html",
        "resource-person": site / "doc" / "alina-seel.html",
        "resource-fact": site / "doc" / "twinning-darmstadt-alkmaar.html",
        "resource-city": site / "doc" / "graz.html",
        "ontology": site / "ontology" / "index.html",
        "ontology-de": site / "ontology" / "index.de.html",
        "questions": site / "queries" / "index.html",
        "questions-de": site / "queries" / "index.de.html",
    }


SITE_PAGES = list(_site_pages(Path()))


# --- axe on every distinct page, at a desktop's and a phone's size ---------------------------


@pytest.fixture(scope="module")
def release_site(tmp_path_factory) -> Path:
    """The static site with two releases (tests/page_kinds.py), built once for this module."""
    return build_release_site(tmp_path_factory.mktemp("a11y-releases"))


@pytest.fixture(scope="module")
def served_site(release_site):
    with serve_folder(release_site) as base:
        yield base


def _axe_every_page(browser, base: str, kinds: list[PageKind], size: tuple[int, int]) -> dict:
    """``{page kind: its critical and serious violations}`` over every kind, in one browser
    context at ``size``; each page must answer with its kind's status."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    found: dict[str, list] = {}
    axe = AXE.read_text(encoding="utf-8")
    try:
        page = context.new_page()
        for kind in kinds:
            answer = page.goto(base + kind.path)
            assert answer is not None and answer.status == kind.status, (kind, answer)
            page.wait_for_function(kind.ready, timeout=60_000)
            page.add_script_tag(content=axe)
            violations = page.evaluate(RUN)
            if violations:
                found[kind.name] = violations
    finally:
        context.close()
    return found


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_of_the_static_site_has_no_serious_axe_violation(
    browser, release_site, served_site, size
):
    graph = get_rdflib_graph()
    kinds = site_pages(graph)
    # a resource page of each type the site has a class page for, in English and German
    classes = {p.name for p in (release_site / "classes").glob("*.html")}
    assert len(first_of_each_type(graph)) * 2 == len(classes - {"index.html", "index.de.html"})
    assert _axe_every_page(browser, served_site, kinds, size) == {}


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_of_the_server_has_no_serious_axe_violation(browser, live_server, size):
    kinds = server_pages(get_rdflib_graph())
    assert _axe_every_page(browser, live_server, kinds, size) == {}


def test_the_editor_with_a_library_question_in_a_tab_has_no_serious_axe_violation(
    browser, live_server
):
    def open_question(page):
        page.click("#library-list summary")
        page.click("#examples li:has(code:text-is('staff')) button")
        page.wait_for_function("Object.keys(window.darmstadtYasgui._tabs).length === 2")

    ready = EDITOR_READY
    for width in (1280, 390):
        assert _violations(browser, live_server + "/query", ready, width, open_question) == []


@pytest.mark.parametrize("name", SITE_PAGES)
def test_site_pages_fit_a_390_px_phone(browser, site, name):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(_site_pages(site)[name].as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        if name == "resource":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "page-resource-390.png"))
        assert width <= 390, width
    finally:
        page.close()


def test_the_servers_resource_page_fits_a_phone(browser, live_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(live_server + "/doc/darmstadt.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.close()


def test_on_a_phone_the_explorer_panel_collapses_and_the_graph_gets_the_screen(browser, explorers):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(explorers["whole"].as_uri())
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        assert page.locator("#panel").is_hidden()
        box = page.locator("#network").bounding_box()
        assert box["width"] >= 380 and box["height"] >= 600, box
        page.click("#panel-toggle")
        assert page.locator("#panel").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "explorer-390-panel.png"))
    finally:
        page.close()
