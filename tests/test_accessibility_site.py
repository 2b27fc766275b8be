"""axe-core (from npm) in Chromium: no critical or serious WCAG 2.1 A/AA violation on every
distinct page of the static site (tests/page_kinds.py names them: the front door, a resource
page of each rdf:type, the explorer's views, questions, ontology, SPARQL, classes and levels;
in English and German) at 1280x800; at 390x844 the same pages but with the resource pages cut
to the fewest that show every part a resource page has (tests/page_kinds.every_part_once: one
template draws them all, and what the width changes is the layout of those parts, not the
words). The session's site is checked; the pages a release adds (its index, its changes, a
removed resource's page) are checked in tests/test_publish_releases.py, on its two releases.
Its own module, so that the test processes of `make test` share the work."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.load import get_rdflib_graph
from tests.axe import VIEWPORTS, axe_every_page
from tests.page_kinds import every_part_once, first_of_each_type, site_pages
from tests.static_site import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_site(site: Path):
    with serve_folder(site) as base:
        yield base


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_of_the_static_site_has_no_serious_axe_violation(
    browser, site, served_site, size
):
    graph = get_rdflib_graph()
    kinds = site_pages(graph)
    # a resource page of each type the site has a class page for, in English and German
    classes = {p.name for p in (site / "classes").glob("*.html")}
    assert len(first_of_each_type(graph)) * 2 == len(classes - {"index.html", "index.de.html"})
    if size != VIEWPORTS[0]:  # the phone: every part of a resource page once
        every = len(kinds)
        kinds = every_part_once(kinds, site)
        assert 4 <= sum(k.name.startswith("resource ") for k in kinds) < every / 4
    assert axe_every_page(browser, served_site, kinds, size) == {}
