"""SSRF, fuzzed: ≥ 10,000 spellings of SERVICE at a real server reach no loopback listener.

A plain socket thread on 127.0.0.1 records every connection it accepts and, were one made,
would answer a secret. A real ``darmstadt-kg serve`` on 127.0.0.1 is sent generated queries
whose SERVICE aims at that listener — case variants, glued prefixed names and keywords
(``SERVICE:x``, ``SERVICESILENT<…>``), SILENT, comments between tokens, ``\\u`` escapes in
IRIs, ten spellings of the loopback host, BASE-relative IRIs, variables bound by VALUES or
BIND, nested in OPTIONAL/UNION/MINUS/subqueries/EXISTS/GRAPH and in SERVICE itself, as SELECT,
ASK and CONSTRUCT — spread evenly over GET, POST form and POST sparql-query, each way on a
keep-alive connection of its own, the three at once (half the run time of one after the
other). The listener must accept nothing, no answer may hold the secret, and every
answer whose query needs the SERVICE evaluated must be a one-line 4xx. Two kinds may answer
200 instead: ``SERVICE SILENT`` (SPARQL ignores its failure: one empty solution) and a SERVICE
the engine need not evaluate to answer (inside OPTIONAL, UNION, EXISTS or MINUS, e.g. an ASK
already true from the other branch) — evaluated or not, it connects nowhere.
"""

from __future__ import annotations

import random
import socket
import sys
import threading
import time
import urllib.parse

import pytest

from tests.servers import free_port, started

SECRET = "LOOPBACK-SECRET-7f000001"
SPELLINGS = 10_200  # divisible by the three ways of sending


