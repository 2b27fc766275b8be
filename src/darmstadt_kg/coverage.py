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


def _sentence_spans(page: Page) -> list[tuple[str, int, int]]:
    spans, position = [], 0
    for sentence in page.sentences:
        start = page.text.find(sentence, position)
        spans.append((sentence, start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def coverage(store: pyoxigraph.Store, page: Page | None = None) -> SentenceCoverage:
    """Count the fact-bearing sentences of ``page`` (default: the shipped copy) that the quotes
    in ``store`` cover in whole."""
    from darmstadt_kg.sources import quotes_in, shipped_page

    page = shipped_page() if page is None else page
    covered = bytearray(len(page.text))
    for quote in quotes_in(store):
        at = quote.found_in(page)
        if at >= 0:
            covered[at : at + len(quote.exact)] = b"\x01" * len(quote.exact)
    non_fact = non_fact_sentences()
    spans = _sentence_spans(page)
    fact_bearing = [(s, a, b) for s, a, b in spans if s not in non_fact]
    unquoted = [
        s
        for s, a, b in fact_bearing
        if not all(covered[i] or not page.text[i].isalnum() for i in range(a, b))
    ]
    present = {s for s, _, _ in spans}
    return SentenceCoverage(
        quoted=len(fact_bearing) - len(unquoted),
        total=len(fact_bearing),
        unquoted=unquoted,
        stale=[s for s in non_fact if s not in present],
    )
