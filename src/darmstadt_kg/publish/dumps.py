"""Dumps of the whole graph: Turtle, N-Triples, N-Quads, RDF/XML, JSON-LD, each also gzipped."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from darmstadt_kg.publish.common import (
    gzip_bytes,
    ordered_graph,
    sha256,
    sorted_ntriples,
    write_bytes,
)

if TYPE_CHECKING:
    import rdflib

__all__ = ["Dump", "FORMATS", "jsonld_context", "serialise", "write_dumps", "DUMP_NAME"]

DUMP_NAME = "darmstadt-kg"

# extension → (media type, rdflib parser name, title)
FORMATS: dict[str, tuple[str, str, str]] = {
    "ttl": ("text/turtle", "turtle", "Turtle"),
    "nt": ("application/n-triples", "nt", "N-Triples"),
    "nq": ("application/n-quads", "nquads", "N-Quads"),
    "rdf": ("application/rdf+xml", "xml", "RDF/XML"),
    "jsonld": ("application/ld+json", "json-ld", "JSON-LD"),
}


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
    from darmstadt_kg.namespaces import PREFIXES

    return dict(sorted(PREFIXES.items()))


def serialise(graph: rdflib.Graph, ext: str, graph_iri: str | None = None) -> bytes:
    """The graph in the format of ``ext`` — the same bytes for the same triples."""
    if ext == "nt":
        return ("\n".join(sorted_ntriples(graph)) + "\n").encode("utf-8")
    if ext == "nq":
        from darmstadt_kg.publish import GRAPH_IRI

        name = f"<{graph_iri or GRAPH_IRI}>"
        lines = [line[: line.rstrip().rfind(".")].rstrip() for line in sorted_ntriples(graph)]
        return "".join(f"{line} {name} .\n" for line in lines).encode("utf-8")
    if ext == "rdf":
        return _rdf_xml(graph)
    ordered = ordered_graph(graph)
    if ext == "ttl":
        return ordered.serialize(format="turtle", encoding="utf-8")
    if ext == "jsonld":
        text = ordered.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        data = json.loads(text)
        if isinstance(data.get("@graph"), list):
            data["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(
            "utf-8"
        )
    raise ValueError(f"unknown dump format {ext!r}")


def _rdf_xml(graph: rdflib.Graph) -> bytes:
    """RDF/XML written by pyoxigraph from the sorted triples (rdflib's XML writers order the
    namespace declarations by hash)."""
    import pyoxigraph as ox

    nt = ("\n".join(sorted_ntriples(graph)) + "\n").encode("utf-8")
    triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    used = {str(p) for _s, p, _o in graph} | {str(o) for o in graph.objects()}
    prefixes = {
        prefix: base
        for prefix, base in sorted(jsonld_context().items())
        if any(t.startswith(base) for t in used)
    }
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


def write_dumps(graph: rdflib.Graph, out: Path, folder: str = "dumps") -> list[Dump]:
    """Write every format and its gzip into ``out/folder``; return what was written."""
    triples = len(graph)
    dumps: list[Dump] = []
    for ext, (media_type, _parser, title) in FORMATS.items():
        data = serialise(graph, ext)
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
