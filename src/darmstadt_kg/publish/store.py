"""Push the graph into a named graph of an existing SPARQL 1.1 triple store.

Every graph the store holds is pushed: its default graph into ``--graph`` (default
``https://w3id.org/darmstadt-kg/graph``), each named graph into the graph of the same IRI.
How the old graphs are replaced — upload to staging graphs, then swap:

0. authenticate with a small request (digest authentication needs a challenge first; sending a
   large body unauthenticated makes Virtuoso answer 401 and reset the connection), and drop
   the staging graphs earlier pushes left behind (``<GRAPH>/staging/…``);
1. upload each graph into a fresh staging graph ``<GRAPH>/staging/<random>`` (Graph Store
   HTTP Protocol: ``PUT``, then ``POST`` for further chunks of ``--chunk-size`` bytes);
2. count each staging graph's triples through the query endpoint and compare;
3. one SPARQL Update request of ``MOVE GRAPH <staging> TO GRAPH <GRAPH>`` operations;
4. drop any staging graph left (also after a failure, unless the store stopped answering:
   then the next push drops them);
5. make the change durable where the store does not on its own: Virtuoso keeps changes in
   memory and its transaction log, and Debian's 7.2.5 killed (``kill -9``) after a push that
   had reported success came back with 15,157 of 100,000 pushed triples (the issue measured
   1,389 triples of the project's graph lost); so the push ends with Virtuoso's ``checkpoint``
   (``publish/queries/store-checkpoint-virtuoso.rq``) and reports success only when it
   answered. Fuseki (TDB2) and GraphDB make each committed update durable themselves.

Every failure is one line that says which graphs the targets now hold: the old ones (nothing
was replaced), the new ones, or — when the connection broke during the swap and the store
cannot be asked — that it is unknown. Graph IRIs are checked as IRIs before anything is sent,
so no IRI can smuggle an update into the SPARQL text.

A single ``PUT`` straight into the target is *not* enough: Virtuoso 7.2 loads the body as it
parses it, so a body that breaks at line 40,001 leaves 40,000 triples and no old graph (seen
with Debian's 7.2.5). With staging, any failure before step 3 leaves the target untouched and
the staging graph is dropped again (best effort). While step 1 runs, the staging graph is
visible to queries over *all* graphs (Virtuoso's default when no ``FROM`` is given).

Engines (``--profile``; ``--url`` is the base URL):

- Virtuoso (reference, ``scripts/virtuoso.sh``): ``--url http://HOST:8890``; writes go to
  ``/sparql-graph-crud-auth`` (GSP) and ``/sparql-auth`` (update), digest auth, user ``dba``;
  reads to ``/sparql``.
- Apache Jena Fuseki: ``--url http://HOST:3030/DATASET``; ``/data`` (GSP), ``/update``,
  ``/query``; basic auth as configured with ``--passwd``/``shiro.ini`` (``--auth digest`` if
  Fuseki runs with ``--auth=digest``); the dataset must be updatable (TDB2 gives transactions).
- GraphDB: ``--url http://HOST:7200/repositories/REPO``; ``/rdf-graphs/service`` (GSP),
  ``/statements`` (update), the repository URL (query); basic auth when security is on.

Credentials come from ``DARMSTADT_KG_STORE_USER`` / ``DARMSTADT_KG_STORE_PASSWORD`` or a file
(``user:password`` on its first line, not readable by other users); they are never taken from the
command line nor printed, and a ``--url`` holding a user name or password is refused without
being echoed.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox

from darmstadt_kg import paths
from darmstadt_kg.credentials import (
    ENV_CREDENTIALS_FILE,
    ENV_PASSWORD,
    ENV_USER,
    Credentials,
    load_credentials,
)
from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.publish import GRAPH_IRI
from darmstadt_kg.publish.dumps import serialise
from darmstadt_kg.redact import redact

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = [
    "StoreHung",
    "Profile",
    "PROFILES",
    "Credentials",
    "StoreError",
    "PushReport",
    "load_credentials",
    "push_graph",
    "push_data",
    "push_store",
    "PushOptions",
    "check_iri",
    "chunks",
    "DEFAULT_CHUNK_BYTES",
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_CREDENTIALS_FILE",
]


DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024
"""Bytes of N-Triples per upload request: small enough for every engine tried (Virtuoso reset
single bodies of ~150 MB), large enough that 10^6 triples take ~40 requests."""


@dataclass(frozen=True)
class Profile:
    """Where an engine keeps its endpoints, relative to a base URL, and how it authenticates."""

    name: str
    gsp: str  # Graph Store Protocol endpoint
    graph_param: str  # its query parameter naming the graph
    update: str  # SPARQL Update endpoint
    update_param: str  # the form field the update goes in
    query: str  # SPARQL query endpoint
    auth: str  # "digest" or "basic"
    user: str  # the usual administrator
    example: str  # an example base URL
    checkpoint: str = ""  # a query file (publish/queries/) that makes the writes durable


PROFILES: dict[str, Profile] = {
    # Virtuoso: base http://HOST:8890; writes need the "-auth" endpoints (digest, user dba).
    "virtuoso": Profile(
        "virtuoso",
        "{base}/sparql-graph-crud-auth",
        "graph-uri",
        "{base}/sparql-auth",
        "query",
        "{base}/sparql",
        "digest",
        "dba",
        "http://127.0.0.1:8890",
        "store-checkpoint-virtuoso.rq",
    ),
    # Apache Jena Fuseki: base http://HOST:3030/DATASET; basic auth (shiro.ini or --passwd).
    "fuseki": Profile(
        "fuseki",
        "{base}/data",
        "graph",
        "{base}/update",
        "update",
        "{base}/query",
        "basic",
        "admin",
        "http://127.0.0.1:3030/darmstadt-kg",
    ),
    # GraphDB: base http://HOST:7200/repositories/REPO; basic auth when security is on.
    "graphdb": Profile(
        "graphdb",
        "{base}/rdf-graphs/service",
        "graph",
        "{base}/statements",
        "update",
        "{base}",
        "basic",
        "admin",
        "http://127.0.0.1:7200/repositories/darmstadt-kg",
    ),
}


class StoreError(UserError):
    """The store could not be reached, refused the credentials or refused a request."""

    code = ExitCode.REMOTE


class StoreHung(StoreError):
    """The store did not answer a request within the time limit (or timed the request out
    itself): asking it anything more about the same graph would wait as long again."""


@dataclass(frozen=True)
class PushReport:
    url: str
    graph: str  # the first target graph
    triples: int
    seconds: float
    graphs: tuple[str, ...] = ()  # every target graph


def _reason(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    match = re.search(r"<xmp>(.*?)</xmp>", text, re.S)
    if match:
        text = match.group(1)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] or "no message"


def check_iri(iri: str, what: str = "--graph") -> str:
    """``iri`` if it is an absolute IRI (RFC 3987, as pyoxigraph checks it), else a UserError.

    ``<``, ``>``, ``"``, spaces and the like are not allowed in an IRI, so an IRI that passes
    cannot close the ``<…>`` it is written in and add SPARQL of its own.
    """

    try:
        ox.NamedNode(iri)
    except ValueError:
        raise UserError(
            f'{what} {iri!r} is not an absolute IRI (RFC 3987; no spaces, <, >, ", {{, }}) — '
            "give one such as https://example.org/graph",
            ExitCode.USAGE,
        ) from None
    if any(c in iri for c in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in iri):
        raise UserError(f"{what} {iri!r} holds a character not allowed in an IRI", ExitCode.USAGE)
    return iri


def _query_file(name: str) -> str:
    path = paths.package_resource("publish", "queries", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#+"))


class _Client:
    """HTTP with the store (httpx): one method per step, each turning failures into StoreError.

    Digest authentication is httpx's own: after the first challenge it authenticates every
    request up front, so large bodies are never sent unauthenticated.
    """

    def __init__(
        self, profile: Profile, base: str, creds: Credentials | None, auth: str, timeout: float
    ) -> None:
        self.profile, self.creds = profile, creds
        self.base = base.rstrip("/")
        credentials = None
        if creds is not None:
            credentials = (httpx.DigestAuth if auth == "digest" else httpx.BasicAuth)(
                creds.user, creds.password
            )
        self.http = httpx.Client(auth=credentials, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def url(self, template: str) -> str:
        return template.format(base=self.base)

    def request(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str], what: str
    ) -> bytes:
        shown = url.split("?", 1)[0]
        try:
            response = self.http.request(method, url, content=data, headers=headers)
        except httpx.ConnectError as err:
            raise StoreError(
                f"{shown}: cannot reach the store while {what} ({err}) — is it running, "
                "and is --url right?"
            ) from None
        except httpx.TimeoutException as err:
            raise StoreHung(
                f"{shown}: the store did not answer within {self.http.timeout.read:g} s while "
                f"{what} ({type(err).__name__})"
            ) from None
        except (httpx.HTTPError, OSError, ValueError) as err:  # reset, bad URL
            raise StoreError(
                f"{shown}: the connection failed while {what} ({type(err).__name__}: {err})"
            ) from None
        if response.status_code in (401, 403):
            who = f"user {self.creds.user!r}" if self.creds else "anonymous access"
            raise StoreError(
                f"{shown}: the store refused {who} (HTTP {response.status_code}) while {what} — "
                f"check {ENV_USER}/{ENV_PASSWORD} or the credentials file, and --auth"
            )
        if response.status_code >= 300:
            # Virtuoso's "SR171 Transaction timed out": its own time limit, as good as a hang
            hung = b"SR171" in response.content
            raise (StoreHung if hung else StoreError)(
                f"{shown}: the store refused {what} "
                f"(HTTP {response.status_code}: {_reason(response.content)})"
            )
        return response.content

    def put(self, graph: str, data: bytes, method: str = "PUT") -> None:
        """``PUT`` replaces the graph, ``POST`` adds to it (Graph Store HTTP Protocol)."""
        url = self.url(self.profile.gsp) + "?" + urlencode({self.profile.graph_param: graph})
        ctype = "text/turtle; charset=utf-8"
        self.request(method, url, data, {"Content-Type": ctype}, "uploading a staging graph")

    def select(self, query: str, what: str) -> list[dict]:
        body = self.request(
            "POST",
            self.url(self.profile.query),
            urlencode({"query": query}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            what,
        )
        try:
            return json.loads(body)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(
                f"the store's answer while {what} was not SPARQL JSON ({err})"
            ) from None

    def count(self, graph: str) -> int:
        query = _query_file("store-count.rq").replace("?graph", f"<{check_iri(graph)}>")
        rows = self.select(query, "counting the uploaded triples")
        try:
            return int(rows[0]["n"]["value"]) if rows else 0
        except (ValueError, KeyError) as err:
            raise StoreError(f"the store's count answer was not a number ({err})") from None

    def staging_graphs(self, target: str) -> list[str]:
        prefix = check_iri(target) + "/staging/"
        query = _query_file("store-staging-graphs.rq").replace("?prefix", f'"{prefix}"')
        rows = self.select(query, "looking for staging graphs of earlier pushes")
        return sorted(r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri")

    def update(self, text: str, what: str) -> None:
        self.request(
            "POST",
            self.url(self.profile.update),
            urlencode({self.profile.update_param: text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
            what,
        )

    def drop(self, graphs: list[str], what: str) -> None:
        if graphs:
            text = " ;\n".join(f"DROP SILENT GRAPH <{check_iri(g)}>" for g in graphs)
            self.update(text, what)


def chunks(data: bytes, chunk_bytes: int) -> list[bytes]:
    """``data`` (Turtle) as one body, or as N-Triples bodies of at most ~``chunk_bytes`` each.

    Virtuoso drops the connection on a single upload of ~150 MB (10^6 triples, seen in the
    benchmarks); smaller bodies added one after the other into the staging graph go through.
    """
    if len(data) <= chunk_bytes:
        return [data]

    quads = ox.parse(data, format=ox.RdfFormat.TURTLE)
    lines = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    out: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for line in lines:
        if size + len(line) > chunk_bytes and current:
            out.append(b"".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
    if current:
        out.append(b"".join(current))
    return out


def _check_url(base_url: str) -> None:
    parts = urlsplit(base_url)
    if redact(base_url) != base_url or "@" in parts.netloc:
        raise UserError(
            "--url holds a user name or password (not shown) — remove it and set them in "
            f"{ENV_USER}/{ENV_PASSWORD} or a credentials file",
            ExitCode.USAGE,
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--url {base_url!r} is not an http(s) URL", ExitCode.USAGE)


def _names(graphs: list[str]) -> str:
    return ", ".join(f"<{g}>" for g in graphs)


@dataclass(frozen=True)
class _Part:
    target: str
    data: bytes
    triples: int


def _push(parts: list[_Part], base_url: str, how: PushOptions) -> PushReport:
    profile, chunk = how.profile, how.chunk_bytes
    if profile not in PROFILES:
        raise UserError(
            f"unknown store profile {profile!r} — use one of {', '.join(sorted(PROFILES))}",
            ExitCode.USAGE,
        )
    _check_url(base_url)
    if chunk < 1024:
        raise UserError(f"--chunk-size {chunk} is too small (at least 1 KiB)", ExitCode.USAGE)
    targets = [check_iri(p.target) for p in parts]
    doubled = sorted({t for t in targets if targets.count(t) > 1})
    if doubled:
        raise UserError(
            f"two graphs of the store would go into {_names(doubled)} — give --graph another IRI",
            ExitCode.USAGE,
        )
    chosen = PROFILES[profile]
    client = _Client(chosen, base_url, how.credentials, how.auth or chosen.auth, how.timeout)
    run = uuid.uuid4().hex
    staging = {p.target: f"{p.target}/staging/{run}" for p in parts}
    old = f"nothing was replaced: {_names(targets)} still hold the old graphs"
    started = time.monotonic()
    try:
        try:
            # A small authenticated request first (also checks the credentials), then clean up.
            client.drop(list(staging.values()), "authenticating")
            leftovers = [g for t in targets for g in client.staging_graphs(t)]
            client.drop(leftovers, "dropping staging graphs of earlier pushes")
            for part in parts:
                for n, body in enumerate(chunks(part.data, chunk)):
                    client.put(staging[part.target], body, "PUT" if n == 0 else "POST")
                found = client.count(staging[part.target])
                if found != part.triples:
                    raise StoreError(
                        f"the store holds {found} of {part.triples} uploaded triples in a "
                        f"staging graph for <{part.target}>"
                    )
        except StoreHung as err:  # dropping the staging graph would hang as well
            # Seen with Debian's Virtuoso 7.2 in 10 of 36 uploads of 300,000 triples into a new
            # instance: its lookup of the just-loaded graph in the RDF_QUAD_GS index never
            # returns (the count spins until SR171), every later request about that graph (DROP
            # too) hangs the same way and asking again never helped; a restart ended it (the
            # next push may meet it again).
            raise StoreHung(
                f"{err} — if the store is Virtuoso 7.2, it was seen to hang on a graph it had "
                f"just loaded: restart it (that ended the hang) and push again — {old}; the "
                f"staging graphs {_names(list(staging.values()))} are left, the next push "
                "drops them"
            ) from None
        except StoreError as err:
            _drop_quietly(client, list(staging.values()))
            raise StoreError(f"{err} — {old}") from None
        moves = " ;\n".join(f"MOVE GRAPH <{staging[t]}> TO GRAPH <{t}>" for t in targets)
        try:
            client.update(moves, "swapping the graphs")
        except StoreHung as err:  # asking the store what it holds now would hang as well
            raise StoreHung(
                f"{err} — the store cannot be asked whether {_names(targets)} hold the old or "
                "the new graphs — restart it and check before relying on them"
            ) from None
        except StoreError as err:
            state = _state_after_failed_move(client, parts, staging)
            _drop_quietly(client, list(staging.values()))
            raise StoreError(f"{err} — {state}") from None
        try:
            left = [g for t in targets for g in client.staging_graphs(t)]
            client.drop(left, "dropping staging graphs")
        except StoreError as err:
            raise StoreError(
                f"{err} — {_names(targets)} hold the new graphs, but staging graphs may be "
                "left: the next push drops them"
            ) from None
        _make_durable(client, targets)
    finally:
        client.close()
    total = sum(p.triples for p in parts)
    return PushReport(base_url, targets[0], total, time.monotonic() - started, tuple(targets))


def _make_durable(client: _Client, targets: list[str]) -> None:
    """The profile's checkpoint, if it has one; a failure says what is at risk."""
    if not client.profile.checkpoint:
        return
    try:
        client.update(
            _query_file(client.profile.checkpoint), "writing the graphs to disk (checkpoint)"
        )
    except StoreError as err:
        raise StoreError(
            f"{err} — {_names(targets)} hold the new graphs, but the store did not confirm "
            "they are on disk: a crash of the store may lose them — push again, or checkpoint "
            "the store yourself (Virtuoso: isql-vt … exec='checkpoint;')"
        ) from None


