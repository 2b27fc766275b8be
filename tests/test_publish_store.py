"""Pushing into a store: a small in-process Graph Store (Fuseki's URL layout, basic auth, backed by
pyoxigraph) that can fail at each step; the target graph must survive every failure."""

from __future__ import annotations

import base64
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.publish import GRAPH_IRI
from darmstadt_kg.publish.store import (
    PROFILES,
    Credentials,
    StoreError,
    StoreHung,
    check_iri,
    load_credentials,
    push_graph,
    push_store,
)
from tests.cli import run_cli

USER, PASSWORD = "admin", "correct horse battery"
OLD = ox.Quad(
    ox.NamedNode("urn:old"), ox.NamedNode("urn:p"), ox.Literal("old"), ox.NamedNode(GRAPH_IRI)
)


class FakeStore(BaseHTTPRequestHandler):
    store: ox.Store
    mode = ""
    puts = 0
    posts = 0

    def log_message(self, *args):  # quiet
        pass

    def _authorised(self) -> bool:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {token}":
            self._reply(401, b"unauthorised")
            return False
        return True

    def _reply(self, code: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_PUT(self):  # noqa: N802
        body = self._body()
        if not self._authorised():
            return
        type(self).puts += 1
        graph = ox.NamedNode(parse_qs(urlsplit(self.path).query)["graph"][0])
        if self.mode == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.mode == "put-500":
            return self._reply(500, b"disk full")
        if graph in list(self.store.named_graphs()):
            self.store.remove_graph(graph)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(body, format=ox.RdfFormat.TURTLE)
        ]
        if self.mode == "partial":  # loads as it parses, like Virtuoso: half, then "success"
            quads = quads[: len(quads) // 2]
        self.store.extend(quads)
        self._reply(201)

    def do_POST(self):  # noqa: N802
        form_body = self._body()
        form = {k: v[0] for k, v in parse_qs(form_body.decode()).items()}
        path = urlsplit(self.path).path
        if path.endswith("/query"):
            if self.mode in ("count-hangs", "count-sr171") and "COUNT" in form["query"]:
                type(self).hung_counts += 1
                if self.mode == "count-sr171":  # Virtuoso's own time limit, as it answers it
                    return self._reply(500, b"Virtuoso S1T00 Error SR171: Transaction timed out")
                time.sleep(3)  # longer than the client's time limit
                return self._reply(200, b"")
            result = self.store.query(form["query"])
            data = result.serialize(format=ox.QueryResultsFormat.JSON)
            return self._reply(200, data, "application/sparql-results+json")
        if not self._authorised():
            return
        if path.endswith("/data"):  # Graph Store Protocol POST: add to the graph
            type(self).posts += 1
            graph = ox.NamedNode(parse_qs(urlsplit(self.path).query)["graph"][0])
            self.store.extend(
                ox.Quad(t.subject, t.predicate, t.object, graph)
                for t in ox.parse(form_body, format=ox.RdfFormat.TURTLE)
            )
            return self._reply(204)
        type(self).updates.append(form["update"])
        if self.mode == "update-500" and "MOVE" in form["update"]:
            return self._reply(500, b"<html><body><xmp>transaction aborted</xmp></body></html>")
        if self.mode == "move-lost" and "MOVE" in form["update"]:
            self.connection.shutdown(socket.SHUT_RDWR)  # the swap never ran
            return
        self.store.update(form["update"])
        if self.mode == "move-done-lost" and "MOVE" in form["update"]:
            self.connection.shutdown(socket.SHUT_RDWR)  # the swap ran, the answer is lost
            return
        self._reply(200)


@contextmanager
def _serving(base: type[FakeStore], **attributes) -> Iterator[tuple[type[FakeStore], str]]:
    """A fresh subclass of ``base`` (its own empty store) served on a free port of 127.0.0.1 in
    a thread; yields the class and the dataset URL."""
    fresh = {
        "store": ox.Store(),
        "mode": "",
        "puts": 0,
        "posts": 0,
        "hung_counts": 0,
        "updates": [],
        **attributes,
    }
    handler = type("Handler", (base,), fresh)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/ds"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fake():
    with _serving(FakeStore) as (handler, url):
        handler.store.add(OLD)
        yield handler, url


def _target(handler) -> set:
    return {
        q.triple for q in handler.store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_IRI))
    }


def _published(handler) -> set:
    """The triples of the project's three named graphs in the fake store (their union)."""
    from darmstadt_kg.namespaces import GRAPHS

    return {
        q.triple
        for iri in GRAPHS.values()
        for q in handler.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
    }


