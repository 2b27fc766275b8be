"""What every answer carries (:data:`COMMON`: ``nosniff``, no framing, CORS for any origin) and
a Content Security Policy: an HTML page its own (its files, its inline scripts by SHA-256 hash,
:func:`html_response`), any other answer ``default-src 'none'``. gzip and CORS preflights are
Starlette's. An exception below :class:`SecurityHeaders` becomes a one-line 500 with the same
headers; the operator's log (stderr) gets the traceback.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response

__all__ = [
    "SecurityHeaders",
    "secured",
    "html_policy",
    "html_response",
    "COMMON",
    "OTHER_POLICY",
    "INLINE_SCRIPT",
    "GZIP_MIN_BYTES",
    "send_answer",
]

GZIP_MIN_BYTES = 4096  # answers at least this large are gzipped for clients that accept it
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Content-Type, Vary, Retry-After"),
]
PLAIN = (b"content-type", b"text/plain; charset=utf-8")
NO_STORE = (b"cache-control", b"no-store")
_LOG = logging.getLogger("darmstadt_kg.serve")
_OURS = frozenset(name for name, _ in COMMON)  # replaced in every answer
_CSP = b"content-security-policy"
OTHER_POLICY = b"default-src 'none'; frame-ancestors 'none'"  # the CSP of all but HTML
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_PREFLIGHT = CORSMiddleware(
    None, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"], allow_headers=["*"]
)


def html_policy(body: bytes) -> bytes:
    """The CSP of an HTML page: its own files, and its inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in INLINE_SCRIPT.finditer(body)
    )
    return (
        "default-src 'self'; "
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ).encode()


def html_response(page: str | bytes, status_code: int = 200, headers: dict | None = None):
    """An HTML page with its own CSP (its inline scripts hashed)."""
    body = page.encode("utf-8") if isinstance(page, str) else page
    policy = {"Content-Security-Policy": html_policy(body).decode()}
    return Response(body, status_code, {**(headers or {}), **policy}, media_type="text/html")


class SecurityHeaders:
    """Pure ASGI middleware: :data:`COMMON` and a CSP on every HTTP answer, CORS preflights,
    and a one-line 500 (traceback logged) for an exception below it."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            asked = Headers(scope=scope)
            if "origin" in asked and "access-control-request-method" in asked:
                await _PREFLIGHT.preflight_response(asked)(scope, receive, _secured(send))
                return
        sending = _secured(send)
        try:
            await self.app(scope, receive, sending)
        except Exception:  # noqa: BLE001 - one line to the client; the server goes on
            _LOG.exception("internal error answering %s %s", scope["method"], scope["path"])
            if not sending.started:
                body = b"internal error: the request could not be answered - retry or report it\n"
                await send_answer(sending, 500, body, [PLAIN, NO_STORE])


async def send_answer(send, status: int, body: bytes, headers: list) -> None:
    """A whole answer in its two ASGI messages, with its length."""
    length = (b"content-length", str(len(body)).encode())
    await send({"type": "http.response.start", "status": status, "headers": [length, *headers]})
    await send({"type": "http.response.body", "body": body})


class _secured:  # noqa: N801 - used as a function
    """``send`` with :data:`COMMON` and a CSP (unless the answer has one) in the answer's head."""

    __slots__ = ("send", "started")

    def __init__(self, send) -> None:
        self.send, self.started = send, False

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", ()) if k not in _OURS]
            if not any(k == _CSP for k, _ in headers):
                headers.append((_CSP, OTHER_POLICY))
            message = {**message, "headers": headers + COMMON}
            self.started = True
        await self.send(message)


def secured(app):
    """``app`` with :class:`SecurityHeaders` and Starlette's gzip around it."""
    return GZipMiddleware(SecurityHeaders(app), minimum_size=GZIP_MIN_BYTES)
