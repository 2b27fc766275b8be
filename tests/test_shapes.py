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


def _path_of(example: Path) -> str:
    third = example.read_text().splitlines()[2]
    assert third.startswith("# path: "), f"{example.name}: third line must name the failing path"
    return third.removeprefix("# path: ").strip()


def _property_shapes_with_path(shapes, node_shape: str, path: str) -> set[str]:
    """The property shapes of ``node_shape`` (named ``dks:…`` or ``[blank node]``) on ``path``."""
    from darmstadt_kg.namespaces import curie

    found = set()
    for prop in shapes.objects(DKS[node_shape.removeprefix("dks:")], SH.property):
        if any(curie(p) == path for p in shapes.objects(prop, SH.path)):
            found.add(curie(prop) if str(prop).startswith(str(DKS)) else "[blank node]")
    return found


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_on_its_shape_and_path(example, shapes):
    results = _results(example, shapes)
    shape, path = _shape_of(example), _path_of(example)
    candidates = _property_shapes_with_path(shapes, shape, path)
    assert candidates, f"{shape} has no property shape on {path}: fix the example's header"
    # The example fails on the stated path, through a property shape of the stated node shape.
    hits = [r for r in results if r.path == path and r.shape in candidates]
    assert hits, f"{example.name}: expected a failure of {shape} on {path}, got {results}"
