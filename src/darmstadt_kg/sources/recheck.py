"""Re-check the graph's quotes, and every other sentence of the shipped copy, against a newer
copy of the page.

A quote covers the whole sentence (or sentences, or address lines) it lies in: its fact takes
the worst verdict (``align``) of those units, so a change outside the quoted words but inside
its sentence changes the fact. Units no quote covers are judged alike and reported as unquoted.
Units of the new copy that stand in the place of none of the old are listed as new sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie
from darmstadt_kg.sources.align import GONE, SEVERITY, SUPPORTED, Judged, judge_units
from darmstadt_kg.sources.quotes import quotes_in

if TYPE_CHECKING:
    import pyoxigraph

    from darmstadt_kg.sources.page import Page, Unit
    from darmstadt_kg.sources.quotes import Quote

__all__ = ["FactVerdict", "Recheck", "recheck"]


@dataclass(frozen=True)
class FactVerdict:
    """What became of one fact's quote: the worst verdict of the units it covers."""

    fact: str
    section: str
    exact: str
    verdict: str
    units: tuple[Judged, ...] = ()


@dataclass
class Recheck:
    """The verdicts on every fact, on every unquoted unit, and the new copy's new sentences."""

    facts: list[FactVerdict] = field(default_factory=list)
    unquoted: list[Judged] = field(default_factory=list)
    new_sentences: list[Unit] = field(default_factory=list)

    @property
    def all_supported(self) -> bool:
        return all(v.verdict == SUPPORTED for v in self.facts) and all(
            j.verdict == SUPPORTED for j in self.unquoted
        )

    def count(self, verdict: str) -> int:
        return sum(v.verdict == verdict for v in self.facts)

    def count_unquoted(self, verdict: str) -> int:
        return sum(j.verdict == verdict for j in self.unquoted)

    def problems(self) -> int:
        """How many facts and unquoted sentences changed, moved or went."""
        return sum(f.verdict != SUPPORTED for f in self.facts) + sum(
            j.verdict != SUPPORTED for j in self.unquoted
        )


def _fact_verdict(quote: Quote, old: Page, new: Page, judged: list[Judged]) -> FactVerdict:
    fact = curie(quote.fact)
    span = old.locate(quote.exact, quote.prefix, quote.suffix)
    covered = tuple(j for j in judged if span and j.unit.start < span[1] and span[0] < j.unit.end)
    if not covered:  # not in the shipped copy (``validate`` reports it): look for the words
        verdict = SUPPORTED if new.holds(quote.exact) else GONE
        return FactVerdict(fact, quote.section_slug, quote.exact, verdict)
    worst = max(covered, key=lambda j: SEVERITY[j.verdict]).verdict
    return FactVerdict(fact, quote.section_slug, quote.exact, worst, covered)


def recheck(store: pyoxigraph.Store, old: Page, new: Page) -> Recheck:
    """Compare ``old`` (the shipped copy) and each quote of ``store`` in it with ``new``."""
    judged, new_units = judge_units(old, new)
    facts = [_fact_verdict(q, old, new, judged) for q in quotes_in(store)]
    quoted = {id(j) for f in facts for j in f.units}
    unquoted = [j for j in judged if id(j) not in quoted]
    return Recheck(facts, unquoted, new_units)
