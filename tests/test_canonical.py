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
