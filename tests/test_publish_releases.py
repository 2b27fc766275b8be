"""The maintainer's workflow, end to end, on an altered copy of the data (issue 23, items 1–3):
release 1 → ``sources check`` names the new sentence of a newer page → a new network (with its
quote), a changed phone number and a removed resource in ``graph/`` → ``validate`` → release 2.
The site then serves both releases' dumps, a changelog listing exactly the changed facts
(N-Quads and words, German and English), the new fact, and a removal page (HTTP 410 behind
nginx and Apache) for the removed resource."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF

from darmstadt_kg.namespaces import DCAT, GRAPHS, PROV
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.nginx import nginx_test_config
from darmstadt_kg.publish.policy import site_html_policy
from darmstadt_kg.sources.page import read_page
from darmstadt_kg.sources.quotes import selector_context
from tests.axe import VIEWPORTS, axe_every_page
from tests.cli import copy_data, run_on
from tests.page_kinds import release_pages
from tests.servers import free_port, wait_until_answering
from tests.static_site import serve_folder
from tests.system import require
from tests.webservers import apache_serving

BASE = "https://w3id.org/darmstadt-kg/"
V1, V2 = "2026-12-01", "2026-12-05"
GONE = "founding-mayors-for-peace-new-york"
NEW_SENTENCE = "Seit 2026 ist Darmstadt Mitglied im Testnetzwerk, einem Netzwerk für Prüfungen."
PREFIXES = """@prefix dkg: <https://w3id.org/darmstadt-kg/ontology#> .
@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
NETWORK = """
dkr:test-network a dkg:Network ;
    rdfs:label "Testnetzwerk"@de, "Test network"@en ;
    prov:wasDerivedFrom dkr:source-page-internationale-netzwerke ;
    dkg:level dkr:level-international-networks .

dkr:membership-darmstadt-test-network a dkg:Membership ;
    rdfs:label "Darmstadt – Testnetzwerk, Mitglied seit 2026"@de,
        "Darmstadt – Test network, member since 2026"@en ;
    org:member dkr:darmstadt ;
    org:organization dkr:test-network ;
    prov:wasDerivedFrom dkr:source-page-internationale-netzwerke ;
    dkg:startDate "2026"^^xsd:gYear .
"""
OLD_PHONE, NEW_PHONE = "(06151) 13-3608", "(06151) 13-9999"
OLD_TEL, NEW_TEL = "tel:+49-6151-133608", "tel:+49-6151-139999"
CONTACT = "https://w3id.org/darmstadt-kg/id/contact-alina-seel"


def _triples(turtle: str) -> set[tuple[str, str, str]]:
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in rdflib.Graph().parse(data=turtle)}


def _quads(path: Path, graph: str) -> set[tuple[str, str, str]]:
    parsed = rdflib.Dataset().parse(path, format="nquads")
    return {
        (s.n3(), p.n3(), o.n3())
        for s, p, o, g in parsed.quads()
        if str(getattr(g, "identifier", g)) == graph
    }


def _newer_page(page: str) -> str:
    """The city's page as it might read later: a network joined, a phone number changed."""
    heading = "Internationale Netzwerke\n\n"
    assert heading in page and page.count(OLD_PHONE) == 1
    return page.replace(heading, heading + NEW_SENTENCE + "\n\n", 1).replace(OLD_PHONE, NEW_PHONE)


