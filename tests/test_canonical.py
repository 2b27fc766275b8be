"""The committed Turtle is in canonical form, so diffs show only real changes."""

from __future__ import annotations

from darmstadt_kg.canon import FIX_COMMAND, canonical_turtle, hand_edited_files, non_canonical
from darmstadt_kg.load import display_path


def test_committed_turtle_is_canonical():
    bad = [display_path(p) for p in non_canonical()]
    assert not bad, f"not in canonical form: {', '.join(bad)} — run `{FIX_COMMAND}` to rewrite"


def test_canonical_form_is_stable():
    for path in hand_edited_files():
        assert canonical_turtle(path) == canonical_turtle(path)
