"""The application: ``/sparql`` to the protocol, the pages and linked data (``/id/…``, the W3C
"Cool URIs" 303 recipe, docs/endpoint.md) to Starlette. Routes are module-level functions over
``app.state`` (built once by :func:`create_app`); every store call runs in a thread.
"""

from __future__ import annotations

import atexit
import re
import shutil
from dataclasses import replace
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from darmstadt_kg import paths
from darmstadt_kg.errors import UserError
from darmstadt_kg.library import editor_examples
from darmstadt_kg.namespaces import DKR
from darmstadt_kg.network import build_network
from darmstadt_kg.network.links import resolve_node
from darmstadt_kg.publish.ontodoc import ontology_body, shapes_graph
from darmstadt_kg.query import execute
from darmstadt_kg.results import QueryResult, render
from darmstadt_kg.serve import pages
from darmstadt_kg.serve.cache import ByteCache
from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.conneg import FORMAT_ALIASES, GRAPH_TYPES, choose, wants_html
from darmstadt_kg.serve.describe import describe, exists
from darmstadt_kg.serve.evaluate import QueryThreads, clean
from darmstadt_kg.serve.headers import GZIP_MIN_BYTES, SecurityHeaders, html_response, secured
from darmstadt_kg.serve.limits import ClientSlots
from darmstadt_kg.serve.service import service_description
from darmstadt_kg.serve.sparql import endpoint_url, error, sparql_app
from darmstadt_kg.serve.store import build_shared_store, hold_store, new_store_folder, open_store
from darmstadt_kg.visualise import explorer_html

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["create_app", "Endpoint", "DOC_TYPES"]