def _edit(data: Path) -> tuple[set, set]:
    """The maintainer's edits; returns the (added, removed) triples of the asserted graph."""
    networks = data / "graph" / "international-networks.ttl"
    text = networks.read_text(encoding="utf-8")
    start = text.index(f"dkr:{GONE} a")
    end = text.index(" .\n", start) + 3
    header = text[: text.index("\ndkr:")]
    removed = _triples(header + "\n" + text[start:end])
    networks.write_text(text[:start] + text[end:], encoding="utf-8")

    office = data / "graph" / "office.ttl"
    text = office.read_text(encoding="utf-8")
    assert text.count(f'"{OLD_PHONE}"') == 1 and text.count(f"<{OLD_TEL}>") == 1
    text = text.replace(f'"{OLD_PHONE}"', f'"{NEW_PHONE}"').replace(OLD_TEL, NEW_TEL)
    office.write_text(text, encoding="utf-8")
    phone = "<http://schema.org/telephone>"
    removed |= {(f"<{CONTACT}>", phone, f'"{OLD_PHONE}"')}
    removed |= {(f"<{CONTACT}>", "<http://xmlns.com/foaf/0.1/phone>", f"<{OLD_TEL}>")}
    added = {(f"<{CONTACT}>", phone, f'"{NEW_PHONE}"')}
    added |= {(f"<{CONTACT}>", "<http://xmlns.com/foaf/0.1/phone>", f"<{NEW_TEL}>")}

    # the newer page goes into sources/; the graph quotes it
    page_file = data / "sources" / "netzwerke-und-kooperationen.txt"
    page_file.write_text(_newer_page(page_file.read_text(encoding="utf-8")), encoding="utf-8")
    prefix, suffix = selector_context(read_page(page_file), NEW_SENTENCE)
    (data / "graph" / "zz-test-network.ttl").write_text(PREFIXES + NETWORK, encoding="utf-8")
    added |= _triples(PREFIXES + NETWORK)
    quote = "".join(  # the membership and the new body each rest on the new sentence
        f"\ndkr:{node} oa:hasTarget [ a oa:SpecificResource ;\n"
        "    oa:hasSelector [ a oa:TextQuoteSelector ;\n"
        f"        oa:exact {rdflib.Literal(NEW_SENTENCE).n3()} ;\n"
        f"        oa:prefix {rdflib.Literal(prefix).n3()} ;\n"
        f"        oa:suffix {rdflib.Literal(suffix).n3()} ] ;\n"
        "    oa:hasSource dkr:source-page-internationale-netzwerke ] .\n"
        for node in ("membership-darmstadt-test-network", "test-network")
    )
    # the quotes of the changed line (and the context of its neighbours) read as the page now
    quotes = data / "graph" / "quotes.ttl"
    before = quotes.read_text(encoding="utf-8")
    after = before.replace(OLD_PHONE, NEW_PHONE) + quote
    gone, new = _skolemised(quotes, before), _skolemised(quotes, after)
    removed |= gone - new  # the quotes of the old line and of its neighbours' context
    added |= new - gone
    return added, removed


def _skolemised(path: Path, turtle: str) -> set:
    """The triples of ``turtle`` as the project loads them: each blank node named by its
    content (:mod:`darmstadt_kg.skolem`), so a quote that did not change has the same IRI
    before and after, and a quote two resources share is one node."""
    import pyoxigraph as ox

    from darmstadt_kg.rdfterms import from_oxigraph
    from darmstadt_kg.skolem import load_skolemised

    path.write_text(turtle, encoding="utf-8")
    store = ox.Store()
    load_skolemised(store, path, ox.RdfFormat.TURTLE, ox.DefaultGraph())
    return {tuple(from_oxigraph(t).n3() for t in (q.subject, q.predicate, q.object)) for q in store}


def _split(triples: set) -> tuple[set, rdflib.Graph]:
    """Triples without blank nodes (genid IRIs when loaded), and a graph of the others with
    their genid IRIs or blank nodes as blank nodes (compared by isomorphism)."""
    from rdflib.compare import to_isomorphic

    plain, graph = set(), rdflib.Graph()
    for triple in triples:
        if any("/.well-known/genid/" in t or t.startswith("_:") for t in triple):
            terms = []
            for t in triple:
                if "/.well-known/genid/" in t or t.startswith("_:"):
                    terms.append(rdflib.BNode(t.strip("<>_:").rsplit("/", 1)[-1]))
                else:
                    terms.append(rdflib.util.from_n3(t))
            graph.add(tuple(terms))
        else:
            plain.add(triple)
    return plain, to_isomorphic(graph)


def _items(html: str, lang: str) -> list[str]:
    section = html.split(f'<section lang="{lang}">', 1)[1].split("</section>", 1)[0]
    return [
        rdflib.term.Literal(li.split(" <a ", 1)[0]).toPython() for li in section.split("<li>")[1:]
    ]


@pytest.fixture(scope="module")
def workflow(request):
    """Two releases built from an altered copy of the data: (site, root, added, removed)."""

    root = Path(tempfile.mkdtemp(prefix="dkg-releases-"))  # Apache's workers must read it
    root.chmod(0o755)
    request.addfinalizer(lambda: shutil.rmtree(root, ignore_errors=True))
    data = copy_data(root / "data")
    site = root / "site"
    first = run_on(data, "publish", "site", "--out", str(site), "--release", V1)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith(f"(release {V1})")
    (root / "v1.nq").write_bytes((site / "dumps" / "darmstadt-kg.nq").read_bytes())
    newer = root / "newer.txt"
    shipped = data / "sources" / "netzwerke-und-kooperationen.txt"
    newer.write_text(_newer_page(shipped.read_text(encoding="utf-8")), encoding="utf-8")
    noticed = run_on(data, "sources", "check", str(newer))  # names the change
    assert noticed.returncode == 10, noticed.stderr  # a fact changed: the phone line
    assert NEW_SENTENCE in noticed.stdout, noticed.stdout  # listed as new
    changed = f"phone of Seel, Alina changed from «{OLD_PHONE}» to «{NEW_PHONE}»"
    assert changed in noticed.stdout, noticed.stdout
    added, removed = _edit(data)
    checked = run_on(data, "validate")
    assert checked.returncode == 0, checked.stderr
    second = run_on(data, "publish", "site", "--out", str(site), "--release", V2)
    assert second.returncode == 0, second.stderr
    return site, root, added, removed


