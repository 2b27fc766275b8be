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
    page.click("#examples a:text-is('partner-cities')")
    editor_text = page.evaluate("window.darmstadtYasgui.getTab().getQuery()")
    assert "dkg:Twinning" in editor_text
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .dkg-map .dkg-point", timeout=30_000)  # opens as a map (#16)
    page.evaluate("window.darmstadtYasgui.getTab().getYasr().selectPlugin('table')")
    page.wait_for_selector(".yasr >> text=Irene Schewe", timeout=30_000)
    assert page.locator(".yasr").inner_text().count("international@darmstadt.de") >= 17
    assert errors == []
    assert blocked == [], f"the editor tried to reach the network: {blocked}"
    context.close()
