"""Expected answers as the rows a user reads: one cell per variable, compared cell by cell.

A golden answer ``tests/golden/<name>.tsv`` is a tab-separated table, like SPARQL's TSV results
but with the project's prefixes: the header holds the query's variables, each line one solution,
each cell the term as the project shows it (:func:`shown`):

- an IRI as ``query -f table`` prints it: ``dkr:troyes`` (the project's prefixes), else the IRI;
- a literal as its text in JSON string quotes (so a tab or line break inside is ``\\t``,
  ``\\n``), then its language tag or datatype:
  ``"Alkmaar"@de``, ``"1958"^^xsd:gYear``, ``"plain text"`` (xsd:string is not written);
- an unbound variable as an empty cell.

So a change of any displayed value, language tag or datatype changes a cell. An ASK answer is
the one-column table ``boolean`` / ``true`` or ``false``; a CONSTRUCT/DESCRIBE answer is
``tests/golden/<name>.nt``, its N-Triples lines sorted. Each path a user has (the CLI's formats,
``run_query().records()``, the endpoint's formats) is read back into such cells by the
``*_cells`` functions here and compared with the golden table.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Literal, URIRef

from darmstadt_kg.namespaces import PREFIXES
from darmstadt_kg.results import cell

__all__ = [
    "GOLDEN",
    "Table",
    "csv_value",
    "display",
    "golden_path",
    "json_cells",
    "read_golden",
    "shown",
    "sorted_unless",
    "table_text",
    "term",
    "to_python",
    "write_golden",
    "xml_cells",
]

GOLDEN = Path(__file__).parent / "golden"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SPARQL_XML = "{http://www.w3.org/2005/sparql-results#}"

#: A table of cells: the header (variables) and the rows (one string per variable).
Table = tuple[list[str], list[list[str]]]


def _literal(value: str, lang: str | None, datatype: str | None) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != _XSD_STRING:
        return f"{text}^^{cell(URIRef(datatype))}"
    return text


def shown(term) -> str:
    """The golden cell of an rdflib term (None: unbound)."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return _literal(str(term), term.language, datatype)
    if isinstance(term, URIRef):
        return cell(term)
    raise TypeError(f"no golden cell for {term!r} (blank nodes are not compared)")


def _expand(text: str) -> str:
    prefix, _, local = text.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and local else text


def _parts(text: str) -> tuple[str, str | None, str | None] | None:
    """(value, lang, datatype IRI) of a literal cell; None for an IRI or an empty cell."""
    if not text.startswith('"'):
        return None
    value, end = json.JSONDecoder().raw_decode(text)
    rest = text[end:]
    if rest.startswith("@"):
        return value, rest[1:], None
    if rest.startswith("^^"):
        return value, None, _expand(rest[2:])
    return value, None, None


def term(text: str):
    """The rdflib term behind a golden cell (None for an empty one)."""
    if not text:
        return None
    parts = _parts(text)
    if parts is None:
        return URIRef(_expand(text))
    value, lang, datatype = parts
    return Literal(value, lang=lang, datatype=URIRef(datatype) if datatype else None)


def display(text: str) -> str:
    """What ``query -f table`` prints for a golden cell."""
    return cell(term(text))


def to_python(text: str):
    """What ``run_query().records()`` holds for a golden cell."""
    found = term(text)
    return None if found is None else found.toPython()


def csv_value(text: str) -> str:
    """What SPARQL CSV holds for a golden cell: the lexical form or the full IRI."""
    found = term(text)
    return "" if found is None else str(found)


def table_text(table: Table) -> str:
    """The table ``query -f table`` prints for a golden table (columns padded, two spaces)."""
    from darmstadt_kg.results import _table

    header, rows = table
    return _table(header, [[display(c) for c in row] for row in rows])


def golden_path(name: str, kind: str) -> Path:
    return GOLDEN / (f"{name}.nt" if kind == "graph" else f"{name}.tsv")


def write_golden(path: Path, answer) -> str:
    """The text of a golden file for ``answer`` (a Table, or sorted N-Triples lines)."""
    if path.suffix == ".nt":
        return "".join(line + "\n" for line in answer)
    header, rows = answer
    return "".join("\t".join(row) + "\n" for row in [header, *rows])


def read_golden(path: Path):
    """A golden file as written by :func:`write_golden`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{path}: no line end at the end"
    if path.suffix == ".nt":
        return lines[:-1]
    header, *rows = [line.split("\t") for line in lines[:-1]]
    return header, rows


def json_cells(document: dict) -> Table:
    """A SPARQL JSON results document as a table of golden cells."""
    if "boolean" in document:
        return ["boolean"], [[json.dumps(document["boolean"])]]
    header = document["head"]["vars"]
    rows = []
    for binding in document["results"]["bindings"]:
        row = []
        for var in header:
            found = binding.get(var)
            if found is None:
                row.append("")
            elif found["type"] == "uri":
                row.append(cell(URIRef(found["value"])))
            else:
                assert found["type"] in ("literal", "typed-literal"), found
                row.append(_literal(found["value"], found.get("xml:lang"), found.get("datatype")))
        rows.append(row)
    return header, rows


def xml_cells(body: bytes) -> Table:
    """A SPARQL XML results document (read with ElementTree) as a table of golden cells."""
    root = ET.fromstring(body)
    boolean = root.find(f"{_SPARQL_XML}boolean")
    if boolean is not None:
        return ["boolean"], [[boolean.text.strip()]]
    header = [v.get("name") for v in root.iter(f"{_SPARQL_XML}variable")]
    rows = []
    for result in root.iter(f"{_SPARQL_XML}result"):
        found = {}
        for binding in result.iter(f"{_SPARQL_XML}binding"):
            (node,) = list(binding)
            if node.tag == f"{_SPARQL_XML}uri":
                found[binding.get("name")] = cell(URIRef(node.text))
            else:
                lang = node.get("{http://www.w3.org/XML/1998/namespace}lang")
                found[binding.get("name")] = _literal(node.text or "", lang, node.get("datatype"))
        rows.append([found.get(v, "") for v in header])
    return header, rows


def sorted_unless(ordered: bool, rows: list) -> list:
    """``rows`` as they are when the query orders them, else sorted (any order is right)."""
    return rows if ordered else sorted(rows, key=lambda r: json.dumps(r, default=repr))
