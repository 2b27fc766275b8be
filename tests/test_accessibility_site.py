"""axe-core (from npm) in Chromium: no critical or serious WCAG 2.1 A/AA violation on every
distinct page of the static site (tests/page_kinds.py names them: the front door, a resource
page of each rdf:type, the explorer's views, questions, ontology, SPARQL, classes, levels,
releases and changelog, a removed resource's page; in English and German) at 1280x800; the same
at 390x844 in tests/test_accessibility_site_phone.py — two modules, so that the test processes
of `make test` check the two sizes at once."""

from __future__ import annotations

import pytest

from tests.axe import site_violations

pytestmark = pytest.mark.browser


def test_every_page_of_the_static_site_has_no_serious_axe_violation_on_a_desktop(
    browser, release_site
):
    assert site_violations(browser, release_site, (1280, 800)) == {}
