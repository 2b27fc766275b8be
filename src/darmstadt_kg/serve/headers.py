"""What every answer carries, in one pass: CORS, ``nosniff``, no framing, a Content Security
Policy, and gzip for clients that accept it.

One pure ASGI middleware does what Starlette's ``CORSMiddleware`` and ``GZipMiddleware`` did
beside it: the three layers each rebuilt the request's and the answer's headers and wrapped
``send`` once more, on every request (a sixth of the server process's time on a lookup).

- **CORS**: any origin may read any answer (``Access-Control-Allow-Origin: *``, never with
  credentials, so the answer does not vary by ``Origin``); a preflight (``OPTIONS`` with
  ``Origin`` and ``Access-Control-Request-Method``) is answered here for GET, HEAD and POST.
- **CSP**: an HTML page may run its own files and its inline scripts by their SHA-256 hashes
  (computed here from the page), so no ``'unsafe-inline'`` is needed and a ``javascript:``
  link in the data cannot run; any other answer gets ``default-src 'none'``.
- **gzip**: an answer of at least :data:`GZIP_MIN_BYTES` whose type compresses is gzipped
  when the request accepts gzip (a streamed answer chunk by chunk); every such answer says
  ``Vary: Accept-Encoding``.

An exception below this middleware becomes a one-line 500 with the same headers (never a
traceback to the client); the operator's log (stderr) gets the traceback, once per request, so
that a 500 can be diagnosed.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import zlib

__all__ = [
    "SecurityHeaders",
    "html_policy",
    "COMMON",
    "OTHER_POLICY",
    "INLINE_SCRIPT",
    "GZIP_MIN_BYTES",
]

GZIP_MIN_BYTES = 4096  # answers at least this large are gzipped for clients that accept it
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Content-Type, Vary, Retry-After"),
]
_LOG = logging.getLogger("darmstadt_kg.serve")
_OURS = frozenset(name for name, _ in COMMON)  # replaced in every answer
OTHER_POLICY = b"default-src 'none'; frame-ancestors 'none'"  # the CSP of all but HTML
_OTHER_POLICY = OTHER_POLICY
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_INLINE_SCRIPT = INLINE_SCRIPT
_CORS_METHODS = (b"GET", b"HEAD", b"POST")
_PREFLIGHT = [
    (b"access-control-allow-methods", b", ".join(_CORS_METHODS)),
    (b"access-control-max-age", b"600"),
    (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
]
# types that are compressed already, or streamed as events
_NO_GZIP = re.compile(
    rb"(image/(?!svg)|audio/|video/|font/woff|application/(?:zip|gzip|x-gzip)|text/event-stream)"
)
_THREAD_BYTES = 128 * 1024  # larger bodies are compressed in a thread, not on the event loop


def html_policy(body: bytes) -> bytes:
    """The CSP of an HTML page: its own files, and its inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(body)
    )
    return (
        "default-src 'self'; "
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ).encode()


def _packer():
    return zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer


def _gzip(body: bytes) -> bytes:
    packer = _packer()
    return packer.compress(body) + packer.flush()


async def _gzipped(body: bytes) -> bytes:
    if len(body) < _THREAD_BYTES:
        return _gzip(body)
    import asyncio

    return await asyncio.get_running_loop().run_in_executor(None, _gzip, body)


def _add_vary(headers: list, value: bytes) -> None:
    """Add ``value`` to the ``Vary`` header of ``headers`` (one header, no repeats)."""
    for i, (k, v) in enumerate(headers):
        if k == b"vary":
            if value.lower() not in v.lower():
                headers[i] = (k, v + b", " + value)
            return
    headers.append((b"vary", value))


