"""The explorer (the colleague's pyvis page) at 100, 1,000 and 5,000 nodes in headless Chromium.

The network comes from a generated data set through the project's own ``build_network``; a
subgraph of N nodes is taken in breadth-first order from the biggest hub so it stays
connected. Measured: time to build the HTML (``explorer_html``), its size, and time from
navigation until the page reports its first complete drawing (``window.dkgExplorer.readyMs``;
the layout is fixed, physics is off, so the first drawing is the stable picture), and whether
the page still answers a script afterwards (not frozen), how many nodes it draws and the
message it shows when it caps a big network.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # the one launch recipe, shared with the tests

__all__ = ["subnetwork", "build_page", "measure_pages"]


def subnetwork(graph, size: int):
    """``size`` nodes of ``graph`` in breadth-first order from its highest-degree node."""
    undirected = graph.to_undirected(as_view=True)
    chosen: list[str] = []
    seen: set[str] = set()
    for start in sorted(graph, key=lambda n: -graph.degree(n)):
        if start in seen:
            continue
        frontier = [start]
        seen.add(start)
        while frontier and len(chosen) < size:
            node = frontier.pop(0)
            chosen.append(node)
            for nxt in sorted(undirected[node]):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        if len(chosen) >= size:
            break
    return graph.subgraph(chosen).copy()


def build_page(graph, out: Path) -> tuple[float, int, int, int]:
    """Write the explorer page of ``graph``: (seconds, bytes, nodes, edges)."""
    from darmstadt_kg.visualise import explorer_html

    started = time.perf_counter()
    html = explorer_html(graph, view="whole", lang="en")
    seconds = time.perf_counter() - started
    out.write_text(html, encoding="utf-8")
    return seconds, len(html.encode()), graph.number_of_nodes(), graph.number_of_edges()


def measure_pages(pages: list[Path], timeout: float = 60.0) -> list[dict]:
    """Open each page in headless Chromium: seconds until drawn, and whether it still answers."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for page_file in pages:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                started = time.perf_counter()
                try:
                    page.goto(page_file.resolve().as_uri(), timeout=timeout * 1000)
                    page.wait_for_function(
                        "window.dkgExplorer && window.dkgExplorer.readyMs !== undefined",
                        timeout=timeout * 1000,
                    )
                    wall = time.perf_counter() - started
                    ready_ms = page.evaluate("window.dkgExplorer.readyMs")
                    probe = time.perf_counter()
                    page.evaluate("1 + 1")
                    answers = time.perf_counter() - probe
                    results.append(
                        {
                            "seconds": wall,
                            "ready_ms": ready_ms,
                            "answers_after_s": answers,
                            "shown": page.evaluate("window.dkgExplorer.nodes.length"),
                            "note": page.evaluate(
                                "(document.getElementById('note') || {}).textContent || ''"
                            ).strip(),
                        }
                    )
                except Exception as err:  # noqa: BLE001 - a frozen page is a result
                    results.append(
                        {
                            "error": f"{type(err).__name__}: {str(err)[:160]}",
                            "seconds": time.perf_counter() - started,
                        }
                    )
                finally:
                    page.close()
        finally:
            browser.close()
    return results
