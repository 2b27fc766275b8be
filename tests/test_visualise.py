"""The explorer HTML: self-contained (no remote reference), escaped, still, and its views."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis
from click.testing import CliRunner

from darmstadt_kg.cli import cli, main
from darmstadt_kg.errors import ExitCode
from darmstadt_kg.network import build_network
from darmstadt_kg.network.links import UnknownNodeError
from darmstadt_kg.visualise import explorer_html, json_for_script, radial_layout, view_graph
from tests.network_samples import HOSTILE, hostile_network

VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
DATA_BLOCK = re.compile(r"const DKG_DATA = (.*?);\n</script>", re.S)
# What would make a browser fetch: a tag attribute naming a resource, a script assigning or
# fetching one, a style's url() (other than data:) or @import.
TAG_ATTR = re.compile(
    r"<[a-z][^>]*?\s(?:src|href|srcset|poster|data|action|formaction|background)\s*=", re.I
)
JS_FETCH = re.compile(
    r"\.(?:src|href|srcset|action)\s*=|\bfetch\(|XMLHttpRequest|\bimport\(|sendBeacon"
    r"|new\s+(?:WebSocket|EventSource|Worker)\b",
    re.I,
)
CLICKABLE = 'a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";'
# Made in the page, not fetched: the export's download link to a blob the page has just made,
# the SVG namespace name written into that file, and the embed snippet shown as text to copy.
DOWNLOAD = "link.href = URL.createObjectURL(blob); link.download = name;"
SVG_NS = '<svg xmlns="http://www.w3.org/2000/svg"'
EMBED = 'const EMBED = \'<iframe src="{src}"'
CSS_FETCH = re.compile(r"url\(\s*(?![\"']?\s*data:)|@import", re.I)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_network()


@pytest.fixture(scope="module")
def pages(graph) -> dict[str, str]:
    return {
        "whole": explorer_html(graph),
        "ego": explorer_html(graph, view="ego", focus="mayors-for-peace", depth=1),
        "geo": explorer_html(graph, view="geo", lang="en"),
    }


def _data(html: str) -> dict:
    match = DATA_BLOCK.search(html)
    assert match, "no DKG_DATA block"
    return json.loads(match.group(1))


def _strings(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


@pytest.mark.parametrize("view", ["whole", "ego", "geo"])
def test_no_remote_url_anywhere(pages, view):
    html = pages[view]
    vendored = [
        (VIS / n).read_text(encoding="utf-8") for n in ("vis-network.min.js", "vis-network.css")
    ]
    own = html
    for text in vendored:
        assert text in own  # inlined verbatim, not linked
        own = own.replace(text, "")
    data = _data(html)
    own = DATA_BLOCK.sub("", own)
    # One exception, made on purpose: the details panel's links (to the node's page and its
    # outside pages) are anchors a user may click, opened in a new tab; the page loads nothing.
    assert own.count(CLICKABLE) == 1
    own = own.replace(CLICKABLE, "")
    for made_here in (DOWNLOAD, SVG_NS, EMBED):
        assert own.count(made_here) == 1, made_here
        own = own.replace(made_here, "")
    # The page's own markup, style and script: no URL of any kind, nothing that fetches.
    assert not re.search(r"(?:https?:|ftp:|wss?:)?//[a-z0-9.-]+\.[a-z]{2,}", own, re.I), own
    assert not TAG_ATTR.findall(own) and not JS_FETCH.findall(own)
    assert not CSS_FETCH.findall(own) and "<link" not in own
    assert own.count("<script") == 3  # vis-network, the data, the explorer: all inline
    assert "Content-Security-Policy" in own and "default-src 'none'" in own
    assert "bootstrap" not in html.lower() and "cdn" not in own.lower()
    # The vendored library: its style fetches nothing (the browser test covers its script).
    assert not CSS_FETCH.findall(vendored[1])
    # The data: IRIs and outside links are text in the page; only a click may follow them.
    for key, value in _strings(data):
        if "://" in value:
            assert key in ("iri", "links"), (key, value)


def test_labels_are_escaped_in_the_page():
    html = explorer_html(hostile_network())
    assert HOSTILE not in html
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert html.count("</script>") == 3  # vis-network, the data, the explorer
    assert json_for_script(HOSTILE).count("\\u003c") == HOSTILE.count("<")
    assert _data(html)["nodes"][1]["info"]["label_en"] == HOSTILE  # the text survives intact


def test_whole_view_holds_every_node_at_a_fixed_position(pages, graph):
    data = _data(pages["whole"])
    assert data["options"]["physics"] == {"enabled": False}
    assert {n["id"] for n in data["nodes"]} == set(graph)
    assert all(
        isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in data["nodes"]
    )
    assert len(data["edges"]) == graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    centre = next(n for n in data["nodes"] if n["id"] == "darmstadt")
    assert (centre["x"], centre["y"]) == (0.0, 0.0)
    assert {t["id"] for t in data["types"]} == {d for _, d in graph.nodes(data="type")}
    assert data["chains"]["hiroshima"]["en"]


def test_edge_labels_carry_years(pages):
    edges = {e["id"]: e for e in _data(pages["whole"])["edges"]}
    # the page writes it beside the body (besides() in explorer.js), not in the edge's middle
    assert edges["membership-darmstadt-mayors-for-peace"]["ovLabel"]["de"] == "Mitglied seit 1998"
    assert edges["membership-darmstadt-mayors-for-peace"]["label"] == ""
    assert edges["twinning-darmstadt-troyes"]["info"]["since"] == "1958"


def test_ego_view_is_the_focus_and_its_neighbours(pages, graph):
    ids = {n["id"] for n in _data(pages["ego"])["nodes"]}
    expected = set(nx.ego_graph(graph.to_undirected(), "mayors-for-peace", radius=1))
    assert ids == expected and "hiroshima" in ids and "troyes" not in ids


def test_geo_view_shows_partner_cities_by_bearing_and_country_outlines(pages, graph):
    data = _data(pages["geo"])
    nodes = {n["id"]: n for n in data["nodes"]}
    partners = {
        v for _, v, r in graph.out_edges("darmstadt", data="relation") if r == "dkg:Twinning"
    }
    assert set(nodes) == partners | {"darmstadt"}  # not Hiroshima, not Mayors for Peace
    assert (nodes["darmstadt"]["x"], nodes["darmstadt"]["y"]) == (0.0, 0.0)
    assert nodes["san-antonio"]["x"] < 0 < nodes["bursa"]["x"]  # west, east
    assert nodes["trondheim"]["y"] < 0 < nodes["logrono"]["y"]  # north is up
    assert abs(nodes["troyes"]["x"]) < abs(nodes["san-antonio"]["x"])
    true = data["truePos"]  # where a label clash moved a city, a line leads to its true place
    assert true["trondheim"]["y"] < 0 < true["logrono"]["y"]
    assert len(data["map"]["outlines"]) > 100 and data["map"]["rings"][0]["km"] == 500


def test_radial_layout_puts_farther_nodes_on_outer_rings(graph):
    pos = radial_layout(graph, "darmstadt")
    dist = nx.single_source_shortest_path_length(graph.to_undirected(), "darmstadt")
    radius = {n: (x * x + y * y) ** 0.5 for n, (x, y) in pos.items()}
    for a in graph:
        for b in ("troyes", "hiroshima", "tu-darmstadt"):
            if dist[a] < dist[b]:
                assert radius[a] < radius[b], (a, b)


def test_unknown_view_or_focus():
    with pytest.raises(ValueError, match="unknown view 'map'"):
        view_graph(hostile_network(), "map")
    with pytest.raises(UnknownNodeError, match="atlantis") as unknown:
        view_graph(hostile_network(), "ego", focus="atlantis")
    assert unknown.value.code == ExitCode.NOT_FOUND


def test_cli_viz_writes_the_file(tmp_path):
    out = tmp_path / "x" / "explorer.html"
    result = CliRunner().invoke(
        cli, ["viz", "--out", str(out), "--focus", "hiroshima", "--parents"]
    )
    assert result.exit_code == 0, result.output
    assert "view ego" in result.output and out.stat().st_size > 500_000


def test_cli_viz_errors(tmp_path, capsys):
    out = str(tmp_path / "e.html")
    assert CliRunner().invoke(cli, ["viz", "--out", out, "--view", "ego"]).exit_code == 2
    with pytest.raises(SystemExit) as done:
        main(["viz", "--out", out, "--focus", "atlantis"])
    assert done.value.code == ExitCode.NOT_FOUND
    assert "atlantis" in capsys.readouterr().err
