"""Index pages: the home page with the dumps, resources per class, per network level, and the
question library with each query's current answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from markupsafe import Markup
from rdflib.namespace import RDF, SKOS

from darmstadt_kg.charts.interactive import INTERACTIVE, figure_html, scripts_html
from darmstadt_kg.load import get_store
from darmstadt_kg.namespaces import DKG, DKR, curie
from darmstadt_kg.publish.common import is_dkr, label
from darmstadt_kg.publish.html import SUFFIX, in_lang, page, switch
from darmstadt_kg.publish.resources import static_site
from darmstadt_kg.query import start_query
from darmstadt_kg.rdfterms import from_oxigraph
from darmstadt_kg.templates import render
from darmstadt_kg.templates.home import home_body
from darmstadt_kg.templates.resource import plain_value, shown_value

if TYPE_CHECKING:
    from pathlib import Path

    import pyoxigraph
    import rdflib

    from darmstadt_kg.publish.dumps import Dump

__all__ = ["render_home", "class_pages", "render_levels", "render_queries", "class_file"]


def class_file(cls: object) -> str:
    """The file name of a class's index page (``dkg:City`` → ``dkg-City.html``)."""
    return curie(cls).replace(":", "-").replace("/", "-").replace("#", "-") + ".html"


def render_home(
    graph: rdflib.Graph,
    dumps: list[Dump],
    counts: dict[str, int],
    sparql: str | None,
    in_browser: bool = True,
    lang: str = "en",
    store: pyoxigraph.Store | None = None,
    releases: list[tuple[str, bool]] = (),
) -> str:
    """The front door in ``lang`` (``index.html``, ``index.de.html``): what the graph says —
    search, headline numbers, the explorer, the partner cities on a map and in time — then
    the data section (SPARQL, VoID/DCAT, the dumps with their checksums)."""

    suffix = SUFFIX[lang]
    links = {
        "darmstadt": f"doc/darmstadt{suffix}.html",
        "explorer": f"explore/index{suffix}.html",
        "map": f"explore/geo{suffix}.html",
        "questions": f"queries/index{suffix}.html",
        "classes": f"classes/index{suffix}.html",
        "partners": "#partner-cities",
        "sparql": f"sparql/index{suffix}.html",
        "void_ttl": "void.ttl",
        "void_jsonld": "void.jsonld",
        "ontology": f"ontology/index{suffix}.html",
        "resource": lambda slug: f"doc/{slug}{suffix}.html",
        "search": ("doc/", f"{suffix}.html"),  # a found resource's page: prefix + slug + suffix
    }
    context = home_body(graph, store if store is not None else get_store(), lang)
    body = render(
        "home.html",
        **context,
        releases=[{"version": v, "changes": c} for v, c in reversed(releases)],
        links=links,
        counts=counts,
        dumps=dumps,
        sparql=sparql,
        in_browser=in_browser,
    )
    title = "Darmstadts internationale Netzwerke" if lang == "de" else "Darmstadt's networks"
    return page(
        f"{title} — darmstadt-kg",
        body,
        "",
        lang=lang,
        switch=_switch("index.html", lang),
        toc=[],  # the front door's sections are few and follow each other
    )


def _site(lang: str = "en"):
    return static_site("../", lang)


def _other(lang: str) -> str:
    return "de" if lang == "en" else "en"


def _switch(name: str, lang: str) -> dict[str, str]:
    """The language switch of a page ``name`` (its English file name) in its folder."""

    return switch(lambda other: in_lang(name, other), lang)


