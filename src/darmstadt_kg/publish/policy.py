"""The security headers of the static site: ``serve``'s, for the generated server configurations.

The names and values come from :mod:`darmstadt_kg.serve.headers` (``COMMON``, the CSP of
HTML pages and of everything else), so the site behind nginx or Apache answers with the same
headers as ``serve``. ``serve`` hashes each page's inline scripts into that page's CSP; a static
server sends one policy for every page, so :func:`site_html_policy` hashes the inline scripts of
all the site's pages (data blocks such as JSON-LD are not run, and not hashed).
"""

from __future__ import annotations

import re
from pathlib import Path

from darmstadt_kg.serve.headers import COMMON, INLINE_SCRIPT, OTHER_POLICY, html_policy

__all__ = ["common_headers", "site_html_policy", "other_policy", "CSP"]

CSP = "Content-Security-Policy"
_DATA_BLOCK = re.compile(
    rb"<script[^>]*\btype=[\"']?application/(?:ld\+)?json[^>]*>.*?</script>", re.S | re.I
)


def common_headers() -> list[tuple[str, str]]:
    """``(name, value)`` of the headers every answer carries (``serve``'s ``COMMON``)."""
    return [(name.decode(), value.decode()) for name, value in COMMON]


def other_policy() -> str:
    """The CSP of every answer that is not HTML."""
    return OTHER_POLICY.decode()


def site_html_policy(folder: Path | None = None) -> str:
    """The CSP of the site's HTML pages: ``serve``'s policy over the inline scripts of every
    ``*.html`` under ``folder`` (none when ``folder`` is None)."""
    scripts: set[bytes] = set()  # each distinct inline script once
    if folder is not None:
        for page in Path(folder).rglob("*.html"):
            body = _DATA_BLOCK.sub(b"", page.read_bytes())
            scripts.update(m.group(0) for m in INLINE_SCRIPT.finditer(body))
    return html_policy(b"".join(sorted(scripts))).decode()