def test_both_releases_dumps_are_kept_and_described(workflow):
    site, root, _added, _removed = workflow
    assert (site / "releases" / V1 / "dumps" / "darmstadt-kg.nq").read_bytes() == (
        root / "v1.nq"
    ).read_bytes()
    for name in ("darmstadt-kg.nq", "darmstadt-kg.ttl.gz", "darmstadt-kg.rdf"):
        assert (site / "releases" / V2 / "dumps" / name).read_bytes() == (
            site / "dumps" / name
        ).read_bytes()
    record = rdflib.Graph().parse(site / "releases" / V2 / "release.ttl")
    this, before = rdflib.URIRef(f"{BASE}releases/{V2}/"), rdflib.URIRef(f"{BASE}releases/{V1}/")
    assert record.value(this, DCAT.version) == rdflib.Literal(V2)
    assert str(record.value(this, DCTERMS.issued)) == V2
    assert record.value(this, PROV.wasRevisionOf) == before
    distributions = list(record.objects(this, DCAT.distribution))
    assert len(distributions) == len(list((site / "releases" / V2 / "dumps").iterdir())) >= 12
    for dist in distributions:
        assert (dist, RDF.type, DCAT.Distribution) in record
        assert str(dist).startswith(f"{BASE}releases/{V2}/dumps/")
    void = rdflib.Graph().parse(site / "void.ttl")
    dataset = rdflib.URIRef(DATASET_IRI)
    assert set(void.objects(dataset, DCAT.hasVersion)) == {this, before}
    assert void.value(dataset, DCAT.version) == rdflib.Literal(V2)
    assert void.value(dataset, PROV.wasRevisionOf) == before
    first = rdflib.Graph().parse(site / "releases" / V1 / "release.ttl")
    assert first.value(before, PROV.wasRevisionOf) is None


