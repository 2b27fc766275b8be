"""Every shape has a valid and an invalid example; the invalid one fails on that shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import parse_turtle_files, store_to_rdflib
from darmstadt_kg.namespaces import DKS, SH
from darmstadt_kg.validate import shacl_results

EXAMPLES = Path(__file__).parent / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def shapes():
    return store_to_rdflib(parse_turtle_files([paths.shapes_file()]))


def _shape_of(example: Path) -> str:
    first = example.read_text().splitlines()[0]
    assert first.startswith("# shape: "), f"{example.name}: first line must name its shape"
    return first.removeprefix("# shape: ").strip()


def _results(example: Path, shapes):
    data = store_to_rdflib(parse_turtle_files([*paths.ontology_files(), example]))
    return shacl_results(data, shapes)


def test_every_node_shape_has_valid_and_invalid_examples(shapes):
    node_shapes = {
        f"dks:{s.removeprefix(str(DKS))}"
        for s in shapes.subjects(predicate=SH.targetClass)
        if str(s).startswith(str(DKS))
    }
    assert node_shapes
    assert node_shapes <= {_shape_of(p) for p in VALID}
    assert node_shapes <= {_shape_of(p) for p in INVALID}


@pytest.mark.parametrize("example", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(example, shapes):
    assert _results(example, shapes) == []


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_on_its_shape(example, shapes):
    results = _results(example, shapes)
    assert results, f"{example.name} conforms but should not"
    shape = _shape_of(example)
    # A result names its source shape: the node shape, one of the named property shapes it
    # uses (dks:labelDe, dks:date, ...), or "[blank node]" for an inline property shape.
    node = DKS[shape.removeprefix("dks:")]
    named = {
        f"dks:{p.removeprefix(str(DKS))}"
        for p in shapes.objects(node, SH.property)
        if str(p).startswith(str(DKS))
    }
    assert any(r.shape in {shape, "[blank node]", *named} for r in results), results
