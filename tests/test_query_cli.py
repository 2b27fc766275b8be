"""``darmstadt-kg query`` and ``run_query``: formats, errors, and the three remote failures."""

from __future__ import annotations

import csv
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from darmstadt_kg.cli import cli
from darmstadt_kg.errors import ExitCode
from darmstadt_kg.query import run_query
from darmstadt_kg.results import render
from tests.cli import run_cli
from tests.servers import free_port


def _run(args: list[str], input: str | None):
    return run_cli(*args, input=input, timeout=120)


def test_list_shows_questions_in_both_languages():
    en = _run(["query", "--list"], None)
    de = _run(["query", "--list", "--lang", "de"], None)
    assert en.returncode == 0 and de.returncode == 0
    assert "partner-cities" in en.stdout and "Darmstadt's partner cities" in en.stdout
    assert "Darmstadts Partnerstädte" in de.stdout
    assert len(en.stdout.splitlines()) >= 25


def test_csv_is_the_default_when_not_a_terminal_and_parses():
    out = _run(["query", "partner-cities"], None)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 17
    troyes = next(r for r in rows if r["city_label"] == "Troyes")
    assert troyes["since"] == "1958" and troyes["staff_label"] == "Irene Schewe"
    assert troyes["city"] == "https://w3id.org/darmstadt-kg/id/troyes"


@pytest.mark.parametrize("fmt", ["table", "tsv", "json", "markdown"])
def test_every_select_format(fmt):
    out = _run(["query", "staff", "--format", fmt], None)
    assert out.returncode == 0, out.stderr
    assert "(06151) 13-2321" in out.stdout
    if fmt == "json":
        doc = json.loads(out.stdout)
        assert doc["head"]["vars"][:2] == ["person", "name"]
        assert len(doc["results"]["bindings"]) == 5
    if fmt == "tsv":
        assert out.stdout.splitlines()[0].startswith("?person\t?name")
        assert '"(06151) 13-2321"' in out.stdout
    if fmt == "markdown":
        assert out.stdout.splitlines()[1].startswith("| ---")
    if fmt == "table":
        assert out.stdout.splitlines()[1].startswith("---")


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples"])
def test_construct_formats(fmt):
    import rdflib

    out = _run(["query", "darmstadt-neighbourhood", "--format", fmt], None)
    assert out.returncode == 0, out.stderr
    graph = rdflib.Graph().parse(
        data=out.stdout, format={"jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)
    )
    twinned = rdflib.URIRef("https://w3id.org/darmstadt-kg/ontology#twinnedWith")
    assert (
        len(
            list(
                graph.objects(rdflib.URIRef("https://w3id.org/darmstadt-kg/id/darmstadt"), twinned)
            )
        )
        == 17
    )


def test_query_from_stdin_and_output_file(tmp_path):
    target = tmp_path / "out.csv"
    out = _run(
        ["query", "-", "-o", str(target)],
        "PREFIX dkr: <https://w3id.org/darmstadt-kg/id/>\n"
        "SELECT ?p WHERE { dkr:troyes ?p ?o } ORDER BY ?p LIMIT 1",
    )
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"p\r\n")


# Every command that writes a file, with {folder} where its output folder goes.
OUTPUTS = {
    "query": ["query", "staff", "-o", "{folder}/out.csv"],
    "viz": ["viz", "--out", "{folder}/explorer.html"],
    "network-gexf": ["network", "--format", "gexf", "--out", "{folder}/network.gexf"],
    "network-csv": ["network", "--format", "csv", "--out", "{folder}/csv"],
}


@pytest.mark.parametrize("args", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_an_unwritable_output_is_one_line_and_exit_6(tmp_path, args):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way")
    out = _run([a.format(folder=blocked) for a in args], "")
    assert out.returncode == 6, out.stderr
    assert out.stderr.strip().count("\n") == 0
    assert "cannot write" in out.stderr and "part of the path is a file" in out.stderr
    assert blocked.read_text() == "in the way" and [p.name for p in tmp_path.iterdir()] == [
        "a-file"
    ]


@pytest.mark.parametrize("args", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_a_missing_output_folder_is_exit_6_unless_parents_is_given(tmp_path, args, capsys):
    from pathlib import Path

    from darmstadt_kg.cli import main

    missing = tmp_path / "no" / "such"
    argv = [a.format(folder=missing) for a in args]
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 6
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(f"create {missing} first, or add --parents to create it")
    )
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(cli, [*argv, "--parents"])
    assert result.exit_code == 0, result.output
    assert Path(argv[-1]).exists()


def test_syntax_error_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p ?o \n  FILTR(?s)\n}\n")
    out = _run(["query", str(bad)], None)
    assert out.returncode == ExitCode.SYNTAX
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"darmstadt-kg: error: {bad}:3:")


@pytest.mark.parametrize("ref", ["nonexistent.rq", "./queries/nope.rq", "no/such/dir/q.sparql"])
def test_a_missing_query_file_is_named_as_a_missing_file(ref):
    out = _run(["query", ref], None)
    assert out.returncode == ExitCode.NOT_FOUND
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"darmstadt-kg: error: {ref}: no such file — check the path")
    assert "no library query" not in line


