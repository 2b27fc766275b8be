"""Media types of results and graphs, and choosing one from ``Accept`` (werkzeug's parser:
quality values, wildcards, ``q=0``) or a ``format`` parameter."""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "FORMAT_ALIASES", "choose", "parse_accept", "wants_html"]

# name → media type, first is the default
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_EXTRA = {  # further media types that name a format
    "application/json": "json",
    "text/plain": "ntriples",
    "application/xml": "xml",
    "text/xml": "xml",
}
FORMAT_ALIASES = {  # what a ``format`` or ``output`` parameter may say
    **{name: name for name in [*RESULT_TYPES, *GRAPH_TYPES, "html"]},
    **{media: name for name, media in [*RESULT_TYPES.items(), *GRAPH_TYPES.items()]},
    **_EXTRA,
    "text/html": "html",
    "srj": "json",
    "srx": "xml",
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "xml-rdf": "rdfxml",
}


@lru_cache(maxsize=512)
def parse_accept(header: str | None):
    """``Accept`` parsed by werkzeug (a ``MIMEAccept``: quality values, ``q=0`` excludes)."""

    return parse_accept_header(header or "*/*", MIMEAccept)


def choose(accept: str | None, offered: dict[str, str]) -> str | None:
    """The name of the best offered format for ``accept`` (None: nothing acceptable); no
    ``Accept`` means anything, and among equally good types the first offered wins."""
    return _choose(accept, tuple(offered.items()))


@lru_cache(maxsize=2048)
def _choose(accept: str | None, offered: tuple[tuple[str, str], ...]) -> str | None:
    names = {name for name, _ in offered}
    by_type = {media: name for name, media in offered}
    for alias, name in _EXTRA.items():
        if name in names:
            by_type.setdefault(alias, name)
    best = parse_accept(accept).best_match(list(by_type))
    return by_type.get(best) if best else None


def wants_html(accept: str | None) -> bool:
    """True when ``accept`` names HTML itself (a browser), not only through a wildcard."""
    if not accept:
        return False
    parsed = parse_accept(accept)
    named = any(value in _HTML and q > 0 for value, q in parsed)
    return named and choose(accept, {"html": "text/html", **GRAPH_TYPES}) == "html"


_HTML = ("text/html", "application/xhtml+xml")
