"""The server's store copy holds the union of its named graphs in its default graph, once,
and only when that answers every query exactly as pyoxigraph's union would."""

from __future__ import annotations

import pyoxigraph as ox

from darmstadt_kg import load
from darmstadt_kg.load import query_union
from darmstadt_kg.namespaces import GRAPHS
from darmstadt_kg.serve.evaluate import Answer, Format, Job, answer
from darmstadt_kg.serve.store import UNION_MARK, DefaultUnion, build_shared_store, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
EX = "http://example.org/"


def _rows(store, text, **options):
    return [tuple(str(term) for term in row) for row in store.query(text, **options)]


def _count_job(text=COUNT, **dataset):
    return Job(text, Format("csv", "text/csv"), Format("turtle", ""), 100, **dataset)


def test_the_darmstadt_copy_has_the_union_as_default_graph_and_answers_like_the_union(tmp_path):
    source = load.get_store().store
    path = str(build_shared_store(tmp_path))
    assert (tmp_path / UNION_MARK).read_text().strip() == str(len(source))
    store = open_store(path)
    assert isinstance(store, DefaultUnion) and len(store) == len(source)
    # no triple of the Darmstadt graph is in two graphs: the union has no duplicate to lose
    union = _rows(source, COUNT, use_default_graph_as_union=True)
    assert _rows(store.store, COUNT) == union
    assert union[0][0].startswith(f'"{len(source)}"')
    assert _rows(store.store, PER_GRAPH) == _rows(source, PER_GRAPH)
    for graph in GRAPHS.values():
        chosen = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
        assert _rows(store.store, chosen) == _rows(source, chosen)
    assert sorted(store, key=str) == sorted(source, key=str)  # named graphs only


def _source_with(quads):
    source = ox.Store()
    source.extend(quads)
    return source


def test_a_triple_in_two_graphs_keeps_the_default_graph_empty_and_counts_twice(
    tmp_path,
):
    a, p = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
    g1, g2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
    source = load.UnionStore(
        _source_with([ox.Quad(a, p, a, g1), ox.Quad(a, p, a, g2), ox.Quad(p, p, a, g1)])
    )
    path = str(build_shared_store(tmp_path, source))
    assert not (tmp_path / UNION_MARK).exists()
    store = open_store(path)
    assert not isinstance(store, DefaultUnion)
    assert len(store.store) == 3  # nothing left in the default graph
    reply = answer(store, _count_job())
    assert isinstance(reply, Answer) and reply.body.split() == [b"n", b"3"]


def test_a_source_with_a_default_graph_is_copied_as_it_is(tmp_path):
    a, p = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
    source = load.UnionStore(
        _source_with([ox.Quad(a, p, a), ox.Quad(p, p, a, ox.NamedNode(EX + "g"))])
    )
    path = str(build_shared_store(tmp_path, source))
    assert not (tmp_path / UNION_MARK).exists()
    assert len(ox.Store.read_only(path)) == 2


def test_a_materialised_copy_answers_dataset_choices_like_the_named_graphs(tmp_path):
    a, p = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
    g1, g2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
    source = load.UnionStore(_source_with([ox.Quad(a, p, a, g1), ox.Quad(p, p, a, g2)]))
    path = str(build_shared_store(tmp_path, source))
    store = open_store(path)
    assert isinstance(store, DefaultUnion) and len(store) == 2

    def count(text=COUNT, **dataset):
        reply = answer(store, _count_job(text, **dataset))
        assert isinstance(reply, Answer)
        return int(reply.body.split()[1])

    assert count() == 2  # the union
    assert count(default_graphs=(g1.value,)) == 1  # default-graph-uri
    assert count(named_graphs=(g2.value,)) == 2  # named-graph-uri only: the union stays default
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{g2.value}> WHERE {{ ?s ?p ?o }}") == 1
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{g2.value}> WHERE {{ ?s ?p ?o }}") == 0
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(in_graphs) == 2  # the default graph is no named graph
    assert count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g1.value}> {{ ?s ?p ?o }} }}") == 1
    assert int(next(iter(query_union(store, COUNT)))[0].value) == 2  # the union asked for again
    memory = open_store(path, in_memory=True)
    assert isinstance(memory, DefaultUnion)
    assert int(answer(memory, _count_job()).body.split()[1]) == 2
