"""axe-core (from npm) in Chromium: no critical or serious WCAG 2.1 A/AA violation on every
distinct page of the static site (tests/page_kinds.py names them: the front door, the explorer's
views, questions, ontology, SPARQL, classes and levels, and resource pages; in English and
German) at 1280x800 and at 390x844.

One template draws every resource page, so a part (an element with its class and role) looks
the same on every page that has it: of the resource pages, each width checks the fewest that
together show every part any resource page of a type has (tests/page_kinds.every_part_once; 4
of the 49 types, with their German twins); at 390x844 a German page is left out where its
English twin has every part it has (all of them are: one template draws both, and the words
of both are checked at 1280x800). What a page's own words can break — a link without
a name, a language tag that is not one, an id used twice, an image without ``alt``, a page
without a title (axe's link-name, valid-lang, duplicate-id, image-alt, document-title) — is
checked without a browser on every resource page of the site, all 612, not one per type.

The session's site is checked; the pages a release adds (its index, its changes, a removed
resource's page) are checked in tests/test_publish_releases.py, on its two releases. Its own
module, so that the test processes of `make test` share the work."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darmstadt_kg.load import get_rdflib_graph
from tests.axe import VIEWPORTS, axe_every_page
from tests.page_kinds import (
    alike_in_one_language,
    every_part_once,
    first_of_each_type,
    in_folder,
    site_pages,
)
from tests.static_site import serve_folder


@pytest.fixture(scope="module")
def served_site(site: Path):
    with serve_folder(site) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_of_the_static_site_has_no_serious_axe_violation(
    browser, site, served_site, size
):
    graph = get_rdflib_graph()
    kinds = site_pages(graph)
    # a resource page of each type the site has a class page for, in English and German
    classes = {p.name for p in (site / "classes").glob("*.html")}
    assert len(first_of_each_type(graph)) * 2 == len(classes - {"index.html", "index.de.html"})
    every = len(kinds)
    kinds = every_part_once(kinds, site)  # every part of a resource page once (the module)
    assert 4 <= sum(k.name.startswith("resource ") for k in kinds) < every / 4
    if size != VIEWPORTS[0]:  # the phone: a German twin with no part of its own is left out
        both = len(kinds)
        kinds = alike_in_one_language(kinds, in_folder(site))
        assert sum(k.name.endswith("-en") for k in kinds) * 2 == both
    assert axe_every_page(browser, served_site, kinds, size) == {}


#: a language tag as BCP 47 writes it (RFC 5646: a 2–3 letter language, then subtags)
LANGUAGE_TAG = re.compile(
    r"[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*"
)


class _Words(HTMLParser):
    """What a page's words decide for axe: ids, language tags, images without alt, and the
    text (or label) of each link and of the title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()
        self.langs: list[str] = []
        self.bare_images = 0
        self.links: list[str] = []  # each link's name, in order
        self.title = ""
        self.html_lang = ""
        self._open_links: list[list[str]] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
        if "lang" in a:
            self.langs.append(a["lang"] or "")
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        if tag == "img" and "alt" not in a:
            self.bare_images += 1
        if tag == "img" and self._open_links:
            self._open_links[-1].append(a.get("alt") or "")
        if tag == "a" and "href" in a:
            self._open_links.append([a.get("aria-label") or a.get("title") or ""])
        self._in_title = tag == "title"

    def handle_endtag(self, tag) -> None:
        if tag == "a" and self._open_links:
            self.links.append(" ".join("".join(self._open_links.pop()).split()))
        self._in_title = False

    def handle_data(self, data) -> None:
        if self._open_links:
            self._open_links[-1].append(data)
        if self._in_title:
            self.title += data


def test_every_resource_pages_words_pass_axes_content_rules(site: Path):
    pages = sorted((site / "doc").glob("*.html"))
    assert len(pages) >= 600
    found = {}
    for page in pages:
        words = _Words()
        words.feed(page.read_text(encoding="utf-8"))
        broken = {
            "duplicate-id": sorted(i for i, n in words.ids.items() if n > 1),
            "valid-lang": [t for t in words.langs if not LANGUAGE_TAG.fullmatch(t)],
            "image-alt": words.bare_images,
            "link-name": words.links.count(""),
            "document-title": not words.title.strip(),
            "html-has-lang": not words.html_lang,
        }
        broken = {rule: what for rule, what in broken.items() if what}
        if broken:
            found[page.name] = broken
    assert found == {}
