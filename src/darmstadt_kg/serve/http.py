"""Bounds on the request head in front of uvicorn's HTTP protocol: its size, the time to send it.

:class:`BoundedHead` is the ``asyncio.Protocol`` uvicorn builds per connection
(``Config(http=...)``). It owns a uvicorn protocol and passes it every event; each read goes
first to an ``httptools`` parser of its own (uvicorn's parser, so they agree), whose callbacks
mark where each head begins and ends. Before uvicorn sees the bytes it answers, with the common
headers: 414 when the request line exceeds ``max_head`` bytes, 431 when the head does (counted
from its first byte to its blank line, exactly; after a chunked body ending inside the same
read, from the end of the body's data); 408 when a head has not arrived ``wait`` seconds after
the connection opened or its first byte; a one-line 400 for what the parser cannot read.
"""

from __future__ import annotations

import asyncio

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.headers import COMMON, NO_STORE, PLAIN

__all__ = ["BoundedHead", "HEAD_CAP", "bounded"]

HEAD_CAP = 60 * 1024  # below the 64 KiB at which the HTTP parser gives up by itself
_ANSWERS = {  # status: reason, the one line
    400: ("Bad Request", "the request is not valid HTTP/1.1 — check the request line and headers"),
    408: ("Request Timeout", "the request head did not arrive within {wait:g} s — send it at once"),
    414: ("URI Too Long", "the request line exceeds {size} bytes — send the query by POST"),
    431: ("Request Header Fields Too Large", "the request headers exceed {size} bytes"),
}
_BLANK = b"\r\n\r\n"


def bounded(config: ServeConfig) -> type[BoundedHead]:
    """The protocol class for uvicorn's ``Config(http=...)``, with ``config``'s bounds."""
    limits = {"max_head": min(config.max_header_bytes, HEAD_CAP), "wait": config.header_timeout}
    return type("BoundedHttp", (BoundedHead,), limits)


class BoundedHead(asyncio.Protocol):
    """uvicorn's protocol (built with the same arguments) behind a bounded, timed head."""

    max_head, wait = 16 * 1024, 10.0

    def __init__(self, **uvicorn_arguments) -> None:
        self.inner = HttpToolsProtocol(**uvicorn_arguments)
        self.parser = httptools.HttpRequestParser(self)
        self.parser.set_dangerous_leniencies(lenient_data_after_close=True)  # as uvicorn's
        self.head: int | None = 0  # bytes of the head in progress (None: past its blank line)
        self.tail = b""  # its last three bytes (its blank line may straddle two reads)
        self.line_done = False  # its request line has ended
        self.since: float | None = None  # when its wait began (None: no head is due)
        self.refused, self.timer, self.url = False, None, b""

    # the asyncio.Protocol interface, passed on
    def connection_made(self, transport) -> None:
        self.transport, self.loop = transport, asyncio.get_running_loop()
        self.since = self.loop.time()
        self.timer = self.loop.call_later(self.wait, self._tick)
        self.inner.connection_made(transport)

    def connection_lost(self, exc) -> None:
        self.timer.cancel()
        self.inner.connection_lost(exc)

    def eof_received(self):
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.since is None and self.head is not None:
            self.since = self.loop.time()  # the first byte after the previous request
        # per read: its bytes, where the parser has got to (exact, or a lower bound), where the
        # head in progress began in it (None: in an earlier read), the first bound broken
        self.data, self.at, self.exact, self.start, self.over = data, 0, True, None, 0
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            pass  # uvicorn stops reading this read there too
        except httptools.HttpParserError:
            self.over = self.over or 400
        if not self.over and self.head is not None:  # a head goes on past this read
            start = self.start or 0
            size = self.head + len(data) - start if self.start is not None or self.head else 0
            if size > self.max_head:
                self.over = self._too_large(start)
            elif size:
                self.line_done = self.line_done or b"\n" in data[start:]
                self.head, self.tail = size, (self.tail + data[start:])[-3:]
        over, self.data = self.over, b""  # the read is not kept past its turn
        if over:
            self._refuse(over)
        else:
            self.inner.data_received(data)

    # the callbacks of our own parser
    def on_message_begin(self) -> None:
        data, start = self.data, self.at
        while start < len(data) and data[start] in b"\r\n":  # blank lines before a request
            start += 1
        self.start, self.head, self.tail, self.line_done, self.url = start, 0, b"", False, b""
        if self.since is None:
            self.since = self.loop.time()
        self.chunked = False

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_headers_complete(self) -> None:
        data, start = self.data, self.start
        if not self.exact:  # the head ends somewhere in this read
            end = len(data)
        elif start is None:  # it began in an earlier read
            end = (self.tail + data).find(_BLANK) + 4 - len(self.tail)
        else:
            end = data.find(_BLANK, start) + 4
        if self.head + end - (start or 0) > self.max_head:
            self.over = self.over or self._too_large(start or 0)
        if self.url[:1] != b"/" and not self.over:  # uvicorn's URL parser is stricter
            try:
                httptools.parse_url(self.url)
            except httptools.HttpParserError:
                self.over = 400
        self.at, self.head, self.since = end if self.exact else self.at, None, None

    def on_body(self, body: bytes) -> None:
        self.at += len(body)

    def on_chunk_header(self) -> None:
        self.chunked = True

    def on_message_complete(self) -> None:
        self.exact = self.exact and not self.chunked
        self.head, self.start = 0, None

    def _too_large(self, start: int) -> int:
        """414 if the request line does not end within the bound, else 431."""
        within = self.data[start : start + self.max_head - (self.head or 0)]
        return 431 if self.line_done or b"\n" in within else 414

    def _tick(self) -> None:
        now, since = self.loop.time(), self.since
        if since is not None and now - since >= self.wait and not self.transport.is_closing():
            self._refuse(408)
            return
        delay = self.wait if since is None else max(since + self.wait - now, 0.01)
        self.timer = self.loop.call_later(delay, self._tick)

    def _refuse(self, status: int) -> None:
        self.refused = True
        reason, line = _ANSWERS[status]
        body = (line.format(size=self.max_head, wait=self.wait) + "\n").encode()
        fields = [(b"content-length", b"%d" % len(body)), PLAIN, NO_STORE, *COMMON]
        head = [b"HTTP/1.1 %d %s" % (status, reason.encode()), b"connection: close"]
        head += [name + b": " + value for name, value in fields]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()
