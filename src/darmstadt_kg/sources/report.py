"""The report of ``sources check``: lines for a person, or one JSON document for a program."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.sources.align import CHANGED, GONE, MOVED, SUPPORTED

if TYPE_CHECKING:
    from darmstadt_kg.sources.align import Judged
    from darmstadt_kg.sources.recheck import FactVerdict, Recheck

__all__ = ["VERDICTS", "text_lines", "summary", "as_json"]

VERDICTS = (SUPPORTED, CHANGED, MOVED, GONE)
_INDENT = " " * 11


def _details(judged: Judged) -> list[str]:
    """The indented lines under a verdict: the sentence then, now, and what differs."""
    unit = judged.unit
    if judged.verdict == SUPPORTED:
        return []
    lines = [f"{_INDENT}then    ({unit.section}) «{unit.text}»"]
    if judged.now is not None:
        percent = int(judged.similarity * 100)  # rounded down: 99.6 % is not "100 % alike"
        alike = f" — {percent}% alike" if judged.verdict == CHANGED else ""
        lines.append(f"{_INDENT}now     ({judged.now.section}) «{judged.now.text}»{alike}")
    else:
        lines.append(f"{_INDENT}now     no sentence of the new copy is close")
    if judged.what() != judged.verdict:
        lines.append(f"{_INDENT}what    {judged.what()}")
    return lines


def _fact_lines(fact: FactVerdict) -> list[str]:
    if fact.verdict == SUPPORTED:
        return [f"{SUPPORTED:<11}{fact.fact}"]
    lines = [f"{fact.verdict:<11}{fact.fact}: quote «{fact.exact}»"]
    for judged in fact.units:
        lines += _details(judged)
    if not fact.units:
        lines.append(f"{_INDENT}the quote is not in the shipped copy and not in the new one")
    return lines


def text_lines(result: Recheck) -> list[str]:
    """The report for a person: every fact, then each unquoted sentence that is not supported,
    then the new sentences, then the summary."""
    lines = []
    for fact in result.facts:
        lines += _fact_lines(fact)
    for judged in result.unquoted:
        if judged.verdict != SUPPORTED:
            what = "an address line" if judged.unit.field else "a sentence"
            lines.append(f"{judged.verdict:<11}{what} no fact quotes yet")
            lines += _details(judged)
    for unit in result.new_sentences:
        lines.append(f"{'new':<11}({unit.section}) «{unit.text}»")
    lines.append(summary(result))
    return lines


def summary(result: Recheck) -> str:
    facts = ", ".join(f"{result.count(v)} {v}" for v in VERDICTS)
    others = ", ".join(f"{result.count_unquoted(v)} {v}" for v in VERDICTS if v != SUPPORTED)
    return (
        f"{len(result.facts)} facts: {facts}; sentences no fact quotes: {others}; "
        f"{len(result.new_sentences)} new sentence(s)"
    )


def _unit(judged: Judged) -> dict:
    unit, now = judged.unit, judged.now
    found = {"verdict": judged.verdict, "section": unit.section, "sentence": unit.text}
    if unit.field:
        found |= {"field": unit.field, "owner": unit.owner}
    if judged.verdict != SUPPORTED:
        found["now"] = None if now is None else {"section": now.section, "sentence": now.text}
        found["what"] = judged.what()
    if judged.verdict == CHANGED:
        found["similarity"] = round(judged.similarity, 3)
        found["differences"] = [{"then": a, "now": b} for a, b in judged.differences()]
    return found


def as_json(result: Recheck, old: str, new: str, exit_code: int) -> dict:
    """The whole report as one JSON-ready dict (every fact, the unquoted sentences that are
    not supported, the new sentences, the counts and the exit code)."""
    return {
        "shipped": old,
        "page": new,
        "exit": exit_code,
        "counts": {
            "facts": {v: result.count(v) for v in VERDICTS},
            "unquoted": {v: result.count_unquoted(v) for v in VERDICTS},
            "new": len(result.new_sentences),
        },
        "facts": [
            {
                "fact": f.fact,
                "verdict": f.verdict,
                "section": f.section,
                "quote": f.exact,
                "sentences": [_unit(j) for j in f.units],
            }
            for f in result.facts
        ],
        "unquoted": [_unit(j) for j in result.unquoted if j.verdict != SUPPORTED],
        "new": [{"section": u.section, "sentence": u.text} for u in result.new_sentences],
    }
