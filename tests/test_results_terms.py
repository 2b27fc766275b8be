"""The conversion of SELECT answers to rdflib terms: ``collect`` reads pyoxigraph's own SPARQL JSON
with Python's ``json`` and a per-answer cache; it must give exactly the rows that pyoxigraph's
parser and :func:`darmstadt_kg.results.to_rdflib_term` give."""

from __future__ import annotations

import re

import pytest

from darmstadt_kg.library import library
from darmstadt_kg.load import get_store
from darmstadt_kg.query import execute
from darmstadt_kg.results import from_results

EXTRA = {
    "every triple": "SELECT * { ?s ?p ?o }",
    "blank nodes, numbers, dates, unbound": (
        "SELECT ?b ?n ?d ?l ?unbound WHERE { BIND(BNODE() AS ?b) BIND(1.5 AS ?n) "
        'BIND("2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date> AS ?d) '
        'BIND("x"@en-GB AS ?l) OPTIONAL { <urn:none> <urn:none> ?unbound } }'
    ),
}
QUERIES = {
    **{q.name: q.text for q in library() if re.search(r"^SELECT\b", q.text, re.M)},
    **EXTRA,
}


def _shape(term):
    if term is None:
        return None
    return (type(term), term.n3(), getattr(term, "language", None), getattr(term, "datatype", None))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_collect_rows_equal_the_rows_parsed_back_by_pyoxigraph(name):
    got = execute(get_store(), QUERIES[name])
    expected = from_results(got.solutions)  # the same bytes, parsed back by pyoxigraph
    assert got.variables == expected.variables
    assert [[_shape(t) for t in row] for row in got.rows] == [
        [_shape(t) for t in row] for row in expected.rows
    ]
    assert got.rows, name


def test_collect_converts_a_term_repeated_on_many_rows_once():
    result = execute(get_store(), "SELECT ?p WHERE { ?s ?p ?o } LIMIT 50")
    repeated = [row[0] for row in result.rows if row[0] == result.rows[0][0]]
    assert len(repeated) > 1
    assert all(term is repeated[0] for term in repeated)
