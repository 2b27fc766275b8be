"""Every library question through every path a user has, compared with its golden table.

The paths: ``darmstadt-kg query`` as ``-f table``, ``-f csv`` and ``-f json`` (and ``-f
ntriples`` for graphs); ``run_query().records()``; a real ``darmstadt-kg serve`` on 127.0.0.1
asked for SPARQL JSON (read by SPARQLWrapper), CSV and XML; and ``run_query(endpoint=…)``
against that server. Each answer is read back into golden cells (``tests/golden_rows.py``) and
compared with ``tests/golden/<name>.tsv``; CSV and the table show less than a cell holds (no
language tag or datatype, IRIs in full or shortened), so they are compared with what they show
of it. The mismatches of all paths are reported together. The static site's engine (in
Chromium) is compared with the same golden tables in ``tests/test_site_sparql_browser.py``.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, SPARQLWrapper

from darmstadt_kg import paths
from darmstadt_kg.cli import cli
from darmstadt_kg.query import run_query
from tests.golden_rows import (
    csv_value,
    display,
    golden_path,
    json_cells,
    read_golden,
    shown,
    sorted_unless,
    to_python,
    xml_cells,
)

QUERIES = sorted(paths.queries_dir().glob("*.rq"))


def _ordered(text: str) -> bool:
    return "ORDER BY" in text[text.rfind("}") :].upper()


def _cli(name: str, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["query", name, "--format", fmt])
    assert result.exit_code == 0, f"query {name} -f {fmt}: {result.output}"
    return result.stdout


def _table_cells(text: str) -> tuple[list[str], list[list[str]]]:
    """The cells of ``query -f table``, cut at the columns its rule of dashes marks."""
    lines = text.rstrip("\n").split("\n")
    spans, start = [], None
    for i, char in enumerate(lines[1] + " "):
        if char == "-" and start is None:
            start = i
        elif char != "-" and start is not None:
            spans.append(start)
            start = None
    bounds = list(zip(spans, [*spans[1:], None], strict=True))

    def cut(line: str) -> list[str]:
        return [line[a:b].strip() for a, b in bounds]

    return cut(lines[0]), [cut(line) for line in lines[2:]]


def _http(base: str, text: str, accept: str) -> bytes:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": text})
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read()


def _sparqlwrapper(base: str, text: str) -> dict:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    return client.query().convert()


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_path_shows_the_golden_rows(path: Path, live_server: str):
    name, text = path.stem, path.read_text(encoding="utf-8")
    graph = golden_path(name, "graph")
    if graph.is_file():
        want = read_golden(graph)
        got = {
            "cli ntriples": _cli(name, "ntriples"),
            "http ntriples": _http(live_server, text, "application/n-triples").decode(),
        }
        mismatches = [
            where for where, nt in got.items() if sorted(filter(None, nt.splitlines())) != want
        ]
        assert not mismatches, f"{name}: {mismatches} differ from tests/golden/{graph.name}"
        return
    header, rows = read_golden(golden_path(name, "select"))
    order = _ordered(text)

    def same(got_header, got_rows, want_rows) -> bool:
        return got_header == header and sorted_unless(order, got_rows) == sorted_unless(
            order, want_rows
        )

    cells = rows
    shows = [[display(c) for c in row] for row in rows]
    csv_shows = [[csv_value(c) for c in row] for row in rows]
    records = [{v: to_python(c) for v, c in zip(header, row, strict=True)} for row in rows]
    checks: dict[str, bool] = {}
    result = run_query(name)
    remote = run_query(name, endpoint=f"{live_server}/sparql")
    if header == ["boolean"]:
        want = rows[0][0]
        checks["cli table"] = _cli(name, "table") == want + "\n"
        checks["cli csv"] = _cli(name, "csv") == want + "\n"
        checks["cli json"] = json_cells(json.loads(_cli(name, "json")))[1] == rows
        checks["run_query"] = json.dumps(result.boolean) == want
        checks["run_query(endpoint)"] = json.dumps(remote.boolean) == want
        wrapped = _sparqlwrapper(live_server, text)
        checks["http json (SPARQLWrapper)"] = json_cells(wrapped)[1] == rows
        xml = _http(live_server, text, "application/sparql-results+xml")
        checks["http xml"] = xml_cells(xml)[1] == rows
    else:
        checks["cli table"] = same(*_table_cells(_cli(name, "table")), shows)
        body = list(csv.reader(io.StringIO(_cli(name, "csv"), newline="")))
        checks["cli csv"] = same(body[0], body[1:], csv_shows)
        checks["cli json"] = same(*json_cells(json.loads(_cli(name, "json"))), cells)
        checks["run_query rows"] = same(
            result.variables, [[shown(t) for t in row] for row in result.rows], cells
        )
        checks["run_query records"] = sorted_unless(order, result.records()) == sorted_unless(
            order, records
        )
        checks["run_query(endpoint) records"] = sorted_unless(
            order, remote.records()
        ) == sorted_unless(order, records)
        checks["http json (SPARQLWrapper)"] = same(
            *json_cells(_sparqlwrapper(live_server, text)), cells
        )
        http_csv = _http(live_server, text, "text/csv").decode("utf-8")
        body = list(csv.reader(io.StringIO(http_csv, newline="")))
        checks["http csv"] = same(body[0], body[1:], csv_shows)
        xml = _http(live_server, text, "application/sparql-results+xml")
        checks["http xml"] = same(*xml_cells(xml), cells)
    failed = [where for where, ok in checks.items() if not ok]
    assert not failed, f"{name}: these paths differ from tests/golden/{name}.tsv: {failed}"
