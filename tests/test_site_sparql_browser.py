"""SPARQL in the static site, no server: the built site, served by a plain static HTTP server,
answers every library query in headless Chromium exactly as the embedded store does, with
every request outside the site blocked."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib

from darmstadt_kg import paths
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import DCAT
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.site import build_site
from tests.browser import gated_page, under
from tests.golden_rows import golden_path, json_cells, read_golden
from tests.rdf_terms import local_rows, remote_rows

pytestmark = pytest.mark.browser

JSON_ACCEPT = "application/sparql-results+json,*/*;q=0.9"  # what YASGUI sends for SELECT


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site: Path):
    """The site over HTTP on 127.0.0.1 (a thread of this process), as any static host would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def sparql_page(browser, served: str):
    """The site's SPARQL page, loaded with every request outside the site aborted (recorded)."""
    with gated_page(browser, under(served + "/")) as gated:
        page = gated.page
        page.goto(f"{served}/sparql/index.html")
        loaded = page.evaluate("async () => await window.darmstadtReady", [])
        yield {"page": page, "outside": gated.blocked, "errors": gated.errors, "loaded": loaded}


def _ask_in_page(page, query: str) -> dict:
    """The query sent the way YASGUI sends it (POST form to the page's pseudo-endpoint)."""
    return page.evaluate(
        """async ([query, accept]) => {
            const answer = await fetch("query", {
                method: "POST",
                headers: {Accept: accept, "Content-Type": "application/x-www-form-urlencoded"},
                body: new URLSearchParams({query: query}).toString(),
            });
            return {status: answer.status, type: answer.headers.get("Content-Type"),
                    body: await answer.text()};
        }""",
        [query, JSON_ACCEPT],
    )


def test_the_page_loads_the_whole_dump_without_leaving_the_site(sparql_page):
    assert sparql_page["loaded"]["triples"] == len(get_rdflib_graph())
    status = sparql_page["page"].locator("#status").inner_text()
    assert f"{len(get_rdflib_graph())} triples loaded" in status
    assert sparql_page["errors"] == []
    assert sparql_page["outside"] == []


