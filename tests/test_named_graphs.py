"""The three named graphs: asserted facts, derived shortcuts, vocabulary; queries see the union
by default and can select one graph with GRAPH or FROM; the derived graph says how it was made."""

from __future__ import annotations

import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import get_store, names_its_dataset, query_union, rule_iri
from darmstadt_kg.namespaces import (
    GRAPH_ASSERTED,
    GRAPH_DERIVED,
    GRAPH_VOCABULARY,
    GRAPHS,
    sparql_prologue,
)
from darmstadt_kg.query import run_query


def _count(query: str) -> int:
    rows = get_store().query(sparql_prologue() + query)
    return int(next(iter(rows))["n"].value)


def test_graph_iris_are_the_documented_ones():
    assert GRAPHS == {
        "asserted": "https://w3id.org/darmstadt-kg/graph/asserted",
        "derived": "https://w3id.org/darmstadt-kg/graph/derived",
        "vocabulary": "https://w3id.org/darmstadt-kg/graph/vocabulary",
    }


def test_store_has_exactly_the_three_graphs_and_an_empty_default_graph():
    import pyoxigraph as ox

    store = get_store()
    assert {g.value for g in store.named_graphs()} == set(GRAPHS.values())
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_each_graph_holds_triples(name: str):
    assert _count(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPHS[name]}> {{ ?s ?p ?o }} }}") > 50


def test_default_graph_of_a_query_is_the_union():
    parts = sum(
        _count(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{g}> {{ ?s ?p ?o }} }}") for g in GRAPHS.values()
    )
    assert _count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == parts == len(get_store())


def test_from_selects_one_graph():
    only_derived = _count(f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_DERIVED}> {{ ?s ?p ?o }}")
    in_derived = _count(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_DERIVED}> {{ ?s ?p ?o }} }}")
    assert only_derived == in_derived < len(get_store())


def test_library_query_runner_sees_the_union_and_honours_from():
    union = run_query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").records()[0]["n"]
    vocab = run_query(
        f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_VOCABULARY}> {{ ?s ?p ?o }}"
    ).records()[0]["n"]
    assert int(union) == len(get_store()) > int(vocab) > 0


def test_shortcuts_are_only_in_the_derived_graph():
    assert _count(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_DERIVED}> {{ ?s org:memberOf ?o }} }}")
    for other in (GRAPH_ASSERTED, GRAPH_VOCABULARY):
        for prop in ("org:memberOf", "dkg:twinnedWith", "schema:foundingDate", "dkg:signatory"):
            q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{other}> {{ ?s {prop} ?o }} }}"
            assert _count(q) == 0, (other, prop)


def test_vocabulary_graph_holds_ontology_schemes_and_shapes():
    for pattern in (
        "dkg:Membership a owl:Class",
        "dkr:levels a skos:ConceptScheme",
        "dks:FoundingShape a sh:NodeShape",
    ):
        assert get_store().query(
            sparql_prologue() + f"ASK {{ GRAPH <{GRAPH_VOCABULARY}> {{ {pattern} }} }}"
        ), pattern


def test_facts_are_only_in_the_asserted_graph():
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_ASSERTED}> {{ ?f a dkg:Membership }} }}"
    assert _count(q) >= 4
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_DERIVED}> {{ ?f a dkg:Membership }} }}"
    assert _count(q) == 0


def test_derived_graph_says_it_was_generated_by_the_published_rules():
    rules = sorted(paths.rules_dir().glob("*.rq"))
    rows = get_store().query(
        sparql_prologue()
        + f"""SELECT ?plan {{ GRAPH <{GRAPH_DERIVED}> {{
            <{GRAPH_DERIVED}> prov:wasGeneratedBy ?run ; prov:wasDerivedFrom <{GRAPH_ASSERTED}> .
            ?run a prov:Activity ; prov:used <{GRAPH_ASSERTED}>, ?plan . ?plan a prov:Plan }} }}"""
    )
    assert {r["plan"].value for r in rows} == {rule_iri(r) for r in rules}


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("SELECT * { ?s ?p ?o }", False),
        ("SELECT * FROM <http://x/> { ?s ?p ?o }", True),
        ("select * from named <http://x/> { GRAPH ?g { ?s ?p ?o } }", True),
        ("PREFIX x: <http://x/> SELECT * FROM x:g { ?s ?p ?o }", True),
        ('SELECT * { ?s ?p "FROM <http://x/>" }', False),
        ("SELECT ?from { ?from ?p ?o } # FROM <http://x/>", False),
        ("SELECT * { <http://x/FROM> ?p ?o }", False),
    ],
)
def test_a_from_clause_is_recognised_only_outside_strings_iris_and_comments(query, named):
    assert names_its_dataset(query) is named


def test_query_union_on_a_plain_store():
    import pyoxigraph as ox

    store = ox.Store()
    a, b = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b")
    store.add(ox.Quad(a, a, a, a))
    store.add(ox.Quad(b, b, b, b))
    assert len(list(query_union(store, "SELECT * { ?s ?p ?o }"))) == 2
    assert len(list(query_union(store, "SELECT * FROM <http://x/a> { ?s ?p ?o }"))) == 1


def test_endpoint_sees_the_union_and_honours_graph_and_from():
    from starlette.testclient import TestClient

    from darmstadt_kg.serve.app import create_app
    from darmstadt_kg.serve.config import ServeConfig

    client = TestClient(create_app(ServeConfig(timeout=10, max_rows=500)))

    def count(query: str) -> int:
        answer = client.get("/sparql", params={"query": query, "format": "json"})
        assert answer.status_code == 200, answer.text
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    union = count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    derived = count(f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_DERIVED}> {{ ?s ?p ?o }}")
    in_graph = count(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_DERIVED}> {{ ?s ?p ?o }} }}")
    assert union == len(get_store()) > derived == in_graph > 0
    member_of = (
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX dkr: <https://w3id.org/darmstadt-kg/id/> "
        "SELECT (COUNT(*) AS ?n) FROM <{}> {{ dkr:darmstadt org:memberOf ?o }}"
    )
    assert count(member_of.format(GRAPH_DERIVED)) == 4
    assert count(member_of.format(GRAPH_ASSERTED)) == 0