class Listener:
    """A loopback TCP listener that records every accepted connection."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: list[tuple[str, int]] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        body = f'{{"head":{{"vars":["s"]}},"results":{{"bindings":[{{"s":{{"type":"literal","value":"{SECRET}"}}}}]}}}}'  # noqa: E501
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            self.accepted.append(peer)
            with conn:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                    b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body.encode()
                )


HOSTS = [
    "127.0.0.1",
    "localhost",
    "[::1]",
    "2130706433",
    "0x7f.1",
    "127.1",
    "0177.0.0.1",
    "[::ffff:127.0.0.1]",
    "127.000.000.001",
    "LOCALHOST",
]
GAPS = [" ", "", "\n", "\t", " # a comment\n", "#\n", "\r\n  "]


def _case(rng: random.Random, word: str) -> str:
    mixed = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)
    return rng.choice([word.upper(), word.lower(), word.capitalize(), mixed])


def _escape(rng: random.Random, iri: str) -> str:
    """Some characters of ``iri`` as SPARQL ``\\u``/``\\U`` escapes (legal in IRIs)."""
    out = []
    for c in iri:
        if rng.random() < 0.3:
            out.append(f"\\u{ord(c):04X}" if rng.random() < 0.7 else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return "".join(out)


# one local solution beside the SERVICE, so that the engine goes on to it (all of the graph's
# triples there made each answer megabytes, and the run 26 s instead of 4)
ONE = "{ SELECT * WHERE { ?s ?p ?o } LIMIT 1 }"


def spelling(rng: random.Random, port: int) -> tuple[str, bool]:
    """One query whose SERVICE aims at the listener; and whether its answer needs the SERVICE
    evaluated (not SILENT, not where the engine may answer without it: OPTIONAL, UNION,
    EXISTS, MINUS)."""
    host = rng.choice(HOSTS)
    url = f"http://{host}:{port}/{rng.choice(['sparql', 'y', '', 'a/b?c=d'])}"
    gap = lambda: rng.choice(GAPS)  # noqa: E731
    silent = rng.random() < 0.3
    keyword = _case(rng, "SERVICE")
    prologue = ""
    form = rng.randrange(6)
    if form == 0:  # a full IRI, maybe with escapes
        target = "<" + (_escape(rng, url) if rng.random() < 0.4 else url) + ">"
    elif form == 1:  # the empty prefix, glued: SERVICE:x
        prologue = f"PREFIX : <{url.rsplit('/', 1)[0]}/>{gap()}"
        target = ":x"
    elif form == 2:  # a named prefix
        prologue = f"{_case(rng, 'PREFIX')} r: <{url.rsplit('/', 1)[0]}/>{gap()}"
        target = "r:" + rng.choice(["x", "sparql", "a\\/b"])
    elif form == 3:  # relative to BASE
        prologue = f"{_case(rng, 'BASE')} <http://{host}:{port}/>{gap()}"
        target = "<" + rng.choice(["sparql", "y", "./z", ""]) + ">"
    elif form == 4:  # a variable bound by VALUES
        target = "?e"
    else:  # a variable bound by BIND
        target = "?b"
    glue = "" if target[0] in "<:" and rng.random() < 0.5 else gap() or " "
    if silent:
        words = keyword + rng.choice(["", " ", "\n"]) + _case(rng, "SILENT")
        call = words + glue + target
    else:
        call = keyword + glue + target
    pattern = f"{call}{gap()}{{ ?a ?b{gap()}?s }}"
    if form == 4:
        pattern = f"VALUES ?e {{ <{url}> }} {pattern}"
    elif form == 5:
        pattern = f'BIND(IRI("{url}") AS ?b) {pattern}'
    wrap = rng.randrange(10)
    if wrap == 1:
        pattern = f"OPTIONAL {{ {pattern} }}"
    elif wrap == 2:
        pattern = f"{{ {ONE} }} UNION {{ {pattern} }}"
    elif wrap == 3:
        pattern = f"{{ SELECT * WHERE {{ {pattern} }} }}"
    elif wrap == 4:
        pattern = f"{ONE} FILTER {rng.choice(['', 'NOT '])}EXISTS {{ {pattern} }}"
    elif wrap == 5:
        pattern = f"{ONE} MINUS {{ {pattern} }}"
    elif wrap == 6:
        pattern = f"{{ SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1 }} {pattern}"
    elif wrap == 7:
        pattern = f"{keyword} <http://{host}:{port}/outer> {{ {pattern} }}"
    shape = rng.randrange(4)
    if shape == 0:
        text = f"ASK {{ {pattern} }}"
    elif shape == 1:
        text = f"CONSTRUCT {{ ?a ?b ?s }} WHERE {{ {pattern} }}"
    else:
        text = f"SELECT ?s WHERE {{{gap()}{pattern}{gap()}}}"
    return prologue + text, not silent and wrap not in (1, 2, 4, 5)


_ACCEPT = "Accept: application/sparql-results+json, text/turtle\r\n"


def _request(way: int, text: str) -> bytes:
    """One HTTP/1.1 request carrying ``text``: GET, POST form or POST sparql-query."""
    if way == 0:
        target = "/sparql?" + urllib.parse.urlencode({"query": text})
        return f"GET {target} HTTP/1.1\r\nHost: x\r\n{_ACCEPT}\r\n".encode()
    if way == 1:
        body, kind = urllib.parse.urlencode({"query": text}).encode(), "x-www-form-urlencoded"
    else:
        body, kind = text.encode("utf-8"), "sparql-query"
    head = f"POST /sparql HTTP/1.1\r\nHost: x\r\n{_ACCEPT}Content-Type: application/{kind}\r\n"
    return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


def _responses(stream, count: int) -> list[tuple[int, str]]:
    """Read ``count`` answers (status, body) from a buffered socket file."""
    answers = []
    for _ in range(count):
        status = int(stream.readline().split()[1])
        length = 0
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answers.append((status, stream.read(length).decode("utf-8", "replace")))
    return answers


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.sock.close()


@pytest.fixture(scope="module")
def server():
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "darmstadt_kg",
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
        "--no-validate",
        "--timeout",
        "5",
        "--cache-mb",
        "0",
        "--query-threads",
        "3",
        "--per-client",
        "3",
    ]  # the engine's work dominates: both cores, a query thread per way of sending
    base = f"http://127.0.0.1:{port}"
    with started(command, base + "/sparql?query=ASK%7B%7D"):
        yield base


def _send_all(base: str, way: int, spellings: list[tuple[str, bool]], seen: list) -> None:
    """Send ``spellings`` one way (GET, form, sparql-query) on one keep-alive connection,
    pipelined in batches (a client library's own time per request was half the run)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        stream = sock.makefile("rb")
        for start in range(0, len(spellings), _BATCH):
            batch = spellings[start : start + _BATCH]
            sock.sendall(b"".join(_request(way, text) for text, _ in batch))
            for (text, needed), (status, body) in zip(
                batch, _responses(stream, len(batch)), strict=True
            ):
                seen.append((text, needed, status, body))


_BATCH = 50


def test_ten_thousand_spellings_of_service_reach_no_listener(server, listener):
    rng = random.Random(25)
    texts = {}
    while len(texts) < SPELLINGS:  # distinct texts only
        text, needed = spelling(rng, listener.port)
        texts[text] = needed
    spellings = list(texts.items())
    seen: list[tuple[str, bool, int, str]] = []
    started_at = time.monotonic()
    ways = [
        threading.Thread(target=_send_all, args=(server, way, spellings[way::3], seen))
        for way in range(3)
    ]
    for thread in ways:
        thread.start()
    for thread in ways:
        thread.join()
    seconds = time.monotonic() - started_at
    time.sleep(0.5)  # a connection attempt would have been accepted by now
    unclean, counts, syntax = [], {}, 0
    for text, needed, status, body in seen:
        counts[(status, needed)] = counts.get((status, needed), 0) + 1
        syntax += body.startswith("SPARQL syntax error")
        clean_error = 400 <= status < 500 and len(body.strip().splitlines()) == 1
        unneeded = not needed and status == 200
        if SECRET in body or not (clean_error or unneeded):
            unclean.append((status, text, body[:200]))
    print(f"\n{len(seen)} spellings, {seconds:.1f} s; (status, needed): {sorted(counts.items())}")
    assert listener.accepted == []
    assert unclean == [], unclean[:5]
    assert len(seen) == len(texts) >= 10_000
    assert syntax < len(texts) / 50, syntax  # the engine ran them: few are mere syntax errors
    assert counts.get((403, True), 0) > len(texts) / 4  # refused for the network


def test_the_generator_covers_every_kind_of_spelling():
    rng = random.Random(25)
    texts = [spelling(rng, 9999)[0] for _ in range(3000)]
    joined = "\n".join(texts)
    for sign in [
        "SERVICE:x",
        "\\u",
        "SILENT",
        "service",
        "localhost",
        "[::1]",
        "2130706433",
        "0x7f.1",
        "127.1:",
        "OPTIONAL",
        "UNION",
        "EXISTS",
        "SELECT * WHERE",
        "VALUES ?e",
        "BIND(IRI(",
        "# a comment",
        "BASE",
        "ASK",
        "CONSTRUCT",
    ]:
        assert sign in joined, sign
    assert any("SERVICESILENT<" in t.upper() for t in texts)
