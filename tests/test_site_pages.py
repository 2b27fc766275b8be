"""Resource pages as a reader sees them: the page's sentence beside each fact, no row twice,
derived rows marked, contact details and a map, no link to a blank node.

The pages are read as HTML (``html.parser``), in the static site built once per session and
from the renderer directly where a test changes the graph.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import rdflib

from darmstadt_kg import paths
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import DKG, DKR
from darmstadt_kg.publish.resources import render_resource
from darmstadt_kg.templates.evidence import OA, derived_triples


class Page(HTMLParser):
    """What a reader sees on a resource page: quotes with their captions, table rows
    (name, values, derived mark) under their headings, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self.captions: list[str] = []
        self.rows: list[dict] = []  # {"table": n, "name": str, "values": str, "derived": bool}
        self.links: list[str] = []
        self._stack: list[str] = []
        self._text: list[str] | None = None
        self._table = 0
        self._row: dict | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("blockquote", "figcaption"):
            self._stack.append(tag)
            self._text = []
        if tag == "table":
            self._table += 1
        if tag == "tr":
            self._row = {"table": self._table, "name": "", "values": "", "derived": False}
        if tag in ("th", "td") and self._row is not None:
            self._cell = tag
        if tag == "small" and "derived" in (attrs.get("class") or "") and self._row is not None:
            self._row["derived"] = True
            self._cell = None  # the mark is not part of the name
        if tag == "br" and self._cell == "td" and self._row is not None:
            self._row["values"] += "\n"

    def handle_endtag(self, tag):
        if tag in ("blockquote", "figcaption") and self._stack and self._stack[-1] == tag:
            self._stack.pop()
            text = "".join(self._text or [])
            (self.quotes if tag == "blockquote" else self.captions).append(text)
            self._text = None
        if tag in ("th", "td"):
            self._cell = None
        if tag == "tr" and self._row is not None:
            self._row["name"] = self._row["name"].strip()
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
        if self._row is not None and self._cell == "th":
            self._row["name"] += data
        elif self._row is not None and self._cell == "td":
            self._row["values"] += data


def read(html: str) -> Page:
    page = Page()
    page.feed(html.split('<main id="main">', 1)[1])
    return page


@pytest.fixture(scope="module")
def source_copy() -> str:
    """The copy of the city's page the quotes were taken from."""
    return paths.source_page_file().read_text(encoding="utf-8")


def test_each_quote_on_a_fact_page_is_the_city_pages_sentence_verbatim(site, source_copy):
    graph = get_rdflib_graph()
    quoted = sorted({s for s in graph.subjects(OA.hasTarget, None) if str(s).startswith(str(DKR))})
    checked = 0
    for node in quoted:
        slug = str(node)[len(str(DKR)) :]
        page = read((site / "doc" / f"{slug}.html").read_text(encoding="utf-8"))
        expected = sorted(
            str(graph.value(sel, OA.exact))
            for target in graph.objects(node, OA.hasTarget)
            for sel in graph.objects(target, OA.hasSelector)
        )
        # the node's own quotes open the page (before any fact section)
        assert page.quotes[: len(expected)] == expected, slug
        for quote in expected:
            assert quote in source_copy, (slug, quote)
            checked += 1
    assert checked >= 30


def test_a_quote_names_its_section_and_retrieval_date(site):
    page = read((site / "doc" / "award-darmstadt-europe-prize.html").read_text(encoding="utf-8"))
    assert page.quotes[0] == (
        "Die Wissenschaftsstadt Darmstadt trägt seit 1975 den Titel Europapreisträgerstadt"
    )
    assert re.fullmatch(
        r"Verbatim from Networks and cooperations – European networks, retrieved \d{4}-\d\d-\d\d",
        page.captions[0].strip(),
    ), page.captions[0]


def test_no_page_links_to_a_blank_node(site):
    for html_file in sorted((site / "doc").glob("*.html")):
        page = read(html_file.read_text(encoding="utf-8"))
        assert not [h for h in page.links if "/.well-known/genid/" in h], html_file.name


