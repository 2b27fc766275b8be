"""The SPARQL editor in headless Chromium with the network cut off: it loads and runs a query."""

from __future__ import annotations

import pytest

from tests.browser import gated_page, local_only, open_editor

pytestmark = pytest.mark.browser


def test_editor_runs_a_library_query_offline(browser, live_server):
    with gated_page(browser, local_only) as gated:
        page = gated.page
        open_editor(page, live_server)
        first = page.evaluate("window.darmstadtYasgui.getTab().getQuery()")
        assert first.lstrip().startswith("PREFIX") and "#+" not in first  # header shown as text
        page.click("#library-list summary")
        page.click("#examples li:has(code:text-is('partner-cities')) button")
        tab = page.evaluate("window.darmstadtYasgui.getTab().getName()")
        assert tab == "partner-cities"
        tabs = page.evaluate("Object.keys(window.darmstadtYasgui._tabs).length")
        assert tabs == 2  # the first query is still there, in its own tab
        editor_text = page.evaluate("window.darmstadtYasgui.getTab().getQuery()")
        assert "dkg:Twinning" in editor_text
        assert page.locator(".CodeMirror-foldmarker:visible").count() == 1  # PREFIX block folded
        page.click(".yasqe_queryButton:visible")
        page.wait_for_selector(".yasr:visible [data-chart='map'] .dkg-city", timeout=30_000)
        page.evaluate("window.darmstadtYasgui.getTab().getYasr().selectPlugin('table')")
        page.wait_for_selector(".yasr:visible >> text=Irene Schewe", timeout=30_000)
        results = page.locator(".yasr:visible").inner_text()
        assert results.count("international@darmstadt.de") >= 17
        assert "^^" not in results and "…" not in results  # plain values, nothing cut off
        page.screenshot(path="test-artifacts/editor-results.png")
    assert gated.errors == []
    assert gated.blocked == [], f"the editor tried to reach the network: {gated.blocked}"
