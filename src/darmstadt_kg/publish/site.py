"""Build the static linked-data site into a folder, deterministically.

Layout (relative to the output folder)::

    Every page for readers is there in English and in German (``<name>.de.html``), each
    linking the other (the language switch) and the pages of its own language.

    index.html, index.de.html      the front door (English, German): search, figures, map,
                                   timeline; then the data: dumps with size, triples and sha256
    site.js                        the pages' script: language choice, the front door's search
    dumps/darmstadt-kg.{ttl,nt,nq,rdf,jsonld}[.gz]
    doc/<slug>.{html,ttl,jsonld,nt,rdf}  one description per dkr: resource (IRI /id/<slug>)
    doc/<slug>.de.html             the same page in German
    classes/, levels/, queries/    index pages
    queries/charts/charts.js, …    the timeline and the map, drawn in the browser (interactive)
    queries/charts/*.{svg,png}     every chart and the map as images ([charts] extra)
    explore/index.html, geo.html   the network explorer (whole and geographic view; offline)
    ontology/index.html            ontology documentation; darmstadt-kg.{ttl,jsonld,nt,rdf}
    sparql/index.html              SPARQL in the browser (YASGUI + Oxigraph WebAssembly, offline)
    void.ttl, void.jsonld, .well-known/void   VoID + DCAT
    nginx/darmstadt-kg.conf        content negotiation (303 /id/<slug> → /doc/<slug>.<ext>)
    .htaccess                      the same for Apache serving the site itself
    apache/w3id.htaccess           the same for w3id.org, redirecting to --host-url (if given)
    .darmstadt-kg-site             the manifest: every file the build wrote

No clock, no random names, no absolute paths go into a file: building twice gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from darmstadt_kg import paths
from darmstadt_kg.charts import CHARTS
from darmstadt_kg.charts.interactive import INTERACTIVE, write_interactive
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.network import build_network
from darmstadt_kg.publish import dumps as dump_mod
from darmstadt_kg.publish import htaccess, indexes, nginx, ontodoc, resources, sparql_page, void
from darmstadt_kg.publish.common import ordered_graph, slug_of, write_bytes, write_text
from darmstadt_kg.publish.html import SUFFIX
from darmstadt_kg.publish.policy import site_html_policy
from darmstadt_kg.publish.target import SiteError, read_manifest, resolve_target, site_folder
from darmstadt_kg.release import build as releases
from darmstadt_kg.release.history import check_new, read_releases
from darmstadt_kg.templates.evidence import derived_triples
from darmstadt_kg.visualise import explorer_html

__all__ = ["SiteReport", "build_site", "DEFAULT_BASE_URL", "SiteError"]

DEFAULT_BASE_URL = "https://w3id.org/darmstadt-kg/"


@dataclass(frozen=True)
class SiteReport:
    out: Path
    files: int
    bytes: int
    resources: int
    triples: int
    sparql_page: bool = True  # False: the front-end assets were not installed
    images_left_out: tuple[str, ...] = ()  # charts not drawn as images (no [charts] extra)


def _write_explorer(out: Path) -> set[str]:
    """``explore/index.html`` (whole network) and ``explore/geo.html``, and the same in German
    (``index.de.html``, ``geo.de.html``); returns the node ids."""

    network = build_network()
    for lang, suffix in SUFFIX.items():
        for name, view in (("index", "whole"), ("geo", "geo")):
            href = f"../doc/{{slug}}{suffix}.html"
            html = explorer_html(network, view=view, lang=lang, resource_href=href)
            write_text(out / "explore" / f"{name}{suffix}.html", html)
    return set(network)


def _write_charts(
    folder: Path, slugs: set[str], graph=None
) -> tuple[dict[str, list[tuple]], list[str]]:
    """The charts beside their questions in ``queries/charts/``: the timeline and the map drawn
    in the browser (always), and every chart as SVG and PNG when the [charts] extra
    (matplotlib) is installed; with the ``graph``, the browser's charts hold the names in
    German too (for the German questions page). Returns ``({question: [(chart, title, as
    images)]}, the charts not written as images)``."""

    def href(iri: str) -> str | None:
        slug = slug_of(iri)
        return f"doc/{slug}.html" if slug in slugs else None

    write_interactive(folder, href, graph=graph)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        drawn, left_out = dict(INTERACTIVE), sorted(CHARTS)
    else:
        from darmstadt_kg.charts import write_charts

        write_charts(folder)
        drawn, left_out = {n: (c.question, c.title) for n, c in CHARTS.items()}, []
    found: dict[str, list[tuple]] = {}
    for name, (question, title) in drawn.items():
        found.setdefault(question, []).append((name, title, not left_out))
    return found, left_out


def build_site(
    out: Path,
    base_url: str = DEFAULT_BASE_URL,
    sparql_endpoint: str | None = None,
    host_url: str | None = None,
    release: str | None = None,
    issued: str | None = None,
) -> SiteReport:
    """Write the whole site into ``out`` (replacing an earlier build there).

    ``sparql_endpoint``: a live endpoint serving the same data (``serve``), named in the index
    and in VoID/DCAT; without it the site offers SPARQL only in the browser (``sparql/``).
    ``host_url``: where the files are hosted, if not at ``base_url`` itself; then
    ``apache/w3id.htaccess`` (for w3id.org) redirects the persistent IRIs there.

    ``release``: make this build a release of that version (``issued`` that day; see
    :mod:`darmstadt_kg.release`); earlier releases in ``out`` are kept either way.

    The site is built in a folder beside ``out`` and swapped in only when complete: a failure
    part-way leaves the earlier build as it was.
    """

    if not base_url.endswith("/"):
        base_url += "/"
    out = Path(out)
    real = resolve_target(out)
    new = check_new(release, issued, read_releases(real)) if release else None
    with site_folder(out) as staging:
        graph, slugs, in_browser, left_out = _build(
            staging, base_url, sparql_endpoint, host_url, (real, new)
        )
    files = [real / name for name in sorted(read_manifest(real) or ())]
    return SiteReport(
        out=out,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        resources=len(slugs),
        triples=len(graph),
        sparql_page=in_browser,
        images_left_out=tuple(left_out),
    )


def _build(out: Path, base_url: str, sparql_endpoint: str | None, host_url: str | None, release):
    """Write every file of the site into the empty folder ``out``; (graph, resource slugs)."""

    graph = get_rdflib_graph()
    ordered = ordered_graph(graph)  # every RDF file is written from it, whole or in part
    dumps = dump_mod.write_dumps(graph, out, ordered=ordered)
    in_network = _write_explorer(out)
    slugs = [slug_of(r) for r in resources.resources(graph)]
    history = releases.build(out, release[0], base_url, release[1], dumps, slugs)
    resources.write_resource_pages(
        graph,
        out,
        in_network,
        derived=derived_triples(get_store()),
        changed_in=history.changed_in,
        ordered=ordered,
    )

    in_browser = bool(sparql_page.write_sparql_page(out, sparql_endpoint, len(graph)))
    description = void.void_graph(graph, dumps, base_url, sparql_endpoint)
    if in_browser:
        sparql_page.describe(description, base_url)
    releases.describe(description, history, base_url)
    void_ttl = dump_mod.serialise(description, "ttl")
    write_bytes(out / "void.ttl", void_ttl)
    write_bytes(out / ".well-known" / "void", void_ttl)
    write_bytes(out / "void.jsonld", dump_mod.serialise(description, "jsonld"))

    counts = void.dataset_counts(graph)
    for lang, suffix in SUFFIX.items():
        home = indexes.render_home(
            graph,
            dumps,
            counts,
            sparql_endpoint,
            in_browser=in_browser,
            lang=lang,
            releases=[(r.version, bool(r.previous)) for r in history.releases],
        )
        write_text(out / f"index{suffix}.html", home)
    script = paths.package_resource("templates", "static", "site.js")
    write_bytes(out / "site.js", script.read_bytes())
    queries = sorted(paths.queries_dir().glob("*.rq")) if paths.queries_dir().is_dir() else []
    charts, left_out = _write_charts(out / "queries" / "charts", set(slugs), graph)
    shapes = ontodoc.shapes_graph()
    for lang, suffix in SUFFIX.items():
        for name, html in indexes.class_pages(graph, lang).items():
            write_text(out / "classes" / name, html)
        write_text(out / "levels" / f"index{suffix}.html", indexes.render_levels(graph, lang))
        write_text(
            out / "queries" / f"index{suffix}.html",
            indexes.render_queries(graph, get_store(), queries, charts, lang),
        )
        write_text(
            out / "ontology" / f"index{suffix}.html", ontodoc.render_ontology(graph, shapes, lang)
        )

    vocabulary = ontodoc.ontology_subgraph(graph)
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        write_bytes(out / "ontology" / f"darmstadt-kg.{ext}", dump_mod.serialise(vocabulary, ext))
    # last: the pages' CSP hashes the inline scripts of every page written above
    policy = site_html_policy(out)
    conf = nginx.nginx_server(html_policy=policy, gone=history.gone, latest=history.latest)
    write_text(out / "nginx" / "darmstadt-kg.conf", conf)
    write_text(out / ".htaccess", htaccess.site_htaccess(policy, history.gone, history.latest))
    if host_url:
        write_text(out / "apache" / "w3id.htaccess", htaccess.w3id_htaccess(host_url))
    return graph, slugs, in_browser, left_out
