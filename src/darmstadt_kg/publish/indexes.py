"""Index pages: the home page with the dumps, resources per class, per network level, and the
question library with each query's current answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie
from darmstadt_kg.publish.common import is_dkr, label
from darmstadt_kg.publish.html import page
from darmstadt_kg.query import start_query
from darmstadt_kg.rdfterms import from_oxigraph

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
    from darmstadt_kg.load import get_store
    from darmstadt_kg.publish.html import SUFFIX, switch
    from darmstadt_kg.templates import render
    from darmstadt_kg.templates.home import home_body

    suffix = SUFFIX[lang]
    links = {
        "darmstadt": f"doc/darmstadt{suffix}.html",
        "explorer": "explore/index.html",
        "map": "explore/geo.html",
        "questions": "queries/index.html",
        "classes": "classes/index.html",
        "partners": "#partner-cities",
        "sparql": "sparql/index.html",
        "void_ttl": "void.ttl",
        "void_jsonld": "void.jsonld",
        "ontology": "ontology/index.html",
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
        switch=switch(lambda other: f"index{SUFFIX[other]}.html", lang),
        toc=[],  # the front door's sections are few and follow each other
    )


def _site():
    from darmstadt_kg.publish.resources import static_site

    return static_site("../")


def class_pages(graph: rdflib.Graph) -> dict[str, str]:
    """``{file name: HTML}`` for ``classes/index.html`` and one page per class in use."""
    from rdflib.namespace import RDF

    from darmstadt_kg.templates import render
    from darmstadt_kg.templates.resource import plain_value, shown_value

    site = _site()
    members: dict[object, list] = {}
    for s, o in graph.subject_objects(RDF.type):
        if is_dkr(s):
            members.setdefault(o, []).append(s)
    pages: dict[str, str] = {}
    index_rows = []
    for cls in sorted(members):
        name = class_file(cls)
        items = sorted(set(members[cls]))
        title = label(graph, cls, "en")
        index_rows.append([plain_value(title, href=name), curie(cls), str(len(items))])
        rows = [
            [shown_value(graph, r, site), plain_value(label(graph, r, "de"), lang="de")]
            for r in items
        ]
        body = render("classes.html", cls=str(cls), title=title, rows=rows)
        pages[name] = page(f"{title} — darmstadt-kg", body, "../")
    body = render("classes.html", cls=None, title="", rows=index_rows)
    pages["index.html"] = page("Classes — darmstadt-kg", body, "../")
    return pages


def render_levels(graph: rdflib.Graph) -> str:
    """Bodies grouped by the network level the city's page files them under."""
    from rdflib.namespace import SKOS

    from darmstadt_kg.namespaces import DKG, DKR
    from darmstadt_kg.templates import render
    from darmstadt_kg.templates.resource import plain_value, shown_value

    site = _site()
    levels = sorted(
        graph.subjects(SKOS.inScheme, DKR.levels),
        key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)),
    )
    shown = [
        {
            "id": str(level).rsplit("/", 1)[-1],
            "name": shown_value(graph, level, site),
            "de": label(graph, level, "de"),
            "rows": [
                [shown_value(graph, b, site), plain_value(label(graph, b, "de"), lang="de")]
                for b in sorted(graph.subjects(DKG.level, level))
            ],
        }
        for level in levels
    ]
    toc = [
        (level["id"], f"{label(graph, iri, 'en')} {level['de']}")
        for iri, level in zip(levels, shown, strict=True)
    ]
    body = render("levels.html", levels=shown)
    return page("Network levels — darmstadt-kg", body, "../", toc=toc)


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
) -> str:
    """Each library query, listed by its question (en/de): its text, its charts and its current
    answer. ``charts`` maps a query name to the ``(name, title, as images)`` of its charts in
    ``queries/charts/`` (see ``site._write_charts``): the timeline and the map are drawn in the
    browser (interactive), the others are images."""
    import pyoxigraph as ox
    from markupsafe import Markup

    from darmstadt_kg.charts.interactive import INTERACTIVE, figure_html, scripts_html
    from darmstadt_kg.templates import render
    from darmstadt_kg.templates.resource import shown_value

    site = _site()

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
                        "drawn": Markup(figure_html(n, "../")) if n in INTERACTIVE else None,
                    }
                    for n, t, images in (charts or {}).get(path.stem, [])
                ],
                "variables": variables,
                "rows": rows,
            }
        )
    scripts = Markup(scripts_html("charts/")) if charts else ""
    body = render("queries.html", questions=questions, scripts=scripts)
    return page("Questions — darmstadt-kg", body, "../", toc=[])
