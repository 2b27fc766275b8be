"""The validator: every file parses, the SHACL shapes hold, every ``*-violation.rq`` is empty."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl
import rdflib
from rdflib.namespace import SH

from darmstadt_kg import paths
from darmstadt_kg.coverage import coverage
from darmstadt_kg.load import get_store, parse_turtle_files, query_union, store_to_rdflib
from darmstadt_kg.namespaces import bind_prefixes, curie, sparql_prologue
from darmstadt_kg.sources import quote_problems, shipped_page

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "quote_violations",
    "label_violations",
    "sentence_violations",
    "words_off_page",
    "ShaclResult",
    "CheckViolation",
    "ValidationReport",
    "shacl_results",
    "violation_checks",
    "run_checks",
    "validate",
]


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL validation result: focus node, path, message, severity and shape."""

    focus: str
    path: str
    message: str
    severity: str
    shape: str

    def line(self) -> str:
        return (
            f"SHACL {self.severity}: focus {self.focus} path {self.path}: {self.message} "
            f"(shape {self.shape})"
        )


@dataclass(frozen=True)
class CheckViolation:
    """One row returned by a ``*-violation.rq`` query."""

    check: str
    focus: str
    message: str
    detail: str

    def line(self) -> str:
        tail = f" ({self.detail})" if self.detail else ""
        return f"violation {self.check}: {self.focus} {self.message}{tail}"


@dataclass
class ValidationReport:
    """What ``validate`` found; empty lists mean the graph is valid."""

    triples: int
    shacl: list[ShaclResult] = field(default_factory=list)
    violations: list[CheckViolation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.shacl and not self.violations


def _short(term: object) -> str:
    if term is None:
        return "-"
    if isinstance(term, rdflib.URIRef):
        short = curie(term)
        return short if short != str(term) else f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return "[blank node]"
    return repr(str(term))


def shacl_results(data: rdflib.Graph, shapes: rdflib.Graph) -> list[ShaclResult]:
    """Run pySHACL (no inference: the ontology is part of ``data``) and list its results."""

    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    bind_prefixes(results)
    found = []
    for result in results.subjects(object=SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            ShaclResult(
                focus=_short(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath)),
                message=str(message) if message is not None else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                shape=_short(results.value(result, SH.sourceShape)),
            )
        )
    return sorted(found, key=lambda r: (r.focus, r.path, r.message))


def _header(text: str, key: str) -> str:
    for line in text.splitlines():
        if line.startswith(f"#+ {key}:"):
            return line.split(":", 1)[1].strip()
    return ""


def violation_checks() -> list[Path]:
    """The ``*-violation.rq`` queries in ``ontology/checks/``."""
    return sorted(paths.checks_dir().glob("*-violation.rq"))


def run_checks(store: pyoxigraph.Store, checks: list[Path] | None = None) -> list[CheckViolation]:
    """Run each violation query; every row it returns is a violation."""

    found = []
    for check in violation_checks() if checks is None else checks:
        text = check.read_text(encoding="utf-8")
        name = check.name.removesuffix("-violation.rq")
        message = _header(text, "message") or "violates " + name
        for row in store.query(sparql_prologue() + text):
            focus = row["focus"]
            focus_text = curie(focus.value) if focus is not None else "-"
            detail = row["detail"].value if row["detail"] is not None else ""
            found.append(CheckViolation(name, focus_text, message, detail))
    return found


def validate(
    store: pyoxigraph.Store | None = None, shapes_file: Path | None = None
) -> ValidationReport:
    """Run the SHACL shapes and the violation queries over ``store`` (default: the project graph).

    Parsing happens in the loader: a file that does not parse raises
    :class:`~darmstadt_kg.errors.InputSyntaxError` before anything is validated.
    """

    store = get_store() if store is None else store
    shapes_path = paths.shapes_file() if shapes_file is None else shapes_file
    shapes = store_to_rdflib(parse_turtle_files([shapes_path]))
    report = ValidationReport(triples=len(store))
    report.shacl = shacl_results(store_to_rdflib(store), shapes)
    report.violations = (
        run_checks(store)
        + quote_violations(store)
        + label_violations(store)
        + sentence_violations(store)
    )
    return report


def quote_violations(store: pyoxigraph.Store, page=None) -> list[CheckViolation]:
    """One violation per fact node whose quote is not verbatim in the shipped copy of the page
    (or not with its prefix and suffix, or not in its section), and per page-sourced fact node
    without a quote (``darmstadt_kg.sources``)."""

    page = shipped_page() if page is None else page
    return [
        CheckViolation("quote", fact, problem, "") for fact, problem in quote_problems(store, page)
    ]


_WORD = re.compile(r"[^\W\d_]+")
MIN_WORD = 4  # shorter words ("der", "und", "im") are not checked


def _allowed_words() -> set[str]:
    """``ontology/checks/label-words.txt``: the reviewed words the page does not say."""
    path = paths.checks_dir() / "label-words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip().lower() for line in lines} - {""}


def words_off_page(label: str, page_words: set[str], allowed: set[str]) -> list[str]:
    """The words of ``label`` (4 letters or more) that are neither on the page nor allowed.

    An inflected form counts as on the page: a page word shares all but the label word's last
    three letters, and at least four ("Deutscher" — "Deutschen", "Städtetag" — "Städtetags").
    """
    off = []
    for word in _WORD.findall(label):
        low = word.lower()
        if len(low) < MIN_WORD or low in page_words or low in allowed:
            continue
        stem = low[: max(MIN_WORD, len(low) - 3)]
        if not any(p.startswith(stem) for p in page_words):
            off.append(word)
    return off


def label_violations(store: pyoxigraph.Store, page=None) -> list[CheckViolation]:
    """One violation per German name of a page-sourced resource (``ontology/checks/
    page-labels.rq``) with a word that is neither on the page nor reviewed as the project's own."""

    page = shipped_page() if page is None else page
    page_words = {w.lower() for w in _WORD.findall(page.text)}
    allowed = _allowed_words()
    query = (paths.checks_dir() / "page-labels.rq").read_text(encoding="utf-8")
    found = []
    for row in query_union(store, sparql_prologue() + query):
        label = row["label"].value
        off = words_off_page(label, page_words, allowed)
        if off:
            found.append(
                CheckViolation(
                    "label-not-on-page",
                    curie(row["focus"].value),
                    f"has a name with words neither on the page nor cited to a source: "
                    f"{', '.join(off)}",
                    f"«{label}»; name it as the page does, cite its source, or review the word"
                    f" into ontology/checks/label-words.txt",
                )
            )
    return found


def sentence_violations(store: pyoxigraph.Store, page=None) -> list[CheckViolation]:
    """One violation per fact-bearing sentence or line of the page that the quotes do not cover
    in whole, and per entry of ``sources/non-fact-sentences.txt`` that is no sentence of the page
    (``darmstadt_kg.coverage``)."""

    found = coverage(store, page)
    return [
        CheckViolation(
            "sentence-unquoted",
            "page",
            "has a fact-bearing sentence or line no quote covers in whole",
            f"«{sentence}»; quote it in graph/quotes.ttl or review it into"
            " sources/non-fact-sentences.txt",
        )
        for sentence in found.unquoted
    ] + [
        CheckViolation(
            "non-fact-list",
            "sources/non-fact-sentences.txt",
            "lists a sentence that is not on the page",
            f"«{sentence}»; remove it or copy it as the page now writes it",
        )
        for sentence in found.stale
    ]
