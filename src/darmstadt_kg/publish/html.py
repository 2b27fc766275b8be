"""The static site's HTML helpers: the page frame (shared with the server, see
:mod:`darmstadt_kg.templates`) and how a term is shown in the index pages.

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

__all__ = [
    "esc", "page", "term_html", "link_to", "json_script", "table", "site_nav", "switch", "NAV",
    "SUFFIX", "FOOTER",
]  # fmt: skip


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
    return (
        f'<div class="table-wrap"><table class="wide">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}</tbody>\n</table></div>\n"
    )


#: (path from the site root, English, German) of the navigation on every page of the site
NAV = (
    ("index{de}.html", "Home", "Start"),
    ("doc/darmstadt{de}.html", "Darmstadt", "Darmstadt"),
    ("explore/index.html", "Network explorer", "Netzwerk-Explorer"),
    ("explore/geo.html", "Map", "Karte"),
    ("queries/index.html", "Questions", "Fragen"),
    ("sparql/index.html", "SPARQL", "SPARQL"),
    ("ontology/index.html", "Ontology", "Ontologie"),
)
#: the file suffix of a page in each language (``doc/graz.html``, ``doc/graz.de.html``)
SUFFIX = {"en": "", "de": ".de"}


def site_nav(root: str, lang: str = "en") -> list[tuple[str, str]]:
    """The static site's navigation, relative to a page ``root`` levels down, in ``lang``
    (links to the pages in that language where the site has them)."""
    return [
        (root + path.format(de=SUFFIX[lang]), de if lang == "de" else en) for path, en, de in NAV
    ]


def switch(href_of_lang, lang: str) -> dict[str, str]:
    """The link to the same page in the other language: ``href_of_lang(other)`` is its path."""
    other = "de" if lang == "en" else "en"
    text = "Deutsch" if other == "de" else "English"
    return {"href": href_of_lang(other), "lang": other, "text": text}


FOOTER = "Data: CC BY 4.0 — source: Wissenschaftsstadt Darmstadt, “Netzwerke und Kooperationen”."


def page(
    title: str, body: str, root: str, head: str = "", lang: str = "en", **options
) -> str:
    """A whole HTML document in the shared frame (:mod:`darmstadt_kg.templates`). ``root`` is
    the relative path to the site root (``""``, ``"../"``); ``body`` must already be HTML;
    ``options`` go to :func:`darmstadt_kg.templates.frame`."""
    from darmstadt_kg.templates import frame

    return frame(
        title,
        body,
        nav=site_nav(root, lang),
        lang=lang,
        head=head,
        footer=FOOTER,
        script_href=f"{root}site.js",
        **options,
    )
