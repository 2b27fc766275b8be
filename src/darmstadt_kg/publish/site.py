"""Build the static linked-data site into a folder, deterministically.

Layout (relative to the output folder)::

    index.html                     home: counts, dumps with size, triples and sha256
    dumps/darmstadt-kg.{ttl,nt,nq,rdf,jsonld}[.gz]
    doc/<slug>.{html,ttl,jsonld,nt,rdf}  one description per dkr: resource (IRI /id/<slug>)
    classes/, levels/, queries/    index pages
    queries/charts/*.{svg,png}     charts and map beside their questions ([charts] extra)
    explore/index.html, geo.html   the network explorer (whole and geographic view; offline)
    ontology/index.html            ontology documentation; darmstadt-kg.{ttl,jsonld,nt,rdf}
    void.ttl, void.jsonld, .well-known/void   VoID + DCAT
    nginx/darmstadt-kg.conf        content negotiation (303 /id/<slug> → /doc/<slug>.<ext>)

No clock, no random names, no absolute paths go into a file: building twice gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["SiteReport", "build_site", "DEFAULT_BASE_URL", "DEFAULT_SPARQL", "SiteError"]

DEFAULT_BASE_URL = "https://w3id.org/darmstadt-kg/"
DEFAULT_SPARQL = "https://w3id.org/darmstadt-kg/sparql"
_MARKER = ".darmstadt-kg-site"


class SiteError(UserError):
    """The output folder cannot be used."""

    code = ExitCode.USAGE


@dataclass(frozen=True)
class SiteReport:
    out: Path
    files: int
    bytes: int
    resources: int
    triples: int


def _check_target(out: Path) -> None:
    """``out`` may be replaced only if it is absent, empty, or a site this function built."""
    if out.exists():
        if not out.is_dir():
            raise SiteError(f"{out}: exists and is not a folder — choose another --out")
        if any(out.iterdir()) and not (out / _MARKER).exists():
            raise SiteError(
                f"{out}: folder is not empty and holds no darmstadt-kg site — "
                "choose an empty or new folder for --out"
            )


def _write_explorer(out: Path) -> set[str]:
    """``explore/index.html`` (whole network) and ``explore/geo.html``; returns the node ids."""
    from darmstadt_kg.network import build_network
    from darmstadt_kg.publish.common import write_text
    from darmstadt_kg.visualise import explorer_html

    network = build_network()
    for name, view in (("index.html", "whole"), ("geo.html", "geo")):
        html = explorer_html(network, view=view, lang="en", resource_href="../doc/{slug}.html")
        write_text(out / "explore" / name, html)
    return set(network)


def _write_charts(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """``queries/charts/<chart>.{svg,png}`` when the [charts] extra is installed; by question."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return {}
    from darmstadt_kg.charts import CHARTS, write_charts

    write_charts(folder)
    found: dict[str, list[tuple[str, str]]] = {}
    for chart in CHARTS.values():
        found.setdefault(chart.question, []).append((chart.name, chart.title))
    return found


def build_site(
    out: Path, base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str = DEFAULT_SPARQL
) -> SiteReport:
    """Write the whole site into ``out`` (replacing an earlier build there).

    The site is built in a folder beside ``out`` and swapped in only when complete: a failure
    part-way leaves the earlier build as it was.
    """
    from darmstadt_kg.files import replacing_folder

    if not base_url.endswith("/"):
        base_url += "/"
    out = Path(out)
    _check_target(out)
    with replacing_folder(out) as staging:
        graph, slugs = _build(staging, base_url, sparql_endpoint)
    files = [p for p in out.rglob("*") if p.is_file()]
    return SiteReport(
        out=out,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        resources=len(slugs),
        triples=len(graph),
    )


def _build(out: Path, base_url: str, sparql_endpoint: str):
    """Write every file of the site into the empty folder ``out``; (graph, resource slugs)."""
    from darmstadt_kg import paths
    from darmstadt_kg.load import get_rdflib_graph, get_store
    from darmstadt_kg.publish import dumps as dump_mod
    from darmstadt_kg.publish import indexes, nginx, ontodoc, resources, void
    from darmstadt_kg.publish.common import write_bytes, write_text

    graph = get_rdflib_graph()
    (out / _MARKER).write_text("built by darmstadt-kg publish site\n", encoding="utf-8")

    dumps = dump_mod.write_dumps(graph, out)
    in_network = _write_explorer(out)
    slugs = resources.write_resource_pages(graph, out, in_network)

    description = void.void_graph(graph, dumps, base_url, sparql_endpoint)
    void_ttl = dump_mod.serialise(description, "ttl")
    write_bytes(out / "void.ttl", void_ttl)
    write_bytes(out / ".well-known" / "void", void_ttl)
    write_bytes(out / "void.jsonld", dump_mod.serialise(description, "jsonld"))

    counts = void.dataset_counts(graph)
    write_text(out / "index.html", indexes.render_home(graph, dumps, counts, sparql_endpoint))
    for name, html in indexes.class_pages(graph).items():
        write_text(out / "classes" / name, html)
    write_text(out / "levels" / "index.html", indexes.render_levels(graph))
    queries = sorted(paths.queries_dir().glob("*.rq")) if paths.queries_dir().is_dir() else []
    charts = _write_charts(out / "queries" / "charts")
    write_text(
        out / "queries" / "index.html",
        indexes.render_queries(graph, get_store(), queries, charts),
    )

    vocabulary = ontodoc.ontology_subgraph(graph)
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        write_bytes(out / "ontology" / f"darmstadt-kg.{ext}", dump_mod.serialise(vocabulary, ext))
    write_text(
        out / "ontology" / "index.html", ontodoc.render_ontology(graph, ontodoc.shapes_graph())
    )
    write_text(out / "nginx" / "darmstadt-kg.conf", nginx.nginx_server())
    return graph, slugs
