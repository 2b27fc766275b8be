"""The request-head bounds of ``serve/http.py`` in front of a real uvicorn server, in process.

A tiny ASGI application answers ``ok <path>``; each case writes raw bytes (one write, or one
byte per read) and reads what comes back until the server closes or goes quiet. The bounds are
exact: a head of ``MAX`` bytes passes and one of ``MAX + 1`` is refused, also behind pipelined
requests with and without bodies.
"""

from __future__ import annotations

import asyncio
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import uvicorn

from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.http import bounded

MAX = 1024
WAIT = 0.5


async def _app(scope, receive, send) -> None:
    while (await receive()).get("more_body"):
        pass
    body = f"ok {scope['path']}".encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def _head(path: str, size: int, extra: str = "") -> bytes:
    """A GET head of exactly ``size`` bytes (padded by one header)."""
    start = f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}X-Pad: "
    return (start + "p" * (size - len(start) - 4) + "\r\n\r\n").encode()


async def _exchange(port: int, parts: list[bytes], quiet: float) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for part in parts:
        writer.write(part)
        await writer.drain()
        await asyncio.sleep(0.02)  # one read each
    chunks = []
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), quiet):
            chunks.append(chunk)
    except (TimeoutError, ConnectionResetError):
        pass
    writer.close()
    return b"".join(chunks)


def _talk(parts: list[bytes], quiet: float = 0.3) -> bytes:
    """Serve on a free port, send ``parts`` on one connection, return the answers."""

    async def run() -> bytes:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        limits = ServeConfig(max_header_bytes=MAX, header_timeout=WAIT)
        config = uvicorn.Config(_app, http=bounded(limits), lifespan="off", log_level="error")
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            return await _exchange(sock.getsockname()[1], parts, quiet)
        finally:
            server.should_exit = True
            await serving

    with ThreadPoolExecutor(1) as thread:  # a loop of its own (a browser test may run one here)
        return thread.submit(asyncio.run, run()).result()


def _statuses(answer: bytes) -> list[int]:
    return [int(line.split()[1]) for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.1")]


def test_a_head_of_the_bound_passes_and_one_byte_more_gets_431_with_the_common_headers():
    assert _statuses(_talk([_head("/a", MAX)])) == [200]
    refused = _talk([_head("/a", MAX + 1)])
    assert _statuses(refused) == [431] and refused.endswith(b"exceed 1024 bytes\n")
    assert b"access-control-allow-origin: *" in refused and b"x-frame-options: DENY" in refused


def test_the_bound_is_exact_for_pipelined_heads_after_bodies_and_across_reads():
    post = b"POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"b" * 5000
    chunked = (
        b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    )
    assert _statuses(_talk([_head("/a", 100) + _head("/b", MAX)])) == [200, 200]
    assert _statuses(_talk([_head("/a", 100) + _head("/b", MAX + 1)])) == [431]
    assert _statuses(_talk([post + _head("/b", MAX)])) == [200, 200]
    assert _statuses(_talk([post + _head("/b", MAX + 1)])) == [431]
    assert _statuses(_talk([chunked + _head("/b", 200)])) == [200, 200]
    head = _head("/a", MAX)  # its blank line straddles four reads
    assert _statuses(_talk([head[:-4], *(bytes([b]) for b in head[-4:])])) == [200]
    head = _head("/a", MAX + 1)
    assert _statuses(_talk([head[:500], head[500:-1], head[-1:]])) == [431]


def test_a_request_line_over_the_bound_gets_414():
    answer = _talk([b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"])
    assert _statuses(answer) == [414] and b"send the query by POST" in answer
    assert _statuses(_talk([b"GET /" + b"a" * 2000])) == [414]  # not even ended


def test_what_the_parser_cannot_read_gets_one_line_400_with_the_common_headers():
    for sent in (
        b"\x16\x03\x01\x02\x00",
        b"GET / HTTP/1.1\nHost: x\n\n",
        b"GET http://[x/ HTTP/1.1\r\n\r\n",
    ):
        answer = _talk([sent])
        assert _statuses(answer) == [400], sent
        assert answer.endswith(b"check the request line and headers\n")
        assert b"access-control-allow-origin: *" in answer


def test_a_head_that_does_not_arrive_in_time_gets_408_and_an_answered_one_does_not():
    started = time.monotonic()
    answer = _talk([b"GET / HTTP/1.1\r\nHost: x\r\n"], quiet=3)
    assert _statuses(answer) == [408] and WAIT <= time.monotonic() - started < 2.5
    assert _statuses(_talk([b"\r\n"], quiet=3)) == [408]  # blank lines are no head
    assert _statuses(_talk([], quiet=3)) == [408]  # nothing at all
    assert _statuses(_talk([_head("/a", 200)], quiet=WAIT * 3)) == [200]  # idle afterwards


@pytest.mark.parametrize("reads", [1, 3])
def test_requests_in_any_reads_are_answered_in_order(reads):
    requests = b"".join(_head(f"/{n}", 100 + n) for n in range(6))
    size = len(requests) // reads + 1
    answer = _talk([requests[i : i + size] for i in range(0, len(requests), size)])
    assert _statuses(answer) == [200] * 6
    assert [answer.index(f"ok /{n}".encode()) for n in range(6)] == sorted(
        answer.index(f"ok /{n}".encode()) for n in range(6)
    )
