"""Persistent IRIs with Debian's Apache: the ``.htaccess`` for w3id.org's ``darmstadt-kg/``
folder answers 303 by ``Accept`` to the HTML or RDF documents of the hosted site, and the site's
own ``.htaccess`` does the same when Apache serves the site folder itself."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import rdflib

from darmstadt_kg.errors import UserError
from darmstadt_kg.load import get_rdflib_graph
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.publish.htaccess import w3id_htaccess
from darmstadt_kg.publish.site import build_site
from tests.servers import free_port as _free_port
from tests.webservers import APACHE, apache_serving

pytestmark = pytest.mark.apache

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CASES = [
    (BROWSER, "html", "text/html"),
    ("", "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml", "rdf", "application/rdf+xml"),
]


@pytest.fixture(scope="module")
def apache():
    """Apache on 127.0.0.1: ``/darmstadt-kg/`` is the built site (with its own .htaccess),
    ``/w3id/darmstadt-kg/`` plays w3id.org's folder, redirecting to the site."""
    assert Path(APACHE).is_file(), "Debian's apache2 is missing (scripts/install-system-deps.sh)"
    work = Path(tempfile.mkdtemp(prefix="dkg-apache-"))
    try:
        work.chmod(0o755)  # Apache's workers run as www-data when started by root
        root = work / "root"
        port = _free_port()
        host = f"http://127.0.0.1:{port}/darmstadt-kg/"
        build_site(root / "darmstadt-kg", host_url=host)
        w3id = root / "w3id" / "darmstadt-kg"
        w3id.mkdir(parents=True)
        shutil.copy(root / "darmstadt-kg" / "apache" / "w3id.htaccess", w3id / ".htaccess")
        with apache_serving(root, work, port) as base:
            yield base
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _slugs() -> list[str]:
    graph = get_rdflib_graph()
    return sorted(
        {str(s)[len(str(DKR)) :] for s in graph.subjects() if str(s).startswith(str(DKR))}
    )


@pytest.mark.parametrize("prefix", ["/w3id/darmstadt-kg", "/darmstadt-kg"])
def test_apache_answers_303_by_accept_for_every_resource(apache: str, prefix: str):
    import httpx

    with httpx.Client(base_url=apache, timeout=10) as client:
        for slug in _slugs():
            for accept, ext, _media in CASES[:3]:
                headers = {"Accept": accept} if accept else {}
                answer = client.get(f"{prefix}/id/{slug}", headers=headers)
                assert answer.status_code == 303, (prefix, slug, accept)
                assert answer.headers["location"] == f"{apache}/darmstadt-kg/doc/{slug}.{ext}"
                assert answer.headers.get("vary") == "Accept", (prefix, slug)


@pytest.mark.parametrize("prefix", ["/w3id/darmstadt-kg", "/darmstadt-kg"])
def test_apache_redirects_lead_to_the_documents_with_their_media_types(apache: str, prefix: str):
    import httpx

    with httpx.Client(base_url=apache, timeout=10, follow_redirects=True) as client:
        for accept, ext, media in CASES:
            headers = {"Accept": accept} if accept else {}
            page = client.get(f"{prefix}/id/mayors-for-peace", headers=headers)
            assert page.status_code == 200, (accept, page.url)
            assert str(page.url).endswith(f"/doc/mayors-for-peace.{ext}")
            assert page.headers["content-type"].startswith(media), (accept, page.headers)
        turtle = client.get(f"{prefix}/id/darmstadt", headers={"Accept": "text/turtle"})
        graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
        assert (DKR.darmstadt, rdflib.RDFS.label, None) in graph
        onto = client.get(f"{prefix}/ontology", headers={"Accept": "text/turtle"})
        assert str(onto.url).endswith("/ontology/darmstadt-kg.ttl")
        assert onto.headers["content-type"].startswith("text/turtle")
        assert str(client.get(f"{prefix}/ontology").url).endswith("/ontology/index.html")
        dataset = client.get(f"{prefix}/dataset")
        assert str(dataset.url).endswith("/void.ttl") and dataset.status_code == 200
        assert client.get(f"{prefix}/id/no-such-thing").status_code == 404
        for path, media in (
            ("sparql/sparql.js", "text/javascript"),
            ("sparql/vendor/oxigraph/web_bg.wasm", "application/wasm"),
        ):
            answer = client.get(f"/darmstadt-kg/{path}")
            assert answer.headers["content-type"].startswith(media), (path, answer.headers)


def test_w3id_forwards_every_other_path_to_the_host(apache: str):
    import httpx

    answer = httpx.get(f"{apache}/w3id/darmstadt-kg/sparql/index.html", timeout=10)
    assert answer.status_code == 302
    assert answer.headers["location"] == f"{apache}/darmstadt-kg/sparql/index.html"


@pytest.mark.parametrize(
    "url", ["ftp://host/x", "https://host/a b", 'https://host/"', "https://host/$1", "relative/"]
)
def test_a_host_url_that_could_change_the_rules_is_refused(url: str):
    with pytest.raises(UserError, match="--host-url"):
        w3id_htaccess(url)
