"""A small asyncio HTTP/1.1 load generator: ``concurrency`` kept-alive connections on 127.0.0.1.

Bounded in count and in time: it stops at ``max_requests`` or after ``duration`` seconds,
whichever comes first. Each connection sends one GET at a time and reads the whole answer
(``Content-Length`` or chunked). Any status other than 200, a broken connection or a timeout
counts as an error.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from benchmarks.stats import percentile

__all__ = ["LoadResult", "run_load"]


@dataclass
class LoadResult:
    """What one load run saw."""

    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99)


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        raise ConnectionError("answer without length (connection close)")
    return status


async def _client(url, params, queries, state, result, deadline, timeout) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    reader = writer = None
    while time.perf_counter() < deadline and state["left"] > 0:
        state["left"] -= 1
        query = next(queries)
        target = parts.path + "?" + urlencode({"query": query, **params})
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: application/sparql-results+json, text/turtle;q=0.9\r\n\r\n"
        ).encode()
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status = await asyncio.wait_for(_read_response(reader), timeout)
            if status != 200:
                raise ConnectionError(f"HTTP {status}")
            result.latencies.append(time.perf_counter() - started)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
            result.errors += 1
            result.first_error = result.first_error or f"{type(err).__name__}: {err}"
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(url, params, queries, concurrency, duration, max_requests, timeout) -> LoadResult:
    state = {"left": max_requests}
    result = LoadResult(concurrency, 0.0)
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _client(url, params, queries, state, result, deadline, timeout)
            for _ in range(concurrency)
        )
    )
    result.seconds = time.perf_counter() - started
    return result


def run_load(
    url: str,
    queries: Iterator[str],
    *,
    concurrency: int,
    duration: float = 5.0,
    max_requests: int = 50_000,
    params: dict[str, str] | None = None,
    timeout: float = 30.0,
    warmup: float = 0.5,
) -> LoadResult:
    """Send GET ``url?query=…`` (queries taken in turn) and measure; a short warm-up first."""
    if warmup > 0:
        asyncio.run(_run(url, params or {}, queries, concurrency, warmup, max_requests, timeout))
    return asyncio.run(
        _run(url, params or {}, queries, concurrency, duration, max_requests, timeout)
    )
