"""SPARQL in the static site, no server: the built site, served by a plain static HTTP server,
answers every library query in headless Chromium exactly as the embedded store does, with
every request outside the site blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from darmstadt_kg import paths
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import DCAT
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.site import build_site
from tests.axe import RUN, run_axe, serve_axe
from tests.browser import gated_page, under
from tests.golden_rows import golden_path, json_cells, read_golden
from tests.rdf_terms import local_rows, remote_rows
from tests.static_site import ask_in_page, serve_folder
from tests.variant_site import ENDPOINT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(site: Path):
    """The site over HTTP on 127.0.0.1 (a thread of this process), as any static host would."""
    with serve_folder(site) as base:
        yield base


@pytest.fixture(scope="module")
def sparql_page(browser, served: str):
    """The site's SPARQL page, loaded with every request outside the site aborted (recorded)."""
    with gated_page(browser, under(served + "/")) as gated:
        page = gated.page
        page.goto(f"{served}/sparql/index.html")
        loaded = page.evaluate("async () => await window.darmstadtReady", [])
        yield {"page": page, "outside": gated.blocked, "errors": gated.errors, "loaded": loaded}


def test_the_page_loads_the_whole_dump_without_leaving_the_site(sparql_page):
    assert sparql_page["loaded"]["triples"] == len(get_rdflib_graph())
    status = sparql_page["page"].locator("#status").inner_text()
    assert f"{len(get_rdflib_graph())} triples loaded in 3 named graphs" in status
    assert sparql_page["errors"] == []
    assert sparql_page["outside"] == []


def test_the_named_graphs_and_their_union_are_there_as_at_the_endpoint(sparql_page):
    """A GRAPH question counts each named graph's triples; the default graph is their union."""
    import json

    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for query in (per_graph, union):
        local = get_store().query(query)
        names = [v.value for v in local.variables]
        answer = ask_in_page(sparql_page["page"], query)
        assert answer["status"] == 200, answer["body"][:300]
        rows = remote_rows(json.loads(answer["body"]), names)
        assert rows == local_rows(local), query
    graphs = json.loads(ask_in_page(sparql_page["page"], per_graph)["body"])
    assert len(graphs["results"]["bindings"]) == 3  # asserted, vocabulary, derived


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
        answer = ask_in_page(sparql_page["page"], text)
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
    answer = ask_in_page(sparql_page["page"], "SELEC * WHERE { ?s ?p ?o }")
    assert answer["status"] == 400
    assert "1:" in answer["body"]


def _open_example(page, index: int) -> None:
    """Open the question library (a closed <details>) if needed and click question ``index``."""
    if not page.locator("#library-list").evaluate("d => d.open"):
        page.locator("#library-list summary").click()
    page.locator(f'[data-example="{index}"]').click()


def test_an_example_opens_in_a_tab_of_its_own_and_keeps_the_users_query(sparql_page):
    """Choosing a library question never overwrites the query being edited."""
    from darmstadt_kg.publish.sparql_page import examples

    page = sparql_page["page"]
    mine = "SELECT ?mine WHERE { ?mine a ?class } LIMIT 3"
    page.evaluate("q => { window.darmstadtYasgui.getTab().setQuery(q); }", mine)
    tabs = page.evaluate("() => Object.keys(window.darmstadtYasgui._tabs).length")
    _open_example(page, 1)
    assert page.evaluate("() => Object.keys(window.darmstadtYasgui._tabs).length") == tabs + 1
    shown = page.evaluate("() => window.darmstadtYasgui.getTab().getQuery()")
    second = examples()[1]
    assert (
        shown
        == "\n".join(
            line for line in second["text"].split("\n") if not line.startswith("#+")
        ).lstrip()
    )
    assert page.locator("#question").inner_text() == second["summary"]
    kept = page.evaluate(
        """q => Object.values(window.darmstadtYasgui._tabs).some(t => t.getQuery() === q)""", mine
    )
    assert kept, "the user's query is still in its tab"
    page.locator("#new-query").click()  # a tab of the user's own: no library question shown
    assert page.locator("#question").inner_text() == ""


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
    _open_example(page, 0)
    assert page.evaluate("() => window.darmstadtYasgui.getTab().getName()") == first["name"]
    page.locator(".yasqe_queryButton >> visible=true").first.click()
    page.wait_for_function(
        "() => window.darmstadtYasgui.getTab().getYasr().results !== undefined", timeout=60_000
    )  # the answer may open as a chart (#16): the table is one click away
    page.evaluate("() => window.darmstadtYasgui.getTab().getYasr().selectPlugin('table')")
    page.wait_for_selector(".yasr .dataTable tbody tr >> visible=true", timeout=60_000)
    shown = page.locator(".yasr >> visible=true").first.inner_text()
    value = next(t for t in rows[0] if t is not None)
    assert str(value.value) in shown or str(value.value).rsplit("/", 1)[-1] in shown
    assert page.locator("#divergence-warning").is_hidden()  # the library is not affected
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


