"""What changed between two releases: the exact RDF difference, and the same per fact in words.

The difference is taken over quads (graph, subject, predicate, object) of the two releases'
N-Quads dumps, so it is exact per named graph. It is written as two N-Quads files (sorted lines,
UTF-8), ``added.nq`` and ``removed.nq``: applying them to the previous release's N-Quads
(remove the removed lines, add the added ones) gives the new release's quads.

In words, the asserted graph only (what the city's page states; the derived graph follows from
it and the vocabulary is documented in ``ontology/``), one line per fact, German and English:

- a resource that is new: "<label> (<class>) — added" / "— hinzugefügt";
- a resource that is gone: "<label> (<class>) — removed" / "— entfernt";
- a value replaced by one other value (of the same language): "<property> of <label> changed
  from “old” to “new”" / "<Eigenschaft> von <label> geändert von „alt“ zu „neu“";
- any other added or removed value: "<label>: <property> “value” — added" (or removed).

Blank nodes (a quote's selector) are named ``…/.well-known/genid/…`` when loaded; they are
part of the resource that points to them, not facts of their own: they are not listed, and as a
value they read "a quote" / "ein Zitat".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF

from darmstadt_kg.namespaces import OA
from darmstadt_kg.publish.common import is_dkr, label, rdf_lines, slug_of
from darmstadt_kg.rdfterms import from_oxigraph

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["Fact", "quad_diff", "nquads", "facts", "affected_slugs", "union_graph"]

_GENID = "/.well-known/genid/"
_QUOTE = {"en": "a quote", "de": "ein Zitat"}
_WORDS = {
    "added": {"en": "added", "de": "hinzugefügt"},
    "removed": {"en": "removed", "de": "entfernt"},
}


@dataclass(frozen=True)
class Fact:
    """One changed fact, told in both languages; ``slug``: the resource it is about."""

    slug: str | None
    en: str
    de: str
    gone: bool = False  # the resource itself was removed (its page is gone/<slug>.html)


def quad_diff(old: bytes, new: bytes) -> tuple[list[pyoxigraph.Quad], list[pyoxigraph.Quad]]:
    """``(added, removed)`` quads from the N-Quads ``old`` to the N-Quads ``new``."""

    before = set(ox.parse(old, format=ox.RdfFormat.N_QUADS))
    after = set(ox.parse(new, format=ox.RdfFormat.N_QUADS))
    return sorted(after - before, key=str), sorted(before - after, key=str)


def nquads(quads) -> bytes:
    """Quads as sorted N-Quads lines (the changelog files' form)."""

    text = (ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    lines = sorted(rdf_lines(text))
    return "".join(line + "\n" for line in lines).encode("utf-8")


def union_graph(data: bytes) -> rdflib.Graph:
    """The union of the N-Quads ``data``'s graphs, as an rdflib graph (for labels)."""

    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]
    graph = rdflib.Graph()
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=nt.decode("utf-8"), format="nt")
    return graph


def affected_slugs(added, removed) -> set[str]:
    """The ``dkr:`` resources a change is about (as subject)."""
    return {
        slug_of(from_oxigraph(q.subject))
        for q in (*added, *removed)
        if is_dkr(from_oxigraph(q.subject))
    }


def _value(graph: rdflib.Graph, term, lang: str) -> str:
    if isinstance(term, rdflib.Literal):
        return str(term)
    if _GENID in str(term):  # a quote's target: the words it quotes
        exact = graph.value(graph.value(term, OA.hasSelector), OA.exact)
        return f"{_QUOTE[lang]} «{exact}»" if exact is not None else _QUOTE[lang]
    return label(graph, term, lang)


def _kind(graph: rdflib.Graph, subject, lang: str) -> str:
    classes = sorted(label(graph, c, lang) for c in graph.objects(subject, RDF.type))
    return f" ({', '.join(classes)})" if classes else ""