def class_pages(graph: rdflib.Graph, lang: str = "en") -> dict[str, str]:
    """``{file name: HTML}`` for ``classes/index.html`` and one page per class in use, in
    ``lang`` (German: ``index.de.html``, ``dkg-City.de.html``)."""

    site, other = _site(lang), _other(lang)
    members: dict[object, list] = {}
    for s, o in graph.subject_objects(RDF.type):
        if is_dkr(s):
            members.setdefault(o, []).append(s)
    pages: dict[str, str] = {}
    index_rows = []
    for cls in sorted(members):
        name = class_file(cls)
        items = sorted(set(members[cls]))
        title = label(graph, cls, lang)
        index_rows.append(
            [plain_value(title, href=in_lang(name, lang)), curie(cls), str(len(items))]
        )
        rows = [
            [shown_value(graph, r, site, lang), plain_value(label(graph, r, other), lang=other)]
            for r in items
        ]
        body = render("classes.html", cls=str(cls), title=title, rows=rows, lang=lang)
        pages[in_lang(name, lang)] = page(
            f"{title} — darmstadt-kg", body, "../", lang=lang, switch=_switch(name, lang)
        )
    body = render("classes.html", cls=None, title="", rows=index_rows, lang=lang)
    title = "Einträge nach Klasse" if lang == "de" else "Classes"
    pages[in_lang("index.html", lang)] = page(
        f"{title} — darmstadt-kg", body, "../", lang=lang, switch=_switch("index.html", lang)
    )
    return pages


def render_levels(graph: rdflib.Graph, lang: str = "en") -> str:
    """Bodies grouped by the network level the city's page files them under, in ``lang``."""

    site, other = _site(lang), _other(lang)
    levels = sorted(
        graph.subjects(SKOS.inScheme, DKR.levels),
        key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)),
    )
    shown = [
        {
            "id": str(level).rsplit("/", 1)[-1],
            "name": shown_value(graph, level, site, lang),
            "other": label(graph, level, other),
            "rows": [
                [shown_value(graph, b, site, lang), plain_value(label(graph, b, other), lang=other)]
                for b in sorted(graph.subjects(DKG.level, level))
            ],
        }
        for level in levels
    ]
    toc = [
        (level["id"], f"{label(graph, iri, lang)} {level['other']}")
        for iri, level in zip(levels, shown, strict=True)
    ]
    body = render("levels.html", levels=shown, lang=lang, other=other)
    title = "Netzwerk-Ebenen" if lang == "de" else "Network levels"
    return page(
        f"{title} — darmstadt-kg",
        body,
        "../",
        lang=lang,
        toc=toc,
        switch=_switch("index.html", lang),
    )


def _headers(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#+ ") and ":" in line:
            key, value = line[3:].split(":", 1)
            found[key.strip()] = value.strip()
    return found


def render_queries(
    graph: rdflib.Graph,
    store: pyoxigraph.Store,
    files: list[Path],
    charts: dict[str, list[tuple[str, str, bool]]] | None = None,
    lang: str = "en",
) -> str:
    """Each library query, listed by its question in ``lang`` (the other language beside it):
    its text, its charts and its current answer (``queries/index.html``, ``index.de.html``).
    ``charts`` maps a query name to the ``(name, title, as images)`` of its charts in
    ``queries/charts/`` (see ``site._write_charts``): the timeline and the map are drawn in the
    browser (interactive), the others are images."""

    site = static_site("../", lang)

    def cell(term):
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            return shown_value(graph, from_oxigraph(term), site)
        return str(getattr(term, "value", term))

    questions = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        meta = _headers(text)
        result = start_query(store, text, f"queries/{path.name}")  # as the CLI and endpoint
        if isinstance(result, bool) or not hasattr(result, "variables"):
            variables, rows = ["answer"], [[str(result) if isinstance(result, bool) else ""]]
        else:
            variables = [v.value for v in result.variables]
            rows = [[cell(row[v]) for v in variables] for row in result]
        if "ORDER BY" not in text.upper():
            rows.sort(key=lambda r: [c["text"] if isinstance(c, dict) else c for c in r])
        questions.append(
            {
                "name": path.stem,
                "summary": meta.get("summary", ""),
                "summary_de": meta.get("summary_de", ""),
                "text": text,
                "charts": [
                    {
                        "name": n,
                        "title": t,
                        "images": images,
                        "drawn": Markup(figure_html(n, "../", lang)) if n in INTERACTIVE else None,
                    }
                    for n, t, images in (charts or {}).get(path.stem, [])
                ],
                "variables": variables,
                "rows": rows,
            }
        )
    scripts = Markup(scripts_html("charts/")) if charts else ""
    body = render("queries.html", questions=questions, scripts=scripts, lang=lang)
    title = "Fragen an die Daten" if lang == "de" else "Questions"
    other = switch(lambda other: f"index{SUFFIX[other]}.html", lang)
    return page(f"{title} — darmstadt-kg", body, "../", lang=lang, toc=[], switch=other)
