"""At the opening fit of each view, every drawn node has a legible label and no two labels meet.

Read from the drawn state in Chromium: vis-network's own label boxes (``labelModule.size``,
canvas units, set when it draws), turned into screen pixels with ``canvasToDOM``, and the
label's font size times the zoom. The page's group headings and the labels on Darmstadt's
edges in the default view are boxes too. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIEWS = {
    "whole": {},
    "whole-en": {"lang": "en"},
    "ego": {"view": "ego", "focus": "mayors-for-peace"},
    "ego-darmstadt": {"view": "ego"},
    "geo": {"view": "geo"},
}
DRAWN = """(() => {
  const x = window.dkgExplorer, net = x.network, s = net.getScale(), out = [];
  const box = (kind, id, size, px) => {
    const a = net.canvasToDOM({x: size.left, y: size.top});
    const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    out.push({kind, id, px, left: a.x, top: a.y, right: b.x, bottom: b.y});
  };
  x.nodes.get({filter: (n) => !n.hidden}).forEach((n) => {
    const m = net.body.nodes[n.id].labelModule;
    box("node", n.id, m.size, m.fontOptions.size * s);
  });
  x.edges.get({filter: (e) => !e.hidden && e.label}).forEach((e) => {
    const m = net.body.edges[e.id].labelModule;
    box("edge", e.id, m.size, m.fontOptions.size * s);
  });
  x.headings().forEach((h) => box("heading", h.text,
    {left: h.x - h.w / 2, top: h.y - h.font * 0.6, width: h.w, height: h.font * 1.2}, h.font * s));
  return out;
})()"""


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_network()


@pytest.fixture(scope="module")
def drawn(browser, graph, tmp_path_factory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("labels")
    out = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for name, options in VIEWS.items():
        path = folder / f"{name}.html"
        write_explorer(graph, path, **options)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())  # fmt: skip
        page.goto(path.as_uri())
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        out[name] = page.evaluate(DRAWN)
        page.screenshot(path=str(ARTIFACTS / f"explorer-{name}-labels.png"))
        page.close()
    return out


def _meet(a: dict, b: dict) -> bool:
    return (min(a["right"], b["right"]) > max(a["left"], b["left"])
            and min(a["bottom"], b["bottom"]) > max(a["top"], b["top"]))  # fmt: skip


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_drawn_label_is_at_least_11_px_high_on_screen(drawn, view):
    small = [(b["kind"], b["id"], round(b["px"], 1)) for b in drawn[view] if b["px"] < 11]
    assert not small, small
    assert sum(b["kind"] == "node" for b in drawn[view]) >= 9


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_two_label_boxes_meet_at_the_opening_fit(drawn, view):
    boxes = [b for b in drawn[view] if b["right"] > b["left"]]
    clashes = [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if _meet(a, b)]  # fmt: skip
    assert not clashes, clashes


def test_the_default_view_labels_each_relation_from_darmstadt_on_its_edge(drawn, graph):
    edges = [b for b in drawn["whole"] if b["kind"] == "edge"]
    partners = {v for _, v, r in graph.out_edges("darmstadt", data="relation")
                if r == "dkg:Twinning"}  # fmt: skip
    assert {f"twinning-darmstadt-{c}" for c in partners} <= {b["id"] for b in edges}
    assert "membership-darmstadt-mayors-for-peace" in {b["id"] for b in edges}
    shown = {b["id"] for b in drawn["whole"] if b["kind"] == "node"}
    assert partners <= shown and "mayors-for-peace" in shown
    assert not shown & {n for n, t in graph.nodes(data="type") if t in ("event", "place")}


def test_labels_stay_inside_the_canvas(drawn):
    for view, boxes in drawn.items():
        for b in boxes:
            assert b["left"] >= 0 and b["top"] >= 0 and b["right"] <= 1440, (view, b)