def facts(old: bytes, new: bytes, graph_iri: str) -> list[Fact]:
    """The changes of graph ``graph_iri`` from the N-Quads ``old`` to ``new``, one per fact."""
    added, removed = quad_diff(old, new)
    before, after = union_graph(old), union_graph(new)
    mine = [(q, "added") for q in added if q.graph_name.value == graph_iri]
    mine += [(q, "removed") for q in removed if q.graph_name.value == graph_iri]
    by_subject: dict = defaultdict(lambda: defaultdict(lambda: {"added": [], "removed": []}))
    for quad, how in mine:
        subject = from_oxigraph(quad.subject)
        by_subject[subject][from_oxigraph(quad.predicate)][how].append(from_oxigraph(quad.object))
    out: list[Fact] = []
    for subject in sorted(by_subject, key=lambda s: (label(after, s) or label(before, s), s)):
        if _GENID in str(subject):
            continue  # part of the resource that points to it
        slug = slug_of(subject) if is_dkr(subject) else None
        new_here = (subject, None, None) not in before
        gone_now = (subject, None, None) not in after
        if new_here or gone_now:
            how, source = ("added", after) if new_here else ("removed", before)
            out.append(
                Fact(
                    slug,
                    f"{label(source, subject, 'en')}{_kind(source, subject, 'en')} — "
                    f"{_WORDS[how]['en']}",
                    f"{label(source, subject, 'de')}{_kind(source, subject, 'de')} — "
                    f"{_WORDS[how]['de']}",
                    gone_now,
                )
            )
            continue
        for predicate in sorted(by_subject[subject], key=lambda p: label(after, p)):
            out += _changes(before, after, subject, predicate, by_subject[subject][predicate])
    return out


def _changes(before, after, subject, predicate, values: dict) -> list[Fact]:
    """The facts of one subject and property: pairs of one old and one new value of the same
    language are a change; every other value is added or removed."""

    def group(term) -> str:
        return term.language or "" if isinstance(term, rdflib.Literal) else "iri"

    # a value removed and one added that read the same (a quote whose context changed, named
    # anew by its content) are no change in words; the RDF difference keeps them
    shown = {
        how: [(_value(before if how == "removed" else after, t, "en"), t) for t in values[how]]
        for how in ("added", "removed")
    }
    same = {v for v, _t in shown["added"]} & {v for v, _t in shown["removed"]}
    groups: dict = defaultdict(lambda: {"added": [], "removed": []})
    for how in ("added", "removed"):
        for value, term in shown[how]:
            if value not in same:
                groups[group(term)][how].append(term)
    found = []
    name = {lang: label(after, subject, lang) for lang in ("en", "de")}
    prop = {lang: label(after, predicate, lang) for lang in ("en", "de")}
    for key in sorted(groups):
        olds, news = sorted(groups[key]["removed"]), sorted(groups[key]["added"])
        if len(olds) == 1 and len(news) == 1:
            old = {lang: _value(before, olds[0], lang) for lang in ("en", "de")}
            new = {lang: _value(after, news[0], lang) for lang in ("en", "de")}
            found.append(
                Fact(
                    slug_of(subject) if is_dkr(subject) else None,
                    f"{prop['en']} of {name['en']} changed from “{old['en']}” to “{new['en']}”",
                    f"{prop['de']} von {name['de']} geändert von „{old['de']}“ zu „{new['de']}“",
                )
            )
            continue
        for how, terms, source in (("removed", olds, before), ("added", news, after)):
            for term in terms:
                value = {lang: _value(source, term, lang) for lang in ("en", "de")}
                found.append(
                    Fact(
                        slug_of(subject) if is_dkr(subject) else None,
                        f"{name['en']}: {prop['en']} “{value['en']}” — {_WORDS[how]['en']}",
                        f"{name['de']}: {prop['de']} „{value['de']}“ — {_WORDS[how]['de']}",
                    )
                )
    return found