def _syntax_line(query: str) -> str:
    out = _run(["query", "-"], query)
    assert out.returncode == ExitCode.SYNTAX, out.stderr
    (line,) = out.stderr.strip().splitlines()
    return line.removeprefix("darmstadt-kg: error: ")


def test_an_undeclared_prefix_is_named_at_the_start_of_the_name():
    line = _syntax_line("SELECT ?s WHERE {\n  ?s a dkg:Twinning .\n}\n")
    assert line.startswith("<query>:2:8: SPARQL syntax error: the prefix dkg: of dkg:Twinning")
    assert "add `PREFIX dkg: <https://w3id.org/darmstadt-kg/ontology#>`" in line


def test_an_extra_term_is_reported_where_it_stands_not_at_the_end_of_the_file():
    query = (
        "PREFIX x: <http://x/>\nSELECT ?s\nWHERE {\n  ?s ?p ?o .\n  ?s x:p ?o ?z .\n}\n# end\n\n"
    )
    assert _syntax_line(query) == (
        "<query>:5:13: SPARQL syntax error: unexpected '?z' — fix the query at that position"
    )


def test_a_misspelt_keyword_is_reported_at_the_keyword():
    line = _syntax_line("SELECT ?s WHERE { ?s ?p ?o } LIMT 5")
    assert line.startswith("<query>:1:30: SPARQL syntax error: unexpected 'LIMT'")


def test_an_update_is_named_as_an_update():
    line = _syntax_line("PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }")
    assert line.startswith("<query>:2:1: SPARQL syntax error: INSERT starts a SPARQL update")
    assert "expected" not in line


def test_free_text_is_not_sparql_and_the_suggested_library_command_runs():
    out = _run(["query", "partner cities"], None)
    assert out.returncode == ExitCode.SYNTAX
    line = out.stderr.strip()
    assert "'partner cities' is not SPARQL" in line and "CONSTRUCT" in line
    suggested = line.rsplit("`darmstadt-kg ", 1)[1].rstrip("`")
    assert suggested == "query partner-cities"
    again = _run(suggested.split(), None)
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 18


@pytest.mark.parametrize(
    "query, order",
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", ["s", "p", "o"]),
        ("SELECT DISTINCT * { ?o ?p ?s } LIMIT 1", ["o", "p", "s"]),
        ('SELECT * { ?z <http://x/?a> "?b" . OPTIONAL { ?z ?y ?a } } LIMIT 1', ["z", "y", "a"]),
    ],
)
def test_select_star_keeps_the_order_of_the_query(query, order):
    result = run_query(query)
    assert result.variables == order
    assert json.loads(render(result, "json"))["head"]["vars"] == order
    assert render(result, "csv").splitlines()[0] == ",".join(order)


def test_xml_results_and_rdfxml_graphs_are_written_and_parse():
    import xml.etree.ElementTree as ET

    import rdflib

    out = _run(["query", "staff", "-f", "xml"], None)
    assert out.returncode == 0, out.stderr
    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(out.stdout)
    assert len(root.findall(f"{ns}results/{ns}result")) == 5
    out = _run(["query", "darmstadt-neighbourhood", "-f", "rdfxml"], None)
    assert out.returncode == 0, out.stderr
    assert len(rdflib.Graph().parse(data=out.stdout, format="xml")) > 17


def test_unknown_query_and_wrong_format():
    out = _run(["query", "partner-citys"], None)
    assert out.returncode == ExitCode.NOT_FOUND
    assert "did you mean partner-cities" in out.stderr
    out = _run(["query", "staff", "--format", "turtle"], None)
    assert out.returncode == ExitCode.USAGE
    assert "only CONSTRUCT/DESCRIBE" in out.stderr


def test_run_query_api_for_notebooks():
    result = run_query("twinnings-by-decade")
    records = result.records()
    assert records[0] == {
        "decade": "1950s",
        "twinnings": 3,
        "cities": "Alkmaar, Chesterfield, Troyes",
    }
    assert run_query("is-darmstadt-in-mayors-for-peace").boolean is True
    assert len(run_query("SELECT * WHERE { ?s ?p ?o } LIMIT 7")) == 7


class _Handler(BaseHTTPRequestHandler):
    mode = "refuse"

    def do_GET(self):  # noqa: N802
        if self.server.mode == "refuse":
            self.send_response(400)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"Query refused: too expensive\n")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b"<html><body>not a result</body></html>")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_endpoint():
    servers = []

    def start(mode: str) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.mode = mode
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield start
    for server in servers:
        server.shutdown()


def test_remote_errors_say_which_failure(fake_endpoint):
    closed_port = free_port()
    cases = {
        f"http://127.0.0.1:{closed_port}/sparql": "unreachable",
        fake_endpoint("refuse"): "refused the query",
        fake_endpoint("garbage"): "answered malformed",
    }
    for url, words in cases.items():
        out = _run(["query", "staff", "--endpoint", url, "--timeout", "5"], None)
        assert out.returncode == ExitCode.REMOTE, (url, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], lines
    assert (
        "HTTP 400 Query refused"
        in _run(["query", "staff", "--endpoint", list(cases)[1]], None).stderr
    )


def test_cli_object_registers_query():
    assert "query" in cli.list_commands(None)
