"""The SPARQL editor in headless Chromium with the network cut off: it loads and runs a query."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_editor_runs_a_library_query_offline(browser, live_server):
    context = browser.new_context()
    blocked: list[str] = []

    def only_local(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/", wait_until="load")
    page.wait_for_function("window.darmstadtYasgui !== undefined", timeout=30_000)
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
    page.wait_for_selector(".yasr:visible .dkg-map .dkg-point", timeout=30_000)  # a map (#16)
    page.evaluate("window.darmstadtYasgui.getTab().getYasr().selectPlugin('table')")
    page.wait_for_selector(".yasr:visible >> text=Irene Schewe", timeout=30_000)
    results = page.locator(".yasr:visible").inner_text()
    assert results.count("international@darmstadt.de") >= 17
    assert "^^" not in results and "…" not in results  # plain values, nothing cut off
    page.screenshot(path="test-artifacts/editor-results.png")
    assert errors == []
    assert blocked == [], f"the editor tried to reach the network: {blocked}"
    context.close()
