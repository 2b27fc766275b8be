"""axe-core (from npm) in Chromium: no critical or serious WCAG 2.1 A/AA violation on every
distinct page of the server (tests/page_kinds.py names them; the static site's pages are checked
by test_accessibility_site.py) at 1280x800 and at 390x844, nor on the editor with a question
open; and no page is wider than a 390-px phone screen."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer
from tests.axe import VIEWPORTS, axe_every_page, run_axe, serve_axe
from tests.browser import EDITOR_READY
from tests.page_kinds import alike_in_one_language, over_http, parts_of, server_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


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
    serve_axe(page)
    try:
        page.goto(url)
        if ready:
            page.wait_for_function(ready, timeout=30_000)
        if then:
            then(page)
        return run_axe(page)
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


# --- axe on every distinct page of the server, at a desktop's and a phone's size -----------


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_of_the_server_has_no_serious_axe_violation(browser, live_server, size):
    kinds = server_pages()
    if size != VIEWPORTS[0]:  # the phone: a German twin with no part of its own is left out
        both = len(kinds)
        kinds = alike_in_one_language(kinds, over_http(live_server))
        assert len(kinds) < both
    assert axe_every_page(browser, live_server, kinds, size) == {}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_servers_ontology_page_has_no_part_the_checked_pages_lack(live_server, site, lang):
    """What lets the check above leave out ``/ontology``: the site's ontology page (checked
    by test_accessibility_site.py) and the server's checked pages have every part it has."""
    suffix = ".de" if lang == "de" else ""
    ours = [k for k in server_pages() if k.name.endswith(f"-{lang}")]
    assert len(ours) >= 8
    checked = parts_of((site / "ontology" / f"index{suffix}.html").read_text("utf-8"))
    read = over_http(live_server)
    for kind in ours:
        checked |= parts_of(read(kind))
    served = httpx.get(f"{live_server}/ontology?lang={lang}", headers={"Accept": "text/html"})
    assert served.status_code == 200 and "Ontolog" in served.text
    assert parts_of(served.text) - checked == set()


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
