"""A copy of the page "Netzwerke und Kooperationen": its text, sections and sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

from darmstadt_kg import paths
from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["SECTIONS", "Page", "read_page", "shipped_page", "sentences"]

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

# A sentence ends at . ! ? (or a closing quote after one) before a capital or an opening quote,
# not after "Dr." or an initial such as "D."; every line break also ends one.
_SENTENCE_END = re.compile(r"(?<=[.!?“”\"])(?<!Dr\.)(?<!\s[A-Z]\.)\s+(?=[A-ZÄÖÜ„\"])")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each stripped, none empty."""
    found = []
    for line in text.splitlines():
        found += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return found


@dataclass(frozen=True)
class Page:
    """One copy of the page: where it came from and its text."""

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

    def sentence_at(self, offset: int) -> str:
        """The sentence that holds the character at ``offset``."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        line_end = self.text.find("\n", offset)
        line = self.text[line_start : len(self.text) if line_end < 0 else line_end]
        position = line_start
        for part in _SENTENCE_END.split(line):
            start = self.text.find(part, position)
            if start <= offset < start + len(part):
                return part.strip()
            position = start + len(part)
        return line.strip()

    @cached_property
    def sentences(self) -> list[str]:
        return sentences(self.text)


class _Text(HTMLParser):
    """Text of an HTML page: block elements end a line, script and style are skipped."""

    BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n"


def read_page(path: Path) -> Page:
    """Read a copy of the page: plain text as shipped, or an HTML page (its text)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(
            f"{path}: not UTF-8 text — save the page as UTF-8 text or HTML", ExitCode.USAGE
        ) from None
    except OSError as err:
        raise UserError(
            f"{path}: cannot read ({err.strerror or err}) — check the path", ExitCode.NOT_FOUND
        ) from None
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        text = _html_text(text)
    return Page(str(path), text)


def shipped_page() -> Page:
    """The project's own copy (``sources/netzwerke-und-kooperationen.txt``)."""
    from darmstadt_kg.load import display_path

    path = paths.source_page_file()
    try:
        return Page(display_path(path), path.read_text(encoding="utf-8"))
    except OSError as err:
        raise UserError(
            f"{display_path(path)}: cannot read the page copy the quotes are checked against "
            f"({err.strerror or err}) — restore it from version control",
            ExitCode.NOT_FOUND,
        ) from None
