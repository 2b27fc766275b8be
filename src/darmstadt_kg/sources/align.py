"""Align the units (sentences, address lines; see ``page``) of the shipped copy with a newer
copy and give each old unit its verdict.

*supported*: the same unit (its text compared without white space; an address line by field
and value) in the same section; *moved*: the same unit in another section; *changed*: a unit of
the new copy at least ``NEAR`` alike stands in its place; *gone*: none does. The units are
matched in four steps: in page order (``difflib`` over the sequence of units, so a line that
occurs several times, the e-mail address of each staff member, is judged in its own place);
by the same text elsewhere (moved or reordered); across line breaks (a unit broken over several
lines, lines run together, a sentence now inside a longer one); by similarity, first within the
stretch of the page that changed, then anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darmstadt_kg.sources.page import Page, Unit

__all__ = [
    "SUPPORTED",
    "MOVED",
    "CHANGED",
    "GONE",
    "SEVERITY",
    "NEAR",
    "WORDS",
    "WITHIN",
    "Judged",
    "judge_units",
]

SUPPORTED, MOVED, CHANGED, GONE = "supported", "moved", "changed", "gone"
#: How bad a verdict is: a fact takes the worst verdict of the units its quote covers.
SEVERITY = {SUPPORTED: 0, MOVED: 1, GONE: 2, CHANGED: 3}
NEAR = 0.6  # the least similarity (difflib ratio) for a sentence to count as the changed one
WORDS = 0.3  # the least share of words two sentences must have in common to be compared at all
WITHIN = 20  # the least length of a sentence found inside a longer one of the new copy


@dataclass(frozen=True)
class Judged:
    """The verdict on one unit of the shipped copy; for *changed* and *moved*, the unit of the
    new copy that stands in its place."""

    unit: Unit
    verdict: str
    now: Unit | None = None
    similarity: float = 1.0

    def differences(self) -> list[tuple[str, str]]:
        """(words then, words now) for each run of words that differ, in sentence order."""
        if self.now is None or self.verdict != CHANGED:
            return []
        was, now = self.unit.text.split(), self.now.text.split()
        matcher = SequenceMatcher(None, was, now, autojunk=False)
        return [
            (" ".join(was[i1:i2]), " ".join(now[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    def what(self) -> str:
        """What became of the unit, in words: for an address line, the field and whose it is
        ("phone of Kuz, Julia changed from … to …")."""
        unit = self.unit
        if self.verdict == MOVED:
            return f"from section {unit.section} to {self.now.section}"
        if unit.field:
            whose = "staff name" if unit.field == "name" else f"{unit.field} of {unit.owner}"
            if self.verdict == GONE:
                return f"{whose} gone: «{unit.value()}»"
            if self.verdict == CHANGED:
                return f"{whose} changed from «{unit.value()}» to «{self.now.value()}»"
        if self.verdict == CHANGED:
            return "; ".join(
                f"«{a}» → «{b}»" if a and b else f"«{a}» deleted" if a else f"«{b}» added"
                for a, b in self.differences()
            )
        return self.verdict


def _ratio(a: str, b: str) -> float:
    """difflib's similarity of two units' characters; 0 at once for sentences of four words or
    more that share less than a third of their words (most pairs, when a page changed much)."""
    words_a, words_b = a.split(), b.split()
    if min(len(words_a), len(words_b)) >= 4:
        if SequenceMatcher(None, words_a, words_b, autojunk=False).ratio() < WORDS:
            return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR:
        return 0.0
    return matcher.ratio()


def _pair(old: list[Unit], new: list[Unit], olds: list[int], news: set[int]) -> dict[int, int]:
    """Pair old with new units by similarity (at least ``NEAR``), the most alike first."""
    scored = sorted(
        ((_ratio(old[i].text, new[j].text), i, j) for i in olds for j in news),
        key=lambda s: (-s[0], abs(s[1] - s[2])),
    )
    pairs: dict[int, int] = {}
    for score, i, j in scored:
        if score >= NEAR and i not in pairs and j in news:
            pairs[i] = j
            news.discard(j)
    return pairs


def _flat(unit: Unit) -> str:
    return "".join(unit.text.split())


def _rejoin(a: list[Unit], b: list[Unit], same: dict[int, int], free: set[int]) -> None:
    """Match a unit broken over several lines of the other copy (an address line wrapped, two
    lines run together): its text without white space equals the run of consecutive unmatched
    units. Adds to ``same`` (old → first new unit) and takes the new units from ``free``."""
    lost = [i for i in range(len(a)) if i not in same]
    for i in lost:  # one old unit, several new ones
        for j in sorted(free):
            run, k = "", j
            while k in free and len(run) < len(_flat(a[i])):
                run, k = run + _flat(b[k]), k + 1
            if k - j > 1 and run == _flat(a[i]):
                same[i] = j
                free.difference_update(range(j, k))
                break
    for j in sorted(free):  # several old units, one new one
        for i in (i for i in lost if i not in same):
            run, m = "", i
            while m < len(a) and m not in same and len(run) < len(_flat(b[j])):
                run, m = run + _flat(a[m]), m + 1
            if m - i > 1 and run == _flat(b[j]):
                same.update(dict.fromkeys(range(i, m), j))
                free.discard(j)
                break


def _within(a: list[Unit], b: list[Unit], same: dict[int, int], free: set[int]) -> None:
    """Match an old sentence that is now part of a longer unit (two paragraphs of a text copy
    run together, a sentence boundary lost): its text without white space is inside the new
    unit's. The new unit stays free: what else it holds may be changed or new."""
    for i in (i for i in range(len(a)) if i not in same and not a[i].field):
        if len(_flat(a[i])) >= WITHIN:
            near = sorted(free, key=lambda j: abs(j - i))
            inside = [j for j in near if _flat(a[i]) in _flat(b[j])]
            if inside:
                same[i] = inside[0]


