"""HTML pages: a resource's description, the SPARQL editor, errors. Every label is escaped."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import URIRef

from darmstadt_kg.charts.geo import countries
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.publish.html import switch
from darmstadt_kg.templates import compile_templates, frame, render
from darmstadt_kg.templates.evidence import derived_triples, evidence_graph
from darmstadt_kg.templates.home import home_body, names_graph
from darmstadt_kg.templates.resource import Site
from darmstadt_kg.templates.resource import resource_page as render_resource

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "resource_page",
    "editor_page",
    "error_page",
    "home_page",
    "page",
    "server_site",
    "NAV",
]

NAV = [
    ("/", "Home"),
    ("/id/darmstadt", "Darmstadt"),
    ("/explore?view=whole&lang=en", "Network explorer"),
    ("/explore?view=geo&lang=en", "Map"),
    ("/query", "Questions"),
    ("/query", "SPARQL"),
    ("/ontology", "Ontology"),
]
NAV_DE = [
    ("/?lang=de", "Start"),
    ("/doc/darmstadt.html?lang=de", "Darmstadt"),
    ("/explore?view=whole&lang=de", "Netzwerk-Explorer"),
    ("/explore?view=geo&lang=de", "Karte"),
    ("/query?lang=de", "Fragen"),
    ("/query?lang=de", "SPARQL"),
    ("/ontology?lang=de", "Ontologie"),
]
SCRIPT_HREF = "/static/site.js"  # templates/static/site.js
CSS_HREF = "/static/pages.css"  # templates/static/pages.css, served under /static
_IN = {"de": "?lang=de", "en": ""}  # a page's query string in each language


def page(
    title: str,
    body: str,
    *,
    head: str = "",
    lang: str = "en",
    toc: list[tuple[str, str]] | None = None,
    path: str = "",
) -> str:
    """A complete HTML document in the shared frame (``body`` is HTML; ``toc``: (id, title) of
    its sections); with ``path``, linked to the same page in the other language."""

    return frame(
        f"{title} – darmstadt-kg",
        body,
        nav=NAV_DE if lang == "de" else NAV,
        lang=lang,
        css_href=CSS_HREF,
        head=head,
        script_href=SCRIPT_HREF,
        toc=toc,
        switch=switch(lambda other: path + _IN[other], lang) if path else None,
    )


def _switch(slug: str, lang: str) -> dict[str, str]:
    """The link to a resource page in the other language (German: ``?lang=de``)."""
    return switch(lambda other: f"/doc/{slug}.html{_IN[other]}", lang)


def server_site(lang: str = "en"):
    """Where links go from this server's pages in ``lang`` (German pages link German pages)."""

    de = lang == "de"
    return Site(
        resource=lambda slug: f"/doc/{slug}.html?lang=de" if de else f"/id/{slug}",
        term=lambda name: f"/ontology#{name}",
        alternate=lambda slug, ext: f"/doc/{slug}.{ext}",
        explorer=lambda slug, lang: f"/explore?view=ego&focus={slug}&depth=1&lang={lang}",
        nav=NAV_DE if de else NAV,
        css_href=CSS_HREF,
        script_href=SCRIPT_HREF,
        switch=_switch,
    )


def resource_page(iri: str, graph: rdflib.Graph, store=None, lang: str = "en") -> str:
    """The HTML description of ``iri`` (the static site's template); with the ``store``, also
    its evidence (quotes, contact, map), and what the rules derived marked as such."""

    jsonld = json.loads(graph.serialize(format="json-ld"))
    derived: frozenset = frozenset()
    if store is not None:
        graph = graph + evidence_graph(store, iri)
        derived = derived_triples(store)
    site = server_site(lang)
    return render_resource(graph, URIRef(iri), site, lang=lang, jsonld=jsonld, derived=derived)


_HOME: dict[tuple[int, str], str] = {}


def home_page(store, lang: str = "en") -> str:
    """The front door (``/``): the static site's, drawn from the served store, with the editor
    and the endpoint in place of the dumps; rendered once per store and language."""
    key = (id(store), lang)
    if key not in _HOME:
        context = home_body(names_graph(store), store, lang)
        de = lang == "de"
        links = {
            "darmstadt": "/doc/darmstadt.html?lang=de" if de else "/id/darmstadt",
            "explorer": f"/explore?view=whole&lang={lang}",
            "map": f"/explore?view=geo&lang={lang}",
            "questions": "/query",
            "classes": "/query",
            "partners": "#partner-cities",
            "sparql": "/query",
            "ontology": "/ontology",
            "resource": lambda slug: f"/doc/{slug}.html?lang=de" if de else f"/id/{slug}",
            "search": ("/doc/", ".html?lang=de") if de else ("/id/", ""),
        }
        body = render(
            "home.html",
            **context,
            links=links,
            counts={},
            dumps=[],
            releases=[],  # releases are files of the static site, not served here
            sparql="/sparql",
            in_browser=True,
        )
        title = "Darmstadts internationale Netzwerke" if lang == "de" else "Darmstadt's networks"
        _HOME[key] = page(title, body, lang=lang, toc=[], path="/")
    return _HOME[key]


def error_page(status: int, message: str) -> str:
    return page(f"{status}", render("error.html", status=status, message=message))


def editor_page(examples: list[dict[str, str]], yasgui: bool, lang: str = "en") -> str:
    """The SPARQL editor (``/query``): YASGUI when its assets are installed, a plain form
    otherwise; each library question opens in a tab of its own (``static/editor.js``)."""
    return page(
        "SPARQL-Editor" if lang == "de" else "SPARQL editor",
        render("editor.html", examples=examples, yasgui=yasgui, de=lang == "de"),
        head=render("editor-head.html", yasgui=yasgui, resources=str(DKR)),
        lang=lang,
        path="/query",
    )


def warm() -> None:
    """Compile the templates and read the country outlines once in the arbiter, before it forks:
    every worker starts with them (a cold worker spent seconds on them in its first view)."""

    compile_templates("frame.html", "resource.html", "home.html", "editor.html", "error.html")
    try:
        countries()
    except FileNotFoundError:
        pass  # no atlas installed: the pages go without outlines
