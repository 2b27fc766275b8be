"""The endpoint in-process: protocol, content negotiation, service description, limits, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest
import rdflib
from starlette.testclient import TestClient

from darmstadt_kg.library import library
from darmstadt_kg.namespaces import SD
from darmstadt_kg.serve.app import create_app
from darmstadt_kg.serve.config import ServeConfig

SELECT = "PREFIX dkr: <https://w3id.org/darmstadt-kg/id/> SELECT ?p ?o WHERE { dkr:troyes ?p ?o }"
CONSTRUCT = (
    "PREFIX dkr: <https://w3id.org/darmstadt-kg/id/> "
    "CONSTRUCT { dkr:troyes ?p ?o } WHERE { dkr:troyes ?p ?o }"
)


@pytest.fixture(scope="module")
def client():
    return TestClient(
        create_app(ServeConfig(timeout=5, max_rows=500, max_request_bytes=4096, max_url_bytes=4096))
    )


RESULT_TABLE = [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("application/json", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("*/*", None, "application/sparql-results+json"),
    (None, "xml", "application/sparql-results+xml"),
    (None, "csv", "text/csv"),
    (None, "tsv", "text/tab-separated-values"),
    ("text/csv", "json", "application/sparql-results+json"),  # the parameter wins
]


@pytest.mark.parametrize(("accept", "fmt", "expected"), RESULT_TABLE)
def test_select_result_formats(client, accept, fmt, expected):
    params = {"query": SELECT, **({"format": fmt} if fmt else {})}
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(expected)
    assert "Accept" in response.headers["vary"]
    body = response.text
    if "json" in expected:
        assert len(json.loads(body)["results"]["bindings"]) > 5
    elif "xml" in expected:
        assert "<sparql" in body and "troyes" not in body.split("<results>")[0]
        assert "<uri>http://schema.org/containedInPlace</uri>" in body
    elif expected == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["p", "o"] and len(rows) > 5
    else:
        assert body.startswith("?p\t?o\n")


GRAPH_TABLE = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
]


@pytest.mark.parametrize(("accept", "parser"), GRAPH_TABLE)
def test_construct_formats(client, accept, parser):
    response = client.post(
        "/sparql",
        content=CONSTRUCT,
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.text, format=parser)
    assert (
        rdflib.URIRef("https://w3id.org/darmstadt-kg/id/troyes"),
        rdflib.URIRef("http://schema.org/containedInPlace"),
        rdflib.URIRef("https://w3id.org/darmstadt-kg/id/france"),
    ) in graph


def test_post_form_and_ask(client):
    response = client.post(
        "/sparql",
        data={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}


def test_service_description_checks(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")  # 2: it is RDF
    services = list(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    endpoints = list(graph.objects(services[0], SD.endpoint))  # 1: an sd:endpoint triple
    assert endpoints == [rdflib.URIRef("http://testserver/sparql")]
    # 3: the SD vocabulary used correctly
    languages = set(graph.objects(services[0], SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    for dataset in graph.objects(services[0], SD.defaultDataset):
        assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
        for g in graph.objects(dataset, SD.defaultGraph):
            assert (g, rdflib.RDF.type, SD.Graph) in graph
    used = {p for p in graph.predicates() if str(p).startswith(str(SD))}
    known = {
        SD.endpoint,
        SD.supportedLanguage,
        SD.resultFormat,
        SD.feature,
        SD.defaultDataset,
        SD.defaultGraph,
    }
    assert used <= known


def test_browser_gets_the_editor_with_the_library(client):
    for path in ("/query", "/sparql"):
        response = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        shown = unescape(response.text)  # what a reader sees, whatever the entity used
        assert "partner-cities" in shown and "Darmstadt's partner cities" in shown
        assert "https://cdn" not in response.text and "//unpkg" not in response.text


DOC_TABLE = [
    ("text/html", "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ("text/html;q=0.5, text/turtle", "ttl", "text/turtle"),
]


@pytest.mark.parametrize(("accept", "ext", "media"), DOC_TABLE)
def test_resource_dereferences_with_303_and_conneg(client, accept, ext, media):
    response = client.get(
        "/id/mayors-for-peace", headers={"Accept": accept}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/mayors-for-peace.{ext}"
    assert "Accept" in response.headers["vary"]
    document = client.get(response.headers["location"])
    assert document.status_code == 200
    assert document.headers["content-type"].startswith(media)
    if ext == "html":
        assert "Bürgermeister*innen für den Frieden" in document.text
        assert "source-page-internationale-netzwerke" in document.text
    else:
        graph = rdflib.Graph().parse(
            data=document.text,
            format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}[ext],
        )
        mfp = rdflib.URIRef("https://w3id.org/darmstadt-kg/id/mayors-for-peace")
        assert (mfp, rdflib.RDFS.label, rdflib.Literal("Mayors for Peace", lang="en")) in graph
        founding = rdflib.URIRef("https://w3id.org/darmstadt-kg/id/founding-mayors-for-peace")
        assert (founding, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None) in graph


def test_resource_page_shows_wikidata_and_escapes_labels(client):
    page = client.get("/doc/troyes.html").text
    assert 'href="http://www.wikidata.org/entity/Q5489"' in page
    assert "Irene Schewe" in page and "1958" in page
    pact = client.get("/doc/community-of-sant-egidio.html").text
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", pact, flags=re.S)
    assert "Community of Sant&#39;Egidio" in html and "Community of Sant'Egidio" not in html


ERRORS = [
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p ?o "}}, 400, "line 1, column"),
    ("get", {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read-only"),
    ("post", {"data": {"update": "CLEAR ALL"}}, 403, "read-only"),
    (
        "post",
        {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
        403,
        "read-only",
    ),
    (
        "post",
        {"content": "x" * 5000, "headers": {"Content-Type": "application/sparql-query"}},
        413,
        "limit",
    ),
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000}}, 414, "POST"),
    ("get", {"params": {"query": SELECT, "format": "yaml"}}, 400, "unknown format"),
    ("get", {"params": {"query": SELECT}, "headers": {"Accept": "image/png"}}, 406, "Accept"),
    ("get", {"params": {"query": SELECT, "format": "turtle"}}, 406, "cannot carry"),
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p ?o }"}}, 422, "LIMIT"),
    ("post", {"content": SELECT, "headers": {"Content-Type": "text/plain"}}, 415, "Content-Type"),
    ("get", {"params": {"query": ""}}, 400, "empty"),
    ("get", {"url": "/id/no-such-thing"}, 404, "no resource"),
    ("get", {"url": "/doc/troyes.pdf"}, 404, "extensions"),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "words"),
    ERRORS,
    ids=[f"{e[2]}-{i}" for i, e in enumerate(ERRORS)],
)
def test_bad_input_gets_its_status_and_message(client, method, kwargs, status, words):
    url = kwargs.pop("url", "/sparql")
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.text
    assert words in response.text
    assert len(response.text.strip().splitlines()) == 1


def test_cors_allows_other_origins(client):
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    pre = client.options(
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code == 200


def test_ontology_is_served(client):
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/darmstadt-kg/ontology#Twinning"),
        rdflib.RDF.type,
        rdflib.OWL.Class,
    ) in graph


def test_ontology_is_documented_for_a_browser_and_its_links_resolve_here(client):
    import re

    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = client.get("/ontology", headers=browser)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="Twinning"' in page.text and "SHACL shapes" in page.text
    assert "Städtepartnerschaft" in page.text  # German labels too
    # every local link of the page answers on this server (class anchors, concepts, formats)
    local = sorted({h.split("#")[0] for h in re.findall(r'href="(/[^"]*)"', page.text)})
    assert "/ontology/index.html" in local and any(h.startswith("/doc/level-") for h in local)
    for href in local:
        answer = client.get(href.replace("&amp;", "&"), headers=browser, follow_redirects=False)
        assert answer.status_code in (200, 303), (href, answer.status_code)
    for name, media in (
        ("turtle", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("ntriples", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
    ):
        answer = client.get("/ontology", params={"format": name}, headers=browser)
        assert answer.headers["content-type"].startswith(media), name
    assert client.get("/ontology", params={"format": "yaml"}).status_code == 400


def test_answer_cache_serves_repeats_and_can_be_turned_off():
    """A repeated query is answered from the cache: the query threads run it once, and the
    repeat gets the same body; with the cache off they run it each time."""
    runs = {}
    for cache_mb in (4, 0):
        app = create_app(ServeConfig(cache_mb=cache_mb))
        run, runs[cache_mb] = app.state.threads.run, []

        async def counted(call, timeout, run=run, seen=runs[cache_mb]):
            seen.append(call)
            return await run(call, timeout)

        app.state.threads.run = counted
        client = TestClient(app)
        bodies = [client.get("/sparql", params={"query": SELECT}) for _ in range(2)]
        assert [b.status_code for b in bodies] == [200, 200]
        assert bodies[0].content == bodies[1].content
        assert json.loads(bodies[0].content)["results"]["bindings"]
    assert len(runs[4]) == 1 and len(runs[0]) == 2


def test_network_explorer_is_served_and_linked_from_resource_pages(client):
    page = client.get("/doc/mayors-for-peace.html").text
    assert "/explore?view=ego&amp;focus=mayors-for-peace" in page
    ego = client.get("/explore", params={"view": "ego", "focus": "mayors-for-peace", "depth": 1})
    assert ego.status_code == 200 and ego.headers["content-type"].startswith("text/html")
    assert "Hiroshima" in ego.text
    whole = client.get("/explore")
    assert whole.status_code == 200 and "Irene Schewe" in whole.text
    assert '"resourceHref": "/id/{slug}"' in whole.text  # its details link back to this server
    assert client.get("/id/irene-schewe", headers={"Accept": "text/html"}).status_code in (200, 303)
    assert (
        client.get("/explore", params={"view": "ego", "focus": "no-such-node"}).status_code == 404
    )
    assert client.get("/explore", params={"view": "3d"}).status_code == 400


def test_serve_command_passes_every_option_to_the_server(monkeypatch):
    from click.testing import CliRunner

    from darmstadt_kg.commands import serve as serve_command

    seen: list[ServeConfig] = []
    monkeypatch.setattr("darmstadt_kg.serve.runner.run_serve", seen.append)
    args = "--no-validate --port 8123 --workers 2 --timeout 3 --max-rows 77 --max-request-bytes"
    args += " 4096 --cache-mb 0 --query-threads 3 --in-memory --base-url https://example.org"
    args += " --max-url-bytes 2048 --max-header-bytes 4096 --header-timeout 3 --per-client 2"
    args += " --max-query-memory 900 --max-nesting 20"
    args += " --trusted-proxy 10.0.0.1 --trusted-proxy 192.168.0.0/16"
    result = CliRunner().invoke(serve_command.serve, args.split())
    assert result.exit_code == 0, result.output
    assert seen == [
        ServeConfig(
            port=8123,
            workers=2,
            timeout=3,
            max_rows=77,
            max_request_bytes=4096,
            cache_mb=0,
            query_threads=3,
            in_memory=True,
            base_url="https://example.org",
            max_url_bytes=2048,
            max_header_bytes=4096,
            header_timeout=3,
            per_client=2,
            max_query_memory_mb=900,
            max_nesting=20,
            trusted_proxies=("10.0.0.1", "192.168.0.0/16"),
        )
    ]


def test_x_forwarded_for_is_read_only_from_a_trusted_proxy_the_operator_names():
    from click.testing import CliRunner

    from darmstadt_kg.commands import serve as serve_command
    from darmstadt_kg.serve.worker import proxy_settings

    assert proxy_settings(ServeConfig()) == {"proxy_headers": False}
    config = ServeConfig(trusted_proxies=("10.0.0.1", "::1"))
    assert proxy_settings(config) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.1", "::1"],
    }
    bad = CliRunner().invoke(serve_command.serve, ["--no-validate", "--trusted-proxy", "nginx"])
    assert bad.exit_code == 2 and "not an IP address or network" in bad.output


def test_in_memory_query_processes_answer_like_the_shared_store():
    on_disk = TestClient(create_app(ServeConfig(cache_mb=0)))
    in_memory_app = create_app(ServeConfig(cache_mb=0, in_memory=True))
    assert in_memory_app.state.config.in_memory
    in_memory = TestClient(in_memory_app)
    for query, accept in ((SELECT, "text/csv"), (CONSTRUCT, "text/turtle")):
        answers = [
            c.get("/sparql", params={"query": query}, headers={"Accept": accept})
            for c in (on_disk, in_memory)
        ]
        assert answers[0].status_code == answers[1].status_code == 200
        if query is SELECT:
            assert sorted(answers[0].text.splitlines()) == sorted(answers[1].text.splitlines())
        else:
            from rdflib.compare import isomorphic

            graphs = [rdflib.Graph().parse(data=a.text, format="turtle") for a in answers]
            assert len(graphs[0]) > 5 and isomorphic(*graphs)


def test_every_answer_has_security_headers_and_cors_errors_included(client):
    answers = [
        client.get("/", headers={"Accept": "text/html"}),
        client.get("/doc/troyes.html"),
        client.get("/sparql", params={"query": "ASK {"}),  # 400
        client.get("/id/no-such-thing"),  # 404
        client.get("/no/such/path"),  # 404 of the router
        client.put("/sparql"),  # 405
    ]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["access-control-allow-origin"] == "*"
    assert [a.status_code for a in answers] == [200, 200, 400, 404, 404, 405]
    assert (
        "'unsafe-inline'"
        not in answers[0].headers["content-security-policy"].split("script-src", 1)[1].split(";")[0]
    )


def test_accept_with_q_0_excludes_a_type_and_vary_is_set(client):
    response = client.post(
        "/sparql",
        content=CONSTRUCT,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle;q=0, text/*"},
    )
    assert response.status_code == 200
    assert not response.headers["content-type"].startswith("text/turtle")
    assert "Accept" in response.headers["vary"]
    editor = client.get("/sparql", headers={"Accept": "text/html"})
    assert "Accept" in editor.headers["vary"]


def test_ask_is_never_sent_as_csv(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert response.status_code == 406 and "accept one of" in response.text
    both = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv, */*;q=0.1"}
    )
    assert both.json() == {"head": {}, "boolean": True}


def test_large_answers_are_gzipped(client):
    response = client.get("/explore", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    small = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    query = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"}
    big = client.get("/sparql", params=query, headers={"Accept-Encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip" and len(big.json()["results"]["bindings"]) > 9
    assert big.headers["x-content-type-options"] == "nosniff"


def test_a_newline_in_a_slug_is_404_and_control_characters_are_never_echoed(client):
    response = client.get("/id/darmstadt%0A")
    assert response.status_code == 404
    bad = client.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o", "format": "x\x1b[31m"}
    )
    assert bad.status_code == 400 and "\x1b" not in bad.text
    assert len(bad.text.strip().splitlines()) == 1


def test_the_editor_and_the_ontology_are_there_in_german_with_a_switch_back(client):
    first = library()[0]
    editor = client.get("/query?lang=de")
    assert editor.status_code == 200 and '<html lang="de"' in editor.text
    assert "Fragensammlung" in editor.text and "Question library" not in editor.text
    assert first.summary_de in unescape(editor.text)
    assert 'href="/ontology?lang=de"' in editor.text  # the navigation stays German
    assert re.search(
        r'<a href="/query" hreflang="en"[^>]*data-lang-switch>English</a>', editor.text
    )
    english = client.get("/query")
    assert '<html lang="en"' in english.text and "Question library" in english.text
    assert re.search(r'<a href="/query\?lang=de" hreflang="de"', english.text)

    german = client.get("/ontology?lang=de", headers={"accept": "text/html"})
    assert german.status_code == 200 and '<html lang="de"' in german.text
    assert "<title>Ontologie – darmstadt-kg</title>" in german.text
    assert re.search(r'<a href="/ontology" hreflang="en"', german.text)
    assert client.get("/ontology", headers={"accept": "text/html"}).text != german.text