def _without(unit: Unit, others: list[str]) -> Unit:
    """``unit`` without the unchanged sentences it begins or ends with (``_within``)."""
    text = unit.text
    for other in others:
        if text.startswith(other):
            text = text[len(other) :].lstrip()
        elif text.endswith(other):
            text = text[: -len(other)].rstrip()
    return unit if text == unit.text else replace(unit, text=text)


def judge_units(old: Page, new: Page) -> tuple[list[Judged], list[Unit]]:
    """The verdict on every unit of ``old`` and the units of ``new`` that take no old one's
    place (the new sentences)."""
    a, b = old.units, new.units
    same: dict[int, int] = {}
    blocks = []
    opcodes = SequenceMatcher(None, [u.key for u in a], [u.key for u in b], autojunk=False)
    for tag, i1, i2, j1, j2 in opcodes.get_opcodes():
        if tag == "equal":
            same.update(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            blocks.append((list(range(i1, i2)), set(range(j1, j2))))
    free = set(range(len(b))) - set(same.values())
    for i in (i for i in range(len(a)) if i not in same):  # moved or reordered: the same text
        there = sorted((j for j in free if b[j].key == a[i].key), key=lambda j: abs(j - i))
        if there:
            same[i] = there[0]
            free.discard(there[0])
    _rejoin(a, b, same, free)
    _within(a, b, same, free)
    alike: dict[int, int] = {}
    for olds, news in blocks:  # a sentence changed in its place
        alike.update(_pair(a, b, [i for i in olds if i not in same], news & free))
        free -= set(alike.values())
    alike.update(_pair(a, b, [i for i in range(len(a)) if i not in same | alike], free))
    judged = []
    for i, unit in enumerate(a):
        if i in same:
            now = b[same[i]]
            verdict = SUPPORTED if now.section == unit.section else MOVED
            judged.append(Judged(unit, verdict, now))
        elif i in alike:
            now = _without(b[alike[i]], [a[k].text for k, j in same.items() if j == alike[i]])
            judged.append(Judged(unit, CHANGED, now, _ratio(unit.text, now.text)))
        else:
            judged.append(Judged(unit, GONE, None, 0.0))
    return judged, [u for j, u in enumerate(b) if j in free]
