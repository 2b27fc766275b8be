"""Content negotiation for the generated server configurations, as ordered regular expressions.

nginx (``map``) and Apache (``RewriteCond``) can only test ``Accept`` against regular
expressions, first match wins. The list below makes that weigh quality values:

- a media type counts only with a quality above zero (``text/html;q=0`` refuses HTML);
- the types are tried in tiers of quality, highest first: ``q=1`` (or no ``q``), then the tiers
  ``q=0.9…``, ``q=0.8…`` down to ``q=0.1…``, then anything above zero; within one tier the
  preference order of :data:`TYPES` decides (HTML, Turtle, JSON-LD, N-Triples, RDF/XML).
  Qualities in the same tenth (0.95 and 0.9) count as equal;
- no ``Accept``, ``*/*`` only, or nothing we offer: HTML (the caller's default).

One list, written into both configurations (``nginx.py``, ``htaccess.py``), so the two servers
choose alike; tests compare their choices with ``serve``'s parser (werkzeug's).
"""

from __future__ import annotations

__all__ = ["TYPES", "DEFAULT", "accept_patterns"]

TYPES: tuple[tuple[str, str], ...] = (
    # (regular expression of the media types, extension), in order of preference
    (r"text/html|application/xhtml[+]xml", "html"),
    (r"text/turtle|application/x-turtle", "ttl"),
    (r"application/ld[+]json", "jsonld"),
    (r"application/n-triples", "nt"),
    (r"application/rdf[+]xml", "rdf"),
)
DEFAULT = "html"

_START = r"(?:^|,)\s*(?:"
_NO_Q = r"\s*(?:;\s*(?!q\s*=)[^,;]*)*"  # parameters other than q
_END = _NO_Q + r"\s*(?:,|$)"  # then the end of this media range


def _tiers() -> list[str]:
    """Regular expressions of the ``q`` parameter, one per tier, highest first."""
    tiers = [r"(?:;\s*q\s*=\s*1(?:\.0{0,3})?)?"]  # q=1 or no q at all
    tiers += [rf";\s*q\s*=\s*0?\.{digit}\d{{0,2}}" for digit in range(9, 0, -1)]
    tiers.append(r";\s*q\s*=\s*0?\.0\d?[1-9]")  # 0.001 … 0.099
    return tiers


def accept_patterns() -> list[tuple[str, str]]:
    """``(regular expression over Accept, extension)`` pairs; the first that matches wins
    (case-insensitive); when none matches, :data:`DEFAULT`."""
    return [
        (_START + types + ")" + _NO_Q + tier + _END, ext)
        for tier in _tiers()
        for types, ext in TYPES
    ]
