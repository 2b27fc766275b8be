"""A small HTML renderer for the static site: the page frame and how a term is shown.

Every piece of text from the graph goes through :func:`esc`; nothing is inserted unescaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie
from darmstadt_kg.publish.common import is_dkr, label, slug_of

if TYPE_CHECKING:
    import rdflib

__all__ = ["esc", "page", "term_html", "link_to", "json_script", "table", "CSS"]

CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#1d1d1f}a{color:#0b57d0}table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}"
    "code,pre{font-size:.9em}pre{background:#f5f5f5;padding:.6rem;overflow-x:auto}"
    ".de{color:#555}.meta{color:#666;font-size:.9em}nav a{margin-right:1rem}"
)


def esc(text: object) -> str:
    """Escape text for HTML element content and attribute values."""
    return escape(str(text), quote=True)


def json_script(data: object) -> str:
    """A ``<script type="application/ld+json">`` element that cannot close early."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def link_to(href: str, text: str, lang: str | None = None) -> str:
    attr = f' lang="{esc(lang)}"' if lang else ""
    return f'<a href="{esc(href)}"{attr}>{esc(text)}</a>'


def term_html(graph: rdflib.Graph, term: object, root: str) -> str:
    """A term as HTML: a ``dkr:`` IRI links to its page (by English label), an ontology term to
    its documentation, another IRI to itself; a literal shows its language or datatype."""
    import rdflib

    from darmstadt_kg.namespaces import DKG, WD, WDT

    if isinstance(term, rdflib.Literal):
        text = f"<span>{esc(term)}</span>"
        if term.language:
            lang = esc(term.language)
            return f'<span lang="{lang}">{esc(term)}</span> <small>@{lang}</small>'
        if term.datatype is not None:
            return f"{text} <small>{esc(curie(term.datatype))}</small>"
        return text
    if is_dkr(term):
        return link_to(f"{root}doc/{slug_of(term)}.html", label(graph, term, "en"))
    text = str(term)
    if text.startswith(str(DKG)):
        return link_to(f"{root}ontology/index.html#{text[len(str(DKG)) :]}", curie(term))
    if text.startswith((str(WD), str(WDT))):
        return link_to(text, f"Wikidata {text.rsplit('/', 1)[-1]}")
    return link_to(text, curie(term))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """An HTML table; ``headers`` are escaped here, cells must already be HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def page(title: str, body: str, root: str, head: str = "", lang: str = "en") -> str:
    """A whole HTML document. ``root`` is the relative path to the site root (``""``, ``"../"``)."""
    nav = (
        f'<nav><a href="{root}index.html">darmstadt-kg</a>'
        f'<a href="{root}classes/index.html">Classes</a>'
        f'<a href="{root}levels/index.html">Network levels</a>'
        f'<a href="{root}queries/index.html">Questions</a>'
        f'<a href="{root}ontology/index.html">Ontology</a>'
        f'<a href="{root}explore/index.html">Network</a>'
        f'<a href="{root}void.ttl">VoID</a></nav>'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n{head}</head>\n<body>\n{nav}\n"
        f'{body}\n<footer class="meta"><p>Data: CC BY 4.0 — source: Wissenschaftsstadt '
        f"Darmstadt, “Netzwerke und Kooperationen”.</p></footer>\n</body>\n</html>\n"
    )