def _drop_quietly(client: _Client, graphs: list[str]) -> None:
    try:
        client.drop(graphs, "dropping the staging graphs")
    except StoreError:
        pass


def _state_after_failed_move(client: _Client, parts: list[_Part], staging: dict) -> str:
    """Which graphs the targets hold after the swap request failed, as far as the store says."""
    try:
        moved = [client.count(staging[p.target]) == 0 for p in parts]
    except StoreError:
        return (
            f"the store cannot be asked whether {_names([p.target for p in parts])} hold the "
            "old or the new graphs — check before relying on them"
        )
    if not any(moved):
        return (
            f"nothing was replaced: {_names([p.target for p in parts])} still hold the old graphs"
        )
    if all(moved):
        return f"{_names([p.target for p in parts])} hold the new graphs"
    new = [p.target for p, m in zip(parts, moved, strict=True) if m]
    kept = [p.target for p, m in zip(parts, moved, strict=True) if not m]
    return f"{_names(new)} hold the new graphs, {_names(kept)} still the old ones — push again"


@dataclass(frozen=True)
class PushOptions:
    """How a push goes: the keyword options of :func:`push_data`, :func:`push_store` and
    :func:`push_graph` (one definition for the three)."""

    profile: str = "virtuoso"
    graph: str | None = None  # the target of the (default) graph; ``GRAPH_IRI`` when unset
    credentials: Credentials | None = None
    auth: str | None = None  # "basic" or "digest"; the profile's when unset
    timeout: float = 120.0
    chunk_bytes: int = DEFAULT_CHUNK_BYTES

    @property
    def target(self) -> str:
        return self.graph or GRAPH_IRI


