"""An in-memory index of the statements about project resources, read once from the store."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from darmstadt_kg.labels import LABEL_PROPERTIES, in_language, pick
from darmstadt_kg.namespaces import DKR, curie
from darmstadt_kg.network.sparql import Term, select

__all__ = ["Index", "read_index", "slug", "format_date"]

_LABELS = tuple(curie(p) for p in LABEL_PROPERTIES)  # the index keys predicates by CURIE

_MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November "
    "Dezember".split(),
}


def slug(iri: str) -> str:
    """The node id of a ``dkr:`` IRI (its slug)."""

    return iri[len(str(DKR)) :] if iri.startswith(str(DKR)) else iri


def format_date(value: str, lang: str) -> str:
    """``1998`` → ``1998``; ``2023-03`` → ``March 2023``/``März 2023``; full dates likewise."""
    parts = value.split("-")
    if len(parts) == 1 or not all(p.isdigit() for p in parts):
        return value
    month = _MONTHS[lang][int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day} {month} {parts[0]}" if lang == "en" else f"{day}. {month} {parts[0]}"


@dataclass
class Index:
    """Statements by subject IRI and predicate CURIE, plus the vocabulary's labels (CURIE →
    {language: smallest label})."""

    about: dict[str, dict[str, list[Term]]] = field(default_factory=dict)
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)

    def values(self, iri: str, prop: str) -> list[Term]:
        return self.about.get(iri, {}).get(prop, [])

    def iris(self, iri: str, prop: str) -> list[str]:
        return sorted(t.value for t in self.values(iri, prop) if t.is_iri)

    def one(self, iri: str, prop: str) -> str:
        """The first literal value (sorted), or ``""``."""
        found = sorted(t.value for t in self.values(iri, prop) if not t.is_iri)
        return found[0] if found else ""

    def classes(self, iri: str) -> list[str]:
        return [curie(c) for c in self.iris(iri, "rdf:type")]

    def text(self, iri: str, lang: str, props: tuple[str, ...] = ("rdfs:label",)) -> str:
        """The value of ``props`` in ``lang`` (the language order of
        :func:`darmstadt_kg.labels.in_language`), or ``""``."""
        return in_language(
            ((t.value, t.lang) for p in props for t in self.values(iri, p) if not t.is_iri), lang
        )

    def label(self, iri: str, lang: str) -> str:
        """The name of the resource ``iri`` in ``lang``: :func:`darmstadt_kg.labels.pick`, the
        picker of the pages too."""
        found = [(t.value, t.lang) for p in _LABELS for t in self.values(iri, p) if not t.is_iri]
        return pick(iri, found, lang)

    def term_label(self, term: str, lang: str) -> str:
        """The name of the vocabulary term ``term`` (a CURIE) in ``lang``, by the same picker."""
        known = self.vocabulary.get(term, {})
        return pick(term, [(text, tag) for tag, text in known.items()], lang)


def read_index(source: Any) -> Index:
    """Read every statement about a ``dkr:`` resource, and the ontology's labels."""
    about: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for row in select(source, "resources"):
        s, p, o = row["s"], row["p"], row["o"]
        if s is None or p is None or o is None:
            continue
        about[s.value][curie(p.value)].append(o)
    vocabulary: dict[str, dict[str, str]] = defaultdict(dict)
    for row in select(source, "vocabulary-labels"):
        term, label = row["term"], row["label"]
        if term is not None and label is not None and label.lang:
            known = vocabulary[curie(term.value)]
            known[label.lang] = min(known.get(label.lang, label.value), label.value)
    return Index({k: dict(v) for k, v in about.items()}, dict(vocabulary))