def _graphs(handler) -> list[str]:
    return sorted(g.value for g in handler.store.named_graphs())


def test_push_replaces_the_graph_and_leaves_no_staging(fake):
    handler, url = fake
    report = push_graph(
        get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD)
    )
    assert report.triples == len(get_rdflib_graph())
    target = _target(handler)
    assert len(target) == len(get_rdflib_graph())
    assert OLD.triple not in target
    assert _graphs(handler) == [GRAPH_IRI]


@pytest.mark.parametrize("mode", ["put-500", "partial", "update-500", "drop", "move-lost"])
def test_failure_part_way_keeps_the_old_graph_says_so_and_leaves_no_staging(fake, mode):
    handler, url = fake
    handler.mode = mode
    with pytest.raises(StoreError) as err:
        push_graph(
            get_rdflib_graph(),
            url,
            profile="fuseki",
            credentials=Credentials(USER, PASSWORD),
            timeout=10,
        )
    assert err.value.code == ExitCode.REMOTE
    assert "\n" not in str(err.value)
    assert str(err.value).endswith(f"nothing was replaced: <{GRAPH_IRI}> still hold the old graphs")
    assert _target(handler) == {OLD.triple}
    assert _graphs(handler) == [GRAPH_IRI]  # the staging graph was dropped again


def test_a_swap_whose_answer_is_lost_says_the_new_graph_is_in_place(fake):
    handler, url = fake
    handler.mode = "move-done-lost"
    with pytest.raises(StoreError) as err:
        push_graph(
            get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD)
        )
    assert "swapping the graphs" in str(err.value)
    assert str(err.value).endswith(f"<{GRAPH_IRI}> hold the new graphs")
    assert len(_target(handler)) == len(get_rdflib_graph())
    assert _graphs(handler) == [GRAPH_IRI]


@pytest.mark.parametrize("mode", ["count-hangs", "count-sr171"])
def test_a_store_that_hangs_on_the_count_is_asked_nothing_more_and_the_push_says_so(fake, mode):
    """Debian's Virtuoso 7.2 at times hangs on a graph it has just loaded (until SR171, or past
    the client's limit) and on every later request about it: push asks once, drops nothing,
    and says in one line that nothing was replaced, what is left and what to do."""
    handler, url = fake
    handler.mode = mode
    with pytest.raises(StoreHung) as err:
        push_graph(
            get_rdflib_graph(),
            url,
            profile="fuseki",
            credentials=Credentials(USER, PASSWORD),
            timeout=1,
        )
    message = str(err.value)
    assert err.value.code == ExitCode.REMOTE and "\n" not in message
    assert "counting the uploaded triples" in message
    assert ("did not answer within 1 s" if mode == "count-hangs" else "SR171") in message
    assert "restart it (that ended the hang) and push again" in message
    assert f"nothing was replaced: <{GRAPH_IRI}> still hold the old graphs" in message
    assert message.endswith("are left, the next push drops them")
    assert handler.hung_counts == 1  # asked once, not again and again
    staging = [g for g in _graphs(handler) if g != GRAPH_IRI]
    assert len(staging) == 1 and f"<{staging[0]}>" in message  # named, and left alone:
    drops = [u for u in handler.updates if "DROP" in u and staging[0] in u]
    assert len(drops) == 1  # only the first request's (authenticating, before the upload)
    assert _target(handler) == {OLD.triple}
    handler.mode = ""  # the store answers again (restarted): the next push cleans up
    push_graph(get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD))
    assert _graphs(handler) == [GRAPH_IRI]


def test_partial_upload_is_named(fake):
    handler, url = fake
    handler.mode = "partial"
    with pytest.raises(StoreError, match=r"holds \d+ of \d+ uploaded triples"):
        push_graph(
            get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD)
        )


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env, without=("DARMSTADT_KG_STORE",), timeout=300)


STORE_ENV = {"DARMSTADT_KG_STORE_USER": USER, "DARMSTADT_KG_STORE_PASSWORD": PASSWORD}


def _push_cli(url: str, *args: str, env: dict[str, str] | None = None, command=("push",)):
    """``push --profile fuseki --url URL ARGS``, with the right credentials unless ``env``."""
    options = ("--profile", "fuseki", "--url", url, *args)
    return _cli(*command, *options, env=STORE_ENV if env is None else env)


def _secret(tmp_path: Path, mode: int) -> Path:
    """A credentials file holding the fake store's user and password, with ``mode``."""
    secret = tmp_path / "store.secret"
    secret.write_text(f"{USER}:{PASSWORD}\n")
    secret.chmod(mode)
    return secret