def push_data(data: bytes, triples: int, base_url: str, /, **options) -> PushReport:
    """Replace the graph ``graph=`` in the store with ``data`` (N-Triples or Turtle holding
    ``triples`` triples); ``options`` are the fields of :class:`PushOptions`."""
    how = PushOptions(**options)
    return _push([_Part(how.target, data, triples)], base_url, how)


def push_store(store: pyoxigraph.Store, base_url: str, /, **options) -> PushReport:
    """Push every graph ``store`` holds: its default graph into ``graph=`` (default
    :data:`darmstadt_kg.publish.GRAPH_IRI`), each named graph into the graph of its IRI;
    ``options`` are the fields of :class:`PushOptions`."""

    how = PushOptions(**options)
    if how.graph is not None:
        check_iri(how.graph)  # refused before anything is sent, whatever the store holds
    parts: list[_Part] = []
    sources = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]
    for source in sources:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)
        if not data:
            continue
        target = how.target if isinstance(source, ox.DefaultGraph) else source.value
        parts.append(_Part(target, data, data.count(b"\n")))
    if not parts:
        raise UserError("the store holds no triples — nothing to push", ExitCode.USAGE)
    return _push(parts, base_url, how)


def push_graph(data_graph: rdflib.Graph, base_url: str, /, **options) -> PushReport:
    """Push an rdflib graph into one named graph (``graph=``, default ``GRAPH_IRI``)."""

    return push_data(serialise(data_graph, "nt"), len(data_graph), base_url, **options)