def test_the_changelog_in_rdf_is_exactly_the_edits(workflow):
    site, root, added, removed = workflow
    changes = site / "releases" / V2 / "changes"
    asserted = GRAPHS["asserted"]
    got_plain, got_quote = _split(_quads(changes / "added.nq", asserted))
    want_plain, want_quote = _split(added)
    assert got_plain == want_plain
    assert len(want_quote) > 16  # the two new quotes (8 triples each) and the changed ones
    assert got_quote == want_quote  # the quotes, their blank nodes named by content
    gone_plain, gone_quote = _split(_quads(changes / "removed.nq", asserted))
    want_gone_plain, want_gone_quote = _split(removed)
    assert gone_plain == want_gone_plain and gone_quote == want_gone_quote
    assert len(want_gone_quote) > 0  # the quotes of the old phone line
    # the patch applied to release 1 gives release 2, in every named graph
    old = set(ox.parse((root / "v1.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))
    new = set(
        ox.parse((site / "dumps" / "darmstadt-kg.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    )
    plus = set(ox.parse((changes / "added.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))
    minus = set(ox.parse((changes / "removed.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))
    assert (old - minus) | plus == new and not (plus & minus)


def test_the_changelog_in_words_lists_each_changed_fact(workflow):
    site, _root, _added, _removed = workflow
    html = (site / "releases" / V2 / "changes" / "index.html").read_text(encoding="utf-8")
    assert _items(html, "en") == [
        "phone link of Contact Alina Seel changed from “tel:+49-6151-133608” to "
        "“tel:+49-6151-139999”",
        f"quotes of Contact Alina Seel changed from “a quote «Telefon {OLD_PHONE}»” to "
        f"“a quote «Telefon {NEW_PHONE}»”",
        f"telephone of Contact Alina Seel changed from “{OLD_PHONE}” to “{NEW_PHONE}”",
        "Darmstadt – Test network, member since 2026 (Involvement, Membership) — added",
        "Test network (Network) — added",
        "Founding of Mayors for Peace, 24 June 1982 in New York (other source) (Founding) "
        "— removed",
    ]
    assert _items(html, "de") == [
        "Telefon-Link von Kontakt Alina Seel geändert von „tel:+49-6151-133608“ zu "
        "„tel:+49-6151-139999“",
        f"zitiert von Kontakt Alina Seel geändert von „ein Zitat «Telefon {OLD_PHONE}»“ zu "
        f"„ein Zitat «Telefon {NEW_PHONE}»“",
        f"Telefon von Kontakt Alina Seel geändert von „{OLD_PHONE}“ zu „{NEW_PHONE}“",
        "Darmstadt – Testnetzwerk, Mitglied seit 2026 (Beteiligung, Mitgliedschaft) — hinzugefügt",
        "Testnetzwerk (Netzwerk) — hinzugefügt",
        "Gründung von Mayors for Peace, 24. Juni 1982 in New York (andere Quelle) (Gründung) "
        "— entfernt",
    ]
    assert f'href="../../../gone/{GONE}.html"' in html
    index = (site / "releases" / "index.html").read_text(encoding="utf-8")
    assert index.index(V2) < index.index(V1) and f"{V2}/changes/index.html" in index


def test_the_site_shows_the_new_fact_and_links_the_changes(workflow):
    site, _root, _added, _removed = workflow
    assert "Test network" in (site / "doc" / "test-network.html").read_text(encoding="utf-8")
    contact = (site / "doc" / "contact-alina-seel.html").read_text(encoding="utf-8")
    assert NEW_PHONE in contact and OLD_PHONE not in contact
    assert f'href="../releases/{V2}/changes/index.html"' in contact
    assert f'href="../releases/{V2}/changes/index.html"' in (
        site / "doc" / "contact-alina-seel.de.html"
    ).read_text(encoding="utf-8")
    for front in ("index.html", "index.de.html"):  # the front door links the newest changes
        html = (site / front).read_text(encoding="utf-8")
        assert f'href="releases/{V2}/changes/index.html"' in html
        assert 'href="releases/index.html"' in html
    untouched = (site / "doc" / "hiroshima.html").read_text(encoding="utf-8")
    assert "/changes/index.html" not in untouched


def test_a_release_version_is_never_rewritten(workflow):
    site, root, _added, _removed = workflow
    before = (site / "releases" / V2 / "release.ttl").read_bytes()
    again = run_on(root / "data", "publish", "site", "--out", str(site), "--release", V2)
    assert again.returncode == 2
    assert again.stderr.strip().splitlines()[-1].endswith("choose a new version")
    assert (site / "releases" / V2 / "release.ttl").read_bytes() == before
    bad = run_on(root / "data", "publish", "site", "--out", str(site), "--release", "v2")
    assert bad.returncode == 2 and "is not a version" in bad.stderr


@pytest.mark.browser
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pages_of_the_releases_have_no_serious_axe_violation(browser, workflow, size):
    """axe-core as tests/test_accessibility_site.py runs it, on the pages a release adds."""
    with serve_folder(workflow[0]) as base:
        assert axe_every_page(browser, base, release_pages(V2, GONE), size) == {}


@pytest.mark.nginx
def test_behind_nginx_the_removed_resource_answers_410_with_its_page(workflow):
    site, root, _added, _removed = workflow
    require("nginx")
    assert not (site / "doc" / f"{GONE}.html").exists()
    work = root / "nginx"
    work.mkdir()
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(
        nginx_test_config(
            str(site), port, str(work), site_html_policy(site), gone=[GONE], latest=V2
        )
    )
    process = subprocess.Popen(
        ["/usr/sbin/nginx", "-c", str(conf), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_answering(("127.0.0.1", port), process, timeout=30)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for path in (f"/id/{GONE}", f"/doc/{GONE}.html", f"/doc/{GONE}.ttl"):
                answer = client.get(path)
                assert answer.status_code == 410, path
                assert f"removed in release {V2}" in answer.text
                assert "24 June 1982" in answer.text  # what it said
            assert client.get("/id/test-network").status_code == 303
            old = client.get(f"/releases/{V1}/dumps/darmstadt-kg.nq")
            assert old.status_code == 200 and old.content == (root / "v1.nq").read_bytes()
            latest = client.get("/releases/latest/dumps/darmstadt-kg.nq")
            assert latest.status_code == 302
            assert latest.headers["location"].endswith(f"/releases/{V2}/dumps/darmstadt-kg.nq")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.apache
def test_behind_apache_the_removed_resource_answers_410_with_its_page(workflow):
    """The site's own .htaccess, as Apache serves the site folder under /site/."""
    site, root, _added, _removed = workflow
    require("apache2")
    work = root / "apache"
    work.mkdir()
    port = free_port()
    with apache_serving(root, work, port) as served:
        base = f"{served}/{site.name}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for path in (f"/id/{GONE}", f"/doc/{GONE}.html"):
                answer = client.get(path)
                assert answer.status_code == 410, path
                assert f"removed in release {V2}" in answer.text, answer.text[:300]
            assert client.get("/id/test-network").status_code == 303
            latest = client.get("/releases/latest/dumps/darmstadt-kg.nq")
            assert latest.status_code == 302
            assert latest.headers["location"].endswith(f"/releases/{V2}/dumps/darmstadt-kg.nq")
