"""uvicorn's HTTP protocol with bounds on the request head: size and the time to send it.

uvicorn's httptools protocol has neither: it keeps reading headers of any size, waits for
them forever, and answers a request target of 64 KiB or more with a bare 400 of its own. This
subclass answers, before the application sees the request and with the CORS and security
headers of every answer:

- 414 when the request line alone exceeds ``max_header_bytes``, 431 when the head does;
- 408 when the head has not arrived ``header_timeout`` seconds after the connection opened
  or the previous answer was sent;
- a one-line 400 for what the HTTP parser cannot read.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.headers import COMMON

__all__ = ["BoundedHttpProtocol", "HEAD_CAP"]

HEAD_CAP = 60 * 1024  # below the 64 KiB at which the HTTP parser gives up by itself
_REASONS = {
    400: "Bad Request",
    408: "Request Timeout",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
}


class BoundedHttpProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` with a bounded, timed request head (limits from the env)."""

    limits: ServeConfig | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if BoundedHttpProtocol.limits is None:
            BoundedHttpProtocol.limits = ServeConfig.from_env()
        self._max_head = min(self.limits.max_header_bytes, HEAD_CAP)
        self._head_bytes = 0
        self._in_head = True
        self._line_done = False  # the request line has ended (a line feed arrived)
        self._refused = False
        self._head_timer = None

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            self._refuse(
                408,
                f"the request head did not arrive within "
                f"{self.limits.header_timeout:g} s — send it at once",
            )

    def _refuse(self, status: int, message: str) -> None:
        self._refused = True
        self._disarm()
        body = (message + "\n").encode("utf-8")
        head = [
            f"HTTP/1.1 {status} {_REASONS[status]}".encode(),
            b"content-type: text/plain; charset=utf-8",
            b"content-length: " + str(len(body)).encode(),
            b"cache-control: no-store",
            b"connection: close",
            *(k + b": " + v for k, v in COMMON),
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._in_head:
            before = self._head_bytes
            self._head_bytes += len(data)
            if self._head_bytes > self._max_head:
                # refuse before the parser sees it, unless the head ends within the limit
                allowed = data[: self._max_head - before + 4]
                if b"\r\n\r\n" not in allowed:
                    line_done = self._line_done or b"\n" in allowed
                    if line_done:
                        self._refuse(431, f"the request headers exceed {self._max_head} bytes")
                    else:
                        self._refuse(
                            414,
                            f"the request line exceeds {self._max_head} bytes "
                            "— send the query by POST",
                        )
                    return
            self._line_done = self._line_done or b"\n" in data
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._in_head, self._line_done = True, False
            self._arm()

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "the request is not valid HTTP/1.1 — check the request line and headers")
