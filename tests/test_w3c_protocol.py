"""The W3C SPARQL 1.1 Protocol and Service Description tests, run against a live server.

``tests/w3c/`` holds the W3C manifests unchanged (with their licence). The server is a real
``run_serve`` on 127.0.0.1 over a store holding the three fixture graphs as named graphs. Every
request of the protocol manifest is sent as written (``/sparql/`` becomes ``/sparql``) and its
answer checked against the expected status class and result format. The endpoint is read-only,
so each update request must be refused with a 4xx and leave the dataset exactly as it was (the
manifest's expectations for updates assume a writable store).
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from darmstadt_kg.namespaces import SD

W3C = Path(__file__).with_name("w3c")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
GRAPHS = {f"data{n}.nt": f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)}
RESULT_MEDIA = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def _manifest(folder: str) -> tuple[rdflib.Graph, list]:
    graph = rdflib.Graph().parse(W3C / folder / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


PROTOCOL, PROTOCOL_TESTS = _manifest("protocol")
SD_GRAPH, SD_TESTS = _manifest("service-description")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A live server over the fixture graphs (named graphs); yields its endpoint URL."""
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("w3c")
    store = ox.Store(str(folder / "store"))
    for name, iri in GRAPHS.items():
        store.load(
            path=str(W3C / "protocol" / name),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(iri),
        )
    store.flush()
    del store
    code = (
        "from darmstadt_kg.serve.config import ServeConfig\n"
        "from darmstadt_kg.serve.runner import run_serve\n"
        "run_serve(ServeConfig(port=0, workers=1, cache_mb=0,"
        f" store_path={str(folder / 'store')!r}))"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    url = None
    deadline = time.monotonic() + 120
    while url is None and time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        if line.strip().startswith("endpoint:"):
            url = line.split(": ", 1)[1].strip()
    if url is None:
        server.kill()
        raise RuntimeError("server did not start: " + server.stderr.read())
    yield url
    server.terminate()
    server.wait(30)


def _send(endpoint: str, method: str, path: str, headers: dict, body: bytes | None):
    parts = urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request(method, path.replace("/sparql/", parts.path, 1), body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("content-type", ""), data


def _dataset(endpoint: str) -> list:
    query = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    headers = {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json",
    }
    status, _, data = _send(endpoint, "POST", "/sparql/", headers, query.encode())
    assert status == 200
    return sorted(json.dumps(b, sort_keys=True) for b in json.loads(data)["results"]["bindings"])


def _is_update(request, headers: dict, body: bytes | None) -> bool:
    path = str(PROTOCOL.value(request, HT.absolutePath))
    return (
        "update=" in path
        or headers.get("content-type", "").startswith("application/sparql-update")
        or (body is not None and body.startswith(b"update="))
    )


def _boolean(media: str, data: bytes) -> bool:
    if media.startswith("application/sparql-results+json"):
        return json.loads(data)["boolean"]
    assert media.startswith("application/sparql-results+xml"), media
    return b"<boolean>true</boolean>" in data


def _check_format(expected: str, media: str, data: bytes) -> None:
    if expected == "boolean":
        _boolean(media, data)
    elif expected == "tabular":
        assert media.startswith(RESULT_MEDIA), media
    elif expected == "RDF":
        fmt = RDF_MEDIA[media.split(";")[0].strip()]
        rdflib.Graph().parse(data=data, format=fmt)


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_w3c_protocol(endpoint, test):
    before = _dataset(endpoint)
    action = PROTOCOL.value(test, MF.action)
    requests = list(Collection(PROTOCOL, PROTOCOL.value(action, HT.requests)))
    assert requests
    updated = False
    for request in requests:
        method = str(PROTOCOL.value(request, HT.methodName))
        headers = {}
        for header in Collection(PROTOCOL, PROTOCOL.value(request, HT.headers) or RDF.nil):
            name = str(PROTOCOL.value(header, HT.fieldName)).lower()
            headers[name] = str(PROTOCOL.value(header, HT.fieldValue))
        body = None
        content = PROTOCOL.value(request, HT.body)
        if content is not None:
            encoding = str(PROTOCOL.value(content, CNT.characterEncoding) or "UTF-8")
            body = str(PROTOCOL.value(content, CNT.chars)).encode(encoding.lower())
        path = str(PROTOCOL.value(request, HT.absolutePath))
        status, media, data = _send(endpoint, method, path, headers, body)
        response = PROTOCOL.value(request, HT.resp)
        expected = {str(s).removeprefix(HTS) for s in PROTOCOL.objects(response, MF.expectedStatus)}
        if _is_update(request, headers, body):
            updated = True
            assert 400 <= status < 500, (status, data)  # read-only: every update refused
            assert len(data.decode().strip().splitlines()) == 1
            continue
        assert f"{status // 100}xx" in expected, (status, data[:300])
        if status >= 400:
            continue
        fmt = PROTOCOL.value(response, MF.expectedFormat)
        if fmt is not None:
            _check_format(str(fmt), media, data)
        boolean = PROTOCOL.value(response, MF.expectedBoolean)
        if boolean is not None and not updated:
            assert _boolean(media, data) == boolean.toPython()
    assert _dataset(endpoint) == before  # nothing changed, whatever was sent


def _description(endpoint: str, method: str = "GET"):
    parts = urlsplit(endpoint)
    return _send(endpoint, method, parts.path, {"Accept": "text/turtle"}, None)


@pytest.mark.parametrize("test", SD_TESTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_w3c_service_description(endpoint, test):
    name = str(test).rsplit("#", 1)[-1]
    status, media, data = _description(endpoint)
    assert status == 200
    graph = rdflib.Graph().parse(data=data, format=RDF_MEDIA[media.split(";")[0]])
    services = list(graph.subjects(RDF.type, SD.Service))
    if name == "returns-rdf":
        assert len(graph) > 0 and len(services) == 1
    elif name == "has-endpoint-triple":
        assert list(graph.objects(services[0], SD.endpoint)) == [rdflib.URIRef(endpoint)]
    else:  # conforms-to-schema: the SD vocabulary, used on the right kinds of things
        assert set(graph.objects(services[0], SD.supportedLanguage)) <= {
            SD.SPARQL10Query,
            SD.SPARQL11Query,
            SD.SPARQL11Update,
        }
        for dataset in graph.objects(services[0], SD.defaultDataset):
            assert (dataset, RDF.type, SD.Dataset) in graph
            for default in graph.objects(dataset, SD.defaultGraph):
                assert (default, RDF.type, SD.Graph) in graph
        known = {
            SD.endpoint,
            SD.supportedLanguage,
            SD.resultFormat,
            SD.feature,
            SD.defaultDataset,
            SD.defaultGraph,
        }
        assert {p for p in graph.predicates() if str(p).startswith(str(SD))} <= known


def test_head_answers_wherever_get_does(endpoint):
    base = endpoint.rsplit("/sparql", 1)[0]
    for path in ("/sparql", "/sparql?query=ASK%7B%7D", "/", "/ontology", "/favicon.ico"):
        get = _send(endpoint, "GET", path, {}, None)[0]
        head = _send(endpoint, "HEAD", path, {}, None)[0]
        assert get == head and get < 400, (base + path, get, head)


def test_w3c_suite_is_copied_with_its_licence_and_all_its_tests():
    assert (W3C / "LICENSE.md").is_file()
    assert len(PROTOCOL_TESTS) == 34 and len(SD_TESTS) == 3
    assert os.path.getsize(W3C / "protocol" / "data1.nt") > 0
