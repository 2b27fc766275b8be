"""The static site's page frame (shared with the server, see :mod:`darmstadt_kg.templates`),
its navigation and language links.

Every page's HTML comes from a Jinja2 template with autoescaping (:mod:`darmstadt_kg.templates`);
no module writes HTML in Python strings (``tests/test_layout.py`` checks).
"""

from __future__ import annotations

from darmstadt_kg.publish.assets import missing_assets
from darmstadt_kg.templates import frame

__all__ = [
    "page",
    "site_nav",
    "SPARQL_PAGE",
    "switch",
    "NAV",
    "SUFFIX",
    "in_lang",
    "FOOTER",
    "FOOTERS",
]


SPARQL_PAGE = "sparql/index.html"
#: (path from the site root, English, German) of the navigation on every page of the site
NAV = (
    ("index{de}.html", "Home", "Start"),
    ("doc/darmstadt{de}.html", "Darmstadt", "Darmstadt"),
    ("explore/index{de}.html", "Network explorer", "Netzwerk-Explorer"),
    ("explore/geo{de}.html", "Map", "Karte"),
    ("queries/index{de}.html", "Questions", "Fragen"),
    ("sparql/index{de}.html", "SPARQL", "SPARQL"),
    ("ontology/index{de}.html", "Ontology", "Ontologie"),
)
#: the file suffix of a page in each language (``doc/graz.html``, ``doc/graz.de.html``)
SUFFIX = {"en": "", "de": ".de"}


def site_nav(root: str, lang: str = "en") -> list[tuple[str, str]]:
    """The static site's navigation, relative to a page ``root`` levels down, in ``lang``
    (links to the pages in that language where the site has them; the SPARQL page only where
    its front-end files are installed, as the site then has it)."""
    shown = [entry for entry in NAV if not entry[0].startswith("sparql/") or not missing_assets()]
    return [
        (root + path.format(de=SUFFIX[lang]), de if lang == "de" else en) for path, en, de in shown
    ]


def in_lang(path: str, lang: str) -> str:
    """``path`` of an English page (``queries/index.html``) as the page in ``lang``."""
    return path.removesuffix(".html") + SUFFIX[lang] + ".html"


def switch(href_of_lang, lang: str) -> dict[str, str]:
    """The link to the same page in the other language: ``href_of_lang(other)`` is its path."""
    other = "de" if lang == "en" else "en"
    text = "Deutsch" if other == "de" else "English"
    return {"href": href_of_lang(other), "lang": other, "text": text}


FOOTER = "Data: CC BY 4.0 — source: Wissenschaftsstadt Darmstadt, “Netzwerke und Kooperationen”."
#: the footer of a page in each language
FOOTERS = {
    "en": FOOTER,
    "de": "Daten: CC BY 4.0 — Quelle: Wissenschaftsstadt Darmstadt, „Netzwerke und Kooperationen“.",
}


def page(title: str, body: str, root: str, head: str = "", lang: str = "en", **options) -> str:
    """A whole HTML document in the shared frame (:mod:`darmstadt_kg.templates`). ``root`` is
    the relative path to the site root (``""``, ``"../"``); ``body`` must already be HTML;
    ``options`` go to :func:`darmstadt_kg.templates.frame`."""

    return frame(
        title,
        body,
        nav=site_nav(root, lang),
        lang=lang,
        head=head,
        footer=FOOTERS[lang],
        script_href=f"{root}site.js",
        **options,
    )
