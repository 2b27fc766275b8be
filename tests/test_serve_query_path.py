"""One query path: the CLI and the endpoint answer the same query with the same table.

Both start a query in :func:`darmstadt_kg.query.start_query`; ``SELECT *`` keeps the order in
which the query names its variables (pyoxigraph alone would sort them: ``a, m, z``).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from darmstadt_kg.cli import cli
from darmstadt_kg.serve.app import create_app
from darmstadt_kg.serve.config import ServeConfig

QUERIES = [
    "SELECT * WHERE { ?z ?a ?m } ORDER BY ?z ?a ?m LIMIT 25",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT * WHERE { ?thing rdfs:label "
    "?label . OPTIONAL { ?thing a ?class } } ORDER BY ?thing ?label ?class LIMIT 40",
    "SELECT ?o ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o) && lang(?o) != '') } "
    "ORDER BY ?s ?o LIMIT 30",
]


@pytest.fixture(scope="module")
def endpoint():
    return TestClient(create_app(ServeConfig(cache_mb=0)))


def _cli(query: str, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["query", query, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("query", QUERIES)
def test_the_cli_and_the_endpoint_give_the_same_columns_and_rows(endpoint, query):
    json_type = {"Accept": "application/sparql-results+json"}
    over_http = endpoint.get("/sparql", params={"query": query}, headers=json_type).json()
    local = json.loads(_cli(query, "json"))
    assert local["head"]["vars"] == over_http["head"]["vars"]
    assert local["results"]["bindings"] == over_http["results"]["bindings"]
    assert over_http["results"]["bindings"]  # the comparison is over rows, not two empty tables
    csv_http = endpoint.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    rows_http = list(csv.reader(io.StringIO(csv_http.text)))
    rows_cli = list(csv.reader(io.StringIO(_cli(query, "csv"))))
    assert rows_cli == rows_http


def test_select_star_keeps_the_query_s_own_variable_order(endpoint):
    query = QUERIES[0]
    heads = [
        json.loads(_cli(query, "json"))["head"]["vars"],
        endpoint.get(
            "/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        ).json()["head"]["vars"],
        next(csv.reader(io.StringIO(_cli(query, "csv")))),
        next(
            csv.reader(
                io.StringIO(
                    endpoint.get(
                        "/sparql", params={"query": query}, headers={"Accept": "text/csv"}
                    ).text
                )
            )
        ),
    ]
    assert heads == [["z", "a", "m"]] * 4


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_a_construct_answer_over_http_is_the_cli_s_graph(endpoint, accept, parser):
    """The endpoint writes graphs with pyoxigraph, the CLI with rdflib: the same triples."""
    import rdflib

    from darmstadt_kg import paths

    query = (paths.queries_dir() / "darmstadt-neighbourhood.rq").read_text(encoding="utf-8")
    headers = {"Content-Type": "application/sparql-query", "Accept": accept}
    answer = endpoint.post("/sparql", content=query.encode(), headers=headers)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
    over_http = rdflib.Graph().parse(data=answer.text, format=parser)
    local = rdflib.Graph().parse(data=_cli(query, "turtle"), format="turtle")
    assert len(over_http) > 10 and set(over_http) == set(local)


def test_a_construct_over_the_row_cap_is_a_one_line_422():
    capped = TestClient(create_app(ServeConfig(cache_mb=0, max_rows=5)))
    answer = capped.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "text/turtle"},
    )
    assert answer.status_code == 422 and len(answer.text.strip().splitlines()) == 1


def test_the_site_builder_s_question_page_keeps_the_select_star_order(tmp_path):
    import re

    from darmstadt_kg.load import get_rdflib_graph, get_store
    from darmstadt_kg.publish.indexes import render_queries

    query = tmp_path / "star.rq"
    query.write_text("SELECT * WHERE { ?z ?a ?m } ORDER BY ?z ?a ?m LIMIT 3\n", encoding="utf-8")
    html = render_queries(get_rdflib_graph(), get_store(), [query])
    section = html[html.index('id="star"') :]
    assert re.findall(r"<th[^>]*>([^<]*)</th>", section)[:3] == ["z", "a", "m"]
