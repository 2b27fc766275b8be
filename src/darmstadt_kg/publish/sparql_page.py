"""SPARQL in the static site, with no server: ``sparql/index.html``.

The page ships the same YASGUI editor and the same question library as ``serve``, and answers
the queries in the browser: Oxigraph's WebAssembly build (npm ``oxigraph``, the engine the
project uses) loads the site's own N-Quads dump (the named graphs) and writes their union into
its default graph, as the endpoint's store copy has it (``serve.store.build_shared_store``);
``sparql.js`` answers YASGUI's requests to the pseudo-endpoint ``sparql/query`` inside the page
(it wraps ``window.fetch`` for that one URL). Nothing is requested from outside the site; the
page works offline once served over HTTP (a ``file://`` page cannot fetch the ``.wasm`` in
Chromium).

Layout (relative to the site)::

    sparql/index.html, index.de.html  the editor and the question library (English, German)
    sparql/sparql.js                  loads the dump, answers queries (ES module)
    sparql/vendor/yasgui.min.{js,css} YASGUI, as installed by scripts/install-frontend.sh
    sparql/vendor/oxigraph/web.js, web_bg.wasm
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from darmstadt_kg import paths
from darmstadt_kg.charts.interactive import ASSETS
from darmstadt_kg.library import editor_examples
from darmstadt_kg.load import _FROM, _STRINGS_AND_COMMENTS
from darmstadt_kg.namespaces import DCAT, DKR
from darmstadt_kg.publish import DATASET_IRI, assets
from darmstadt_kg.publish.assets import VENDOR_FILES, missing_assets
from darmstadt_kg.publish.common import write_bytes, write_text
from darmstadt_kg.publish.divergences import DIVERGENCES, patterns
from darmstadt_kg.publish.html import SUFFIX, page, switch
from darmstadt_kg.templates import render

__all__ = [
    "write_sparql_page",
    "missing_assets",
    "render_sparql_page",
    "describe",
    "VENDOR_FILES",
    "DUMP",
    "examples",
]

RESULT_VIEWS = ("result-views.js", "result-views.css")
"""The editor's chart and map views, the same files as the served editor's; they draw the
timeline and the map with the static site's ``charts.js`` (``charts.interactive.ASSETS``),
copied beside them."""
OWN_FILES = ("sparql.js", "sparql.css")
"""The page's own script and style (``publish/static``)."""
DUMP = "dumps/darmstadt-kg.nq"
"""The dump the page loads (relative to the site root): the named graphs, as N-Quads; the page
writes their union into its default graph, as the endpoint's store copy has it."""


def examples() -> list[dict[str, str]]:
    """The question library as the editor shows it (name, summaries, query text)."""

    return editor_examples()


def render_sparql_page(
    library: list[dict[str, str]], endpoint: str | None, triples: int, lang: str = "en"
) -> str:
    """The page in ``lang`` (template ``sparql.html``, which holds its words and those of
    ``sparql.js``); ``endpoint`` (a live SPARQL endpoint of the same data) is linked if given."""

    body = render(
        "sparql.html",
        library=library,
        endpoint=endpoint,
        triples=triples,
        dump=DUMP,
        rules=query_rules(),
        divergences=DIVERGENCES,
        patterns=patterns() if DIVERGENCES else None,
        resources=str(DKR),
        lang=lang,
    )
    head = render("sparql-head.html")
    title = "SPARQL im Browser" if lang == "de" else "SPARQL in your browser"
    other = switch(lambda other: f"index{SUFFIX[other]}.html", lang)
    return page(title, body, "../", head, lang=lang, switch=other)


def query_rules() -> dict[str, str]:
    """The endpoint's own rules for reading a query, for ``sparql.js``: the pattern of its
    strings, IRIs and comments (blanked before any other pattern is tried) and the pattern of a
    ``FROM``/``FROM NAMED`` clause (such a query chooses its own default graph), both from
    :mod:`darmstadt_kg.load`, the module the endpoint uses."""

    return {"blank": _STRINGS_AND_COMMENTS.pattern, "from": _FROM.pattern.removeprefix("(?i)")}


def write_sparql_page(out: Path, endpoint: str | None, triples: int) -> list[str]:
    """Write ``sparql/`` into the site folder ``out``; returns the files written (relative),
    none when the front-end assets are not installed (:mod:`darmstadt_kg.publish.assets`)."""

    vendor = assets.vendor_dir()
    if missing_assets():
        return []
    written = []
    for name in VENDOR_FILES:
        write_bytes(out / "sparql" / "vendor" / name, (vendor / name).read_bytes())
        written.append(f"sparql/vendor/{name}")
    for name in RESULT_VIEWS:
        view = paths.package_resource("serve", "static", name).read_bytes()
        write_bytes(out / "sparql" / name, view)
        written.append(f"sparql/{name}")
    for name in ASSETS:
        chart = paths.package_resource("charts", "static", name).read_bytes()
        write_bytes(out / "sparql" / name, chart)
        written.append(f"sparql/{name}")
    for name in OWN_FILES:
        own = paths.package_resource("publish", "static", name)
        write_bytes(out / "sparql" / name, own.read_bytes())
        written.append(f"sparql/{name}")
    pages = []
    for lang, suffix in SUFFIX.items():
        html = render_sparql_page(examples(), endpoint, triples, lang)
        write_text(out / "sparql" / f"index{suffix}.html", html)
        pages.append(f"sparql/index{suffix}.html")
    return [*written, *pages]


def describe(description, base_url: str) -> None:
    """Add the in-browser SPARQL page to the VoID/DCAT ``description`` (an rdflib graph).

    It is not a SPARQL endpoint (no protocol, nothing to send queries to from outside), so it
    is described as what it is: a ``dcat:Distribution`` whose access URL is the page, which
    answers SPARQL 1.1 queries over the N-Quads dump in the reader's browser.
    """

    page = URIRef(base_url + "sparql/index.html")
    dataset = URIRef(DATASET_IRI)
    description.add((dataset, DCAT.distribution, page))
    description.add((page, RDF.type, DCAT.Distribution))
    description.add((page, DCAT.accessURL, page))
    description.add((page, DCTERMS.title, Literal("SPARQL in the browser", lang="en")))
    description.add((page, DCTERMS.title, Literal("SPARQL im Browser", lang="de")))
    description.add(
        (
            page,
            DCTERMS.description,
            Literal(
                "A SPARQL 1.1 query editor (YASGUI) that answers in the reader's browser over "
                f"the dump {base_url}{DUMP} (named graphs, their union as the default graph), "
                "with Oxigraph's WebAssembly build; no server.",
                lang="en",
            ),
        )
    )
    description.add((page, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-query/")))
    description.add(
        (page, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/html"))
    )
    description.add((page, DCTERMS.source, URIRef(base_url + DUMP)))
