"""The canonical form of the hand-edited Turtle files, and the check that they are in it.

Canonical form is what rdflib's Turtle serialiser writes with the project's prefixes, after
blank nodes are given stable names (``rdflib.compare.to_canonical_graph``), so that writing a
file twice gives the same bytes and a diff shows only real changes.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import to_canonical_graph

from darmstadt_kg import paths
from darmstadt_kg.files import atomic_write
from darmstadt_kg.load import parse_turtle_files, store_to_rdflib
from darmstadt_kg.namespaces import bind_prefixes

__all__ = ["canonical_turtle", "hand_edited_files", "non_canonical", "rewrite", "FIX_COMMAND"]

FIX_COMMAND = "darmstadt-kg fmt"


def hand_edited_files() -> list[Path]:
    """Every Turtle file a person edits: ontology, schemes, shapes and graph data."""
    return sorted(paths.ontology_dir().glob("*.ttl")) + paths.graph_files()


def header_comment(text: str) -> str:
    """The file's opening comment block (``#`` lines before the first statement), kept by fmt."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            lines.append(stripped)
        elif stripped and not stripped.lower().startswith(("@prefix", "prefix", "@base", "base")):
            break
    return "\n".join(lines) + "\n\n" if lines else ""


def canonical_turtle(path: Path) -> str:
    """The canonical Turtle text of ``path`` (raises InputSyntaxError if it does not parse).

    The opening comment block is kept, at the top; comments elsewhere are not.
    """

    graph = store_to_rdflib(parse_turtle_files([path]))
    if any(isinstance(t, rdflib.BNode) for triple in graph for t in triple):
        canonical = rdflib.Graph()
        for triple in to_canonical_graph(graph):
            canonical.add(triple)
        graph = canonical
    bind_prefixes(graph)
    return header_comment(path.read_text(encoding="utf-8")) + graph.serialize(format="turtle")


def non_canonical(files: list[Path] | None = None) -> list[Path]:
    """The files whose text differs from their canonical form."""
    return [
        f
        for f in (hand_edited_files() if files is None else files)
        if f.read_text(encoding="utf-8") != canonical_turtle(f)
    ]


def rewrite(files: list[Path] | None = None) -> list[Path]:
    """Rewrite files into canonical form; every file is checked to parse before any is written."""

    targets = hand_edited_files() if files is None else files
    texts = {f: canonical_turtle(f) for f in targets}
    changed = []
    for f, text in texts.items():
        if f.read_text(encoding="utf-8") != text:
            atomic_write(f, text)
            changed.append(f)
    return changed
