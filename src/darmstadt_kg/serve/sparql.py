"""The SPARQL 1.1 Protocol at ``/sparql``: a bare ASGI function (:func:`sparql_app`), not a
Starlette route. It reads the parameters (GET, POST form or direct), refuses updates (403) and
over-deep nesting (400, :mod:`~darmstadt_kg.serve.screen`), takes the client's share
(:mod:`~darmstadt_kg.serve.limits`) and has the query run in a thread of the worker
(:mod:`~darmstadt_kg.serve.evaluate`). Each status and its one line: docs/endpoint.md.
"""

from __future__ import annotations

import re
from binascii import a2b_qp
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from werkzeug.http import parse_options_header

from darmstadt_kg.serve.conneg import FORMAT_ALIASES, GRAPH_TYPES, RESULT_TYPES, choose
from darmstadt_kg.serve.evaluate import (
    READ_ONLY,
    Answer,
    Busy,
    Failure,
    Format,
    Job,
    OutOfMemory,
    TimedOut,
    answer,
    clean,
)
from darmstadt_kg.serve.headers import NO_STORE, PLAIN, send_answer
from darmstadt_kg.serve.screen import TooDeep, check_nesting

__all__ = ["sparql_app", "error", "ProtocolError", "endpoint_url"]

ASK_TYPES = {"json": RESULT_TYPES["json"], "xml": RESULT_TYPES["xml"]}


class ProtocolError(Exception):
    """A request the endpoint answers with ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def error(status: int, message: str, retry_after: int | None = None) -> Response:
    """A plain-text error: one line saying what was wrong and what to do."""
    headers = {"Cache-Control": "no-store"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return PlainTextResponse(f"{clean(message, 400)}\n", status_code=status, headers=headers)


async def _read_body(request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")  # digits: the HTTP parser checked
    if declared.isdigit() and int(declared) > limit:  # refused before it is sent
        raise ProtocolError(
            413,
            f"request body of {declared} bytes exceeds the limit of {limit} bytes "
            "— send a shorter query",
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProtocolError(
                413, f"request body exceeds the limit of {limit} bytes — send a shorter query"
            )
    return bytes(body)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{what} is not UTF-8") from None


_LONE_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def form_pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    """The name-value pairs of a query string or form body, in order: as ``parse_qsl`` (blank
    values kept; ``+`` a space; a ``%`` not followed by two hex digits kept as it is), from
    UTF-8 bytes (else :class:`ProtocolError` 400) — percent-decoded in C: ``%XX`` read as
    quoted-printable's ``=XX`` by ``binascii.a2b_qp`` (``=`` itself written ``=3D`` first).
    ``urllib``'s unquoting runs in Python per escape: it was the largest single part of the
    event loop's work on a library question (py-spy); docs/endpoint.md has the figures."""
    _decode(raw, what)  # UTF-8 or 400, as before the pairs are read
    pairs = []
    for field in raw.split(b"&"):
        if field:
            name, _, value = field.partition(b"=")
            pairs.append((_unquote(name), _unquote(value)))
    return pairs


def _unquote(data: bytes) -> str:
    data = data.replace(b"+", b" ")
    if b"%" in data:
        if _LONE_PERCENT.search(data):  # kept as is, which quoted-printable would not do
            data = unquote_to_bytes(data)
        else:
            data = a2b_qp(data.replace(b"=", b"=3D").replace(b"%", b"="))
    return data.decode("utf-8", "replace")


async def _read_pairs(request, config) -> list[tuple[str, str]]:
    """The protocol parameters of a GET or POST request, in order."""
    raw = request.scope.get("query_string", b"")  # as request.url.query, without the URL
    if len(raw) > config.max_url_bytes:
        raise ProtocolError(
            414, f"query string exceeds the limit of {config.max_url_bytes} bytes — use POST"
        )
    params = form_pairs(raw, "the query string") if raw else []
    if request.method != "POST":
        return params
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    ctype, charset = ctype.lower(), options.get("charset", "utf-8").lower()
    if ctype == "application/sparql-update":
        raise ProtocolError(403, READ_ONLY)
    if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise ProtocolError(
            415,
            "POST needs Content-Type application/sparql-query or "
            f"application/x-www-form-urlencoded, not {clean(ctype, 60) or 'none'!r}",
        )
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"only UTF-8 is accepted, not charset {clean(charset, 30)!r}")
    body = await _read_body(request, config.max_request_bytes)
    if ctype == "application/x-www-form-urlencoded":
        return params + form_pairs(body, "form body")
    return [*params, ("query", _decode(body, "query body"))]


@lru_cache(maxsize=256)
def _formats(accept: str | None, requested: str | None) -> tuple[Format, Format, Format]:
    """The SELECT, ASK and graph formats for ``Accept`` and a ``format``/``output`` parameter,
    remembered (a few pairs answer almost every request; it took ~30 µs). Unknown: raises."""
    wanted = [requested] if requested is not None else None
    return (
        _pick(wanted, accept, RESULT_TYPES, "SELECT"),
        _pick(wanted, accept, ASK_TYPES, "ASK"),
        _pick(wanted, accept, GRAPH_TYPES, "graph (CONSTRUCT/DESCRIBE)"),
    )