class _Answer:
    """One answer passing through: holds the start message while the body decides on the CSP
    (HTML) and on gzip."""

    __slots__ = ("send", "gzip", "start", "html", "parts", "packer", "started")

    def __init__(self, send, gzip: bool) -> None:
        self.send, self.gzip = send, gzip
        self.start: dict | None = None
        self.html = False
        self.parts: list[bytes] = []
        self.packer = None
        self.started = False

    async def __call__(self, message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            await self._on_start(message)
        elif kind == "http.response.body" and self.start is not None:
            await self._on_body(message)
        elif self.start is not None:  # a file sent by path (pathsend): as it is
            self.start["headers"].append((b"content-security-policy", _OTHER_POLICY))
            start, self.start, self.started = self.start, None, True
            await self.send(start)
            await self.send(message)
        else:
            if kind == "http.response.body" and self.packer is not None:
                message = self._packed(message)
            await self.send(message)

    async def _on_start(self, message) -> None:
        headers = [(k, v) for k, v in message.get("headers", ()) if k not in _OURS]
        media, encoded, length = b"", False, None
        for k, v in headers:  # the last one of each, as a dict of them would keep
            if k == b"content-type":
                media = v
            elif k == b"content-encoding":
                encoded = True
            elif k == b"content-length":
                length = int(v) if v.isdigit() else None
        headers += COMMON
        self.html = media.startswith(b"text/html")
        compressible = (
            not encoded
            and message["status"] not in (204, 206, 304)
            and not _NO_GZIP.match(media)
            and (length is None or length >= GZIP_MIN_BYTES)
        )
        if compressible:
            _add_vary(headers, b"Accept-Encoding")
        self.gzip = self.gzip and compressible
        message = {**message, "headers": headers}
        if self.html or self.gzip:
            self.start = message  # until the body is known
            return
        headers.append((b"content-security-policy", _OTHER_POLICY))
        self.started = True
        await self.send(message)

    async def _on_body(self, message) -> None:
        start = self.start
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if self.html:
            self.parts.append(body)
            if more:
                return
            body, more = b"".join(self.parts), False
            policy = html_policy(body)
        else:
            policy = _OTHER_POLICY
        headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
        headers.append((b"content-security-policy", policy))
        if self.gzip and (more or len(body) >= GZIP_MIN_BYTES):
            headers.append((b"content-encoding", b"gzip"))
            if more:  # streamed: compressed chunk by chunk, no length
                self.packer = _packer()
                message = self._packed(message)
            else:
                body = await _gzipped(body)
                headers.append((b"content-length", str(len(body)).encode()))
                message = {"type": "http.response.body", "body": body}
        else:
            headers.append((b"content-length", str(len(body)).encode()))
            message = {"type": "http.response.body", "body": body, "more_body": more}
        start["headers"] = headers
        self.start, self.started = None, True
        await self.send(start)
        await self.send(message)

    def _packed(self, message) -> dict:
        more = message.get("more_body", False)
        body = self.packer.compress(message.get("body", b""))
        body += self.packer.flush(zlib.Z_SYNC_FLUSH if more else zlib.Z_FINISH)
        return {"type": "http.response.body", "body": body, "more_body": more}


class SecurityHeaders:
    """Pure ASGI middleware: CORS, :data:`COMMON`, a CSP and gzip on every HTTP answer."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = method = requested = None
        gzip = False
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                gzip = b"gzip" in v.lower()
            elif k == b"origin":
                origin = v
            elif k == b"access-control-request-method":
                method = v
            elif k == b"access-control-request-headers":
                requested = v
        if scope["method"] == "OPTIONS" and origin is not None and method is not None:
            await _preflight(send, method, requested)
            return
        answer = _Answer(send, gzip)
        try:
            await self.app(scope, receive, answer)
        except Exception:  # noqa: BLE001 - one line to the client; the server goes on
            if answer.started:
                raise
            _LOG.exception("internal error answering %s %s", scope.get("method"), scope.get("path"))
            body = b"internal error: the request could not be answered - retry or report it\n"
            await _plain(send, 500, body)


async def _preflight(send, method: bytes, requested: bytes | None) -> None:
    """A CORS preflight: GET, HEAD and POST from any origin, with any request headers."""
    if method.strip().upper() not in _CORS_METHODS:
        await _plain(send, 400, b"Disallowed CORS method\n", _PREFLIGHT)
        return
    extra = [(b"access-control-allow-headers", requested)] if requested else []
    await _plain(send, 200, b"OK", _PREFLIGHT + extra)


async def _plain(send, status: int, body: bytes, extra: list | None = None) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *COMMON,
                *(extra or ()),
                (b"content-security-policy", _OTHER_POLICY),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
