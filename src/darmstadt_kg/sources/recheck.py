"""Re-check the graph's quotes against a newer copy of the page: per fact, still supported,
quote changed (with the nearest sentence now on the page) or gone; and the new sentences that
no fact quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import curie

if TYPE_CHECKING:
    import pyoxigraph

    from darmstadt_kg.sources.page import Page

__all__ = ["Verdict", "Recheck", "recheck", "SUPPORTED", "CHANGED", "GONE", "NEAR"]

SUPPORTED, CHANGED, GONE = "supported", "changed", "gone"
NEAR = 0.6  # the least similarity (difflib ratio) for a sentence to count as the changed one


@dataclass(frozen=True)
class Verdict:
    """What became of one quote: its fact, the verdict, the quote and the nearest sentence."""

    fact: str
    verdict: str
    exact: str
    nearest: str = ""
    similarity: float = 0.0

    def line(self) -> str:
        if self.verdict == SUPPORTED:
            return f"supported  {self.fact}"
        if self.verdict == CHANGED:
            return (
                f"changed    {self.fact}: «{self.exact}» — nearest sentence now "
                f"({self.similarity:.0%} alike): «{self.nearest}»"
            )
        return f"gone       {self.fact}: «{self.exact}» — no sentence of the new copy is close"


@dataclass
class Recheck:
    """The verdicts for every quote and the new copy's unquoted new sentences."""

    verdicts: list[Verdict] = field(default_factory=list)
    new_sentences: list[str] = field(default_factory=list)

    @property
    def all_supported(self) -> bool:
        return all(v.verdict == SUPPORTED for v in self.verdicts)

    def count(self, verdict: str) -> int:
        return sum(v.verdict == verdict for v in self.verdicts)


def _nearest(sentence: str, candidates: list[str]) -> tuple[str, float]:
    best, score = "", 0.0
    for candidate in candidates:
        ratio = SequenceMatcher(None, sentence, candidate, autojunk=False).ratio()
        if ratio > score:
            best, score = candidate, ratio
    return best, score


def recheck(store: pyoxigraph.Store, old: Page, new: Page) -> Recheck:
    """Compare each quote of ``store`` (taken from ``old``, the shipped copy) with ``new``.

    New sentences are those of ``new`` that are not in ``old``, quote nothing a fact quotes and
    are not the nearest sentence of a changed quote (that one is reported with the fact)."""
    from darmstadt_kg.sources.quotes import quotes_in

    quotes = quotes_in(store)
    result = Recheck()
    for q in quotes:
        if q.exact in new.text:
            result.verdicts.append(Verdict(curie(q.fact), SUPPORTED, q.exact))
            continue
        at = old.text.find(q.exact)
        was = old.sentence_at(at) if at >= 0 else q.exact
        nearest, score = _nearest(was, new.sentences)
        verdict = CHANGED if score >= NEAR else GONE
        result.verdicts.append(Verdict(curie(q.fact), verdict, q.exact, nearest, score))
    old_sentences = set(old.sentences)
    changed = {v.nearest for v in result.verdicts if v.verdict == CHANGED}
    for sentence in new.sentences:
        quoted = any(q.exact in sentence or sentence in q.exact for q in quotes)
        if sentence not in old_sentences and not quoted and sentence not in changed:
            result.new_sentences.append(sentence)
    return result
