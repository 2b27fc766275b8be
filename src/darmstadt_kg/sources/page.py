"""A copy of the page "Netzwerke und Kooperationen": its text, sections and comparable units.

A *unit* is what ``sources check`` compares: a sentence of the prose, or a line of the address
block (office, address, name, title, phone, e-mail). Units are cut from the normalised text
(``text.normalise``): in the prose the lines of a paragraph are joined first, so the same text
hard-wrapped at any width gives the same sentences; in the address section each line is a
unit, and a line holding several fields (``Telefon … E-Mail …``, ``Postfach … 64225 Darmstadt``)
is cut before each field's label or postcode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from darmstadt_kg import paths
from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.load import display_path
from darmstadt_kg.sources.text import decode, html_text, looks_like_html, normalise

__all__ = [
    "SECTIONS",
    "INTRO",
    "ADDRESS",
    "Unit",
    "Page",
    "place",
    "read_page",
    "shipped_page",
    "sentences",
]

#: The page's section headings (each a line of its own) and the slug of their dkg:SourceSection
#: (``dkr:source-page-<slug>``); the text before the first heading is the introduction.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Internationale Netzwerke", "internationale-netzwerke"),
    ("Internationale Kampagnen", "internationale-kampagnen"),
    ("Europäische Netzwerke", "europaeische-netzwerke"),
    ("Bundesweite Netzwerke", "bundesweite-netzwerke"),
    ("Regionale und lokale Netzwerke", "regionale-und-lokale-netzwerke"),
    ("Adresse", "adresse"),
)
INTRO = "intro"
ADDRESS = "adresse"
_HEADINGS = dict(SECTIONS)

# A sentence ends at . ! ? (or a closing quote after one) before a capital or an opening quote,
# not after "Dr.", an initial such as "D." or a day such as "08." ("vom 08. Juli"), and not
# inside „…“ (a quoted title such as „Städte in der Welt. Impulsgeber …“).
_SENTENCE_END = re.compile(
    r"(?<=[.!?“”\"])(?<!Dr\.)(?<!\s[A-Z]\.)(?<!\b\d\.)(?<!\b\d\d\.)\s+(?=[A-ZÄÖÜ„\"])"
)
# An address line holding several fields is cut before a label or a postcode.
_FIELD_START = re.compile(r" (?=(?:Telefon|Tel\.|Fax|E-Mail|ÖPNV|Postfach)\b|\d{5} \w)")
# The kind of an address line, by its label; a staff member's name is written "Surname, Given".
_FIELDS = (
    (re.compile(r"(?:Telefon|Tel\.)\s*:?\s*"), "phone"),
    (re.compile(r"Fax\s*:?\s*"), "fax"),
    (re.compile(r"E-Mail\s*:?\s*"), "e-mail"),
    (re.compile(r"Partnerstädte\s*:\s*"), "partner cities"),
    (re.compile(r"ÖPNV\s*:?\s*"), "public transport stop"),
    (re.compile(r"Postfach\s*:?\s*"), "post box"),
    (re.compile(r"(?=\d{5} )"), "postcode and town"),
)
# An address line goes on in the next line when it is a label alone ("Telefon:", a <dt> of its
# own) or was wrapped after a comma or a compound's hyphen ("Partnerstädte: Brescia,⏎Freiberg").
_GOES_ON = re.compile(r"(?:Telefon|Tel\.|Fax|E-Mail|ÖPNV|Postfach|Partnerstädte)\s*:?|.*(?:,|\w-)")
_NAME = re.compile(r"[A-ZÄÖÜ][\w'’.-]*(?: [\w'’.-]+)*, [A-ZÄÖÜ][\w'’.-]*(?: [\w'’.-]+)*")


def _split(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph written on one line."""
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(paragraph):
        part = paragraph[start : end.start()]
        if part.count("„") > part.count("“") + part.count("”"):
            continue  # inside a quotation
        spans.append((start, end.start()))
        start = end.end()
    return [*spans, (start, len(paragraph))]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (one paragraph or more, lines joined)."""
    paragraph = " ".join(normalise(text).split())
    return [paragraph[s:e] for s, e in _split(paragraph) if e > s]


@dataclass(frozen=True)
class Unit:
    """One sentence or address line of a copy: its section, text and place in the normalised
    text; an address line also names its field (phone, e-mail, name, title …) and owner (the
    staff member whose block it is in, or the office)."""

    section: str
    text: str
    start: int
    end: int
    field: str = ""
    owner: str = ""

    def value(self) -> str:
        """The text without its field label (``Telefon (06151) 13-2321`` → ``(06151) 13-2321``)."""
        for label, field in _FIELDS:
            if field == self.field:
                return label.sub("", self.text, count=1)
        return self.text

    @property
    def key(self) -> str:
        """What two units must share to be the same: the text without any white space (a
        line broken at a hyphen, „Rheinland-⏎Pfalz“, is the same sentence), and for an address
        line its field and value (``Telefon: …`` is ``Telefon …``)."""
        text = self.value() if self.field else self.text
        return self.field + "|" + re.sub(r"\s+", "", text)


def _address_lines(lines: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """Each address line with the offset of each of its characters: a line that goes on
    (``_GOES_ON``) is joined to the next, a line holding several fields is cut before each."""
    joined: list[tuple[str, list[int]]] = []
    for number, (at, line) in enumerate(lines):
        where = list(range(at, at + len(line)))
        if number and _GOES_ON.fullmatch(lines[number - 1][1]):
            label, label_where = joined.pop()
            line, where = f"{label} {line}", [*label_where, label_where[-1] + 1, *where]
        joined.append((line, where))
    pieces = []
    for line, where in joined:
        cuts = [0, *(c.end() for c in _FIELD_START.finditer(line)), len(line) + 1]
        for start, end in zip(cuts, cuts[1:], strict=False):
            piece = line[start : end - 1] if end <= len(line) else line[start:]
            pieces.append((piece.strip(), where[start : start + len(piece)]))
    return [(piece, where) for piece, where in pieces if piece]


def _address_units(lines: list[tuple[int, str]]) -> list[Unit]:
    units, owner = [], "the office"
    for piece, where in _address_lines(lines):
        field = next((f for label, f in _FIELDS if label.match(piece)), "")
        if not field and _NAME.fullmatch(piece):
            field, owner = "name", piece
        elif not field:
            field = "title" if owner != "the office" else "office or address"
        units.append(Unit(ADDRESS, piece, where[0], where[-1] + 1, field, owner))
    return units


def _prose_units(section: str, lines: list[tuple[int, str]]) -> list[Unit]:
    start = lines[0][0]
    joined = " ".join(line for _at, line in lines)  # same length as the text: "\n" → " "
    return [Unit(section, joined[s:e], start + s, start + e) for s, e in _split(joined) if e > s]


def _heading_lines(lines: list[str]) -> dict[int, str]:
    """Line number → section slug of the lines that open a section. A heading written more than
    once (a saved page's menu, its footer) opens its section where the most text follows it
    before the next heading line; elsewhere it is a line like any other."""
    found = [(n, _HEADINGS[line]) for n, line in enumerate(lines) if line in _HEADINGS]
    ends = [n for n, _slug in found[1:]] + [len(lines)] if found else []
    best: dict[str, tuple[int, int]] = {}
    for (n, slug), end in zip(found, ends, strict=True):
        text = sum(len(line) for line in lines[n + 1 : end])
        if slug not in best or text > best[slug][0]:
            best[slug] = (text, n)
    return {n: slug for slug, (_text, n) in best.items()}


def units_of(norm: str) -> list[Unit]:
    """The units of a normalised text (see the module docstring), in page order."""
    units: list[Unit] = []
    section = INTRO
    lines: list[tuple[int, str]] = []  # of the paragraph, or of the whole address section

    def flush() -> None:
        if lines:
            units.extend(
                _address_units(lines) if section == ADDRESS else _prose_units(section, lines)
            )
            lines.clear()

    at, all_lines = 0, norm.split("\n")
    headings = _heading_lines(all_lines)
    for number, line in enumerate(all_lines):
        if number in headings:
            flush()
            section = headings[number]
        elif line:
            lines.append((at, line))
        elif section != ADDRESS:
            flush()
        at += len(line) + 1
    flush()
    return units


def place(text: str, exact: str, whole: str = "") -> int:
    """Where the quote ``exact`` stands in ``text``, or -1: inside ``whole`` (the quote with its
    prefix and suffix) where that still surrounds it, else at the quote's only occurrence.

    The one rule every reader of quotes uses (``validate`` on the page as shipped, ``sources
    check`` and the coverage count on normalised text): the context only tells apart a quote the
    page holds more than once (five identical e-mail lines); a sentence added next to a quote
    changes its context but not which sentence it quotes. A quote that is absent, or that stands
    more than once with its context gone, is not placed (-1) rather than guessed.
    """
    if not exact:
        return -1
    if whole and whole != exact:
        at = text.find(whole)
        if at >= 0:
            return at + whole.find(exact)
    first = text.find(exact)
    return first if first >= 0 and text.find(exact, first + 1) < 0 else -1


@dataclass(frozen=True)
class Page:
    """One copy of the page: where it came from and its text (HTML already reduced to text)."""

    name: str
    text: str

    @cached_property
    def sections(self) -> dict[str, tuple[int, int]]:
        """Section slug → (start, end) character offsets in ``text``."""
        starts = [(0, INTRO)]
        for heading, slug in SECTIONS:
            found = re.search(rf"(?m)^{re.escape(heading)}[ \t]*$", self.text)
            if found:
                starts.append((found.start(), slug))
        starts.sort()
        ends = [s for s, _ in starts[1:]] + [len(self.text)]
        return {slug: (start, end) for (start, slug), end in zip(starts, ends, strict=True)}

    def section_of(self, offset: int) -> str:
        for slug, (start, end) in self.sections.items():
            if start <= offset < end:
                return slug
        return INTRO

    @cached_property
    def norm(self) -> str:
        """``text`` normalised (``text.normalise``); units point into it."""
        return normalise(self.text)

    @cached_property
    def units(self) -> list[Unit]:
        return units_of(self.norm)

    @cached_property
    def sentences(self) -> list[str]:
        return [u.text for u in self.units]

    def locate(self, exact: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
        """(start, end) of ``exact`` in ``norm``, placed by :func:`place` (context, else its only
        occurrence); None when it is not there or not placeable."""
        quote = normalise(exact).strip()
        at = place(self.norm, quote, normalise(prefix + exact + suffix).strip())
        return (at, at + len(quote)) if at >= 0 else None

    def holds(self, exact: str) -> bool:
        """True when the words of ``exact`` stand somewhere in the page (normalised)."""
        quote = normalise(exact).strip()
        return bool(quote) and quote in self.norm

    def units_between(self, start: int, end: int) -> list[Unit]:
        """The units that overlap ``norm[start:end]``."""
        return [u for u in self.units if u.start < end and start < u.end]


def read_page(path: Path) -> Page:
    """Read a copy of the page: plain text as shipped, or an HTML page (its text), in UTF-8,
    UTF-16 with a byte-order mark, or the charset an HTML page declares."""
    try:
        text = decode(Path(path).read_bytes())
    except UnicodeError as err:
        raise UserError(
            f"{path}: unreadable encoding ({err}) — save the page as UTF-8 text or HTML",
            ExitCode.UNREADABLE,
        ) from None
    except OSError as err:
        raise UserError(
            f"{path}: cannot read ({err.strerror or err}) — check the path", ExitCode.NOT_FOUND
        ) from None
    if looks_like_html(text) or Path(path).suffix.lower() in (".html", ".htm", ".xhtml"):
        text = html_text(text)
    page = Page(str(path), text)
    if not page.units:
        raise UserError(
            f"{path}: no text found — give a copy of the page as text or HTML", ExitCode.UNREADABLE
        )
    return page


def shipped_page() -> Page:
    """The project's own copy (``sources/netzwerke-und-kooperationen.txt``)."""

    path = paths.source_page_file()
    try:
        return Page(display_path(path), path.read_text(encoding="utf-8"))
    except OSError as err:
        raise UserError(
            f"{display_path(path)}: cannot read the page copy the quotes are checked against "
            f"({err.strerror or err}) — restore it from version control",
            ExitCode.NOT_FOUND,
        ) from None
