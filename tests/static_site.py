"""A built static site served over HTTP on 127.0.0.1 by a thread of the test process, as any
static host would serve it (``.wasm`` as ``application/wasm``), for the browser tests."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["serve_folder", "ask_in_page", "JSON_ACCEPT"]

JSON_ACCEPT = "application/sparql-results+json,*/*;q=0.9"  # what YASGUI sends for SELECT


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder``; yields its base URL (no trailing slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def ask_in_page(page, query: str, accept: str = JSON_ACCEPT) -> dict:
    """The query sent to the static SPARQL page's pseudo-endpoint the way YASGUI sends it (a
    POST form); the answer's status, Content-Type and body."""
    return page.evaluate(
        """async ([query, accept]) => {
            const answer = await fetch("query", {
                method: "POST",
                headers: {Accept: accept, "Content-Type": "application/x-www-form-urlencoded"},
                body: new URLSearchParams({query: query}).toString(),
            });
            return {status: answer.status, type: answer.headers.get("Content-Type"),
                    body: await answer.text()};
        }""",
        [query, accept],
    )