def test_every_library_query_answers_in_the_browser_as_the_embedded_store(sparql_page):
    """Solutions compared as multisets of full terms (IRI; lexical form, datatype, language)."""
    import json

    import pyoxigraph as ox
    from rdflib.compare import isomorphic

    files = sorted(paths.queries_dir().glob("*.rq"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        local = get_store().query(text)
        answer = _ask_in_page(sparql_page["page"], text)
        assert answer["status"] == 200, (path.name, answer["body"][:300])
        if isinstance(local, ox.QueryBoolean):
            assert json.loads(answer["body"])["boolean"] is bool(local), path.name
        elif isinstance(local, ox.QuerySolutions):
            names = [v.value for v in local.variables]
            data = json.loads(answer["body"])
            assert data["head"]["vars"] == names, path.name
            assert remote_rows(data, names) == local_rows(local), path.name
            # and they are the rows a user reads (tests/golden_rows.py), cell by cell
            golden = read_golden(golden_path(path.stem, "select"))[1]
            assert sorted(json_cells(data)[1]) == sorted(golden), path.name
        else:
            expected = rdflib.Graph()
            for t in local:
                expected.parse(data=f"{t} .", format="nt")
            got = rdflib.Graph().parse(data=answer["body"], format="nt")
            assert answer["type"] == "application/n-triples", path.name
            assert isomorphic(got, expected), path.name
    assert sparql_page["outside"] == [] and sparql_page["errors"] == []


def test_a_syntax_error_is_a_400_with_the_position(sparql_page):
    answer = _ask_in_page(sparql_page["page"], "SELEC * WHERE { ?s ?p ?o }")
    assert answer["status"] == 400
    assert "1:" in answer["body"]


def test_yasgui_runs_a_library_question_and_shows_its_answer(sparql_page):
    """Through the editor itself: pick the first question, press the query button."""
    import pyoxigraph as ox

    from darmstadt_kg.publish.sparql_page import examples

    page = sparql_page["page"]
    first = examples()[0]
    result = get_store().query(first["text"])
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    assert rows, "the first library query has answers"
    page.locator('[data-example="0"]').click()
    assert page.evaluate("() => window.darmstadtYasgui.getTab().getQuery()") == first["text"]
    page.locator(".yasqe_queryButton").click()
    page.wait_for_function(
        "() => window.darmstadtYasgui.getTab().getYasr().results !== undefined", timeout=60_000
    )  # the answer may open as a chart (#16): the table is one click away
    page.evaluate("() => window.darmstadtYasgui.getTab().getYasr().selectPlugin('table')")
    page.wait_for_selector(".yasr .dataTable tbody tr", timeout=60_000)
    shown = page.locator(".yasr").inner_text()
    value = next(t for t in rows[0] if t is not None)
    assert str(value.value) in shown or str(value.value).rsplit("/", 1)[-1] in shown
    assert sparql_page["outside"] == []


def test_index_and_void_offer_the_browser_sparql_and_no_endpoint_by_default(site: Path):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="sparql/index.html"' in index
    assert "w3id.org/darmstadt-kg/sparql" not in index
    void = rdflib.Graph().parse(site / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(DATASET_IRI)
    assert void.value(dataset, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint")) is None
    assert not list(void.subjects(rdflib.RDF.type, DCAT.DataService))
    page = rdflib.URIRef("https://w3id.org/darmstadt-kg/sparql/index.html")
    assert (dataset, DCAT.distribution, page) in void
    assert (page, DCAT.accessURL, page) in void


def test_an_endpoint_given_is_linked_and_described(tmp_path: Path):
    out = tmp_path / "site"
    build_site(out, sparql_endpoint="https://example.org/darmstadt-kg/sparql")
    assert 'href="https://example.org/darmstadt-kg/sparql"' in (out / "index.html").read_text()
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    service = rdflib.URIRef("https://example.org/darmstadt-kg/sparql")
    assert (service, rdflib.RDF.type, DCAT.DataService) in void
    assert "example.org/darmstadt-kg/sparql" in (out / "sparql" / "index.html").read_text()


def test_without_the_front_end_assets_the_site_is_built_without_the_sparql_page(
    tmp_path: Path, monkeypatch
):
    """As from a wheel (which does not carry serve/static/vendor): no page, no link to it."""
    from darmstadt_kg.publish import sparql_page

    monkeypatch.setattr(sparql_page, "_vendor_dir", lambda: tmp_path / "no-vendor")
    report = build_site(tmp_path / "site")
    assert report.sparql_page is False
    assert not (tmp_path / "site" / "sparql").exists()
    assert "sparql/index.html" not in (tmp_path / "site" / "index.html").read_text()
    void = rdflib.Graph().parse(tmp_path / "site" / "void.ttl", format="turtle")
    assert "sparql/index.html" not in void.serialize(format="nt")


def test_partner_cities_open_as_a_map_of_17_cities_in_the_static_editor(sparql_page):
    """The served editor's result views (#16) in the site's own editor: offline, on outlines."""
    from darmstadt_kg.publish.sparql_page import examples

    page = sparql_page["page"]
    index = next(i for i, e in enumerate(examples()) if e["name"] == "partner-cities")
    page.locator(f'[data-example="{index}"]').click()
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr .dkg-map .dkg-point", timeout=60_000)
    assert page.locator(".yasr .dkg-map .dkg-point").count() == 17
    assert page.locator(".yasr .dkg-map .dkg-country").count() > 40  # outlines drawn
    assert sparql_page["outside"] == [] and sparql_page["errors"] == []
    page.locator(".yasr").screenshot(path="test-artifacts/site-sparql-map.png")