def test_cli_push_with_password_from_environment(fake):
    handler, url = fake
    result = _push_cli(url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"pushed {len(get_rdflib_graph())} triples")
    assert len(_published(handler)) == len(get_rdflib_graph())  # each graph under its own IRI


def test_cli_wrong_password_exits_7_in_one_line_without_the_password(fake):
    handler, url = fake
    wrong = {**STORE_ENV, "DARMSTADT_KG_STORE_PASSWORD": "hunter2"}
    result = _push_cli(url, env=wrong, command=("publish", "store"))  # the longer name
    assert result.returncode == 7
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "HTTP 401" in lines[0] and "'admin'" in lines[0]
    assert "hunter2" not in result.stderr + result.stdout
    assert _target(handler) == {OLD.triple}


def test_cli_credentials_file(fake, tmp_path: Path):
    handler, url = fake
    result = _push_cli(url, "--credentials-file", str(_secret(tmp_path, 0o600)), env={})
    assert result.returncode == 0, result.stderr
    assert len(_published(handler)) == len(get_rdflib_graph())


def test_unreachable_store_exits_7():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens
    result = _cli(
        "push", "--url", f"http://127.0.0.1:{port}", env={"DARMSTADT_KG_STORE_PASSWORD": "x"}
    )
    assert result.returncode == 7
    assert "cannot reach the store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "url", ["http://dba:secret@127.0.0.1:1", "ftp://dba:secret@host", "https://secret@host/x"]
)
def test_credentials_in_url_are_refused_without_echoing_them(url):
    result = _cli("push", "--url", url, env={})
    assert result.returncode == 2
    assert "user name or password (not shown)" in result.stderr
    assert "secret" not in result.stderr + result.stdout


def test_a_world_readable_credentials_file_is_refused(fake, tmp_path: Path):
    handler, url = fake
    result = _push_cli(url, "--credentials-file", str(_secret(tmp_path, 0o644)), env={})
    assert result.returncode == 2
    assert "readable or writable by every user" in result.stderr and "chmod 600" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert _target(handler) == {OLD.triple}


INJECTION = "urn:a> ; CLEAR GRAPH <urn:victim> ; DROP SILENT GRAPH <urn:b"


def test_a_graph_iri_that_closes_the_brackets_is_refused_and_the_victim_survives(fake):
    handler, url = fake
    victim = ox.Quad(
        ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("v"), ox.NamedNode("urn:victim")
    )
    handler.store.add(victim)
    result = _push_cli(url, "--graph", INJECTION)
    assert result.returncode == 2
    assert "is not an absolute IRI" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert victim in set(handler.store)
    assert _target(handler) == {OLD.triple}


@pytest.mark.parametrize("iri", ["relative/graph", "urn:a b", 'urn:a"b', "urn:a{b}", ""])
def test_check_iri_refuses_what_is_not_an_iri(iri):
    with pytest.raises(UserError, match="IRI"):
        check_iri(iri)


def test_staging_graphs_of_earlier_pushes_are_dropped(fake):
    handler, url = fake
    for run in ("0" * 32, "1" * 32):
        handler.store.add(
            ox.Quad(
                ox.NamedNode("urn:x"),
                ox.NamedNode("urn:p"),
                ox.Literal("left"),
                ox.NamedNode(f"{GRAPH_IRI}/staging/{run}"),
            )
        )
    push_graph(get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD))
    assert _graphs(handler) == [GRAPH_IRI]


def test_every_graph_of_the_store_is_pushed_into_its_own_graph(fake):
    """Default graph → --graph; each named graph → the graph of its IRI (as after the move to
    asserted/derived/vocabulary graphs)."""
    handler, url = fake
    store = ox.Store()
    data = get_store()
    named = [
        "https://w3id.org/darmstadt-kg/graph/asserted",
        "https://w3id.org/darmstadt-kg/graph/derived",
    ]
    # the project's triples (their union; the project's store holds them in named graphs)
    quads = sorted({q.triple for q in data.quads_for_pattern(None, None, None, None)}, key=str)
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in quads]
    half = len(quads) // 2
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(named[0])) for q in quads[:half]
    )
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(named[1])) for q in quads[half:]
    )
    store.add(ox.Quad(ox.NamedNode("urn:d"), ox.NamedNode("urn:p"), ox.Literal("default")))
    report = push_store(store, url, profile="fuseki", credentials=Credentials(USER, PASSWORD))
    assert report.graphs == (GRAPH_IRI, *named)
    assert report.triples == len(quads) + 1
    assert _graphs(handler) == sorted([GRAPH_IRI, *named])
    assert _target(handler) == {
        ox.Triple(ox.NamedNode("urn:d"), ox.NamedNode("urn:p"), ox.Literal("default"))
    }
    for iri, part in zip(named, (quads[:half], quads[half:]), strict=True):
        got = {
            q.triple for q in handler.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        }
        assert got == {q.triple for q in part}


