"""The static site's page frame (shared with the server, see :mod:`darmstadt_kg.templates`),
its navigation and language links.

Pages are rendered from Jinja2 templates with autoescaping; :func:`esc` and :func:`link_to`
remain for the in-browser SPARQL page, and escape through markupsafe as the templates do.
"""

from __future__ import annotations

from markupsafe import Markup, escape

__all__ = [
    "esc",
    "page",
    "link_to",
    "site_nav",
    "switch",
    "NAV",
    "SUFFIX",
    "FOOTER",
    "FOOTERS",
]


def esc(text: object) -> str:
    """Escape text for HTML element content and attribute values."""
    return str(escape(str(text)))


def link_to(href: str, text: str, lang: str | None = None) -> str:
    """An ``<a>`` element, every part escaped."""
    if lang:
        return str(Markup('<a href="{}" lang="{}">{}</a>').format(href, lang, text))
    return str(Markup('<a href="{}">{}</a>').format(href, text))


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
#: the footer of a page in each language
FOOTERS = {
    "en": FOOTER,
    "de": "Daten: CC BY 4.0 — Quelle: Wissenschaftsstadt Darmstadt, „Netzwerke und Kooperationen“.",
}


def page(title: str, body: str, root: str, head: str = "", lang: str = "en", **options) -> str:
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
        footer=FOOTERS[lang],
        script_href=f"{root}site.js",
        **options,
    )
