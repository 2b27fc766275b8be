"""Run a query on any SPARQL 1.1 endpoint through SPARQLWrapper, with errors a person can act on.

Three failures are told apart: the endpoint is unreachable (no connection, DNS, timeout), it
refused the query (an HTTP error status), or it answered something that is not a valid result.
"""

from __future__ import annotations

import ast
import urllib.error
from typing import TYPE_CHECKING

import pyoxigraph as ox

from darmstadt_kg import __version__
from darmstadt_kg.credentials import ENV_PASSWORD, ENV_USER
from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.results import collect, from_results
from darmstadt_kg.syntax import query_form, syntax_error

if TYPE_CHECKING:
    from darmstadt_kg.credentials import Credentials
    from darmstadt_kg.results import QueryResult

__all__ = ["RemoteError", "run_remote", "USER_AGENT"]

USER_AGENT = f"darmstadt-kg/{__version__} (+https://w3id.org/darmstadt-kg/; SPARQLWrapper)"


class RemoteError(UserError):
    """The remote endpoint failed; ``reason`` is unreachable, refused or malformed."""

    code = ExitCode.REMOTE

    def __init__(self, endpoint: str, reason: str, detail: str, hint: str) -> None:
        self.endpoint, self.reason = endpoint, reason
        super().__init__(f"{endpoint}: {reason}: {detail} — {hint}")


def _check_syntax(text: str, origin: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), after pyoxigraph has parsed it."""

    try:
        ox.Store().query(text)
    except SyntaxError as err:
        raise syntax_error(text, err, origin) from None
    return query_form(text) or "SELECT"


def run_remote(
    endpoint: str,
    text: str,
    origin: str = "<query>",
    *,
    timeout: float = 60.0,
    credentials: Credentials | None = None,
    auth: str = "digest",
) -> QueryResult:
    """Send ``text`` to ``endpoint`` (GET, or POST when long) and return a ``QueryResult``;
    with ``credentials``, log in by HTTP ``auth`` (``digest`` sends them only when challenged,
    ``basic`` with every request)."""
    # imported here, not at the top: SPARQLWrapper takes ~0.2 s to import (-X importtime: 222 ms
    # with what it pulls in), which every local `darmstadt-kg query` would otherwise pay
    from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    kind = _check_syntax(text, origin)
    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setTimeout(int(max(1, timeout)))
    client.setQuery(text)
    if credentials is not None:
        client.setHTTPAuth(DIGEST if auth == "digest" else BASIC)
        client.setCredentials(credentials.user, credentials.password)
    if len(text) > 1500:
        client.setMethod(POST)
    graph_query = kind in {"CONSTRUCT", "DESCRIBE"}
    client.setReturnFormat(TURTLE if graph_query else JSON)
    try:
        response = client.query()
        raw = response.response.read()
    except urllib.error.HTTPError as err:
        body = err.read()[:300].decode("utf-8", "replace").strip().splitlines()
        first = body[0] if body else err.reason
        raise RemoteError(
            endpoint,
            "the endpoint refused the query",
            f"HTTP {err.code} {first}",
            _hint(err.code, credentials),
        ) from None
    except SPARQLWrapperException as err:
        status = _STATUS.get(type(err).__name__, "")
        body = _response_text(str(err))
        first = next(
            (line.strip() for line in body.splitlines() if line.strip()), type(err).__name__
        )
        raise RemoteError(
            endpoint,
            "the endpoint refused the query",
            f"HTTP {status} {first[:200]}".replace("HTTP  ", "HTTP "),
            _hint(int(status or 0), credentials),
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise RemoteError(
            endpoint,
            "the endpoint is unreachable",
            str(reason),
            "check the URL, that the server runs, and the network",
        ) from None
    try:
        if graph_query:
            return collect(ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=endpoint))
        return from_results(raw, "json")
    except Exception as err:  # noqa: BLE001 - anything here means the answer was not a result
        snippet = " ".join(raw[:120].decode("utf-8", "replace").split())
        raise RemoteError(
            endpoint,
            "the endpoint answered malformed",
            f"{type(err).__name__}: {snippet!r}",
            "is the URL a SPARQL endpoint (e.g. …/sparql)?",
        ) from None


def _hint(status: int, credentials: Credentials | None) -> str:
    """What to do about an HTTP error status."""
    if status in (401, 403) and credentials is None:
        return (
            "the endpoint wants a login: add --auth digest (or basic) and set "
            f"{ENV_USER} and {ENV_PASSWORD}, or give --credentials-file"
        )
    if status in (401, 403):
        return (
            f"check the user name and password ({ENV_USER}/{ENV_PASSWORD} or the file) and --auth"
        )
    return "check the query, the URL and the endpoint's limits"


def _response_text(message: str) -> str:
    """The server's answer that SPARQLWrapper appends to its message as ``Response: b'…'``."""

    _, _, tail = message.partition("Response:")
    tail = tail.strip()
    try:
        value = ast.literal_eval(tail)
    except (ValueError, SyntaxError):
        return tail
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


_STATUS = {
    "QueryBadFormed": "400",
    "Unauthorized": "401",
    "EndPointNotFound": "404",
    "URITooLong": "414",
    "EndPointInternalError": "500",
}
