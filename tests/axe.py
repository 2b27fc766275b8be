"""axe-core (from npm) run in Chromium over a list of page kinds: the critical and serious
WCAG 2.1 A/AA violations of each (tests/test_accessibility*.py)."""

from __future__ import annotations

from pathlib import Path

from tests.page_kinds import PageKind

__all__ = ["AXE", "AXE_URL", "RUN", "VIEWPORTS", "serve_axe", "run_axe", "axe_every_page"]

VIEWPORTS = [(1280, 800), (390, 844)]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
#: where a page loads axe-core from: answered by :func:`serve_axe`, never by a network. By URL,
#: Chromium compiles it once for the browser, not once per page as an inline script: over the
#: 116 pages of the static site's check, 12.7 s → 7.1 s to inject, 15.8 s → 13.0 s to run
AXE_URL = "http://axe-core.test/axe.min.js"
RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def serve_axe(target) -> None:
    """Answer ``AXE_URL`` with axe-core (from npm) in ``target``, a page or a browser context."""
    target.route(
        AXE_URL, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript")
    )


def run_axe(page, run: str = RUN) -> list[dict]:
    """axe-core's critical and serious violations on ``page`` (``serve_axe`` first, on it or
    on its context)."""
    page.add_script_tag(url=AXE_URL)
    return page.evaluate(run)


def axe_every_page(browser, base: str, kinds: list[PageKind], size: tuple[int, int]) -> dict:
    """``{page kind: its critical and serious violations}`` over every kind, in one browser
    context at ``size``; each page must answer with its kind's status."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    found: dict[str, list] = {}
    serve_axe(context)
    try:
        page = context.new_page()
        for kind in kinds:
            answer = page.goto(base + kind.path)
            assert answer is not None and answer.status == kind.status, (kind, answer)
            page.wait_for_function(kind.ready, timeout=60_000)
            violations = run_axe(page)
            if violations:
                found[kind.name] = violations
    finally:
        context.close()
    return found
