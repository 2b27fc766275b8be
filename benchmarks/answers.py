"""Answers compared across engines: each answer a multiset of solutions with full RDF terms.

Every engine's answer becomes an :class:`Answer`: a ``Counter`` of canonical lines, one per
solution (SELECT), triple (CONSTRUCT) or the boolean (ASK). Order is ignored (``ORDER BY`` ties
may be broken differently by each engine); duplicates count. A term's canonical form:

* IRI: ``<iri>`` as written.
* Blank node: ``_:`` — every blank node alike. Labels are local to one answer, so they cannot be
  compared; a solution that differs only in *which* blank node it names counts as equal.
* Literal with a language: ``"lexical"@tag`` with the tag in lower case (tags are
  case-insensitive).
* Plain literal and ``xsd:string``: ``"lexical"`` (the same term in RDF 1.1).
* Numbers by value: the integer types (``xsd:integer``, ``int``, ``long``, …) as one integer,
  ``xsd:decimal`` as a normalised decimal, ``xsd:double``/``float`` as a double
  (``"1.0E0"`` = ``"1"^^xsd:double``); ``xsd:boolean`` as ``true``/``false`` (``"1"`` = true).
* Any other datatype: ``"lexical"^^<datatype>`` unchanged.

A solution is its bound variables, sorted, ``?name=term`` joined by tabs (unbound variables are
left out, as the SPARQL JSON format does).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = [
    "Answer",
    "canonical_term",
    "from_query_result",
    "from_rdflib_result",
    "from_http",
    "compare",
    "without_tags",
    "comparable",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + t
    for t in (
        "integer long int short byte nonNegativeInteger nonPositiveInteger negativeInteger "
        "positiveInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
_DOUBLES = {XSD + "double", XSD + "float"}


def canonical_term(kind: str, value: str, datatype: str | None = None, lang: str | None = None):
    """One term as a canonical string (``kind``: "uri", "bnode" or "literal")."""
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return "_:"
    if lang:
        return f"{_quote(value)}@{lang.lower()}"
    if not datatype or datatype == XSD + "string":
        return _quote(value)
    try:
        if datatype in _INTEGERS:
            return f"{int(value.strip())}^^int"
        if datatype == XSD + "decimal":
            number = Decimal(value.strip()).normalize()
            return f"{number:f}^^dec"
        if datatype in _DOUBLES:
            return f"{float(value.strip())!r}^^dbl"
        if datatype == XSD + "boolean":
            return "true^^bool" if value.strip() in ("true", "1") else "false^^bool"
    except (ValueError, InvalidOperation):
        pass  # an ill-typed literal stays as written
    return f"{_quote(value)}^^<{datatype}>"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class Answer:
    """One engine's answer: ``kind`` ("select", "ask", "graph") and its lines as a multiset."""

    kind: str
    lines: Counter = field(default_factory=Counter)

    def __len__(self) -> int:
        return sum(self.lines.values()) if self.kind != "ask" else 1

    @property
    def digest(self) -> str:
        text = "\n".join(f"{n}\t{line}" for line, n in sorted(self.lines.items()))
        return hashlib.sha256(f"{self.kind}\n{text}".encode()).hexdigest()[:16]


def _solution(pairs) -> str:
    return "\t".join(sorted(f"?{v}={t}" for v, t in pairs if t is not None))


def _rdflib(term) -> str | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return canonical_term("uri", str(term))
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else None
        return canonical_term("literal", str(term), dt, term.language)
    raise TypeError(f"unexpected term {term!r}")


def from_query_result(result) -> Answer:
    """The project's ``darmstadt_kg.query.QueryResult`` (rdflib terms) as an Answer."""
    if result.kind == "ask":
        return Answer("ask", Counter([str(bool(result.boolean)).lower()]))
    if result.kind == "graph":
        return Answer("graph", Counter(" ".join(map(_rdflib, t)) for t in result.graph))
    return Answer(
        "select",
        Counter(
            _solution((v, _rdflib(t)) for v, t in zip(result.variables, row, strict=True))
            for row in result.rows
        ),
    )


def from_rdflib_result(result) -> Answer:
    """An ``rdflib.query.Result`` (``Graph.query``) as an Answer."""
    if result.type == "ASK":
        return Answer("ask", Counter([str(bool(result.askAnswer)).lower()]))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", Counter(" ".join(map(_rdflib, t)) for t in result.graph))
    names = [str(v) for v in result.vars]
    return Answer(
        "select",
        Counter(
            _solution((n, _rdflib(t)) for n, t in zip(names, row, strict=True)) for row in result
        ),
    )


def _json_term(b: dict) -> str:
    kind = {"typed-literal": "literal"}.get(b["type"], b["type"])
    return canonical_term(kind, b["value"], b.get("datatype"), b.get("xml:lang"))


def from_http(content_type: str, body: bytes) -> Answer:
    """A SPARQL protocol response (SPARQL JSON results, or a graph in Turtle/N-Triples)."""
    import json

    media = content_type.split(";")[0].strip().lower()
    if "json" in media:
        data = json.loads(body)
        if "boolean" in data:
            return Answer("ask", Counter([str(bool(data["boolean"])).lower()]))
        return Answer(
            "select",
            Counter(
                _solution((v, _json_term(t)) for v, t in b.items())
                for b in data["results"]["bindings"]
            ),
        )
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE
    return Answer(
        "graph",
        Counter(
            " ".join(map(_ox, (q.subject, q.predicate, q.object)))
            for q in ox.parse(body, format=fmt)
        ),
    )


def _ox(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return canonical_term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return "_:"
    return canonical_term("literal", term.value, term.datatype.value, term.language)


_TAG = re.compile(r'("(?:[^"\\]|\\.)*")@[a-z0-9-]+')


def without_tags(answer: Answer) -> Counter:
    """The answer's lines with every language tag dropped (``"x"@en`` becomes ``"x"``)."""
    out: Counter = Counter()
    for line, n in answer.lines.items():
        out[_TAG.sub(r"\1", line)] += n
    return out


def compare(answers: dict[str, Answer | None], reference: str = "embedded") -> dict[str, str]:
    """Each engine's answer against ``reference``'s.

    "equal"; "equal but tags" when the answers are equal once language tags are dropped (the
    engines disagree on the tag of a computed string, e.g. ``GROUP_CONCAT`` of labels that all
    share one language: pyoxigraph keeps the tag, Virtuoso returns a plain literal); otherwise
    "differs: N missing, M extra" (a multiset difference); "–" when either side has no answer.
    """
    ref = answers.get(reference)
    out = {}
    for engine, answer in answers.items():
        if answer is None or ref is None:
            out[engine] = "–"
        elif answer.kind == ref.kind and answer.lines == ref.lines:
            out[engine] = "equal"
        elif answer.kind == ref.kind and without_tags(answer) == without_tags(ref):
            out[engine] = "equal but tags"
        else:
            missing = sum((ref.lines - answer.lines).values())
            extra = sum((answer.lines - ref.lines).values())
            out[engine] = f"differs: {missing} missing, {extra} extra"
    return out


def comparable(verdict: str) -> bool:
    """Whether two engines did the same work (a ratio of their times means something)."""
    return verdict in ("equal", "equal but tags")