def test_an_endpoint_given_is_linked_and_described(variant_site: Path):
    """The site of tests/variant_site.py, built with ``--endpoint ENDPOINT``."""
    out = variant_site
    assert f'href="{ENDPOINT}"' in (out / "index.html").read_text()
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    assert (rdflib.URIRef(ENDPOINT), rdflib.RDF.type, DCAT.DataService) in void
    assert ENDPOINT in (out / "sparql" / "index.html").read_text()


def test_without_the_front_end_assets_the_site_is_built_without_the_sparql_page(
    tmp_path: Path, monkeypatch
):
    """As from a wheel (which does not carry serve/static/vendor): no page, no link to it."""
    from darmstadt_kg.publish import assets

    monkeypatch.setattr(assets, "vendor_dir", lambda: tmp_path / "no-vendor")
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
    _open_example(page, index)
    page.locator(".yasqe_queryButton >> visible=true").first.click()
    # drawn by the site's charts.js (copied beside result-views.js), zoomed out to every city
    page.wait_for_selector(".yasr [data-chart='map'] .dkg-city >> visible=true", timeout=60_000)
    active = page.locator(".yasr >> visible=true").first
    active.get_by_role("button", name="All places").click()
    assert active.locator("[data-chart='map'] .dkg-city").count() == 17
    assert active.locator("[data-chart='map'] .dkg-land").count() > 40  # outlines drawn
    graz = active.locator("[data-chart='map'] .dkg-mark[aria-label^='Graz (']")
    assert graz.get_attribute("href") == "../doc/graz.html"  # the site's page of the city
    assert sparql_page["outside"] == [] and sparql_page["errors"] == []
    active.screenshot(path="test-artifacts/site-sparql-map.png")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_has_no_serious_axe_violation(browser, served: str, width: int):
    """axe-core (npm) on the page once the graph is loaded, with a question opened and run:
    no critical or serious WCAG 2.1 A/AA violation, at a phone's and a desktop's width."""
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    serve_axe(page)
    try:
        page.goto(f"{served}/sparql/index.html")
        page.evaluate("async () => { await window.darmstadtReady; }")
        assert run_axe(page) == [], "as loaded"
        _open_example(page, 0)
        page.locator(".yasqe_queryButton >> visible=true").first.click()
        page.wait_for_function(
            "() => window.darmstadtYasgui.getTab().getYasr().results !== undefined",
            timeout=60_000,
        )
        assert page.evaluate(RUN) == [], "with a question opened and answered"
    finally:
        page.close()


def test_a_triple_in_two_graphs_is_read_as_the_endpoint_reads_it(browser, site: Path, tmp_path):
    """With a triple in two named graphs the endpoint's store copy keeps its default graph empty
    and each query without FROM reads the union (``load.query_union``), which yields the triple
    once per graph; the page does the same. Checked on a dump of three quads against
    ``UnionStore``, what the endpoint then queries (``serve.query_process.open_store``)."""
    import json
    import shutil

    import pyoxigraph as ox

    from darmstadt_kg.load import UnionStore

    ex = "http://example.org/"
    nquads = (
        f"<{ex}a> <{ex}p> <{ex}b> <{ex}g1> .\n"
        f"<{ex}a> <{ex}p> <{ex}b> <{ex}g2> .\n"
        f'<{ex}c> <{ex}p> "d" <{ex}g1> .\n'
    )
    shutil.copytree(site / "sparql", tmp_path / "sparql")
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "darmstadt-kg.nq").write_text(nquads, encoding="utf-8")
    endpoint = ox.Store()
    endpoint.load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    queries = [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }",
        "SELECT (COUNT(*) AS ?n) FROM <http://example.org/g1> WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != 'FROM <x>') }",
    ]
    with serve_folder(tmp_path) as base, gated_page(browser, under(base + "/")) as gated:
        gated.page.goto(f"{base}/sparql/index.html")
        loaded = gated.page.evaluate("async () => await window.darmstadtReady")
        assert (loaded["quads"], loaded["triples"]) == (3, 2)
        assert "1 triples are in two graphs" in gated.page.locator("#status").inner_text()
        for query in queries:
            local = UnionStore(endpoint).query(query)
            answer = ask_in_page(gated.page, query)
            assert answer["status"] == 200, answer["body"][:300]
            names = [v.value for v in local.variables]
            assert remote_rows(json.loads(answer["body"]), names) == local_rows(local), query
        assert gated.blocked == [] and gated.errors == []
