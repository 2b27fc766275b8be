"""The endpoint's fast path: SPARQL results serialised by pyoxigraph answer as the general path."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import get_store
from darmstadt_kg.query import execute
from darmstadt_kg.results import render
from darmstadt_kg.serve.solutions import TooLarge, serialize_solutions

LIBRARY = sorted(paths.queries_dir().glob("*.rq"))


def _bindings(body) -> list[dict]:
    data = json.loads(body)
    return [
        {
            k: (
                v["type"].replace("typed-literal", "literal"),
                v["value"],
                v.get("xml:lang"),
                v.get("datatype"),
            )
            for k, v in row.items()
        }
        for row in data["results"]["bindings"]
    ]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_answers_alike_on_both_paths(path):
    text = path.read_text(encoding="utf-8")
    fast = serialize_solutions(get_store(), text, "json", 10_000)
    general = execute(get_store(), text, "query")
    if general.kind == "graph":
        assert fast is None
        return
    assert fast is not None
    rows, body = fast
    if general.kind == "ask":
        assert json.loads(body)["boolean"] is general.boolean
        return
    assert rows == len(general.rows)
    assert _bindings(body) == _bindings(render(general, "json"))


def _tricky_store():
    store = ox.Store()
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    for lit in (
        ox.Literal('two\nlines, a "quote" and <result>', language="en"),
        ox.Literal("a,b\r\nc"),
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ):
        store.add(ox.Quad(s, p, lit))
    return store


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_are_counted_right_whatever_the_literals_hold(fmt):
    rows, body = serialize_solutions(_tricky_store(), "SELECT * WHERE { ?s ?p ?o }", fmt, 10)
    assert rows == 3
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert sorted(parsed[0]) == ["o", "p", "s"] and len(parsed) == 4


def test_what_the_fast_path_leaves_to_the_general_one():
    store = _tricky_store()
    assert serialize_solutions(store, "ASK { ?s ?p ?o }", "csv", 10) is None
    assert serialize_solutions(store, "CONSTRUCT WHERE { ?s ?p ?o }", "json", 10) is None
    assert serialize_solutions(store, "SELECT * WHERE { ?s ?p ?o }", "turtle", 10) is None
    assert serialize_solutions(store, "SELEKT nothing", "json", 10) is None
    assert serialize_solutions(store, "SELECT * WHERE { ?s ?p ?o }", "json", 10, [""]) is None
    assert json.loads(serialize_solutions(store, "ASK { ?s ?p ?o }", "json", 10)[1])["boolean"]


def test_an_answer_over_the_byte_limit_is_stopped(monkeypatch):
    monkeypatch.setattr("darmstadt_kg.serve.solutions.byte_limit", lambda rows: 100)
    with pytest.raises(TooLarge):
        serialize_solutions(get_store(), "SELECT * WHERE { ?s ?p ?o }", "json", 10)
