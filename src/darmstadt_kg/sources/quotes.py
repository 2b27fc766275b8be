"""The quotes fact nodes anchor in the page (``oa:TextQuoteSelector``), checked against a copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from darmstadt_kg import paths
from darmstadt_kg.load import query_union
from darmstadt_kg.namespaces import DKR, curie, sparql_prologue
from darmstadt_kg.sources.page import place

if TYPE_CHECKING:
    import pyoxigraph

    from darmstadt_kg.sources.page import Page

__all__ = ["Quote", "quotes_in", "unquoted_facts", "quote_problems", "selector_context"]

SECTION_PREFIX = str(DKR) + "source-page-"
CONTEXT = 32  # characters of oa:prefix and oa:suffix


@dataclass(frozen=True)
class Quote:
    """One text quote: the fact node, the section it points to, exact text and its context."""

    fact: str
    section: str
    exact: str
    prefix: str = ""
    suffix: str = ""

    @property
    def section_slug(self) -> str:
        return self.section.removeprefix(SECTION_PREFIX)

    def found_in(self, page: Page) -> int:
        """Offset of the quote in ``page.text`` (as shipped, not normalised), placed by
        :func:`~darmstadt_kg.sources.page.place`; -1 when it cannot be placed."""
        return place(page.text, self.exact, self.prefix + self.exact + self.suffix)


def _select(store: pyoxigraph.Store, name: str):
    text = paths.package_resource("sources", name).read_text(encoding="utf-8")
    return query_union(store, sparql_prologue() + text)


def quotes_in(store: pyoxigraph.Store) -> list[Quote]:
    """Every quote of every fact node, sorted by fact."""

    def value(row, key: str) -> str:
        return row[key].value if row[key] is not None else ""

    return [
        Quote(
            value(r, "fact"),
            value(r, "section"),
            value(r, "exact"),
            value(r, "prefix"),
            value(r, "suffix"),
        )
        for r in _select(store, "quotes.rq")
    ]


def unquoted_facts(store: pyoxigraph.Store) -> list[tuple[str, str]]:
    """(fact, section) for each page-sourced fact node without a quote from that section."""
    return [(r["fact"].value, r["section"].value) for r in _select(store, "unquoted.rq")]


def selector_context(page: Page, exact: str, width: int = CONTEXT) -> tuple[str, str]:
    """The ``oa:prefix`` and ``oa:suffix`` of the first occurrence of ``exact`` in ``page``."""
    at = page.text.find(exact)
    if at < 0:
        raise ValueError(f"not in {page.name}: {exact!r}")
    end = at + len(exact)
    return page.text[max(0, at - width) : at], page.text[end : end + width]


def quote_problems(store: pyoxigraph.Store, page: Page) -> list[tuple[str, str]]:
    """(fact CURIE, problem) for each quote not verbatim in ``page`` (with its prefix and
    suffix, in the section it points to) and each page-sourced fact node without a quote."""
    problems = []
    for q in quotes_in(store):
        fact = curie(q.fact)
        if q.exact not in page.text:
            problems.append((fact, f"quote not found verbatim in {page.name}: «{q.exact}»"))
            continue
        at = q.found_in(page)
        if at < 0:
            problems.append(
                (fact, f"oa:prefix/oa:suffix do not surround the quote in {page.name}: «{q.exact}»")
            )
            continue
        if page.section_of(at) != q.section_slug:
            problems.append(
                (
                    fact,
                    f"quote is in section {page.section_of(at)}, not {q.section_slug}: «{q.exact}»",
                )
            )
    for fact, section in unquoted_facts(store):
        problems.append((curie(fact), f"derived from {curie(section)} but quotes nothing from it"))
    return sorted(problems)
