"""The static site: dumps parse back isomorphic, VoID counts match, every resource has its pages,
labels are escaped, two builds are byte-identical, and nginx negotiates content with 303s."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from darmstadt_kg.load import get_rdflib_graph
from darmstadt_kg.namespaces import DKG, DKR, VOID
from darmstadt_kg.publish import DATASET_IRI, indexes
from darmstadt_kg.publish.dumps import FORMATS
from darmstadt_kg.publish.site import build_site
from darmstadt_kg.publish.target import read_manifest
from tests.cli import run_cli
from tests.servers import free_port as _free_port
from tests.servers import wait_until_answering
from tests.system import require
from tests.test_publish_target import USER_FILES

ROOT = Path(__file__).resolve().parent.parent


def test_the_build_reports_every_resource_and_triple(site_build):
    """The site of the session (``tests/conftest.py``, built once for every test that reads it)."""
    report = site_build[1]
    assert report.resources > 200 and report.triples == len(get_rdflib_graph())


def _parse(path: Path, parser: str) -> rdflib.Graph:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if parser in ("nquads", "trig"):  # the named graphs, compared as their union
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=parser)
        graph = rdflib.Graph()
        for s, p, o, _g in dataset.quads():
            graph.add((s, p, o))
        return graph
    graph = rdflib.Graph()
    graph.parse(data=data, format=parser)
    return graph


@pytest.mark.parametrize("gz", ["", ".gz"])
@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_dump_parses_back_isomorphic(site: Path, ext: str, gz: str):
    graph = _parse(site / "dumps" / f"darmstadt-kg.{ext}{gz}", FORMATS[ext][1])
    assert isomorphic(graph, get_rdflib_graph())


def test_void_counts_sizes_and_checksums_match_the_files(site: Path):
    void = rdflib.Graph().parse(site / "void.ttl", format="turtle")
    assert (site / ".well-known" / "void").read_bytes() == (site / "void.ttl").read_bytes()
    dataset = rdflib.URIRef(DATASET_IRI)
    triples = int(void.value(dataset, VOID.triples))
    assert triples == len(_parse(site / "dumps" / "darmstadt-kg.nt", "nt"))
    entities = int(void.value(dataset, VOID.entities))
    pages = list((site / "doc").glob("*.html"))
    german = [p for p in pages if p.name.endswith(".de.html")]
    assert entities == len(pages) - len(german) == len(german)  # each page in English and German
    assert void.value(dataset, VOID.sparqlEndpoint) is None  # none unless --endpoint is given
    assert (
        dataset,
        rdflib.URIRef("http://purl.org/dc/terms/license"),
        rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in void
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    distributions = [
        d for d in void.objects(dataset, dcat.distribution) if (d, dcat.downloadURL, d) in void
    ]
    assert len(distributions) == 2 * len(FORMATS)  # the dumps; the SPARQL page is the other one
    assert len(list(void.objects(dataset, dcat.distribution))) == 2 * len(FORMATS) + 1
    for dist in distributions:
        file = site / str(dist).removeprefix("https://w3id.org/darmstadt-kg/")
        assert int(void.value(dist, dcat.byteSize)) == file.stat().st_size
        assert int(void.value(dist, VOID.triples)) == triples
        checksum = void.value(void.value(dist, spdx.checksum), spdx.checksumValue)
        assert str(checksum) == hashlib.sha256(file.read_bytes()).hexdigest()
        assert str(void.value(dist, dcat.mediaType)).startswith("https://www.iana.org/")
    for lang in ("de", "en"):
        titles = [
            t
            for t in void.objects(dataset, rdflib.URIRef("http://purl.org/dc/terms/title"))
            if t.language == lang
        ]
        assert titles


def test_void_identifier_names_the_dataset_not_a_graph(site: Path):
    void = rdflib.Graph().parse(site / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(DATASET_IRI)
    identifiers = list(void.objects(dataset, rdflib.URIRef("http://purl.org/dc/terms/identifier")))
    assert identifiers == [rdflib.Literal(DATASET_IRI)]


def test_every_resource_has_html_and_rdf_files(site: Path):
    graph = get_rdflib_graph()
    subjects = {s for s in graph.subjects() if str(s).startswith(str(DKR))}
    for resource in subjects:
        slug = str(resource)[len(str(DKR)) :]
        for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
            assert (site / "doc" / f"{slug}.{ext}").is_file(), (slug, ext)
    darmstadt = rdflib.Graph().parse(site / "doc" / "darmstadt.ttl", format="turtle")
    assert set(graph.triples((DKR.darmstadt, None, None))) <= set(darmstadt)
    jsonld = rdflib.Graph().parse(site / "doc" / "darmstadt.jsonld", format="json-ld")
    assert isomorphic(jsonld, darmstadt)


def test_resource_page_has_labels_sources_links_and_structured_data(site: Path):
    html = (site / "doc" / "darmstadt.html").read_text()
    assert '<html lang="en">' in html
    assert '<link rel="alternate" type="text/turtle" href="darmstadt.ttl">' in html
    assert '<link rel="alternate" type="application/ld+json" href="darmstadt.jsonld">' in html
    assert '<script type="application/ld+json">' in html
    assert "https://www.wikidata.org/wiki/" in html or "http://www.wikidata.org/entity/Q" in html
    assert 'href="../doc/source-' in html  # its sources link to their pages
    twinning = (site / "doc" / "twinning-darmstadt-alkmaar.html").read_text()
    assert 'lang="de"' in twinning and "source-" in twinning
    # every fact about Mayors for Peace is listed, by its kind, with its source
    mfp = (site / "doc" / "mayors-for-peace.html").read_text()
    assert '<h2 id="facts-Founding">Founding' in mfp
    assert "founding-mayors-for-peace-new-york.html" in mfp


def test_index_pages_and_ontology_documentation(site: Path):
    graph = get_rdflib_graph()
    onto = (site / "ontology" / "index.html").read_text()
    classes = {
        s for s in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class) if str(s).startswith(str(DKG))
    }
    for cls in classes:
        assert f'id="{str(cls)[len(str(DKG)) :]}"' in onto
    assert "Städtepartnerschaft" in onto or "Mitgliedschaft" in onto  # German labels
    assert "Wikidata Q6256" in onto  # a Wikidata match
    assert "SHACL shapes" in onto and "dks:CityShape" in onto
    assert isomorphic(
        rdflib.Graph().parse(site / "ontology" / "darmstadt-kg.ttl", format="turtle"),
        rdflib.Graph().parse(site / "ontology" / "darmstadt-kg.jsonld", format="json-ld"),
    )
    assert "dkg-City.html" in (site / "classes" / "index.html").read_text()
    levels = (site / "levels" / "index.html").read_text()
    assert "mayors-for-peace.html" in levels
    questions = (site / "queries" / "index.html").read_text()
    library = ROOT / "queries"
    for query in sorted(library.glob("*.rq")) if library.is_dir() else []:
        assert f'id="{query.stem}"' in questions


def test_the_explorer_is_part_of_the_site_and_resource_pages_link_to_it(site: Path):
    import re

    from darmstadt_kg.network import build_network

    nodes = set(build_network())
    for name in ("index.html", "geo.html"):
        html = (site / "explore" / name).read_text(encoding="utf-8")
        assert not re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", html)
        assert '"resourceHref": "../doc/{slug}.html"' in html
    darmstadt = (site / "doc" / "darmstadt.html").read_text(encoding="utf-8")
    assert 'href="../explore/index.html">Network explorer</a>' in darmstadt
    linked = {
        page.stem
        for page in (site / "doc").glob("*.html")
        if f'href="../explore/index.html#focus={page.stem}"' in page.read_text(encoding="utf-8")
    }
    assert linked == nodes  # every node's page links to it; no other page does


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_rebuild_writes_the_same_bytes_and_keeps_the_users_files(site: Path, tmp_path: Path):
    """The command line, in a process with another hash seed, over a copy of the session's
    site (``build_site`` in the test process) with the user's own files in it: it writes every
    file of the site byte for byte as before, and keeps the user's files (not in its manifest)."""
    out = tmp_path / "site"
    shutil.copytree(site, out, symlinks=True)
    for built in out.rglob("*.html"):  # what the session wrote is written afresh, not kept
        built.write_bytes(b"stale")
    for name, text in USER_FILES.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    seed = "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "1"
    result = run_cli("publish", "site", "--out", str(out), env={"PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("site: ")
    first, second = _tree(site), _tree(out)
    assert len(first) > 1000
    for name, text in USER_FILES.items():
        assert second.pop(name) == text.encode(), name
    assert not set(USER_FILES) & (read_manifest(out) or set())
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert not any(str(tmp_path).encode() in data for data in second.values())
    assert not any(str(site.parent).encode() in data for data in first.values())


def test_a_build_that_fails_part_way_leaves_the_earlier_site(
    site: Path, tmp_path: Path, monkeypatch
):
    out = tmp_path / "site"
    shutil.copytree(site, out, symlinks=True)  # a finished build: the session's
    before = _tree(out)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(indexes, "render_levels", broken)
    with pytest.raises(RuntimeError, match="renderer failed"):
        build_site(out)
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind


def test_an_unwritable_target_is_one_line_and_exit_6(tmp_path: Path):
    (tmp_path / "afile").write_text("not a folder")
    result = run_cli("publish", "site", "--out", str(tmp_path / "afile" / "site"))
    assert result.returncode == 6
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot write the site" in result.stderr and "afile" in result.stderr


def test_refuses_a_folder_that_is_not_a_site(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run_cli("publish", "site", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_labels_and_comments_are_escaped(variant_site: Path):
    """A label and a comment that try to close the page's script and open one of their own
    (tests/variant_site.py) are text on the resource's page and on Darmstadt's, which links it."""
    own = variant_site / "doc" / "escape-test.html"
    for page in (own, variant_site / "doc" / "darmstadt.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "</script><script>" not in html
        assert "<b>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert" in own.read_text()


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory):
    from darmstadt_kg.publish.nginx import nginx_test_config

    require("nginx")  # installed by scripts/install-system-deps.sh, never here
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_test_config(str(site), port, str(work)))
    binary = "/usr/sbin/nginx"
    checked = subprocess.run(
        [binary, "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_answering(("127.0.0.1", port), process, timeout=30)  # nginx accepts
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.nginx
def test_nginx_negotiates_every_resource(nginx: str):
    import httpx

    graph = get_rdflib_graph()
    slugs = sorted(str(s)[len(str(DKR)) :] for s in graph.subjects() if str(s).startswith(str(DKR)))
    cases = [(BROWSER, "html", "text/html"), ("text/turtle", "ttl", "text/turtle")]
    with httpx.Client(base_url=nginx, timeout=10) as client:
        for slug in sorted(set(slugs)):
            for accept, ext, media in cases:
                answer = client.get(f"/id/{slug}", headers={"Accept": accept})
                assert answer.status_code == 303, (slug, accept)
                assert answer.headers["location"].endswith(f"/doc/{slug}.{ext}")
                assert answer.headers.get("vary") == "Accept"
                page = client.get(answer.headers["location"])
                assert page.status_code == 200, (slug, answer.headers["location"])
                assert page.headers["content-type"].startswith(media)
        turtle = client.get(
            "/id/darmstadt", headers={"Accept": "text/turtle"}, follow_redirects=True
        )
        graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
        assert (DKR.darmstadt, rdflib.RDFS.label, None) in graph
        for accept, ext in (
            ("application/ld+json", "jsonld"),
            ("application/n-triples", "nt"),
            ("application/rdf+xml", "rdf"),
            ("", "html"),
        ):
            headers = {"Accept": accept} if accept else {}
            answer = client.get("/id/mayors-for-peace", headers=headers)
            assert answer.headers["location"].endswith(f"/doc/mayors-for-peace.{ext}")
        onto = client.get("/ontology", headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert onto.headers["content-type"].startswith("text/turtle")
        void = client.get("/.well-known/void")
        assert void.status_code == 200 and void.headers["content-type"].startswith("text/turtle")
        assert client.get("/id/no-such-thing", follow_redirects=True).status_code == 404
        # the in-browser SPARQL page needs these types (module scripts and WebAssembly)
        for path, media in (
            ("/sparql/sparql.js", "text/javascript"),
            ("/sparql/vendor/oxigraph/web.js", "text/javascript"),
            ("/sparql/vendor/oxigraph/web_bg.wasm", "application/wasm"),
            ("/sparql/vendor/yasgui.min.css", "text/css"),
        ):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert answer.headers["content-type"].startswith(media), (path, answer.headers)


@pytest.mark.nginx
@pytest.mark.browser
def test_the_sparql_page_works_behind_nginx(nginx: str, browser):
    """Served with the site's nginx configuration, the page loads the graph and answers."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{nginx}/sparql/index.html")
        ready = page.evaluate("async () => await window.darmstadtReady")
        assert ready["triples"] == len(get_rdflib_graph())
        status = page.evaluate(
            """async () => (await fetch("query", {method: "POST",
                body: new URLSearchParams({query: "ASK { ?s ?p ?o }"})})).status"""
        )
        assert status == 200
    finally:
        context.close()