def _pick(
    requested: list[str] | None, accept: str | None, offered: dict[str, str], kind: str
) -> Format:
    if requested:
        name = FORMAT_ALIASES.get(requested[0].strip().lower())
        if name is None:
            raise ProtocolError(
                400,
                f"unknown format {clean(requested[0], 40)!r} — use one of "
                f"{', '.join([*RESULT_TYPES, *GRAPH_TYPES])}",
            )
        if name not in offered:
            return Format(
                status=406,
                message=f"format {name!r} cannot carry a {kind} result "
                f"— use one of {', '.join(offered)}",
            )
        return Format(name, offered[name])
    name = choose(accept, offered)
    if name is None:
        return Format(
            status=406,
            message=f"none of the types in Accept: {clean(accept or '', 80)!r}"
            f" can carry this result — accept one of {', '.join(offered.values())}",
        )
    return Format(name, offered[name])


def endpoint_url(request, config) -> str:
    """The endpoint's own URL: the base IRI of every query and the service description's."""
    if config.base_url:
        return config.base_url.rstrip("/") + "/sparql"
    scope = request.scope
    host = next((v for k, v in scope["headers"] if k == b"host"), None)  # as Starlette's URL
    server = scope.get("server")
    root = scope.get("app_root_path", scope.get("root_path", ""))
    return _endpoint(scope.get("scheme", "http"), tuple(server) if server else None, root, host)


@lru_cache(maxsize=256)
def _endpoint(scheme: str, server, root_path: str, host: bytes | None) -> str:
    """``request.base_url`` + ``/sparql`` from all it depends on: remembered (bounded), it
    was ~8 µs per request."""

    headers = [(b"host", host)] if host is not None else []
    scope = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "root_path": root_path,
        "path": "/",
        "query_string": b"",
        "headers": headers,
    }
    return str(Request(scope).base_url).rstrip("/") + "/sparql"


def build_job(params: dict[str, list[str]], request, config) -> Job:
    """The job of one protocol request, its nesting bounded: raises :class:`ProtocolError`."""
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1:
        raise ProtocolError(
            400,
            "give exactly one 'query' parameter"
            if queries
            else "no 'query' parameter — send ?query=… (GET) or a POST",
        )
    text = queries[0]
    if not text.strip():
        raise ProtocolError(400, "the 'query' parameter is empty")
    try:
        check_nesting(text, config.max_nesting)
    except TooDeep as err:
        raise ProtocolError(400, str(err)) from None
    base = endpoint_url(request, config)
    requested = params.get("format") or params.get("output")
    select, ask, graph = _formats(
        request.headers.get("accept"), requested[0] if requested else None
    )
    return Job(
        text=text,
        select_format=select,
        ask_format=ask,
        graph_format=graph,
        max_rows=config.max_rows,
        base_iri=base,
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
    )


class Bare:
    """What the protocol reads of a request, straight from the ASGI scope (as Starlette's
    ``Request`` would give it: the first of repeated headers)."""

    __slots__ = ("scope", "receive", "method", "headers")

    def __init__(self, scope, receive) -> None:
        self.scope, self.receive, self.method = scope, receive, scope["method"]
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1"), value.decode("latin-1"))
        self.headers = headers

    async def stream(self):
        while True:
            message = await self.receive()
            if message["type"] != "http.request":
                return
            yield message.get("body", b"")
            if not message.get("more_body", False):
                return


_VARY = (b"vary", b"Accept")


async def sparql_app(scope, receive, send, state, fallback) -> None:
    """``/sparql`` for GET, HEAD and POST; ``fallback`` (the Starlette application) answers a
    GET without a query: the service description, or the editor for a browser."""
    request = Bare(scope, receive)
    try:
        params: dict[str, list[str]] = {}
        for key, value in await _read_pairs(request, state.config):
            params.setdefault(key, []).append(value)
        if request.method != "POST" and "query" not in params and "update" not in params:
            await fallback(scope, receive, send)
            return
        outcome = await _outcome(request, params, state)
    except ProtocolError as err:
        headers = [PLAIN, NO_STORE]
        if err.retry_after is not None:
            headers.append((b"retry-after", str(err.retry_after).encode()))
        await send_answer(send, err.status, f"{clean(err.message, 400)}\n".encode(), headers)
        return
    await send_answer(send, 200, outcome.body, [(b"content-type", outcome.media.encode()), _VARY])


def _over_limit(over: Exception, config, state) -> ProtocolError:
    """The 503 of a query over a limit; over its time or memory the worker then retires (the
    query's thread cannot be stopped; a failed allocation may leave its heap in pieces)."""
    if isinstance(over, Busy):
        return ProtocolError(
            503,
            "all query threads stayed busy for the whole time limit — retry in a moment",
            retry_after=2,
        )
    state.retire()
    if isinstance(over, TimedOut):
        return ProtocolError(
            503,
            f"the query ran longer than the limit of {config.timeout:g} s "
            "— make it more selective or add a LIMIT",
        )
    return ProtocolError(
        503,
        f"the query needed more than this endpoint's {config.max_query_memory_mb} MiB per query "
        "— make it more selective or add a LIMIT",
    )


async def _outcome(request: Bare, params: dict[str, list[str]], state) -> Answer:
    """The answer to one protocol request (from the cache, or run in a query thread)."""
    config, cache = state.config, state.cache
    job = build_job(params, request, config)
    outcome = cache.get(job) if cache is not None else None
    if outcome is None:
        client = request.scope.get("client")
        key = client[0] if client else "?"
        await state.clients.enter(key)
        try:
            outcome = await state.threads.run(lambda: answer(state.store, job), config.timeout)
        except (TimedOut, OutOfMemory, MemoryError, Busy) as over:
            raise _over_limit(over, config, state) from None
        finally:
            state.clients.leave(key)
        if cache is not None and (isinstance(outcome, Answer) or outcome.status < 500):
            cache.put(job, outcome)
    if isinstance(outcome, Failure):
        raise ProtocolError(outcome.status, outcome.message, outcome.retry_after)
    return outcome
