"""German and English, chosen once, kept across pages.

Read as HTML in the static site built once per session: every page for readers is there in
both languages, says which it is, links its counterpart from the language switch, and links the
pages of its own language; the German pages name resources and questions in German. In
Chromium: a choice made on any page (the switch of a page, the explorer's language menu) is
kept by the next page opened.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darmstadt_kg.library import library
from darmstadt_kg.load import get_rdflib_graph
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.publish.common import label
from tests.page_kinds import EXPLORER_READY
from tests.static_site import serve_folder

READER_FOLDERS = ("", "doc", "explore", "queries", "sparql", "ontology", "classes", "levels")


class Links(HTMLParser):
    """The page's language, its links (href, hreflang) and its language switch."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[tuple[str, str | None]] = []
        self.switch: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        if tag == "a" and attrs.get("href"):
            if "data-lang-switch" in attrs:
                self.switch = attrs["href"]
            else:
                self.links.append(attrs["href"])


def read(page: Path) -> Links:
    parsed = Links()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def german(page: Path) -> Path:
    return page.with_name(page.name.removesuffix(".html") + ".de.html")


def _english_pages(site: Path) -> list[Path]:
    found = []
    for folder in READER_FOLDERS:
        found += [
            p for p in sorted((site / folder).glob("*.html")) if not p.name.endswith(".de.html")
        ]
    return found


def test_every_page_for_readers_is_there_in_german_and_each_switch_leads_to_the_other(site):
    pages = _english_pages(site)
    assert len(pages) > 300  # the front door, every resource, explorer, questions, …
    missing = [str(p.relative_to(site)) for p in pages if not german(p).is_file()]
    assert missing == []
    for page in pages:
        if page.parent.name == "explore":
            continue  # the explorer's language menu switches in the page (test below)
        english, in_german = read(page), read(german(page))
        assert (english.lang, in_german.lang) == ("en", "de"), page
        assert english.switch and (page.parent / english.switch).resolve() == german(page)
        assert in_german.switch and (page.parent / in_german.switch).resolve() == page


def test_links_from_a_german_page_lead_to_german_pages(site):
    wrong = {}
    for page in _english_pages(site):
        for href in read(german(page)).links:
            path = href.split("#")[0].split("?")[0]
            if re.match(r"^[a-z]+:", href) or not path.endswith(".html"):
                continue
            target = (german(page).parent / path).resolve()
            if not target.name.endswith(".de.html") and german(target).is_file():
                wrong.setdefault(str(german(page).relative_to(site)), []).append(href)
    assert wrong == {}


def test_german_pages_name_resources_and_questions_in_german(site):
    graph = get_rdflib_graph()
    graz = (site / "doc" / "graz.de.html").read_text(encoding="utf-8")
    darmstadt = label(graph, DKR.darmstadt, "de")
    assert darmstadt != label(graph, DKR.darmstadt, "en")  # the test can tell the two apart
    assert f">{darmstadt}<" in (site / "classes" / "dkg-City.de.html").read_text(encoding="utf-8")
    assert "Städtepartnerschaft" in graz
    questions = (site / "queries" / "index.de.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", questions)
    assert headings == [escape(q.summary_de, quote=False) for q in library()]
    sparql = (site / "sparql" / "index.de.html").read_text(encoding="utf-8")
    assert "Fragensammlung" in sparql and "SPARQL im Browser" in sparql


@pytest.fixture(scope="module")
def served_site(site):
    with serve_folder(site) as base:
        yield base


@pytest.mark.browser
def test_the_explorer_keeps_the_language_chosen_on_another_page_and_passes_it_on(
    browser, served_site
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site + "/index.html")
        page.click("a[data-lang-switch]")  # Deutsch
        page.wait_for_url("**/index.de.html")
        page.goto(served_site + "/explore/index.html")  # an English address, as from a bookmark
        page.wait_for_function(EXPLORER_READY)
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator("#lang").input_value() == "de"
        views = page.locator("#views a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert "../index.de.html" in views and "geo.de.html" in views
        page.evaluate("window.dkgExplorer.select('graz', false)")
        link = page.locator("#details a[href*='graz']").first.get_attribute("href")
        assert link == "../doc/graz.de.html"

        page.select_option("#lang", "en")  # the explorer's own menu: English from now on
        assert page.evaluate("document.documentElement.lang") == "en"
        page.goto(served_site + "/index.de.html")
        page.wait_for_url("**/index.html")  # site.js follows the choice
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()


@pytest.mark.browser
def test_the_german_questions_page_draws_its_charts_in_german(browser, served_site):
    graph = get_rdflib_graph()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site + "/queries/index.de.html")
        page.wait_for_function(
            "[...document.querySelectorAll('.dkg-chart')].every(c => c.dataset.ready === 'true')"
        )
        timeline = page.locator("#chart-timeline")
        assert "datierten Sachverhalten gezeigt" in timeline.locator(".dkg-count").inner_text()
        marks = timeline.locator(".dkg-mark").evaluate_all(
            "ms => ms.map(m => [m.getAttribute('href'), m.getAttribute('aria-label')])"
        )
        assert len(marks) == 41
        for href, fact in marks:
            slug = href.rsplit("/", 1)[-1].removesuffix(".html")
            assert fact.startswith(label(graph, DKR[slug], "de") + " — "), (href, fact)
        cities = page.locator("#chart-partner-cities-map .dkg-mark").evaluate_all(
            "ms => ms.map(m => m.getAttribute('aria-label'))"
        )
        assert any("Partnerstadt Darmstadts seit" in c for c in cities), cities
        assert any(c.startswith("Wissenschaftsstadt Darmstadt – die Stadt selbst") for c in cities)
    finally:
        context.close()
