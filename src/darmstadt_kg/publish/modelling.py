"""The modelling guide (``ontology/MODELLING.md``) rendered to HTML for the ontology page.

Markdown goes through markdown-it-py (CommonMark with tables; raw HTML in the text is escaped,
not passed through). Headings move two
levels down (the guide sits under the page's ``<h2>``) and get ids ``<id_prefix><slug>``. Only
``http(s)`` and in-page (``#``) links stay links; a link to a file of the repository (which the
site does not publish) shows its text alone.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from darmstadt_kg import paths

__all__ = ["modelling_html", "markdown_html"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_FOLLOWED = ("http://", "https://", "#")


def _unlink(children: list) -> list:
    """The inline tokens without the links a reader of the site could not follow."""
    out, dropped = [], 0
    for child in children:
        if child.type == "link_open" and not str(child.attrGet("href")).startswith(_FOLLOWED):
            dropped += 1
            continue
        if child.type == "link_close" and dropped:
            dropped -= 1
            continue
        out.append(child)
    return out


def markdown_html(text: str, id_prefix: str = "modelling-") -> str:
    """HTML for ``text``; headings get ids ``<id_prefix><slug>``."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # every link parses as one; _unlink keeps the safe ones
    tokens = md.parse(text)
    for i, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
        if token.type == "heading_open":
            token.attrSet("id", id_prefix + _slug(tokens[i + 1].content))
        if token.type == "inline" and token.children:
            token.children = _unlink(token.children)
    return md.renderer.render(tokens, md.options, {})


def modelling_html() -> str:
    """The modelling guide as HTML (empty if the guide is not shipped)."""
    path = paths.ontology_dir() / "MODELLING.md"
    return markdown_html(path.read_text(encoding="utf-8")) if path.is_file() else ""
