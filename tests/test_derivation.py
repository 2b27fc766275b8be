"""The fast load path gives exactly the store of the plain one: the same asserted quads (blank
nodes named alike) and the same derived triples as each rule's CONSTRUCT evaluated on its own.

Checked on the Darmstadt graph and on a generated data set of 10^5 triples (the benchmark's
generator; its file holds the SHACL shapes' blank nodes as ``_:`` lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.errors import InputSyntaxError
from darmstadt_kg.load import apply_rules, default_files, graph_of, parse_turtle_files, skolemised
from darmstadt_kg.namespaces import GRAPH_ASSERTED, GRAPH_DERIVED, GRAPH_VOCABULARY, sparql_prologue
from tests.generate import write_dataset


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    path = tmp_path_factory.mktemp("derivation") / "data-100000.nt"
    write_dataset(100_000, path)
    return [path]


@pytest.fixture(scope="module", params=["darmstadt", "generated-100000"])
def files(request, generated) -> list[Path]:
    return default_files() if request.param == "darmstadt" else generated


def _plain_parse(files: list[Path]) -> set:
    """Each file parsed alone into a store of its own, then skolemised into its graph."""
    import pyoxigraph as ox

    quads: set = set()
    for path in files:
        single = ox.Store()
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        single.bulk_load(path=str(path), format=fmt)
        quads.update(skolemised(single, ox.NamedNode(graph_of(path))))
    return quads


def _constructed_rule_by_rule(store) -> set:
    """Every rule's CONSTRUCT, evaluated alone over the asserted and vocabulary graphs."""
    import pyoxigraph as ox

    sources = [ox.NamedNode(GRAPH_ASSERTED), ox.NamedNode(GRAPH_VOCABULARY)]
    triples: set = set()
    for rule in sorted(paths.rules_dir().glob("*.rq")):
        text = sparql_prologue() + rule.read_text(encoding="utf-8")
        triples.update(store.query(text, default_graph=sources))
    return triples


def test_loaded_quads_equal_each_file_parsed_alone_and_skolemised(files):
    loaded = set(parse_turtle_files(files, named_graphs=True))
    plain = _plain_parse(files)
    assert len(loaded) > 2000
    assert loaded == plain


def test_derived_triples_equal_every_rule_constructed_on_its_own(files):
    import pyoxigraph as ox

    store = parse_turtle_files(files, named_graphs=True)
    expected = _constructed_rule_by_rule(store)
    added = apply_rules(store)
    derived = {
        q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_DERIVED))
    }
    assert len(expected) > 200
    assert derived == expected
    assert added == len(derived)


def test_ntriples_syntax_error_after_a_blank_node_line_names_the_files_line(tmp_path: Path):
    bad = tmp_path / "bad.nt"
    bad.write_text(
        "<urn:a> <urn:p> _:b .\n_:b <urn:p> <urn:c> .\n"
        "<urn:d> <urn:p> <urn:e> .\n<urn:f> <urn:p> .\n"
    )
    with pytest.raises(InputSyntaxError) as info:
        parse_turtle_files([bad], named_graphs=True)
    assert info.value.line == 4


def test_ntriples_blank_nodes_are_named_and_a_literal_with_underscore_colon_kept(tmp_path: Path):
    data = tmp_path / "mixed.nt"
    data.write_text(
        '<urn:a> <urn:p> _:x .\n_:x <urn:q> "1" .\n<urn:b> <urn:label> "a_:b" .\n'
        "<urn:c> <urn:p> <urn:d> ."  # no newline at the end
    )
    quads = set(parse_turtle_files([data], named_graphs=True))
    assert quads == _plain_parse([data])
    assert len(quads) == 4
    assert not any(q.subject.__class__.__name__ == "BlankNode" for q in quads)
    assert any(str(q.object) == '"a_:b"' for q in quads)


def test_ntriples_lines_without_blank_nodes_never_pass_through_python(tmp_path: Path, monkeypatch):
    import darmstadt_kg.skolem as skolem

    seen: list[int] = []
    original = skolem.skolemised

    def counting(single, graph):
        seen.append(len(single))
        return original(single, graph)

    monkeypatch.setattr(skolem, "skolemised", counting)
    data = tmp_path / "plain.nt"
    lines = [f"<urn:s{i}> <urn:p> <urn:o{i}> ." for i in range(300)]
    data.write_text("\n".join([*lines, "<urn:a> <urn:p> _:x .", "_:x <urn:q> <urn:b> ."]) + "\n")
    quads = parse_turtle_files([data], named_graphs=True)
    assert seen == [2]  # only the two blank-node lines were named in Python
    assert len(quads) == 302
