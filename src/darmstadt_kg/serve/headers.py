"""Headers every answer carries: CORS, ``nosniff``, no framing, and a Content Security Policy.

The policy of an HTML page allows its own inline scripts by their SHA-256 hashes (computed
here from the page), so no ``'unsafe-inline'`` is needed and a ``javascript:`` link in the
data cannot run. An exception below this middleware becomes a one-line 500 with the same
headers (never a traceback to the client); the operator's log (stderr) gets the traceback, once
per request, so that a 500 can be diagnosed.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re

__all__ = ["SecurityHeaders", "html_policy", "COMMON"]

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"access-control-allow-origin", b"*"),
]
_LOG = logging.getLogger("darmstadt_kg.serve")
_OURS = frozenset(name for name, _ in COMMON)  # replaced in every answer
_OTHER_POLICY = b"default-src 'none'; frame-ancestors 'none'"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


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


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`COMMON` and a CSP to every HTTP answer."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        start: dict | None = None
        parts: list[bytes] = []

        async def wrapped(message) -> None:
            nonlocal started, start
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in _OURS]
                message = {**message, "headers": headers + COMMON}
                media = b""
                for k, v in headers:  # the last one, as a dict of them would keep
                    if k == b"content-type":
                        media = v
                if media.startswith(b"text/html"):
                    start = message  # hold until the body is known, to hash its scripts
                    return
                message["headers"].append((b"content-security-policy", _OTHER_POLICY))
                started = True
                await send(message)
                return
            if start is not None:
                parts.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(parts)
                start["headers"] = [
                    (k, v) for k, v in start["headers"] if k.lower() != b"content-length"
                ] + [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-security-policy", html_policy(body)),
                ]
                started = True
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        except Exception:  # noqa: BLE001 - one line to the client; the server goes on
            if started:
                raise
            _LOG.exception("internal error answering %s %s", scope.get("method"), scope.get("path"))
            body = b"internal error: the request could not be answered - retry or report it\n"
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"cache-control", b"no-store"),
                        *COMMON,
                        (b"content-security-policy", _OTHER_POLICY),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
