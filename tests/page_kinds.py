"""Every distinct kind of page a reader can reach, on the static site and on the server, for the
browser tests that must see each one (axe-core, screenshots).

A kind is one template in one language: the front door, a resource page of each ``rdf:type``
in use (the first resource of that type), the explorer's views, the questions, the ontology,
SPARQL, the class and level indexes, the releases with their changelog and a removed
resource's page (410, in a site with two releases: :func:`release_pages`), and the server's
error page (404). :func:`every_part_once` picks the fewest resource pages that together show
every part a resource page can have; :func:`alike_in_one_language` leaves out a German page
whose English twin has every part it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import httpx
from rdflib.namespace import RDF

from darmstadt_kg.namespaces import curie
from darmstadt_kg.publish.common import is_dkr, slug_of

__all__ = [
    "PageKind",
    "EXPLORER_READY",
    "SPARQL_READY",
    "LOADED",
    "first_of_each_type",
    "site_pages",
    "release_pages",
    "every_part_once",
    "alike_in_one_language",
    "in_folder",
    "over_http",
    "parts_of",
    "server_pages",
]

#: true once the explorer has drawn its opening view
EXPLORER_READY = "document.documentElement.dataset.ready === 'true'"
#: true once every chart of the page (charts.js) is drawn
CHARTS_READY = (
    "[...document.querySelectorAll('.dkg-chart')].every(c => c.dataset.ready === 'true')"
    " && document.readyState === 'complete'"
)
#: true once the static SPARQL page has built its editor and loaded the graph
SPARQL_READY = (
    "window.darmstadtYasgui !== undefined && "
    "/ready|bereit/.test(document.getElementById('status').textContent)"
)
#: true once the server's SPARQL editor has built its YASGUI (tests/browser.py's EDITOR_READY)
EDITOR_READY = "window.darmstadtYasgui !== undefined"
LOADED = "document.readyState === 'complete'"

SERVER_RESOURCES = ("darmstadt", "graz", "alina-seel", "twinning-darmstadt-alkmaar")


@dataclass(frozen=True)
class PageKind:
    """One kind of page: its name, its path below the base URL (starting with ``/``), a script
    expression that is true once it has drawn, and the HTTP status it is served with."""

    name: str
    path: str
    ready: str = LOADED
    status: int = 200


def first_of_each_type(graph) -> dict[str, str]:
    """``{class CURIE: slug}``: the first resource (by IRI) of each ``rdf:type`` in use."""
    found: dict[str, str] = {}
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if is_dkr(subject):
            found.setdefault(curie(cls), slug_of(subject))
    return dict(sorted(found.items()))


def _both(name: str, english: str, german: str, ready: str = LOADED) -> list[PageKind]:
    return [PageKind(f"{name}-en", english, ready), PageKind(f"{name}-de", german, ready)]


def site_pages(graph) -> list[PageKind]:
    """Every kind of page of a static site built from ``graph`` without releases (those of a
    release: :func:`release_pages`)."""
    kinds = [
        *_both("front-door", "/index.html", "/index.de.html"),
        *_both(
            "explorer-overview", "/explore/index.html", "/explore/index.de.html", EXPLORER_READY
        ),
        *_both("explorer-map", "/explore/geo.html", "/explore/geo.de.html", EXPLORER_READY),
        *_both("questions", "/queries/index.html", "/queries/index.de.html", CHARTS_READY),
        *_both("ontology", "/ontology/index.html", "/ontology/index.de.html"),
        *_both("sparql", "/sparql/index.html", "/sparql/index.de.html", SPARQL_READY),
        *_both("classes", "/classes/index.html", "/classes/index.de.html"),
        *_both("class", "/classes/dkg-City.html", "/classes/dkg-City.de.html"),
        *_both("levels", "/levels/index.html", "/levels/index.de.html"),
    ]
    for cls, slug in first_of_each_type(graph).items():
        kinds += _both(f"resource {cls}", f"/doc/{slug}.html", f"/doc/{slug}.de.html")
    return kinds


def release_pages(version: str, gone: str) -> list[PageKind]:
    """The pages a site gets from its releases: their index, the changes of ``version`` (a
    release after another) and the page of the resource ``gone`` that it removed."""
    return [
        PageKind("releases", "/releases/index.html"),
        PageKind("changelog", f"/releases/{version}/changes/index.html"),
        PageKind("gone-410", f"/gone/{gone}.html"),
    ]


def server_pages() -> list[PageKind]:
    """Every kind of page ``darmstadt-kg serve`` shows a browser.

    The server draws a resource page with the static site's function and template
    (``templates.resource.resource_page``; only where its links lead differs), and the site's
    check covers a page of every ``rdf:type``: here the pages with the most parts stand for
    them — Darmstadt (every kind of involvement), a partner city (its map), a member of staff
    (contact details) and a twinning (quotes, derived rows).

    The server's ``/ontology`` is not among them: its body is the site's ontology page's
    (``publish.ontodoc.ontology_body``), checked with the site at both widths, in the frame
    of the pages here; ``test_accessibility.py`` holds it to having no part that neither has
    (the page took a fifth of this check: 3 s of axe per page and width)."""
    kinds = [
        *_both("front-door", "/", "/?lang=de"),
        *_both(
            "explorer-overview",
            "/explore?view=whole&lang=en",
            "/explore?view=whole&lang=de",
            EXPLORER_READY,
        ),
        *_both(
            "explorer-ego",
            "/explore?view=ego&focus=darmstadt&lang=en",
            "/explore?view=ego&focus=darmstadt&lang=de",
            EXPLORER_READY,
        ),
        *_both(
            "explorer-map", "/explore?view=geo&lang=en", "/explore?view=geo&lang=de", EXPLORER_READY
        ),
        *_both("editor", "/query", "/query?lang=de", EDITOR_READY),
        PageKind("not-found-404", "/doc/no-such-resource.html", status=404),
        PageKind("no-route-404", "/no/such/page", status=404),
    ]
    for slug in SERVER_RESOURCES:
        kinds += _both(f"resource {slug}", f"/doc/{slug}.html", f"/doc/{slug}.html?lang=de")
    return kinds


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: set[tuple[str, str, str]] = set()

    def handle_starttag(self, tag, attrs) -> None:
        named = dict(attrs)
        for name in (named.get("class") or "").split() or [""]:
            self.parts.add((tag, name, named.get("role") or ""))


def parts_of(html: str) -> set[tuple[str, str, str]]:
    """The parts of a page: each ``(element, class, role)`` it has (an element without a class
    counts with ``""``)."""
    found = _Parts()
    found.feed(html)
    return found.parts


def alike_in_one_language(kinds: list[PageKind], read: Callable[[PageKind], str]) -> list[PageKind]:
    """``kinds`` without each German page whose parts (:func:`parts_of` of its HTML, as
    ``read`` gives it) its English twin has too.

    For a check at a width where what matters is the layout of the parts, when the words of
    every page are checked at another width: the twins are drawn by one template."""
    named = {k.name: k for k in kinds}
    dropped = {
        k.name
        for k in kinds
        if k.name.endswith("-de")
        and (english := named.get(k.name[: -len("-de")] + "-en")) is not None
        and parts_of(read(k)) <= parts_of(read(english))
    }
    return [k for k in kinds if k.name not in dropped]


def in_folder(folder: Path) -> Callable[[PageKind], str]:
    """``read`` for :func:`alike_in_one_language`: a page's HTML in the built site ``folder``."""
    return lambda kind: (folder / kind.path.lstrip("/")).read_text("utf-8")


