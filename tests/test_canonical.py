"""The committed Turtle is in canonical form, so diffs show only real changes."""

from __future__ import annotations

from darmstadt_kg.canon import FIX_COMMAND, canonical_turtle, hand_edited_files, non_canonical
from darmstadt_kg.load import display_path


def test_committed_turtle_is_canonical():
    bad = [display_path(p) for p in non_canonical()]
    assert not bad, f"not in canonical form: {', '.join(bad)} — run `{FIX_COMMAND}` to rewrite"


def test_canonical_form_is_a_fixed_point(tmp_path):
    """Canonicalising canonical text changes nothing (fmt run twice rewrites nothing)."""
    for path in hand_edited_files():
        once = canonical_turtle(path)
        copy = tmp_path / path.name
        copy.write_text(once, encoding="utf-8")
        assert canonical_turtle(copy) == once, display_path(path)


def test_canonical_form_does_not_depend_on_statement_order_or_layout(tmp_path):
    prefixes = "@prefix ex: <http://example.org/> .\n"
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text(prefixes + 'ex:a ex:p ex:b ; ex:q "x" .\nex:c ex:p ex:a .\n', encoding="utf-8")
    two.write_text(
        prefixes + 'ex:c   ex:p ex:a .\nex:a ex:q "x" .\nex:a ex:p ex:b .\n', encoding="utf-8"
    )
    assert canonical_turtle(one) == canonical_turtle(two)


_TREES = """@prefix ex: <http://example.org/> .
ex:a ex:target [ ex:quote [ ex:exact "x" ] ; ex:source ex:page ] ,
               [ ex:quote [ ex:exact "y" ] ; ex:source ex:page ] .
ex:b ex:target [ ex:quote [ ex:exact "x" ] ; ex:source ex:page ] .
"""
_TREES_RELABELLED = """@prefix ex: <http://example.org/> .
_:q9 ex:exact "x" .
ex:b ex:target _:t1 .
_:t1 ex:source ex:page ; ex:quote _:q9 .
_:t7 ex:quote _:q3 ; ex:source ex:page .
_:q3 ex:exact "y" .
ex:a ex:target _:t2 , _:t7 .
_:t2 ex:source ex:page ; ex:quote [ ex:exact "x" ] .
"""


def _graph(text: str):
    import rdflib

    return rdflib.Graph().parse(data=text, format="turtle")


def test_blank_node_trees_get_the_same_text_however_written_and_keep_every_node(tmp_path):
    """The fast naming of tree-shaped blank nodes (by content and place): the same graph written
    with other labels, nesting and order gives the same text; alike trees in different places
    (ex:a's and ex:b's "x" target) stay two."""
    from rdflib.compare import isomorphic

    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text(_TREES, encoding="utf-8")
    two.write_text(_TREES_RELABELLED, encoding="utf-8")
    text = canonical_turtle(one)
    assert canonical_turtle(two) == text
    assert isomorphic(_graph(text), _graph(_TREES)) and len(_graph(text)) == 12


def test_blank_nodes_that_are_not_trees_are_named_by_the_general_algorithm(tmp_path):
    """A shared blank node, a cycle and two alike nodes in the same place: the text is still the
    same however the file is written, and no node is lost."""
    from rdflib.compare import isomorphic

    shared = '@prefix ex: <http://example.org/> .\nex:a ex:p _:s . ex:b ex:p _:s . _:s ex:v "1" .\n'
    cycle = "@prefix ex: <http://example.org/> .\n_:x ex:next _:y . _:y ex:next _:x .\n"
    twins = '@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:v "1" ] , [ ex:v "1" ] .\n'
    for n, text in enumerate((shared, cycle, twins)):
        one, two = tmp_path / f"{n}-one.ttl", tmp_path / f"{n}-two.ttl"
        one.write_text(text, encoding="utf-8")
        lines = text.split("\n", 1)
        two.write_text(lines[0] + "\n" + lines[1].replace("_:", "_:other"), encoding="utf-8")
        canonical = canonical_turtle(one)
        assert canonical_turtle(two) == canonical
        assert isomorphic(_graph(canonical), _graph(text)), text