def test_chunk_size_option_splits_the_upload(fake):
    handler, url = fake
    result = _push_cli(url, "--chunk-size", "64K")
    assert result.returncode == 0, result.stderr
    assert handler.puts == 3 and handler.posts > 5  # one PUT per graph, then its chunks
    assert len(_published(handler)) == len(get_rdflib_graph())
    bad = _cli("push", "--url", url, "--chunk-size", "lots", env={})
    assert bad.returncode == 2 and "--chunk-size 'lots' is not a size" in bad.stderr


def test_load_credentials(tmp_path: Path, monkeypatch):
    profile = PROFILES["virtuoso"]
    for key in (
        "DARMSTADT_KG_STORE_USER",
        "DARMSTADT_KG_STORE_PASSWORD",
        "DARMSTADT_KG_STORE_CREDENTIALS",
    ):
        monkeypatch.delenv(key, raising=False)
    assert load_credentials(profile.user) is None
    monkeypatch.setenv("DARMSTADT_KG_STORE_PASSWORD", "pw")
    assert load_credentials(profile.user) == Credentials("dba", "pw")
    monkeypatch.setenv("DARMSTADT_KG_STORE_USER", "me")
    assert load_credentials(profile.user) == Credentials("me", "pw")
    file = tmp_path / "c"
    file.write_text("\nuser:pa:ss\n")
    file.chmod(0o640)
    assert load_credentials(profile.user, file) == Credentials("user", "pa:ss")
    assert "pa:ss" not in repr(load_credentials(profile.user, file))
    file.write_text("no colon\n")
    with pytest.raises(Exception, match="user:password"):
        load_credentials(profile.user, file)


def test_profiles_document_three_engines():
    assert set(PROFILES) == {"virtuoso", "fuseki", "graphdb"}
    assert PROFILES["virtuoso"].auth == "digest"
    assert PROFILES["graphdb"].gsp.endswith("/rdf-graphs/service")


class DigestStore(FakeStore):
    """Challenges every request that comes without a Digest ``Authorization`` header (it does
    not check the response: the point is which requests carried data unauthenticated)."""

    unauthenticated: list = []

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if header.startswith("Digest ") and f'username="{USER}"' in header:
            return True
        type(self).unauthenticated.append((self.command, urlsplit(self.path).path))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Digest realm="store", nonce="n0", qop="auth"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False


def test_digest_authentication_happens_before_any_data_is_sent():
    with _serving(DigestStore, unauthenticated=[]) as (handler, url):
        push_graph(
            get_rdflib_graph(),
            url,
            profile="fuseki",
            auth="digest",
            credentials=Credentials(USER, PASSWORD),
            chunk_bytes=64 * 1024,
        )
    assert handler.puts == 1 and handler.posts > 5  # the data went up in chunks …
    # … and only the first, small request (the authenticating DROP SILENT) was challenged.
    assert handler.unauthenticated == [("POST", "/ds/update")]
    assert len(_target(handler)) == len(get_rdflib_graph())


def test_a_checkpoint_the_store_refuses_is_a_failure_that_names_the_risk(fake, monkeypatch):
    """Virtuoso's push ends with a checkpoint (see test_virtuoso's kill -9 test); when the
    store refuses it, the push fails and says the new graphs are in place but not on disk."""
    from dataclasses import replace

    handler, url = fake
    durable = replace(PROFILES["fuseki"], checkpoint=PROFILES["virtuoso"].checkpoint)
    monkeypatch.setitem(PROFILES, "fuseki", durable)
    with pytest.raises(StoreError) as err:
        push_graph(
            get_rdflib_graph(), url, profile="fuseki", credentials=Credentials(USER, PASSWORD)
        )
    message = str(err.value)
    assert "checkpoint" in message and "\n" not in message
    assert f"<{GRAPH_IRI}> hold the new graphs, but the store did not confirm" in message
    assert "MOVE" in handler.updates[-2] and "bif:exec" in handler.updates[-1]
    assert len(_target(handler)) == len(get_rdflib_graph())
