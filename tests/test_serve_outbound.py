"""No request leaves the server on a client's behalf.

A loopback listener (a socket server on a free port) records every connection made to it. The
endpoint is sent LOAD and SERVICE in every way the protocol allows; the listener must see
nothing, and each answer is one line with a 4xx status. (tests/test_serve_ssrf.py sends
10,000 spellings of SERVICE to a live server.)
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

import httpx
import pytest
import rdflib

from darmstadt_kg.namespaces import SD
from tests.servers import free_port, started

SECRET = "TOP-SECRET-LOOPBACK-ONLY"


class Listener:
    """A loopback TCP server that records connections and answers an HTML page."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.connections.append(conn.recv(65536))
                except OSError:
                    self.connections.append(b"")
                body = f"<html><h1>{SECRET}</h1>\nline two</html>".encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """A real server (its workers confined as in production), through an HTTP client."""
    port = free_port()
    command = [sys.executable, "-m", "darmstadt_kg", "serve", "--no-validate", "--port", str(port)]
    command += ["--workers", "1", "--timeout", "5", "--cache-mb", "0"]
    env = {**os.environ, "TMPDIR": str(tmp_path_factory.mktemp("outbound"))}
    with started(command, f"http://127.0.0.1:{port}/favicon.ico", env=env):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            yield http


def _attempts(target: str) -> list[tuple[str, dict]]:
    load = f"LOAD <{target}/data.ttl>"
    service = f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}"
    silent = f"SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{target}/x> {{ ?s ?p ?o }} }} LIMIT 1"
    recursive = (
        "SELECT * WHERE { SERVICE <http://testserver/sparql> { SERVICE <http://testserver/sparql>"
        f" {{ SERVICE <{target}/deep> {{ ?s ?p ?o }} }} }} }}"
    )
    prefixed = f"PREFIX r: <{target}/> SELECT * WHERE {{ # no SERVICE here\n service r:x {{ }} }}"
    return [
        ("get query=LOAD", {"method": "GET", "params": {"query": load}}),
        ("get update=LOAD", {"method": "GET", "params": {"update": load}}),
        ("form query=LOAD", {"method": "POST", "data": {"query": load}}),
        ("form update=LOAD", {"method": "POST", "data": {"update": load}}),
        (
            "sparql-update LOAD",
            {
                "method": "POST",
                "content": load,
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        (
            "sparql-query LOAD",
            {
                "method": "POST",
                "content": load,
                "headers": {"Content-Type": "application/sparql-query"},
            },
        ),
        ("get SERVICE", {"method": "GET", "params": {"query": service}}),
        ("form SERVICE", {"method": "POST", "data": {"query": service}}),
        (
            "direct SERVICE SILENT",
            {
                "method": "POST",
                "content": silent,
                "headers": {"Content-Type": "application/sparql-query"},
            },
        ),
        ("recursive SERVICE", {"method": "GET", "params": {"query": recursive}}),
        ("prefixed lower-case SERVICE", {"method": "GET", "params": {"query": prefixed}}),
    ]


def test_no_load_or_service_request_ever_leaves_the_server(client, listener):
    for name, request in _attempts(listener.url):
        method = request.pop("method")
        response = client.request(method, "/sparql", **request)
        if "SILENT" in name:  # SPARQL: a failed SERVICE SILENT is one empty solution
            assert response.status_code == 200 and SECRET not in response.text, name
            continue
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
        assert len(response.text.strip().splitlines()) == 1, name
    time.sleep(1.0)  # anything sent would have connected by now
    assert listener.connections == []
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_service_description_declares_no_federation_by_default(client):
    graph = rdflib.Graph().parse(
        data=client.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle"
    )
    assert (None, SD.feature, SD.BasicFederatedQuery) not in graph


def test_the_federate_option_is_gone_with_a_line_that_says_what_to_do_instead():
    from click.testing import CliRunner

    from darmstadt_kg.commands.serve import serve

    result = CliRunner().invoke(serve, ["--no-validate", "--federate", "https://a.example/"])
    assert result.exit_code == 2
    assert "--federate was removed" in result.output and "docs/security.md" in result.output
    assert "--federate" not in CliRunner().invoke(serve, ["--help"]).output
