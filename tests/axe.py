"""axe-core (from npm) run in Chromium over a list of page kinds: the critical and serious
WCAG 2.1 A/AA violations of each (tests/test_accessibility*.py)."""

from __future__ import annotations

from pathlib import Path

from tests.page_kinds import PageKind

__all__ = ["AXE", "RUN", "VIEWPORTS", "axe_every_page"]

VIEWPORTS = [(1280, 800), (390, 844)]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def axe_every_page(browser, base: str, kinds: list[PageKind], size: tuple[int, int]) -> dict:
    """``{page kind: its critical and serious violations}`` over every kind, in one browser
    context at ``size``; each page must answer with its kind's status."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    found: dict[str, list] = {}
    axe = AXE.read_text(encoding="utf-8")
    try:
        page = context.new_page()
        for kind in kinds:
            answer = page.goto(base + kind.path)
            assert answer is not None and answer.status == kind.status, (kind, answer)
            page.wait_for_function(kind.ready, timeout=60_000)
            page.add_script_tag(content=axe)
            violations = page.evaluate(RUN)
            if violations:
                found[kind.name] = violations
    finally:
        context.close()
    return found
