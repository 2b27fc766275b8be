"""The per-request shortcuts of the server process give what the long way gives."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from darmstadt_kg.serve import sparql
from darmstadt_kg.serve.config import ServeConfig


def _scope(headers, server=("127.0.0.1", 8000), scheme="http", **extra):
    return {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "path": "/sparql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "server": server,
        **extra,
    }


@pytest.mark.parametrize(
    "scope",
    [
        _scope([(b"host", b"example.org")]),
        _scope([(b"host", b"a.example"), (b"host", b"b.example:8080")]),  # two Host headers
        _scope([], server=("::1", 8443), scheme="https"),
        _scope([], server=None),
        _scope([(b"host", b"bad host")], server=("10.0.0.1", 80)),
        _scope([(b"host", b"example.org")], root_path="/kg"),
        _scope([(b"host", b"example.org")], root_path="/kg", app_root_path="/app"),
    ],
)
def test_the_remembered_endpoint_url_equals_starlettes_base_url(scope):
    expected = str(Request(scope).base_url).rstrip("/") + "/sparql"
    assert sparql.endpoint_url(Request(scope), ServeConfig()) == expected
    assert sparql.endpoint_url(Request(scope), ServeConfig()) == expected  # from the cache


def test_a_configured_base_url_wins_over_the_request():
    request = Request(_scope([(b"host", b"example.org")]))
    config = ServeConfig(base_url="https://kg.example/")
    assert sparql.endpoint_url(request, config) == "https://kg.example/sparql"


def test_the_remembered_formats_are_the_negotiated_ones_and_unknown_formats_still_fail():
    sparql._formats.cache_clear()
    first = sparql._formats("text/csv, application/sparql-results+json;q=0.5", None)
    assert [f.name for f in first] == ["csv", "json", ""]
    assert first[2].status == 406
    assert sparql._formats("text/csv, application/sparql-results+json;q=0.5", None) is first
    for accept, asked in [(None, "xml"), (None, "turtle"), ("text/turtle", None), ("*/*", "csv")]:
        long_way = tuple(
            sparql._pick([asked] if asked else None, accept, offered, kind)
            for offered, kind in [
                (sparql.RESULT_TYPES, "SELECT"),
                (sparql.ASK_TYPES, "ASK"),
                (sparql.GRAPH_TYPES, "graph (CONSTRUCT/DESCRIBE)"),
            ]
        )
        assert sparql._formats(accept, asked) == long_way
    assert sparql._formats(None, "xml")[2].status == 406  # no graph in SPARQL XML results
    for _ in range(2):  # an error is raised every time, never remembered as an answer
        with pytest.raises(sparql.ProtocolError) as raised:
            sparql._formats(None, "nonsense")
        assert raised.value.status == 400
    assert sparql._formats.cache_info().maxsize == 256
