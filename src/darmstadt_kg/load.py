"""The one loader: ontology and graph files → a pyoxigraph store, parsed once per process.

The store holds three named graphs (IRIs in :mod:`darmstadt_kg.namespaces`): the vocabulary
(``ontology/*.ttl`` with the SHACL shapes), the asserted facts (``graph/*.ttl``) and the
shortcuts the rules derive from the asserted facts. Its default graph is empty; every query
through :func:`query_union` (and through the store ``get_store()`` returns) sees the union of
the three unless it names graphs itself (``FROM``/``FROM NAMED``, or ``GRAPH`` inside).

``get_store()`` is what the rest of the code uses. ``get_rdflib_graph()`` converts the same
store into an ``rdflib.Graph`` (the union) for the libraries that need one (pySHACL,
serialisers); it never re-reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib

from darmstadt_kg import paths
from darmstadt_kg.cpus import usable_cpus
from darmstadt_kg.errors import ExitCode, InputSyntaxError, UserError
from darmstadt_kg.namespaces import (
    BASE,
    GRAPH_ASSERTED,
    GRAPH_DERIVED,
    GRAPH_VOCABULARY,
    PROV,
    RDF,
    RDFS,
    bind_prefixes,
    sparql_prologue,
)
from darmstadt_kg.skolem import load_skolemised, skolemised

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "UnionStore",
    "query_union",
    "names_its_dataset",
    "graph_of",
    "skolemised",
    "parse_turtle_files",
    "apply_rules",
    "load_store",
    "get_store",
    "store_to_rdflib",
    "get_rdflib_graph",
    "default_files",
    "rule_update",
    "rule_iri",
    "display_path",
]

_OX_POSITION = re.compile(r"^Parser error (?:at|between) line (\d+) column (\d+)")


def display_path(path: Path) -> str:
    """A path relative to the data root (``graph/cities.ttl``) when it lies inside it."""
    try:
        return str(path.resolve().relative_to(paths.data_root()))
    except ValueError:
        return str(path)


def default_files() -> list[Path]:
    """The vocabulary (with the SHACL shapes) and the instance data, in load order: the Turtle
    files of ``graph/``, then any N-Triples (``.nt``) there (a bulk export put beside them; not
    hand-edited, so ``fmt`` leaves it alone)."""
    extra = sorted(paths.graph_dir().glob("*.nt"))
    return paths.ontology_files() + [paths.shapes_file()] + paths.graph_files() + extra


_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_FROM = re.compile(r"(?i)(?<![?$\w:])FROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:|:)")


def names_its_dataset(query: str) -> bool:
    """Whether a SPARQL query has a ``FROM`` or ``FROM NAMED`` clause (outside strings,
    IRIs and comments): such a query chooses its own default graph."""

    def keep_iri_start(match: re.Match) -> str:
        return "<" if match.group(0).startswith("<") else " "

    return bool(_FROM.search(_STRINGS_AND_COMMENTS.sub(keep_iri_start, query)))


def query_union(store: pyoxigraph.Store, query: str, **options):
    """``store.query`` with the union of all graphs as the default graph, unless the query or
    the caller chooses the dataset (``FROM``, ``default_graph=``)."""
    if getattr(store, "default_is_union", False):  # the union is written in (serve's copy)
        return store.query(query, **options)
    if "default_graph" not in options and not names_its_dataset(query):
        options.setdefault("use_default_graph_as_union", True)
    return store.query(query, **options)


class UnionStore:
    """A pyoxigraph store whose ``query`` sees the union of its named graphs by default.

    pyoxigraph's ``Store`` cannot be subclassed; this wrapper forwards every other attribute
    (``dump``, ``quads_for_pattern``, ``len`` …) to the store, so callers that query
    ``get_store()`` directly keep working with the three named graphs.
    """

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    def query(self, query: str, **options):
        return query_union(self.store, query, **options)

    def __len__(self) -> int:
        return len(self.store)

    def __iter__(self):
        return iter(self.store)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def graph_of(path: Path) -> str:
    """The named graph a file is loaded into: vocabulary for ``ontology/``, else asserted."""

    try:
        Path(path).resolve().relative_to(paths.ontology_dir().resolve())
    except ValueError:
        return GRAPH_ASSERTED
    return GRAPH_VOCABULARY


def _format(path: Path):
    return ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE


def _syntax_error(path: Path, err: SyntaxError) -> InputSyntaxError:
    message = err.msg if isinstance(err.msg, str) else str(err)
    problem = _OX_POSITION.sub("", message).lstrip(": ").strip() or message
    return InputSyntaxError(
        display_path(path),
        err.lineno,
        err.offset,
        f"Turtle syntax error: {problem}",
        "fix the file and run `darmstadt-kg validate` again",
    )


def _unreadable(path: Path, err: OSError) -> UserError:
    return UserError(
        f"{display_path(path)}: cannot read ({err.strerror or err}) — check the path",
        ExitCode.NOT_FOUND,
    )


def parse_turtle_files(files: Iterable[Path], *, named_graphs: bool = False) -> pyoxigraph.Store:
    """Bulk-load every file (Turtle, or N-Triples for ``.nt``) into one new in-memory store:
    into its default graph, or with ``named_graphs`` into the graph :func:`graph_of` names.

    With ``named_graphs`` each file goes into its graph with its blank nodes named by their
    content (:func:`darmstadt_kg.skolem.load_skolemised`: an N-Triples file straight from the
    file, only its blank-node lines through Python). A syntax error in any file raises before
    the store is returned, so no caller ever sees a partial store.
    """

    store = ox.Store()
    for f in files:
        path = Path(f)
        target = ox.NamedNode(graph_of(path)) if named_graphs else ox.DefaultGraph()
        try:
            if named_graphs:
                load_skolemised(store, path, _format(path), target)
                continue
            store.bulk_load(path=str(path), format=_format(path), to_graph=target)
        except SyntaxError as err:
            raise _syntax_error(path, err) from None
        except OSError as err:
            raise _unreadable(path, err) from None
    return store


def rule_update(text: str, *, source_graphs: Sequence[str] = ()) -> str | None:
    """A rule's ``CONSTRUCT { template } WHERE { … }`` as ``INSERT { GRAPH <derived> { template } }
    USING <g>… WHERE { … }``; None if the text has no CONSTRUCT template."""

    match = re.search(r"(?m)^CONSTRUCT\s*\{", text)
    if not match:
        return None
    depth, end = 1, match.end()
    while depth and end < len(text):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    where = text[end:].lstrip()
    if depth or not where.upper().startswith("WHERE"):
        return None
    template = text[match.end() : end - 1]
    using = "".join(f"USING <{g}>\n" for g in source_graphs)
    insert = f"INSERT {{ GRAPH <{GRAPH_DERIVED}> {{{template}}} }}\n"
    return text[: match.start()] + insert + using + where


def apply_rules(store: pyoxigraph.Store, rule_files: Sequence[Path] | None = None) -> int:
    """Add the shortcut triples that ``ontology/rules/*.rq`` CONSTRUCT from the fact nodes.

    Each rule runs inside the store as ``INSERT { GRAPH <derived> {…} } USING <asserted> USING
    <vocabulary> WHERE …`` (its CONSTRUCT template becomes the INSERT template), so no triple
    passes through Python and the derived graph holds only what the rules made. A store
    without the asserted graph (a test's small example) is read from its default graph. The
    rules read only fact nodes and write only shortcuts, so they do not depend on each other:
    they run on two threads (pyoxigraph evaluates without the GIL). Returns the number of
    triples added.
    """

    sources: tuple[str, ...] = ()
    if store.contains_named_graph(ox.NamedNode(GRAPH_ASSERTED)):
        sources = (GRAPH_ASSERTED, GRAPH_VOCABULARY)
    rule_files = sorted(paths.rules_dir().glob("*.rq")) if rule_files is None else rule_files
    updates = []
    for rule in rule_files:
        text = Path(rule).read_text(encoding="utf-8")
        update = rule_update(text, source_graphs=sources)
        if update is None:
            raise InputSyntaxError(
                display_path(Path(rule)),
                None,
                None,
                "a rule must be a CONSTRUCT { template } WHERE { … } query",
                "start the query with CONSTRUCT on its own line",
            )
        updates.append((Path(rule), sparql_prologue() + update))

    def run(item: tuple[Path, str]) -> None:
        rule, update = item
        try:
            store.update(update)
        except SyntaxError as err:
            raise InputSyntaxError(
                display_path(rule), None, None, f"SPARQL syntax error: {err}", "fix the rule file"
            ) from None

    before = len(store)
    with ThreadPoolExecutor(max_workers=min(2, usable_cpus())) as pool:
        for _ in pool.map(run, updates):
            pass
    return len(store) - before


def load_store(files: Iterable[Path] | None = None, *, rules: bool = True) -> UnionStore:
    """Parse ``files`` (default: vocabulary and graph) into their named graphs and add the
    derived shortcut triples to the derived graph with its provenance."""
    store = parse_turtle_files(default_files() if files is None else files, named_graphs=True)
    if rules:
        apply_rules(store)
        _describe_derived(store)
    return UnionStore(store)


def rule_iri(rule: Path) -> str:
    """The published IRI of a rule file (the site serves it at ``rules/<name>.rq``)."""

    return f"{BASE}rules/{Path(rule).name}"


def _describe_derived(store: pyoxigraph.Store) -> None:
    """PROV for the derived graph, written into it: generated by one activity that used the
    asserted graph and followed each published rule (a ``prov:Plan`` with its summary)."""

    g = ox.NamedNode(GRAPH_DERIVED)

    def iri(x: object) -> ox.NamedNode:
        return ox.NamedNode(str(x))

    derived, run = iri(GRAPH_DERIVED), iri(GRAPH_DERIVED + "#derivation")
    quads = [
        (derived, RDF.type, PROV.Entity),
        (derived, RDFS.label, ox.Literal("Abgeleitete Abkürzungen", language="de")),
        (derived, RDFS.label, ox.Literal("Derived shortcuts", language="en")),
        (derived, PROV.wasGeneratedBy, run),
        (derived, PROV.wasDerivedFrom, iri(GRAPH_ASSERTED)),
        (run, RDF.type, PROV.Activity),
        (run, PROV.used, iri(GRAPH_ASSERTED)),
    ]
    for rule in sorted(paths.rules_dir().glob("*.rq")):
        plan = iri(rule_iri(rule))
        summary = re.search(r"(?m)^#\+ summary:\s*(.+)$", rule.read_text(encoding="utf-8"))
        quads += [(plan, RDF.type, PROV.Plan), (run, PROV.used, plan)]
        if summary:
            quads.append((plan, RDFS.comment, ox.Literal(summary.group(1).strip(), language="en")))
    store.extend(
        ox.Quad(
            s,
            p if isinstance(p, ox.NamedNode) else iri(p),
            o if not isinstance(o, str) else iri(o),
            g,
        )
        for s, p, o in quads
    )


@cache
def get_store() -> UnionStore:
    """The project's graph, loaded once per process. Treat it as read-only."""
    return load_store()


def store_to_rdflib(store: pyoxigraph.Store, graph: str | None = None) -> rdflib.Graph:
    """Copy a store's triples — the union of all its graphs, or the named ``graph`` — into an
    ``rdflib.Graph`` with the project's prefixes."""

    if graph is None:
        data = ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES) or b""
    else:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    graph = rdflib.Graph()
    bind_prefixes(graph)
    graph.parse(data=data, format="nt")
    return graph


@cache
def get_rdflib_graph() -> rdflib.Graph:
    """``get_store()`` as an ``rdflib.Graph``, converted once per process. Treat it as read-only."""
    return store_to_rdflib(get_store())