def test_a_twinning_page_names_each_city_and_the_year_once(site):
    page = read((site / "doc" / "twinning-darmstadt-alkmaar.html").read_text(encoding="utf-8"))
    statements = [r for r in page.rows if r["table"] == 1 or r["name"]]
    values = [v.strip() for r in statements for v in r["values"].split("\n") if v.strip()]
    assert values.count("Alkmaar") == 1 and values.count("Darmstadt") == 1, statements
    assert values.count("1958") == 1, statements


def test_no_resource_page_shows_a_row_name_twice_in_one_table(site):
    for html_file in sorted((site / "doc").glob("*.html")):
        page = read(html_file.read_text(encoding="utf-8"))
        seen = [(r["table"], r["name"]) for r in page.rows]
        assert len(seen) == len(set(seen)), html_file.name


def test_same_as_is_one_row(site):
    page = read((site / "doc" / "graz.html").read_text(encoding="utf-8"))
    same = [r for r in page.rows if r["name"] == "same as"]
    assert len(same) == 1 and "Wikidata Q" in same[0]["values"]


def test_derived_rows_are_marked_and_asserted_rows_are_not(site):
    graph, derived = get_rdflib_graph(), derived_triples(get_store())
    # Alkmaar's dkg:twinnedWith comes from a rule only; its schema:containedInPlace is asserted
    assert (DKR.alkmaar, DKG.twinnedWith, DKR.darmstadt) in derived
    page = read((site / "doc" / "alkmaar.html").read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in page.rows if r["table"] <= 3}
    assert rows["twinned with"]["derived"] is True
    assert rows["located in"]["derived"] is False
    located_in = rdflib.URIRef("http://schema.org/containedInPlace")
    assert (DKR.alkmaar, located_in, DKR.netherlands) in graph


def test_unmarking_derived_triples_shows_them_as_duplicates():
    """The page leaves a derived row out because the derived graph says it is derived: read the
    same graph without that knowledge and Mayors for Peace's page names Darmstadt twice (the
    membership stated, and the derived shortcut beside it) and has more rows."""
    graph = get_rdflib_graph()
    node = DKR["mayors-for-peace"]
    marked = read(render_resource(graph, node, {}, derived=derived_triples(get_store())))
    unmarked = read(render_resource(graph, node, {}, derived=frozenset()))

    def darmstadts(page: Page) -> int:
        return sum(v.strip() == "Darmstadt" for r in page.rows for v in r["values"].split("\n"))

    assert darmstadts(marked) == 1 and darmstadts(unmarked) == 2
    assert len(unmarked.rows) > len(marked.rows)


def test_a_changed_quote_shows_on_the_page():
    """Mutate a displayed value in the graph: the page shows the mutation (not a stored text)."""
    graph = rdflib.Graph()
    for triple in get_rdflib_graph():
        graph.add(triple)
    node = DKR["award-darmstadt-europe-prize"]
    selector = next(
        s for t in graph.objects(node, OA.hasTarget) for s in graph.objects(t, OA.hasSelector)
    )
    graph.set((selector, OA.exact, rdflib.Literal("MUTATED")))
    page = read(render_resource(graph, node, {}))
    assert page.quotes[0] == "MUTATED"


def test_a_staff_page_shows_phone_and_e_mail(site):
    html = (site / "doc" / "alina-seel.html").read_text(encoding="utf-8")
    page = read(html)
    assert "tel:+49-6151-133608" in page.links
    assert "mailto:international@darmstadt.de" in page.links
    assert "(06151) 13-3608" in html


def test_a_partner_city_has_an_offline_map_and_a_person_none(site):
    city = (site / "doc" / "graz.html").read_text(encoding="utf-8")
    person = (site / "doc" / "alina-seel.html").read_text(encoding="utf-8")
    assert re.search(r'<figure class="place-map">\s*<svg [^>]*role="img"', city)
    assert city.count("<path d=") >= 3  # country outlines around the point
    assert 'class="place-map"' not in person


def test_darmstadts_page_folds_its_facts_and_has_contents(site):
    html = (site / "doc" / "darmstadt.html").read_text(encoding="utf-8")
    assert '<nav class="toc"' in html
    facts = re.findall(r'<details class="facts"( open)?>', html)
    assert len(facts) >= 3 and not any(facts)  # many facts: every group starts folded
    assert re.search(r'<a href="#facts-Twinning">Twinning \(\d+\)</a>', html)


