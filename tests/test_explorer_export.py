"""Take it with you: the explorer saves what is on screen as SVG and PNG, offline, and gives an
embed snippet whose ``<iframe>`` keeps the explorer's proportions in another site's page."""

from __future__ import annotations

import base64
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from darmstadt_kg.network import build_network
from darmstadt_kg.visualise import write_explorer
from tests.browser import files_only, gated_page

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
READY = "document.documentElement.dataset.ready === 'true'"
# how many pixels of a PNG (given as base64) are not white, decoded in the page itself
DARK = """async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  const c = document.createElement("canvas");
  c.width = bitmap.width; c.height = bitmap.height;
  const g = c.getContext("2d"); g.drawImage(bitmap, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 128 && px[i + 3] > 0) dark++;
  return dark;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    graph = build_network()
    folder = tmp_path_factory.mktemp("export")
    out = {"whole": folder / "whole.html", "geo": folder / "geo.html"}
    write_explorer(graph, out["whole"])
    write_explorer(graph, out["geo"], view="geo", lang="en")
    return out


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_save_as_svg_writes_what_is_on_screen(browser, pages, size, tmp_path):
    with gated_page(browser, files_only, viewport={"width": size[0], "height": size[1]}) as gated:
        page = gated.page
        page.goto(pages["whole"].as_uri())
        page.wait_for_function(READY)
        if size[0] < 600:
            page.click("#panel-toggle")  # the export sits in the panel, folded away on a phone
        with page.expect_download() as download:
            page.click("#save-svg")
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == "darmstadt-kg-overview.svg"
        root = ET.parse(path).getroot()
        assert root.tag == f"{SVG}svg"
        width = page.evaluate("document.getElementById('network').clientWidth")
        assert root.get("width") == str(width)
        texts = {t.text for t in root.iter(f"{SVG}text")}
        shown = page.evaluate("window.dkgExplorer.besides().flatMap(b => b.lines)")
        assert set(shown) <= texts and "Troyes" in texts and "Partnerstadt seit 1958" in texts
        markers = [
            e for e in root.iter() if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")
        ]
        visible = page.evaluate("window.dkgExplorer.nodes.get({filter: n => !n.hidden}).length")
        assert len(markers) >= visible
        assert not gated.errors and not gated.blocked


def test_save_as_png_writes_the_drawing_on_white(browser, pages, tmp_path):
    with gated_page(browser, files_only, viewport={"width": 1280, "height": 800}) as gated:
        page = gated.page
        page.goto(pages["geo"].as_uri())
        page.wait_for_function(READY)
        with page.expect_download() as download:
            page.click("#save-png")
        path = tmp_path / "map.png"
        download.value.save_as(path)
        assert download.value.suggested_filename == "darmstadt-kg-map.png"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        canvas = page.evaluate(
            "[document.querySelector('#network canvas').width,"
            " document.querySelector('#network canvas').height]"
        )
        assert [width, height] == canvas
        dark = page.evaluate(DARK, base64.b64encode(data).decode("ascii"))
        assert dark > 2000, dark  # outlines, markers and names, not an empty picture
        assert not gated.errors and not gated.blocked


def test_the_embed_snippet_is_an_iframe_that_keeps_its_proportions(browser, pages, tmp_path):
    with gated_page(browser, files_only, viewport={"width": 1280, "height": 800}) as gated:
        page = gated.page
        page.goto(pages["whole"].as_uri() + "#focus=graz")
        page.wait_for_function(READY)
        snippet = page.input_value("#embed")
        assert snippet.startswith(f'<iframe src="{pages["whole"].as_uri()}"')  # no #focus
        assert "aspect-ratio:4/3" in snippet and 'title="Darmstadts internationale' in snippet
        host = tmp_path / "city.html"  # a page of the city's CMS, with the snippet pasted in
        host.write_text(
            f"<!DOCTYPE html><html><body style='margin:0'><main id='m'>{snippet}"
            "</main></body></html>",
            encoding="utf-8",
        )
        for width, height in ((1000, 750), (700, 525), (390, 440)):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(host.as_uri())
            frame = page.frame_locator("iframe")
            frame.locator("html[data-ready=true]").wait_for()
            box = page.locator("iframe").bounding_box()
            assert (round(box["width"]), round(box["height"])) == (width, height)
        assert not gated.errors and not gated.blocked
