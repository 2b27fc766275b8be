"""The nesting bound: brackets counted by lexing, outside strings, IRIs and comments."""

from __future__ import annotations

import pytest

from darmstadt_kg.serve.screen import TooDeep, check_nesting, nesting

CASES = [
    # (text, depth the bound sees)
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p ?o } }", 2),
    ("SELECT * WHERE { FILTER((1)) }", 3),
    ('SELECT * { BIND("{{{{((((" AS ?x) }', 2),  # BIND( … ) inside { }
    ("SELECT * { BIND('''x\n{{{{''' AS ?x) }", 2),
    ("SELECT * { ?s ?p ?o } # {{{{{{{{", 1),
    ("SELECT * { ?s <http://x/a(b)> ?o }", 1),
    ("SELECT * { ?s ?p [ ?q [ ?r ?t ] ] }", 3),
    ('SELECT * { BIND("a\\"{{{" AS ?x) }', 2),
]


@pytest.mark.parametrize(("text", "depth"), CASES)
def test_nesting_counts_only_brackets_the_parser_nests(text, depth):
    assert nesting(text) == depth


def test_the_bound_refuses_one_bracket_past_the_limit_and_says_so():
    check_nesting("SELECT * WHERE " + "{" * 64 + "}" * 64, 64)
    check_nesting('SELECT * WHERE { BIND("' + "{" * 500 + '" AS ?x) }', 64)  # in a string
    for deep in (
        "SELECT * WHERE " + "{" * 65 + "}" * 65,
        "SELECT * WHERE { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }",
    ):
        with pytest.raises(TooDeep, match="nests brackets more than 64 deep"):
            check_nesting(deep, 64)
