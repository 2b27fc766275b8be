"""The SPARQL 1.1 Protocol at ``/sparql``: read-only, bounded, content-negotiated.

GET ``?query=``, POST form (``application/x-www-form-urlencoded``) and POST direct
(``application/sparql-query``). Updates get 403, oversized requests 413/414, unknown formats
400/406, syntax errors 400 with line and column, queries over the time limit 503 and results
over the row cap 422 — the server goes on serving everyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.responses import PlainTextResponse, Response

from darmstadt_kg.serve.conneg import FORMAT_ALIASES, GRAPH_TYPES, RESULT_TYPES, choose

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["handle_sparql", "error", "ProtocolError"]


class ProtocolError(Exception):
    """A request the endpoint answers with ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error(status: int, message: str) -> Response:
    """A plain-text error: one line saying what was wrong and what to do."""
    return PlainTextResponse(
        f"{message}\n", status_code=status, headers={"Cache-Control": "no-store"}
    )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise ProtocolError(
                    413,
                    f"request body of {declared} bytes exceeds the limit of "
                    f"{limit} bytes — send a shorter query",
                )
        except ValueError:
            raise ProtocolError(400, "Content-Length is not a number") from None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProtocolError(
                413, f"request body exceeds the limit of {limit} bytes — send a shorter query"
            )
    return bytes(body)


async def read_params(request: Request, limit: int) -> list[tuple[str, str]]:
    """The protocol parameters of a GET or POST request, as (name, value) pairs."""
    raw_query = request.url.query
    if len(raw_query.encode()) > limit:
        raise ProtocolError(414, f"query string exceeds the limit of {limit} bytes — use POST")
    params = parse_qsl(raw_query, keep_blank_values=True)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, limit)
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(
                    body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
                )
            except UnicodeDecodeError:
                raise ProtocolError(400, "form body is not UTF-8") from None
        elif ctype == "application/sparql-query":
            try:
                params.append(("query", body.decode("utf-8")))
            except UnicodeDecodeError:
                raise ProtocolError(400, "query body is not UTF-8") from None
        elif ctype == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        else:
            raise ProtocolError(
                415,
                f"POST needs Content-Type application/sparql-query or "
                f"application/x-www-form-urlencoded, not {ctype or 'none'!r}",
            )
    return params


def is_update(text: str) -> bool:
    """True when ``text`` parses as a SPARQL update (tried on an empty scratch store)."""
    import pyoxigraph as ox

    try:
        ox.Store().update(text)
    except Exception:  # noqa: BLE001 - anything that fails is simply not an update
        return False
    return True


def _pick_format(params: dict[str, list[str]], accept: str | None, graph: bool) -> str:
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    requested = params.get("format") or params.get("output")
    if requested:
        name = FORMAT_ALIASES.get(requested[0].strip().lower())
        if name is None:
            raise ProtocolError(
                400,
                f"unknown format {requested[0]!r} — use one of "
                f"{', '.join([*RESULT_TYPES, *GRAPH_TYPES])}",
            )
        if name not in offered:
            kind = "graph (CONSTRUCT/DESCRIBE)" if graph else "SELECT/ASK"
            raise ProtocolError(
                406,
                f"format {name!r} cannot carry a {kind} result — use one of {', '.join(offered)}",
            )
        return name
    name = choose(accept, offered)
    if name is None:
        raise ProtocolError(
            406,
            f"none of the types in Accept: {accept!r} can carry this "
            f"result — accept one of {', '.join(offered.values())}",
        )
    return name


def _query_kind(text: str) -> bool:
    """True when the query is CONSTRUCT or DESCRIBE (decided after the prologue)."""
    import re

    body = re.sub(r"#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)\s*(CONSTRUCT|DESCRIBE)\b", body))


def _format_or_error(params, accept, graph: bool) -> tuple:
    try:
        name = _pick_format(params, accept, graph)
    except ProtocolError as err:
        return (err.status, err.message)
    return (name, (GRAPH_TYPES if graph else RESULT_TYPES)[name])


async def handle_sparql(request: Request, config, pool) -> Response:
    """Answer one protocol request (the query part; the caller handles the no-query case)."""
    import anyio

    from darmstadt_kg.serve.pool import Job

    pairs = await read_params(request, config.max_request_bytes)
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are not accepted")
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
    accept = request.headers.get("accept")
    requested = params.get("format") or params.get("output")
    if requested and FORMAT_ALIASES.get(requested[0].strip().lower()) is None:
        _pick_format(params, accept, False)  # raises the 400 for an unknown format
    job = Job(
        text=text,
        select_format=_format_or_error(params, accept, False),
        graph_format=_format_or_error(params, accept, True),
        max_rows=config.max_rows,
        default_graphs=params.get("default-graph-uri"),
        named_graphs=params.get("named-graph-uri"),
    )
    cache = pool.cache
    answer = cache.get(job) if cache is not None else None
    if answer is None:
        answer = await anyio.to_thread.run_sync(pool.run, job, config.timeout)
        if cache is not None and answer[0] in {"ok", "error"} and answer[:2] != ("error", 500):
            cache.put(job, answer)
    if answer[0] == "ok":
        return Response(answer[2], media_type=answer[1], headers={"Vary": "Accept"})
    if answer[0] == "timeout":
        raise ProtocolError(
            503,
            f"the query ran longer than the limit of {config.timeout:g} s "
            "— make it more selective or add a LIMIT",
        )
    if answer[0] == "busy":
        raise ProtocolError(
            503, "all query workers stayed busy for the whole time limit — retry in a moment"
        )
    raise ProtocolError(answer[1], answer[2])