def _figure(html: str, words: str) -> int:
    match = re.search(r"<strong>(\d+)</strong> " + re.escape(words), html)
    assert match, words
    return int(match.group(1))


def test_the_front_doors_numbers_are_the_graphs(site):
    """Each headline number counted again here, from the graph, another way than the query."""
    graph = get_rdflib_graph()
    html = (site / "index.html").read_text(encoding="utf-8")
    twinnings = set(graph.subjects(rdflib.RDF.type, DKG.Twinning))
    partners = {p for t in twinnings for p in graph.objects(t, DKG.partner) if p != DKR.darmstadt}
    assert _figure(html, "partner cities") == len(partners) == 17
    exact = {str(o) for o in graph.objects(None, OA.exact)}
    assert _figure(html, "sentences quoted verbatim") == len(exact)
    resources = {s for s in graph.subjects() if str(s).startswith(str(DKR))}
    assert _figure(html, "described resources") == len(resources)
    # what Darmstadt takes part in: each named once in the overview, as many as the figure says
    involved = {
        w
        for f in graph.subjects(DKG.involvedAgent, DKR.darmstadt)
        for w in graph.objects(f, DKG.involvedWith)
        if (w, rdflib.RDF.type, DKG.City) not in graph
    }
    chips = html.split('<ul class="chips">', 1)[1].split("</ul>", 1)[0]
    shown = set(re.findall(r'href="doc/([a-z0-9-]+)\.html"', chips))
    assert shown == {str(w)[len(str(DKR)) :] for w in involved}
    assert _figure(html, "networks, campaigns and awards") == len(involved) == len(shown)
    german = (site / "index.de.html").read_text(encoding="utf-8")
    assert _figure(german, "Partnerstädte") == len(partners)


def test_the_front_doors_timeline_names_every_partner_city_once_by_year(site):
    graph = get_rdflib_graph()
    html = (site / "index.html").read_text(encoding="utf-8")
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    shown = re.findall(r'<span class="year">(\d{4})</span>(.*?)</li>', timeline, re.S)
    link = re.compile(r"doc/([a-z-]+)\.html")
    got = {(year, slug) for year, cities in shown for slug in link.findall(cities)}
    expected = set()
    for t in graph.subjects(rdflib.RDF.type, DKG.Twinning):
        year = str(graph.value(t, DKG.startDate))
        for p in graph.objects(t, DKG.partner):
            if p != DKR.darmstadt:
                expected.add((year, str(p)[len(str(DKR)) :]))
    assert got == expected and len(got) == 17


@pytest.mark.browser
def test_search_finds_a_resource_by_its_german_name_and_the_language_is_kept(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((site / "index.html").as_uri())
        page.fill("#q", "Städtepartnerschaft Graz")
        first = page.locator("#search-results a").first
        assert first.inner_text() == "Twinning Darmstadt – Graz since 1968"
        assert first.get_attribute("href") == "doc/twinning-darmstadt-graz.html"
        page.fill("#q", "fairtrade")
        assert page.locator("#search-results a").count() >= 2
        # choose German once: the front door, then a page opened by its English address
        page.click("a[data-lang-switch]")
        page.wait_for_url("**/index.de.html")
        page.goto((site / "doc" / "graz.html").as_uri())
        page.wait_for_url("**/doc/graz.de.html")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert "Städtepartnerschaft" in page.inner_text("main")
    finally:
        page.close()


def test_the_server_serves_the_same_page_in_german_and_links_german_pages():
    from starlette.testclient import TestClient

    from darmstadt_kg.serve.app import create_app

    with TestClient(create_app()) as client:
        german = client.get("/doc/graz.html?lang=de").text
        english = client.get("/doc/graz.html").text
        front = client.get("/?lang=de").text
    assert '<html lang="de">' in german and '<html lang="en">' in english
    page = read(german)
    assert "/doc/darmstadt.html?lang=de" in page.links  # German pages lead to German pages
    assert "Städtepartnerschaft Darmstadt – Graz seit 1968" in german
    assert 'hreflang="en"' in german and 'hreflang="de"' in english
    assert '<html lang="de">' in front and "Partnerstädte" in front
