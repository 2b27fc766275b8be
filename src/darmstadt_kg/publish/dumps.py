"""Dumps of the whole graph, each also gzipped: the three named graphs as N-Quads and TriG, their
union as Turtle, N-Triples, RDF/XML and JSON-LD; and the derivation rules the derived graph's
provenance names, as published files (``rules/<name>.rq``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from darmstadt_kg import paths
from darmstadt_kg.load import get_store
from darmstadt_kg.namespaces import PREFIXES
from darmstadt_kg.publish import GRAPH_IRI
from darmstadt_kg.publish.common import (
    gzip_bytes,
    ordered_graph,
    rdf_lines,
    sha256,
    sorted_ntriples,
    write_bytes,
)

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Dump",
    "FORMATS",
    "DATASET_FORMATS",
    "jsonld_context",
    "serialise",
    "serialise_dataset",
    "write_dumps",
    "write_rules",
    "DUMP_NAME",
]

DUMP_NAME = "darmstadt-kg"

# extension → (media type, rdflib parser name, title)
FORMATS: dict[str, tuple[str, str, str]] = {
    "ttl": ("text/turtle", "turtle", "Turtle"),
    "nt": ("application/n-triples", "nt", "N-Triples"),
    "nq": ("application/n-quads", "nquads", "N-Quads"),
    "trig": ("application/trig", "trig", "TriG"),
    "rdf": ("application/rdf+xml", "xml", "RDF/XML"),
    "jsonld": ("application/ld+json", "json-ld", "JSON-LD"),
}


#: The formats that carry the named graphs (the others carry their union).
DATASET_FORMATS = ("nq", "trig")


@dataclass(frozen=True)
class Dump:
    """One file of the dump: where it is (relative to the site), what it is, its checksum."""

    path: str
    media_type: str
    title: str
    triples: int
    size: int
    sha256: str
    compressed: bool


def jsonld_context() -> dict[str, str]:
    """The JSON-LD context: the project's prefixes."""

    return dict(sorted(PREFIXES.items()))


def serialise(
    graph: rdflib.Graph,
    ext: str,
    graph_iri: str | None = None,
    ordered: rdflib.Graph | None = None,
) -> bytes:
    """The graph in the format of ``ext`` — the same bytes for the same triples. ``ordered``:
    ``graph`` as :func:`~darmstadt_kg.publish.common.ordered_graph` returns it, if the caller
    has it (Turtle and JSON-LD are written from it)."""
    if ext == "nt":
        return ("\n".join(sorted_ntriples(graph)) + "\n").encode("utf-8")
    if ext == "nq":
        name = f"<{graph_iri or GRAPH_IRI}>"
        lines = [line[: line.rstrip().rfind(".")].rstrip() for line in sorted_ntriples(graph)]
        return "".join(f"{line} {name} .\n" for line in lines).encode("utf-8")
    if ext == "rdf":
        return _rdf_xml(graph)
    if ext not in ("ttl", "jsonld"):
        raise ValueError(f"unknown dump format {ext!r}")
    if ordered is None:
        ordered = ordered_graph(graph)
    if ext == "ttl":
        return ordered.serialize(format="turtle", encoding="utf-8")
    text = ordered.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    data = json.loads(text)  # JSON-LD
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_quads(store) -> list:
    quads = [
        q for q in store.quads_for_pattern(None, None, None) if q.graph_name != ox.DefaultGraph()
    ]
    return sorted(
        quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )


def serialise_dataset(store, ext: str) -> tuple[bytes, int]:
    """The store's named graphs as N-Quads (sorted lines) or TriG (one block per graph, sorted,
    each holding its sorted N-Triples lines): the same bytes for the same quads. Returns the
    bytes and the number of quads."""

    quads = _sorted_quads(store)
    if ext == "nq":
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        lines = sorted(rdf_lines(data.decode("utf-8")))
        return ("\n".join(lines) + "\n").encode("utf-8"), len(quads)
    if ext == "trig":
        blocks = []
        for name in sorted({str(q.graph_name) for q in quads}):
            triples = [q.triple for q in quads if str(q.graph_name) == name]
            lines = sorted(
                rdf_lines((ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode())
            )
            blocks.append(f"{name} {{\n" + "".join(f"  {line}\n" for line in lines) + "}\n")
        return "\n".join(blocks).encode("utf-8"), len(quads)
    raise ValueError(f"{ext!r} is not a format of named graphs")


def _rdf_xml(graph: rdflib.Graph) -> bytes:
    """RDF/XML written by pyoxigraph from the sorted triples (rdflib's XML writers order the
    namespace declarations by hash)."""

    nt = ("\n".join(sorted_ntriples(graph)) + "\n").encode("utf-8")
    triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    used = {str(p) for _s, p, _o in graph} | {str(o) for o in graph.objects()}
    prefixes = {
        prefix: base
        for prefix, base in sorted(jsonld_context().items())
        if any(t.startswith(base) for t in used)
    }
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


def write_rules(out: Path) -> list[str]:
    """Copy ``ontology/rules/*.rq`` to ``out/rules/`` (where the derived graph's PROV points)."""

    written = []
    for rule in sorted(paths.rules_dir().glob("*.rq")):
        write_bytes(out / "rules" / rule.name, rule.read_bytes())
        written.append(f"rules/{rule.name}")
    return written


def write_dumps(
    graph: rdflib.Graph,
    out: Path,
    folder: str = "dumps",
    store=None,
    ordered: rdflib.Graph | None = None,
) -> list[Dump]:
    """Write every format and its gzip into ``out/folder``, and the rules into ``out/rules``;
    return the dumps written. N-Quads and TriG come from ``store`` (default: the project's
    store, whose union ``graph`` is), with its three named graphs. ``ordered``: ``graph`` as
    :func:`~darmstadt_kg.publish.common.ordered_graph` returns it, if the caller has it."""
    if store is None:
        store = get_store()
    if ordered is None:
        ordered = ordered_graph(graph)
    write_rules(out)
    dumps: list[Dump] = []
    for ext, (media_type, _parser, title) in FORMATS.items():
        if ext in DATASET_FORMATS:
            data, triples = serialise_dataset(store, ext)
        else:
            data, triples = serialise(graph, ext, ordered=ordered), len(graph)
        for compressed, payload, name in (
            (False, data, f"{DUMP_NAME}.{ext}"),
            (True, gzip_bytes(data), f"{DUMP_NAME}.{ext}.gz"),
        ):
            rel = f"{folder}/{name}"
            write_bytes(out / rel, payload)
            dumps.append(
                Dump(rel, media_type, title, triples, len(payload), sha256(payload), compressed)
            )
    return dumps
