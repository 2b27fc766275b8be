"""The endpoint's answers, serialised by pyoxigraph straight to bytes, are the golden rows and
keep the row cap and the byte limit."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import get_store
from darmstadt_kg.serve.evaluate import Answer, Failure, Format, Job, answer
from tests.golden_rows import golden_path, json_cells, read_golden

LIBRARY = sorted(paths.queries_dir().glob("*.rq"))


JSON = Format("json", "application/sparql-results+json")
TURTLE = Format("turtle", "text/turtle")
_MEDIA = {
    "json": JSON.media,
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_answers_are_the_golden_rows(path):
    """The endpoint's answer to each library query (pyoxigraph's serialiser) holds its golden
    rows (``tests/golden/<name>.tsv``), cell by cell."""
    text = path.read_text(encoding="utf-8")
    got = answer(get_store(), Job(text, JSON, TURTLE, 10_000))
    assert isinstance(got, Answer), got
    if golden_path(path.stem, "graph").is_file():
        assert got.media == "text/turtle"
        return
    header, want = read_golden(golden_path(path.stem, "select"))
    got_header, cells = json_cells(json.loads(got.body))
    if header == ["boolean"]:
        assert cells == want
        return
    assert got_header == header
    assert sorted(cells) == sorted(want)


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
    """Three rows: a cap of 3 answers them, a cap of 2 is the 422 (rows are counted)."""
    store, text = _tricky_store(), "SELECT * WHERE { ?s ?p ?o }"
    within = answer(store, Job(text, Format(fmt, _MEDIA[fmt]), TURTLE, 3))
    assert isinstance(within, Answer)
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(within.body.decode(), newline="")))
        assert sorted(parsed[0]) == ["o", "p", "s"] and len(parsed) == 4
    over = answer(store, Job(text, Format(fmt, _MEDIA[fmt]), TURTLE, 2))
    assert isinstance(over, Failure) and over.status == 422 and "more than 2 rows" in over.message


def test_ask_and_construct_are_written_by_pyoxigraph():
    store = _tricky_store()
    ask = answer(store, Job("ASK { ?s ?p ?o }", JSON, TURTLE, 10))
    assert json.loads(ask.body)["boolean"] is True
    graph = answer(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", JSON, TURTLE, 10))
    assert graph.media == "text/turtle" and graph.body.count(b"example.org") >= 2
    too_many = answer(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", JSON, TURTLE, 2))
    assert isinstance(too_many, Failure) and too_many.status == 422


def test_a_query_is_evaluated_once(monkeypatch):
    calls = []
    store = _tricky_store()

    class Counting:
        def query(self, *args, **kwargs):
            calls.append(args[0])
            return store.query(*args, **kwargs)

    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?o"
    got = answer(Counting(), Job(text, JSON, TURTLE, 10))
    assert isinstance(got, Answer) and b"example.org" in got.body and len(calls) == 1


def test_an_answer_over_the_byte_limit_is_stopped(monkeypatch):
    monkeypatch.setattr("darmstadt_kg.serve.evaluate.byte_limit", lambda rows: 100)
    got = answer(get_store(), Job("SELECT * WHERE { ?s ?p ?o }", JSON, TURTLE, 10))
    assert isinstance(got, Failure) and got.status == 422 and "larger than" in got.message
