"""Push the graph into a named graph of an existing SPARQL 1.1 triple store.

How the old graph is replaced — upload to a staging graph, then swap:

1. ``PUT`` the whole graph (Graph Store HTTP Protocol) into a fresh staging graph
   ``<GRAPH>/staging/<random>``;
2. count the staging graph's triples through the query endpoint and compare with the graph;
3. one SPARQL Update request ``MOVE GRAPH <staging> TO GRAPH <GRAPH>``, which the engines run as
   one transaction.

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
(``user:password`` on its first line); they are never taken from the command line nor printed.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from darmstadt_kg.errors import ExitCode, UserError

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Profile",
    "PROFILES",
    "Credentials",
    "StoreError",
    "PushReport",
    "load_credentials",
    "push_graph",
    "push_data",
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_CREDENTIALS_FILE",
]

ENV_USER = "DARMSTADT_KG_STORE_USER"
ENV_PASSWORD = "DARMSTADT_KG_STORE_PASSWORD"
ENV_CREDENTIALS_FILE = "DARMSTADT_KG_STORE_CREDENTIALS"


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


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = ""

    def __repr__(self) -> str:  # never show the password
        return f"Credentials(user={self.user!r}, password=***)"


@dataclass(frozen=True)
class PushReport:
    url: str
    graph: str
    triples: int
    seconds: float


def load_credentials(profile: Profile, file: Path | None = None) -> Credentials | None:
    """From ``file`` (or ``$DARMSTADT_KG_STORE_CREDENTIALS``), else the environment; ``None`` if
    no password is given anywhere (the store is then used without authentication)."""
    path = file or (
        Path(os.environ[ENV_CREDENTIALS_FILE]) if os.environ.get(ENV_CREDENTIALS_FILE) else None
    )
    if path is not None:
        try:
            first = next((ln for ln in path.read_text(encoding="utf-8").splitlines() if ln), "")
        except OSError as err:
            raise UserError(
                f"{path}: cannot read the credentials file ({err.strerror or err})",
                ExitCode.NOT_FOUND,
            ) from None
        user, sep, password = first.partition(":")
        if not sep or not user:
            raise UserError(f"{path}: the first line must be user:password", ExitCode.USAGE)
        return Credentials(user, password)
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        return None
    return Credentials(os.environ.get(ENV_USER) or profile.user, password)


def _opener(profile: Profile, url: str, creds: Credentials | None, auth: str):
    import urllib.request

    handlers: list = []
    if creds is not None and auth == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, creds.user, creds.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _reason(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    match = re.search(r"<xmp>(.*?)</xmp>", text, re.S)
    if match:
        text = match.group(1)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] or "no message"


class _Client:
    """HTTP with the store: one method per step, each turning failures into StoreError."""

    def __init__(
        self, profile: Profile, base: str, creds: Credentials | None, auth: str, timeout: float
    ) -> None:
        self.profile, self.creds, self.auth, self.timeout = profile, creds, auth, timeout
        self.base = base.rstrip("/")
        self.opener = _opener(profile, self.base + "/", creds, auth)

    def url(self, template: str) -> str:
        return template.format(base=self.base)

    def request(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str], what: str
    ) -> bytes:
        import base64
        import urllib.error
        import urllib.request

        headers = dict(headers)
        if self.creds is not None and self.auth == "basic":
            token = f"{self.creds.user}:{self.creds.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        shown = url.split("?", 1)[0]
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                who = f"user {self.creds.user!r}" if self.creds else "anonymous access"
                raise StoreError(
                    f"{shown}: the store refused {who} (HTTP {err.code}) while {what} — check "
                    f"{ENV_USER}/{ENV_PASSWORD} or the credentials file, and --auth"
                ) from None
            raise StoreError(
                f"{shown}: the store refused {what} (HTTP {err.code}: {_reason(err.read() or b'')})"
            ) from None
        except urllib.error.URLError as err:
            raise StoreError(
                f"{shown}: cannot reach the store while {what} ({err.reason}) — is it running, "
                "and is --url right?"
            ) from None
        except (OSError, ValueError) as err:  # reset connection, timeout, bad URL
            raise StoreError(
                f"{shown}: the connection failed while {what} ({type(err).__name__}: {err})"
            ) from None

    def put(self, graph: str, data: bytes, method: str = "PUT") -> None:
        """``PUT`` replaces the graph, ``POST`` adds to it (Graph Store HTTP Protocol)."""
        url = self.url(self.profile.gsp) + "?" + urlencode({self.profile.graph_param: graph})
        self.request(
            method,
            url,
            data,
            {"Content-Type": "text/turtle; charset=utf-8"},
            "uploading the staging graph",
        )

    def count(self, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        body = self.request(
            "POST",
            self.url(self.profile.query),
            urlencode({"query": query}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            "counting the uploaded triples",
        )
        try:
            bindings = json.loads(body)["results"]["bindings"]
            return int(bindings[0]["n"]["value"]) if bindings else 0
        except (ValueError, KeyError, IndexError) as err:
            raise StoreError(f"the store's count answer was not SPARQL JSON ({err})") from None

    def update(self, text: str, what: str) -> None:
        self.request(
            "POST",
            self.url(self.profile.update),
            urlencode({self.profile.update_param: text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
            what,
        )


def chunks(data: bytes, chunk_bytes: int) -> list[bytes]:
    """``data`` (Turtle) as one body, or as N-Triples bodies of at most ~``chunk_bytes`` each.

    Virtuoso drops the connection on a single upload of ~150 MB (10^6 triples, seen in the
    benchmarks); smaller bodies added one after the other into the staging graph go through.
    """
    if len(data) <= chunk_bytes:
        return [data]
    import pyoxigraph as ox

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


def push_data(
    data: bytes,
    triples: int,
    base_url: str,
    *,
    profile: str = "virtuoso",
    graph: str | None = None,
    credentials: Credentials | None = None,
    auth: str | None = None,
    timeout: float = 120.0,
    chunk_bytes: int = 16 * 1024 * 1024,
) -> PushReport:
    """Replace ``graph`` in the store with ``data`` (Turtle holding ``triples`` triples)."""
    from darmstadt_kg.publish import GRAPH_IRI

    if profile not in PROFILES:
        raise UserError(
            f"unknown store profile {profile!r} — use one of {', '.join(sorted(PROFILES))}",
            ExitCode.USAGE,
        )
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--url {base_url!r} is not an http(s) URL", ExitCode.USAGE)
    if "@" in parts.netloc:
        raise UserError(
            "--url must not hold credentials — set them in the environment or a credentials file",
            ExitCode.USAGE,
        )
    chosen = PROFILES[profile]
    target = graph or GRAPH_IRI
    client = _Client(chosen, base_url, credentials, auth or chosen.auth, timeout)
    started = time.monotonic()
    staging = f"{target}/staging/{uuid.uuid4().hex}"
    try:
        for n, body in enumerate(chunks(data, chunk_bytes)):
            client.put(staging, body, "PUT" if n == 0 else "POST")
        found = client.count(staging)
        if found != triples:
            raise StoreError(
                f"the store holds {found} of {triples} uploaded triples in the staging graph — "
                f"nothing was replaced; <{target}> is unchanged"
            )
        client.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", "swapping the graphs")
    except StoreError:
        try:
            client.update(f"DROP SILENT GRAPH <{staging}>", "dropping the staging graph")
        except StoreError:
            pass
        raise
    return PushReport(base_url, target, triples, time.monotonic() - started)


def push_graph(data_graph: rdflib.Graph, base_url: str, /, **options) -> PushReport:
    """Push an rdflib graph (normally :func:`darmstadt_kg.load.get_rdflib_graph`)."""
    from darmstadt_kg.publish.dumps import serialise

    return push_data(serialise(data_graph, "nt"), len(data_graph), base_url, **options)
