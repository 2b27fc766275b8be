"""Screenshots for the note, as a citizen sees the pages: each explorer view (overview, ego, map;
from the server, which has all three), the static site's front door, a resource page and its
SPARQL page, in English and German, at 390x844 and 1280x800, written to test-artifacts/shots/
(git-ignored). Each shot is taken once the page has drawn, and the test checks what the reader
would notice first: the page is in the language asked for, its navigation leads to pages in
that language, and nothing but the explorer's canvas is wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.page_kinds import EXPLORER_READY, LOADED, SPARQL_READY
from tests.static_site import serve_folder

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "shots"
SIZES = [(390, 844), (1280, 800)]
LANGS = ("en", "de")
SITE = {  # name: (path in English, path in German, ready)
    "front-door": ("/index.html", "/index.de.html", LOADED),
    "resource": ("/doc/graz.html", "/doc/graz.de.html", LOADED),
    "sparql": ("/sparql/index.html", "/sparql/index.de.html", SPARQL_READY),
}
SERVER = {
    "explorer-overview": "/explore?view=whole&lang={lang}",
    "explorer-ego": "/explore?view=ego&focus=darmstadt&lang={lang}",
    "explorer-map": "/explore?view=geo&lang={lang}",
}
# the hrefs of the page's site navigation (the explorer writes its own, in its header)
NAV_LINKS = """() => [...document.querySelectorAll('header nav a:not([data-lang-switch])')]
  .map(a => a.getAttribute('href'))"""


@pytest.fixture(scope="module")
def served_site(site):
    with serve_folder(site) as base:
        yield base


def _shoot(browser, url: str, ready: str, size: tuple[int, int], name: str) -> dict:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(ready, timeout=60_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
        return {
            "lang": page.evaluate("document.documentElement.lang"),
            "nav": page.evaluate(NAV_LINKS),
            "width": page.evaluate("document.documentElement.scrollWidth"),
        }
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(SITE))
def test_site_page_shots(browser, served_site, name, lang, size):
    english, german, ready = SITE[name]
    seen = _shoot(
        browser, served_site + (german if lang == "de" else english), ready, size, f"{name}-{lang}"
    )
    assert seen["lang"] == lang
    assert seen["width"] <= size[0]
    pages = [h for h in seen["nav"] if h.endswith(".html")]
    assert len(pages) >= 6, seen["nav"]  # home, Darmstadt, explorer, map, questions, …
    assert all(h.endswith(".de.html") == (lang == "de") for h in pages), seen["nav"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(SERVER))
def test_explorer_view_shots(browser, live_server, name, lang, size):
    url = live_server + SERVER[name].format(lang=lang)
    seen = _shoot(browser, url, EXPLORER_READY, size, f"{name}-{lang}")
    assert seen["lang"] == lang
    assert seen["width"] <= size[0]
