"""Write a ``QueryResult`` as an aligned table, CSV, TSV, SPARQL JSON, Markdown, Turtle or JSON-LD.

CSV and TSV follow the W3C "SPARQL 1.1 Query Results CSV and TSV Formats"; JSON follows
"SPARQL 1.1 Query Results JSON Format".
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from darmstadt_kg.errors import ExitCode, UserError

if TYPE_CHECKING:
    from darmstadt_kg.query import QueryResult

__all__ = ["FORMATS", "GRAPH_FORMATS", "render", "to_json_dict", "to_xml", "cell"]

FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


def cell(term: Any, compact: bool = True) -> str:
    """A term as plain text: IRIs shortened with the project's prefixes when ``compact``."""
    from rdflib import URIRef

    from darmstadt_kg.namespaces import PREFIXES

    if term is None:
        return ""
    if isinstance(term, URIRef) and compact:
        for prefix, base in PREFIXES.items():
            if str(term).startswith(base) and len(str(term)) > len(base):
                return f"{prefix}:{str(term)[len(base) :]}"
    return str(term)


def _json_term(term: Any) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_json_dict(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 JSON results document as a dict."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def to_xml(result: QueryResult) -> str:
    """The SPARQL Query Results XML Format document."""
    from xml.sax.saxutils import escape, quoteattr

    from rdflib import BNode, Literal, URIRef

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
        return "\n".join([*out, "</sparql>"]) + "\n"
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, URIRef):
                value = f"<uri>{escape(str(t))}</uri>"
            elif isinstance(t, BNode):
                value = f"<bnode>{escape(str(t))}</bnode>"
            else:
                assert isinstance(t, Literal)
                attr = ""
                if t.language:
                    attr = f" xml:lang={quoteattr(t.language)}"
                elif t.datatype is not None:
                    attr = f" datatype={quoteattr(str(t.datatype))}"
                value = f"<literal{attr}>{escape(str(t))}</literal>"
            out.append(f"      <binding name={quoteattr(v)}>{value}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _tsv_term(term: Any) -> str:
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        for raw, escaped in (
            ("\\", "\\\\"),
            ('"', '\\"'),
            ("\n", "\\n"),
            ("\r", "\\r"),
            ("\t", "\\t"),
        ):
            text = text.replace(raw, escaped)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return f"<{term}>"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join([line, rule, *body]) + "\n"


def _markdown(headers: list[str], rows: list[list[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [
        "| " + " | ".join(esc(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render(result: QueryResult, fmt: str) -> str:
    """The result as text in ``fmt`` (one of FORMATS for SELECT/ASK, GRAPH_FORMATS for graphs)."""
    if result.kind == "graph":
        if fmt in {"table", "turtle"}:
            return result.graph.serialize(format="turtle")
        if fmt == "jsonld":
            from darmstadt_kg.namespaces import PREFIXES

            return result.graph.serialize(format="json-ld", context=dict(PREFIXES), indent=2)
        if fmt == "ntriples":
            return result.graph.serialize(format="nt")
        if fmt == "rdfxml":
            return result.graph.serialize(format="xml")
        raise UserError(
            f"--format {fmt}: a CONSTRUCT/DESCRIBE result can be written as "
            f"{', '.join(GRAPH_FORMATS)}",
            ExitCode.USAGE,
        )
    if fmt in GRAPH_FORMATS:
        raise UserError(
            f"--format {fmt}: only CONSTRUCT/DESCRIBE results are graphs; use one of "
            f"{', '.join(FORMATS)}",
            ExitCode.USAGE,
        )
    if fmt == "xml":
        return to_xml(result)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps(to_json_dict(result), indent=2) + "\n"
        value = "true" if result.boolean else "false"
        if fmt in {"csv", "tsv"}:
            return f"_askResult\n{value}\n" if fmt == "csv" else f"?_askResult\n{value}\n"
        return value + "\n"
    if fmt == "json":
        return json.dumps(to_json_dict(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([cell(t, compact=False) for t in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    rows = [[cell(t) for t in row] for row in result.rows]
    if fmt == "markdown":
        return _markdown(result.variables, rows)
    if fmt == "table":
        return _table(result.variables, rows)
    raise UserError(
        f"--format {fmt}: unknown; use one of {', '.join(FORMATS + GRAPH_FORMATS)}", ExitCode.USAGE
    )
