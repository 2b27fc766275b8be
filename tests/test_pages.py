"""The pages of the site and the server: one set of templates, links that lead somewhere.

Both renderers go through :mod:`darmstadt_kg.templates`; a hostile IRI never becomes a link;
the explorer is linked only from the pages of network nodes; every link on the built site and
on the server's pages is followed (no 404).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from starlette.testclient import TestClient

from darmstadt_kg.namespaces import DKG, DKR
from darmstadt_kg.publish.resources import render_resource
from darmstadt_kg.serve.app import create_app


class Links(HTMLParser):
    """The href/src of every a, link and script element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and tag in ("a", "link", "script"):
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def _main(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def test_site_and_server_render_a_resource_from_the_same_template(site, client):
    static = (site / "doc" / "troyes.html").read_text(encoding="utf-8")
    served = client.get("/doc/troyes.html").text
    for html in (static, served):
        assert html.count('<main id="main">') == 1
        assert '<nav class="toc" aria-label="On this page">' in html
        assert '<abbr title="schema:containedInPlace">located in</abbr>' in html
        assert '<h3><a href="' in html and "Twinning Darmstadt – Troyes since 1958" in html
        assert '<script type="application/ld+json">' in html
        assert html.count('rel="alternate"') == 4
    # the same rows in the same order, only the link targets differ
    rows = lambda html: re.findall(r"<th scope=\"row\"><abbr[^>]*>([^<]+)</abbr>", html)  # noqa: E731
    assert rows(static) == rows(served) and len(rows(static)) >= 6


def test_property_names_are_words_not_curies(site):
    html = _main((site / "doc" / "darmstadt.html").read_text(encoding="utf-8"))
    names = re.findall(r"<th scope=\"row\"><abbr title=\"([^\"]+)\">([^<]+)</abbr>", html)
    assert names and all(":" not in name for _, name in names), names
    assert ("prov:wasDerivedFrom", "source") not in names  # sources are said once, below


def test_each_fact_names_its_sources_once(site):
    html = _main((site / "doc" / "troyes.html").read_text(encoding="utf-8"))
    facts = re.findall(r'<section class="fact">(.*?)</section>', html, re.S)
    assert len(facts) >= 2
    for fact in facts:
        assert fact.count('<p class="sources">') == 1


def test_a_javascript_iri_never_becomes_a_link():
    graph = rdflib.Graph()
    thing = DKR["x"]
    graph.add((thing, RDF.type, DKG.City))
    graph.add((thing, RDFS.label, rdflib.Literal("X <b>", lang="en")))
    graph.add((thing, OWL.sameAs, rdflib.URIRef("javascript:alert(1)")))
    graph.add((thing, RDFS.seeAlso, rdflib.URIRef("https://example.org/ok")))
    html = render_resource(graph, thing, {"@id": str(thing)}, in_network=False)
    hrefs = links_of(html)
    assert not any(h.lower().startswith("javascript:") for h in hrefs), hrefs
    assert "https://example.org/ok" in hrefs
    assert "javascript:alert(1)" in html  # shown as text
    assert "X &lt;b&gt;" in html and "X <b>" not in html.split("</script>")[-1]


def test_the_explorer_is_linked_only_from_network_nodes(site, client):
    node = (site / "doc" / "troyes.html").read_text(encoding="utf-8")
    source = (site / "doc" / "source-page-adresse.html").read_text(encoding="utf-8")
    assert "../explore/index.html#focus=troyes" in links_of(node)
    assert not any("explore/" in h for h in links_of(_main(source)))
    served = client.get("/doc/source-page-adresse.html").text
    assert not any("/explore?" in h for h in links_of(_main(served)))
    assert "/explore?view=ego&focus=troyes&depth=1&lang=en" in links_of(
        client.get("/doc/troyes.html").text
    )


def test_long_pages_have_in_page_navigation(site):
    for page in ("ontology/index.html", "queries/index.html", "doc/darmstadt.html"):
        html = (site / page).read_text(encoding="utf-8")
        toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
        assert toc, page
        for target in re.findall(r'href="#([^"]+)"', toc.group(0)):
            assert f'id="{target}"' in html, (page, target)


def test_every_link_on_the_site_leads_to_a_file(site):
    broken, pages = [], sorted(site.rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        for href in links_of(page.read_text(encoding="utf-8")):
            target, _ = urldefrag(href)
            if not target or urlsplit(target).scheme in ("http", "https", "mailto", "tel"):
                continue
            path = (page.parent / unquote(target)).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append((str(page.relative_to(site)), href))
    assert not broken, broken[:20]


def test_every_link_on_the_servers_pages_answers(client):
    start = [
        "/",
        "/id/darmstadt",
        "/ontology",
        "/explore?view=whole&lang=en",
        "/doc/troyes.html",
        "/doc/mayors-for-peace.html",
    ]
    seen, queue, broken, pages = set(start), list(start), [], 0
    while queue and pages < 250:
        url = queue.pop(0)
        answer = client.get(url, headers={"Accept": "text/html"}, follow_redirects=True)
        pages += 1
        if answer.status_code >= 400:
            broken.append((url, answer.status_code))
            continue
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        for href in links_of(answer.text):
            target, _ = urldefrag(urljoin(url, href))
            if not target or urlsplit(target).scheme or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    assert not broken, broken
    assert pages > 100  # the crawl reached the resource pages, not only the front page


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_property_in_the_data_has_a_readable_name(lang):
    from darmstadt_kg.load import get_rdflib_graph
    from darmstadt_kg.templates.terms import term_name, vocabulary_labels

    graph = get_rdflib_graph()
    vocabulary = vocabulary_labels(graph)
    unnamed = sorted(
        {str(p) for p in graph.predicates() if ":" in term_name(str(p), lang, vocabulary)}
    )
    assert not unnamed, unnamed


def _toc(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    return re.findall(r'<li><a href="#([^"]+)">([^<]*)</a></li>', nav.group(0)) if nav else []


def test_the_ontology_and_levels_pages_list_their_own_sections(site, client):
    """The table of contents is named by the page (not read back from its HTML): each entry
    leads to a section heading of the page, on the site and on the server."""
    pages = {
        "ontology": (site / "ontology" / "index.html").read_text(encoding="utf-8"),
        "server ontology": client.get("/ontology", headers={"Accept": "text/html"}).text,
        "levels": (site / "levels" / "index.html").read_text(encoding="utf-8"),
    }
    for name, html in pages.items():
        toc = _toc(html)
        assert len(toc) >= 3, name
        for anchor, _ in toc:
            assert re.search(rf'<h2 id="{re.escape(anchor)}"', html), (name, anchor)
    assert [a for a, _ in _toc(pages["ontology"])] == [
        "classes",
        "properties",
        "reused-terms",
        "concept-schemes",
        "shacl-shapes",
        "modelling",
    ]
    assert _toc(pages["server ontology"]) == _toc(pages["ontology"])