def over_http(base: str) -> Callable[[PageKind], str]:
    """``read`` for :func:`alike_in_one_language`: a page's HTML as the server at ``base``
    answers it."""
    return lambda kind: httpx.get(base + kind.path, timeout=30).text


def every_part_once(kinds: list[PageKind], folder: Path) -> list[PageKind]:
    """``kinds`` with its resource pages cut to the fewest (chosen greedily, in English, each
    with its German twin) that together have every part (:func:`parts_of`) any resource page of
    ``kinds`` has in the built site ``folder``; the other kinds as they are.

    For a check whose outcome depends on the layout and not on the words (axe-core at phone
    width): a resource page of every type is drawn by one template, so a part looks the same on
    every page that has it."""
    english = [k for k in kinds if k.name.startswith("resource ") and k.name.endswith("-en")]
    read = in_folder(folder)
    has = {k.name: parts_of(read(k)) for k in english}
    wanted = set().union(*has.values()) if has else set()
    chosen: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    while seen != wanted:
        best = max(english, key=lambda k: (len(has[k.name] - seen), k.name))
        chosen.add(best.name)
        seen |= has[best.name]
    keep = chosen | {name[: -len("-en")] + "-de" for name in chosen}
    return [k for k in kinds if not k.name.startswith("resource ") or k.name in keep]
