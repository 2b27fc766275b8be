"""Dumps carry the named graphs (N-Quads, TriG) and their union (the other formats); VoID counts
each named graph as a subset; the rules the derived graph's PROV names are published."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from darmstadt_kg import paths
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import GRAPHS, VOID
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.common import ordered_graph, sorted_ntriples, triple_order
from darmstadt_kg.publish.dumps import serialise, serialise_dataset, write_dumps
from darmstadt_kg.publish.resources import describe, resources
from darmstadt_kg.publish.void import graph_counts, void_graph


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("dumps")
    return out, write_dumps(get_rdflib_graph(), out)


def _per_graph(path: Path, fmt: str) -> dict[str, int]:
    dataset = rdflib.Dataset()
    dataset.parse(path, format=fmt)
    counts: dict[str, int] = {}
    for _s, _p, _o, g in dataset.quads():
        counts[str(g)] = counts.get(str(g), 0) + 1
    return counts


@pytest.mark.parametrize(("ext", "fmt"), [("nq", "nquads"), ("trig", "trig")])
def test_dataset_dumps_hold_the_three_graphs_with_their_counts(written, ext, fmt):
    out, _ = written
    assert _per_graph(out / "dumps" / f"darmstadt-kg.{ext}", fmt) == graph_counts(get_store())


def test_graph_counts_add_up_to_the_union():
    counts = graph_counts(get_store())
    assert set(counts) == set(GRAPHS.values())
    assert sum(counts.values()) == len(get_rdflib_graph())


def test_union_dumps_have_no_named_graph(written):
    out, dumps = written
    turtle = (out / "dumps" / "darmstadt-kg.ttl").read_text(encoding="utf-8")
    assert "GRAPH" not in turtle and "graph/asserted> {" not in turtle
    assert {d.triples for d in dumps} == {len(get_rdflib_graph())}


def test_trig_has_one_block_per_graph_in_sorted_order():
    text = serialise_dataset(get_store(), "trig")[0].decode("utf-8")
    heads = [line for line in text.splitlines() if line.endswith("{")]
    assert heads == [f"<{g}> {{" for g in sorted(GRAPHS.values())]


def test_void_describes_each_graph_as_a_subset_with_its_count(written):
    _, dumps = written
    void = void_graph(get_rdflib_graph(), dumps, "https://example.org/", "https://example.org/q")
    subsets = set(void.objects(rdflib.URIRef(DATASET_IRI), VOID.subset))
    assert {str(s) for s in subsets} == set(GRAPHS.values())
    counts = graph_counts(get_store())
    for subset in subsets:
        assert int(void.value(subset, VOID.triples)) == counts[str(subset)]


def test_rules_are_published_beside_the_dumps(written):
    out, _ = written
    for rule in paths.rules_dir().glob("*.rq"):
        assert (out / "rules" / rule.name).read_bytes() == rule.read_bytes()


def test_a_resource_is_described_from_the_ordered_union_as_if_ordered_anew():
    """The site takes each resource's description from the union put in order once (sorted
    N-Triples lines, ``triple_order``): it holds the resource's triples, in the order of its own
    sorted lines, so its Turtle and JSON-LD are the bytes of ordering it anew."""
    graph = get_rdflib_graph()
    ordered = ordered_graph(graph)
    order = triple_order(ordered)
    assert len(order) == len(graph)
    for resource in resources(graph):
        description = describe(ordered, resource, order)
        held = {*graph.triples((resource, None, None)), *graph.triples((None, None, resource))}
        assert set(description) == held, resource
        for ext in ("ttl", "jsonld"):
            assert serialise(description, ext, ordered=description) == serialise(
                description, ext
            ), resource
    richest = max(resources(graph), key=lambda r: len(list(graph.predicate_objects(r))))
    sample = describe(ordered, richest, order)
    one_by_one = []
    for triple in sorted(sample, key=order.__getitem__):
        single = rdflib.Graph()
        single.add(triple)
        one_by_one += sorted_ntriples(single)
    assert len(one_by_one) > 5 and one_by_one == sorted_ntriples(sample)
