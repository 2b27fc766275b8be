"""The screen: updates, SERVICE and deep nesting found by lexing, never by running the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darmstadt_kg.serve import screen as screening
from darmstadt_kg.serve.screen import Refused, allowed_service, screen

BASE = "http://host/sparql"
CASES = [
    # (text, expected: "ok" | services tuple | HTTP status of the refusal)
    ("SELECT * WHERE { ?s ?p ?o }", ()),
    ("SELECT * WHERE { SERVICE <http://a/s> { ?s ?p ?o } }", ("http://a/s",)),
    ("select * { service silent <http://a/s> {} }", ("http://a/s",)),
    ("PREFIX r: <http://a/> SELECT * { SERVICE r:s\\/x {} }", ("http://a/s/x",)),
    ("BASE <http://b/c/> SELECT * { SERVICE <../d> {} }", ("http://b/d",)),
    ("SELECT * { SERVICE ?endpoint {} }", (None,)),
    ("SELECT * { SERVICE<http://a/>{} }", ("http://a/",)),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://a/> {}", ()),
    ('SELECT * { BIND("SERVICE <http://a/> {}" AS ?x) }', ()),
    ("SELECT * { BIND('''x\nSERVICE <http://a/> {}''' AS ?x) }", ()),
    ("SELECT * { ?s <http://x/SERVICE> ?o . ?s ex:SERVICE ?service }", ()),
    ('SELECT * { BIND("a"@service AS ?x) }', ()),
    ("LOAD <http://a/data>", 403),
    ("SELECT * {} # harmless\nCLEAR ALL", 403),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", 403),
    ("WITH <g:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
    ("SELECT * WHERE " + "{" * 65 + "}" * 65, 400),
    ("SELECT * WHERE { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }", 400),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_screen_table(text, expected):
    if isinstance(expected, int):
        with pytest.raises(Refused) as refused:
            screen(text, max_nesting=64, base=BASE)
        assert refused.value.status == expected
    else:
        assert screen(text, max_nesting=64, base=BASE).services == expected


FRAGMENTS = ["SELECT", "*", "{", "}", "(", ")", "?s", "$x", "ex:a", "<http://a/>", "SERVICE",
             "service", "LOAD", "data", "?data", ":with", "with:", '"', "'", "#", "\n", "@en",
             "\\", "_:b", ".", "SILENT", "PREFIX", "BASE", "Copy", "ſervice"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), st.sampled_from([" ", ""]))
def test_the_quick_first_look_never_misses_what_the_tokenizer_finds(parts, glue):
    text = glue.join(parts)
    try:
        full = screening._full_screen(text, 64, BASE)
    except Refused as err:
        full = err.status
    try:
        quick = screen(text, max_nesting=64, base=BASE).services
    except Refused as err:
        quick = err.status
    assert quick == (full if isinstance(full, int) else full.services)


def test_federation_prefixes_compare_scheme_host_and_path():
    allowed = ("https://query.wikidata.org/sparql",)
    assert allowed_service("https://query.wikidata.org/sparql", allowed)
    assert not allowed_service("https://query.wikidata.org.evil.example/sparql", allowed)
    assert not allowed_service("https://query.wikidata.org@evil.example/sparql", allowed)
    assert not allowed_service("http://query.wikidata.org/sparql", allowed)
    assert not allowed_service("https://query.wikidata.org/other", allowed)
    assert not allowed_service(None, allowed)
