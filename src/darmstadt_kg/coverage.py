"""How many of the page's fact-bearing sentences and address lines the graph's quotes cover.

M, the fact-bearing sentences/lines, is the page's sentences (``darmstadt_kg.sources.page``'s
splitter; every line break ends one, so each address line counts) minus the reviewed list of
non-fact sentences in ``sources/non-fact-sentences.txt``. A sentence is quoted when the quotes
(``oa:TextQuoteSelector``, found with their prefix and suffix) together cover every letter and
digit of it: a sentence whose other fact lies outside its quotes counts as unquoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from darmstadt_kg import paths
from darmstadt_kg.sources import quotes_in, shipped_page

if TYPE_CHECKING:
    import pyoxigraph

    from darmstadt_kg.sources import Page

__all__ = ["SentenceCoverage", "coverage", "non_fact_sentences"]


@dataclass(frozen=True)
class SentenceCoverage:
    """N of M fact-bearing sentences quoted, the unquoted ones, and stale non-fact entries."""

    quoted: int
    total: int
    unquoted: list[str]
    stale: list[str]

    def line(self) -> str:
        return f"{self.quoted} of {self.total} fact-bearing sentences/lines quoted"


def non_fact_sentences() -> list[str]:
    """The entries of ``sources/non-fact-sentences.txt`` (comments and blank lines skipped)."""
    lines = paths.non_fact_sentences_file().read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def coverage(store: pyoxigraph.Store, page: Page | None = None) -> SentenceCoverage:
    """Count the fact-bearing sentences and address lines of ``page`` (default: the shipped
    copy) that the quotes in ``store`` cover in whole. Sentences and lines are the page's units
    (:mod:`darmstadt_kg.sources.page`, the splitter ``sources check`` compares by), quotes are
    placed as ``sources check`` places them (:meth:`~darmstadt_kg.sources.page.Page.locate`),
    both in the page's normalised text; a unit counts as quoted when every letter and digit of
    it lies inside a quote."""

    page = shipped_page() if page is None else page
    text = page.norm
    covered = bytearray(len(text))
    for quote in quotes_in(store):
        span = page.locate(quote.exact, quote.prefix, quote.suffix)
        if span is not None:
            covered[span[0] : span[1]] = b"\x01" * (span[1] - span[0])
    non_fact = non_fact_sentences()
    fact_bearing = [u for u in page.units if u.text not in non_fact]
    unquoted = [
        u.text
        for u in fact_bearing
        if not all(covered[i] or not text[i].isalnum() for i in range(u.start, u.end))
    ]
    present = {u.text for u in page.units}
    return SentenceCoverage(
        quoted=len(fact_bearing) - len(unquoted),
        total=len(fact_bearing),
        unquoted=unquoted,
        stale=[s for s in non_fact if s not in present],
    )
