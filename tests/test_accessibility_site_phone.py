"""axe-core in Chromium: no critical or serious WCAG 2.1 A/AA violation on every distinct page of
the static site at a phone's size, 390x844 (the desktop size: tests/test_accessibility_site.py)."""

from __future__ import annotations

import pytest

from tests.axe import site_violations

pytestmark = pytest.mark.browser


def test_every_page_of_the_static_site_has_no_serious_axe_violation_on_a_phone(
    browser, release_site
):
    assert site_violations(browser, release_site, (390, 844)) == {}
