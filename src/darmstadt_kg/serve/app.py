"""The Starlette application: ``/sparql``, the editor at ``/``, and linked data at ``/id/…``.

Resource IRIs ``https://w3id.org/darmstadt-kg/id/<slug>`` are served here as ``/id/<slug>``,
following the W3C "Cool URIs" 303 recipe: ``/id/<slug>`` answers ``303 See Other`` to the
document ``/doc/<slug>.<ext>`` chosen by ``Accept`` (HTML, Turtle, JSON-LD, N-Triples), with
``Vary: Accept``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from darmstadt_kg.namespaces import DKR
from darmstadt_kg.serve import pages
from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.conneg import GRAPH_TYPES, choose
from darmstadt_kg.serve.sparql import ProtocolError, error, handle_sparql

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["create_app", "create_app_from_env", "DOC_TYPES"]

DOC_TYPES = {"html": "text/html", **GRAPH_TYPES}
_EXT = {"html": "html", "turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}
_BY_EXT = {v: k for k, v in _EXT.items()}
_SLUG = re.compile(r"^[a-z0-9-]{1,200}$")
_STATIC = __import__("pathlib").Path(__file__).with_name("static")


def _wants_html(request: Request) -> bool:
    return choose(
        request.headers.get("accept"), {"html": "text/html", **GRAPH_TYPES}
    ) == "html" and "text/html" in (request.headers.get("accept") or "")


def _examples() -> list[dict[str, str]]:
    from darmstadt_kg.library import library

    try:
        return [
            {"name": q.name, "summary": q.summary, "summary_de": q.summary_de, "text": q.text}
            for q in library()
        ]
    except FileNotFoundError:
        return []


def _serialise(graph, fmt: str) -> str:
    from darmstadt_kg.query import QueryResult
    from darmstadt_kg.results import render

    return render(QueryResult(kind="graph", graph=graph), fmt)


def create_app(config: ServeConfig | None = None) -> Starlette:
    """The application over the shared read-only store (built from the project graph if unset)."""

    import pyoxigraph as ox

    from darmstadt_kg.serve.describe import describe
    from darmstadt_kg.serve.pool import QueryPool
    from darmstadt_kg.serve.service import service_description

    config = config or ServeConfig()
    if not config.store_path:
        import atexit
        import shutil
        import tempfile
        from dataclasses import replace
        from pathlib import Path

        from darmstadt_kg.serve.runner import build_shared_store

        folder = Path(tempfile.mkdtemp(prefix="darmstadt-kg-serve-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        config = replace(config, store_path=str(build_shared_store(folder)))
    store = ox.Store.read_only(config.store_path)
    pool = QueryPool(config.store_path, config.max_concurrent, config.in_memory)
    if config.cache_size > 0:
        from darmstadt_kg.serve.pool import AnswerCache

        pool.cache = AnswerCache(config.cache_size)
    yasgui = (_STATIC / "vendor" / "yasgui.min.js").is_file()
    examples = _examples()
    triples = len(store)

    async def editor(request: Request) -> Response:
        return HTMLResponse(pages.editor_page(examples, yasgui))

    async def sparql(request: Request) -> Response:
        try:
            if (
                request.method == "GET"
                and "query" not in request.query_params
                and "update" not in request.query_params
            ):
                if _wants_html(request):
                    return await editor(request)
                fmt = choose(request.headers.get("accept"), GRAPH_TYPES)
                if fmt is None:
                    raise ProtocolError(
                        406,
                        "the service description is RDF: accept one of "
                        + ", ".join(GRAPH_TYPES.values()),
                    )
                base = config.base_url or str(request.base_url).rstrip("/")
                graph = service_description(base + "/sparql", triples)
                return Response(
                    _serialise(graph, fmt), media_type=GRAPH_TYPES[fmt], headers={"Vary": "Accept"}
                )
            return await handle_sparql(request, config, pool)
        except ProtocolError as err:
            return error(err.status, err.message)

    async def resource(request: Request) -> Response:
        slug = request.path_params["slug"]
        if not _SLUG.match(slug) or describe(store, str(DKR) + slug) is None:
            return _not_found(request, slug)
        fmt = choose(request.headers.get("accept"), DOC_TYPES) or "html"
        return RedirectResponse(
            f"/doc/{slug}.{_EXT[fmt]}", status_code=303, headers={"Vary": "Accept"}
        )

    async def document(request: Request) -> Response:
        name = request.path_params["name"]
        slug, _, ext = name.partition(".")
        requested = request.query_params.get("format")
        if requested:
            from darmstadt_kg.serve.conneg import FORMAT_ALIASES

            fmt = FORMAT_ALIASES.get(requested.lower())
            if fmt not in DOC_TYPES:
                return error(
                    400,
                    f"unknown format {requested!r} — use html, turtle, jsonld, ntriples or rdfxml",
                )
        elif ext:
            fmt = _BY_EXT.get(ext)
            if fmt is None:
                return error(
                    404,
                    f"no document /doc/{name} — extensions are "
                    f"{', '.join('.' + e for e in _EXT.values())}",
                )
        else:
            fmt = choose(request.headers.get("accept"), DOC_TYPES)
            if fmt is None:
                return error(406, "accept one of " + ", ".join(DOC_TYPES.values()))
        graph = describe(store, str(DKR) + slug) if _SLUG.match(slug) else None
        if graph is None:
            return _not_found(request, slug)
        headers = {"Vary": "Accept", "Link": f'<{DKR}{slug}>; rel="describes"'}
        if fmt == "html":
            return HTMLResponse(pages.resource_page(str(DKR) + slug, graph), headers=headers)
        return Response(_serialise(graph, fmt), media_type=DOC_TYPES[fmt], headers=headers)

    ontology_html: list[str] = []

    def _ontology_page() -> str:
        """The ontology documentation of ``publish site``, linked into this server."""
        from darmstadt_kg.publish.ontodoc import ontology_body, shapes_graph
        from darmstadt_kg.query import execute

        files = ", ".join(
            f'<a href="/ontology?format={name}">{title}</a>'
            for name, title in (("turtle", "Turtle"), ("jsonld", "JSON-LD"),
                                ("ntriples", "N-Triples"), ("rdfxml", "RDF/XML"))
        )  # fmt: skip
        text = (_STATIC.parent / "vocabulary.rq").read_text(encoding="utf-8")
        vocabulary = execute(store, text, "vocabulary.rq").graph
        body = ontology_body(vocabulary, shapes_graph(), root="/", files=files)
        return pages.page("Ontology", body)

    async def ontology(request: Request) -> Response:
        """The vocabulary: documentation for a browser, RDF by ``Accept`` or ``?format=``."""
        from darmstadt_kg.query import execute

        asked = request.query_params.get("format")
        if asked is not None and asked not in GRAPH_TYPES:
            return error(400, f"unknown format {asked!r}; use one of {', '.join(GRAPH_TYPES)}")
        if asked is None and (request.url.path.endswith(".html") or _wants_html(request)):
            if not ontology_html:
                ontology_html.append(await run_in_threadpool(_ontology_page))
            return HTMLResponse(ontology_html[0], headers={"Vary": "Accept"})
        fmt = asked or choose(request.headers.get("accept"), GRAPH_TYPES) or "turtle"
        text = (_STATIC.parent / "ontology.rq").read_text(encoding="utf-8")
        graph = execute(store, text, "ontology.rq").graph
        return Response(
            _serialise(graph, fmt), media_type=GRAPH_TYPES[fmt], headers={"Vary": "Accept"}
        )

    def _not_found(request: Request, slug: str) -> Response:
        message = f"no resource {DKR}{slug} in this graph — see /sparql or /id/darmstadt"
        if _wants_html(request):
            return HTMLResponse(pages.error_page(404, message), status_code=404)
        return error(404, message)

    explorer_pages: dict[tuple, str] = {}
    network = []

    async def explore(request: Request) -> Response:
        """The network explorer: ``?view=whole|ego|geo&focus=<slug>&depth=1..3&lang=de|en``."""
        from darmstadt_kg.errors import UserError

        q = request.query_params
        view, focus, lang = q.get("view", "whole"), q.get("focus") or None, q.get("lang", "de")
        try:
            depth = int(q.get("depth", "1"))
        except ValueError:
            return error(400, "depth must be a whole number from 1 to 3")
        if view not in {"whole", "ego", "geo"} or lang not in {"de", "en"} or not 1 <= depth <= 3:
            return error(400, "use view=whole|ego|geo, lang=de|en and depth=1..3")
        key = (view, focus, depth, lang)
        if key not in explorer_pages:
            from darmstadt_kg.network import build_network
            from darmstadt_kg.visualise import explorer_html

            if not network:
                network.append(await run_in_threadpool(build_network, store))
            try:
                html = await run_in_threadpool(
                    lambda: explorer_html(
                        network[0],
                        view=view,
                        focus=focus,
                        depth=depth,
                        lang=lang,
                        resource_href="/id/{slug}",
                    )
                )
            except (UserError, ValueError, KeyError) as err:
                return error(404, f"no such node to centre on: {err}")
            if len(explorer_pages) > 256:
                explorer_pages.clear()
            explorer_pages[key] = html
        return HTMLResponse(explorer_pages[key])

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", editor),
        Route("/favicon.ico", favicon),
        Route("/explore", explore),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/id/{slug}", resource),
        Route("/doc/{name}", document),
        Route("/ontology", ontology),
        Route("/ontology/index.html", ontology),
        Mount(
            "/static",
            StaticFiles(directory=str(_STATIC), packages=[("darmstadt_kg", "templates/static")]),
            name="static",
        ),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            expose_headers=["Content-Type", "Vary"],
        )
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.pool = pool
    return app


def create_app_from_env() -> Starlette:
    """Factory for uvicorn's worker processes: the configuration comes from the environment."""
    return create_app(ServeConfig.from_env())
