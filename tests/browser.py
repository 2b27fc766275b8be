"""Pages in Chromium with the network cut off, for the browser tests.

:func:`gated_page` opens a page in a context of its own in which every request the test does not
allow is aborted and recorded (``blocked``), and every uncaught script error is recorded
(``errors``); the browser itself comes from the ``browser`` fixture of ``tests/conftest.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "EDITOR_READY",
    "GatedPage",
    "gated_page",
    "local_only",
    "files_only",
    "under",
    "open_editor",
]

# Debian's Chromium (scripts/install-system-deps.sh), headless, with background networking,
# sync and component updates off; the benchmarks (benchmarks/explorer.py) launch it the same way.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: true once the SPARQL editor's page has built its YASGUI
EDITOR_READY = "window.darmstadtYasgui !== undefined"


@dataclass
class GatedPage:
    """A page and what it tried: requests that were blocked, script errors it raised."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def local_only(url: str) -> bool:
    """Allow only this machine's servers (127.0.0.1)."""
    return urlsplit(url).hostname == "127.0.0.1"


def files_only(url: str) -> bool:
    """Allow only ``file://`` URLs."""
    return urlsplit(url).scheme == "file"


def under(prefix: str) -> Callable[[str], bool]:
    """Allow only URLs below ``prefix`` (a site's base URL with its trailing slash)."""
    return lambda url: url.startswith(prefix)


@contextmanager
def gated_page(browser, allowed: Callable[[str], bool], **context_options) -> Iterator[GatedPage]:
    """A page in a new context (``context_options`` as for ``browser.new_context``) whose
    requests pass only where ``allowed(url)``; the context is closed afterwards."""
    context = browser.new_context(**context_options)
    gated = GatedPage(page=None)

    def gate(route) -> None:
        if allowed(route.request.url):
            route.continue_()
        else:
            gated.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    try:
        gated.page = context.new_page()
        gated.page.on("pageerror", lambda exc: gated.errors.append(str(exc)))
        yield gated
    finally:
        context.close()


def open_editor(page, base: str) -> None:
    """Load the server's SPARQL editor at ``base`` and wait until it is ready."""
    page.goto(base + "/query", wait_until="load")
    page.wait_for_function(EDITOR_READY, timeout=30_000)
