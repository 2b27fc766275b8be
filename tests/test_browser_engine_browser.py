"""The static SPARQL page's engine against the real endpoint, in Chromium.

Every library question (``queries/*.rq``) and every query of ``tests/data/browser-engine/``
(aggregates, arithmetic, string and date functions, property paths, GRAPH and FROM, OPTIONAL,
MINUS, NOT EXISTS, VALUES, subqueries, ORDER BY/LIMIT/OFFSET, DISTINCT, language tags,
datatypes, CONSTRUCT, DESCRIBE, ASK) is asked of the page (npm oxigraph, WebAssembly, over the
site's N-Quads dump) and of a running ``darmstadt-kg serve`` (pyoxigraph); the answers must be
the same: solutions as multisets of terms (kind, lexical form, datatype, language; blank nodes
by kind), in order when the query ends with ORDER BY; graphs isomorphic.

Each known divergence (``publish/divergences.py``) is kept as a test that its probe query still
answers differently in the page: it FAILS the day the engine is fixed, and then the divergence
(and the page's note on it) is to be removed.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from darmstadt_kg import paths
from darmstadt_kg.publish.divergences import DIVERGENCES, probe_file
from tests.browser import gated_page, under
from tests.rdf_terms import remote_term
from tests.static_site import JSON_ACCEPT, ask_in_page, serve_folder

pytestmark = pytest.mark.browser

FOLDER = Path(__file__).parent / "data" / "browser-engine"
GRAPH_ACCEPT = "application/n-triples"
_ORDERED = re.compile(r"(?is)\bORDER\s+BY\b[^{}]*$")  # ORDER BY of the outermost query


def _queries() -> list[Path]:
    return sorted(paths.queries_dir().glob("*.rq")) + sorted(FOLDER.glob("*.rq"))


def _is_graph_query(text: str) -> bool:
    lines = text.splitlines()
    body = "\n".join(line for line in lines if not line.lstrip().startswith(("#", "PREFIX")))
    return bool(re.match(r"\s*(CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE))


@pytest.fixture(scope="module")
def page(browser, site: Path):
    """The site's SPARQL page, every request outside the site aborted; the graph loaded."""
    with serve_folder(site) as base, gated_page(browser, under(base + "/")) as gated:
        gated.page.goto(f"{base}/sparql/index.html")
        gated.page.evaluate("async () => { await window.darmstadtReady; }")
        yield gated
        assert gated.blocked == [] and gated.errors == []


def _ask_endpoint(base: str, query: str, accept: str) -> dict:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(base + "/sparql", data=data, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return {
            "status": answer.status,
            "type": answer.headers["Content-Type"],
            "body": answer.read().decode("utf-8"),
        }


def _rows(body: str, ordered: bool):
    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    names = data["head"]["vars"]
    rows = [tuple(remote_term(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    return (names, rows if ordered else sorted(rows, key=repr))


def _answers(page, live_server: str, text: str):
    """The page's and the endpoint's answers, each as comparable values."""
    if _is_graph_query(text):
        mine = ask_in_page(page, text, GRAPH_ACCEPT)
        theirs = _ask_endpoint(live_server, text, GRAPH_ACCEPT)
        assert mine["status"] == theirs["status"] == 200, (mine["body"][:300], theirs["body"][:300])
        return (
            rdflib.Graph().parse(data=mine["body"], format="nt"),
            rdflib.Graph().parse(data=theirs["body"], format="nt"),
        )
    ordered = bool(_ORDERED.search(text))
    mine = ask_in_page(page, text, JSON_ACCEPT)
    theirs = _ask_endpoint(live_server, text, JSON_ACCEPT)
    assert mine["status"] == theirs["status"] == 200, (mine["body"][:300], theirs["body"][:300])
    return _rows(mine["body"], ordered), _rows(theirs["body"], ordered)


def test_the_set_has_at_least_50_queries_besides_the_library():
    assert len(list(FOLDER.glob("*.rq"))) >= 50
    assert len(list(paths.queries_dir().glob("*.rq"))) > 0


@pytest.mark.parametrize("path", _queries(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_page_answers_as_the_endpoint(page, live_server: str, path: Path):
    mine, theirs = _answers(page.page, live_server, path.read_text(encoding="utf-8"))
    if isinstance(mine, rdflib.Graph):
        assert len(mine) == len(theirs) and isomorphic(mine, theirs), path.name
    else:
        assert mine == theirs, path.name


@pytest.mark.parametrize("divergence", DIVERGENCES, ids=lambda d: d.name)
def test_a_known_divergence_still_exists(page, live_server: str, divergence):
    """Fails once the page's engine answers the probe as the endpoint does: then remove the
    divergence from ``publish/divergences.py`` (the page's note and warning go with it)."""
    text = probe_file(divergence).read_text(encoding="utf-8")
    mine, theirs = _answers(page.page, live_server, text)
    assert mine != theirs, f"{divergence.name}: the engine is fixed; remove the divergence"


def test_the_arithmetic_divergence_is_the_one_named_in_the_issue(page, live_server: str):
    """npm oxigraph 0.5.11 groups chained arithmetic right to left: 8/2*2 = 2, 8-2-2 = 8 in the
    page; the endpoint answers 8 and 4."""
    text = probe_file(DIVERGENCES[0]).read_text(encoding="utf-8")
    (_, [mine]), (_, [theirs]) = _answers(page.page, live_server, text)
    assert [term[1] for term in mine] == ["2", "8", "3", "4"]
    assert [term[1] for term in theirs] == ["8", "4", "7", "1"]


@pytest.mark.parametrize("divergence", DIVERGENCES, ids=lambda d: d.name)
def test_the_page_warns_on_a_query_that_meets_a_divergence(page, divergence):
    """The pattern finds the probe, and none of the library or the comparison set (all of which
    answer as at the endpoint)."""
    affected = "q => window.darmstadtAffectedBy(q)"
    probe = probe_file(divergence).read_text(encoding="utf-8")
    assert page.page.evaluate(affected, probe) == [divergence.name]
    flagged = [p.name for p in _queries() if page.page.evaluate(affected, p.read_text("utf-8"))]
    assert flagged == []
    # in strings, IRIs and comments a '-' or '/' is not arithmetic
    quiet = 'SELECT ("8-2-2" AS ?s) WHERE { <http://x/a-b-c> ?p ?o } # 8/2*2'
    assert page.page.evaluate(affected, quiet) == []


def test_the_note_is_on_the_page_and_a_run_query_is_flagged(page):
    """What the user sees: the note on every divergence, and the warning above the editor when
    the query run meets one (and not after a query that does not)."""
    from darmstadt_kg.publish.divergences import DIVERGENCES

    p = page.page
    for divergence in DIVERGENCES:
        note = p.locator(f"#divergence-{divergence.name}")
        assert note.is_visible() and note.inner_text() == divergence.note

    def run(query: str) -> None:
        p.evaluate("q => { window.darmstadtYasgui.addTab(true, {yasqe: {value: q}}); }", query)
        p.locator(".yasqe_queryButton >> visible=true").first.click()
        p.wait_for_function(
            "() => window.darmstadtYasgui.getTab().getYasr().results !== undefined",
            timeout=60_000,
        )

    run(probe_file(DIVERGENCES[0]).read_text(encoding="utf-8"))
    warning = p.locator("#divergence-warning")
    assert warning.is_visible() and DIVERGENCES[0].note in warning.inner_text()
    run("SELECT ((8-2)-2 AS ?b) WHERE {}")
    assert warning.is_hidden()
