"""The endpoint's fast path: SPARQL results serialised by pyoxigraph answer as the general path."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import get_store
from darmstadt_kg.query import start_query
from darmstadt_kg.serve.solutions import TooLarge, serialize_solutions
from tests.golden_rows import golden_path, json_cells, read_golden

LIBRARY = sorted(paths.queries_dir().glob("*.rq"))


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_answers_on_the_fast_path_are_the_golden_rows(path):
    """The endpoint's fast path (pyoxigraph's serialiser) writes each library answer's golden
    rows (``tests/golden/<name>.tsv``), cell by cell, and counts them right."""
    text = path.read_text(encoding="utf-8")
    fast = serialize_solutions(start_query(get_store(), text), "json", 10_000)
    if golden_path(path.stem, "graph").is_file():
        assert fast is None
        return
    assert fast is not None
    rows, body = fast
    header, want = read_golden(golden_path(path.stem, "select"))
    got_header, got = json_cells(json.loads(body))
    if header == ["boolean"]:
        assert got == want
        return
    assert rows == len(want) and got_header == header
    assert sorted(got) == sorted(want)


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
    started = _tricky_store().query("SELECT * WHERE { ?s ?p ?o }")
    rows, body = serialize_solutions(started, fmt, 10)
    assert rows == 3
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert sorted(parsed[0]) == ["o", "p", "s"] and len(parsed) == 4


def test_what_the_fast_path_leaves_to_the_general_one():
    store = _tricky_store()
    assert serialize_solutions(store.query("ASK { ?s ?p ?o }"), "csv", 10) is None
    assert serialize_solutions(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), "json", 10) is None
    assert serialize_solutions(store.query("SELECT * WHERE { ?s ?p ?o }"), "turtle", 10) is None
    ask = serialize_solutions(store.query("ASK { ?s ?p ?o }"), "json", 10)
    assert json.loads(ask[1])["boolean"] is True


def test_a_query_is_evaluated_once(monkeypatch):
    from darmstadt_kg.serve.jobs import Answer, Format, Job
    from darmstadt_kg.serve.query_process import answer as run_job

    calls = []
    store = _tricky_store()

    class Counting:
        def query(self, *args, **kwargs):
            calls.append(args[0])
            return store.query(*args, **kwargs)

    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?o"
    job = Job(text, Format("json", "x"), Format("turtle", "text/turtle"), 10)
    answer = run_job(Counting(), job)
    assert isinstance(answer, Answer) and b"example.org" in answer.body and len(calls) == 1


def test_an_answer_over_the_byte_limit_is_stopped(monkeypatch):
    monkeypatch.setattr("darmstadt_kg.serve.solutions.byte_limit", lambda rows: 100)
    with pytest.raises(TooLarge):
        serialize_solutions(get_store().query("SELECT * WHERE { ?s ?p ?o }"), "json", 10)