DOC_TYPES = {"html": "text/html", **GRAPH_TYPES}
_EXT = {"html": "html", "turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}
_BY_EXT = {v: k for k, v in _EXT.items()}
_SLUG = re.compile(r"[a-z0-9-]{1,200}")
_STATIC = paths.package_resource("serve", "static")
_MIB = 1024 * 1024


def _serialise(graph, fmt: str) -> bytes:
    return render(QueryResult(kind="graph", graph=graph), fmt).encode("utf-8")


def _construct(store, name: str):
    """The graph of one of this package's ``.rq`` files, run on the store."""

    text = paths.package_resource("serve", name).read_text(encoding="utf-8")
    return execute(store, text, name).graph


def _not_found(request: Request, message: str) -> Response:
    if wants_html(request.headers.get("accept")):
        return html_response(pages.error_page(404, clean(message)), status_code=404)
    return error(404, message)


async def editor(request: Request) -> Response:
    """The SPARQL editor (``?lang=de`` in German)."""
    state = request.app.state
    lang = "de" if request.query_params.get("lang") == "de" else "en"
    return html_response(pages.editor_page(state.examples, state.yasgui, lang))


async def home(request: Request) -> Response:
    """The front door (``?lang=de`` in German); the editor is at ``/query``."""
    lang = "de" if request.query_params.get("lang") == "de" else "en"
    return html_response(await run_in_threadpool(pages.home_page, request.app.state.store, lang))


async def description(request: Request) -> Response:
    """``/sparql`` without a query (queries go to :func:`~darmstadt_kg.serve.sparql.sparql_app`)."""
    accept = request.headers.get("accept")
    if wants_html(accept):
        response = await editor(request)
        response.headers["Vary"] = "Accept"
        return response
    fmt = choose(accept, GRAPH_TYPES)
    if fmt is None:
        types = ", ".join(GRAPH_TYPES.values())
        return error(406, f"the service description is RDF: accept one of {types}")
    state = request.app.state
    graph = service_description(endpoint_url(request, state.config), state.triples)
    body = await run_in_threadpool(_serialise, graph, fmt)
    return Response(body, media_type=GRAPH_TYPES[fmt], headers={"Vary": "Accept"})


async def resource(request: Request) -> Response:
    slug = request.path_params["slug"]
    state = request.app.state
    if not _SLUG.fullmatch(slug) or not await run_in_threadpool(
        exists, state.store, f"{DKR}{slug}"
    ):
        return _not_found(
            request, f"no resource {DKR}{slug} in this graph — see /sparql or /id/darmstadt"
        )
    fmt = choose(request.headers.get("accept"), DOC_TYPES) or "html"
    return RedirectResponse(f"/doc/{slug}.{_EXT[fmt]}", status_code=303, headers={"Vary": "Accept"})


def _document_body(store, slug: str, fmt: str, lang: str = "en") -> bytes | None:
    graph = describe(store, f"{DKR}{slug}")
    if graph is None:
        return None
    if fmt == "html":
        return pages.resource_page(f"{DKR}{slug}", graph, store, lang).encode("utf-8")
    return _serialise(graph, fmt)


async def document(request: Request) -> Response:
    name = request.path_params["name"]
    slug, _, ext = name.partition(".")
    requested = request.query_params.get("format")
    vary = {}
    if requested:
        fmt = FORMAT_ALIASES.get(requested.lower())
        if fmt not in DOC_TYPES:
            return error(
                400,
                f"unknown format {clean(requested, 40)!r} — use html, turtle, "
                "jsonld, ntriples or rdfxml",
            )
    elif ext:
        fmt = _BY_EXT.get(ext)
        if fmt is None:
            return error(
                404,
                f"no document /doc/{clean(name, 80)} — extensions are "
                f"{', '.join('.' + e for e in _EXT.values())}",
            )
    else:
        vary = {"Vary": "Accept"}
        fmt = choose(request.headers.get("accept"), DOC_TYPES)
        if fmt is None:
            return error(406, "accept one of " + ", ".join(DOC_TYPES.values()))
    state = request.app.state
    lang = "de" if fmt == "html" and request.query_params.get("lang") == "de" else "en"
    key = (slug, fmt) if lang == "en" else (slug, fmt, lang)
    body = state.documents.get(key) if _SLUG.fullmatch(slug) else None
    if body is None and _SLUG.fullmatch(slug):
        body = await run_in_threadpool(_document_body, state.store, slug, fmt, lang)
        if body is not None:
            state.documents.put(key, body)
    if body is None:
        return _not_found(
            request,
            f"no resource {DKR}{clean(slug, 80)} in this graph — see /sparql or /id/darmstadt",
        )
    headers = {**vary, "Link": f'<{DKR}{slug}>; rel="describes"'}
    if fmt == "html":
        return html_response(body, headers=headers)
    return Response(body, media_type=DOC_TYPES[fmt], headers=headers)


def _ontology_page(store, lang: str = "en") -> str:
    """The ontology documentation of ``publish site``, linked into this server."""

    titles = {"turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}
    files = tuple((f"/ontology?format={name}", title) for name, title in titles.items())
    vocabulary = _construct(store, "vocabulary.rq")
    body, toc = ontology_body(vocabulary, shapes_graph(), root="/", files=files, lang=lang)
    title = "Ontologie" if lang == "de" else "Ontology"
    return pages.page(title, body, toc=toc, lang=lang, path="/ontology")


async def ontology(request: Request) -> Response:
    """The vocabulary: documentation for a browser, RDF by ``Accept`` or ``?format=``."""
    state = request.app.state
    asked = request.query_params.get("format")
    if asked is not None and asked not in GRAPH_TYPES:
        return error(
            400, f"unknown format {clean(asked, 40)!r}; use one of {', '.join(GRAPH_TYPES)}"
        )
    if asked is None and (
        request.url.path.endswith(".html") or wants_html(request.headers.get("accept"))
    ):
        lang = "de" if request.query_params.get("lang") == "de" else "en"
        page = state.documents.get(("ontology", "html", lang))
        if page is None:
            page = (await run_in_threadpool(_ontology_page, state.store, lang)).encode("utf-8")
            state.documents.put(("ontology", "html", lang), page)
        return html_response(page, headers={"Vary": "Accept"})
    fmt = asked or choose(request.headers.get("accept"), GRAPH_TYPES) or "turtle"
    body = state.documents.get(("ontology", fmt))
    if body is None:
        body = await run_in_threadpool(
            lambda: _serialise(_construct(state.store, "ontology.rq"), fmt)
        )
        state.documents.put(("ontology", fmt), body)
    return Response(body, media_type=GRAPH_TYPES[fmt], headers={"Vary": "Accept"})


def _network(state):
    if not state.network:
        state.network.append(build_network(state.store))
    return state.network[0]


async def explore(request: Request) -> Response:
    """The network explorer: ``?view=whole|ego|geo&focus=<slug>&depth=1..3&lang=de|en``."""

    state = request.app.state
    q = request.query_params
    view, focus, lang = q.get("view", "whole"), q.get("focus") or None, q.get("lang", "de")
    try:
        depth = int(q.get("depth", "1"))
    except ValueError:
        return error(400, "depth must be a whole number from 1 to 3")
    if view not in {"whole", "ego", "geo"} or lang not in {"de", "en"} or not 1 <= depth <= 3:
        return error(400, "use view=whole|ego|geo, lang=de|en and depth=1..3")
    network = await run_in_threadpool(_network, state)
    centre = None
    if view == "ego":  # focus and depth count only here; the key holds the resolved node
        try:
            centre = resolve_node(network, focus or "darmstadt")
        except (UserError, ValueError, KeyError):
            return _not_found(
                request,
                f"no node {clean(focus or '', 80)!r} in the network to "
                "centre on — see /explore for the whole network",
            )
    else:
        depth = 1
    key = ("explore", view, centre, depth, lang)
    page = state.explorer.get(key)
    if page is None:
        options = {"view": view, "focus": centre, "depth": depth, "lang": lang}
        page = await run_in_threadpool(
            lambda: explorer_html(network, **options, resource_href="/id/{slug}").encode()
        )
        state.explorer.put(key, page)
    return html_response(page)


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return _not_found(
            request,
            f"nothing at {clean(request.url.path, 80)} — try /sparql, "
            "/id/darmstadt, /ontology or /explore",
        )
    if exc.status_code == 405:
        return error(405, f"{request.method} is not allowed here — use GET (or POST at /sparql)")
    return error(exc.status_code, clean(str(exc.detail)))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """One line to the client; Starlette re-raises ``exc`` and the log gets its traceback."""
    return error(500, "internal error: the request could not be answered - retry or report it")


ROUTES = [
    Route("/", home),
    Route("/query", editor),
    Route("/favicon.ico", favicon),
    Route("/explore", explore),
    Route("/sparql", description),
    Route("/id/{slug}", resource),
    Route("/doc/{name}", document),
    Route("/ontology", ontology),
    Route("/ontology/index.html", ontology),
    Mount(
        "/static",
        StaticFiles(
            directory=str(_STATIC),
            packages=[("darmstadt_kg", "templates/static"), ("darmstadt_kg", "charts/static")],
        ),
        name="static",
    ),
]


class Endpoint:
    """The ASGI application: ``/sparql`` queries by the bare protocol function, everything else
    by Starlette; security headers, CORS preflights and gzip around both
    (:mod:`darmstadt_kg.serve.headers`). A query whose client does not accept gzip skips the
    gzip layer (a sixth of a lookup's time in the framework). ``state`` is Starlette's."""

    def __init__(self, pages: Starlette) -> None:
        self.pages, self.state = pages, pages.state
        self.secured_pages = secured(pages)
        self.sparql = SecurityHeaders(self._sparql)
        self.sparql_gzip = GZipMiddleware(self.sparql, minimum_size=GZIP_MIN_BYTES)

    async def _sparql(self, scope, receive, send) -> None:
        await sparql_app(scope, receive, send, self.state, self.pages)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in _QUERY:
            gzip = any(k == b"accept-encoding" and b"gzip" in v for k, v in scope["headers"])
            await (self.sparql_gzip if gzip else self.sparql)(scope, receive, send)
        else:
            await self.secured_pages(scope, receive, send)


_QUERY = frozenset({"GET", "HEAD", "POST"})


def create_app(config: ServeConfig | None = None) -> Endpoint:
    """The application over the shared read-only store (built from the project graph if unset)."""

    config = config or ServeConfig()
    if not config.store_path:
        folder = new_store_folder()
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        config = replace(config, store_path=str(build_shared_store(folder)))
    pages = Starlette(
        routes=ROUTES, exception_handlers={HTTPException: _http_error, Exception: _internal_error}
    )
    state = pages.state
    state.config = config
    state.lock = hold_store(config.store_path)
    # queries see the union of the named graphs unless they name a dataset
    state.store = open_store(config.store_path, config.in_memory)
    state.threads = QueryThreads(config.query_threads)
    # outside a pre-fork worker (which replaces it) a query over its limit gets its 503 and
    # its thread runs on: nothing replaces the process
    state.retire = lambda: None
    state.cache = ByteCache(config.cache_mb * _MIB, _outcome_size) if config.cache_mb else None
    state.documents = ByteCache(max(config.cache_mb, 16) * _MIB)
    state.explorer = ByteCache(max(config.cache_mb, 16) * _MIB)
    state.clients = ClientSlots(config.per_client, config.timeout)
    state.network = []
    state.yasgui = (_STATIC / "vendor" / "yasgui.min.js").is_file()
    state.examples = editor_examples()
    state.triples = len(state.store)
    return Endpoint(pages)


def _outcome_size(outcome) -> int:
    return len(getattr(outcome, "body", b"")) + len(getattr(outcome, "message", "")) + 64
