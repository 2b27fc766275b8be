"""Index pages: the home page with the dumps, resources per class, per network level, and the
question library with each query's current answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie
from darmstadt_kg.publish.common import is_dkr, label
from darmstadt_kg.publish.html import esc, link_to, page, table, term_html

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


def class_pages(graph: rdflib.Graph) -> dict[str, str]:
    """``{file name: HTML}`` for ``classes/index.html`` and one page per class in use."""
    from rdflib.namespace import RDF

    members: dict[object, list] = {}
    for s, o in graph.subject_objects(RDF.type):
        if is_dkr(s):
            members.setdefault(o, []).append(s)
    pages: dict[str, str] = {}
    index_rows = []
    for cls in sorted(members):
        name = class_file(cls)
        items = sorted(set(members[cls]))
        index_rows.append(
            [link_to(name, label(graph, cls, "en")), esc(curie(cls)), esc(len(items))]
        )
        rows = [
            [term_html(graph, r, "../"), f'<span lang="de">{esc(label(graph, r, "de"))}</span>']
            for r in items
        ]
        body = f"<h1>{esc(label(graph, cls, 'en'))}</h1>\n<p><code>{esc(cls)}</code></p>\n"
        pages[name] = page(
            f"{label(graph, cls, 'en')} — darmstadt-kg",
            body + table(["resource (en)", "de"], rows),
            "../",
        )
    pages["index.html"] = page(
        "Classes — darmstadt-kg",
        "<h1>Resources by class</h1>\n" + table(["class", "IRI", "resources"], index_rows),
        "../",
    )
    return pages


def render_levels(graph: rdflib.Graph) -> str:
    """Bodies grouped by the network level the city's page files them under."""
    from rdflib.namespace import SKOS

    from darmstadt_kg.namespaces import DKG, DKR

    levels = sorted(
        graph.subjects(SKOS.inScheme, DKR.levels),
        key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)),
    )
    parts = ["<h1>Network levels</h1>"]
    for level in levels:
        bodies = sorted(graph.subjects(DKG.level, level))
        parts.append(
            f'<h2 id="{esc(str(level).rsplit("/", 1)[-1])}">{term_html(graph, level, "../")} '
            f'<small lang="de">{esc(label(graph, level, "de"))}</small></h2>'
        )
        rows = [
            [term_html(graph, b, "../"), f'<span lang="de">{esc(label(graph, b, "de"))}</span>']
            for b in bodies
        ]
        parts.append(table(["body (en)", "de"], rows))
    return page("Network levels — darmstadt-kg", "\n".join(parts), "../")


def _headers(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#+ ") and ":" in line:
            key, value = line[3:].split(":", 1)
            found[key.strip()] = value.strip()
    return found


def _cell(graph: rdflib.Graph, term: object) -> str:
    import pyoxigraph as ox
    import rdflib

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term_html(graph, rdflib.URIRef(term.value), "../")
    return esc(getattr(term, "value", term))


def _figures(charts: list[tuple[str, str]]) -> str:
    """The charts drawn from a question's answer, as images beside it (SVG, with the PNG)."""
    return "".join(
        f'<figure class="chart" id="chart-{esc(name)}"><img src="charts/{esc(name)}.svg" '
        f'alt="{esc(title)} (chart of the answer below)" style="max-width:100%;height:auto">'
        f"<figcaption>{esc(title)} · {link_to(f'charts/{name}.svg', 'SVG')} · "
        f"{link_to(f'charts/{name}.png', 'PNG')}</figcaption></figure>"
        for name, title in charts
    )


def render_queries(
    graph: rdflib.Graph,
    store: pyoxigraph.Store,
    files: list[Path],
    charts: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """Each library query: its question (en/de), its text, its charts and its current answer.

    ``charts`` maps a query name to the ``(name, title)`` of images in ``queries/charts/``.
    """
    parts = ["<h1>Questions</h1>"]
    if not files:
        parts.append("<p>The question library is empty.</p>")
    for path in files:
        text = path.read_text(encoding="utf-8")
        meta = _headers(text)
        result = store.query(text)
        if isinstance(result, bool) or not hasattr(result, "variables"):
            variables, rows = ["answer"], [[esc(result if isinstance(result, bool) else "")]]
        else:
            variables = [v.value for v in result.variables]
            rows = [[_cell(graph, row[v]) for v in variables] for row in result]
        if "ORDER BY" not in text.upper():
            rows.sort()
        parts.append(f'<section id="{esc(path.stem)}"><h2>{esc(path.stem)}</h2>')
        parts.append(f'<p lang="en">{esc(meta.get("summary", ""))}</p>')
        if meta.get("summary_de"):
            parts.append(f'<p lang="de" class="de">{esc(meta["summary_de"])}</p>')
        parts.append(f"<details><summary>SPARQL</summary><pre>{esc(text)}</pre></details>")
        parts.append(_figures((charts or {}).get(path.stem, [])))
        parts.append(f"<p>{len(rows)} rows</p>" + table(variables, rows) + "</section>")
    return page("Questions — darmstadt-kg", "\n".join(parts), "../")
