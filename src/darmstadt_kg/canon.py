"""The canonical form of the hand-edited Turtle files, and the check that they are in it.

Canonical form is what rdflib's Turtle serialiser writes with the project's prefixes, after
blank nodes are given stable names, so that writing a file twice gives the same bytes and a diff
shows only real changes. Where the blank nodes form trees (each the object of at most one triple,
as Turtle's ``[ … ]`` writes them) and no two trees are alike, a node's name is the hash of what
it holds (:func:`tree_names`); otherwise rdflib's general algorithm names them
(``rdflib.compare.to_canonical_graph``, some 40 times slower on the 446 blank nodes of
``graph/quotes.ttl``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import rdflib
from rdflib.compare import to_canonical_graph

from darmstadt_kg import paths
from darmstadt_kg.files import atomic_write
from darmstadt_kg.load import parse_turtle_files, store_to_rdflib
from darmstadt_kg.namespaces import bind_prefixes

__all__ = [
    "canonical_turtle",
    "tree_names",
    "hand_edited_files",
    "non_canonical",
    "rewrite",
    "FIX_COMMAND",
]

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
        names = tree_names(graph)
        canonical = rdflib.Graph()
        if names is None:
            for triple in to_canonical_graph(graph):
                canonical.add(triple)
        else:
            for triple in graph:
                canonical.add(tuple(names.get(t, t) for t in triple))
        graph = canonical
    bind_prefixes(graph)
    return header_comment(path.read_text(encoding="utf-8")) + graph.serialize(format="turtle")


def tree_names(graph: rdflib.Graph) -> dict[rdflib.BNode, rdflib.BNode] | None:
    """Each blank node's name from what it holds and where it hangs: a hash of its triples (its
    children by their hashes) and of its parent's name and the predicate that links them.
    ``None`` when that does not name the nodes canonically: a blank node that is the object of
    two triples, a cycle, or two nodes alike in content and place."""

    held: dict[rdflib.BNode, list] = {}
    parent: dict[rdflib.BNode, tuple] = {}
    for s, p, o in graph:
        if isinstance(s, rdflib.BNode):
            held.setdefault(s, []).append((p, o))
        if isinstance(o, rdflib.BNode):
            if o in parent:
                return None
            parent[o] = (s, p)
            held.setdefault(o, [])
    content: dict[rdflib.BNode, str] = {}

    def content_of(node: rdflib.BNode, path: frozenset) -> str | None:
        if node not in content:
            if node in path:
                return None  # a cycle
            lines = []
            for p, o in held[node]:
                text = content_of(o, path | {node}) if isinstance(o, rdflib.BNode) else o.n3()
                if text is None:
                    return None
                lines.append(f"{p.n3()} {text}")
            content[node] = _digest("\n".join(sorted(lines)))
        return content[node]

    names: dict[rdflib.BNode, rdflib.BNode] = {}

    def name_of(node: rdflib.BNode) -> rdflib.BNode:
        if node not in names:
            where = ""
            if node in parent:
                s, p = parent[node]
                where = (name_of(s) if isinstance(s, rdflib.BNode) else s).n3() + p.n3()
            names[node] = rdflib.BNode("t" + _digest(content[node] + where)[:32])
        return names[node]

    try:  # a deep chain (a long RDF list) would exhaust Python's stack: the general way then
        if any(content_of(node, frozenset()) is None for node in held):
            return None
        for node in held:
            name_of(node)
    except RecursionError:
        return None
    return names if len(set(names.values())) == len(names) else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
