"""Media types of results and graphs, and choosing one from ``Accept`` or a ``format`` parameter."""

from __future__ import annotations

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "FORMAT_ALIASES", "choose", "parse_accept"]

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
FORMAT_ALIASES = {
    "json": "json",
    "srj": "json",
    "application/json": "json",
    "application/sparql-results+json": "json",
    "xml": "xml",
    "srx": "xml",
    "application/sparql-results+xml": "xml",
    "csv": "csv",
    "text/csv": "csv",
    "tsv": "tsv",
    "text/tab-separated-values": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "text/turtle": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "application/ld+json": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "xml-rdf": "rdfxml",
    "application/rdf+xml": "rdfxml",
    "html": "html",
    "text/html": "html",
}
_EXTRA = {
    "application/json": "json",
    "text/plain": "ntriples",
    "application/xml": "xml",
    "text/xml": "xml",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media type, q) pairs, best first; malformed parts are skipped."""
    if not header:
        return [("*/*", 1.0)]
    items = []
    for n, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        items.append((media, q, -n))
    items.sort(key=lambda i: (i[1], i[2]), reverse=True)
    return [(m, q) for m, q, _ in items if q > 0] or []


def choose(accept: str | None, offered: dict[str, str]) -> str | None:
    """The name of the best offered format for ``accept`` (None: nothing acceptable)."""
    by_type = {media: name for name, media in offered.items()}
    for alias, name in _EXTRA.items():
        if name in offered:
            by_type.setdefault(alias, name)
    for media, _q in parse_accept(accept):
        if media in by_type:
            return by_type[media]
        if media == "*/*":
            return next(iter(offered))
        if media.endswith("/*"):
            major = media[:-1]
            for m, name in by_type.items():
                if m.startswith(major):
                    return name
    return None
